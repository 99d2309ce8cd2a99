// Ranking quality on the judged queries of tests/relevance/judgments.json: mean reciprocal rank of
// the first relevant paragraph and recall in the first ten, overall, per use case and per
// language. Prints every query's figures; fails below the thresholds set from measurement.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "corpus_fixture.h"
#include "indexer/corpus_indexer.h"
#include "searcher/searcher.h"

namespace palermo {
namespace {

// Measured on the seed corpus when the set was written (see the README, "Ranking quality"):
// MRR 0.990, recall@10 0.751 (48 queries). Raise them as ranking improves; a drop below fails.
constexpr double kMinMrr = 0.95;
constexpr double kMinRecallAt10 = 0.72;
constexpr std::size_t kCutoff = 10;

struct Judged {
  std::string id, use_case, lang, query;
  std::map<std::string, std::vector<std::string>> filters;
  std::set<std::string> relevant;
};

std::vector<Judged> load_judgments() {
  std::ifstream in(PALERMO_SOURCE_DIR "/tests/relevance/judgments.json");
  const nlohmann::json all = nlohmann::json::parse(in);
  std::vector<Judged> out;
  for (const nlohmann::json& j : all) {
    Judged q{j.at("id"), j.at("use_case"), j.at("lang"), j.at("query"), {}, {}};
    if (j.contains("filters")) q.filters = j.at("filters").get<std::map<std::string, std::vector<std::string>>>();
    for (const auto& id : j.at("relevant")) q.relevant.insert(id.get<std::string>());
    out.push_back(std::move(q));
  }
  return out;
}

struct Means {
  double rr = 0, recall = 0;
  int n = 0;
  void add(double r, double c) {
    rr += r;
    recall += c;
    ++n;
  }
  double mrr() const { return n ? rr / n : 0; }
  double mean_recall() const { return n ? recall / n : 0; }
};

TEST(Relevance, JudgedQueriesRankTheirParagraphsFirst) {
  const std::vector<Judged> judged = load_judgments();
  testing::TempDir tmp;
  Analyzer analyzer(testing::analysis_options());
  CorpusIndexer indexer(testing::domain(), analyzer);
  IndexOptions options;
  options.corpus = testing::corpus_dir();
  options.db = tmp.path() / "db";
  indexer.run(options);
  Searcher searcher(options.db, testing::domain(), testing::analysis_options());

  // The set itself: enough queries, unique ids, both languages in every use case, real paragraphs.
  ASSERT_GE(judged.size(), 40u);
  std::set<std::string> ids, cases;
  for (const Judged& q : judged) {
    EXPECT_TRUE(ids.insert(q.id).second) << "duplicate query id " << q.id;
    cases.insert(q.use_case + "/" + q.lang);
    EXPECT_FALSE(q.relevant.empty()) << q.id;
    for (const std::string& p : q.relevant) {
      EXPECT_NO_THROW(searcher.paragraph(p, "es")) << q.id << " names a paragraph the corpus does not have: " << p;
    }
  }
  for (const char* use_case : {"topic", "protocol", "lookup"}) {
    for (const char* lang : {"es", "en"}) EXPECT_TRUE(cases.count(std::string(use_case) + "/" + lang)) << use_case << " " << lang;
  }

  Means overall;
  std::map<std::string, Means> by_case, by_lang;
  std::printf("%-4s %-8s %-2s %5s %6s  %s\n", "id", "use", "la", "RR", "R@10", "query");
  for (const Judged& q : judged) {
    SearchRequest request;
    request.query = q.query;
    request.filters = q.filters;
    request.size = static_cast<int>(kCutoff);
    const SearchResult result = searcher.search(request);
    double rr = 0;
    std::size_t found = 0;
    for (std::size_t rank = 0; rank < result.hits.size(); ++rank) {
      if (!q.relevant.count(result.hits[rank].paragraph.id)) continue;
      if (rr == 0) rr = 1.0 / static_cast<double>(rank + 1);
      ++found;
    }
    const double recall = static_cast<double>(found) / static_cast<double>(std::min(kCutoff, q.relevant.size()));
    overall.add(rr, recall);
    by_case[q.use_case].add(rr, recall);
    by_lang[q.lang].add(rr, recall);
    std::printf("%-4s %-8s %-2s %5.2f %6.2f  %s\n", q.id.c_str(), q.use_case.c_str(), q.lang.c_str(), rr, recall,
                q.query.c_str());
  }
  std::printf("\n%-16s %5s %9s %4s\n", "", "MRR", "recall@10", "n");
  std::printf("%-16s %5.3f %9.3f %4d\n", "overall", overall.mrr(), overall.mean_recall(), overall.n);
  for (const auto& [name, m] : by_case) std::printf("%-16s %5.3f %9.3f %4d\n", name.c_str(), m.mrr(), m.mean_recall(), m.n);
  for (const auto& [name, m] : by_lang) std::printf("%-16s %5.3f %9.3f %4d\n", name.c_str(), m.mrr(), m.mean_recall(), m.n);
  EXPECT_GE(overall.mrr(), kMinMrr);
  EXPECT_GE(overall.mean_recall(), kMinRecallAt10);
}

}  // namespace
}  // namespace palermo
