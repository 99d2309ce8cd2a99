// Query rewriting through the glossary, on a small glossary of the real file's shape, and then
// cross-language search over the seed corpus with the shipped glossary.
#include <gtest/gtest.h>

#include "corpus_fixture.h"
#include "indexer/corpus_indexer.h"
#include "analysis/schema.h"
#include "searcher/cross_language.h"
#include "searcher/facet_columns.h"
#include "searcher/parallel_versions.h"
#include "searcher/searcher.h"

namespace palermo {
namespace {

// The shipped domain tables with a glossary of four entries.
DomainData domain_with_small_glossary(const std::filesystem::path& dir) {
  std::filesystem::copy(PALERMO_SOURCE_DIR "/domain", dir, std::filesystem::copy_options::recursive);
  testing::write_file(dir / "glossary.tsv",
                      "id\tcategory\tes\ten\n"
                      "technical_assistance\tconcept\tasistencia técnica\ttechnical assistance\n"
                      "trafficking_in_persons\tcrime\ttrata de personas\ttrafficking in persons|human trafficking\n"
                      "mutual_legal_assistance\tconcept\tasistencia judicial recíproca\tmutual legal assistance\n"
                      "session\tprocedure\tperíodo de sesiones\tsession\n");
  // The shipped thesaurus names glossary entries this small glossary lacks: keep the subjects the
  // bodies name, with terms of their own.
  testing::write_file(dir / "subjects.tsv",
                      "id\tlabel_es\tlabel_en\tbroader\tglossary\tterms_es\tterms_en\n"
                      "technical_assistance\tAT\tTA\t\ttechnical_assistance\t\t\n"
                      "trafficking_in_persons\tTP\tTP\t\ttrafficking_in_persons\t\t\n"
                      "international_cooperation\tCI\tIC\t\t\tcooperación internacional\tinternational cooperation\n"
                      "firearms\tAF\tF\t\t\tarmas de fuego\tfirearms\n"
                      "smuggling_of_migrants\tTM\tSM\t\t\ttráfico de migrantes\tsmuggling of migrants\n");
  return DomainData::load(dir);
}

// The glossary terms found among a query's juxtaposed words, written "[begin,end) form | form".
std::string matches(CrossLanguage& cross, const std::string& words, const std::string& target) {
  WordTokenizer tokenizer;
  std::vector<std::string> forms;
  for (const Word& w : tokenizer.words(words)) forms.push_back(w.form);
  std::string out;
  for (const GlossaryMatch& m : cross.matches(forms, target)) {
    out += (out.empty() ? "" : "; ") + std::string("[") + std::to_string(m.begin) + "," + std::to_string(m.begin + m.length) + ")";
    for (std::size_t i = 0; i < m.equivalents.size(); ++i) {
      out += i == 0 ? " " : " | ";
      for (std::size_t j = 0; j < m.equivalents[i].size(); ++j) out += (j == 0 ? "" : " ") + m.equivalents[i][j];
    }
  }
  return out;
}

TEST(CrossLanguage, FindsGlossaryTermsOfTheOtherLanguage) {
  testing::TempDir tmp;
  const DomainData domain = domain_with_small_glossary(tmp.path() / "domain");
  Analyzer analyzer(testing::analysis_options());
  CrossLanguage cross(domain, analyzer);
  struct Case {
    std::string words, target, found;
  };
  const std::vector<Case> cases{
      {"asistencia técnica", "en", "[0,2) technical assistance"},
      {"Asistencias Técnicas", "en", "[0,2) technical assistance"},  // any inflection, case, accents
      {"asistencia tecnica", "en", "[0,2) technical assistance"},
      {"trata de personas", "en", "[0,3) trafficking in persons | human trafficking"},
      {"asistencia técnica en Viena", "en", "[0,2) technical assistance"},
      // The longest term wins: "asistencia judicial recíproca", not "asistencia".
      {"asistencia judicial recíproca", "en", "[0,3) mutual legal assistance"},
      {"technical assistance", "es", "[0,2) asistencia técnica"},
      {"human trafficking", "es", "[0,2) trata de personas"},
      {"la trata de personas y la asistencia técnica", "en",
       "[1,4) trafficking in persons | human trafficking; [6,8) technical assistance"},
      // Nothing: no term, or a term already in the target language.
      {"víctimas", "en", ""},
      {"technical assistance", "en", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(matches(cross, c.words, c.target), c.found) << c.words << " -> " << c.target;
}

class CrossLanguageSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    Analyzer analyzer(testing::analysis_options());
    CorpusIndexer indexer(testing::domain(), analyzer);
    IndexOptions options;
    options.corpus = testing::corpus_dir();
    options.db = tmp_.path() / "db";
    indexer.run(options);
    searcher_ = std::make_unique<Searcher>(options.db, testing::domain(), testing::analysis_options());
  }
  SearchResult search(const std::string& q, std::map<std::string, std::vector<std::string>> filters, bool cross = true) {
    SearchRequest r;
    r.query = q;
    r.filters = std::move(filters);
    r.size = kMaxPageSize;
    r.cross_language = cross;
    return searcher_->search(r);
  }
  testing::TempDir tmp_;
  std::unique_ptr<Searcher> searcher_;
};

TEST_F(CrossLanguageSearch, SpanishQueryFindsEnglishParagraphsAndBack) {
  // "trata de personas" -> English "trafficking in persons": resolution 10/3's operative 1 in English.
  const SearchResult en = search("trata de personas", {{"lang", {"en"}}});
  EXPECT_GT(en.total, 30u);
  bool found = false;
  for (const SearchHit& h : en.hits) {
    EXPECT_EQ(h.document.lang, "en");
    found = found || h.paragraph.id == "resolution-10-3.en:1";
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(search("trata de personas", {{"lang", {"en"}}}, false).total, 0u) << "the switch turns it off";

  // "technical assistance" -> Spanish "asistencia técnica": recommendation d) of resolution 6/4.
  // It is the only Spanish recommendation holding the words; the other 13 of the annex follow
  // through their subject (every one is on technical assistance).
  const SearchResult es = search("technical assistance", {{"lang", {"es"}}, {"kind", {"recommendation"}}});
  EXPECT_EQ(es.all_words_total, 1u);
  ASSERT_EQ(es.total, 14u);
  EXPECT_EQ(es.hits[0].paragraph.id, "resolution-6-4.es:d");
  EXPECT_NE(es.hits[0].snippet.find("<mark>asistencia</mark> <mark>técnica</mark>"), std::string::npos)
      << "the glossary's words are highlighted: " << es.hits[0].snippet;
}

TEST_F(CrossLanguageSearch, KindFiltersKeepOnlyThatKindAndTheQueryLanguageFirst) {
  const SearchResult operative = search("technical assistance", {{"kind", {"operative"}}});
  ASSERT_GT(operative.total, 0u);
  for (const SearchHit& h : operative.hits) EXPECT_EQ(h.paragraph.kind, "operative") << h.paragraph.id;
  EXPECT_EQ(operative.hits[0].document.lang, "en");
  const SearchResult recommendation = search("asistencia técnica", {{"kind", {"recommendation"}}});
  // Two hold both words (the Spanish first, then its English counterpart through the glossary);
  // the other recommendations on technical assistance, all 28 of the 6/4 annex, follow through
  // their subject, so there are ten or more and no partial matches are added.
  EXPECT_EQ(recommendation.all_words_total, 2u);
  EXPECT_TRUE(recommendation.all_words);
  ASSERT_EQ(recommendation.total, 28u);
  EXPECT_EQ(recommendation.hits[0].paragraph.id, "resolution-6-4.es:d");
  EXPECT_EQ(recommendation.hits[1].paragraph.id, "resolution-6-4.en:d");
  for (const SearchHit& h : recommendation.hits) EXPECT_EQ(h.paragraph.kind, "recommendation") << h.paragraph.id;
}

// A paragraph's other-language version says the same in words the glossary does not translate:
// it follows the paragraph holding the words, scored below it. "intragubernamental" is only in
// recommendation a) i) of resolution 6/4 in Spanish ("Promote intragovernmental coordination").
TEST_F(CrossLanguageSearch, TheOtherLanguageVersionFollowsAParagraphHoldingTheWords) {
  const SearchResult both = search("intragubernamental", {});
  ASSERT_EQ(both.total, 2u);
  EXPECT_EQ(both.hits[0].paragraph.id, "resolution-6-4.es:a-i");
  EXPECT_EQ(both.hits[1].paragraph.id, "resolution-6-4.en:a-i");
  EXPECT_LT(both.hits[1].score, both.hits[0].score);
  std::map<std::string, std::size_t> langs;
  for (const FacetValue& v : both.facets.at("lang")) langs[v.value] = v.count;
  EXPECT_EQ(langs, (std::map<std::string, std::size_t>{{"en", 1}, {"es", 1}}));

  // Choosing English keeps the English version, as the language facet counted it.
  const SearchResult en = search("intragubernamental", {{"lang", {"en"}}});
  ASSERT_EQ(en.total, 1u);
  EXPECT_EQ(en.hits[0].paragraph.id, "resolution-6-4.en:a-i");

  // The switch turns it off; an exclusion keeps the query to its words.
  const SearchResult off = search("intragubernamental", {}, false);
  ASSERT_EQ(off.total, 1u);
  EXPECT_EQ(off.hits[0].paragraph.id, "resolution-6-4.es:a-i");
  const SearchResult excluding = search("intragubernamental -armas", {});
  ASSERT_EQ(excluding.total, 1u);
  EXPECT_EQ(excluding.hits[0].paragraph.id, "resolution-6-4.es:a-i");
}

// The best matches of disjoint parts (one per language), merged, are the best of the whole query:
// counterparts_of_best answers the same with parts as without, ties at the cut included
// (parallel_versions.h), whether few or many paragraphs match and the best are few or many.
TEST_F(CrossLanguageSearch, TheBestOfEachLanguageTogetherAreTheBestOfTheWhole) {
  const Xapian::Database db((tmp_.path() / "db").string());
  Analyzer analyzer(testing::analysis_options());
  const std::vector<std::string> languages{"es", "en"};
  auto stem = [&](const std::string& word, const std::string& lang) {
    return std::string(schema::kStemPrefix) + analyzer.word_terms(word, lang).stem;
  };
  auto phrase = [&](std::vector<std::string> words, const std::string& lang) {
    std::vector<Xapian::Query> terms;
    for (const std::string& w : words) terms.emplace_back(stem(w, lang));
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
  };
  auto lang_term = [](const std::string& lang) { return Xapian::Query(schema::filter_term(*schema::facet("lang"), lang)); };
  // As the query builder writes them: each language's words filtered to that language, OR-ed.
  // First those whose versions gain (paragraphs holding the words in one language only), then
  // those both versions of which hold the words (so none gains).
  const std::vector<std::pair<std::string, std::function<Xapian::Query(const std::string&)>>> queries{
      {"intragubernamental", [&](const std::string& lang) { return Xapian::Query(stem("intragubernamental", lang)); }},
      // Unrelated words in each language: the best of both languages compete for the cut.
      {"víctimas / firearms", [&](const std::string& lang) { return Xapian::Query(lang == "es" ? stem("víctimas", lang) : stem("firearms", lang)); }},
      // Every match scored alike: the cut falls among ties, which Xapian orders by docid.
      {"operative / preambular paragraphs, one score", [&](const std::string& lang) {
         const std::string kind = lang == "es" ? "operative" : "preambular";
         return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query((new Xapian::FixedWeightPostingSource(1.0))->release()),
                              Xapian::Query(schema::filter_term(*schema::facet("kind"), kind)));
       }},
      {"trata de personas / trafficking in persons", [&](const std::string& lang) {
         return lang == "es" ? phrase({"trata", "de", "personas"}, lang)
                             : Xapian::Query(Xapian::Query::OP_OR, phrase({"trafficking", "in", "persons"}, lang),
                                             Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, phrase({"human", "trafficking"}, lang), 0.7));
       }},
      {"protocolo / protocol", [&](const std::string& lang) { return Xapian::Query(stem(lang == "es" ? "protocolo" : "protocol", lang)); }},
      {"asistencia técnica / technical assistance", [&](const std::string& lang) {
         return lang == "es" ? Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(stem("asistencia", lang)), Xapian::Query(stem("técnica", lang)))
                             : Xapian::Query(Xapian::Query::OP_AND, Xapian::Query(stem("technical", lang)), Xapian::Query(stem("assistance", lang)));
       }},
  };
  for (std::size_t q = 0; q < queries.size(); ++q) {
    const auto& [name, words] = queries[q];
    auto whole = [&, &words = words] {
      std::vector<Xapian::Query> per_language;
      for (const std::string& lang : languages) per_language.emplace_back(Xapian::Query::OP_FILTER, words(lang), lang_term(lang));
      return Xapian::Query(Xapian::Query::OP_OR, per_language.begin(), per_language.end());
    };
    auto parts = [&, &words = words] {
      std::vector<Xapian::Query> out;
      for (const std::string& lang : languages) out.emplace_back(Xapian::Query::OP_FILTER, words(lang), lang_term(lang));
      return out;
    };
    for (const std::size_t best : {1u, 3u, 10u, 100u}) {
      const std::string one_match = counterparts_of_best(db, {whole, {}}, languages, {best, 0.7}).get_description();
      const std::string by_parts = counterparts_of_best(db, {whole, parts}, languages, {best, 0.7}).get_description();
      EXPECT_EQ(by_parts, one_match) << name << ", best " << best;
      if (q < 4) EXPECT_NE(one_match, Xapian::Query().get_description()) << name << ", best " << best << ": some counterpart gains";
    }
  }
}

// The per-revision column of counterparts (by docid) says what the one rule, by terms, says, for
// every paragraph of the index; and the versions lent weight found through it are those found by
// terms, to the last bit of their weights.
TEST_F(CrossLanguageSearch, TheCounterpartColumnAgreesWithTheRuleByTerms) {
  // The corpus and a note in Spanish only, whose paragraphs have no counterpart.
  testing::copy_corpus(tmp_.path() / "corpus");
  testing::write_file(tmp_.path() / "corpus" / "nota-sola.es.md",
                      "# Nota sola\n\n1. La Conferencia recuerda el Protocolo.\n\n2. Sin versión en inglés.\n");
  Analyzer indexing(testing::analysis_options());
  CorpusIndexer indexer(testing::domain(), indexing);
  IndexOptions options;
  options.corpus = tmp_.path() / "corpus";
  options.db = tmp_.path() / "db2";
  indexer.run(options);
  Xapian::Database db(options.db.string());  // FacetColumns may reopen it (remote shards)
  const FacetColumns columns(db);
  const CounterpartColumn* column = columns.counterparts();
  ASSERT_NE(column, nullptr);
  const std::vector<std::string> languages{"es", "en"};
  std::size_t with = 0, without = 0;
  for (auto it = db.valuestream_begin(schema::kParagraphIdSlot); it != db.valuestream_end(schema::kParagraphIdSlot); ++it) {
    const std::optional<std::string> by_terms = counterpart_paragraph_id(db, *it, languages);
    const std::optional<RankedParagraph> by_column = column->counterpart({*it, 0, it.get_docid()});
    ASSERT_EQ(by_column.has_value(), by_terms.has_value()) << *it;
    if (!by_terms) {
      ++without;
      continue;
    }
    ++with;
    EXPECT_EQ(by_column->id, *by_terms) << *it;
    const Xapian::PostingIterator term = db.postlist_begin(std::string(schema::kParagraphIdPrefix) + *by_terms);
    EXPECT_EQ(by_column->docid, *term) << *it;
  }
  EXPECT_GT(with, 100u);
  EXPECT_GT(without, 0u);  // paragraphs whose anchor the other version lacks

  Analyzer analyzer(testing::analysis_options());
  for (const std::string word : {"protocolo", "víctimas", "intragubernamental"}) {
    auto matched = [&] {
      std::vector<Xapian::Query> per_language;
      for (const std::string& lang : languages) {
        per_language.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query(std::string(schema::kStemPrefix) + analyzer.word_terms(word, lang).stem),
                                  Xapian::Query(schema::filter_term(*schema::facet("lang"), lang)));
      }
      return Xapian::Query(Xapian::Query::OP_OR, per_language.begin(), per_language.end());
    };
    const std::vector<RankedParagraph> best = best_matches(db, {matched, {}}, {});
    const std::vector<VersionLift> by_terms = version_lifts(db, best, matched, languages, {});
    const std::vector<VersionLift> by_column = version_lifts(db, best, matched, languages, {}, column);
    ASSERT_EQ(by_column.size(), by_terms.size()) << word;
    ASSERT_FALSE(by_terms.empty()) << word;
    for (std::size_t i = 0; i < by_terms.size(); ++i) {
      EXPECT_EQ(by_column[i].id, by_terms[i].id) << word;
      EXPECT_EQ(by_column[i].docid, by_terms[i].docid) << word;
      EXPECT_EQ(by_column[i].extra, by_terms[i].extra) << word;
      EXPECT_EQ(by_column[i].own, by_terms[i].own) << word;
    }
  }
}

}  // namespace
}  // namespace palermo
