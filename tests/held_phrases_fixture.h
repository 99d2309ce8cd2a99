// What the held-phrase tests check a phrase term against, written once for
// indexed_phrases_test.cpp and indexed_phrases_attack_test.cpp.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/indexed_phrases.h"
#include "analysis/schema.h"

namespace palermo::testing {

// The count of paragraphs where a phrase's stems stand at consecutive positions, by Xapian's
// OP_PHRASE over the positional stem terms.
inline Xapian::doccount by_positions(const Xapian::Database& db, const PhraseStems& stems) {
  std::vector<Xapian::Query> words;
  for (const std::string& s : stems) words.emplace_back(std::string(schema::kStemPrefix) + s);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), static_cast<Xapian::termcount>(words.size())));
  return enquire.get_mset(0, db.get_doccount()).size();
}

// The phrases of a recorded list (the index's kPhrasesKey metadata), read here as the format says
// (a header line, then a phrase a line, its stems separated by spaces), apart from
// IndexedPhrases::from_metadata, which the tests check against it.
inline std::vector<PhraseStems> recorded_phrases(const std::string& recorded) {
  std::vector<PhraseStems> out;
  for (std::size_t start = recorded.find('\n'); start != std::string::npos;) {
    const std::size_t end = recorded.find('\n', start + 1);
    const std::string line = recorded.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
    start = end;
    PhraseStems stems;
    for (std::size_t at = 0; at <= line.size();) {
      const std::size_t space = std::min(line.find(' ', at), line.size());
      stems.push_back(line.substr(at, space - at));
      at = space + 1;
    }
    out.push_back(std::move(stems));
  }
  return out;
}

}  // namespace palermo::testing
