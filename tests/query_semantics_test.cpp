// Queries mean what they say: the kinds of ordinary input that UN text and delegates' typing bring
// (apostrophes, ordinals, dashes, accents across inflections, accented wildcards, exclusions,
// phrase and number highlighting, spelling suggestions), each a table of queries over a small
// corpus written here, with the paragraphs each must find written out by hand. And the same
// tricky strings through the index side and the query side give the same terms.
#include <gtest/gtest.h>
#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "analysis/query_plan.h"
#include "analysis/schema.h"
#include "analysis/text.h"
#include "corpus_fixture.h"
#include "indexer/corpus_indexer.h"
#include "searcher/searcher.h"

namespace palermo {
namespace {

using Ids = std::set<std::string>;

// Paragraph ids are "<document>:<label>".
const char* const kSpanish =
    "1. El 12º período de sesiones examinó las recomendaciones.\n\n"
    "2. En su 10.º período de sesiones, la Conferencia aprobó la resolución 7/1.\n\n"
    "3. La resolución 27/1 y la decisión 7/10 recuerdan la resolución 7/1.\n\n"
    "4. La trata de personas es un delito grave; la trata de órganos también.\n\n"
    "5. Las recomendaciones sobre cooperación técnica fueron aprobadas para 2016–2019.\n\n"
    "6. Los niños migrantes objeto de tráfico ilícito.\n\n"
    "7. La trata se castiga en todos los Estados.\n\n"
    "8. Un cuestionario sobre la intermediación de armas.\n";
const char* const kEnglish =
    "1. The Secretariat’s questionnaire on brokering was welcomed.\n\n"
    "2. The Working Group met in Vienna; its work continues.\n\n"
    "3. At its 11th session, the Conference adopted a resolution.\n\n"
    "4. Plans for 2016‑2019 were discussed.\n\n"
    "5. The Secretariat's report was noted.\n\n"
    "6. Smuggled migrants need protection.\n";

class QuerySemantics : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new testing::TempDir();
    testing::write_file(tmp_->path() / "corpus" / "tipos.es.md", kSpanish);
    testing::write_file(tmp_->path() / "corpus" / "kinds.en.md", kEnglish);
    testing::write_file(tmp_->path() / "corpus" / "huerto.es.md", "1. La zanahoria crece en el huerto.\n");
    testing::write_file(tmp_->path() / "corpus" / "extra.en.md",
                        "1. Côte d’Ivoire and O’Neill sent the annual\u202Freport on smug\u200Bgling.\n");
    index();
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  static void index() {
    Analyzer analyzer(testing::analysis_options());
    CorpusIndexer indexer(testing::domain(), analyzer);
    IndexOptions options;
    options.corpus = tmp_->path() / "corpus";
    options.db = tmp_->path() / "db";
    indexer.run(options);
  }
  void SetUp() override { open(); }
  void open() { searcher_ = std::make_unique<Searcher>(tmp_->path() / "db", testing::domain(), testing::analysis_options()); }

  SearchResult search(const std::string& q, bool cross_language = false) {
    SearchRequest r;
    r.query = q;
    r.size = 100;
    r.cross_language = cross_language;
    return searcher_->search(r);
  }
  // Ids of the paragraphs holding every word (the partial matches of the relaxed pass aside).
  Ids full_matches(const std::string& q) {
    const SearchResult r = search(q);
    Ids out;
    // The paragraphs holding every word rank first; those found through a subject the words
    // name, or holding only some words, follow.
    const std::size_t full = r.all_words_total;
    for (std::size_t i = 0; i < full && i < r.hits.size(); ++i) out.insert(r.hits[i].paragraph.id);
    return out;
  }
  std::string snippet(const std::string& q, const std::string& id) {
    for (const SearchHit& h : search(q).hits) {
      if (h.paragraph.id == id) return h.snippet;
    }
    return "(" + id + " not found)";
  }

  static testing::TempDir* tmp_;
  std::unique_ptr<Searcher> searcher_;
};

testing::TempDir* QuerySemantics::tmp_ = nullptr;

struct Case {
  std::string query;
  Ids expected;
};

void expect_table(QuerySemantics* t, const std::vector<Case>& cases,
                  const std::function<Ids(const std::string&)>& run) {
  for (const Case& c : cases) EXPECT_EQ(run(c.query), c.expected) << "query: " << c.query;
}

TEST_F(QuerySemantics, ApostrophesAreOneCharacter) {
  const Ids both{"kinds.en:1", "kinds.en:5"};
  expect_table(this,
               {
                   {"secretariat questionnaire", {"kinds.en:1"}},
                   {"Secretariat’s questionnaire", {"kinds.en:1"}},
                   {"Secretariat's questionnaire", {"kinds.en:1"}},
                   {"Secretariatʼs questionnaire", {"kinds.en:1"}},  // modifier letter apostrophe
                   {"\"The Secretariat’s questionnaire on brokering\"", {"kinds.en:1"}},
                   {"\"the secretariat's questionnaire\"", {"kinds.en:1"}},
                   {"\"Secretariat’s report\"", {"kinds.en:5"}},
                   {"secretariat’s", both},
                   {"secretariat's", both},
               },
               [&](const std::string& q) { return full_matches(q); });
}

TEST_F(QuerySemantics, OrdinalsMatchEachOtherAndTheBareNumber) {
  expect_table(this,
               {
                   {"\"12 período de sesiones\"", {"tipos.es:1"}},
                   {"\"12º período de sesiones\"", {"tipos.es:1"}},
                   {"\"12° período de sesiones\"", {"tipos.es:1"}},
                   {"\"12.º período\"", {"tipos.es:1"}},
                   {"\"12ª período\"", {"tipos.es:1"}},
                   {"\"10 período de sesiones\"", {"tipos.es:2"}},  // text: "10.º período"
                   {"\"10º período\"", {"tipos.es:2"}},
                   {"\"11 session\"", {"kinds.en:3"}},            // text: "11th session"
                   {"\"11th session\"", {"kinds.en:3"}},
                   {"\"11º session\"", {"kinds.en:3"}},
               },
               [&](const std::string& q) { return full_matches(q); });
}

TEST_F(QuerySemantics, DashesBehaveAsAHyphen) {
  const Ids both{"tipos.es:5", "kinds.en:4"};  // en dash in one text, non-breaking hyphen in the other
  expect_table(this,
               {
                   {"2016-2019", both},
                   {"2016–2019", both},   // en dash
                   {"2016—2019", both},   // em dash
                   {"2016−2019", both},   // minus sign
                   {"2016‑2019", both},   // non-breaking hyphen
                   {"\"2016 2019\"", both},
               },
               [&](const std::string& q) { return full_matches(q); });
  // A dash pasted before a word is an exclusion, as a hyphen is.
  EXPECT_EQ(full_matches("trata –órganos"), (Ids{"tipos.es:7"}));
  EXPECT_EQ(full_matches("trata −órganos"), (Ids{"tipos.es:7"}));
}

TEST_F(QuerySemantics, AQueryWithoutAccentsFindsWhatTheAccentedOneFinds) {
  for (const auto& [accented, plain] : std::vector<std::pair<std::string, std::string>>{
           {"recomendación", "recomendacion"},
           {"cooperación técnica", "cooperacion tecnica"},
           {"tráfico ilícito", "trafico ilicito"},
           {"niños", "ninos"},
           {"período", "periodo"},
           {"intermediación", "intermediacion"},
       }) {
    const Ids with = full_matches(accented);
    EXPECT_FALSE(with.empty()) << accented;
    EXPECT_EQ(full_matches(plain), with) << plain << " vs " << accented;
  }
  // The singular reaches the plural through the accented spelling's stem.
  EXPECT_EQ(full_matches("recomendacion"), (Ids{"tipos.es:1", "tipos.es:5"}));
}

TEST_F(QuerySemantics, WildcardsIgnoreCaseAndAccentsAndAreHighlighted) {
  const Ids tecnica{"tipos.es:5"};
  expect_table(this,
               {
                   {"tecnic*", tecnica},
                   {"Técnic*", tecnica},
                   {"TÉCNIC*", tecnica},
                   {"Cooperación*", tecnica},
                   {"cooperacion*", tecnica},
                   {"recomendaci*", {"tipos.es:1", "tipos.es:5"}},
               },
               [&](const std::string& q) { return full_matches(q); });
  EXPECT_EQ(snippet("coopera*", "tipos.es:5"),
            "Las recomendaciones sobre <mark>cooperación</mark> técnica fueron aprobadas para 2016–2019.");
  EXPECT_EQ(snippet("Técnic*", "tipos.es:5"),
            "Las recomendaciones sobre cooperación <mark>técnica</mark> fueron aprobadas para 2016–2019.");
}

TEST_F(QuerySemantics, ExclusionsNeverReturnTheExcludedWords) {
  const std::size_t all = search("").total;
  ASSERT_EQ(all, 16u);
  // "migrantes" is in tipos.es:6; its English stem "migrant" in kinds.en:6. Glossary and
  // Protocol-name expansions must not turn the exclusion into a match.
  for (bool cross : {false, true}) {
    const SearchResult r = search("-migrantes", cross);
    EXPECT_EQ(r.total, all - 2) << "crosslang " << cross;
    for (const SearchHit& h : r.hits) {
      EXPECT_EQ(fold(h.paragraph.text).find("migrant"), std::string::npos) << h.paragraph.id << " crosslang " << cross;
    }
  }
  EXPECT_EQ(full_matches("trata -órganos"), (Ids{"tipos.es:7"}));
  EXPECT_EQ(full_matches("trata NOT organos"), (Ids{"tipos.es:7"}));
  EXPECT_EQ(full_matches("trata -\"trata de personas\""), (Ids{"tipos.es:7"}));
  // A Protocol's name excluded: nothing that names it comes back through the Protocol expansion.
  EXPECT_EQ(search("-\"trata de personas\" -trata -migrantes -migrants", true).total, all - 4);
}

TEST_F(QuerySemantics, InvisibleAndSpaceLikeCharactersAndElisions) {
  expect_table(this,
               {
                   {"smuggling", {"kinds.en:6", "extra.en:1"}},  // "smug\u200Bgling": one word
                   {"\"annual report\"", {"extra.en:1"}},        // U+202F is a space
                   {"report", {"kinds.en:5", "extra.en:1"}},
                   {"Ivoire", {"extra.en:1"}},                     // after an elided "d’"
                   {"\"Côte d'Ivoire\"", {"extra.en:1"}},
                   {"Neill", {"extra.en:1"}},
                   {"oneill", {"extra.en:1"}},
                   {"smuggled\x01migrants", {"kinds.en:6"}},       // a control character separates
               },
               [&](const std::string& q) { return full_matches(q); });
}

TEST(AccentedSpellings, OnlyForWordsOfARealLength) {
  Analyzer analyzer(testing::analysis_options());
  const std::vector<std::string> stems = analyzer.query_stems("recomendacion", "es");
  EXPECT_NE(std::find(stems.begin(), stems.end(), "recomend"), stems.end());
  // A fuzzer's 130 u's once made ~17,000 accented spellings to stem: seconds for one query.
  EXPECT_EQ(analyzer.query_stems("lou" + std::string(130, 'u'), "es").size(), 1u);
  EXPECT_GT(analyzer.query_stems("internacionalizacion", "es").size(), 1u);
}

TEST_F(QuerySemantics, MistakesAreExplainedNotGuessed) {
  for (const char* bad : {"\"trata de pers*\"", "NOT NOT trata", "¿?", "«»", "()", "-", "*"}) {
    EXPECT_THROW(search(bad), SearchError) << bad;
  }
  EXPECT_NO_THROW(search(" "));
  // Values of one field typed twice are alternatives, as in the API.
  EXPECT_EQ(search("lang:es lang:en").total, search("").total);
  EXPECT_EQ(search("trata lang:es lang:en").total, search("trata").total);
  // No suggestion for the pieces of a chunk that is not a word.
  EXPECT_FALSE(search("foo:bar").suggestion.has_value());
  EXPECT_FALSE(search("te*nica").suggestion.has_value());
}

TEST_F(QuerySemantics, HighlightingMarksOnlyWhatMatched) {
  // A query of stopwords alone marks them (nothing else could be marked).
  EXPECT_EQ(snippet("de", "tipos.es:6"), "Los niños migrantes objeto <mark>de</mark> tráfico ilícito.");
  // "7/*" is the words of "7/": never the 7 of 27 or 70.
  EXPECT_EQ(full_matches("7/*"), full_matches("7"));
  EXPECT_EQ(snippet("7/*", "tipos.es:3"),
            "La resolución 27/1 y la decisión <mark>7</mark>/10 recuerdan la resolución <mark>7</mark>/1.");
  // The phrase, not the lone "trata" of the same paragraph.
  EXPECT_EQ(snippet("\"trata de personas\"", "tipos.es:4"),
            "La <mark>trata</mark> <mark>de</mark> <mark>personas</mark> es un delito grave; la trata de órganos también.");
  // "Working Group" as a phrase, not "work".
  EXPECT_EQ(snippet("\"Working Group\"", "kinds.en:2"),
            "The <mark>Working</mark> <mark>Group</mark> met in Vienna; its work continues.");
  // A resolution number: never the pieces of other numbers.
  EXPECT_EQ(full_matches("7/1"), (Ids{"tipos.es:2", "tipos.es:3"}));
  EXPECT_EQ(snippet("7/1", "tipos.es:3"),
            "La resolución 27/1 y la decisión 7/10 recuerdan la resolución <mark>7</mark>/<mark>1</mark>.");
  // Words of an excluded part are not marked.
  EXPECT_EQ(snippet("trata -órganos", "tipos.es:7"), "La <mark>trata</mark> se castiga en todos los Estados.");
}

TEST_F(QuerySemantics, SpellingSuggestionsNeverReplaceAWordThatMatched) {
  // Every word matched (niños through its accentless form): no suggestion.
  EXPECT_FALSE(search("nino migrantes").suggestion.has_value());
  EXPECT_FALSE(search("cuestionario intermediacion").suggestion.has_value());
  // A word that matches nothing is corrected; the word that matched stays as typed.
  const SearchResult r = search("cuestionario zanahxria");
  ASSERT_TRUE(r.suggestion.has_value());
  EXPECT_EQ(*r.suggestion, "cuestionario zanahoria");
}

TEST_F(QuerySemantics, DeletedDocumentsLeaveNoSpellingBehind) {
  ASSERT_TRUE(search("zanahxria").suggestion.has_value());
  std::filesystem::remove(tmp_->path() / "corpus" / "huerto.es.md");
  index();
  open();
  EXPECT_FALSE(search("zanahxria").suggestion.has_value());
  testing::write_file(tmp_->path() / "corpus" / "huerto.es.md", "1. La zanahoria crece en el huerto.\n");
  index();
  open();
  EXPECT_EQ(search("zanahxria").suggestion, std::optional<std::string>("zanahoria"));
}

// The same tricky strings through the index side (Analyzer::index_text) and the query side (the
// QueryPlan's words, stemmed as the compiler stems them) give the same stem terms, in order.
TEST(OneTokenizer, IndexSideAndQuerySideGiveTheSameTerms) {
  Analyzer analyzer(testing::analysis_options());
  struct Row {
    std::string text;
    std::vector<std::string> stems;  // expected, Spanish analysis
  };
  const std::vector<Row> rows{
      {"Secretariat’s", {"secretariat's"}},
      {"Secretariat's", {"secretariat's"}},
      {"Secretariatʼs", {"secretariat's"}},
      {"12º período", {"12", "period"}},
      {"12.º período", {"12", "period"}},
      {"12ª reunión", {"12", "reunion"}},
      {"12° período", {"12", "period"}},
      {"11th session", {"11", "session"}},
      {"2016–2019", {"2016", "2019"}},
      {"2016—2019", {"2016", "2019"}},
      {"2016−2019", {"2016", "2019"}},
      {"2016‑2019", {"2016", "2019"}},
      {"infor\u00ADmación", {"inform"}},                    // soft hyphen
      {"\uFB01nanciación", {"financi"}},                    // ligature ﬁ
      {"te\u0301cnica", {"tecnic"}},                         // NFD accent
      {"asistencia\u00A0técnica", {"asistent", "tecnic"}},   // no-break space
      {"CTOC/COP/WG.4/2023/5", {"ctoc", "cop", "wg", "4", "2023", "5"}},
      {"7/1", {"7", "1"}},
      {"¿Qué decidió?", {"que", "decid"}},
      {"¡Bienvenidos!", {"bienven"}},
      {"«trata de personas»", {"trat", "de", "person"}},
  };
  QueryParseOptions options;
  WordTokenizer tokenizer;
  for (const Row& row : rows) {
    Xapian::Document doc;
    Xapian::termpos pos = 1;
    analyzer.index_text(row.text, "es", doc, pos);
    std::vector<std::pair<Xapian::termpos, std::string>> positional;
    const std::string z(schema::kStemPrefix);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if (!(*t).starts_with(z)) continue;
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) positional.emplace_back(*p, (*t).substr(1));
    }
    std::sort(positional.begin(), positional.end());
    std::vector<std::string> index_side;
    for (const auto& [p, stem] : positional) index_side.push_back(stem);

    std::vector<std::string> query_side;
    const QueryPlan plan = parse_query(row.text, tokenizer, options);
    for (const QueryNode* leaf : positive_leaves(plan)) {
      for (const QueryWord& w : leaf->words) query_side.push_back(analyzer.word_terms(w.form, "es").stem);
    }
    EXPECT_EQ(index_side, row.stems) << "index side: " << row.text;
    EXPECT_EQ(query_side, row.stems) << "query side: " << row.text;
  }
}

TEST(QueryPlanParse, OperatorsPhrasesFiltersAndErrors) {
  WordTokenizer tokenizer;
  QueryParseOptions options;
  options.fields = {"body", "kind"};
  auto describe = [&](const std::string& q) {
    std::function<std::string(const QueryNode&)> node = [&](const QueryNode& n) {
      std::string out = n.occur == QueryNode::Occur::excluded ? "-" : n.occur == QueryNode::Occur::required ? "+" : "";
      switch (n.kind) {
        case QueryNode::Kind::word: return out + n.words[0].form;
        case QueryNode::Kind::wildcard: return out + n.words[0].form + "*";
        case QueryNode::Kind::phrase: {
          out += "\"";
          for (std::size_t i = 0; i < n.words.size(); ++i) out += (i ? " " : "") + n.words[i].form;
          return out + "\"";
        }
        case QueryNode::Kind::filter: return out + n.field + "=" + n.value;
        case QueryNode::Kind::group:
        case QueryNode::Kind::any_of: {
          out += n.kind == QueryNode::Kind::group ? "(" : "any(";
          for (std::size_t i = 0; i < n.children.size(); ++i) out += (i ? " " : "") + node(n.children[i]);
          return out + ")";
        }
      }
      return out;
    };
    return node(parse_query(q, tokenizer, options).root);
  };
  EXPECT_EQ(describe("trata de personas"), "(trata de personas)");
  EXPECT_EQ(describe("“trata de personas” kind:operative"), "(\"trata de personas\" kind=operative)");
  EXPECT_EQ(describe("«trata» -migrantes NOT armas"), "(trata -migrantes -armas)");
  EXPECT_EQ(describe("a AND b c"), "(+a +b c)");
  EXPECT_EQ(describe("a b OR c"), "(a any(b c))");
  EXPECT_EQ(describe("(a OR b) -(c d)"), "(any(a b) -(c d))");
  EXPECT_EQ(describe("Técnic* 7/1 2016–2019"), "(Técnic* \"7 1\" \"2016 2019\")");
  EXPECT_EQ(describe("BODY:WG.4 nota:x"), "(body=WG.4 \"nota x\")");
  EXPECT_EQ(describe("body:\"WG 4\""), "(body=WG 4)");
  EXPECT_EQ(describe("¿ ¡ «» --"), "()");
  EXPECT_EQ(describe("\"sin cerrar"), "(\"sin cerrar\")");
  EXPECT_EQ(describe("trata and or not"), "(trata and or not)");
  EXPECT_EQ(describe("7/* -2016–"), "(7 -2016)");
  for (const char* bad : {"trata AND", "OR trata", "trata OR", "trata NOT", "NOT NOT trata", "\"de pers*\"", "a )",
                          "((((((((((((((((((((((((((((((((((a"}) {
    EXPECT_THROW(parse_query(bad, tokenizer, options), QuerySyntaxError) << bad;
  }
}

}  // namespace
}  // namespace palermo
