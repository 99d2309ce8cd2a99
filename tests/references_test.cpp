// What paragraphs refer to: the Protocols they mention and what they cite. Unit cases on sentences
// written as UN texts write them, then the protocol and cites filters over the seed corpus against
// lists made by reading every paragraph.
#include <gtest/gtest.h>

#include <set>

#include "corpus_fixture.h"
#include "indexer/corpus_indexer.h"
#include "references/reference_finder.h"
#include "searcher/searcher.h"

namespace palermo {
namespace {

using Ids = std::set<std::string>;

struct ProtocolCase {
  std::string text;
  std::string title;  // of the document the paragraph is in
  std::vector<std::string> protocols;
};

TEST(ReferenceFinder, ProtocolsByTheirNamesInBothLanguages) {
  const std::string trafficking_title =
      "Aplicación efectiva del Protocolo para Prevenir, Reprimir y Sancionar la Trata de Personas, Especialmente "
      "Mujeres y Niños, que complementa la Convención de las Naciones Unidas contra la Delincuencia Organizada "
      "Transnacional";
  const std::vector<ProtocolCase> cases{
      {"acceding to the Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
       "", {"trafficking"}},
      {"la aplicación del Protocolo contra el Tráfico Ilícito de Migrantes por Tierra, Mar y Aire", "", {"migrants"}},
      {"with regard to the Smuggling of Migrants Protocol.", "", {"migrants"}},
      {"del Protocolo contra la Fabricación y el Tráfico Ilícitos de Armas de Fuego, sus Piezas y Componentes y Municiones",
       "", {"firearms"}},
      {"the ratification of the Firearms Protocol", "", {"firearms"}},
      {"the twentieth anniversary of the Palermo Protocol", "", {"trafficking"}},
      {"the implementation of the Convention and the Protocols thereto", "",
       {"convention", "trafficking", "migrants", "firearms"}},
      {"la aplicación de la Convención y sus Protocolos", "", {"convention", "trafficking", "migrants", "firearms"}},
      {"consistent with the Organized Crime Convention", "", {"convention"}},
      // A bare "the Protocol" is the one the document's title names, or the one the paragraph names.
      {"el impacto que ha tenido el Protocolo en los últimos 20 años", trafficking_title, {"trafficking"}},
      {"the impact that the Protocol has had over the past 20 years", "", {}},
      {"the Smuggling of Migrants Protocol and the work under the Protocol", trafficking_title, {"migrants"}},
      // "both Protocols": the two whose subjects the paragraph names.
      {"components of trafficking in persons and the smuggling of migrants ... States parties to both Protocols", "",
       {"trafficking", "migrants"}},
      {"de la trata de personas y el tráfico de migrantes ... los Estados partes en ambos Protocolos", "",
       {"trafficking", "migrants"}},
      // Other instruments are not the Convention or its Protocols.
      {"la Convención de las Naciones Unidas contra la Corrupción", "", {}},
      {"the United Nations Convention against Corruption and the Optional Protocol to the Convention on the Rights of "
       "the Child", "", {}},
      {"the Working Group on Trafficking in Persons met", "", {}},
  };
  ReferenceFinder finder(testing::domain());
  for (const ProtocolCase& c : cases) {
    EXPECT_EQ(finder.find(c.text, finder.context_of(c.title)).protocols, c.protocols) << c.text;
  }
}

struct CitationCase {
  std::string text;
  std::vector<std::string> values;  // kind:value
};

TEST(ReferenceFinder, CitationsKeepEachIssuerDistinct) {
  const std::vector<CitationCase> cases{
      {"En su resolución 7/1, relativa al fortalecimiento", {"resolution:7/1"}},
      {"Pursuant to decision 4/4 of the Conference of the Parties", {"decision:4/4"}},
      {"su decisión 4/4, de 17 de octubre de 2008, y su resolución 5/2, de 22 de octubre de 2010,",
       {"decision:4/4", "resolution:5/2"}},
      {"las resoluciones 6/4 y 7/1 de la Conferencia", {"resolution:6/4", "resolution:7/1"}},
      {"la resolución 70/1 de la Asamblea General", {"resolution:A/RES/70/1"}},
      {"the adoption by the General Assembly of resolution 70/1 of 25 September 2015", {"resolution:A/RES/70/1"}},
      {"la aprobación por la Asamblea General de la resolución 70/1, de 25 de septiembre de 2015",
       {"resolution:A/RES/70/1"}},
      {"la Asamblea General, en su resolución 55/25", {"resolution:A/RES/55/25"}},
      {"recalling further General Assembly resolutions 61/144 of 19 December 2006, 61/180 of 20 December 2006 and "
       "74/176 of 18 December 2019,",
       {"resolution:A/RES/61/144", "resolution:A/RES/61/180", "resolution:A/RES/74/176"}},
      {"las resoluciones de la Asamblea General 61/144, de 19 de diciembre de 2006, y 74/176, de 18 de diciembre de 2019",
       {"resolution:A/RES/61/144", "resolution:A/RES/74/176"}},
      {"Commission on Crime Prevention and Criminal Justice resolutions 20/3 of 15 April 2011 and 27/2, 27/3 and 27/4",
       {"resolution:CCPCJ/20/3", "resolution:CCPCJ/27/2", "resolution:CCPCJ/27/3", "resolution:CCPCJ/27/4"}},
      {"Economic and Social Council resolutions 2013/41 of 25 July 2013 and 2017/18",
       {"resolution:E/RES/2013/41", "resolution:E/RES/2017/18"}},
      {"Security Council resolutions 2331 (2016), 2368 (2017) and 2482 (2019).",
       {"resolution:S/RES/2331(2016)", "resolution:S/RES/2368(2017)", "resolution:S/RES/2482(2019)"}},
      {"las resoluciones del Consejo de Seguridad 2331 (2016) y 2482 (2019).",
       {"resolution:S/RES/2331(2016)", "resolution:S/RES/2482(2019)"}},
      // An unqualified number that is no session of the Conference is not guessed at.
      {"en su resolución 55/25", {}},
      {"los informes (CTOC/COP/WG.4/2023/5 y CTOC/COP/WG.4/2024/5, respectivamente)",
       {"symbol:CTOC/COP/WG.4/2023/5", "symbol:CTOC/COP/WG.4/2024/5"}},
      {"de conformidad con el artículo 3 del Protocolo contra la Trata de Personas", {"article:trafficking/art.3"}},
      {"as provided for in article 10, paragraph 1, of the Trafficking in Persons Protocol", {"article:trafficking/art.10"}},
      {"under article 32 of the United Nations Convention against Transnational Organized Crime",
       {"article:convention/art.32"}},
      {"los artículos 5 y 6 de la Convención", {"article:convention/art.5", "article:convention/art.6"}},
      {"as set out in article 3, subparagraph (a), of the Protocol", {}},  // no Protocol in title or paragraph
      {"the relevant provisions, including article 34, paragraph 2, relating to its implementation", {}},
  };
  ReferenceFinder finder(testing::domain());
  for (const CitationCase& c : cases) {
    std::vector<std::string> found;
    for (const Citation& citation : finder.find(c.text, {}).citations) found.push_back(citation.kind + ":" + citation.value);
    EXPECT_EQ(found, c.values) << c.text;
  }
}

// The seed corpus, indexed once per test.
class ReferencesOverCorpus : public ::testing::Test {
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

  Ids ids(const std::string& query) {
    SearchRequest r;
    r.query = query;
    r.size = kMaxPageSize;
    const SearchResult result = searcher_->search(r);
    EXPECT_LE(result.total, static_cast<std::size_t>(kMaxPageSize)) << query;
    Ids out;
    for (const SearchHit& h : result.hits) out.insert(h.paragraph.id);
    return out;
  }

  // The same paragraphs in both language versions: the English texts are parallel translations.
  static Ids both_languages(const std::string& document, const std::vector<std::string>& anchors) {
    Ids out;
    for (const std::string& a : anchors) {
      out.insert(document + ".es:" + a);
      out.insert(document + ".en:" + a);
    }
    return out;
  }

  static Ids join(std::initializer_list<Ids> parts) {
    Ids out;
    for (const Ids& p : parts) out.insert(p.begin(), p.end());
    return out;
  }

  testing::TempDir tmp_;
  std::unique_ptr<Searcher> searcher_;
};

// Made by reading every paragraph of the seeds. A paragraph mentions a Protocol when it names it
// (full or short title, either language), names "the Protocols thereto" / "sus Protocolos" (all
// three), "both Protocols" beside the two subjects, or says "the Protocol" in resolution 10/3, whose
// title names the Trafficking in Persons Protocol. Footnotes that cite a Treaty Series volume do
// not name an instrument and are not counted.
TEST_F(ReferencesOverCorpus, ProtocolFilterFindsExactlyTheParagraphsThatMentionEach) {
  // "agenda-2": the title of agenda item 2, "Review of the implementation of the … Convention … and
  // the Protocols thereto", a heading of its own.
  const Ids all_three = join({both_languages("cop12-note-subsidiary-bodies", {"s1", "agenda-2", "1", "2"}),
                              both_languages("cop7-note-technical-assistance", {"2", "3"}),
                              both_languages("cop9-note-international-cooperation", {"2"}),
                              both_languages("resolution-10-3", {"s15", "16"}),
                              both_languages("resolution-6-4", {"s3", "b-v", "c-i"})});
  const Ids trafficking =
      join({all_three, both_languages("resolution-10-3", {"s1", "s3", "s5", "s6", "s10", "s11", "s12", "s13", "s14",
                                                          "s17", "s22", "1", "2", "3", "4", "6", "7", "8", "9", "13-c"})});
  const Ids migrants = join({all_three, both_languages("cop12-note-subsidiary-bodies", {"4"}),
                             both_languages("resolution-10-3", {"2"})});
  const Ids firearms = join({all_three, both_languages("cop12-note-subsidiary-bodies", {"7"})});
  EXPECT_EQ(trafficking.size(), 64u);
  EXPECT_EQ(ids("protocol:trafficking"), trafficking);
  EXPECT_EQ(ids("protocol:migrants"), migrants);
  EXPECT_EQ(ids("protocol:firearms"), firearms);
}

TEST_F(ReferencesOverCorpus, CitesFilterFindsConferenceResolutionsSymbolsAndOtherIssuersApart) {
  // Resolution 7/1 of the Conference: the notes on the subsidiary bodies cite it for each group.
  EXPECT_EQ(ids("cites:7/1"), join({both_languages("cop12-note-subsidiary-bodies",
                                                   {"2", "3", "5", "6", "8", "9", "11", "12", "14", "15"}),
                                    both_languages("cop9-note-international-cooperation", {"2"})}));
  EXPECT_EQ(ids("cites:CTOC/COP/WG.4/2023/5"), both_languages("cop12-note-subsidiary-bodies", {"3"}));
  // "resolución 70/1 de la Asamblea General" is the Assembly's, not the Conference's.
  EXPECT_EQ(ids("cites:70/1"), Ids{});
  EXPECT_EQ(ids("cites:A/RES/70/1"), both_languages("resolution-10-3", {"s24"}));
  // Values with parentheses are quoted in the query text.
  EXPECT_EQ(ids("cites:\"S/RES/2388(2016)\""), Ids{});
  EXPECT_EQ(ids("cites:\"S/RES/2388(2017)\""), both_languages("resolution-10-3", {"fn-3"}));
  EXPECT_EQ(ids("cites:trafficking/art.3"), both_languages("resolution-10-3", {"4", "7", "13-c"}));
}

TEST_F(ReferencesOverCorpus, CitationsLinkToDocumentsInTheCorpusAndDocumentsListWhoCitesThem) {
  // Note 2014/4 (cop7) paragraph 3 cites resolution 6/4, which the corpus has in both languages.
  const ParagraphView p = searcher_->paragraph("cop7-note-technical-assistance.es:3", "es");
  auto six_four = std::find_if(p.hit.citations.begin(), p.hit.citations.end(),
                               [](const CitationView& c) { return c.citation.value == "6/4"; });
  ASSERT_NE(six_four, p.hit.citations.end());
  EXPECT_EQ(six_four->target, "resolution-6-4.es");
  EXPECT_EQ(six_four->label, "resolución 6/4");
  // In the English interface, the same citation reads as English.
  const ParagraphView in_english = searcher_->paragraph("cop7-note-technical-assistance.es:3", "en");
  std::vector<std::string> labels;
  for (const CitationView& c : in_english.hit.citations) labels.push_back(c.label);
  EXPECT_NE(std::find(labels.begin(), labels.end(), "resolution 6/4"), labels.end());
  const ParagraphView p2 = searcher_->paragraph("cop7-note-technical-assistance.es:2", "es");
  auto six_one = std::find_if(p2.hit.citations.begin(), p2.hit.citations.end(),
                              [](const CitationView& c) { return c.citation.value == "6/1"; });
  ASSERT_NE(six_one, p2.hit.citations.end());
  EXPECT_FALSE(six_one->target.has_value()) << "resolution 6/1 is not in the corpus";

  const DocumentView d = searcher_->document("resolution-6-4.en", "en");
  std::vector<std::string> citing;
  for (const CitingParagraph& c : d.cited_by) citing.push_back(c.id);
  EXPECT_EQ(citing, (std::vector<std::string>{"cop7-note-technical-assistance.en:3", "cop7-note-technical-assistance.es:3"}));
}

TEST_F(ReferencesOverCorpus, ACitationAloneFindsTheCitedDocumentAfterThoseCitingIt) {
  SearchRequest r;
  r.query = "resolución 6/4";
  r.size = kMaxPageSize;
  const SearchResult result = searcher_->search(r);
  ASSERT_GE(result.hits.size(), 2u);
  // The note citing it first (its words match), then the resolution's own paragraphs.
  EXPECT_EQ(result.hits[0].paragraph.id, "cop7-note-technical-assistance.es:3");
  std::size_t own = 0;
  for (const SearchHit& h : result.hits) own += h.paragraph.doc.starts_with("resolution-6-4.") ? 1 : 0;
  EXPECT_EQ(own, 50u) << "both language versions, 25 paragraphs each";
  // Words beyond the citation keep their meaning: no document is added to "resolución 6/4 Viena".
  r.query = "resolución 6/4 víctimas";
  for (const SearchHit& h : searcher_->search(r).hits) EXPECT_FALSE(h.paragraph.doc.starts_with("resolution-6-4.") && h.score == 0);
}

TEST_F(ReferencesOverCorpus, MostCitedFacetLeadsWithResolution7Of1) {
  SearchRequest r;
  const SearchResult all = searcher_->search(r);
  const auto& cites = all.facets.at("cites");
  ASSERT_FALSE(cites.empty());
  EXPECT_EQ(cites[0].value, "7/1");
  EXPECT_EQ(cites[0].count, 22u);
  EXPECT_EQ(cites[0].label, "Conferencia de las Partes 7/1");
}

}  // namespace
}  // namespace palermo
