// Unit tests of the shared analysis pipeline: normalisation, word breaking, term generation.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/records.h"
#include "analysis/schema.h"
#include "analysis/text.h"
#include "analysis/tokenizer.h"

namespace palermo {
namespace {

AnalysisOptions test_options() {
  AnalysisOptions options;
  options.stopwords_dir = PALERMO_SOURCE_DIR "/stopwords";
  return options;
}

struct FoldCase {
  const char* input;
  const char* casefolded;
  const char* folded;
};

TEST(Text, CasefoldAndFold) {
  const FoldCase cases[] = {
      {"Año", "año", "ano"},
      {"NIÑOS", "niños", "ninos"},
      {"Técnica", "técnica", "tecnica"},
      {"12º", "12o", "12o"},
      {"13ª", "13a", "13a"},
      {"CTOC/COP/WG.4/2023/5", "ctoc/cop/wg.4/2023/5", "ctoc/cop/wg.4/2023/5"},
      {"Pingüino", "pingüino", "pinguino"},
      {"e\xCC\x81xito", "éxito", "exito"},  // decomposed input: NFKC composes it first
      {"ﬁnanciación", "financiación", "financiacion"},  // ligature
  };
  for (const auto& c : cases) {
    EXPECT_EQ(casefold(c.input), c.casefolded) << c.input;
    EXPECT_EQ(fold(c.input), c.folded) << c.input;
  }
}

// What a program echoes of its input (error messages, access log) cannot act on a terminal or
// a log viewer: the retrial of issue 13 logged a path with U+202E (right-to-left override) as is.
TEST(Text, PrintableEscapesWhatActsOnALine) {
  EXPECT_EQ(printable("asistencia técnica"), "asistencia técnica");
  EXPECT_EQ(printable("a\nb\x1b[31m\\"), "a\\x0ab\\x1b[31m\\x5c");
  EXPECT_EQ(printable("invoice\xe2\x80\xaegnp.exe"), "invoice\\xe2\\x80\\xaegnp.exe");   // U+202E
  EXPECT_EQ(printable("a\xe2\x80\x8b" "b"), "a\\xe2\\x80\\x8bb");                          // U+200B zero width space
  EXPECT_EQ(printable("a\xe2\x80\xa8" "b"), "a\\xe2\\x80\\xa8b");                          // U+2028 line separator
  EXPECT_EQ(printable("\xef\xbb\xbfx"), "\\xef\\xbb\\xbfx");                              // U+FEFF
  EXPECT_EQ(printable("\xc2\x85"), "\\xc2\\x85");                                              // C1 NEL
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");                                  // a surrogate: not UTF-8
  EXPECT_EQ(printable("a b", {.escape_spaces = true}), "a\\x20b");
}

TEST(Text, Utf8Validation) {
  EXPECT_EQ(utf8_error("niños"), std::nullopt);
  EXPECT_EQ(utf8_error(""), std::nullopt);
  EXPECT_EQ(utf8_error("ab\xff"), 2u);
  EXPECT_EQ(utf8_error("a\xc3"), 1u);        // truncated sequence
  EXPECT_EQ(utf8_error("\xc0\xaf"), 0u);     // overlong encoding
}

std::vector<std::string> word_texts(const std::string& text) {
  WordTokenizer tokenizer;
  std::vector<std::string> out;
  for (const Word& w : tokenizer.words(text)) out.emplace_back(w.text);
  return out;
}

TEST(Tokenizer, SplitsIntoWordsAndTheWordsOfSymbols) {
  using V = std::vector<std::string>;
  EXPECT_EQ(word_texts("Conforme a la resolución 7/1, los informes"),
            (V{"Conforme", "a", "la", "resolución", "7", "1", "los", "informes"}));
  EXPECT_EQ(word_texts("([CTOC/COP/WG.4/2023/5](#) y"), (V{"CTOC", "COP", "WG", "4", "2023", "5", "y"}));
  EXPECT_EQ(word_texts("vols. 2225, 2237 y 2.326; 12º período"),
            (V{"vols", "2225", "2237", "y", "2.326", "12º", "período"}));  // text as written; form "12"
  EXPECT_EQ(word_texts("alianzas público-privadas (COVID-19)"),
            (V{"alianzas", "público", "privadas", "COVID", "19"}));
  EXPECT_EQ(word_texts("“el conjunto del gobierno”"), (V{"el", "conjunto", "del", "gobierno"}));
  EXPECT_TRUE(word_texts("").empty());
  EXPECT_TRUE(word_texts(" ,.;— ").empty());
}

TEST(Tokenizer, ReportsByteOffsets) {
  WordTokenizer tokenizer;
  const std::string text = "Año técnico";
  auto words = tokenizer.words(text);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(text.substr(words[1].begin, words[1].end - words[1].begin), "técnico");
}

TEST(Analyzer, WordTerms) {
  Analyzer analyzer(test_options());
  struct Case {
    const char* word;
    const char* lang;
    const char* stem;
  };
  const Case cases[] = {
      {"Aplicación", "es", "aplic"},
      {"aplicaciones", "es", "aplic"},
      {"niños", "es", "nin"},
      {"Estados", "es", "estad"},
      {"técnica", "es", "tecnic"},
      {"Trafficking", "en", "traffick"},
      {"7", "es", "7"},
  };
  for (const auto& c : cases) {
    WordTerms t = analyzer.word_terms(c.word, c.lang);
    EXPECT_EQ(t.stem, c.stem) << c.word;
    EXPECT_EQ(t.exact, casefold(c.word));
    EXPECT_EQ(t.folded, fold(c.word));
  }
}

TEST(Analyzer, SettingsNameVersionLanguagesAndStopLists) {
  Analyzer analyzer(test_options());
  auto settings = analyzer.settings();
  auto has = [&](const std::string& key) {
    return std::any_of(settings.begin(), settings.end(), [&](const auto& kv) { return kv.first == key; });
  };
  EXPECT_TRUE(has("analysis.version"));
  EXPECT_TRUE(has("analysis.languages"));
  EXPECT_TRUE(has("analysis.stopwords.es"));
  EXPECT_TRUE(has("analysis.stopwords.en"));
}

TEST(Analyzer, UnknownLanguageIsRejected) {
  AnalysisOptions options = test_options();
  options.languages = {"xx"};
  EXPECT_THROW(Analyzer{options}, std::runtime_error);
}

// A record goes into its value slot deflated and comes back as written; a damaged value comes
// back as stored (then it is no JSON: a damaged record), never as a huge allocation.
TEST(Records, ARecordComesBackAsWrittenAndADamagedOneAsStored) {
  Xapian::Document doc;
  const std::string json = R"({"id":"resolution-6-4.es:2","text":"Exhorta a los Estados parte a que presten asistencia técnica… «trata de personas»"})";
  set_record(doc, json);
  EXPECT_LT(doc.get_value(schema::kRecordSlot).size(), json.size() + 16);
  EXPECT_NE(doc.get_value(schema::kRecordSlot), json);
  EXPECT_EQ(record_of(doc), json);
  EXPECT_EQ(record_from_value(doc.get_value(schema::kRecordSlot)), json);

  // A size field claiming 4 GiB, a stream cut short, a plain JSON value, an empty one.
  std::string huge = doc.get_value(schema::kRecordSlot);
  huge[3] = '\xff';
  const std::string cut = doc.get_value(schema::kRecordSlot).substr(0, 10);
  for (const std::string& stored : {huge, cut, json, std::string()}) {
    EXPECT_EQ(record_from_value(stored), stored);
  }
  EXPECT_THROW((void)nlohmann::json::parse(record_from_value(cut)), nlohmann::json::exception);
}

}  // namespace
}  // namespace palermo
