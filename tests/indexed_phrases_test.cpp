// Phrases held as terms (analysis/indexed_phrases.h): the scan that finds them in a paragraph's
// words, and that matching a held phrase by its terms answers exactly as matching it by positions:
// the same paragraphs, scores, totals and facets, JSON for JSON.
#include <gtest/gtest.h>
#include <xapian.h>

#include <fstream>

#include "analysis/indexed_phrases.h"
#include "analysis/schema.h"
#include "corpus_fixture.h"
#include "held_phrases_fixture.h"
#include "indexer/corpus_indexer.h"
#include "indexer/paragraph_document.h"
#include "searcher/result_json.h"
#include "searcher/searcher.h"

namespace palermo {
namespace {

std::vector<std::string> scan(const IndexedPhrases& phrases, const std::vector<std::vector<std::string>>& positions) {
  IndexedPhrases::Scan s(phrases);
  std::vector<std::string_view> ended;
  for (const auto& stems : positions) {
    if (stems.empty()) {
      s.gap();
    } else {
      s.next(stems, ended);
    }
  }
  return {ended.begin(), ended.end()};
}

TEST(IndexedPhrases, AScanSaysEachHeldPhraseWhereItsLastWordIs) {
  const IndexedPhrases phrases({{"a", "b", "c"}, {"b", "c"}, {"x", "y"}, {"lonely"}, {"has space", "z"}});
  EXPECT_EQ(phrases.size(), 3u);  // one word, and a stem with a space, are not phrases
  EXPECT_EQ(scan(phrases, {{"a"}, {"b"}, {"c"}}), (std::vector<std::string>{"XPa b c", "XPb c"}));
  // A phrase begins again inside a broken one: "a a b c".
  EXPECT_EQ(scan(phrases, {{"a"}, {"a"}, {"b"}, {"c"}}), (std::vector<std::string>{"XPa b c", "XPb c"}));
  // A word with an elided article stands at one position with its stems: "l'x" then "y".
  EXPECT_EQ(scan(phrases, {{"lx", "x", "lx2"}, {"y"}}), (std::vector<std::string>{"XPx y"}));
  // A word too long to index breaks the run, as a missing position breaks OP_PHRASE.
  EXPECT_TRUE(scan(phrases, {{"a"}, {}, {"b"}, {"c"}}) == (std::vector<std::string>{"XPb c"}));
  EXPECT_TRUE(scan(phrases, {{"c"}, {"b"}, {"a"}, {"y"}, {"x"}}).empty());
}

TEST(IndexedPhrases, TermsOfAPhraseAreGivenOnlyWhenEveryCombinationIsHeld) {
  const IndexedPhrases phrases({{"a", "b"}, {"a2", "b"}, {"x", "y"}});
  EXPECT_EQ(phrases.terms_of({{"a", "a2"}, {"b"}}), (std::vector<std::string>{"XPa b", "XPa2 b"}));
  EXPECT_TRUE(phrases.terms_of({{"a", "a3"}, {"b"}}).empty());  // "a3 b" is not held: by positions
  EXPECT_TRUE(phrases.terms_of({{"a"}}).empty());
  EXPECT_TRUE(phrases.terms_of({{"x"}, {"y"}, {"z"}}).empty());
  EXPECT_TRUE(phrases.holds({"x", "y"}));
  EXPECT_FALSE(phrases.holds({"y", "x"}));
  // A stem with a space (NFKC turns U+FDFA into four words) is not two stems: "a b" then "c" is
  // not the phrase "a b c" (a fresh tester's F3).
  const IndexedPhrases three({{"a", "b", "c"}});
  EXPECT_TRUE(three.terms_of({{"a b"}, {"c"}}).empty());
  EXPECT_EQ(three.terms_of({{"a"}, {"b"}, {"c"}}), (std::vector<std::string>{"XPa b c"}));
}

TEST(IndexedPhrases, TheListReadsBackFromTheIndexMetadataAndNothingElseDoes) {
  const IndexedPhrases phrases({{"trat", "de", "person"}, {"technic", "assist"}});
  const IndexedPhrases back = IndexedPhrases::from_metadata(phrases.metadata());
  EXPECT_EQ(back.size(), 2u);
  EXPECT_TRUE(back.holds({"trat", "de", "person"}));
  EXPECT_TRUE(back.holds({"technic", "assist"}));
  EXPECT_EQ(IndexedPhrases::from_metadata("").size(), 0u);
  EXPECT_EQ(IndexedPhrases::from_metadata(IndexedPhrases().metadata()).size(), 0u);
  // A list edited or cut with its first line intact is no list (a fresh tester's F2: a phrase
  // added by hand was believed held, and its paragraphs, which have no term, were not found).
  EXPECT_EQ(IndexedPhrases::from_metadata(phrases.metadata() + "\nde octubr").size(), 0u);
  const std::string value = phrases.metadata();
  EXPECT_EQ(IndexedPhrases::from_metadata(value.substr(0, value.size() - 1)).size(), 0u);
  EXPECT_EQ(IndexedPhrases::from_metadata(value.substr(0, value.rfind('\n'))).size(), 0u);
  EXPECT_EQ(IndexedPhrases::from_metadata("trat de person\ntechnic assist").size(), 0u);  // no header
  EXPECT_EQ(IndexedPhrases::from_metadata(std::string("palermo-phrases 1\n\xff\xfe\n\n a\n", 25)).size(), 0u);
}

class HeldPhrases : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new testing::TempDir();
    Analyzer analyzer(testing::analysis_options());
    CorpusIndexer indexer(testing::domain(), analyzer);
    IndexOptions options;
    options.corpus = testing::corpus_dir();
    options.db = tmp_->path() / "db";
    ASSERT_TRUE(indexer.run(options).skipped.empty());
  }
  static void TearDownTestSuite() {
    delete tmp_;
    tmp_ = nullptr;
  }
  static std::filesystem::path db() { return tmp_->path() / "db"; }
  static testing::TempDir* tmp_;
};

testing::TempDir* HeldPhrases::tmp_ = nullptr;

using testing::by_positions;

TEST_F(HeldPhrases, EveryHeldPhrasesTermIsInExactlyTheParagraphsWhereItsWordsFollowEachOther) {
  const Xapian::Database index(db().string());
  const std::string recorded = index.get_metadata(std::string(schema::kPhrasesKey));
  Analyzer analyzer(testing::analysis_options());
  // The index holds the glossary's phrases, recorded when it was created.
  ASSERT_EQ(recorded, glossary_phrases(testing::domain(), analyzer).metadata());
  const IndexedPhrases phrases = IndexedPhrases::from_metadata(recorded);
  ASSERT_GT(phrases.size(), 500u);
  std::size_t lines = 0, found = 0;
  for (const PhraseStems& stems : testing::recorded_phrases(recorded)) {
    ++lines;
    const Xapian::doccount expected = by_positions(index, stems);
    EXPECT_EQ(index.get_termfreq(phrase_term(stems)), expected) << phrase_term(stems);
    found += expected > 0;
  }
  EXPECT_EQ(lines, phrases.size());
  EXPECT_GT(found, 40u);  // the seed corpus says many of them
  EXPECT_EQ(index.get_termfreq("XPtrat de person"), by_positions(index, {"trat", "de", "person"}));
  EXPECT_GE(index.get_termfreq("XPtrat de person"), 10u);
}

TEST_F(HeldPhrases, SearchesAnswerTheSameByTermsAsByPositions) {
  SearcherOptions positions;
  positions.held_phrases = SearcherOptions::HeldPhrases::by_positions;
  Searcher by_terms(db(), testing::domain(), testing::analysis_options());
  Searcher by_positions(db(), testing::domain(), testing::analysis_options(), positions);
  const std::vector<std::string> queries{
      "\"trata de personas\"", "\"trafficking in persons\"", "trata de personas", "trafficking in persons",
      "\"asistencia técnica\"", "\"asistencia tecnica\"", "\"technical assistance\"", "asistencia técnica",
      "\"cooperación internacional\"", "\"international cooperation\"", "\"delincuencia organizada transnacional\"",
      "\"transnational organized crime\"", "\"Conferencia de las Partes\"", "\"Conference of the Parties\"",
      "\"Protocolo contra la Trata de Personas\"", "\"trata de personas\" OR \"tráfico ilícito de migrantes\"",
      "protocolo -\"trata de personas\"", "\"grupo de trabajo\" +\"asistencia técnica\"",
      "\"los Estados parte\"", "\"Estados parte\"", "recomendaciones sobre asistencia técnica",
      "\"technical assistance\" kind:recommendation", "\"smuggling of migrants\" lang:es"};
  std::size_t answered = 0;
  for (const std::string& q : queries) {
    for (const bool cross : {true, false}) {
      for (const auto sort : {SortOrder::relevance, SortOrder::date}) {
        SearchRequest request;
        request.query = q;
        request.cross_language = cross;
        request.sort = sort;
        request.size = 50;
        request.cache = CachePolicy::bypass;
        nlohmann::json a = to_json(by_terms.search(request));
        nlohmann::json b = to_json(by_positions.search(request));
        a.erase("took_ms");
        b.erase("took_ms");
        EXPECT_EQ(a, b) << q << (cross ? " crosslang" : "") << (sort == SortOrder::date ? " by date" : "");
        answered += a["total"].get<std::size_t>() > 0;
      }
    }
  }
  EXPECT_GE(answered, queries.size() * 4 - 8);  // the comparisons are of real answers
}

// The glossary is edited after the index was created: later runs index with the list the index
// recorded, so that a phrase is held by every paragraph or by none; --rebuild takes the new list.
TEST(HeldPhrasesOfAnIndex, AreThoseOfItsCreationUntilRebuilt) {
  testing::TempDir tmp;
  const std::filesystem::path corpus = tmp.path() / "corpus", db = tmp.path() / "db", edited = tmp.path() / "domain";
  testing::copy_corpus(corpus);
  std::filesystem::copy(PALERMO_SOURCE_DIR "/domain", edited, std::filesystem::copy_options::recursive);
  std::ofstream(edited / "glossary.tsv", std::ios::app) << "month_of_october\tconcept\tde octubre\tof October\n";
  const DomainData edited_domain = DomainData::load(edited);
  Analyzer analyzer(testing::analysis_options());
  const PhraseStems added{analyzer.word_terms("de", "es").stem, analyzer.word_terms("octubre", "es").stem};
  IndexOptions options;
  options.corpus = corpus;
  options.db = db;
  CorpusIndexer(testing::domain(), analyzer).run(options);
  const std::string recorded = Xapian::Database(db.string()).get_metadata(std::string(schema::kPhrasesKey));

  // A new document, indexed with the edited glossary: not a paragraph gets the new phrase's term.
  std::filesystem::copy_file(corpus / "resolution-10-3.es.md", corpus / "resolution-10-3-copy.es.md");
  ASSERT_EQ(CorpusIndexer(edited_domain, analyzer).run(options).indexed, 1u);
  {
    const Xapian::Database index(db.string());
    EXPECT_EQ(index.get_metadata(std::string(schema::kPhrasesKey)), recorded);
    EXPECT_EQ(index.get_termfreq(phrase_term(added)), 0u);
    EXPECT_EQ(by_positions(index, added), 14u);  // "de octubre" in the seed corpus and the copy
    // The new document's paragraphs hold the recorded phrases.
    EXPECT_EQ(index.get_termfreq("XPtrat de person"), by_positions(index, {"trat", "de", "person"}));
  }
  SearchRequest request;
  request.query = "\"de octubre\"";
  request.cache = CachePolicy::bypass;
  SearcherOptions positions;
  positions.held_phrases = SearcherOptions::HeldPhrases::by_positions;
  nlohmann::json a = to_json(Searcher(db, edited_domain, testing::analysis_options()).search(request));
  nlohmann::json b = to_json(Searcher(db, edited_domain, testing::analysis_options(), positions).search(request));
  a.erase("took_ms");
  b.erase("took_ms");
  EXPECT_EQ(a, b);
  EXPECT_GE(a["total"].get<int>(), 14);

  // Rebuilt: the edited glossary's list, its new phrase held.
  options.rebuild = true;
  CorpusIndexer(edited_domain, analyzer).run(options);
  const Xapian::Database index(db.string());
  EXPECT_NE(index.get_metadata(std::string(schema::kPhrasesKey)), recorded);
  EXPECT_EQ(index.get_termfreq(phrase_term(added)), by_positions(index, added));
  EXPECT_EQ(index.get_termfreq(phrase_term(added)), 14u);
}

}  // namespace
}  // namespace palermo
