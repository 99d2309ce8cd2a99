// A Database made of several shards (a Xapian stub file listing them) answers as the single index
// over the same corpus: document records, counts, documents and citations come from every shard,
// not from the first one's metadata (issue 10's records for scale-out; the sharded indexer and
// remote shards build on this).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "analysis/records.h"
#include "corpus_fixture.h"
#include "indexer/corpus_indexer.h"
#include "searcher/result_json.h"
#include "searcher/searcher.h"

namespace palermo {
namespace {

using testing::TempDir;

void index_folder(const std::filesystem::path& corpus, const std::filesystem::path& db) {
  Analyzer analyzer(testing::analysis_options());
  CorpusIndexer indexer(testing::domain(), analyzer);
  IndexOptions options;
  options.corpus = corpus;
  options.db = db;
  indexer.run(options);
}

// The corpus in two shards, both language versions of a document in the same one, and the same
// corpus as one index.
class TwoShards : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path all = tmp_.path() / "all";
    testing::copy_corpus(all);
    for (const auto& e : std::filesystem::directory_iterator(all)) {
      const std::string name = e.path().filename().string();
      const bool second = name.starts_with("resolution-10-3") || name.starts_with("cop7-");
      const std::filesystem::path to = tmp_.path() / (second ? "b" : "a") / name;
      std::filesystem::create_directories(to.parent_path());
      std::filesystem::copy_file(e.path(), to);
    }
    index_folder(all, tmp_.path() / "single");
    index_folder(tmp_.path() / "a", tmp_.path() / "shard-a");
    index_folder(tmp_.path() / "b", tmp_.path() / "shard-b");
    std::ofstream(tmp_.path() / "stub") << "auto " << (tmp_.path() / "shard-a").string() << "\nauto "
                                        << (tmp_.path() / "shard-b").string() << "\n";
    single_ = std::make_unique<Searcher>(tmp_.path() / "single", testing::domain(), testing::analysis_options());
    sharded_ = std::make_unique<Searcher>(tmp_.path() / "stub", testing::domain(), testing::analysis_options());
  }

  TempDir tmp_;
  std::unique_ptr<Searcher> single_;
  std::unique_ptr<Searcher> sharded_;
};

TEST_F(TwoShards, CountsEveryShardsDocumentsAndParagraphs) {
  const IndexStats single = single_->stats();
  const IndexStats sharded = sharded_->stats();
  EXPECT_EQ(single.documents, 10u);
  EXPECT_EQ(sharded.documents, 10u);
  EXPECT_EQ(sharded.paragraphs, single.paragraphs);
}

TEST_F(TwoShards, ReadsADocumentOfTheSecondShardWithItsCounterpartAndCitations) {
  // resolution 10/3 is in the second shard; the documents citing it are in both.
  for (const std::string id : {"resolution-10-3.en", "cop7-note-technical-assistance.es", "resolution-6-4.es"}) {
    const nlohmann::json single = to_json(single_->document(id, "en"));
    const nlohmann::json sharded = to_json(sharded_->document(id, "en"));
    EXPECT_EQ(sharded, single) << id;
  }
  EXPECT_EQ(sharded_->document("resolution-10-3.en", "en").counterpart, "resolution-10-3.es");
  EXPECT_EQ(sharded_->document("resolution-10-3.es", "es").document.number, "10/3");
}

TEST_F(TwoShards, AnswersSearchesWithTheSameHitsTotalsAndFacets) {
  const std::vector<std::pair<std::string, std::map<std::string, std::vector<std::string>>>> table = {
      {"asistencia técnica", {}},
      {"technical assistance", {{"kind", {"recommendation"}}}},
      {"", {{"type", {"resolution"}}, {"lang", {"en"}}}},
      {"resolution 6/4", {}},
      {"trata de personas", {{"session", {"10"}}}},
      {"-protocolo", {{"lang", {"es"}}}},
  };
  for (const auto& [query, filters] : table) {
    SearchRequest request;
    request.query = query;
    request.filters = filters;
    request.size = 50;
    nlohmann::json single = to_json(single_->search(request));
    nlohmann::json sharded = to_json(sharded_->search(request));
    single.erase("took_ms");
    sharded.erase("took_ms");
    EXPECT_EQ(sharded, single) << query << "\n" << nlohmann::json::diff(single, sharded).dump();
  }
}

}  // namespace
}  // namespace palermo
