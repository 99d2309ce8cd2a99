// The domain tables load and answer the lookups the parser and the searcher rely on; a malformed
// table is rejected with its file and line. Expected values are written out from
// the design notes on the domain (shared/design/domain.md, kept outside this repository).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "analysis/text.h"
#include "corpus_fixture.h"

namespace palermo {
namespace {

const DomainData& d() { return testing::domain(); }

// ---- bodies ----

struct BodyCase {
  const char* id;
  const char* name_es;
  const char* name_en;
};

class Bodies : public ::testing::TestWithParam<BodyCase> {};
INSTANTIATE_TEST_SUITE_P(
    AllBodies, Bodies,
    ::testing::Values(
        BodyCase{"COP", "Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional",
                 "Conference of the Parties to the United Nations Convention against Transnational Organized Crime"},
        BodyCase{"WG.2", "Grupo de Trabajo de Expertos Gubernamentales sobre Asistencia Técnica",
                 "Working Group of Government Experts on Technical Assistance"},
        BodyCase{"WG.3", "Grupo de Trabajo sobre Cooperación Internacional", "Working Group on International Cooperation"},
        BodyCase{"WG.4", "Grupo de Trabajo sobre la Trata de Personas", "Working Group on Trafficking in Persons"},
        BodyCase{"WG.6", "Grupo de Trabajo sobre Armas de Fuego", "Working Group on Firearms"},
        BodyCase{"WG.7", "Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes", "Working Group on the Smuggling of Migrants"},
        BodyCase{"SEC", "Secretaría", "Secretariat"}));

TEST_P(Bodies, HaveNamesInBothLanguages) {
  const Body* b = d().body(GetParam().id);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->name.in("es"), GetParam().name_es);
  EXPECT_EQ(b->name.in("en"), GetParam().name_en);
  EXPECT_EQ(d().body(fold(GetParam().id)), b) << "ids are case-insensitive";
}

TEST(DomainData, ListsTheSevenBodies) {
  std::vector<std::string> ids;
  for (const Body& b : d().bodies()) ids.push_back(b.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"COP", "WG.2", "WG.3", "WG.4", "WG.6", "WG.7", "SEC"}));
  EXPECT_EQ(d().body("WG.5"), nullptr);
}

struct NamingCase {
  const char* text;
  const char* body;
};

class BodyNames : public ::testing::TestWithParam<NamingCase> {};
INSTANTIATE_TEST_SUITE_P(
    FullAndShortFormsInBothLanguages, BodyNames,
    ::testing::Values(
        NamingCase{"Informe del Grupo de Trabajo de Expertos Gubernamentales sobre Asistencia Técnica", "WG.2"},
        NamingCase{"el Grupo de Trabajo sobre Asistencia Técnica y", "WG.2"},
        NamingCase{"Recomendaciones aprobadas por el Grupo de trabajo de expertos gubernamentales sobre asistencia técnica", "WG.2"},
        NamingCase{"Report of the Working Group of Government Experts on Technical Assistance", "WG.2"},
        NamingCase{"the Working Group on Technical Assistance", "WG.2"},
        NamingCase{"GRUPO DE TRABAJO SOBRE COOPERACION INTERNACIONAL", "WG.3"},
        NamingCase{"Working Group on International Cooperation", "WG.3"},
        NamingCase{"Informes sobre las reuniones del Grupo de Trabajo sobre la Trata de Personas celebradas", "WG.4"},
        NamingCase{"Working Group on Trafficking in Persons", "WG.4"},
        NamingCase{"del Grupo de Trabajo sobre Armas de Fuego celebradas", "WG.6"},
        NamingCase{"Working Group on Firearms", "WG.6"},
        NamingCase{"el «Grupo de Trabajo sobre Armas de Fuego» y", "WG.6"},
        NamingCase{"the “Working Group on Firearms”", "WG.6"},
        NamingCase{"Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes", "WG.7"},
        NamingCase{"Working Group on the Smuggling of Migrants", "WG.7"}));

TEST_P(BodyNames, NameExactlyOneBody) {
  const auto named = d().bodies_named_in(fold(GetParam().text));
  ASSERT_EQ(named.size(), 1u) << GetParam().text;
  EXPECT_EQ(named[0]->id, GetParam().body);
}

TEST(DomainData, BodiesNamedInTextMatchWholeWordsAndMayBeSeveral) {
  EXPECT_TRUE(d().bodies_named_in(fold("la Conferencia de las Partes y la Secretaría")).empty())
      << "COP and SEC are defaults, not named by patterns";
  EXPECT_TRUE(d().bodies_named_in(fold("Working Group on Firearmsmith")).empty());
  const auto two = d().bodies_named_in(
      fold("Grupo de Trabajo sobre Cooperación Internacional y el Grupo de Trabajo de Expertos Gubernamentales sobre Asistencia Técnica"));
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0]->id, "WG.2");
  EXPECT_EQ(two[1]->id, "WG.3");
}

TEST(DomainData, PatternsAreStoredFolded) {
  for (const Body& b : d().bodies()) {
    for (const std::string& p : b.patterns) EXPECT_EQ(p, fold(p)) << b.id;
  }
  EXPECT_TRUE(d().body("COP")->patterns.empty());
  EXPECT_TRUE(d().body("SEC")->patterns.empty());
}

// ---- sessions ----

TEST(DomainData, SessionsOneToTwelveHaveTheirYears) {
  const int years[] = {2004, 2005, 2006, 2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024};
  for (int n = 1; n <= 12; ++n) {
    const Session* s = d().session(n);
    ASSERT_NE(s, nullptr) << n;
    EXPECT_EQ(s->number, n);
    EXPECT_EQ(s->year, years[n - 1]) << n;
  }
  EXPECT_EQ(d().session(13), nullptr);
  EXPECT_EQ(d().session(0), nullptr);
}

// Resolutions state no date: they are dated by their session's days, where domain/sessions.tsv
// knows them (the covers in corpus/ state 7, 9 and 12).
TEST(DomainData, SessionDaysWhereKnown) {
  EXPECT_EQ(d().session(7)->start, "2014-10-06");
  EXPECT_EQ(d().session(7)->end, "2014-10-10");
  EXPECT_EQ(d().session(10)->start, "2020-10-12");
  EXPECT_EQ(d().session(10)->end, "2020-10-16");
  EXPECT_EQ(d().session(12)->end, "2024-10-18");
  EXPECT_EQ(d().session(1)->start, "") << "not known: left empty, not guessed";
}

TEST(DomainData, SessionLabels) {
  EXPECT_EQ(d().session(7)->name.in("es"), "Séptimo período de sesiones");
  EXPECT_EQ(d().session(7)->name.in("en"), "Seventh session");
  EXPECT_EQ(d().session(12)->name.in("es"), "12º período de sesiones");
  EXPECT_EQ(d().session(12)->name.in("en"), "Twelfth session");
}

struct OrdinalCase {
  const char* written;
  int session;
};

class Ordinals : public ::testing::TestWithParam<OrdinalCase> {};
INSTANTIATE_TEST_SUITE_P(
    SpanishAndEnglish, Ordinals,
    ::testing::Values(OrdinalCase{"primer", 1}, OrdinalCase{"Primero", 1}, OrdinalCase{"segundo", 2}, OrdinalCase{"tercer", 3},
                      OrdinalCase{"tercero", 3}, OrdinalCase{"cuarto", 4}, OrdinalCase{"quinto", 5}, OrdinalCase{"sexto", 6},
                      OrdinalCase{"Séptimo", 7}, OrdinalCase{"octavo", 8}, OrdinalCase{"Noveno", 9}, OrdinalCase{"décimo", 10},
                      OrdinalCase{"undécimo", 11}, OrdinalCase{"duodécimo", 12}, OrdinalCase{"11º", 11}, OrdinalCase{"12º", 12},
                      OrdinalCase{"11o", 11}, OrdinalCase{"first", 1}, OrdinalCase{"second", 2}, OrdinalCase{"third", 3},
                      OrdinalCase{"fourth", 4}, OrdinalCase{"fifth", 5}, OrdinalCase{"sixth", 6}, OrdinalCase{"Seventh", 7},
                      OrdinalCase{"eighth", 8}, OrdinalCase{"ninth", 9}, OrdinalCase{"tenth", 10}, OrdinalCase{"eleventh", 11},
                      OrdinalCase{"Twelfth", 12}));

TEST_P(Ordinals, NameTheirSession) { EXPECT_EQ(d().session_from_ordinal(fold(GetParam().written)), GetParam().session); }

TEST(DomainData, UnknownOrdinal) {
  EXPECT_EQ(d().session_from_ordinal("decimotercero"), std::nullopt);
  EXPECT_EQ(d().session_from_ordinal(""), std::nullopt);
}

// ---- months, languages ----

TEST(DomainData, MonthsInBothLanguages) {
  const char* es[] = {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"};
  const char* en[] = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"};
  for (int m = 1; m <= 12; ++m) {
    EXPECT_EQ(d().month(fold(es[m - 1])), m) << es[m - 1];
    EXPECT_EQ(d().month(fold(en[m - 1])), m) << en[m - 1];
  }
  EXPECT_EQ(d().month("setiembre"), 9);
  EXPECT_EQ(d().month("juni"), std::nullopt);
}

TEST(DomainData, LanguagesNamedByCoverLines) {
  EXPECT_EQ(d().language_named(fold("Español")), "es");
  EXPECT_EQ(d().language_named("espanol"), "es");
  EXPECT_EQ(d().language_named(fold("English")), "en");
  EXPECT_EQ(d().language_named(fold("inglés")), "en");
  EXPECT_EQ(d().language_named(fold("Spanish")), "es");
  EXPECT_EQ(d().language_named("klingon"), std::nullopt);
}

// ---- verbs ----

struct VerbCase {
  const char* opening;  // the paragraph's first words as written
  const char* id;
  const char* kind;
};

class Verbs : public ::testing::TestWithParam<VerbCase> {};
INSTANTIATE_TEST_SUITE_P(
    DomainMdAndMore, Verbs,
    ::testing::Values(
        // preambular, Spanish and English
        VerbCase{"Observando que", "noting", "preambular"}, VerbCase{"Noting that", "noting", "preambular"},
        VerbCase{"Haciendo notar la", "noting", "preambular"}, VerbCase{"Recordando las", "recalling", "preambular"},
        VerbCase{"Recordando también su", "recalling", "preambular"}, VerbCase{"Recalling also its", "recalling", "preambular"},
        VerbCase{"Acogiendo con beneplácito el", "welcoming", "preambular"}, VerbCase{"Welcoming the", "welcoming", "preambular"},
        VerbCase{"Reconociendo la", "recognizing", "preambular"}, VerbCase{"Reconociendo con aprecio el", "recognizing", "preambular"},
        VerbCase{"Reconociendo también el", "recognizing", "preambular"}, VerbCase{"Recognizing with appreciation", "recognizing", "preambular"},
        VerbCase{"Teniendo presente que", "bearing_in_mind", "preambular"}, VerbCase{"Bearing in mind that", "bearing_in_mind", "preambular"},
        VerbCase{"Resaltando las", "emphasizing", "preambular"}, VerbCase{"Emphasizing the", "emphasizing", "preambular"},
        VerbCase{"Reafirmando que", "reaffirming", "preambular"}, VerbCase{"Reaffirming that", "reaffirming", "preambular"},
        VerbCase{"Tomando nota del", "taking_note", "preambular"}, VerbCase{"Tomando nota con aprecio de", "taking_note", "preambular"},
        VerbCase{"Taking note with appreciation of", "taking_note", "preambular"},
        VerbCase{"Expresando solidaridad", "expressing", "preambular"}, VerbCase{"Expressing solidarity", "expressing", "preambular"},
        // operative, Spanish and English
        VerbCase{"Insta a los Estados", "urges", "operative"}, VerbCase{"Urges States", "urges", "operative"},
        VerbCase{"Alienta a los Estados", "encourages", "operative"}, VerbCase{"Encourages States", "encourages", "operative"},
        VerbCase{"Exhorta a la Oficina", "calls_upon", "operative"}, VerbCase{"Calls upon the Office", "calls_upon", "operative"},
        VerbCase{"Solicita a la Oficina", "requests", "operative"}, VerbCase{"Requests the Office", "requests", "operative"},
        VerbCase{"Invita a los Estados", "invites", "operative"}, VerbCase{"Invites States", "invites", "operative"},
        VerbCase{"Hace suyas las recomendaciones", "endorses", "operative"}, VerbCase{"Endorses the", "endorses", "operative"},
        VerbCase{"Reafirma su decisión", "reaffirms", "operative"}, VerbCase{"Reaffirms its decision", "reaffirms", "operative"},
        VerbCase{"Decide que", "decides", "operative"}, VerbCase{"Decides that", "decides", "operative"},
        VerbCase{"Recomienda que", "recommends", "operative"}, VerbCase{"Recommends that", "recommends", "operative"},
        VerbCase{"Toma nota del informe", "takes_note", "operative"}, VerbCase{"Takes note of the report", "takes_note", "operative"}));

TEST_P(Verbs, LeadingWordsGiveTheCanonicalVerb) {
  const Verb* v = d().verb_at_start(fold(GetParam().opening));
  ASSERT_NE(v, nullptr) << GetParam().opening;
  EXPECT_EQ(v->id, GetParam().id) << GetParam().opening;
  EXPECT_EQ(v->kind, GetParam().kind) << GetParam().opening;
}

TEST(DomainData, VerbsMatchWholeWordsOnly) {
  EXPECT_EQ(d().verb_at_start("instalar"), nullptr);
  EXPECT_EQ(d().verb_at_start("decidida"), nullptr);
  EXPECT_EQ(d().verb_at_start("la conferencia"), nullptr);
  EXPECT_EQ(d().verb_at_start(""), nullptr);
}

TEST(DomainData, VerbsHaveLabelsAndFoldedForms) {
  EXPECT_EQ(d().verb("urges")->name.in("es"), "Insta");
  EXPECT_EQ(d().verb("urges")->name.in("en"), "Urges");
  EXPECT_EQ(d().verb("recalling")->name.in("es"), "Recordando");
  EXPECT_EQ(d().verb("no_such_verb"), nullptr);
  const Verb* recalling = d().verb("recalling");
  EXPECT_NE(std::find(recalling->forms.begin(), recalling->forms.end(), "recordando tambien"), recalling->forms.end());
  for (const char* id : {"noting", "recalling", "welcoming", "recognizing", "bearing_in_mind", "emphasizing", "reaffirming",
                         "taking_note", "expressing", "urges", "encourages", "calls_upon", "requests", "invites", "endorses",
                         "reaffirms", "decides", "recommends", "takes_note"}) {
    const Verb* v = d().verb(id);
    ASSERT_NE(v, nullptr) << id;
    EXPECT_FALSE(v->name.es.empty() || v->name.en.empty()) << id;
    for (const std::string& form : v->forms) EXPECT_EQ(form, fold(form)) << id;
  }
}

// ---- document types, cover lines, facet labels ----

TEST(DomainData, DocumentTypesAndTheirIssuers) {
  const auto resolution = d().document_type_at_start(fold("Resolución 6/4"));
  ASSERT_TRUE(resolution);
  EXPECT_EQ(resolution->first, "resolution");
  EXPECT_EQ(fold("Resolución 6/4").substr(resolution->second), " 6/4");
  EXPECT_EQ(d().document_type_at_start("decision 4/3")->first, "decision");
  EXPECT_EQ(d().document_type_at_start(fold("Nota de la Secretaría"))->first, "note");
  EXPECT_EQ(d().document_type_at_start(fold("Note by the Secretariat"))->first, "note");
  EXPECT_EQ(d().document_type_at_start(fold("Informe sobre la reunión"))->first, "report");
  EXPECT_EQ(d().document_type_at_start("notable"), std::nullopt);
  EXPECT_EQ(d().issuing_body("resolution")->id, "COP");
  EXPECT_EQ(d().issuing_body("decision")->id, "COP");
  EXPECT_EQ(d().issuing_body("note")->id, "SEC");
  EXPECT_EQ(d().issuing_body("report"), nullptr);
  EXPECT_EQ(d().issuing_body(""), nullptr);
}

struct CoverCase {
  const char* line;
  const char* meaning;
};

class CoverLines : public ::testing::TestWithParam<CoverCase> {};
INSTANTIATE_TEST_SUITE_P(
    BothLanguages, CoverLines,
    ::testing::Values(CoverCase{"Distr. general", "distribution"}, CoverCase{"Distr.: General", "distribution"},
                      CoverCase{"Original: inglés", "original_language"}, CoverCase{"Original: English", "original_language"},
                      CoverCase{"Séptimo período de sesiones", "session"}, CoverCase{"12º período de sesiones", "session"},
                      CoverCase{"Twelfth session", "session"}, CoverCase{"Tema 5 del programa provisional*", "agenda"},
                      CoverCase{"Temas 2, 4 y 5 del programa provisional*", "agenda"},
                      CoverCase{"Items 2, 4 and 5 of the provisional agenda*", "agenda"},
                      CoverCase{"Item 5 of the provisional agenda†", "agenda"},
                      CoverCase{"Informe sobre la distribución de documentos", ""},
                      CoverCase{"Session dates were changed", ""}, CoverCase{"Viena, 6 a 10 de octubre de 2014", ""}));

TEST_P(CoverLines, AreRecognisedByTheirPhrases) {
  EXPECT_EQ(d().cover_line_meaning(fold(GetParam().line)), GetParam().meaning) << GetParam().line;
}

// The headings of a report under which the paragraphs are recommendations, and the lead-in
// paragraph that only announces them.
TEST(DomainData, SectionKindsOfReportHeadings) {
  for (const char* heading : {"I. Recommendations", "Recommendations adopted by the Working Group",
                              "II. Recomendaciones aprobadas por el Grupo de Trabajo", "IV. Conclusiones y recomendaciones",
                              "Recommendation 2"}) {
    const SectionKind* s = d().section_kind(fold(heading));
    ASSERT_NE(s, nullptr) << heading;
    EXPECT_EQ(s->kind, "recommendation") << heading;
  }
  for (const char* heading : {"II. Organization of the meeting", "Summary of recommendations made by speakers",
                              "A. Apertura de la reunión"}) {
    EXPECT_EQ(d().section_kind(fold(heading)), nullptr) << heading;
  }
  const SectionKind& s = *d().section_kind(fold("I. Recommendations"));
  EXPECT_TRUE(s.is_lead_in(fold("The Working Group adopted the following recommendations:")));
  EXPECT_TRUE(s.is_lead_in(fold("En su reunión, el Grupo de Trabajo aprobó las recomendaciones que figuran a continuación.")));
  EXPECT_FALSE(s.is_lead_in(fold("States parties should consider establishing national referral mechanisms.")));
  EXPECT_FALSE(s.is_lead_in(fold("Los Estados partes deberían aplicar las recomendaciones del Grupo de Trabajo.")));
}

TEST(DomainData, FacetLabelsInBothLanguages) {
  struct Expected {
    const char *facet, *value, *es, *en;
  };
  const Expected labels[] = {
      {"lang", "es", "Español", "Spanish"},        {"lang", "en", "Inglés", "English"},
      {"type", "resolution", "Resolución", "Resolution"}, {"type", "decision", "Decisión", "Decision"},
      {"type", "report", "Informe", "Report"},      {"type", "note", "Nota", "Note"},
      {"kind", "heading", "Título", "Heading"},     {"kind", "preambular", "Preambular", "Preambular"},
      {"kind", "operative", "Dispositivo", "Operative"}, {"kind", "recommendation", "Recomendación", "Recommendation"},
      {"kind", "narrative", "Narrativo", "Narrative"}, {"kind", "footnote", "Nota al pie", "Footnote"},
  };
  for (const Expected& e : labels) {
    const Label* l = d().facet_label(e.facet, e.value);
    ASSERT_NE(l, nullptr) << e.facet << "/" << e.value;
    EXPECT_EQ(l->in("es"), e.es);
    EXPECT_EQ(l->in("en"), e.en);
  }
  EXPECT_EQ(d().facet_label("kind", "poem"), nullptr);
  EXPECT_EQ(d().facet_label("agenda", "*")->in("en"), "Item {}");
}

// ---- glossary ----

TEST(DomainData, GlossaryIsBilingualAndWellFormed) {
  const std::set<std::string> categories{"instrument", "body", "concept", "crime", "actor", "procedure", "place"};
  std::set<std::string> ids;
  for (const GlossaryEntry& e : d().glossary()) {
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
    EXPECT_TRUE(categories.count(e.category)) << e.id << ": " << e.category;
    EXPECT_FALSE(e.forms.at("es").empty()) << e.id;
    EXPECT_FALSE(e.forms.at("en").empty()) << e.id;
  }
  EXPECT_GE(d().glossary().size(), 150u);
  auto forms = [&](const std::string& id) {
    for (const GlossaryEntry& e : d().glossary()) {
      if (e.id == id) return e.forms;
    }
    return std::map<std::string, std::vector<std::string>>{};
  };
  // Forms are kept as written (accents and case), unlike the folded patterns of other tables.
  EXPECT_EQ(forms("mutual_legal_assistance").at("es").front(), "asistencia judicial recíproca");
  EXPECT_EQ(forms("confiscation").at("en").front(), "confiscation");
  EXPECT_EQ(forms("confiscation").at("es").front(), "decomiso");
  EXPECT_EQ(forms("smuggling_of_migrants").at("es").front(), "tráfico ilícito de migrantes");
}

// ---- the Convention, its Protocols, citations ----

TEST(DomainData, ProtocolsAndCitationTables) {
  for (const char* id : {"convention", "trafficking", "migrants", "firearms", "*", "=", "-", "2"}) {
    EXPECT_NE(d().instrument(id), nullptr) << id;
  }
  EXPECT_EQ(d().instrument("trafficking")->name.in("en"), "Trafficking in Persons Protocol");
  EXPECT_EQ(d().citation_issuers().front().id, "cop") << "the default issuer comes first";
  EXPECT_EQ(d().citation_keywords().size(), 3u);
}

TEST(DomainData, SubjectThesaurus) {
  EXPECT_GE(d().subjects().size(), 60u);
  EXPECT_LE(d().subjects().size(), 100u);
  EXPECT_EQ(d().subject_and_broader("capacity_building"), (std::vector<std::string>{"capacity_building", "technical_assistance"}));
  EXPECT_EQ(d().subject_and_broader("joint_investigations"),
            (std::vector<std::string>{"joint_investigations", "law_enforcement_cooperation", "international_cooperation"}));
  EXPECT_TRUE(d().subject_and_broader("no_such_subject").empty());
  // A subject under two broader ones has both, each line up to its top, each subject once.
  EXPECT_EQ(d().subject_and_broader("financial_investigations"),
            (std::vector<std::string>{"financial_investigations", "proceeds_of_crime", "money_laundering"}));
  EXPECT_EQ(d().subject_and_broader("supply_chains"),
            (std::vector<std::string>{"supply_chains", "forced_labour", "forms_of_exploitation", "trafficking_in_persons"}));
  const Subject* cb = d().subject("capacity_building");
  ASSERT_NE(cb, nullptr);
  EXPECT_EQ(cb->name.in("es"), "Creación de capacidad y capacitación");
  // The glossary's forms, named by id in subjects.tsv, are the subject's entry terms.
  const auto& es = cb->terms.at("es");
  EXPECT_NE(std::find(es.begin(), es.end(), "creación de capacidad"), es.end());
  EXPECT_NE(std::find(es.begin(), es.end(), "capacitación"), es.end());
  const auto& en = cb->terms.at("en");
  EXPECT_NE(std::find(en.begin(), en.end(), "capacity-building"), en.end());
  EXPECT_EQ(d().body("WG.2")->subjects, (std::vector<std::string>{"technical_assistance"}));
  EXPECT_TRUE(d().body("COP")->subjects.empty());
  ASSERT_EQ(d().query_intents().size(), 3u);
  EXPECT_EQ(d().query_intents()[0].kind, "recommendation");
  EXPECT_EQ(d().query_intents()[0].phrases.at("es").front(), "recomendaciones sobre");
}

// ---- malformed tables ----

struct MalformedCase {
  const char* file;
  const char* content;
  const char* expected_in_message;
};

class MalformedTables : public ::testing::TestWithParam<MalformedCase> {};
INSTANTIATE_TEST_SUITE_P(
    EachTable, MalformedTables,
    ::testing::Values(
        MalformedCase{"months.tsv", "number\tnames\n1\n", "months.tsv:2"},
        MalformedCase{"months.tsv", "# comment\nnumber\tnames\n1\tenero\n13\tundecimber\n", "months.tsv:4"},
        MalformedCase{"months.tsv", "number\tnames\n1\tenero\textra\n", "months.tsv:2"},
        MalformedCase{"sessions.tsv", "number\tyear\tordinals\tname_es\tname_en\tstart\tend\n1\tMMIV\tprimer\tPrimer\tFirst\n", "sessions.tsv:2"},
        MalformedCase{"sessions.tsv", "number\tyear\tordinals\tname_es\tname_en\tstart\tend\n1\t2004\tprimer\tPrimer\tFirst\n1\t2005\tx\tx\tx\n",
                      "sessions.tsv:3"},
        MalformedCase{"sessions.tsv", "number\tyear\tordinals\tname_es\tname_en\tstart\tend\n7\t2014\tx\tx\tx\t2014-10-06\t10 Oct\n",
                      "sessions.tsv:2"},
        MalformedCase{"sessions.tsv", "number\tyear\tordinals\tname_es\tname_en\tstart\tend\n7\t2014\tx\tx\tx\t2015-10-06\t2015-10-10\n",
                      "sessions.tsv:2"},
        MalformedCase{"sessions.tsv", "number\tyear\tordinals\tname_es\tname_en\tstart\tend\n7\t2014\tx\tx\tx\t2014-10-06\n",
                      "sessions.tsv:2"},
        MalformedCase{"verbs.tsv", "id\tkind\tforms\tname_es\tname_en\nurges\timperative\tinsta\tInsta\tUrges\n", "verbs.tsv:2"},
        MalformedCase{"verbs.tsv", "id\tkind\tforms\tname_es\tname_en\n\toperative\tinsta\tInsta\tUrges\n", "verbs.tsv:2"},
        MalformedCase{"bodies.tsv", "id\tname\n", "bodies.tsv:1"},
        MalformedCase{"document_types.tsv", "type\tmarkers\tissuer\nnote\tnota\tXYZ\n", "document_types.tsv:2"},
        MalformedCase{"cover_lines.tsv", "marker\tposition\tmeaning\ndistr\tmiddle\tdistribution\n", "cover_lines.tsv:2"},
        MalformedCase{"cover_lines.tsv", "marker\tposition\tmeaning\ndistr\tstart\tdistributon\n", "cover_lines.tsv:2"},
        MalformedCase{"languages.tsv", "code\tnames\nes\xff\tespanol\n", "languages.tsv:2"},
        MalformedCase{"facet_labels.tsv", "facet\tvalue\tlabel_es\tlabel_en\nkind\theading\tTítulo\n", "facet_labels.tsv:2"},
        MalformedCase{"protocols.tsv", "id\tname_es\tname_en\tpatterns\tsubjects\nconvention\tC\tC\tconvencion\t\nconvention\tC\tC\tconvention\t\n",
                      "protocols.tsv:3"},
        MalformedCase{"citation_keywords.tsv", "id\tname_es\tname_en\tforms\nresolution\tresolución\tresolution\n",
                      "citation_keywords.tsv:2"},
        MalformedCase{"citation_issuers.tsv", "id\tformat\tname_es\tname_en\tbefore\tafter\nga\tA/RES/\tAG\tGA\tgeneral assembly\tof the general assembly\n",
                      "citation_issuers.tsv:2"},
        MalformedCase{"citation_issuers.tsv", "id\tformat\tname_es\tname_en\tbefore\tafter\n", "no issuer listed"},
        MalformedCase{"citation_issuers.tsv", "id\tformat\tname_es\tname_en\tbefore\tafter\nga\tA/RES\tAsamblea\tAssembly\t\t\n",
                      "citation_issuers.tsv:2"},
        MalformedCase{"glossary.tsv", "id\tcategory\tspanish\tenglish\n", "glossary.tsv:1"},
        MalformedCase{"glossary.tsv", "id\tcategory\tes\ten\nvictim\tactor\tvíctima\n", "glossary.tsv:2"},
        MalformedCase{"glossary.tsv", "id\tcategory\tes\ten\nconfiscation\tconcept\tdecomiso\tconfiscation\nconfiscation\tconcept\tx\ty\n",
                      "glossary.tsv:3"},
        MalformedCase{"subjects.tsv", "id\tlabel_es\tlabel_en\tbroader\tglossary\tterms_es\tterms_en\n" "a\tA\tA\t\t\ta\ta\na\tA\tA\t\t\ta\ta\n", "subjects.tsv:3"},
        MalformedCase{"subjects.tsv", "id\tlabel_es\tlabel_en\tbroader\tglossary\tterms_es\tterms_en\n" "a\tA\tA\tnope\t\ta\ta\n", "subjects.tsv:2"},
        MalformedCase{"subjects.tsv", "id\tlabel_es\tlabel_en\tbroader\tglossary\tterms_es\tterms_en\n" "a\tA\tA\tb\t\ta\ta\nb\tB\tB\ta\t\tb\tb\n", "a cycle"},
        MalformedCase{"subjects.tsv", "id\tlabel_es\tlabel_en\tbroader\tglossary\tterms_es\tterms_en\n" "a\tA\tA\t\t\ta\ta\nb\tB\tB\ta|c\t\tb\tb\nc\tC\tC\tb\t\tc\tc\n", "a cycle"},
        MalformedCase{"subjects.tsv", "id\tlabel_es\tlabel_en\tbroader\tglossary\tterms_es\tterms_en\n" "a\tA\tA\t\t\ta\ta\nb\tB\tB\ta|nope\t\tb\tb\n", "subjects.tsv:3"},
        MalformedCase{"subjects.tsv", "id\tlabel_es\tlabel_en\tbroader\tglossary\tterms_es\tterms_en\n" "a\tA\tA\t\tno_such_term\t\t\n", "subjects.tsv:2"},
        MalformedCase{"subjects.tsv", "id\tlabel_es\tlabel_en\tbroader\tglossary\tterms_es\tterms_en\n" "a\tA\tA\t\t\tsolo\n", "subjects.tsv:2"},
        MalformedCase{"bodies.tsv", "id\tname_es\tname_en\tpatterns\tsubjects\nCOP\tC\tC\nSEC\tS\tS\nWG.9\tX\tX\t\tno_such_subject\n",
                      "bodies.tsv:4"},
        MalformedCase{"query_intents.tsv", "kind\tposition\tes\ten\nresolution\tstart\tresoluciones sobre\tresolutions on\n", "query_intents.tsv:2"},
        MalformedCase{"query_intents.tsv", "kind\tposition\tes\ten\noperative\tmiddle\tsobre\ton\n", "query_intents.tsv:2"},
        MalformedCase{"section_kinds.tsv", "markers\tkind\tlead_ins\nrecommendations\trecommendatoin\t\n", "section_kinds.tsv:2"},
        MalformedCase{"section_kinds.tsv", "markers\tkind\nrecommendations\trecommendation\n", "section_kinds.tsv:1"}));

TEST_P(MalformedTables, AreRejectedNamingFileAndLine) {
  testing::TempDir tmp;
  for (const auto& e : std::filesystem::directory_iterator(PALERMO_SOURCE_DIR "/domain")) {
    if (e.path().extension() == ".tsv") std::filesystem::copy_file(e.path(), tmp.path() / e.path().filename());
  }
  testing::write_file(tmp.path() / GetParam().file, GetParam().content);
  try {
    DomainData::load(tmp.path());
    FAIL() << "loaded a malformed " << GetParam().file;
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(GetParam().expected_in_message), std::string::npos) << e.what();
  }
}

TEST(DomainData, MissingTableIsNamed) {
  testing::TempDir tmp;
  try {
    DomainData::load(tmp.path());
    FAIL() << "loaded an empty folder";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bodies.tsv"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace palermo
