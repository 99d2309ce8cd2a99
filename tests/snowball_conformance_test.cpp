// Measures the analysis pipeline against Snowball's reference vocabulary, through a real index and
// the real query path (QueryPlan parsed and compiled by the searcher's QueryBuilder):
//  (1) for every word w, a query for w with its accents stripped matches a paragraph holding w;
//  (2) words that Snowball's reference output gives the same stem match each other;
//  (3) the pair metric: for every pair (w1, w2) with the same reference stem, the query
//      strip_accents(w1) matches the paragraph holding only w2 (an accentless query finds every
//      inflection the accented one finds).
// Prints the figures, and for scale the two naive pipelines the issue compares against.
#include <gtest/gtest.h>
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/schema.h"
#include "searcher/query_builder.h"
#include "analysis/text.h"
#include "analysis/tokenizer.h"

namespace palermo {
namespace {

struct Vocabulary {
  std::vector<std::string> words;
  std::vector<std::string> reference_stems;
  std::size_t not_words = 0;
};

Vocabulary read_vocabulary(const std::string& lang_dir) {
  const std::string dir = std::string(PALERMO_TEST_DATA_DIR) + "/snowball/" + lang_dir;
  std::ifstream voc(dir + "/voc.txt"), out(dir + "/output.txt");
  Vocabulary v;
  std::string w, s;
  WordTokenizer tokenizer;
  while (std::getline(voc, w) && std::getline(out, s)) {
    // English voc.txt lists bare apostrophes ("'", "''"): not words, nothing a paragraph can hold.
    if (tokenizer.words(w).empty()) {
      ++v.not_words;
      continue;
    }
    v.words.push_back(w);
    v.reference_stems.push_back(s);
  }
  return v;
}

struct Figures {
  std::size_t words = 0, accented = 0, not_words = 0;
  std::size_t accentless_found = 0;       // (1)
  std::size_t conflation_kept = 0;        // (2)
  std::size_t naive_strip_first_kept = 0; // baseline for (2): stem(strip(w))
  std::size_t naive_stem_first_missed = 0;// baseline for (1): accented words that fold(stem(w)) loses
  std::size_t pairs = 0, pairs_found = 0;   // (3)
  std::size_t accented_pairs = 0, accented_pairs_found = 0;  // (3) for accented w1 only
};

Figures measure(const std::string& lang, const std::string& lang_dir) {
  const Vocabulary v = read_vocabulary(lang_dir);
  EXPECT_GT(v.words.size(), 10000u) << "reference vocabulary missing for " << lang_dir;
  AnalysisOptions options;
  options.stopwords_dir = PALERMO_SOURCE_DIR "/stopwords";
  Analyzer analyzer(options);

  // One paragraph per word, indexed exactly as the indexer does it.
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const std::string& w : v.words) {
    Xapian::Document doc;
    Xapian::termpos pos = 1;
    analyzer.index_text(w, lang, doc, pos);
    doc.add_boolean_term(schema::filter_term(*schema::facet("lang"), lang));
    db.add_document(doc);  // docid = line number + 1
  }
  QueryBuilder builder(analyzer, db, {});
  Xapian::Enquire enquire(db);
  auto matches = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.filters["lang"] = {lang};
    enquire.set_query(builder.build(builder.plan(request), request).query);
    std::vector<bool> hit(v.words.size() + 1);
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) hit[*it] = true;
    return hit;
  };

  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < v.words.size(); ++i) groups[v.reference_stems[i]].push_back(i);

  Figures f;
  f.words = v.words.size();
  f.not_words = v.not_words;
  for (std::size_t i = 0; i < v.words.size(); ++i) {
    const std::string& w = v.words[i];
    const std::string stripped = strip_accents(w);
    const bool accented = stripped != w;
    f.accented += accented;
    if (matches(stripped)[i + 1]) {  // (1)
      ++f.accentless_found;
    } else if (i - f.accentless_found < 10) {  // show the first few misses
      std::cout << "[" << lang << "] not found by its accentless form: " << w << "\n";
    }

    const auto stripped_hits = matches(stripped);
    for (std::size_t j : groups[v.reference_stems[i]]) {
      ++f.pairs;
      f.pairs_found += stripped_hits[j + 1];
      if (accented) {
        ++f.accented_pairs;
        f.accented_pairs_found += stripped_hits[j + 1];
      } 
      if (!stripped_hits[j + 1] && f.pairs - f.pairs_found <= 10) {
        std::cout << "[" << lang << "] pair missed: " << stripped << " (for " << w << ") does not find " << v.words[j] << "\n";
      }
    }

    const auto hits = matches(w);
    bool kept = true, naive_kept = true;
    const WordTerms mine = analyzer.word_terms(stripped, lang);
    for (std::size_t j : groups[v.reference_stems[i]]) {
      kept = kept && hits[j + 1];
      naive_kept = naive_kept && analyzer.word_terms(strip_accents(v.words[j]), lang).stem == mine.stem;
    }
    f.conflation_kept += kept;
    f.naive_strip_first_kept += naive_kept;
    if (accented && analyzer.word_terms(stripped, lang).stem != analyzer.word_terms(w, lang).stem) {
      ++f.naive_stem_first_missed;
    }
  }
  return f;
}

double percent(std::size_t part, std::size_t whole) { return whole == 0 ? 100.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole); }

void report(const std::string& lang, const Figures& f) {
  std::cout << "[" << lang << "] words " << f.words << ", accented " << f.accented << ", entries without a word skipped " << f.not_words << "\n"
            << "[" << lang << "] (1) accentless query finds the word:      " << percent(f.accentless_found, f.words)
            << "% (" << f.accentless_found << "/" << f.words << ")\n"
            << "[" << lang << "] (2) Snowball conflation kept:            " << percent(f.conflation_kept, f.words)
            << "% (" << f.conflation_kept << "/" << f.words << ")\n"
            << "[" << lang << "] (3) pair metric, accentless w1 finds w2: " << percent(f.pairs_found, f.pairs) << "% ("
            << f.pairs_found << "/" << f.pairs << "); with an accented w1: " << percent(f.accented_pairs_found, f.accented_pairs)
            << "% (" << f.accented_pairs_found << "/" << f.accented_pairs << ")\n"
            << "[" << lang << "]     baseline strip-then-stem keeps:      "
            << percent(f.naive_strip_first_kept, f.words) << "%\n"
            << "[" << lang << "]     baseline stem-then-strip misses (1): "
            << (f.accented == 0 ? std::string("n/a (no accented words)") : std::to_string(percent(f.naive_stem_first_missed, f.accented)) + "% of accented words") << "\n";
}

TEST(SnowballConformance, Spanish) {
  const Figures f = measure("es", "spanish");
  report("es", f);
  EXPECT_EQ(f.accentless_found, f.words);
  EXPECT_GE(percent(f.conflation_kept, f.words), 99.5);
  EXPECT_GE(percent(f.pairs_found, f.pairs), 99.5);
}

TEST(SnowballConformance, English) {
  const Figures f = measure("en", "english");
  report("en", f);
  EXPECT_EQ(f.accentless_found, f.words);
  EXPECT_GE(percent(f.conflation_kept, f.words), 99.5);
  EXPECT_GE(percent(f.pairs_found, f.pairs), 99.5);
}

}  // namespace
}  // namespace palermo
