// A sharded index (palermo-index --shards) answers exactly as the single index over the same
// corpus: through its stub of local shards, and through a stub of remote shards each served by
// Debian's xapian-tcpsrv on loopback; results, their order, scores, totals, every facet count
// (disjunctive ones included), snippets, counterparts, cited-by, suggestions and documents. A
// shard that dies gives a 503-class error naming it, or with ShardFailure::answer_partially an
// answer marked partial; a shard coming back is used again without a new pool.
#include <gtest/gtest.h>
#include <cstdio>
#include <malloc.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <fstream>
#include <iterator>

#include "analysis/records.h"
#include "analysis/schema.h"
#include "corpus_fixture.h"
#include "index_folder.h"
#include "indexer/corpus_indexer.h"
#include "indexer/shard_set.h"
#include "searcher/result_json.h"
#include "searcher/searcher.h"
#include "searcher/searcher_pool.h"
#include "server_process.h"
#include "tcpsrv_process.h"
#include "counting_proxy.h"
#include "searcher/result_export.h"

namespace palermo {
namespace {

using testing::TempDir;
using testing::index_folder;
using testing::as_shards;
using testing::rebuilding;

struct Case {
  std::string query;
  std::map<std::string, std::vector<std::string>> filters;
  SortOrder sort = SortOrder::relevance;
  Grouping group = Grouping::paragraphs;
  bool cross_language = true;
};

// Plain words, both languages, citations, phrases, exclusions, filters alone, a filter whose
// facet is counted disjunctively, two filters, a subject reading, paging, grouping, date order.
const std::vector<Case>& table() {
  static const std::vector<Case> cases = {
      {"asistencia técnica", {}},
      {"technical assistance", {{"kind", {"recommendation"}}}},
      {"", {{"type", {"resolution"}}, {"lang", {"en"}}}},
      {"resolution 6/4", {}},
      {"decisión 3/1", {}},
      {"\"trata de personas\"", {{"session", {"10", "7"}}}},
      {"-protocolo", {{"lang", {"es"}}}},
      {"recomendaciones sobre asistencia técnica", {}},
      // Words read as a subject: the single index counts those holding the words
      // (all_words_total) in the pass that ranks or counts (branch_count.h), the shards by a
      // match of the words alone; each way the passes can take.
      {"trata de personas", {}},
      {"trata de personas", {{"body", {"WG.4"}}}},
      {"trata de personas", {}, SortOrder::relevance, Grouping::paragraphs, false},
      {"trata de personas", {{"lang", {"en"}}}, SortOrder::date},
      {"trata de personas", {{"kind", {"operative"}}}, SortOrder::relevance, Grouping::documents},
      // The README's own example and an English reading: each subject's sources, a paragraph
      // scoring its best (once under OP_MAX, which crashed over three local shards).
      {"qué decidió la Conferencia sobre la trata de personas", {}},
      {"human trafficking", {{"lang", {"en"}}}},
      // A phrase, no subject read nor filter: the versions matching on their own score their own
      // weight plus their lift on the single index, without a match of the query with the versions.
      {"\"trata de personas\"", {}},
      {"\"technical assistance\"", {}},
      {"cooperación internacional", {{"body", {"WG.2", "WG.3"}}, {"kind", {"narrative"}}}},
      {"migrantes OR armas", {}},
      {"Convention", {}, SortOrder::date},
      // By date, paragraphs of equal date (a document and its other-language version, dated
      // alike) once followed docids, which the layouts number differently: filters alone score
      // every paragraph alike, so nothing else told them apart (issue 11, F7).
      {"", {{"type", {"resolution"}}}, SortOrder::date},
      {"", {{"kind", {"operative", "recommendation"}}}, SortOrder::date},
      {"asistencia técnica", {}, SortOrder::date},
      {"protocolo", {}, SortOrder::date, Grouping::documents},
      {"asistencia", {}, SortOrder::relevance, Grouping::documents},
      // Misspelt: the spelling suggestion (over remote shards from the shards' copies of their
      // spelling tables, QA finding F13 of issue 11).
      {"trtaa", {}},
      {"asistensia tecnica", {}},
      // Two edits away, one an accent: Xapian's own suggestion over local shards missed it (a
      // third QA of issue 11, F2).
      {"tecnika", {}},
      {"asistensia tecnika", {}},
      // Wildcards, expanded over the whole index, not per shard with each shard's statistics (F1).
      {"coopera*", {}},
      {"asist* migrantes", {}},
      {"técnic*", {{"lang", {"en"}}}},
  };
  return cases;
}

nlohmann::json answer(Searcher& searcher, const Case& c, int page) {
  SearchRequest request;
  request.query = c.query;
  request.filters = c.filters;
  request.sort = c.sort;
  request.group = c.group;
  request.cross_language = c.cross_language;
  request.page = page;
  request.size = 20;
  nlohmann::json j = to_json(searcher.search(request));
  j.erase("took_ms");
  // Scores to 10 significant digits: a score of three or more weights (words, subject, a
  // version's lift) is a sum whose last bits follow the order Xapian adds them in, which its
  // posting-list tree, and so the layout, decides. Order and every other field stay exact.
  for (nlohmann::json& r : j["results"]) {
    if (r.contains("score")) {
      char digits[32];
      std::snprintf(digits, sizeof digits, "%.10g", r["score"].get<double>());
      r["score"] = std::stod(digits);
    }
  }
  return j;
}

class Sharding : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    testing::copy_corpus(corpus());
    index_folder(corpus(), tmp_->path() / "single");
    index_folder(corpus(), tmp_->path() / "sharded", as_shards(2));
    index_folder(corpus(), tmp_->path() / "sharded3", as_shards(3));
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  static std::filesystem::path corpus() { return tmp_->path() / "corpus"; }
  static std::filesystem::path path(const std::string& name) { return tmp_->path() / name; }

  // Every answer of the table through `sharded` equals the single index's.
  static void expect_same_answers(Searcher& single, Searcher& sharded) {
    for (const Case& c : table()) {
      for (int page : {1, 2}) {
        const nlohmann::json want = answer(single, c, page);
        const nlohmann::json got = answer(sharded, c, page);
        EXPECT_EQ(got, want) << c.query << " page " << page << "\n" << nlohmann::json::diff(want, got).dump();
      }
    }
    for (const std::string id : {"resolution-10-3.en", "cop7-note-technical-assistance.es", "resolution-6-4.es"}) {
      EXPECT_EQ(to_json(sharded.document(id, "en")), to_json(single.document(id, "en"))) << id;
    }
    for (const std::string id : {"resolution-6-4.es:2", "resolution-10-3.es:s21", "cop7-note-technical-assistance.es:3"}) {
      EXPECT_EQ(to_json(sharded.paragraph(id, "es")), to_json(single.paragraph(id, "es"))) << id;
    }
    for (const std::string prefix : {"asist", "CTOC/COP", "traf", "6/"}) {
      EXPECT_EQ(to_json(sharded.suggest(prefix)), to_json(single.suggest(prefix))) << prefix;
    }
    EXPECT_EQ(sharded.stats().documents, single.stats().documents);
    EXPECT_EQ(sharded.stats().paragraphs, single.stats().paragraphs);
  }

  static TempDir* tmp_;
};
TempDir* Sharding::tmp_ = nullptr;

TEST_F(Sharding, WritesTwoShardsAndAStubEveryDocumentWholeInOne) {
  const std::filesystem::path db = path("sharded");
  ASSERT_TRUE(std::filesystem::exists(db / "XAPIANDB"));
  Xapian::Database first((db / "shard-00").string());
  Xapian::Database second((db / "shard-01").string());
  EXPECT_EQ(document_count(first) + document_count(second), 10u);
  EXPECT_GT(document_count(first), 0u);
  EXPECT_GT(document_count(second), 0u);
  // A document's paragraphs and record are in one shard: its record's shard holds all of them.
  for (const Xapian::Database* shard : {&first, &second}) {
    const std::string term(schema::kRecordTerm);
    for (auto it = shard->postlist_begin(term); it != shard->postlist_end(term); ++it) {
      const DocumentRecord record = nlohmann::json::parse(record_of(shard->get_document(*it))).get<DocumentRecord>();
      EXPECT_EQ(shard->get_termfreq(std::string(schema::kDocumentIdPrefix) + record.id), record.paragraphs) << record.id;
    }
  }
  // Every commit names the same revision in every shard.
  EXPECT_EQ(index_revision(first), index_revision(second));
}

TEST_F(Sharding, AnIncrementalRunKeepsTheLayoutAndAChangeOfCountNeedsARebuild) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  index_folder(tmp.path() / "corpus", tmp.path() / "db", as_shards(2));
  std::filesystem::remove(tmp.path() / "corpus" / "resolution-6-4.en.md");
  const IndexSummary second = index_folder(tmp.path() / "corpus", tmp.path() / "db");
  EXPECT_EQ(second.removed, 1u);
  EXPECT_EQ(second.documents_total, 9u);
  EXPECT_EQ(ShardSet::layout_of(tmp.path() / "db").shards, 2u);
  try {
    index_folder(tmp.path() / "corpus", tmp.path() / "db", as_shards(3));
    FAIL() << "a change of shard count without --rebuild was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "the index at " + (tmp.path() / "db").string() +
                                         " has 2 shard(s); to make it 3, run palermo-index --rebuild --shards 3");
  }
  // A single index split by a rebuild.
  const IndexSummary split = index_folder(tmp.path() / "corpus", tmp.path() / "db", rebuilding(4));
  EXPECT_EQ(split.documents_total, 9u);
  EXPECT_EQ(ShardSet::layout_of(tmp.path() / "db").shards, 4u);
}

// A stub edited by hand no longer matches the shards: refused before anything is written (QA
// finding F4 of issue 11: documents were written again into other shards, twice the results).
TEST_F(Sharding, AStubEditedByHandIsRefusedBeforeAnythingIsWritten) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  index_folder(tmp.path() / "corpus", tmp.path() / "db", as_shards(2));
  std::ofstream(tmp.path() / "db" / "XAPIANDB", std::ios::app) << "auto shard-02\n";
  try {
    index_folder(tmp.path() / "corpus", tmp.path() / "db");
    FAIL() << "indexed through a stub listing three shards of a two-shard index";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), (tmp.path() / "db" / "XAPIANDB").string() +
                                         " lists 3 shards, but shard-00 was written as one of 2: restore the stub "
                                         "palermo-index wrote, or rebuild with --rebuild --shards N");
  }
  EXPECT_EQ(paragraph_count(Xapian::Database((tmp.path() / "db" / "shard-00").string())) +
                paragraph_count(Xapian::Database((tmp.path() / "db" / "shard-01").string())),
            Searcher(path("single"), testing::domain(), testing::analysis_options()).stats().paragraphs);
}

// --db naming a stub file of remote shards: refused, the stub kept (QA finding F17 of issue 11:
// a rebuild replaced it with a local index).
TEST_F(Sharding, AStubFileAsTheIndexIsRefusedAndKept) {
  TempDir tmp;
  const std::string stub = "remote 127.0.0.1:3300\nremote 127.0.0.1:3301\n";
  testing::write_file(tmp.path() / "shards.stub", stub);
  for (bool rebuild : {false, true}) {
    EXPECT_THROW(index_folder(corpus(), tmp.path() / "shards.stub", rebuild ? rebuilding() : IndexOptions{}), std::runtime_error);
    std::ifstream in(tmp.path() / "shards.stub");
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), stub);
  }
}

// A --shards run stopped while it creates the shards (here: shard-01 cannot be created) has
// already written its stub, so a rerun without --shards keeps the layout asked for; shard
// folders left without a stub (by an older palermo-index) are refused with advice instead of a
// single index being built beside them (QA finding F2 of issue 11).
TEST_F(Sharding, ARunStoppedWhileCreatingShardsLeavesTheLayoutDecided) {
  TempDir tmp;
  std::filesystem::create_directories(tmp.path() / "db");
  testing::write_file(tmp.path() / "db" / "shard-01", "in the way");
  EXPECT_ANY_THROW(index_folder(corpus(), tmp.path() / "db", as_shards(3)));
  std::filesystem::remove(tmp.path() / "db" / "shard-01");
  const IndexSummary rerun = index_folder(corpus(), tmp.path() / "db");
  EXPECT_EQ(ShardSet::layout_of(tmp.path() / "db").shards, 3u);
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "db" / "iamglass"));
  EXPECT_EQ(rerun.documents_total, 10u);

  std::filesystem::create_directories(tmp.path() / "orphans");
  Xapian::WritableDatabase((tmp.path() / "orphans" / "shard-00").string(), Xapian::DB_CREATE_OR_OPEN).close();
  try {
    index_folder(corpus(), tmp.path() / "orphans");
    FAIL() << "indexed as one database beside shard folders";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "the index at " + (tmp.path() / "orphans").string() +
                                         " holds shard folders but no stub (XAPIANDB): a run with --shards stopped "
                                         "before writing it; run palermo-index --rebuild --shards N");
  }
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "orphans" / "iamglass"));
}

// A shard folder that went missing is created again and its documents indexed from the corpus,
// and the run says so (QA finding F5); a killed rebuild's copy is removed by the next run, which
// says so (F15); --shards out of range is refused before anything is created (F15: an empty lock
// file was left behind).
TEST_F(Sharding, AnIncrementalRunSaysWhatItMended) {
  TempDir tmp;
  index_folder(corpus(), tmp.path() / "db", as_shards(2));
  std::filesystem::remove_all(tmp.path() / "db" / "shard-01");
  std::filesystem::create_directories(tmp.path() / "db.rebuild" / "shard-00");
  const IndexSummary mended = index_folder(corpus(), tmp.path() / "db");
  EXPECT_EQ(mended.documents_total, 10u);
  EXPECT_EQ(mended.notes, (std::vector<std::string>{
                              "removed " + (tmp.path() / "db.rebuild").string() + ", left by a rebuild that was stopped",
                              (tmp.path() / "db" / "shard-01").string() +
                                  " was missing: created empty, its documents indexed again from the corpus"}));
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "db.rebuild"));
  Searcher sharded(tmp.path() / "db", testing::domain(), testing::analysis_options());
  EXPECT_EQ(sharded.stats().paragraphs, Searcher(path("single"), testing::domain(), testing::analysis_options()).stats().paragraphs);

  for (std::size_t shards : {std::size_t{0}, ShardLayout::kMaxShards + 1}) {
    try {
      index_folder(corpus(), tmp.path() / "new", as_shards(shards));
      FAIL() << shards << " shards accepted";
    } catch (const std::runtime_error& e) {
      EXPECT_EQ(std::string(e.what()), "--shards must be 1..256, not " + std::to_string(shards));
    }
  }
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "new.lock"));
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "new"));
}

// A stub file edited in place (a shard line appended: same inode) is followed by a running pool,
// as a stub replaced by mv is (QA finding F15 of issue 11: still answered from one shard).
TEST_F(Sharding, AStubEditedInPlaceIsFollowed) {
  TempDir tmp;
  // A stub of one small index, then edited to list the two shards of the whole corpus.
  std::filesystem::create_directories(tmp.path() / "one");
  std::filesystem::copy_file(corpus() / "resolution-6-4.es.md", tmp.path() / "one" / "resolution-6-4.es.md");
  index_folder(tmp.path() / "one", tmp.path() / "small");
  const std::filesystem::path stub = tmp.path() / "hand.stub";
  std::ofstream(stub) << "auto " << (tmp.path() / "small").string() << "\n";
  SearcherPool pool(stub, testing::domain(), testing::analysis_options(), PoolOptions{.cached_answers = 0});
  const auto paragraphs = [&] { return pool.run([](Searcher& s) { return s.stats().paragraphs; }); };
  const std::size_t one = paragraphs();
  {
    std::fstream edited(stub, std::ios::in | std::ios::out);  // the same file (inode), rewritten
    edited << "auto " << (path("sharded") / "shard-00").string() << "\nauto " << (path("sharded") / "shard-01").string() << "\n";
  }
  const std::size_t both = Searcher(path("single"), testing::domain(), testing::analysis_options()).stats().paragraphs;
  ASSERT_LT(one, both);
  EXPECT_EQ(paragraphs(), both);
}

// What opening a Searcher on `db` says when it refuses (no_index), or "opened".
// A stub's own faults are bad_stub; a shard folder missing is no_index.
std::string refusal_of(const std::filesystem::path& db, SearchError::Code code = SearchError::Code::bad_stub) {
  try {
    Searcher searcher(db, testing::domain(), testing::analysis_options());
  } catch (const SearchError& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    return std::string(e.what());
  }
  return std::string("opened");
}

// A --shards run killed while Glass created a shard leaves its folder with flintlock, v.tmp and
// empty tables but no iamglass: the next run creates it again as it does a missing one (a second
// QA of issue 11, N12: refused with the advice to rebuild). A folder holding more is left alone.
TEST_F(Sharding, AShardWhoseCreationWasStoppedIsCreatedAgain) {
  TempDir tmp;
  index_folder(corpus(), tmp.path() / "db", as_shards(2));
  const std::filesystem::path shard = tmp.path() / "db" / "shard-01";
  std::filesystem::remove_all(shard);
  std::filesystem::create_directories(shard);
  for (const char* name : {"flintlock", "termlist.glass", "postlist.glass"}) testing::write_file(shard / name, "");
  testing::write_file(shard / "v.tmp", "glass version being written");
  const IndexSummary mended = index_folder(corpus(), tmp.path() / "db");
  EXPECT_EQ(mended.notes, (std::vector<std::string>{shard.string() +
                                                    " held a shard whose creation was stopped (no iamglass, nothing "
                                                    "committed): created again, its documents indexed from the corpus"}));
  EXPECT_EQ(mended.documents_total, 10u);
  EXPECT_TRUE(std::filesystem::exists(shard / "iamglass"));
  EXPECT_FALSE(std::filesystem::exists(shard / "v.tmp"));
  Searcher single(path("single"), testing::domain(), testing::analysis_options());
  Searcher sharded(tmp.path() / "db", testing::domain(), testing::analysis_options());
  expect_same_answers(single, sharded);

  // A table holding blocks without iamglass is not a creation stopped: nothing is removed.
  std::filesystem::remove(shard / "iamglass");
  const auto size = std::filesystem::file_size(shard / "postlist.glass");
  ASSERT_GT(size, 0u);
  EXPECT_ANY_THROW(index_folder(corpus(), tmp.path() / "db"));
  EXPECT_EQ(std::filesystem::file_size(shard / "postlist.glass"), size);
}

// A stub edited badly while serving: the layout opened before keeps answering, said in the log
// and in /api/health and /metrics, until the stub is mended (a second QA of issue 11, N9: ignored
// without a word). serve refuses to start on a bad stub as query does (it answered every request
// 503 "no index is available yet; try again later").
TEST_F(Sharding, AStubEditedBadlyWhileServingIsSaidAndServeRefusesOne) {
  TempDir tmp;
  const std::filesystem::path stub = tmp.path() / "hand.stub";
  const std::string good = "auto " + (path("sharded") / "shard-00").string() + "\nauto " + (path("sharded") / "shard-01").string() + "\n";
  std::ofstream(stub) << good;
  testing::ServerProcess server(stub, tmp.path() / "log");
  httplib::Client c("127.0.0.1", server.port());
  auto before = c.Get("/api/search?q=asistencia");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200);
  const auto total = nlohmann::json::parse(before->body).at("total");
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("\npalermo_index_stale 0\n"), std::string::npos) << metrics->body;
  // The stub file alone was counted (0 bytes for a stub file): the local shards' files now.
  const auto size_at = metrics->body.find("\npalermo_index_size_bytes ");
  ASSERT_NE(size_at, std::string::npos);
  EXPECT_GT(std::stoull(metrics->body.substr(size_at + 26)), 100000u) << metrics->body.substr(size_at, 60);

  { std::ofstream(stub, std::ios::app) << "remote 127.0.0.1:33421:5\n"; }
  auto during = c.Get("/api/search?q=asistencia");
  ASSERT_TRUE(during);
  EXPECT_EQ(during->status, 200);
  EXPECT_EQ(nlohmann::json::parse(during->body).at("total"), total);
  auto health = c.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(nlohmann::json::parse(health->body).at("status"), "stale") << health->body;
  metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("\npalermo_index_stale 1\n"), std::string::npos) << metrics->body;
  EXPECT_NE(server.log_text().find("palermo-search: warning: the index as it is now cannot be opened, so the revision opened "
                                   "before answers: " + stub.string() + ": the line \"remote 127.0.0.1:33421:5\" is not remote HOST:PORT"),
            std::string::npos)
      << server.log_text();

  std::ofstream(stub) << good;
  health = c.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(nlohmann::json::parse(health->body).at("status"), "ok") << health->body;
  EXPECT_NE(server.log_text().find("palermo-search: the index opens again as it is now\n"), std::string::npos) << server.log_text();
  server.stop();

  std::ofstream(stub) << "# nothing yet\n";
  const std::string command = "timeout 20 " + std::string(PALERMO_SEARCH_BIN) + " serve --data-dir " PALERMO_SOURCE_DIR " --web-dir none --port 0 --db " +
                              stub.string() + " 2>" + (tmp.path() / "refused").string() + " >/dev/null";
  const int status = std::system(command.c_str());
  EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 3);
  std::ifstream refused(tmp.path() / "refused");
  const std::string said(std::istreambuf_iterator<char>(refused), {});
  EXPECT_NE(said.find("palermo-search serve: " + stub.string() +
                      " lists no shard: list the index's shards, one line each (auto PATH or remote HOST:PORT)\n"),
            std::string::npos)
      << said;
}

// A stub naming a shard twice would count its answers twice; one listing some of the shards
// would answer from part of the index with "ok" (a second QA of issue 11, N5: 6 of 10 documents
// served after a --rebuild --shards 3 under a stub of 2). Refused, naming the shard.
TEST_F(Sharding, AStubMustListEveryShardOfTheIndexOnce) {
  TempDir tmp;
  const std::string first = "auto " + (path("sharded") / "shard-00").string();
  const std::string second = "auto " + (path("sharded") / "shard-01").string();
  const std::filesystem::path stub = tmp.path() / "hand.stub";
  std::ofstream(stub) << first << "\n" << second << "\n" << first << "\n";
  EXPECT_EQ(refusal_of(stub), stub.string() + " lists 3 shards, but \"" + first + "\" was written as one of 2: list every shard of the index, once");
  std::ofstream(stub) << first << "\n";
  EXPECT_EQ(refusal_of(stub), stub.string() + " lists 1 shard, but \"" + first + "\" was written as one of 2: list every shard of the index, once");
  std::ofstream(stub) << first << "\n" << first << "\n";
  EXPECT_EQ(refusal_of(stub), stub.string() + " lists one shard twice (\"" + first + "\" and \"" + first +
                               "\"): its answers would count twice; list every shard once");
  std::ofstream(stub) << second << "\n" << first << "\n";  // another order is the same index
  EXPECT_EQ(refusal_of(stub), "opened");
}

// A missing shard folder, or a stub line palermo-search cannot read, is named with the cause, not
// "no index ... Couldn't stat" (QA findings F5 and F15 of issue 11).
TEST_F(Sharding, AMissingShardOrABadStubLineIsNamed) {
  TempDir tmp;
  std::filesystem::copy(path("sharded"), tmp.path() / "db", std::filesystem::copy_options::recursive);
  std::filesystem::remove_all(tmp.path() / "db" / "shard-01");
  EXPECT_EQ(refusal_of(tmp.path() / "db", SearchError::Code::no_index), "the shard " + (tmp.path() / "db" / "shard-01").string() + " of the index at " +
                                            (tmp.path() / "db").string() +
                                            " is missing; restore it, or rebuild the index with palermo-index --rebuild");
  const std::filesystem::path stub = tmp.path() / "typo.stub";
  for (const auto& [line, why] : std::vector<std::pair<std::string, std::string>>{
           {"remote 127.0.0.1:notaport", "has a port that is not a number 1..65535"},
           {"remote 127.0.0.1:0", "has a port that is not a number 1..65535"},
           {"remote :33421", "is not remote HOST:PORT"},
           // Looked up as host "127.0.0.1:33421", or "[::1]": "cannot be reached; try again later"
           // (a second QA of issue 11, N9).
           {"remote 127.0.0.1:33421:5", "is not remote HOST:PORT (one port, and a host name or an IPv4 address: Xapian's remote backend does not reach IPv6 addresses)"},
           {"remote [::1]:33421", "is not remote HOST:PORT (one port, and a host name or an IPv4 address: Xapian's remote backend does not reach IPv6 addresses)"},
           // A stub listing a stub, or the folder of a sharded index: "cannot be read (Permission denied)".
           {"auto " + (tmp.path() / "db" / "XAPIANDB").string(), "names a stub, not a shard folder: list that stub's shard lines here instead"},
           {"auto db", "names a stub, not a shard folder: list that stub's shard lines here instead"},
           {"inmemory", "is none of \"auto PATH\", \"glass PATH\", \"remote HOST:PORT\""}}) {
    std::ofstream(stub) << "auto db/shard-00\n" << line << "\n";
    EXPECT_EQ(refusal_of(stub), stub.string() + ": the line \"" + line + "\" " + why);
  }
  // A stub without a shard line is not an empty index "built with other analysis settings
  // (analysis.version is \"\")".
  std::ofstream(stub) << "# nothing yet\n";
  EXPECT_EQ(refusal_of(stub), stub.string() + " lists no shard: list the index's shards, one line each (auto PATH or remote HOST:PORT)");
  // Xapian's own word for a Glass folder is read as auto is (README "Scaling out").
  std::ofstream(stub) << "glass db/shard-00\n";
  EXPECT_EQ(refusal_of(stub), stub.string() + " lists 1 shard, but \"glass db/shard-00\" was written as one of 2: list every shard of the index, once");
}

// An incremental run that indexes a document again gives its paragraphs new docids, after its
// other-language version's: sorted by date, the two (dated alike) were then listed the other way
// round from an index built at once (issue 11, F7). The order is the same whatever the history.
TEST_F(Sharding, AnIncrementalRunKeepsTheDateOrder) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  for (const std::optional<std::size_t> shards : {std::optional<std::size_t>(), std::optional<std::size_t>(2)}) {
    const std::filesystem::path db = tmp.path() / (shards ? "sharded" : "single");
    index_folder(tmp.path() / "corpus", db, as_shards(shards));
    // Each English document read again (a blank line added: the same paragraphs).
    for (const auto& e : std::filesystem::directory_iterator(tmp.path() / "corpus")) {
      if (e.path().string().ends_with(".en.md")) std::ofstream(e.path(), std::ios::app) << "\n";
    }
    ASSERT_EQ(index_folder(tmp.path() / "corpus", db).indexed, 5u);
    Searcher fresh(path(shards ? "sharded" : "single"), testing::domain(), testing::analysis_options());
    Searcher again(db, testing::domain(), testing::analysis_options());
    for (const Case& c : table()) {
      if (c.sort != SortOrder::date) continue;
      for (int page : {1, 2}) {
        const nlohmann::json want = answer(fresh, c, page);
        const nlohmann::json got = answer(again, c, page);
        EXPECT_EQ(got, want) << c.query << " page " << page << "\n" << nlohmann::json::diff(want, got).dump();
      }
    }
  }
}

TEST_F(Sharding, AStubOfLocalShardsAnswersAsTheSingleIndex) {
  Searcher single(path("single"), testing::domain(), testing::analysis_options());
  Searcher sharded(path("sharded"), testing::domain(), testing::analysis_options());
  expect_same_answers(single, sharded);
}

// Three shards: a subject reading crashed Xapian 1.4.22 there (use after free under OP_MAX of
// fixed-weight sources: subject_query.cpp), with crosslang on, on the README's own example (a
// tester of issue 10); two shards did not show it.
TEST_F(Sharding, AStubOfThreeLocalShardsAnswersAsTheSingleIndex) {
  // Freed memory filled with a byte pattern (glibc), so that a read after free fails here rather
  // than reading what was there by luck.
  mallopt(M_PERTURB, 0x5a);
  Searcher single(path("single"), testing::domain(), testing::analysis_options());
  Searcher sharded(path("sharded3"), testing::domain(), testing::analysis_options());
  expect_same_answers(single, sharded);
  mallopt(M_PERTURB, 0);  // the process's other tests as they were
}

// Past the best matches whose other-language versions are lent weight (the first 100): one index
// ranks the page with the versions from its one pass (searcher.cpp, page_with_versions), the
// shards with the versions in the query; deep pages agree with each other, and with the shards.
TEST_F(Sharding, PagesPastTheBestMatchesAreOneRanking) {
  Searcher single(path("single"), testing::domain(), testing::analysis_options());
  Searcher sharded(path("sharded"), testing::domain(), testing::analysis_options());
  using Filters = std::map<std::string, std::vector<std::string>>;
  auto ids = [](Searcher& s, const std::string& q, const Filters& filters, int page, int size) {
    SearchRequest request;
    request.query = q;
    request.filters = filters;
    request.page = page;
    request.size = size;
    std::vector<std::string> out;
    for (const SearchHit& hit : s.search(request).hits) out.push_back(hit.paragraph.id + " " + std::to_string(hit.score));
    return out;
  };
  // Unfiltered, the page comes from the pass's own ranking; filtered, from its spy over the
  // matches that pass (the versions of the unfiltered best ranked in with the filters).
  for (const Filters& filters : {Filters{}, Filters{{"lang", {"en"}}}, Filters{{"kind", {"operative", "preambular"}}, {"session", {"6", "10"}}}}) {
    for (const std::string q : {"la", "trata", "asistencia técnica"}) {
      std::vector<std::string> by_20, by_100;
      for (int page = 1; page <= 8; ++page) {
        const std::vector<std::string> one = ids(single, q, filters, page, 20);
        EXPECT_EQ(ids(sharded, q, filters, page, 20), one) << q << " page " << page << " filters " << filters.size();
        by_20.insert(by_20.end(), one.begin(), one.end());
      }
      for (int page = 1; page <= 2; ++page) {
        const std::vector<std::string> one = ids(single, q, filters, page, 100);
        by_100.insert(by_100.end(), one.begin(), one.end());
      }
      if (by_100.size() > by_20.size()) by_100.resize(by_20.size());
      if (filters.empty()) EXPECT_GT(by_20.size(), 100u) << q;
      EXPECT_GT(by_20.size(), 20u) << q << " filters " << filters.size();
      EXPECT_EQ(by_20, by_100) << q << " filters " << filters.size();
    }
  }
}

// "Cited by" lists citing paragraphs in one order whatever the layout: by document, then reading
// order, not by docid, which interleaves over shards (QA issue 11, F8: the order differed).
TEST(ShardingCitedBy, CitingParagraphsAreListedAlikeByOneIndexAndItsShards) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  for (int i = 0; i < 12; ++i) {
    testing::write_file(tmp.path() / "corpus" / ("nota-" + std::to_string(i) + ".es.md"),
                        "# Nota de prueba " + std::to_string(i) + "\n\n1. La Conferencia recuerda su resolución 6/4 sobre la asistencia técnica.\n\n"
                        "2. La Conferencia recuerda de nuevo su resolución 6/4.\n");
  }
  index_folder(tmp.path() / "corpus", tmp.path() / "single");
  index_folder(tmp.path() / "corpus", tmp.path() / "sharded", as_shards(2));
  Searcher single(tmp.path() / "single", testing::domain(), testing::analysis_options());
  Searcher sharded(tmp.path() / "sharded", testing::domain(), testing::analysis_options());
  const nlohmann::json want = to_json(single.document("resolution-6-4.es", "es"))["cited_by"];
  ASSERT_GE(want.size(), 24u);
  std::vector<std::string> ids;
  for (const auto& c : want) ids.push_back(c["id"]);
  const auto at = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) - ids.begin(); };
  EXPECT_LT(at("nota-0.es:1"), at("nota-0.es:2"));
  EXPECT_LT(at("nota-0.es:2"), at("nota-1.es:1"));
  EXPECT_LT(at("nota-1.es:2"), at("nota-10.es:1"));
  EXPECT_EQ(to_json(sharded.document("resolution-6-4.es", "es"))["cited_by"], want);
}

// palermo-index committing every few paragraphs while searches run: a search whose revision Glass
// discarded under it (Xapian::DatabaseModifiedError: two commits during one call) is retried on
// the newest revision, wherever the pool reads (a search, a new revision's facet columns, a
// document), so no request fails (QA finding F16 of issue 11: 20 of 10,149 requests answered 500
// with --commit-every 50; the pool retried once, and not at all while opening a revision).
// Over remote shards too (a second QA of issue 11, N1: with --commit-every 50 requests waited for
// each revision's columns, read over the network, and some answered 500 DatabaseModifiedError
// "REMOTE:The revision being read has been discarded").
TEST(ShardingWhileIndexing, NoSearchFailsWhileTheIndexerCommitsEveryFewParagraphs) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  for (const std::string db : {"remote", "sharded", "single"}) {
    const std::optional<std::size_t> shards = db == "single" ? std::nullopt : std::optional<std::size_t>(2);
    index_folder(tmp.path() / "corpus", tmp.path() / db, as_shards(shards));
    std::vector<std::unique_ptr<testing::TcpsrvProcess>> servers;
    std::filesystem::path served = tmp.path() / db;
    if (db == "remote") {
      servers.push_back(std::make_unique<testing::TcpsrvProcess>(tmp.path() / db / "shard-00", testing::free_loopback_port()));
      servers.push_back(std::make_unique<testing::TcpsrvProcess>(tmp.path() / db / "shard-01", testing::free_loopback_port()));
      served = tmp.path() / "remote.stub";
      std::ofstream(served) << servers[0]->stub_line() << "\n" << servers[1]->stub_line() << "\n";
    }
    PoolOptions options;
    options.cached_answers = 0;
    options.follow_remote_revisions = std::chrono::milliseconds(20);
    SearcherPool pool(served, testing::domain(), testing::analysis_options(), options);
    // Opened (every facet read) before the commits begin, as a server is.
    pool.run([](Searcher& s) { return s.stats(); });
    std::atomic<bool> done{false};
    std::atomic<std::size_t> answered{0};
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    std::thread indexer([&] {
      Analyzer analyzer(testing::analysis_options());
      CorpusIndexer corpus_indexer(testing::domain(), analyzer);
      IndexOptions options;
      options.corpus = tmp.path() / "corpus";
      options.db = tmp.path() / db;
      options.paragraphs_per_commit = 3;
      for (int round = 0; round < 6; ++round) {
        for (const auto& entry : std::filesystem::directory_iterator(tmp.path() / "corpus")) {
          if (entry.path().extension() != ".md") continue;
          std::ofstream(entry.path(), std::ios::app) << "\n\nPárrafo añadido " << round << " sobre la asistencia técnica.\n";
        }
        corpus_indexer.run(options);
      }
      done = true;
    });
    std::vector<std::thread> readers;
    for (int r = 0; r < 3; ++r) {
      readers.emplace_back([&, r] {
        const std::vector<std::string> queries{"asistencia", "trata de personas", "cooperación internacional", "añadido", "Convention"};
        // Over remote shards a call may wait while its revision's columns catch up with the
        // commits: each reader answers a few times at least, whatever the machine's load.
        for (std::size_t i = 0; !done || i < 5; ++i) {
          try {
            SearchRequest request;
            request.query = queries[(i + r) % queries.size()];
            request.page = 1 + static_cast<int>(i % 3);
            if (i % 4 == 1) request.filters["lang"] = {"es"};
            pool.run([&](Searcher& s) {
              const SearchResult result = s.search(request);
              if (!result.hits.empty()) s.document(result.hits.front().paragraph.doc, "es");
              return result.total;
            });
            ++answered;
          } catch (const SearchError& e) {
            std::lock_guard lock(failures_mutex);
            failures.push_back(std::string("SearchError: ") + e.what());
          } catch (const Xapian::Error& e) {
            std::lock_guard lock(failures_mutex);
            failures.push_back(e.get_description());
          }
        }
      });
    }
    indexer.join();
    for (std::thread& t : readers) t.join();
    // Over remote shards a call costs round trips (and retries) while commits come every few ms.
    EXPECT_GE(answered.load(), db == "remote" ? 15u : 50u) << db;
    EXPECT_EQ(failures, std::vector<std::string>{}) << db << ": " << failures.size() << " of "
                                                   << failures.size() + answered.load() << " failed";
    EXPECT_GT(pool.reopens(), db == "remote" ? 0u : 20u) << db;
    // The columns followed the commits: the last revision answers as a Searcher of its own.
    pool.follow_remote_revision();
    SearchRequest request;
    request.query = "añadido";
    request.filters["lang"] = {"es"};
    const SearchResult last = pool.run([&](Searcher& s) { return s.search(request); });
    Searcher fresh(tmp.path() / db, testing::domain(), testing::analysis_options());
    EXPECT_EQ(to_json(last).at("facets"), to_json(fresh.search(request)).at("facets")) << db;
    EXPECT_EQ(last.total, fresh.search(request).total) << db;
  }
}

// Over several local shards Xapian 1.4's early termination (weight bounds per shard) dropped a
// match from a page and lowered scores, with the query shapes Palermo builds (OP_SCALE_WEIGHT,
// OP_AND_MAYBE, posting sources); the ranking pass over shards now visits every match (QA
// findings F6/F7 of issue 11). The seed corpus is too small to show it: this is the generated
// corpus of the QA trial (bench/generate.py, 20,000 paragraphs, seed 1), where without that pass
// two shards left resolution-8-15.es:3 (11th, 11.11) off the first page of
// "examinado OR bamezoismo", among other differences.
TEST(ShardingRanking, TwoLocalShardsRankAGeneratedCorpusAsTheSingleIndex) {
  TempDir tmp;
  const std::string generate = "python3 " PALERMO_SOURCE_DIR "/bench/generate.py --paragraphs 20000 --seed 1 --out " +
                               (tmp.path() / "gen").string() + " 2>/dev/null";
  ASSERT_EQ(std::system(generate.c_str()), 0);
  index_folder(tmp.path() / "gen" / "corpus", tmp.path() / "single");
  index_folder(tmp.path() / "gen" / "corpus", tmp.path() / "sharded", as_shards(2));
  Searcher single(tmp.path() / "single", testing::domain(), testing::analysis_options());
  Searcher sharded(tmp.path() / "sharded", testing::domain(), testing::analysis_options());
  std::vector<Case> cases = {{"examinado OR bamezoismo", {}},
                             {"protocol OR plebación", {}},
                             {"asistencia técnica", {{"kind", {"operative", "recommendation"}}}},
                             {"aumento OR banibaismo", {}},
                             {"participen zomeismo", {}},
                             // The best matches lending weight to their other-language versions
                             // (parallel_versions.h) taken over shards: a second QA saw the 91st
                             // English match left out and the 101st used (totals and facets differed).
                             {"thirteenth OR special", {}},
                             {"purposes OR divilateator", {}},
                             {"thirteenth OR special", {{"body", {"COP"}}}},
                             // Read as a subject: those holding the words counted by the pass
                             // (branch_count.h) on the single index, by a match of their own over shards.
                             {"trata de personas", {}},
                             {"trata de personas", {{"body", {"WG.4"}}}},
                             // Xapian's early termination left a match out of the single index's
                             // page (a tester of issue 10: resolution-9-1.es at #10 of 20 grouped,
                             // there at size 100): the ranking pass visits every match, as over
                             // shards (searcher.cpp).
                             {"aumento OR banibaismo", {}, SortOrder::relevance, Grouping::documents},
                             {"examinado OR bamezoismo", {}, SortOrder::relevance, Grouping::documents},
                             {"examinado OR bamezoismo", {}, SortOrder::relevance, Grouping::documents, false},
                             // Not grouped either: the 5th best of a filtered page (a tester, on another
                             // corpus), where no counting pass gives the page.
                             {"examinado OR bamezoismo", {{"lang", {"es"}}}, SortOrder::relevance, Grouping::paragraphs, false},
                             {"delincuencia organizada transnacional", {}, SortOrder::relevance, Grouping::documents},
                             {"thirteenth OR special", {}, SortOrder::relevance, Grouping::documents}};
  for (const Case& c : cases) {
    {
      const nlohmann::json want = answer(single, c, 1), got = answer(sharded, c, 1);
      EXPECT_EQ(got["total"], want["total"]) << c.query;
      EXPECT_EQ(got["all_words_total"], want["all_words_total"]) << c.query;
      EXPECT_EQ(got["facets"], want["facets"]) << c.query;
    }
    for (int page : {1, 2}) {
      const nlohmann::json want = answer(single, c, page)["results"];
      const nlohmann::json got = answer(sharded, c, page)["results"];
      ASSERT_EQ(got.size(), want.size()) << c.query << " page " << page;
      for (std::size_t k = 0; k < want.size(); ++k) {
        EXPECT_EQ(got[k]["id"], want[k]["id"]) << c.query << " page " << page << " #" << k + 1;
        EXPECT_DOUBLE_EQ(got[k]["score"].get<double>(), want[k]["score"].get<double>()) << c.query << " page " << page << " #" << k + 1;
      }
    }
  }
  EXPECT_EQ(answer(single, cases[0], 1)["results"][10]["id"], "resolution-8-15.es:3");
  // Spelling over local shards from the shards' tables summed, as the single index's (a third QA
  // of issue 11, F2: Xapian's own suggestion over two local shards gave none for "tecnika").
  for (const std::string q : {"tecnika", "asistensia tecnika"}) {
    EXPECT_EQ(answer(sharded, {q, {}}, 1)["suggestion"], answer(single, {q, {}}, 1)["suggestion"]) << q;
  }
  EXPECT_EQ(answer(single, {"tecnika", {}}, 1)["suggestion"], "técnica");
}

class RemoteShards : public Sharding {
 protected:
  void SetUp() override {
    servers_.push_back(std::make_unique<testing::TcpsrvProcess>(path("sharded") / "shard-00", testing::free_loopback_port()));
    servers_.push_back(std::make_unique<testing::TcpsrvProcess>(path("sharded") / "shard-01", testing::free_loopback_port()));
    stub_ = path("remote-" + std::to_string(servers_[0]->port()));
    std::ofstream(stub_) << "# two shards on loopback\n" << servers_[0]->stub_line() << "\n" << servers_[1]->stub_line() << "\n";
  }
  std::vector<std::unique_ptr<testing::TcpsrvProcess>> servers_;
  std::filesystem::path stub_;
};

TEST_F(RemoteShards, AStubOfRemoteShardsAnswersAsTheSingleIndex) {
  Searcher single(path("single"), testing::domain(), testing::analysis_options());
  Searcher remote(stub_, testing::domain(), testing::analysis_options());
  expect_same_answers(single, remote);
  EXPECT_EQ(answer(remote, {"trtaa", {}}, 1).at("suggestion"), "trata");
  EXPECT_EQ(answer(remote, {"asistensia tecnica", {}}, 1).at("suggestion"), "asistencia tecnica");
}

SearchResult search(SearcherPool& pool, const std::string& query) {
  SearchRequest request;
  request.query = query;
  return pool.run([&](Searcher& s) { return s.search(request); });
}

// Two xapian-tcpsrv on loopback serving `db`'s shard-00 and shard-01, and the stub `stub` listing them.
struct ServedShards {
  ServedShards(const std::filesystem::path& db, const std::filesystem::path& stub)
      : first(db / "shard-00", testing::free_loopback_port()), second(db / "shard-01", testing::free_loopback_port()) {
    std::ofstream(stub) << first.stub_line() << "\n" << second.stub_line() << "\n";
  }
  testing::TcpsrvProcess first, second;
};

// A remote shard whose server runs but whose folder is gone is down like a shard that does not
// answer: 503 naming it (partial mode leaves it out), not a 500 with advice to rebuild our index
// (a second QA of issue 11, N7).
TEST_F(Sharding, ARemoteShardWhoseFolderIsGoneIsDown) {
  TempDir tmp;
  std::filesystem::copy(path("sharded"), tmp.path() / "db", std::filesystem::copy_options::recursive);
  const std::filesystem::path stub = tmp.path() / "remote.stub";
  ServedShards served(tmp.path() / "db", stub);
  const testing::TcpsrvProcess& second = served.second;
  std::filesystem::rename(tmp.path() / "db" / "shard-01", tmp.path() / "moved");
  try {
    Searcher searcher(stub, testing::domain(), testing::analysis_options());
    ADD_FAILURE() << "opened without its second shard";
  } catch (const SearchError& e) {
    EXPECT_EQ(e.code(), SearchError::Code::shard_unavailable);
    const std::string message = e.what();
    EXPECT_EQ(message, "the index's shard " + second.stub_line() + " is served, but its server cannot open the shard: restore the "
                       "shard's folder on that machine");
    // The shard machine's path and Xapian's words are for the log (a third QA of issue 11, F6).
    EXPECT_NE(e.detail().find("moved") == std::string::npos ? e.detail().find("shard-01") : 0, std::string::npos) << e.detail();
  }
  SearcherOptions partial;
  partial.on_shard_down = ShardFailure::answer_partially;
  Searcher searcher(stub, testing::domain(), testing::analysis_options(), partial);
  EXPECT_EQ(searcher.missing_shards(), std::vector<std::string>{second.stub_line()});
}

TEST_F(RemoteShards, AShardThatDiesIsNamedAndUsedAgainWhenItComesBack) {
  SearcherPool pool(stub_, testing::domain(), testing::analysis_options(), PoolOptions{.cached_answers = 0});
  const std::size_t total = search(pool, "asistencia").total;
  ASSERT_GT(total, 0u);
  servers_[1]->kill_now();
  for (int i = 0; i < 2; ++i) {  // a Searcher with a broken connection, then a new one that cannot connect
    try {
      search(pool, "asistencia");
      FAIL() << "answered without a shard";
    } catch (const SearchError& e) {
      EXPECT_EQ(e.code(), SearchError::Code::shard_unavailable);
      EXPECT_NE(std::string(e.what()).find("the index's shard " + servers_[1]->stub_line() + " cannot be reached"),
                std::string::npos)
          << e.what();
    }
  }
  servers_[1]->start();
  EXPECT_EQ(search(pool, "asistencia").total, total);
}

TEST_F(RemoteShards, WithPartialAnswersAShardThatDiesIsLeftOutAndMarked) {
  PoolOptions options;
  options.cached_answers = 0;
  options.on_shard_down = ShardFailure::answer_partially;
  options.retry_missing_shards = std::chrono::milliseconds(0);
  SearcherPool pool(stub_, testing::domain(), testing::analysis_options(), options);
  const SearchResult whole = search(pool, "asistencia");
  EXPECT_TRUE(whole.missing_shards.empty());
  servers_[1]->kill_now();
  const SearchResult partial = search(pool, "asistencia");
  EXPECT_EQ(partial.missing_shards, std::vector<std::string>{servers_[1]->stub_line()});
  EXPECT_EQ(to_json(partial).at("partial"), true);
  // What the shard that is up holds, exactly.
  Searcher first(path("sharded") / "shard-00", testing::domain(), testing::analysis_options());
  SearchRequest request;
  request.query = "asistencia";
  EXPECT_EQ(partial.total, first.search(request).total);
  EXPECT_LT(partial.total, whole.total);
  servers_[1]->start();
  const SearchResult again = search(pool, "asistencia");
  EXPECT_TRUE(again.missing_shards.empty());
  EXPECT_EQ(again.total, whole.total);
}

TEST_F(RemoteShards, TheServerAnswers503NamingTheShardThenServesAgain) {
  TempDir tmp;
  testing::ServerProcess server(stub_, tmp.path() / "log");
  httplib::Client c("127.0.0.1", server.port());
  auto ok = c.Get("/api/search?q=asistencia");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  const auto total = nlohmann::json::parse(ok->body).at("total");
  EXPECT_EQ(nlohmann::json::parse(ok->body).at("partial"), false);
  servers_[0]->kill_now();
  // Not an answer already kept for the revision held (ResultCache): that one needs no shard.
  auto down = c.Get("/api/search?q=trata");
  ASSERT_TRUE(down);
  EXPECT_EQ(down->status, 503);
  const nlohmann::json error = nlohmann::json::parse(down->body).at("error");
  EXPECT_EQ(error.at("code"), "shard_unavailable");
  EXPECT_NE(error.at("message").get<std::string>().find(servers_[0]->stub_line()), std::string::npos) << error;
  // Health says "failing" as for any other failure, and /metrics counts the shard (a second QA of
  // issue 11, N10: no status key, no palermo_shards_missing).
  auto health = c.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503);
  const nlohmann::json h = nlohmann::json::parse(health->body);
  EXPECT_EQ(h.at("status"), "failing") << h;
  EXPECT_EQ(h.at("error").at("code"), "shard_unavailable") << h;
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("\npalermo_index_up 0\n"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("\npalermo_shards_missing 1\n"), std::string::npos) << metrics->body;
  servers_[0]->start();
  auto back = c.Get("/api/search?q=asistencia&page=2");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 200);
  EXPECT_EQ(nlohmann::json::parse(back->body).at("total"), total);
}

// Over remote shards a request makes round trips per pass, not per row: an export of a few
// hundred rows, a page of 100 and a document with its cited-by each cost a handful of messages to
// each shard (a second QA of issue 11, N3: 4-7 round trips per row, a CSV of 313 rows 196-503 ms on
// loopback). Counted as the messages the client sends through a proxy (counting_proxy.h).
TEST_F(RemoteShards, ExportsPagesAndDocumentsCostRoundTripsPerPassNotPerRow) {
  testing::CountingProxy first(servers_[0]->port());
  testing::CountingProxy second(servers_[1]->port());
  TempDir tmp;
  const std::filesystem::path stub = tmp.path() / "counted.stub";
  std::ofstream(stub) << first.stub_line() << "\n" << second.stub_line() << "\n";
  Searcher remote(stub, testing::domain(), testing::analysis_options());
  Searcher single(path("single"), testing::domain(), testing::analysis_options());
  const auto sent = [&] { return first.messages() + second.messages(); };
  SearchRequest request;
  request.query = "de";
  request.size = 1;
  remote.search(request);  // opening: statistics, the facet columns
  std::size_t before = sent();

  const ExportRows rows = collect_export(remote, request);
  const std::size_t export_messages = sent() - before;
  ASSERT_GT(rows.hits.size(), 200u);
  EXPECT_EQ(to_csv(rows, "http://x"), to_csv(collect_export(single, request), "http://x"));
  const std::size_t pages = (rows.hits.size() + kMaxPageSize - 1) / kMaxPageSize;
  // A search makes about 15 whatever its rows (the query's terms, the ranking and counting passes),
  // and a page's rows a pass each for their records, documents, counterparts, citations.
  EXPECT_LT(export_messages, 50 * pages) << rows.hits.size() << " rows in " << pages << " pages";

  request.size = 100;
  request.page = 2;
  before = sent();
  remote.search(request);
  EXPECT_LT(sent() - before, 50u) << "a page of 100";

  before = sent();
  const DocumentView view = remote.document("resolution-6-4.es", "es");
  EXPECT_GT(view.paragraphs.size(), 20u);
  EXPECT_FALSE(view.cited_by.empty());
  EXPECT_LT(sent() - before, 30u) << view.paragraphs.size() << " paragraphs, cited by " << view.cited_by.size();
  EXPECT_EQ(to_json(view), to_json(single.document("resolution-6-4.es", "es")));
}

// palermo-search query answers without a shard that is down when told, as serve does (QA
// finding F15 of issue 11: only serve had --on-shard-down).
TEST_F(RemoteShards, TheQueryCommandAnswersPartiallyWhenTold) {
  servers_[1]->kill_now();
  const auto run = [&](const std::string& options) {
    const std::string command = std::string(PALERMO_SEARCH_BIN) + " query --data-dir " PALERMO_SOURCE_DIR " --db " +
                                stub_.string() + " " + options + " --json asistencia 2>/dev/null";
    std::string out;
    if (std::FILE* pipe = popen(command.c_str(), "r")) {
      char buffer[4096];
      for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
      pclose(pipe);
    }
    return nlohmann::json::parse(out);
  };
  const nlohmann::json refused = run("");
  EXPECT_EQ(refused.at("error").at("code"), "shard_unavailable");
  const nlohmann::json partial = run("--on-shard-down partial --shard-timeout-ms 500");
  EXPECT_EQ(partial.at("partial"), true);
  EXPECT_EQ(partial.at("missing_shards"), nlohmann::json::array({servers_[1]->stub_line()}));
  Searcher first(path("sharded") / "shard-00", testing::domain(), testing::analysis_options());
  SearchRequest request;
  request.query = "asistencia";
  EXPECT_EQ(partial.at("total"), first.search(request).total);
}

// A rebuild swaps new databases in under xapian-tcpsrv, whose open connection keeps the old one
// (QA finding F14): the pool reconnects and answers from the rebuilt shards.
TEST(RemoteShardsRebuilt, AreAnsweredFromAfterReconnecting) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  index_folder(tmp.path() / "corpus", tmp.path() / "db", as_shards(2));
  ServedShards served(tmp.path() / "db", tmp.path() / "stub");
  PoolOptions options;
  options.cached_answers = 0;
  options.reconnect_remote_shards = std::chrono::milliseconds(0);
  SearcherPool pool(tmp.path() / "stub", testing::domain(), testing::analysis_options(), options);
  SearchRequest request;
  request.query = "asistencia";
  const std::size_t before = pool.run([&](Searcher& s) { return s.search(request).total; });
  Searcher whole(tmp.path() / "db", testing::domain(), testing::analysis_options());
  ASSERT_EQ(before, whole.search(request).total);
  std::filesystem::remove(tmp.path() / "corpus" / "resolution-6-4.es.md");
  index_folder(tmp.path() / "corpus", tmp.path() / "db", rebuilding());
  Searcher rebuilt(tmp.path() / "db", testing::domain(), testing::analysis_options());
  const std::size_t after = rebuilt.search(request).total;
  ASSERT_LT(after, before);
  pool.follow_remote_revision();
  EXPECT_EQ(pool.run([&](Searcher& s) { return s.search(request).total; }), after);
}

// Over remote shards a new revision's columns are read by the pool's own thread (here by
// follow_remote_revision(), called by the test), and until then the Searchers answer from the
// revision they hold: a search right after a commit does not wait for them, and they are read
// once, as an update (a second QA of issue 11, N1: after each commit the requests waited for every
// facet to be read again through the network, 3.5 s at 20,000 paragraphs, `/` and health too).
TEST(RemoteShardsCommitted, AreAnsweredFromTheRevisionHeldUntilItsColumnsAreRead) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  index_folder(tmp.path() / "corpus", tmp.path() / "db", as_shards(2));
  ServedShards served(tmp.path() / "db", tmp.path() / "stub");
  PoolOptions options;
  options.cached_answers = 0;
  options.follow_remote_revisions = std::chrono::milliseconds(0);
  SearcherPool pool(tmp.path() / "stub", testing::domain(), testing::analysis_options(), options);
  EXPECT_EQ(search(pool, "berenjenaquintal").total, 0u);
  pool.follow_remote_revision();
  const SearcherPool::ColumnReads at_start = pool.column_reads();
  EXPECT_EQ(at_start.whole, 1u);
  EXPECT_EQ(at_start.updates, 0u);

  std::ofstream(tmp.path() / "corpus" / "resolution-6-4.es.md", std::ios::app) << "\n\nLa berenjenaquintal de la Conferencia.\n";
  index_folder(tmp.path() / "corpus", tmp.path() / "db", as_shards(2));
  EXPECT_EQ(search(pool, "berenjenaquintal").total, 0u) << "the revision held answers";
  EXPECT_EQ(pool.column_reads().updates, 0u) << "no columns read on the request path";

  pool.follow_remote_revision();
  EXPECT_EQ(pool.column_reads().updates, 1u);
  const SearchResult found = search(pool, "berenjenaquintal");
  ASSERT_EQ(found.total, 1u);
  EXPECT_EQ(found.hits.at(0).paragraph.doc, "resolution-6-4.es");
  EXPECT_EQ(pool.column_reads().updates, 1u) << "read once, by the pool";
  EXPECT_EQ(pool.column_reads().whole, 1u);
  // Its facets are those of the new revision: the same as a Searcher of the shards' own.
  SearchRequest request;
  request.query = "berenjenaquintal OR asistencia";
  Searcher local(tmp.path() / "db", testing::domain(), testing::analysis_options());
  EXPECT_EQ(to_json(pool.run([&](Searcher& s) { return s.search(request); })).at("facets"), to_json(local.search(request)).at("facets"));
}

TEST_F(RemoteShards, HealthSaysPartialWhileAnsweringWithoutAShard) {
  TempDir tmp;
  testing::ServerProcess server(stub_, tmp.path() / "log", {"--on-shard-down", "partial"});
  httplib::Client c("127.0.0.1", server.port());
  auto whole = c.Get("/api/health");
  ASSERT_TRUE(whole);
  EXPECT_EQ(nlohmann::json::parse(whole->body).at("status"), "ok");
  servers_[1]->kill_now();
  auto search = c.Get("/api/search?q=asistencia");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
  EXPECT_EQ(nlohmann::json::parse(search->body).at("partial"), true);
  auto health = c.Get("/api/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  const nlohmann::json h = nlohmann::json::parse(health->body);
  EXPECT_EQ(h.at("status"), "partial");
  EXPECT_EQ(h.at("missing_shards"), nlohmann::json::array({servers_[1]->stub_line()}));
}

// The log says when a shard is found down, with the cause the client is not told (its machine's
// words), and when every shard answers again; the 503 names the shard only (a third QA of issue
// 11, F4 and F6: nothing was logged, and the body held Xapian's message).
TEST_F(RemoteShards, TheLogSaysWhenAShardGoesDownAndComesBack) {
  TempDir tmp;
  testing::ServerProcess server(stub_, tmp.path() / "log");
  httplib::Client c("127.0.0.1", server.port());
  auto whole = c.Get("/api/search?q=asistencia");
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->status, 200);
  servers_[1]->kill_now();
  for (const std::string q : {"trata", "migrantes", "armas"}) {  // not answered before: no cached answer
    auto down = c.Get("/api/search?q=" + q);
    ASSERT_TRUE(down);
    EXPECT_EQ(down->status, 503);
    const std::string message = nlohmann::json::parse(down->body).at("error").at("message");
    EXPECT_EQ(message, "the index's shard " + servers_[1]->stub_line() + " cannot be reached; answers need every shard: try again later");
  }
  servers_[1]->start();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // the pool tries the shard again
  bool back = false;
  for (int i = 0; i < 20 && !back; ++i) {
    auto again = c.Get("/api/search?q=delincuencia&page=" + std::to_string(i + 1));
    back = again && again->status == 200;
    if (!back) std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_TRUE(back);
  const std::string log = server.log_text();
  const std::string down_line = " shards: the index's shard " + servers_[1]->stub_line() + " cannot be reached; answers need every shard: try again later (";
  const std::size_t down_at = log.find(down_line);
  ASSERT_NE(down_at, std::string::npos) << log;
  EXPECT_EQ(log.find(down_line, down_at + 1), std::string::npos) << "logged once while it stays down\n" << log;
  EXPECT_NE(log.find(" shards: every shard answers again", down_at), std::string::npos) << log;
}

// Typing help answers from the shards that answer, the first request after a shard went down, a
// server started without it and a shard that hangs too (reported 503 while a shard was down,
// answering partially), with the Palermo-Partial header the exports carry.
TEST_F(RemoteShards, SuggestionsComeFromTheShardsThatAnswer) {
  TempDir tmp;
  testing::ServerProcess server(stub_, tmp.path() / "log", {"--on-shard-down", "partial"});
  httplib::Client c("127.0.0.1", server.port());
  auto whole = c.Get("/api/suggest?prefix=asist");
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->status, 200);
  servers_[1]->kill_now();
  EXPECT_FALSE(whole->has_header("Palermo-Partial"));
  for (int i = 0; i < 3; ++i) {
    auto suggest = c.Get("/api/suggest?prefix=asist");
    ASSERT_TRUE(suggest);
    EXPECT_EQ(suggest->status, 200) << suggest->body;
    EXPECT_EQ(suggest->get_header_value("Palermo-Partial"), servers_[1]->stub_line());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // the pool tries the shard again
  auto later = c.Get("/api/suggest?prefix=asist");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->status, 200) << later->body;
  // A server started while the shard is down.
  testing::ServerProcess started(stub_, tmp.path() / "log2", {"--on-shard-down", "partial"});
  httplib::Client d("127.0.0.1", started.port());
  auto first = d.Get("/api/suggest?prefix=asist");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200) << first->body;
  // A shard that hangs.
  servers_[1]->start();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  auto back = d.Get("/api/suggest?prefix=asist");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 200) << back->body;
  servers_[1]->pause();
  for (int i = 0; i < 3; ++i) {
    auto hung = d.Get("/api/suggest?prefix=asist");
    ASSERT_TRUE(hung);
    EXPECT_EQ(hung->status, 200) << hung->body;
  }
  servers_[1]->resume();
}


double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A shard that hangs (its xapian-tcpsrv stopped: connections accepted, nothing answered) is a
// shard that is down within the shard timeouts, not Xapian's default 10 s per wait, which held a
// server worker 10-20 s per search (QA finding F10 of issue 11). The bound asserted is far below
// Xapian's defaults and far above the timeouts, so a loaded machine does not fail it.
TEST_F(RemoteShards, AShardThatHangsIsDownWithinTheShardTimeouts) {
  TempDir tmp;
  testing::ServerProcess refusing(stub_, tmp.path() / "refusing.log");  // the default timeouts: 2 s, 1 s to connect
  testing::ServerProcess partial(stub_, tmp.path() / "partial.log",
                                 {"--on-shard-down", "partial", "--shard-timeout-ms", "300", "--shard-connect-timeout-ms", "300"});
  httplib::Client r("127.0.0.1", refusing.port());
  httplib::Client p("127.0.0.1", partial.port());
  for (httplib::Client* c : {&r, &p}) c->set_read_timeout(60, 0);
  auto whole = p.Get("/api/search?q=asistencia");
  ASSERT_TRUE(whole);
  ASSERT_EQ(r.Get("/api/search?q=asistencia")->status, 200);
  servers_[1]->pause();
  auto start = std::chrono::steady_clock::now();
  // Not answers already kept for the revision held (ResultCache): those need no shard.
  auto down = r.Get("/api/search?q=cooperaci%C3%B3n");
  ASSERT_TRUE(down);
  EXPECT_LT(seconds_since(start), 6.0);
  EXPECT_EQ(down->status, 503);
  const nlohmann::json error = nlohmann::json::parse(down->body).at("error");
  EXPECT_EQ(error.at("code"), "shard_unavailable");
  EXPECT_NE(error.at("message").get<std::string>().find(servers_[1]->stub_line()), std::string::npos) << error;
  // A second search opens the shard anew: the connection's wait is bounded too.
  start = std::chrono::steady_clock::now();
  EXPECT_EQ(r.Get("/api/search?q=trata")->status, 503);
  EXPECT_LT(seconds_since(start), 6.0);

  start = std::chrono::steady_clock::now();
  auto without = p.Get("/api/search?q=asistencia&page=2");
  ASSERT_TRUE(without);
  EXPECT_LT(seconds_since(start), 4.0);
  EXPECT_EQ(without->status, 200);
  const nlohmann::json j = nlohmann::json::parse(without->body);
  EXPECT_EQ(j.at("partial"), true);
  EXPECT_EQ(j.at("missing_shards"), nlohmann::json::array({servers_[1]->stub_line()}));
  EXPECT_LT(j.at("total"), nlohmann::json::parse(whole->body).at("total"));

  servers_[1]->resume();
  auto back = r.Get("/api/search?q=asistencia&page=3");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->status, 200);
  EXPECT_EQ(nlohmann::json::parse(back->body).at("total"), nlohmann::json::parse(whole->body).at("total"));
}

// Answering partially, a shard that hangs is waited for once, not by every request: once one
// request met its timeout, Searchers opened for the others leave it out without trying it, until
// one caller retries it (a second QA of issue 11, N4: six searches at once took 12-14 s).
TEST_F(RemoteShards, AHungShardIsWaitedForOnceWhenAnsweringPartially) {
  TempDir tmp;
  testing::ServerProcess partial(stub_, tmp.path() / "partial.log",
                                 {"--on-shard-down", "partial", "--shard-timeout-ms", "1000", "--shard-connect-timeout-ms", "1000"});
  auto wave = [&](const std::string& query) {
    std::vector<std::thread> threads;
    std::vector<double> took(6);
    std::vector<int> status(6);
    for (std::size_t i = 0; i < took.size(); ++i) {
      threads.emplace_back([&, i] {
        httplib::Client c("127.0.0.1", partial.port());
        c.set_read_timeout(60, 0);
        const auto start = std::chrono::steady_clock::now();
        auto r = c.Get("/api/search?q=" + query + "&page=" + std::to_string(i + 1));
        took[i] = seconds_since(start);
        status[i] = r ? r->status : 0;
      });
    }
    for (std::thread& t : threads) t.join();
    for (int s : status) EXPECT_EQ(s, 200) << query;
    return *std::max_element(took.begin(), took.end());
  };
  wave("asistencia");  // Searchers opened with both shards
  servers_[1]->pause();
  // Each request meets the timeout (1 s) once in the Searcher it had; the new Searchers it and the
  // others open leave the shard out instead of waiting for it again.
  const double hung = wave("trata");
  EXPECT_LT(hung, 1.8) << "a request waited for the hung shard twice (the slowest of six took " << hung << " s)";
  EXPECT_LT(wave("armas"), 0.9) << "the shard that just hung is not tried again by every request";
  servers_[1]->resume();
}

// Answering without a shard: a document or paragraph the live shards do not hold may be on the
// missing one, so it is 503 naming the shard, not 404 "no such document" (QA finding F11); the
// exports say they are partial, a CSV in a header (F12).
TEST_F(RemoteShards, APartialServerDoesNotCallDocumentsOfAMissingShardNotFoundAndMarksExports) {
  TempDir tmp;
  testing::ServerProcess server(stub_, tmp.path() / "log", {"--on-shard-down", "partial"});
  httplib::Client c("127.0.0.1", server.port());
  std::string on_first, on_second;  // a document of each shard
  for (const std::string id : {"resolution-10-3.es", "resolution-10-3.en", "resolution-6-4.es", "resolution-6-4.en",
                               "cop7-note-technical-assistance.es", "cop7-note-technical-assistance.en"}) {
    (ShardSet::shard_of(id, 2) == 0 ? on_first : on_second) = id;
  }
  ASSERT_FALSE(on_first.empty());
  ASSERT_FALSE(on_second.empty());
  EXPECT_EQ(c.Get("/api/documents/" + on_second)->status, 200);
  EXPECT_EQ(c.Get("/api/documents/no-such-document.es")->status, 404);
  auto csv = c.Get("/api/search?q=trata&format=csv");
  ASSERT_TRUE(csv);
  EXPECT_FALSE(csv->has_header("Palermo-Partial"));
  servers_[1]->kill_now();

  for (const std::string& target : {"/api/documents/" + on_second, "/api/paragraphs/" + on_second + ":1"}) {
    auto missing = c.Get(target);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 503) << target;
    const nlohmann::json error = nlohmann::json::parse(missing->body).at("error");
    EXPECT_EQ(error.at("code"), "shard_unavailable") << target;
    EXPECT_NE(error.at("message").get<std::string>().find(servers_[1]->stub_line()), std::string::npos) << error;
  }
  EXPECT_EQ(c.Get("/api/documents/" + on_first)->status, 200);
  auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("\npalermo_shards_missing 1\n"), std::string::npos) << metrics->body;

  csv = c.Get("/api/search?q=trata&format=csv");
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Palermo-Partial"), servers_[1]->stub_line());
  auto word = c.Get("/api/search?q=trata&format=word&ui=en");
  ASSERT_TRUE(word);
  EXPECT_EQ(word->get_header_value("Palermo-Partial"), servers_[1]->stub_line());
  EXPECT_NE(word->body.find("<p><strong>Partial results: the paragraphs of the index&#39;s shards that did not answer are missing: " +
                            servers_[1]->stub_line() + "</strong></p>"),
            std::string::npos)
      << word->body.substr(0, 800);
  auto atom = c.Get("/api/search?q=trata&format=atom");
  ASSERT_TRUE(atom);
  EXPECT_EQ(atom->get_header_value("Palermo-Partial"), servers_[1]->stub_line());
  EXPECT_NE(atom->body.find("<subtitle>Resultados parciales: faltan los párrafos de los fragmentos del índice que no responden: " +
                            servers_[1]->stub_line() + "</subtitle>"),
            std::string::npos)
      << atom->body.substr(0, 800);
}

}  // namespace
}  // namespace palermo
