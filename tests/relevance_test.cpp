// Ranking quality on the judged queries of tests/relevance/judgments.json: mean reciprocal rank of
// the first relevant paragraph and recall in the first ten, overall, per use case and per
// language. Prints every query's figures; fails below the thresholds set from measurement.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "corpus_fixture.h"
#include "analysis/schema.h"
#include "indexer/corpus_indexer.h"
#include "searcher/search_error.h"
#include "searcher/searcher.h"

namespace palermo {
namespace {

// Measured on the seed corpus (66 queries: 24 topic, 20 protocol, 22 lookup; 33 Spanish, 33
// English), see the README, "Ranking quality": MRR 0.970, recall@10 0.726 overall; topic
// 1.000 / 0.624, protocol 0.950 / 0.688, lookup 0.955 / 0.871; Spanish 0.955 / 0.692, English
// 0.985 / 0.760. The thresholds sit a little below, so a regression fails; raise them as ranking
// improves (more cross-language terms, "resolution N párrafo M").
//
// Issue 14 (subjects) added 20 topic queries whose words are not the paragraphs' own ("donor
// funding", "police cooperation", "asistencia legislativa", "qué decidió la Conferencia sobre la
// asistencia técnica") and re-judged t01/t02 to the whole 6/4 annex, as t19 was: 86 queries, MRR
// 0.969, recall@10 0.800; topic 0.989 / 0.828. Then the other-language versions of the best
// matches (searcher/parallel_versions.h), subjects under two broader ones (financial
// investigations, supply chains) and, in the relaxed pass, any subject read: MRR 0.969, recall@10
// 0.891; topic 0.989 / 0.941, protocol 0.942 / 0.765, lookup 0.955 / 0.905. The topic thresholds
// are the issue's: recall@10 0.9 with MRR 0.95.
constexpr double kMinMrr = 0.95;
constexpr double kMinRecallAt10 = 0.87;
constexpr double kMinTopicRecallAt10 = 0.90;
constexpr double kMinTopicMrr = 0.95;
constexpr std::size_t kCutoff = 10;

struct Judged {
  std::string id, use_case, lang, query;
  std::map<std::string, std::vector<std::string>> filters;
  std::vector<std::string> relevant;  // most relevant first; measured as a set
};

// Reads the file; any malformed entry is a failure naming it (an exception from json::at or get
// names the missing or mistyped field).
std::vector<Judged> load_judgments(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  const nlohmann::json all = nlohmann::json::parse(in);
  if (!all.is_array()) throw std::runtime_error(path + ": expected an array of queries");
  std::vector<Judged> out;
  for (const nlohmann::json& j : all) {
    Judged q;
    q.id = j.at("id").get<std::string>();
    q.use_case = j.at("use_case").get<std::string>();
    q.lang = j.at("lang").get<std::string>();
    q.query = j.at("query").get<std::string>();
    if (j.contains("filters")) q.filters = j.at("filters").get<std::map<std::string, std::vector<std::string>>>();
    q.relevant = j.at("relevant").get<std::vector<std::string>>();
    out.push_back(std::move(q));
  }
  return out;
}

// Every problem of the set itself, one line each; empty when the set is sound.
std::vector<std::string> validate(const std::vector<Judged>& judged, Searcher& searcher) {
  std::vector<std::string> errors;
  auto error = [&](const std::string& id, const std::string& what) { errors.push_back(id + ": " + what); };
  if (judged.size() < 40) error("judgments", "only " + std::to_string(judged.size()) + " queries, at least 40 wanted");
  std::set<std::string> ids, cases;
  const std::set<std::string> use_cases{"topic", "protocol", "lookup"}, langs{"es", "en"};
  for (const Judged& q : judged) {
    if (!ids.insert(q.id).second) error(q.id, "duplicate query id");
    if (!use_cases.count(q.use_case)) error(q.id, "unknown use_case \"" + q.use_case + "\"");
    if (!langs.count(q.lang)) error(q.id, "unknown lang \"" + q.lang + "\"");
    cases.insert(q.use_case + "/" + q.lang);
    if (q.query.empty() && q.filters.empty()) error(q.id, "neither query nor filters");
    for (const auto& [name, values] : q.filters) {
      if (!schema::facet(name)) error(q.id, "unknown filter \"" + name + "\"");
      if (values.empty()) error(q.id, "filter \"" + name + "\" without values");
    }
    if (q.relevant.empty()) error(q.id, "no relevant paragraph");
    std::set<std::string> seen;
    for (const std::string& p : q.relevant) {
      if (!seen.insert(p).second) error(q.id, "relevant paragraph listed twice: " + p);
      try {
        searcher.paragraph(p, "es");
      } catch (const SearchError&) {
        error(q.id, "relevant paragraph not in the index: " + p);
      }
    }
  }
  for (const auto& u : use_cases) {
    for (const auto& l : langs) {
      if (!cases.count(u + "/" + l)) error("judgments", "no " + u + " query in " + l);
    }
  }
  return errors;
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
  const std::vector<Judged> judged = load_judgments(PALERMO_SOURCE_DIR "/tests/relevance/judgments.json");
  testing::TempDir tmp;
  Analyzer analyzer(testing::analysis_options());
  CorpusIndexer indexer(testing::domain(), analyzer);
  IndexOptions options;
  options.corpus = testing::corpus_dir();
  options.db = tmp.path() / "db";
  indexer.run(options);
  Searcher searcher(options.db, testing::domain(), testing::analysis_options());

  // The set itself must be sound before its figures mean anything.
  const std::vector<std::string> errors = validate(judged, searcher);
  std::string report;
  for (const std::string& e : errors) report += "\n  " + e;
  ASSERT_TRUE(errors.empty()) << "tests/relevance/judgments.json:" << report;

  Means overall;
  std::map<std::string, Means> by_case, by_lang;
  std::printf("%-4s %-8s %-2s %5s %6s  %s\n", "id", "use", "la", "RR", "R@10", "query");
  for (const Judged& q : judged) {
    SearchRequest request;
    request.query = q.query;
    request.filters = q.filters;
    request.size = static_cast<int>(kCutoff);
    const SearchResult result = searcher.search(request);
    const std::set<std::string> relevant(q.relevant.begin(), q.relevant.end());
    double rr = 0;
    std::size_t found = 0;
    for (std::size_t rank = 0; rank < result.hits.size() && rank < kCutoff; ++rank) {
      if (!relevant.count(result.hits[rank].paragraph.id)) continue;
      if (rr == 0) rr = 1.0 / static_cast<double>(rank + 1);
      ++found;
    }
    const double recall = static_cast<double>(found) / static_cast<double>(std::min(kCutoff, relevant.size()));
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
  EXPECT_GE(by_case["topic"].mean_recall(), kMinTopicRecallAt10);
  EXPECT_GE(by_case["topic"].mrr(), kMinTopicMrr);
}

}  // namespace
}  // namespace palermo
