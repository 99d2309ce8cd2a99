// The HTTP API of shared/design/api.md against a real `palermo-search serve` over the seed corpus:
// each endpoint, each hostile input, agreement with `palermo-search query --json`, index reopening
// while serving, and clean shutdown.
#include <gtest/gtest.h>

#include <algorithm>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdio>
#include <set>
#include <thread>

#include "corpus_fixture.h"
#include "indexer/corpus_indexer.h"
#include "server_process.h"

namespace palermo {
namespace {

using nlohmann::json;

void build_index(const std::filesystem::path& corpus, const std::filesystem::path& db, bool rebuild = false) {
  Analyzer analyzer(testing::analysis_options());
  CorpusIndexer indexer(testing::domain(), analyzer);
  IndexOptions options;
  options.corpus = corpus;
  options.db = db;
  options.rebuild = rebuild;
  const IndexSummary summary = indexer.run(options);
  ASSERT_TRUE(summary.skipped.empty()) << summary.skipped.front().reason;
}

std::string run_command(const std::string& command) {
  std::string out;
  std::FILE* pipe = popen(command.c_str(), "r");
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  pclose(pipe);
  return out;
}

struct Reply {
  int status = 0;
  json body;
  httplib::Headers headers;
  std::string raw;
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    build_index(testing::corpus_dir(), db());
    testing::write_file(tmp_.path() / "web" / "index.html", "<!doctype html><title>Palermo</title>");
    testing::write_file(tmp_.path() / "web" / "app.js", "export {};");
    server_ = std::make_unique<testing::ServerProcess>(
        db(), tmp_.path() / "server.log", std::vector<std::string>{"--web-dir", (tmp_.path() / "web").string()});
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(10, 0);
  }

  std::filesystem::path db() const { return tmp_.path() / "index"; }

  Reply get(const std::string& target) {
    auto res = client_->Get(target.c_str());
    EXPECT_TRUE(res) << "no answer for " << target << ": " << httplib::to_string(res.error());
    if (!res) return {};
    Reply r{res->status, json(), res->headers, res->body};
    if (res->get_header_value("Content-Type").starts_with("application/json")) r.body = json::parse(res->body);
    return r;
  }

  testing::TempDir tmp_;
  std::unique_ptr<testing::ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(ApiTest, HealthCountsTheSeedCorpus) {
  const Reply r = get("/api/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["status"], "ok");
  EXPECT_EQ(r.body["documents"], 10);  // 5 seeds, each in Spanish and English
  EXPECT_GT(r.body["paragraphs"].get<int>(), 200);
  EXPECT_GE(r.body["revision"].get<int>(), 1);
}

TEST_F(ApiTest, SearchAnswersWithTheContractShape) {
  const Reply r = get("/api/search?q=trata%20de%20personas&body=WG.4&size=5");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["query"]["q"], "trata de personas");
  EXPECT_EQ(r.body["query"]["filters"]["body"], json::array({"WG.4"}));
  EXPECT_EQ(r.body["query"]["page"], 1);
  EXPECT_EQ(r.body["query"]["size"], 5);
  EXPECT_GE(r.body["took_ms"].get<double>(), 0.0);
  // WG.4's three narrative paragraphs and its heading, in each language: "trata de personas" in
  // the Spanish ones first, then "trafficking in persons" in the English ones through the glossary.
  std::set<std::string> first_four;
  for (std::size_t i = 0; i < 4; ++i) first_four.insert(r.body["results"][i]["id"]);
  EXPECT_EQ(first_four, (std::set<std::string>{"cop12-note-subsidiary-bodies.es:s2", "cop12-note-subsidiary-bodies.es:1",
                                                "cop12-note-subsidiary-bodies.es:2", "cop12-note-subsidiary-bodies.es:3"}));
  EXPECT_EQ(r.body["results"][4]["lang"], "en");
  EXPECT_EQ(r.body["total"], 8);
  EXPECT_EQ(get("/api/search?q=trata%20de%20personas&body=WG.4&crosslang=off").body["total"], 4);
  const json& hit = r.body["results"][0];
  for (const char* field : {"id", "doc", "symbol", "title", "type", "lang", "date", "session", "body", "agenda", "para",
                            "kind", "section", "text", "snippet", "score"}) {
    EXPECT_TRUE(hit.contains(field)) << field;
  }
  EXPECT_EQ(hit["body"]["label"], "Grupo de Trabajo sobre la Trata de Personas");
  EXPECT_EQ(hit["session"], 12);
  EXPECT_EQ(hit["date"], "2024-07-04");
  EXPECT_NE(hit["snippet"].get<std::string>().find("<mark>"), std::string::npos);
  for (const char* facet : {"session", "body", "agenda", "lang", "type", "kind", "protocol", "year"}) {
    EXPECT_TRUE(r.body["facets"].contains(facet)) << facet;
  }
  // The body facet is counted without the body filter, so other bodies stay choosable; the
  // other facets count within the filter.
  const Reply unfiltered = get("/api/search?q=trata%20de%20personas");
  EXPECT_EQ(r.body["facets"]["body"], unfiltered.body["facets"]["body"]);
  EXPECT_EQ(r.body["facets"]["body"][1],
            json::parse(R"({"value":"WG.4","label":"Grupo de Trabajo sobre la Trata de Personas","count":8})"));
  EXPECT_EQ(r.body["facets"]["session"], json::parse(R"([{"value":"12","label":"12º período de sesiones","count":8}])"));
}

TEST_F(ApiTest, SelectedFacetValuesStayListedEvenWithoutMatches) {
  const Reply r = get("/api/search?q=trata&body=WG.4&body=WG.99");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body["facets"]["body"].back(), json::parse(R"({"value":"WG.99","label":"WG.99","count":0})"));
}

TEST_F(ApiTest, FacetLabelsFollowTheInterfaceLanguage) {
  const Reply es = get("/api/search?q=&body=WG.4&ui=es");
  const Reply en = get("/api/search?q=&body=WG.4&ui=en");
  ASSERT_EQ(es.status, 200);
  ASSERT_EQ(en.status, 200);
  auto label_of = [](const json& values, const std::string& value) {
    for (const json& v : values) {
      if (v["value"] == value) return v["label"].get<std::string>();
    }
    return std::string("(missing)");
  };
  EXPECT_EQ(label_of(es.body["facets"]["body"], "WG.4"), "Grupo de Trabajo sobre la Trata de Personas");
  EXPECT_EQ(label_of(en.body["facets"]["body"], "WG.4"), "Working Group on Trafficking in Persons");
  EXPECT_EQ(label_of(es.body["facets"]["kind"], "narrative"), "Narrativo");
  EXPECT_EQ(label_of(en.body["facets"]["kind"], "narrative"), "Narrative");
  EXPECT_EQ(es.body["total"], en.body["total"]);
}

TEST_F(ApiTest, SubjectFacetFilterAndCardSubjects) {
  // The annex of resolution 6/4 in English: 14 recommendations, all on technical assistance,
  // most never saying so; b) iv) is also on threat assessment, by its own words.
  const Reply r = get("/api/search?q=&subject=technical_assistance&kind=recommendation&lang=en&ui=en&size=20");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["total"], 14);
  EXPECT_EQ(r.body["query"]["filters"]["subject"], json::array({"technical_assistance"}));
  json threat;
  for (const json& hit : r.body["results"]) {
    if (hit["id"] == "resolution-6-4.en:b-iv") threat = hit["subjects"];
  }
  EXPECT_EQ(threat, json::parse(R"([{"id": "threat_assessment", "label": "Threat assessment", "source": "own"},
                                    {"id": "technical_assistance", "label": "Technical assistance", "source": "heading"}])"));
  // The facet counts each subject with its broader ones, labelled in the interface language.
  std::map<std::string, std::pair<std::string, int>> facet;
  for (const json& v : r.body["facets"]["subject"]) facet[v["value"]] = {v["label"], v["count"]};
  EXPECT_EQ(facet["technical_assistance"], std::make_pair(std::string("Technical assistance"), 14));
  EXPECT_EQ(facet["funding"], std::make_pair(std::string("Resources and donors"), 3));
  EXPECT_EQ(facet["data_and_research"].second, 2) << "threat_assessment and evaluation are narrower subjects of it";
  const Reply es = get("/api/search?q=&subject=technical_assistance&kind=recommendation&lang=en&ui=es&size=1");
  EXPECT_EQ(es.body["facets"]["subject"][0]["label"], "Asistencia técnica");
  // An unknown subject is a mistake to point out, not an empty answer: 400 naming it and where the
  // subjects are; as a filter typed in the query too.
  for (const std::string& path : {"/api/search?q=&subject=no_such_subject", "/api/search?q=subject:no_such_subject%20trata"}) {
    const Reply unknown = get(path);
    EXPECT_EQ(unknown.status, 400) << path;
    EXPECT_EQ(unknown.body["error"]["code"], "bad_query") << path;
    const std::string message = unknown.body["error"]["message"];
    EXPECT_NE(message.find("\"no_such_subject\""), std::string::npos) << message;
    EXPECT_NE(message.find("domain/subjects.tsv"), std::string::npos) << message;
    EXPECT_NE(message.find("subject facet"), std::string::npos) << message;
  }
  EXPECT_EQ(get("/api/search?q=&subject=Technical_Assistance").status, 200) << "case aside, as every filter";
  EXPECT_EQ(get("/api/health").status, 200) << "the server keeps serving";
}

// The reading says when several subjects were answered from one, and offers the subject
// without the kind when "recommendations on X" finds none (QA findings 5 and 7 of issue 14).
TEST_F(ApiTest, TheReadingSaysWhatItCouldNotFind) {
  const Reply none = get("/api/search?q=recomendaciones%20sobre%20la%20trata%20de%20personas&ui=en");
  EXPECT_EQ(none.body["total"], 0);
  EXPECT_EQ(none.body["reading"], json::parse(R"({"kind": "recommendation", "kind_label": "Recommendation",
      "subjects": [{"id": "trafficking_in_persons", "label": "Trafficking in persons"}], "words": "la trata de personas",
      "all_subjects": true, "all_subjects_total": 0, "without_kind": {"q": "la trata de personas", "total": 112}})"));
  EXPECT_EQ(get("/api/search?q=la%20trata%20de%20personas&size=1").body["total"], 112) << "what without_kind links to";
  const Reply one = get("/api/search?q=recommendations%20on%20technical%20assistance%20and%20firearms&size=1");
  EXPECT_EQ(one.body["total"], 28);
  EXPECT_EQ(one.body["all_words"], false);
  EXPECT_EQ(one.body["reading"]["all_subjects"], false);
  EXPECT_EQ(one.body["reading"]["all_subjects_total"], 0);
  EXPECT_TRUE(one.body["reading"]["without_kind"].is_null());
}

TEST_F(ApiTest, SearchBodyIsWhatTheCommandLinePrints) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"q=trata%20de%20personas", "\"trata de personas\""},
      {"q=asistencia%20t%C3%A9cnica&session=12&ui=en", "--session 12 --ui en \"asistencia técnica\""},
      {"q=&body=WG.4&body=WG.7&lang=es&page=2&size=3", "--body WG.4 --body WG.7 --lang es --page 2 --size 3 \"\""},
      {"q=cooperation&sort=date", "--sort date cooperation"},
  };
  for (const auto& [params, args] : cases) {
    Reply http = get("/api/search?" + params);
    ASSERT_EQ(http.status, 200) << params;
    json cli = json::parse(run_command(std::string(PALERMO_SEARCH_BIN) + " query --json --db " + db().string() +
                                       " --data-dir " PALERMO_SOURCE_DIR " " + args));
    http.body.erase("took_ms");
    cli.erase("took_ms");
    EXPECT_EQ(http.body, cli) << params;
    EXPECT_GT(http.body["total"].get<int>(), 0) << params;
  }
}

TEST_F(ApiTest, ParagraphComesWithNeighboursAndDocument) {
  const Reply r = get("/api/paragraphs/cop12-note-subsidiary-bodies.es:2");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["text"],
            "En su resolución 7/1, relativa al fortalecimiento de la aplicación de la Convención y sus Protocolos, la "
            "Conferencia decidió, entre otras cosas, que el Grupo de Trabajo sobre la Trata de Personas fuera un "
            "elemento constante de la Conferencia y le presentara sus informes y recomendaciones.");
  EXPECT_EQ(r.body["para"], "2");
  EXPECT_EQ(r.body["prev"], "cop12-note-subsidiary-bodies.es:1");
  EXPECT_EQ(r.body["next"], "cop12-note-subsidiary-bodies.es:3");
  EXPECT_EQ(r.body["counterpart"], "cop12-note-subsidiary-bodies.en:2");
  EXPECT_EQ(r.body["body"]["id"], "WG.4");
  EXPECT_EQ(r.body["document"]["doc"], "cop12-note-subsidiary-bodies.es");
  EXPECT_EQ(r.body["document"]["session"], 12);
  EXPECT_EQ(r.body["document"]["place"], "Viena");
  EXPECT_EQ(r.body["document"]["body"]["id"], "SEC");
  EXPECT_EQ(r.body["document"]["body"]["label"], "Secretaría");
  // Paragraph ids may also arrive percent-encoded.
  EXPECT_EQ(get("/api/paragraphs/cop12-note-subsidiary-bodies.es%3A2").body["id"], "cop12-note-subsidiary-bodies.es:2");
}

TEST_F(ApiTest, DocumentListsItsParagraphsInReadingOrder) {
  const Reply r = get("/api/documents/cop12-note-subsidiary-bodies.en?ui=en");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["lang"], "en");
  EXPECT_EQ(r.body["session"], 12);
  EXPECT_EQ(r.body["body"]["label"], "Secretariat");
  const json& paragraphs = r.body["paragraphs"];
  EXPECT_EQ(paragraphs.size(), r.body["paragraph_count"].get<std::size_t>());
  std::vector<std::string> labels;
  for (const json& p : paragraphs) {
    if (p["kind"] == "narrative") labels.push_back(p["para"]);
  }
  ASSERT_GE(labels.size(), 3u);
  EXPECT_EQ(std::vector<std::string>(labels.begin(), labels.begin() + 3), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(paragraphs[0]["kind"], "heading");
  // Every paragraph of the English version has its Spanish counterpart, label for label.
  EXPECT_EQ(r.body["counterpart"], "cop12-note-subsidiary-bodies.es");
  const Reply spanish = get("/api/documents/cop12-note-subsidiary-bodies.es");
  ASSERT_EQ(spanish.body["paragraphs"].size(), paragraphs.size());
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    EXPECT_EQ(paragraphs[i]["counterpart"], spanish.body["paragraphs"][i]["id"]) << i;
    EXPECT_EQ(paragraphs[i]["para"], spanish.body["paragraphs"][i]["para"]) << i;
  }
}

TEST_F(ApiTest, ADocumentInOneLanguageHasNoCounterpart) {
  testing::TempDir other;
  testing::write_file(other.path() / "corpus" / "solo.es.md", "# Conferencia de las Partes\n\n1. Solo en español.\n");
  build_index(other.path() / "corpus", other.path() / "index");
  testing::ServerProcess server(other.path() / "index", other.path() / "log");
  httplib::Client c("127.0.0.1", server.port());
  auto res = c.Get("/api/documents/solo.es");
  ASSERT_TRUE(res);
  const json d = json::parse(res->body);
  EXPECT_TRUE(d["counterpart"].is_null());
  EXPECT_TRUE(d["paragraphs"][0]["counterpart"].is_null());
}

// A control character in a filter value is refused for every filter parameter (and in the
// document scope), and the message shows the whole value with the character escaped: a NUL cut it
// short. (Typed in the query, a control character is a space, as in the indexed text.)
TEST_F(ApiTest, AControlCharacterInAFilterValueIsRefusedAndShownEscaped) {
  for (const std::string name : {"subject", "kind", "body", "lang", "type", "verb", "cites", "protocol", "session", "agenda", "year"}) {
    for (const std::string control : {"%00", "%01", "%1B", "%7F"}) {
      const Reply r = get("/api/search?q=&" + name + "=tec" + control + "x");
      EXPECT_EQ(r.status, 400) << name << "=tec" << control << "x";
      ASSERT_TRUE(r.body.is_object()) << name << ": " << r.raw.substr(0, 200);
      EXPECT_EQ(r.body["error"]["code"], "bad_query") << name;
      std::string shown = control.substr(1);
      std::transform(shown.begin(), shown.end(), shown.begin(), [](unsigned char c) { return std::tolower(c); });
      EXPECT_EQ(r.body["error"]["message"], "filter " + name + " value \"tec\\x" + shown + "x\" holds a control character")
          << name << "=tec" << control << "x";
    }
  }
  const Reply subject = get("/api/search?q=&subject=technical_assistance%00x");
  EXPECT_EQ(subject.body["error"]["message"], "filter subject value \"technical_assistance\\x00x\" holds a control character");
  EXPECT_EQ(get("/api/search?q=&doc=resolution-6-4.es%00x").status, 400);
  EXPECT_EQ(get("/api/health").status, 200) << "the server keeps serving";
}

TEST_F(ApiTest, HostileInputGetsAJsonErrorAndTheServerKeepsServing) {
  struct Case {
    std::string target;
    int status;
    std::string code;
  };
  const std::string long_query(3000, 'a');
  const std::string long_url = "/api/search?q=" + std::string(10000, 'a');
  const std::vector<Case> cases{
      {"/api/search?q=" + long_query, 414, "too_long"},
      {long_url, 414, "uri_too_long"},
      {"/api/search?q=%FF%FE", 400, "bad_query"},
      {"/api/search?q=trata%20AND", 400, "bad_query"},
      {"/api/search?q=x&color=red", 400, "bad_query"},
      {"/api/search?%FF=1", 400, "bad_query"},
      {"/api/search?size=100000", 400, "bad_query"},
      {"/api/search?size=0", 400, "bad_query"},
      {"/api/search?page=-1", 400, "bad_query"},
      {"/api/search?page=1e3", 400, "bad_query"},
      {"/api/search?page=99999999999999999999", 400, "bad_query"},
      {"/api/search?q=a&q=b", 400, "bad_query"},
      {"/api/search?sort=random", 400, "bad_query"},
      {"/api/search?ui=fr", 400, "bad_query"},
      {"/api/search?session=doce", 400, "bad_query"},
      {"/api/search?format=xlsx", 400, "bad_query"},
      {"/api/search?format=csv&q=trata%20AND", 400, "bad_query"},
      {"/api/search?date_from=2014-13", 400, "bad_query"},
      {"/api/search?q=date%3A2018..2014", 400, "bad_query"},
      {"/api/search?group=documents", 400, "bad_query"},
      {"/api/suggest", 400, "bad_query"},
      {"/api/suggest?prefix=a&q=b", 400, "bad_query"},
      {"/api/suggest?prefix=" + std::string(101, 'a'), 400, "bad_query"},
      {"/api/suggest?prefix=%FF", 400, "bad_query"},
      {"/api/paragraphs/x?format=csv", 400, "bad_query"},
      {"/api/paragraphs/no-such-paragraph", 404, "not_found"},
      {"/api/paragraphs/cop12-note-subsidiary-bodies.es:2?verbose=1", 400, "bad_query"},
      {"/api/documents/no-such-document", 404, "not_found"},
      {"/api/nothing", 404, "not_found"},
      {"/static/../CMakeLists.txt", 404, "not_found"},
      {"/static/..%2FCMakeLists.txt", 404, "not_found"},
      {"/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 404, "not_found"},
      {"/static/.hidden", 404, "not_found"},
      {"/%2e%2e/%2e%2e/etc/passwd", 404, "not_found"},
      {"/doc/../../etc/passwd", 404, "not_found"},
  };
  for (const Case& c : cases) {
    const Reply r = get(c.target);
    EXPECT_EQ(r.status, c.status) << c.target.substr(0, 80);
    ASSERT_TRUE(r.body.is_object()) << c.target.substr(0, 80) << ": " << r.raw.substr(0, 200);
    EXPECT_EQ(r.body["error"]["code"], c.code) << c.target.substr(0, 80);
    EXPECT_FALSE(r.body["error"]["message"].get<std::string>().empty());
  }
  // An unbalanced quote is read leniently, not refused.
  EXPECT_EQ(get("/api/search?q=%22trata%20de").status, 200);
  auto post = client_->Post("/api/search", "q=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(json::parse(post->body)["error"]["code"], "method_not_allowed");
  EXPECT_EQ(get("/api/health").status, 200);
}

TEST_F(ApiTest, PageAndItsFilesAreServedWithASecurityPolicy) {
  for (const std::string path : {"/", "/doc/resolution-6-4.es"}) {
    const Reply page = get(path);
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.raw, "<!doctype html><title>Palermo</title>");
    EXPECT_NE(page.headers.find("Content-Security-Policy"), page.headers.end());
  }
  const Reply script = get("/static/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.headers.find("Content-Type")->second, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/static/missing.js").status, 404);
}

// Exports and feeds are files for other programs: their types and names say what they are, and a
// Host header that is not a host name never reaches a link.
TEST_F(ApiTest, ExportsAndFeedsAreServedAsFiles) {
  const Reply csv = get("/api/search?q=resoluci%C3%B3n%206%2F4&lang=es&format=csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(csv.headers.find("Content-Type")->second, "text/csv; charset=utf-8");
  EXPECT_EQ(csv.headers.find("Content-Disposition")->second, "attachment; filename=\"palermo-resolucion-6-4.csv\"");
  EXPECT_TRUE(csv.raw.starts_with("\xEF\xBB\xBFparagraph,citation,symbol,document,date,language,kind,link\r\n")) << csv.raw.substr(0, 100);
  const Reply word = get("/api/search?q=trata&format=word");
  EXPECT_EQ(word.headers.find("Content-Type")->second, "application/msword");
  EXPECT_NE(word.raw.find("<table>"), std::string::npos);
  const Reply atom = get("/api/search?q=trata&format=atom");
  EXPECT_EQ(atom.headers.find("Content-Type")->second, "application/atom+xml; charset=utf-8");
  EXPECT_TRUE(atom.raw.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  auto hostile = client_->Get("/api/search?q=trata&format=csv", {{"Host", "evil.example\"><script>"}});
  ASSERT_TRUE(hostile);
  EXPECT_EQ(hostile->body.find("evil"), std::string::npos);
  EXPECT_NE(hostile->body.find(",http://localhost/doc/"), std::string::npos);
  // Behind the TLS front, which says so, the links back are https.
  auto front = client_->Get("/api/search?q=trata&format=csv", {{"Host", "palermo.example"}, {"X-Forwarded-Proto", "https"}});
  ASSERT_TRUE(front);
  EXPECT_NE(front->body.find(",https://palermo.example/doc/"), std::string::npos);
  auto odd = client_->Get("/api/search?q=trata&format=csv", {{"Host", "palermo.example"}, {"X-Forwarded-Proto", "gopher"}});
  ASSERT_TRUE(odd);
  EXPECT_NE(odd->body.find(",http://palermo.example/doc/"), std::string::npos);
  const Reply suggest = get("/api/suggest?prefix=6%2F");
  EXPECT_EQ(suggest.status, 200);
  EXPECT_EQ(suggest.body["suggestions"][0]["text"], "6/4");
  EXPECT_EQ(suggest.body["suggestions"][0]["kind"], "number");
  // The box's last words are completed; `completes` is the part a suggestion replaces.
  const Reply last = get("/api/suggest?prefix=session%3A12%206%2F");
  EXPECT_EQ(last.body["suggestions"][0]["text"], "6/4");
  EXPECT_EQ(last.body["suggestions"][0]["completes"], "6/");
}

TEST_F(ApiTest, ConcurrentRequestsAllSucceed) {
  std::atomic<int> failures = 0;
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client c("127.0.0.1", server_->port());
      for (int i = 0; i < 25; ++i) {
        auto res = c.Get(t % 2 ? "/api/search?q=cooperaci%C3%B3n%20internacional" : "/api/search?q=technical%20assistance");
        if (!res || res->status != 200) ++failures;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(failures, 0);
}

TEST_F(ApiTest, AccessLogHasOneLinePerRequest) {
  get("/api/health");
  get("/api/search?q=secreto");
  get("/api/nothing");
  server_->stop();
  const std::string log = server_->log_text();
  EXPECT_NE(log.find("GET /api/health 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/search 200 "), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/nothing 404 "), std::string::npos) << log;
  EXPECT_EQ(log.find("secreto"), std::string::npos) << "queries stay out of the log";
}

TEST_F(ApiTest, SigtermStopsCleanly) {
  EXPECT_EQ(get("/api/health").status, 200);
  EXPECT_EQ(server_->stop(), 0);
  EXPECT_NE(server_->log_text().find("palermo-search: stopped"), std::string::npos);
}

// A document the seeds do not have, to watch it appear in a running server.
constexpr const char* kNewDocument =
    "# Conferencia de las Partes\n\n## Nota de prueba\n\n1. El quetzalcóatl aparece solo en este párrafo.\n";

TEST(ApiReopen, NewRevisionsAreServedWithoutRestartAndWithoutFailedRequests) {
  testing::TempDir tmp;
  const auto corpus = tmp.path() / "corpus";
  const auto db = tmp.path() / "index";
  testing::copy_corpus(corpus);
  build_index(corpus, db);
  testing::ServerProcess server(db, tmp.path() / "server.log");
  httplib::Client client("127.0.0.1", server.port());
  auto total = [&](const char* target) {
    auto res = client.Get(target);
    return res && res->status == 200 ? json::parse(res->body)["total"].get<int>() : -1;
  };
  EXPECT_EQ(total("/api/search?q=quetzalc%C3%B3atl"), 0);

  // Searches keep running while the index is updated and then rebuilt and swapped.
  std::atomic<bool> done = false;
  std::atomic<int> requests = 0, failures = 0;
  std::thread load([&] {
    httplib::Client c("127.0.0.1", server.port());
    while (!done) {
      auto res = c.Get("/api/search?q=cooperaci%C3%B3n");
      ++requests;
      if (!res || res->status != 200) ++failures;
    }
  });
  testing::write_file(corpus / "nota-prueba.es.md", kNewDocument);
  build_index(corpus, db);
  EXPECT_EQ(total("/api/search?q=quetzalc%C3%B3atl"), 1);
  std::filesystem::remove(corpus / "nota-prueba.es.md");
  build_index(corpus, db, /*rebuild=*/true);
  EXPECT_EQ(total("/api/search?q=quetzalc%C3%B3atl"), 0);
  while (requests < 50) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  done = true;
  load.join();
  EXPECT_GT(requests, 0);
  EXPECT_EQ(failures, 0) << "of " << requests << " requests";
}

TEST(ApiNoIndex, AnswersServiceUnavailableUntilAnIndexExists) {
  testing::TempDir tmp;
  const auto db = tmp.path() / "index";
  testing::ServerProcess server(db, tmp.path() / "server.log");
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/api/search?q=trata");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "no_index");
  build_index(testing::corpus_dir(), db);
  res = client.Get("/api/search?q=trata");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

}  // namespace
}  // namespace palermo
