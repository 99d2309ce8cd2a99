// Parallel versions: where a document exists in two languages (`<name>.es`, `<name>.en`), each
// paragraph has a counterpart, the paragraph with the same anchor in the other version. The two
// say the same thing in other words, so a paragraph whose counterpart holds the query's words is
// found too, just after it: the glossary translates only the field's terms ("asistencia
// técnica"), and "estrategias de todo el gobierno" would otherwise never reach "whole-of-government
// strategies".
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palermo {

// The one rule of counterparts, for the ranking below, the cards' "other language" link and the
// document view. The names the other-language versions of the document `document_id` would have
// (it ends in ".<lang>" for a lang of `languages`): the same name with each other language,
// preferred first: "resolution-6-4.es" -> {"resolution-6-4.en"}. Empty otherwise. No lookup:
// callers check the index in bulk or remember the answer (a lookup is a round trip per remote shard).
std::vector<std::string> counterpart_document_names(std::string_view document_id, const std::vector<std::string>& languages);

// The counterpart of the paragraph `paragraph_id` ("<document id>:<anchor>") in the document
// `counterpart_document`: the same anchor. "resolution-6-4.en", "resolution-6-4.es:a-i" ->
// "resolution-6-4.en:a-i". No lookup.
std::string counterpart_paragraph_name(std::string_view counterpart_document, std::string_view paragraph_id);

// The first of counterpart_document_names the index holds, or nullopt.
std::optional<std::string> counterpart_document_id(const Xapian::Database& db, std::string_view document_id,
                                                   const std::vector<std::string>& languages);

// The counterpart of the paragraph `paragraph_id` ("<document id>:<anchor>", its document id
// ending in ".<lang>" for a lang of `languages`) in another language of `languages`, when the
// index holds it: "resolution-6-4.es:a-i" -> "resolution-6-4.en:a-i". nullopt otherwise.
std::optional<std::string> counterpart_paragraph_id(const Xapian::Database& db, std::string_view paragraph_id,
                                                    const std::vector<std::string>& languages);

struct ParallelVersionOptions {
  std::size_t best = 100;  // how many of the best-ranked matches lend their weight to their counterparts
  double weight = 0.7;     // a counterpart's fixed score, times its version's (as glossary equivalents)
};

// The matches whose best lend their weight. Each function builds its queries afresh at each call
// (posting sources keep their state, so a query is run once).
struct BestMatches {
  std::function<Xapian::Query()> query;  // the matches
  // Optional: queries matching disjoint sets of paragraphs (one per language) that together, weight
  // for weight, are `query`. Xapian 1.4 checks a phrase's positions only for a candidate to the
  // best when no OR is above it; under an OR (a phrase and its glossary translations, the
  // languages' branches) it checks every match: the best of each part is the cheaper way.
  std::function<std::vector<Xapian::Query>()> parts;
};

// The counterparts (in `languages`) of the `options.best` best-ranked paragraphs `matched` finds
// in `db`, each with the fixed score that, added to its own weight in `matched`, makes it
// `options.weight` times its version's (none when its own is already higher): OR-ed with a query
// weighting as `matched` does, a counterpart scores the better of the two. (Not OP_MAX: Xapian
// 1.4.22 loses the words' weight under it beside a fixed-score source, as in the citation tiers.)
// An empty query when no counterpart gains. A few matches of their own: the best, one query for
// which candidates exist, one for the counterparts' own weights; no per-paragraph lookups.
Xapian::Query counterparts_of_best(const Xapian::Database& db, const BestMatches& matched, const std::vector<std::string>& languages,
                                   const ParallelVersionOptions& options);

}  // namespace palermo
