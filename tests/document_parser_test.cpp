// The parser on the real seed documents, with expected values written out by hand from reading
// them; the English versions against their Spanish twins; the Markdown rules on small inputs;
// and odd input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "corpus_fixture.h"
#include "document/document_parser.h"

namespace palermo {
namespace {

using Kind = ParagraphKind;

bool corpus_file_exists(const std::string& name) { return std::filesystem::exists(testing::corpus_dir() / (name + ".md")); }

Document parse_file(const std::string& name) {
  std::ifstream in(testing::corpus_dir() / (name + ".md"));
  if (!in) throw std::runtime_error("missing corpus file " + name);
  std::stringstream text;
  text << in.rdbuf();
  return DocumentParser(testing::domain()).parse(text.str(), ParseOptions{name.substr(name.size() - 2)});
}

Document parse_text(std::string_view markdown, const std::string& lang_hint = "es") {
  return DocumentParser(testing::domain()).parse(markdown, ParseOptions{lang_hint});
}

const Paragraph* find(const Document& d, const std::string& label, Kind kind) {
  for (const Paragraph& p : d.paragraphs) {
    if (p.label == label && p.kind == kind) return &p;
  }
  return nullptr;
}

const Paragraph& get(const Document& d, const std::string& label, Kind kind) {
  const Paragraph* p = find(d, label, kind);
  if (p == nullptr) throw std::runtime_error("no " + std::string(to_string(kind)) + " paragraph labelled " + label);
  return *p;
}

const Paragraph* by_anchor(const Document& d, const std::string& anchor) {
  for (const Paragraph& p : d.paragraphs) {
    if (p.anchor == anchor) return &p;
  }
  return nullptr;
}

std::vector<const Paragraph*> of_kind(const Document& d, Kind kind) {
  std::vector<const Paragraph*> out;
  for (const Paragraph& p : d.paragraphs) {
    if (p.kind == kind) out.push_back(&p);
  }
  return out;
}

std::vector<std::string> labels(const Document& d, Kind kind) {
  std::vector<std::string> out;
  for (const Paragraph* p : of_kind(d, kind)) out.push_back(p->label);
  return out;
}

std::vector<std::string> numbers(int from, int to) {
  std::vector<std::string> out;
  for (int n = from; n <= to; ++n) out.push_back(std::to_string(n));
  return out;
}

std::vector<int> agenda_items(const Document& d) {
  std::vector<int> out;
  for (const AgendaItem& a : d.meta.agenda) out.push_back(a.item);
  return out;
}

// ====================================================================================
// Seed 002: note by the Secretariat on the subsidiary bodies (12th session)
// ====================================================================================

class Seed002 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { doc = new Document(parse_file("cop12-note-subsidiary-bodies.es")); }
  static void TearDownTestSuite() { delete doc; }
  static const Document* doc;
};
const Document* Seed002::doc = nullptr;

TEST_F(Seed002, CoverMetadata) {
  const DocumentMeta& m = doc->meta;
  EXPECT_EQ(m.lang, "es");
  EXPECT_EQ(m.original_lang, "en");
  EXPECT_EQ(m.date, "2024-07-04");
  EXPECT_EQ(m.year, 2024);
  EXPECT_EQ(m.session, 12);
  EXPECT_EQ(m.place, "Viena");
  EXPECT_EQ(m.session_start, "2024-10-14");
  EXPECT_EQ(m.session_end, "2024-10-18");
  EXPECT_EQ(m.agenda_symbol, "CTOC/COP/2024/1");
  EXPECT_EQ(m.type, "note");
  EXPECT_EQ(m.number, "");
  EXPECT_EQ(m.body, "SEC");
  EXPECT_EQ(m.title,
            "Informes sobre las reuniones de los órganos subsidiarios de la Conferencia de las Partes en la Convención de "
            "las Naciones Unidas contra la Delincuencia Organizada Transnacional y sus Protocolos");
}

TEST_F(Seed002, AgendaItemsWithTheirTitlesInOrder) {
  ASSERT_EQ(agenda_items(*doc), (std::vector<int>{2, 4, 5}));
  EXPECT_EQ(doc->meta.agenda[0].title,
            "Examen de la aplicación de la Convención de las Naciones Unidas contra la Delincuencia Organizada "
            "Transnacional y sus Protocolos");
  EXPECT_EQ(doc->meta.agenda[1].title,
            "Cooperación internacional, con especial referencia a la extradición, la asistencia judicial recíproca y la "
            "cooperación internacional para fines de decomiso, y establecimiento y fortalecimiento de las autoridades "
            "centrales");
  EXPECT_EQ(doc->meta.agenda[2].title, "Asistencia técnica");
}

TEST_F(Seed002, TitleIsTheFirstParagraphAndCoverLinesAreNotParagraphs) {
  ASSERT_FALSE(doc->paragraphs.empty());
  const Paragraph& first = doc->paragraphs.front();
  EXPECT_EQ(first.kind, Kind::heading);
  EXPECT_EQ(first.label, "");
  EXPECT_EQ(first.text, doc->meta.title);
  EXPECT_EQ(first.body, "SEC");
  for (const Paragraph& p : doc->paragraphs) {
    for (const char* cover : {"Distr.", "Español", "Original", "período de sesiones", "Viena,", "programa provisional",
                              "Nota de la Secretaría", "Conferencia de las Partes en la Convención", "CTOC/COP/2024/1"}) {
      if (p.kind != Kind::narrative) {
        EXPECT_FALSE(p.text.starts_with(cover)) << p.anchor << ": " << p.text;
      }
    }
  }
  EXPECT_TRUE(of_kind(*doc, Kind::footnote).empty()) << "the agenda footnote is metadata";
}

// The agenda items' titles follow the title as headings, so that their words are found.
TEST_F(Seed002, AgendaTitlesAreHeadingsAfterTheTitle) {
  ASSERT_GE(doc->paragraphs.size(), 4u);
  EXPECT_EQ(doc->paragraphs[1].anchor, "agenda-2");
  EXPECT_EQ(doc->paragraphs[1].text,
            "Examen de la aplicación de la Convención de las Naciones Unidas contra la Delincuencia Organizada "
            "Transnacional y sus Protocolos");
  EXPECT_EQ(doc->paragraphs[2].anchor, "agenda-4");
  EXPECT_EQ(doc->paragraphs[3].anchor, "agenda-5");
  EXPECT_EQ(doc->paragraphs[3].text, "Asistencia técnica");
  EXPECT_EQ(doc->paragraphs[3].kind, Kind::heading);
  EXPECT_EQ(doc->paragraphs[3].body, "SEC");
  EXPECT_EQ(doc->paragraphs[4].anchor, "s2") << "positional anchors do not count the agenda headings";
}

TEST_F(Seed002, FifteenNarrativeParagraphsWithTheBodyOfTheirSection) {
  EXPECT_EQ(labels(*doc, Kind::narrative), numbers(1, 15));
  const char* bodies[] = {"WG.4", "WG.4", "WG.4", "WG.7", "WG.7", "WG.7", "WG.6", "WG.6",
                          "WG.6", "WG.3", "WG.3", "WG.3", "WG.2", "WG.2", "WG.2"};
  for (int n = 1; n <= 15; ++n) EXPECT_EQ(get(*doc, std::to_string(n), Kind::narrative).body, bodies[n - 1]) << n;
}

TEST_F(Seed002, SectionHeadingsNameTheirBody) {
  std::vector<std::string> bodies;
  for (const Paragraph* h : of_kind(*doc, Kind::heading)) bodies.push_back(h->body);
  EXPECT_EQ(bodies, (std::vector<std::string>{"SEC", "SEC", "SEC", "SEC", "WG.4", "WG.7", "WG.6", "WG.3", "WG.2"}));
  // The plain line before paragraph 1 is a heading too, not a paragraph.
  const Paragraph& plain = *of_kind(*doc, Kind::heading)[4];
  EXPECT_EQ(plain.text,
            "Informes sobre las reuniones del Grupo de Trabajo sobre la Trata de Personas celebradas en Viena los días 2 "
            "y 3 de octubre de 2023 y 8 y 9 de julio de 2024");
  EXPECT_EQ(plain.label, "");
  EXPECT_TRUE(plain.section.empty());
  EXPECT_EQ(get(*doc, "1", Kind::narrative).section, std::vector<std::string>{plain.text});
  const Paragraph& bold = *of_kind(*doc, Kind::heading)[5];
  EXPECT_TRUE(bold.text.starts_with("Informes sobre las reuniones del Grupo de Trabajo sobre el Tráfico Ilícito de Migrantes"));
  EXPECT_EQ(get(*doc, "4", Kind::narrative).section, std::vector<std::string>{bold.text});
}

TEST_F(Seed002, Paragraph3IsWholeAcrossThePageBreakAndTheFootnote) {
  EXPECT_EQ(get(*doc, "3", Kind::narrative).text,
            "El Grupo de Trabajo sobre la Trata de Personas celebró su 13ª reunión los días 2 y 3 de octubre de 2023 y "
            "celebrará su 14ª reunión los días 8 y 9 de julio de 2024. Conforme a la resolución 7/1, los informes sobre "
            "esas reuniones (CTOC/COP/WG.4/2023/5 y CTOC/COP/WG.4/2024/5, respectivamente) se presentarán a la "
            "Conferencia en su 12º período de sesiones.");
  EXPECT_TRUE(get(*doc, "4", Kind::narrative).text.starts_with("En virtud de la resolución 5/3"));
}

// ====================================================================================
// Seeds 001 and 003: notes with one agenda item
// ====================================================================================

struct NoteCase {
  const char* name;
  int session;
  int agenda_item;
  const char* agenda_title;
  const char* date;
  const char* place;
  const char* session_start;
  const char* session_end;
  const char* agenda_symbol;
  const char* title;
  int paragraphs;
  const char* body;  // of every paragraph: the one the title names, else the Secretariat
};

void PrintTo(const NoteCase& c, std::ostream* os) { *os << c.name; }

class Notes : public ::testing::TestWithParam<NoteCase> {};
INSTANTIATE_TEST_SUITE_P(
    Seeds001And003, Notes,
    ::testing::Values(
        NoteCase{"cop7-note-technical-assistance.es", 7, 5, "Asistencia técnica", "2014-06-12", "Viena", "2014-10-06",
                 "2014-10-10", "CTOC/COP/2014/1",
                 "Informe sobre la reunión del Grupo de Trabajo de Expertos Gubernamentales sobre Asistencia Técnica "
                 "celebrada en Viena del 28 al 30 de octubre de 2013",
                 4, "WG.2"},
        NoteCase{"cop9-note-international-cooperation.es", 9, 4,
                 "Cooperación internacional, con especial referencia a la extradición, la asistencia judicial recíproca y "
                 "la cooperación internacional para fines de decomiso, y establecimiento y fortalecimiento de las "
                 "autoridades centrales",
                 "2018-06-18", "Viena", "2018-10-15", "2018-10-19", "CTOC/COP/2018/1",
                 "Informes sobre las reuniones del Grupo de Trabajo sobre Cooperación Internacional y el Grupo de Trabajo "
                 "de Expertos Gubernamentales sobre Asistencia Técnica celebradas en Viena del 9 al 13 de octubre de 2017 "
                 "y del 28 al 31 de mayo de 2018",
                 3, "SEC"}),
    [](const ::testing::TestParamInfo<NoteCase>& param) { return std::string(param.param.name[3] == '7' ? "Seed001" : "Seed003"); });

TEST_P(Notes, CoverMetadata) {
  const NoteCase& c = GetParam();
  const Document d = parse_file(c.name);
  EXPECT_EQ(d.meta.lang, "es");
  EXPECT_EQ(d.meta.original_lang, "en");
  EXPECT_EQ(d.meta.session, c.session);
  EXPECT_EQ(d.meta.year, std::stoi(std::string(c.date).substr(0, 4)));
  EXPECT_EQ(d.meta.date, c.date);
  EXPECT_EQ(d.meta.place, c.place);
  EXPECT_EQ(d.meta.session_start, c.session_start);
  EXPECT_EQ(d.meta.session_end, c.session_end);
  ASSERT_EQ(agenda_items(d), std::vector<int>{c.agenda_item});
  EXPECT_EQ(d.meta.agenda[0].title, c.agenda_title);
  EXPECT_EQ(d.meta.agenda_symbol, c.agenda_symbol);
  EXPECT_EQ(d.meta.type, "note");
  EXPECT_EQ(d.meta.body, "SEC");
  EXPECT_EQ(d.meta.title, c.title);
}

TEST_P(Notes, TitleThenNumberedNarrativeParagraphs) {
  const NoteCase& c = GetParam();
  const Document d = parse_file(c.name);
  ASSERT_EQ(d.paragraphs.size(), static_cast<std::size_t>(c.paragraphs) + 2);  // title, one agenda title
  EXPECT_EQ(d.paragraphs[0].kind, Kind::heading);
  EXPECT_EQ(d.paragraphs[0].text, c.title);
  EXPECT_EQ(d.paragraphs[0].body, c.body);
  EXPECT_EQ(d.paragraphs[1].kind, Kind::heading);
  EXPECT_TRUE(d.paragraphs[1].anchor.starts_with("agenda-")) << d.paragraphs[1].anchor;
  EXPECT_EQ(labels(d, Kind::narrative), numbers(1, c.paragraphs));
  for (const Paragraph* p : of_kind(d, Kind::narrative)) {
    EXPECT_EQ(p->body, c.body) << p->label;
    EXPECT_TRUE(p->section.empty()) << "neither the title nor the note line is a section";
    EXPECT_EQ(p->anchor, p->label);
  }
}

TEST(Seed001, Paragraph4AfterThePageBreakIsItsOwnParagraph) {
  const Document d = parse_file("cop7-note-technical-assistance.es");
  EXPECT_TRUE(get(d, "3", Kind::narrative).text.ends_with("la Convención y sus Protocolos."));
  EXPECT_TRUE(get(d, "4", Kind::narrative).text.starts_with("El Grupo de Trabajo de Expertos Gubernamentales"));
}

// ====================================================================================
// Seed 004: resolution 10/3
// ====================================================================================

class Seed004 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { doc = new Document(parse_file("resolution-10-3.es")); }
  static void TearDownTestSuite() { delete doc; }
  static const Document* doc;
};
const Document* Seed004::doc = nullptr;

TEST_F(Seed004, Metadata) {
  const DocumentMeta& m = doc->meta;
  EXPECT_EQ(m.type, "resolution");
  EXPECT_EQ(m.number, "10/3");
  EXPECT_EQ(m.session, 10);
  EXPECT_EQ(m.year, 2020);
  EXPECT_EQ(m.body, "COP");
  EXPECT_EQ(m.lang, "es");
  EXPECT_EQ(m.date, "");
  EXPECT_TRUE(m.agenda.empty());
  EXPECT_EQ(m.title,
            "Aplicación efectiva del Protocolo para Prevenir, Reprimir y Sancionar la Trata de Personas, Especialmente "
            "Mujeres y Niños, que complementa la Convención de las Naciones Unidas contra la Delincuencia Organizada "
            "Transnacional");
  EXPECT_EQ(doc->paragraphs[0].kind, Kind::heading);
  EXPECT_EQ(doc->paragraphs[0].text, m.title);
  EXPECT_EQ(doc->paragraphs[0].body, "COP");
}

TEST_F(Seed004, OpeningLineIsNarrative) {
  const Paragraph& opening = doc->paragraphs[1];
  EXPECT_EQ(opening.kind, Kind::narrative);
  EXPECT_EQ(opening.text,
            "La Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia Organizada "
            "Transnacional,");
  EXPECT_EQ(opening.verb, "");
}

TEST_F(Seed004, SeventeenOperativeParagraphsWithTheirVerbs) {
  struct Expected {
    const char* verb;
    const char* verb_text;
  };
  const Expected verbs[] = {{"urges", "Insta"},          {"encourages", "Alienta"}, {"calls_upon", "Exhorta"},
                            {"encourages", "Alienta"},   {"urges", "Insta"},        {"requests", "Solicita"},
                            {"encourages", "Alienta"},   {"encourages", "Alienta"}, {"invites", "Invita"},
                            {"encourages", "Alienta"},   {"encourages", "Alienta"}, {"calls_upon", "Exhorta"},
                            {"encourages", "Alienta"},   {"requests", "Solicita"},  {"requests", "Solicita"},
                            {"encourages", "Alienta"},   {"invites", "Invita"}};
  std::vector<std::string> numbered;
  for (const Paragraph* p : of_kind(*doc, Kind::operative)) {
    if (p->label.find(' ') == std::string::npos) numbered.push_back(p->label);
  }
  EXPECT_EQ(numbered, numbers(1, 17));
  for (int n = 1; n <= 17; ++n) {
    const Paragraph& p = get(*doc, std::to_string(n), Kind::operative);
    EXPECT_EQ(p.verb, verbs[n - 1].verb) << n;
    EXPECT_EQ(p.verb_text, verbs[n - 1].verb_text) << n;
    EXPECT_EQ(p.body, "COP") << n;
    EXPECT_EQ(p.anchor, std::to_string(n));
    EXPECT_TRUE(p.text.starts_with(verbs[n - 1].verb_text)) << n;
  }
}

TEST_F(Seed004, Paragraph13HasLetteredItemsAToKWithItsVerb) {
  std::vector<std::string> expected;
  for (char c = 'a'; c <= 'k'; ++c) expected.push_back(std::string("13 ") + c + ")");
  std::vector<std::string> items;
  for (const Paragraph* p : of_kind(*doc, Kind::operative)) {
    if (p->label.starts_with("13 ")) items.push_back(p->label);
  }
  EXPECT_EQ(items, expected);
  for (const std::string& label : expected) {
    const Paragraph& p = get(*doc, label, Kind::operative);
    EXPECT_EQ(p.verb, "encourages") << label;
    EXPECT_EQ(p.verb_text, "Alienta") << label;
    EXPECT_FALSE(p.text.starts_with(label.substr(3))) << "the marker is the label, not text: " << p.text;
  }
  EXPECT_EQ(get(*doc, "13 a)", Kind::operative).anchor, "13-a");
  EXPECT_TRUE(get(*doc, "13 a)", Kind::operative).text.starts_with("Apoyen, protejan y empoderen"));
  EXPECT_TRUE(get(*doc, "13 i)", Kind::operative).text.starts_with("Analicen los avances tecnológicos"));
  EXPECT_TRUE(get(*doc, "13 j)", Kind::operative).text.starts_with("Alienten al sector privado"));
  EXPECT_EQ(of_kind(*doc, Kind::operative).size(), 17u + 11u);
  EXPECT_TRUE(of_kind(*doc, Kind::recommendation).empty());
}

TEST_F(Seed004, PreambularParagraphsWithTheirVerbsInOrder) {
  struct Expected {
    const char* verb;
    const char* verb_text;
  };
  const Expected expected[] = {
      {"recalling", "Recordando"},        {"recalling", "Recordando también"},
      {"welcoming", "Acogiendo con beneplácito"}, {"bearing_in_mind", "Teniendo presente"},
      {"emphasizing", "Resaltando"},      {"recalling", "Recordando"},
      {"emphasizing", "Resaltando"},      {"recognizing", "Reconociendo con aprecio"},
      {"taking_note", "Tomando nota con aprecio"}, {"recognizing", "Reconociendo"},
      {"recalling", "Recordando"},        {"recalling", "Recordando también"},
      {"taking_note", "Tomando nota"},    {"recognizing", "Reconociendo"},
      {"reaffirming", "Reafirmando"},     {"welcoming", "Acogiendo con beneplácito"},
      {"noting", "Haciendo notar"},       {"recalling", "Recordando"},
      {"recalling", "Recordando también"}, {"expressing", "Expresando"},
      {"recognizing", "Reconociendo"},    {"recognizing", "Reconociendo también"},
  };
  const auto preambular = of_kind(*doc, Kind::preambular);
  ASSERT_EQ(preambular.size(), std::size(expected));
  for (std::size_t i = 0; i < preambular.size(); ++i) {
    EXPECT_EQ(preambular[i]->verb, expected[i].verb) << i;
    EXPECT_EQ(preambular[i]->verb_text, expected[i].verb_text) << i;
    EXPECT_EQ(preambular[i]->label, "") << i;
    EXPECT_EQ(preambular[i]->body, "COP") << i;
    EXPECT_TRUE(preambular[i]->text.ends_with(",")) << i << ": " << preambular[i]->text;
  }
}

TEST_F(Seed004, ParagraphsCutByPageBreaksAreWhole) {
  struct Cut {
    const char* label;
    const char* across;  // text spanning the break
    const char* ending;
  };
  const Cut cuts[] = {
      {"2", "en materia de políticas, teniendo en cuenta", "en la lucha contra estos delitos;"},
      {"8", "encargadas de hacer cumplir la ley, las autoridades de inmigración", "de conformidad con el derecho interno;"},
      {"16", "facilite las aportaciones y la participación activa de toda la Secretaría", "en el proceso de examen;"},
      {"13 i)", "formación para los funcionarios encargados", "según se requiera y previa solicitud;"},
  };
  for (const Cut& c : cuts) {
    const Paragraph& p = get(*doc, c.label, Kind::operative);
    EXPECT_NE(p.text.find(c.across), std::string::npos) << c.label << ": " << p.text;
    EXPECT_TRUE(p.text.ends_with(c.ending)) << c.label << ": " << p.text;
  }
  int holding = 0;
  for (const Paragraph& p : doc->paragraphs) {
    if (p.text.find("a la luz de los avances realizados en la implementación del Mecanismo") == std::string::npos) continue;
    ++holding;
    EXPECT_EQ(p.kind, Kind::preambular);
    EXPECT_EQ(p.verb, "recognizing");
    EXPECT_TRUE(p.text.starts_with("Reconociendo la función y los mandatos"));
    EXPECT_TRUE(p.text.ends_with("Delincuencia Organizada Transnacional y sus Protocolos,"));
    EXPECT_EQ(p.text.find("Publicación de las Naciones Unidas"), std::string::npos) << "footnote 4 is not glued in";
  }
  EXPECT_EQ(holding, 1);
}

TEST_F(Seed004, FootnotesAreSeparateAndLinkedToTheParagraphsCitingThem) {
  EXPECT_EQ(labels(*doc, Kind::footnote), numbers(1, 4));
  struct Expected {
    const char* label;
    const char* text;
    const char* cited_by_verb_text;
  };
  const Expected notes[] = {
      {"1", "Naciones Unidas, Treaty Series, vol. 2225, núm. 39574.", "Recordando"},
      {"2", "Ibid., vol. 2237, núm. 39574.", "Recordando"},
      {"3", "Tomando nota de las disposiciones pertinentes de las resoluciones del Consejo de Seguridad 2331 (2016), "
            "2368 (2017), 2388 (2017) y 2482 (2019).",
       "Recordando también"},
      {"4", "Publicación de las Naciones Unidas, núm. de venta S.09.V.11.", "Tomando nota con aprecio"},
  };
  for (const Expected& e : notes) {
    const Paragraph& note = get(*doc, e.label, Kind::footnote);
    EXPECT_EQ(note.text, e.text);
    EXPECT_EQ(note.anchor, std::string("fn-") + e.label);
    EXPECT_EQ(note.body, "COP");
    EXPECT_EQ(note.verb, "") << "a footnote opening with \"Tomando nota\" is not preambular";
    ASSERT_EQ(note.cited_by.size(), 1u) << e.label;
    const Paragraph* citing = by_anchor(*doc, note.cited_by[0]);
    ASSERT_NE(citing, nullptr);
    EXPECT_EQ(citing->kind, Kind::preambular);
    EXPECT_EQ(citing->verb_text, e.cited_by_verb_text);
    EXPECT_NE(std::find(citing->footnotes.begin(), citing->footnotes.end(), e.label), citing->footnotes.end());
    EXPECT_EQ(citing->text.find(e.text), std::string::npos) << "footnote text glued into " << citing->anchor;
  }
  const Paragraph& first_recalling = *of_kind(*doc, Kind::preambular)[0];
  EXPECT_EQ(first_recalling.footnotes, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(get(*doc, "1", Kind::footnote).cited_by, std::vector<std::string>{first_recalling.anchor});
  EXPECT_TRUE(first_recalling.text.ends_with("que complementa la Convención,"));
}

TEST_F(Seed004, OrdinalSuperscriptIsRenderedNotCited) {
  const Paragraph& p15 = get(*doc, "15", Kind::operative);
  EXPECT_NE(p15.text.find("para su examen en su 11º período de sesiones"), std::string::npos) << p15.text;
  EXPECT_TRUE(p15.footnotes.empty());
}

// ====================================================================================
// Seed 000: resolution 6/4 and its annex of recommendations
// ====================================================================================

class Seed000 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { doc = new Document(parse_file("resolution-6-4.es")); }
  static void TearDownTestSuite() { delete doc; }
  static const Document* doc;
};
const Document* Seed000::doc = nullptr;

TEST_F(Seed000, Metadata) {
  EXPECT_EQ(doc->meta.type, "resolution");
  EXPECT_EQ(doc->meta.number, "6/4");
  EXPECT_EQ(doc->meta.session, 6);
  EXPECT_EQ(doc->meta.year, 2012);
  EXPECT_EQ(doc->meta.body, "COP");
  EXPECT_EQ(doc->meta.title,
            "Aplicación de las disposiciones sobre asistencia técnica de la Convención de las Naciones Unidas contra la "
            "Delincuencia Organizada Transnacional");
}

TEST_F(Seed000, PreambleAndOperativeParagraphsBelongToTheConference) {
  const auto preambular = of_kind(*doc, Kind::preambular);
  ASSERT_EQ(preambular.size(), 2u);
  EXPECT_EQ(preambular[0]->verb, "noting");
  EXPECT_EQ(preambular[0]->verb_text, "Observando");
  EXPECT_EQ(preambular[1]->verb, "welcoming");
  EXPECT_EQ(preambular[1]->verb_text, "Acogiendo con beneplácito");
  EXPECT_EQ(labels(*doc, Kind::operative), numbers(1, 2));
  EXPECT_EQ(get(*doc, "1", Kind::operative).verb, "endorses");
  EXPECT_EQ(get(*doc, "1", Kind::operative).verb_text, "Hace suyas");
  EXPECT_EQ(get(*doc, "2", Kind::operative).verb, "reaffirms");
  for (const Paragraph* p : preambular) EXPECT_EQ(p->body, "COP");
  EXPECT_EQ(get(*doc, "1", Kind::operative).body, "COP");
  EXPECT_EQ(get(*doc, "2", Kind::operative).body, "COP");
}

TEST_F(Seed000, AnnexRecommendationsWithCanonicalLabelsVerbsAndTheWorkingGroup) {
  struct Expected {
    const char* label;
    const char* anchor;
    const char* verb;
  };
  const Expected expected[] = {
      {"a)", "a", "encourages"},         {"a) i)", "a-i", "encourages"},  {"a) ii)", "a-ii", "encourages"},
      {"a) iii)", "a-iii", "encourages"}, {"b)", "b", "requests"},         {"b) i)", "b-i", "requests"},
      {"b) ii)", "b-ii", "requests"},     {"b) iii)", "b-iii", "requests"}, {"b) iv)", "b-iv", "requests"},
      {"b) v)", "b-v", "requests"},       {"c)", "c", "invites"},           {"c) i)", "c-i", "invites"},
      {"c) ii)", "c-ii", "invites"},      {"d)", "d", "invites"},
  };
  const auto recommendations = of_kind(*doc, Kind::recommendation);
  ASSERT_EQ(recommendations.size(), std::size(expected));
  for (std::size_t i = 0; i < recommendations.size(); ++i) {
    const Paragraph& p = *recommendations[i];
    EXPECT_EQ(p.label, expected[i].label) << i;
    EXPECT_EQ(p.anchor, expected[i].anchor) << i;
    EXPECT_EQ(p.verb, expected[i].verb) << p.label;
    EXPECT_EQ(p.body, "WG.2") << p.label;
    EXPECT_EQ(p.section.size(), 2u) << p.label;
  }
  EXPECT_EQ(get(*doc, "a)", Kind::recommendation).verb_text, "Alienta");
  EXPECT_EQ(get(*doc, "d)", Kind::recommendation).verb_text, "Invita");
  EXPECT_EQ(get(*doc, "a) i)", Kind::recommendation).text, "promover la coordinación intragubernamental;");
}

TEST_F(Seed000, SubItemsContinueAfterThePageBreakWhateverTheirIndentation) {
  EXPECT_EQ(get(*doc, "b) iii)", Kind::recommendation).text,
            "establecimiento de programas de fomento de la capacidad para fiscales y miembros de los organismos "
            "judiciales y policiales, entre otras cosas para reforzar la cooperación y coordinación interinstitucionales;");
  EXPECT_EQ(get(*doc, "b) iv)", Kind::recommendation).text, "instrumentos de evaluación de las amenazas criminales; y");
  EXPECT_EQ(get(*doc, "c)", Kind::recommendation).text, "Invita a los Estados y otros donantes a que:");
  EXPECT_EQ(get(*doc, "b) v)", Kind::recommendation).footnotes, std::vector<std::string>{"2"});
}

TEST_F(Seed000, AnnexHeadingsAndTheirBodies) {
  const auto headings = of_kind(*doc, Kind::heading);
  ASSERT_EQ(headings.size(), 3u);
  EXPECT_EQ(headings[1]->text, "Anexo");
  EXPECT_EQ(headings[1]->body, "COP");
  EXPECT_EQ(headings[2]->text,
            "Recomendaciones aprobadas por el Grupo de trabajo de expertos gubernamentales sobre asistencia técnica en su "
            "reunión celebrada el 17 de octubre de 2012");
  EXPECT_EQ(headings[2]->body, "WG.2");
  EXPECT_EQ(headings[2]->section, std::vector<std::string>{"Anexo"});
  const Paragraph& intro = get(*doc, "", Kind::narrative);  // the opening line of the resolution
  EXPECT_EQ(intro.body, "COP");
  const Paragraph* lead = nullptr;
  for (const Paragraph& p : doc->paragraphs) {
    if (p.text == "El Grupo de trabajo de expertos gubernamentales sobre asistencia técnica:") lead = &p;
  }
  ASSERT_NE(lead, nullptr);
  EXPECT_EQ(lead->kind, Kind::narrative);
  EXPECT_EQ(lead->body, "WG.2");
}

TEST_F(Seed000, FootnotesTakeTheBodyOfTheParagraphCitingThem) {
  EXPECT_EQ(labels(*doc, Kind::footnote), numbers(1, 2));
  const Paragraph& fn1 = get(*doc, "1", Kind::footnote);
  EXPECT_EQ(fn1.text, "Naciones Unidas, Treaty Series, vols. 2225, 2237, 2241 y 2326, núm. 39574.");
  EXPECT_EQ(fn1.cited_by, std::vector<std::string>{of_kind(*doc, Kind::preambular)[0]->anchor});
  EXPECT_EQ(fn1.body, "COP");
  EXPECT_TRUE(fn1.section.empty()) << "the section of the paragraph citing it, not of the page it fell on";
  const Paragraph& fn2 = get(*doc, "2", Kind::footnote);
  EXPECT_EQ(fn2.text, "Ibid.");
  EXPECT_EQ(fn2.cited_by, std::vector<std::string>{"b-v"});
  EXPECT_EQ(fn2.body, "WG.2");
}

// ====================================================================================
// Every seed, both languages
// ====================================================================================

const std::vector<std::string> kSeeds = {"resolution-6-4", "cop7-note-technical-assistance", "cop12-note-subsidiary-bodies",
                                         "cop9-note-international-cooperation", "resolution-10-3"};

std::string test_name(const ::testing::TestParamInfo<std::string>& param) {
  std::string name;
  for (char c : param.param) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

class EverySeed : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!corpus_file_exists(GetParam())) GTEST_SKIP() << GetParam() << ".md not written yet";
  }
};
INSTANTIATE_TEST_SUITE_P(
    BothLanguages, EverySeed,
    ::testing::ValuesIn([] {
      std::vector<std::string> names;
      for (const std::string& seed : kSeeds) {
        names.push_back(seed + ".es");
        names.push_back(seed + ".en");
      }
      return names;
    }()),
    test_name);

TEST_P(EverySeed, NoMarkdownSurvivesAndNoParagraphIsEmpty) {
  const Document d = parse_file(GetParam());
  ASSERT_FALSE(d.paragraphs.empty());
  for (const Paragraph& p : d.paragraphs) {
    EXPECT_FALSE(p.text.empty()) << p.anchor;
    for (const char* markup : {"*", "](", "<sup", "</", "\\", "[", "#"}) {
      EXPECT_EQ(p.text.find(markup), std::string::npos) << p.anchor << " holds " << markup << ": " << p.text;
    }
    EXPECT_FALSE(p.text.starts_with("- ")) << p.anchor;
    EXPECT_FALSE(p.text.starts_with(" ") || p.text.ends_with(" ")) << p.anchor;
    EXPECT_EQ(p.text.find("  "), std::string::npos) << p.anchor;
  }
}

TEST_P(EverySeed, AnchorsAreUniqueAndUrlSafe) {
  const Document d = parse_file(GetParam());
  std::set<std::string> seen;
  for (const Paragraph& p : d.paragraphs) {
    EXPECT_TRUE(seen.insert(p.anchor).second) << "duplicate anchor " << p.anchor;
    EXPECT_FALSE(p.anchor.empty());
    EXPECT_EQ(p.anchor.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos) << p.anchor;
  }
}

TEST_P(EverySeed, FootnoteReferencesAndCitationsAgree) {
  const Document d = parse_file(GetParam());
  for (const Paragraph& p : d.paragraphs) {
    for (const std::string& ref : p.footnotes) {
      const Paragraph* note = find(d, ref, Kind::footnote);
      ASSERT_NE(note, nullptr) << p.anchor << " cites missing footnote " << ref;
      EXPECT_NE(std::find(note->cited_by.begin(), note->cited_by.end(), p.anchor), note->cited_by.end());
    }
    if (p.kind == Kind::footnote) {
      EXPECT_FALSE(p.cited_by.empty()) << "uncited footnote " << p.label;
    }
  }
}

// The English version gives what its Spanish twin gives: labels, kinds, bodies, verbs, footnote
// links, sections' depth, and the language-independent metadata.
class EnglishTwin : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!corpus_file_exists(GetParam() + ".en")) GTEST_SKIP() << GetParam() << ".en.md not written yet";
  }
};
INSTANTIATE_TEST_SUITE_P(Seeds, EnglishTwin, ::testing::ValuesIn(kSeeds), test_name);

std::string structure(const Paragraph& p) {
  std::string out = p.anchor + " | " + p.label + " | " + to_string(p.kind) + " | " + p.body + " | " + p.verb + " | fn:";
  for (const std::string& f : p.footnotes) out += f + ",";
  out += " | cited by:";
  for (const std::string& c : p.cited_by) out += c + ",";
  return out + " | depth " + std::to_string(p.section.size());
}

TEST_P(EnglishTwin, GivesTheSameStructureAndMetadata) {
  const Document es = parse_file(GetParam() + ".es");
  const Document en = parse_file(GetParam() + ".en");
  EXPECT_EQ(es.meta.lang, "es");
  EXPECT_EQ(en.meta.lang, "en");
  EXPECT_EQ(en.meta.original_lang, es.meta.original_lang);
  EXPECT_EQ(en.meta.session, es.meta.session);
  EXPECT_EQ(en.meta.year, es.meta.year);
  EXPECT_EQ(en.meta.date, es.meta.date);
  EXPECT_EQ(en.meta.session_start, es.meta.session_start);
  EXPECT_EQ(en.meta.session_end, es.meta.session_end);
  EXPECT_EQ(agenda_items(en), agenda_items(es));
  for (std::size_t i = 0; i < en.meta.agenda.size(); ++i) EXPECT_FALSE(en.meta.agenda[i].title.empty()) << i;
  EXPECT_EQ(en.meta.agenda_symbol, es.meta.agenda_symbol);
  EXPECT_EQ(en.meta.type, es.meta.type);
  EXPECT_EQ(en.meta.number, es.meta.number);
  EXPECT_EQ(en.meta.body, es.meta.body);
  EXPECT_EQ(en.meta.title.empty(), es.meta.title.empty());
  EXPECT_EQ(en.meta.place.empty(), es.meta.place.empty());
  ASSERT_EQ(en.paragraphs.size(), es.paragraphs.size());
  for (std::size_t i = 0; i < es.paragraphs.size(); ++i) {
    EXPECT_EQ(structure(en.paragraphs[i]), structure(es.paragraphs[i])) << "paragraph " << i << ": " << en.paragraphs[i].text;
  }
}

TEST(EnglishSeeds, HeaderFormsAndVerbsAsWritten) {
  if (!corpus_file_exists("cop12-note-subsidiary-bodies.en") || !corpus_file_exists("resolution-10-3.en")) {
    GTEST_SKIP() << "English versions not written yet";
  }
  const Document note = parse_file("cop12-note-subsidiary-bodies.en");
  EXPECT_EQ(note.meta.place, "Vienna");
  EXPECT_EQ(note.meta.agenda[2].title, "Technical assistance");
  EXPECT_TRUE(get(note, "3", Kind::narrative).text.ends_with("will be submitted to the Conference at its twelfth session."));
  const Document resolution = parse_file("resolution-10-3.en");
  EXPECT_EQ(get(resolution, "1", Kind::operative).verb_text, "Urges");
  EXPECT_EQ(get(resolution, "3", Kind::operative).verb_text, "Calls upon");
  EXPECT_EQ(of_kind(resolution, Kind::preambular)[1]->verb_text, "Recalling also");
  EXPECT_FALSE(get(resolution, "13 a)", Kind::operative).text.starts_with("(a)"));
}

// ====================================================================================
// Markdown rules on small inputs
// ====================================================================================

TEST(MarkdownRules, InlineMarkupBecomesItsText) {
  const Document d = parse_text(
      "Texto con *énfasis*, **negrita**, [un enlace](#) y `código`\n"
      "continuado en otra línea  \ny tras un salto.");
  ASSERT_EQ(d.paragraphs.size(), 1u);
  EXPECT_EQ(d.paragraphs[0].text, "Texto con énfasis, negrita, un enlace y código continuado en otra línea y tras un salto.");
  EXPECT_EQ(d.paragraphs[0].kind, Kind::narrative);
}

TEST(MarkdownRules, SuperscriptNumbersAreFootnoteReferences) {
  const Document d = parse_text("Texto<sup>1</sup> y más<sup>2</sup>.\n\n<sup>1</sup> Primera nota.\n\n<sup>2</sup> *Ibid.*");
  ASSERT_EQ(d.paragraphs.size(), 3u);
  EXPECT_EQ(d.paragraphs[0].text, "Texto y más.");
  EXPECT_EQ(d.paragraphs[0].footnotes, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(d.paragraphs[1].kind, Kind::footnote);
  EXPECT_EQ(d.paragraphs[1].label, "1");
  EXPECT_EQ(d.paragraphs[1].anchor, "fn-1");
  EXPECT_EQ(d.paragraphs[1].text, "Primera nota.");
  EXPECT_EQ(d.paragraphs[1].cited_by, std::vector<std::string>{d.paragraphs[0].anchor});
  EXPECT_EQ(d.paragraphs[2].text, "Ibid.");
}

TEST(MarkdownRules, FootnoteDefinitionsRunTogetherAreSeparated) {
  const Document d = parse_text("Texto<sup>1</sup><sup>2</sup>.\n\n<sup>1</sup> Primera.\n<sup>2</sup> Segunda.");
  EXPECT_EQ(labels(d, Kind::footnote), numbers(1, 2));
  EXPECT_EQ(get(d, "2", Kind::footnote).text, "Segunda.");
  EXPECT_EQ(get(d, "1", Kind::footnote).text, "Primera.");
}

TEST(MarkdownRules, SuperscriptLetterAfterANumberIsAnOrdinal) {
  const Document d = parse_text("Su 11<sup>o</sup> período y la 13<sup>a</sup> reunión.");
  ASSERT_EQ(d.paragraphs.size(), 1u);
  EXPECT_EQ(d.paragraphs[0].text, "Su 11º período y la 13ª reunión.");
  EXPECT_TRUE(d.paragraphs[0].footnotes.empty());
}

// The searcher escapes text on display (search_test: MarkupInTextIsEscapedInSnippets).
TEST(MarkdownRules, OtherInlineHtmlIsKeptAsTextAndBrIsALineBreak) {
  const Document d = parse_text("Texto <script>alert(1)</script> y <img src=x onerror=alert(2)><br>fin.");
  ASSERT_EQ(d.paragraphs.size(), 1u);
  EXPECT_EQ(d.paragraphs[0].text, "Texto <script>alert(1)</script> y <img src=x onerror=alert(2)> fin.");
}

// Raw HTML or code alone on its lines is the document's text: kept literally, as a block of its
// own (the usual paragraph rules then apply), and escaped on display like the inline case above.
TEST(MarkdownRules, HtmlAndCodeBlocksAreKeptAsParagraphText) {
  struct Case {
    std::string markdown;
    std::vector<std::string> texts;
  };
  const std::vector<Case> cases{
      {"<div>Texto</div>\n", {"<div>Texto</div>"}},
      {"1. Antes.\n\n<div>Texto en un bloque</div>\n\n2. Después.\n", {"Antes.", "<div>Texto en un bloque</div>", "Después."}},
      {"<script>alert(1)</script>\n", {"<script>alert(1)</script>"}},
      {"<img src=x onerror=alert(1)>\n", {"<img src=x onerror=alert(1)>"}},
      {"Texto.\n\n<img src=x onerror=alert(1)>\n", {"Texto.", "<img src=x onerror=alert(1)>"}},
      {"<table>\n<tr><td>Celda uno</td></tr>\n</table>\n", {"<table> <tr><td>Celda uno</td></tr> </table>"}},
      {"<div>\r\nTexto con CRLF\r\n</div>\r\n", {"<div> Texto con CRLF </div>"}},
      {"    texto sangrado como código\n", {"texto sangrado como código"}},
      // A comment was never visible in the original document.
      {"Visible.\n\n<!-- página 3 -->\n", {"Visible."}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> texts;
    for (const Paragraph& p : parse_text(c.markdown).paragraphs) texts.push_back(p.text);
    EXPECT_EQ(texts, c.texts) << c.markdown;
  }
}

TEST(MarkdownRules, UnclosedSuperscriptKeepsItsText) {
  const Document d = parse_text("Texto <sup>sin cierre y más palabras.");
  ASSERT_EQ(d.paragraphs.size(), 1u);
  EXPECT_EQ(d.paragraphs[0].text, "Texto <sup>sin cierre y más palabras.");
}

TEST(MarkdownRules, IndentedTextIsStillText) {
  const Document d = parse_text("Primero.\n\n        Indentado como código.");
  ASSERT_EQ(d.paragraphs.size(), 2u);
  EXPECT_EQ(d.paragraphs[1].text, "Indentado como código.");
}

TEST(MarkdownRules, ParagraphCutByAPageBreakAndAFootnoteIsJoined) {
  const Document d = parse_text(
      "1. El texto<sup>1</sup> sigue\n\n---\n\n<sup>1</sup> La nota.\n\n\n\nen la página siguiente.\n\n"
      "2. Otro párrafo:\n\n---\n\nque también sigue.");
  EXPECT_EQ(labels(d, Kind::narrative), (std::vector<std::string>{"1", "2", ""}));
  EXPECT_EQ(get(d, "1", Kind::narrative).text, "El texto sigue en la página siguiente.");
  EXPECT_EQ(get(d, "1", Kind::footnote).text, "La nota.");
  EXPECT_EQ(get(d, "1", Kind::footnote).cited_by, std::vector<std::string>{"1"});
  // A colon ends the paragraph: what follows is a paragraph of its own.
  EXPECT_EQ(get(d, "2", Kind::narrative).text, "Otro párrafo:");
  EXPECT_EQ(d.paragraphs.back().text, "que también sigue.");
}

TEST(MarkdownRules, LabelledBlocksAndHeadingsAreNeverJoined) {
  const Document d = parse_text("1. Texto sin final\n\na) un punto\n\n## Sección\n\nTexto suelto.");
  ASSERT_EQ(d.paragraphs.size(), 4u);
  EXPECT_EQ(d.paragraphs[0].text, "Texto sin final");
  EXPECT_EQ(d.paragraphs[1].label, "1 a)");
  EXPECT_EQ(d.paragraphs[1].text, "un punto");
  EXPECT_EQ(d.paragraphs[2].kind, Kind::heading);
  EXPECT_EQ(d.paragraphs[3].section, std::vector<std::string>{"Sección"});
}

// cmark gives a list's first number only: items count on from it. An interrupting block starts
// a new list, which keeps its own first number.
TEST(MarkdownRules, NumbersComeFromTheListAndSurviveInterruptions) {
  const Document d = parse_text("1. Uno.\n2. Dos.\n\nTexto entre listas.\n\n3. Tres.\n\n4. Cuatro.\n\n---\n\n7. Siete.");
  EXPECT_EQ(labels(d, Kind::narrative), (std::vector<std::string>{"1", "2", "", "3", "4", "7"}));
}

TEST(MarkdownRules, EnglishMarkersGiveTheSameCanonicalLabels) {
  const Document es = parse_text("## Resolución 1/1\n\n### **Título**\n\n1. *Alienta* a los Estados:\n\na) uno;\n\n- i) sub;\n\nb) dos.");
  const Document en = parse_text("## Resolution 1/1\n\n### **Title**\n\n1. *Encourages* States:\n\n(a) one;\n\n- (i) sub;\n\n(b) two.", "en");
  const std::vector<std::string> expected{"1", "1 a)", "1 a) i)", "1 b)"};
  EXPECT_EQ(labels(es, Kind::operative), expected);
  EXPECT_EQ(labels(en, Kind::operative), expected);
  EXPECT_EQ(get(en, "1 a) i)", Kind::operative).text, "sub;");
  EXPECT_EQ(get(en, "1 a) i)", Kind::operative).anchor, "1-a-i");
  EXPECT_EQ(get(en, "1 b)", Kind::operative).verb, "encourages");
}

TEST(MarkdownRules, LetterIAfterHIsALetterButAfterAItOpensRomanNumerals) {
  std::string letters = "## Resolución 1/1\n\n### **T**\n\n1. *Insta* a:\n\n";
  for (char c = 'a'; c <= 'j'; ++c) letters += std::string(1, c) + ") punto;\n\n";
  std::vector<std::string> expected{"1"};
  for (char c = 'a'; c <= 'j'; ++c) expected.push_back(std::string("1 ") + c + ")");
  EXPECT_EQ(labels(parse_text(letters), Kind::operative), expected);

  const Document annex = parse_text(
      "## Resolución 1/1\n\n### **T**\n\n## Anexo\n\n"
      "a) Alienta a:\n\n- i) uno;\n  - ii) dos;\n\n"
      "- b) Solicita:\n\n- i) uno;\n- ii) dos;\n  - iii) tres;\n    - iv) cuatro;\n- v) cinco;\n"
      "- c) Invita a:\n\n  - i) uno;\n\nd) Recomienda algo.");
  EXPECT_EQ(labels(annex, Kind::recommendation),
            (std::vector<std::string>{"a)", "a) i)", "a) ii)", "b)", "b) i)", "b) ii)", "b) iii)", "b) iv)", "b) v)", "c)",
                                      "c) i)", "d)"}));
  EXPECT_EQ(get(annex, "b) iv)", Kind::recommendation).verb, "requests");
  EXPECT_EQ(get(annex, "d)", Kind::recommendation).verb, "recommends");
}

TEST(MarkdownRules, DecisionIsIssuedByTheConference) {
  const Document d = parse_text("## Decisión 4/3\n\n### Título de la decisión\n\n1. *Decide* que el Grupo de Trabajo siga.");
  EXPECT_EQ(d.meta.type, "decision");
  EXPECT_EQ(d.meta.number, "4/3");
  EXPECT_EQ(d.meta.session, 4);
  EXPECT_EQ(d.meta.year, 2008);
  EXPECT_EQ(d.meta.body, "COP");
  EXPECT_EQ(d.meta.title, "Título de la decisión");
  EXPECT_EQ(get(d, "1", Kind::operative).verb, "decides");
  EXPECT_EQ(get(d, "1", Kind::operative).body, "COP");
}

TEST(MarkdownRules, ReportWithoutANoteLine) {
  const Document d = parse_text(
      "Conferencia de las Partes\n\nDistr. general\n1 de marzo de 2010\nEspañol\nOriginal: español\n\n"
      "Quinto período de sesiones\n\n"
      "Informe de la Conferencia sobre su quinto período de sesiones\n\n1. Texto.\n\n2. Más texto.",
      "en");
  EXPECT_EQ(d.meta.type, "report");
  EXPECT_EQ(d.meta.lang, "es");
  EXPECT_EQ(d.meta.original_lang, "es");
  EXPECT_EQ(d.meta.session, 5);
  EXPECT_EQ(d.meta.date, "2010-03-01");
  EXPECT_EQ(d.meta.year, 2010);
  EXPECT_EQ(d.meta.title, "Informe de la Conferencia sobre su quinto período de sesiones");
  EXPECT_EQ(d.meta.body, "");
  EXPECT_EQ(labels(d, Kind::narrative), numbers(1, 2));
}

TEST(MarkdownRules, EnglishCoverWithTypographicDash) {
  const Document d = parse_text(
      "Distr.: General\n12 June 2014\nEnglish\nOriginal: Spanish\n\nSeventh session\n\nVienna, 6–10 October 2014\n\n"
      "Item 5 of the provisional agenda\\*\n\nTechnical assistance\n\nReport on the meeting\n\nNote by the Secretariat\n\n"
      "1. Text.\n\n\\* CTOC/COP/2014/1.",
      "es");
  EXPECT_EQ(d.meta.lang, "en");
  EXPECT_EQ(d.meta.original_lang, "es");
  EXPECT_EQ(d.meta.date, "2014-06-12");
  EXPECT_EQ(d.meta.session, 7);
  EXPECT_EQ(d.meta.place, "Vienna");
  EXPECT_EQ(d.meta.session_start, "2014-10-06");
  EXPECT_EQ(d.meta.session_end, "2014-10-10");
  ASSERT_EQ(agenda_items(d), std::vector<int>{5});
  EXPECT_EQ(d.meta.agenda[0].title, "Technical assistance");
  EXPECT_EQ(d.meta.agenda_symbol, "CTOC/COP/2014/1");
  EXPECT_EQ(d.meta.title, "Report on the meeting");
  EXPECT_EQ(d.meta.type, "note");
  EXPECT_EQ(labels(d, Kind::narrative), numbers(1, 1));
}

TEST(MarkdownRules, PlainLineIntroducingNumberedParagraphsIsAHeading) {
  const Document d = parse_text("Antecedentes\n\n1. Texto.\n\nUna línea suelta.\n\nOtra línea.");
  ASSERT_EQ(d.paragraphs.size(), 4u);
  EXPECT_EQ(d.paragraphs[0].kind, Kind::heading);
  EXPECT_EQ(d.paragraphs[1].section, std::vector<std::string>{"Antecedentes"});
  EXPECT_EQ(d.paragraphs[2].kind, Kind::narrative);
}

TEST(MarkdownRules, StarFootnoteThatIsNotTheAgendaSymbol) {
  const Document d = parse_text("Texto.\n\n\\* Publicado nuevamente por razones técnicas.");
  ASSERT_EQ(d.paragraphs.size(), 2u);
  EXPECT_EQ(d.paragraphs[1].kind, Kind::footnote);
  EXPECT_EQ(d.paragraphs[1].label, "*");
  EXPECT_EQ(d.paragraphs[1].anchor, "fn-star");
  EXPECT_EQ(d.paragraphs[1].text, "Publicado nuevamente por razones técnicas.");
}

TEST(MarkdownRules, RepeatedLabelsGetDistinctAnchors) {
  const Document d = parse_text("# A\n\n1. Uno.\n\n# B\n\n1. Otro uno.");
  EXPECT_EQ(labels(d, Kind::narrative), (std::vector<std::string>{"1", "1"}));
  EXPECT_EQ(get(d, "1", Kind::narrative).anchor, "1");
  EXPECT_EQ(d.paragraphs.back().anchor, "1-2");
}

TEST(MarkdownRules, LanguageHintWhenTheTextDoesNotSay) {
  EXPECT_EQ(parse_text("Texto.", "en").meta.lang, "en");
  EXPECT_EQ(parse_text("## Resolution 6/4\n\n### **T**\n\n1. *Urges* States.", "en").meta.lang, "en");
}

// ====================================================================================
// Odd input
// ====================================================================================

TEST(OddInput, EmptyText) {
  const Document d = parse_text("");
  EXPECT_TRUE(d.paragraphs.empty());
  EXPECT_EQ(d.meta.lang, "es");
  EXPECT_EQ(d.meta.session, std::nullopt);
  EXPECT_EQ(d.meta.type, "");
}

TEST(OddInput, TextWithNoStructureGivesNarrativeParagraphs) {
  const Document d = parse_text("Un texto sin estructura.\n\nOtro párrafo, también sin nada.");
  ASSERT_EQ(d.paragraphs.size(), 2u);
  for (const Paragraph& p : d.paragraphs) {
    EXPECT_EQ(p.kind, Kind::narrative);
    EXPECT_EQ(p.label, "");
    EXPECT_EQ(p.body, "");
  }
  EXPECT_EQ(d.paragraphs[0].anchor, "s1");
  EXPECT_EQ(d.paragraphs[1].anchor, "s2");
  EXPECT_EQ(d.meta.session, std::nullopt);
  EXPECT_EQ(d.meta.year, std::nullopt);
}

TEST(OddInput, LoneHeading) {
  const Document d = parse_text("# Solo un título");
  ASSERT_EQ(d.paragraphs.size(), 1u);
  EXPECT_EQ(d.paragraphs[0].kind, Kind::heading);
  EXPECT_EQ(d.paragraphs[0].text, "Solo un título");
  EXPECT_EQ(d.paragraphs[0].label, "");
}

TEST(OddInput, GarbageNeverCrashesAndNeverGivesEmptyParagraphs) {
  std::vector<std::string> inputs = {
      "<sup>", "</sup>", "<sup>1</sup>", "<sup></sup>", "**", "*", "\\*", "---\n---\n", "- a)\n  - i)\n- (", "1.\n2.\n",
      "*x*\n\n<sup>1</sup>", "## Resolución 1/\n", "## Resolución 99/99\n", "Resolución", "Distr. general\n99 de foo de 2014",
      "Distr. general\n\nTemas 1, 2, 3, 4 del programa provisional*\n\nTítulo", "a)\nb)\nzz)\n", "(a)", "(iiii) x",
      "> > > - - 1. *a*", "```\ncode\n```", "<div>\n*html*\n</div>", "[](#)", "![imagen](x.png)", "\t\t\t", "\n\n\n",
      "1. *Insta*\n\n- i)\n\n- i)", "Viena, 31 de febrero de 2014", "# \n## \n### ", std::string(200, '*'),
      std::string(200, '>') + " texto", std::string(100, '-') + " x", "\xc3\xb1\xc3\xb1 <sup>\xc3\xb1</sup>"};
  std::string big;
  for (int i = 1; i <= 2000; ++i) big += std::to_string(i) + ". Párrafo " + std::to_string(i) + "\n\n---\n\n";
  inputs.push_back(big);
  std::string mixed;
  for (const std::string& piece : inputs) mixed += piece + "\n";
  inputs.push_back(mixed);
  for (const std::string& junk : inputs) {
    Document d;
    ASSERT_NO_THROW(d = parse_text(junk)) << junk.substr(0, 80);
    std::set<std::string> anchors;
    for (const Paragraph& p : d.paragraphs) {
      EXPECT_FALSE(p.text.empty()) << junk.substr(0, 80);
      EXPECT_TRUE(anchors.insert(p.anchor).second) << junk.substr(0, 80) << ": " << p.anchor;
    }
  }
}

TEST(OddInput, ParagraphKindNamesRoundTrip) {
  for (Kind k : {Kind::heading, Kind::preambular, Kind::operative, Kind::recommendation, Kind::narrative, Kind::footnote}) {
    EXPECT_EQ(paragraph_kind_from_string(to_string(k)), k);
  }
  EXPECT_EQ(paragraph_kind_from_string("poem"), std::nullopt);
  EXPECT_EQ(paragraph_kind_from_string(""), std::nullopt);
}

}  // namespace
}  // namespace palermo

namespace palermo {
namespace {

// A working group's report: its recommendations, under a recommendations heading, are
// recommendations of that group (the body from the symbol), whatever their numbering.
TEST(Kinds, WorkingGroupRecommendationsInItsReport) {
  const Document en = parse_text(
      "CTOC/COP/WG.4/2023/5\n\nDistr.: General\n10 October 2023\n\nOriginal: English\n\n"
      "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 2 and 3 October 2023\n\n"
      "## I. Recommendations adopted by the Working Group\n\n"
      "(a) States parties should consider establishing national referral mechanisms;\n\n"
      "(b) States parties should ensure that victims are not punished;\n\n"
      "## II. Organization of the meeting\n\n"
      "1. The Working Group held its thirteenth meeting in Vienna.\n",
      "en");
  EXPECT_EQ(en.meta.body, "WG.4");
  EXPECT_EQ(labels(en, Kind::recommendation), (std::vector<std::string>{"a)", "b)"}));
  EXPECT_EQ(get(en, "a)", Kind::recommendation).body, "WG.4");
  EXPECT_EQ(get(en, "1", Kind::narrative).body, "WG.4");

  const Document es = parse_text(
      "CTOC/COP/WG.4/2023/5\n\nDistr. general\n10 de octubre de 2023\n\nOriginal: inglés\n\n"
      "Informe sobre la reunión del Grupo de Trabajo sobre la Trata de Personas celebrada en Viena los días 2 y 3 "
      "de octubre de 2023\n\n"
      "**II. Recomendaciones**\n\n"
      "1. Los Estados partes deberían considerar la posibilidad de establecer mecanismos nacionales de derivación.\n\n"
      "2. Los Estados partes deberían velar por que las víctimas no sean castigadas.\n",
      "es");
  EXPECT_EQ(labels(es, Kind::recommendation), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(get(es, "2", Kind::recommendation).body, "WG.4");
}

// "The Conference …:" then lettered items: the decision's own operative paragraphs, with verbs.
TEST(Kinds, LetteredItemsOfAConferenceDecisionAreOperative) {
  const Document d = parse_text(
      "## Decision 5/6\n\n### **Technical assistance**\n\n"
      "*The Conference of the Parties to the United Nations Convention against Transnational Organized Crime:*\n\n"
      "(a) Welcomes the work of the Working Group;\n\n(b) Requests the Secretariat to report;\n",
      "en");
  EXPECT_EQ(labels(d, Kind::operative), (std::vector<std::string>{"a)", "b)"}));
  EXPECT_EQ(get(d, "a)", Kind::operative).verb, "welcomes");
  EXPECT_EQ(get(d, "b)", Kind::operative).verb, "requests");
  EXPECT_EQ(get(d, "b)", Kind::operative).body, "COP");
}

// Early decisions of the Conference are written in the past tense.
TEST(Kinds, PastTenseVerbsOfEarlyDecisions) {
  const Document d = parse_text(
      "## Decisión 1/2\n\n### **Reglamento**\n\n1. *Reafirmó* su decisión.\n\n2. Tomó nota del informe.\n\n"
      "3. Recordó la resolución 55/25 de la Asamblea General.\n",
      "es");
  EXPECT_EQ(get(d, "1", Kind::operative).verb, "reaffirms");
  EXPECT_EQ(get(d, "2", Kind::operative).verb, "takes_note");
  EXPECT_EQ(get(d, "2", Kind::operative).verb_text, "Tomó nota");
  EXPECT_EQ(get(d, "3", Kind::operative).verb, "recalls");
}

}  // namespace
}  // namespace palermo
