// What an operator watches on a real `palermo-search serve`: /metrics in Prometheus text format
// and the JSON-lines access log.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <sstream>

#include "analysis/records.h"
#include "corpus_fixture.h"
#include "indexer/corpus_indexer.h"
#include "server_process.h"

namespace palermo {
namespace {

using nlohmann::json;

void build_index(const std::filesystem::path& corpus, const std::filesystem::path& db) {
  Analyzer analyzer(testing::analysis_options());
  CorpusIndexer indexer(testing::domain(), analyzer);
  IndexOptions options;
  options.corpus = corpus;
  options.db = db;
  indexer.run(options);
}

// The value of the sample line `name` (with its labels) in a Prometheus exposition, or -1.
double sample(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(name + " ")) return std::stod(line.substr(name.size() + 1));
  }
  return -1;
}

TEST(Operations, MetricsCountRequestsAndDescribeTheIndex) {
  testing::TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  build_index(tmp.path() / "corpus", tmp.path() / "index");
  testing::ServerProcess server(tmp.path() / "index", tmp.path() / "server.log");
  httplib::Client c("127.0.0.1", server.port());
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.Get("/api/search?q=trata")->status, 200);
  ASSERT_EQ(c.Get("/api/search?size=0")->status, 400);
  ASSERT_EQ(c.Get("/api/nothing")->status, 404);

  auto res = c.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& m = res->body;
  EXPECT_EQ(sample(m, R"(palermo_http_requests_total{route="/api/search",status="200"})"), 3);
  EXPECT_EQ(sample(m, R"(palermo_http_requests_total{route="/api/search",status="400"})"), 1);
  EXPECT_EQ(sample(m, R"(palermo_http_requests_total{route="other",status="404"})"), 1);
  EXPECT_EQ(sample(m, R"(palermo_http_errors_total{status="400"})"), 1);
  EXPECT_EQ(sample(m, R"(palermo_http_errors_total{status="404"})"), 1);
  EXPECT_EQ(sample(m, R"(palermo_http_request_duration_seconds_count{route="/api/search"})"), 4);
  EXPECT_EQ(sample(m, R"(palermo_http_request_duration_seconds_bucket{route="/api/search",le="+Inf"})"), 4);
  EXPECT_GT(sample(m, R"(palermo_http_request_duration_seconds_sum{route="/api/search"})"), 0);
  EXPECT_NE(m.find("# TYPE palermo_http_request_duration_seconds histogram"), std::string::npos);
  const Xapian::Database db((tmp.path() / "index").string());
  EXPECT_EQ(sample(m, "palermo_index_up"), 1);
  EXPECT_EQ(sample(m, "palermo_index_paragraphs"), paragraph_count(db));
  EXPECT_EQ(sample(m, "palermo_index_documents"), 10);
  EXPECT_EQ(sample(m, "palermo_index_revision"), index_revision(db));
  EXPECT_GT(sample(m, "palermo_index_size_bytes"), 100000);
  EXPECT_EQ(sample(m, "palermo_index_reopens_total"), 0);

  // A new revision committed while serving: opened once, and counted.
  testing::write_file(tmp.path() / "corpus" / "nota.es.md", "1. El quetzalcóatl aparece solo en este párrafo.\n");
  build_index(tmp.path() / "corpus", tmp.path() / "index");
  ASSERT_EQ(c.Get("/api/search?q=quetzalc%C3%B3atl")->status, 200);
  const std::string after = c.Get("/metrics")->body;
  EXPECT_EQ(sample(after, "palermo_index_reopens_total"), 1);
  EXPECT_EQ(sample(after, "palermo_index_documents"), 11);
  EXPECT_EQ(sample(after, "palermo_index_revision"), index_revision(Xapian::Database((tmp.path() / "index").string())));
}

TEST(Operations, JsonAccessLogHasOneObjectPerRequestWithoutTheQuery) {
  testing::TempDir tmp;
  build_index(testing::corpus_dir(), tmp.path() / "index");
  testing::ServerProcess server(tmp.path() / "index", tmp.path() / "server.log", {"--access-log", "json"});
  httplib::Client c("127.0.0.1", server.port());
  c.Get("/api/search?q=secreto");
  c.Get("/api/nothing");
  server.stop();
  std::istringstream log(server.log_text());
  std::vector<json> entries;
  std::string line;
  while (std::getline(log, line)) {
    if (line.starts_with("{")) entries.push_back(json::parse(line));
  }
  ASSERT_EQ(entries.size(), 2u) << server.log_text();
  EXPECT_EQ(entries[0]["method"], "GET");
  EXPECT_EQ(entries[0]["path"], "/api/search");
  EXPECT_EQ(entries[0]["route"], "/api/search");
  EXPECT_EQ(entries[0]["status"], 200);
  EXPECT_EQ(entries[0]["client"], "127.0.0.1");
  EXPECT_TRUE(entries[0]["ms"].is_number());
  EXPECT_TRUE(entries[0]["time"].get<std::string>().ends_with("Z"));
  EXPECT_EQ(entries[1]["status"], 404);
  EXPECT_EQ(server.log_text().find("secreto"), std::string::npos) << "queries stay out of the log";
}

}  // namespace
}  // namespace palermo
