// The parser on the real seed documents, with expected values written out by hand, and on
// malformed input. Every Spanish expectation is also checked on the English version.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "corpus_fixture.h"
#include "document/document_parser.h"

namespace palermo {
namespace {

Document parse_file(const std::string& name) {
  std::ifstream in(testing::corpus_dir() / (name + ".md"));
  std::stringstream text;
  text << in.rdbuf();
  const std::string lang = name.substr(name.size() - 2);
  return DocumentParser(testing::domain()).parse(text.str(), ParseOptions{lang});
}

const Paragraph* find(const Document& d, const std::string& label, ParagraphKind kind) {
  for (const Paragraph& p : d.paragraphs) {
    if (p.label == label && p.kind == kind) return &p;
  }
  return nullptr;
}

std::size_t count(const Document& d, ParagraphKind kind) {
  return std::count_if(d.paragraphs.begin(), d.paragraphs.end(), [&](const Paragraph& p) { return p.kind == kind; });
}

class BothLanguages : public ::testing::TestWithParam<std::string> {};
INSTANTIATE_TEST_SUITE_P(Seeds, BothLanguages, ::testing::Values("es", "en"));

TEST_P(BothLanguages, Seed002NoteOnSubsidiaryBodies) {
  const Document d = parse_file("cop12-note-subsidiary-bodies." + GetParam());
  EXPECT_EQ(d.meta.session, 12);
  EXPECT_EQ(d.meta.date, "2024-07-04");
  EXPECT_EQ(d.meta.type, "note");
  EXPECT_EQ(d.meta.lang, GetParam());
  EXPECT_EQ(d.meta.agenda_symbol, "CTOC/COP/2024/1");
  ASSERT_EQ(d.meta.agenda.size(), 3u);
  EXPECT_EQ(d.meta.agenda[0].item, 2);
  EXPECT_EQ(d.meta.agenda[1].item, 4);
  EXPECT_EQ(d.meta.agenda[2].item, 5);
  const char* bodies[] = {"WG.4", "WG.4", "WG.4", "WG.7", "WG.7", "WG.7", "WG.6", "WG.6",
                          "WG.6", "WG.3", "WG.3", "WG.3", "WG.2", "WG.2", "WG.2"};
  for (int n = 1; n <= 15; ++n) {
    const Paragraph* p = find(d, std::to_string(n), ParagraphKind::narrative);
    ASSERT_NE(p, nullptr) << n;
    EXPECT_EQ(p->body, bodies[n - 1]) << n;
  }
  EXPECT_EQ(count(d, ParagraphKind::narrative), 15u);
  EXPECT_EQ(count(d, ParagraphKind::footnote), 0u);  // the agenda footnote is metadata
  // Paragraph 3 is one paragraph across the page break and the footnote.
  const std::string& p3 = find(d, "3", ParagraphKind::narrative)->text;
  if (GetParam() == "es") {
    EXPECT_TRUE(p3.starts_with("El Grupo de Trabajo sobre la Trata de Personas celebró su 13ª reunión")) << p3;
    EXPECT_TRUE(p3.ends_with("CTOC/COP/WG.4/2023/5 y CTOC/COP/WG.4/2024/5, respectivamente) se presentarán a la "
                             "Conferencia en su 12º período de sesiones."))
        << p3;
  }
  EXPECT_NE(p3.find("CTOC/COP/WG.4/2024/5"), std::string::npos);
}

TEST(DocumentParser, Seed002AgendaTitles) {
  const Document d = parse_file("cop12-note-subsidiary-bodies.es");
  EXPECT_EQ(d.meta.agenda[2].title, "Asistencia técnica");
  EXPECT_EQ(d.meta.place, "Viena");
  EXPECT_EQ(d.meta.session_start, "2024-10-14");
  EXPECT_EQ(d.meta.session_end, "2024-10-18");
  EXPECT_EQ(d.meta.original_lang, "en");
}

TEST_P(BothLanguages, Seed004Resolution10_3) {
  const Document d = parse_file("resolution-10-3." + GetParam());
  EXPECT_EQ(d.meta.session, 10);
  EXPECT_EQ(d.meta.number, "10/3");
  EXPECT_EQ(d.meta.type, "resolution");
  EXPECT_EQ(d.meta.year, 2020);
  const char* verbs[] = {"urges",      "encourages", "calls_upon", "encourages", "urges",     "requests",
                         "encourages", "encourages", "invites",    "encourages", "encourages", "calls_upon",
                         "encourages", "requests",   "requests",   "encourages", "invites"};
  for (int n = 1; n <= 17; ++n) {
    const Paragraph* p = find(d, std::to_string(n), ParagraphKind::operative);
    ASSERT_NE(p, nullptr) << n;
    EXPECT_EQ(p->verb, verbs[n - 1]) << n;
    EXPECT_EQ(p->body, "COP");
  }
  for (char c = 'a'; c <= 'k'; ++c) {
    const Paragraph* p = find(d, std::string("13 ") + c + ")", ParagraphKind::operative);
    ASSERT_NE(p, nullptr) << c;
    EXPECT_EQ(p->verb, "encourages");
  }
  EXPECT_EQ(count(d, ParagraphKind::operative), 17u + 11u);
  EXPECT_EQ(count(d, ParagraphKind::footnote), 4u);
  // Paragraphs cut by page breaks are whole: they end where the sentence ends.
  for (const char* label : {"2", "8", "16", "13 i)"}) {
    const std::string& t = find(d, label, ParagraphKind::operative)->text;
    EXPECT_TRUE(t.ends_with(";")) << label << ": " << t;
  }
  if (GetParam() == "es") {
    EXPECT_NE(find(d, "2", ParagraphKind::operative)->text.find("en materia de políticas, teniendo"), std::string::npos);
    bool found = false;
    for (const Paragraph& p : d.paragraphs) {
      if (p.text.find("a la luz de los avances realizados en la implementación") != std::string::npos) {
        found = true;
        EXPECT_EQ(p.kind, ParagraphKind::preambular);
        EXPECT_EQ(p.verb, "recognizing");
      }
    }
    EXPECT_TRUE(found);
  }
  // Footnotes are linked, not glued in.
  const Paragraph* fn1 = find(d, "1", ParagraphKind::footnote);
  ASSERT_NE(fn1, nullptr);
  ASSERT_EQ(fn1->cited_by.size(), 1u);
  for (const Paragraph& p : d.paragraphs) {
    if (p.anchor == fn1->cited_by[0]) {
      EXPECT_EQ(p.kind, ParagraphKind::preambular);
      EXPECT_EQ(p.verb, "recalling");
      EXPECT_EQ(p.footnotes, (std::vector<std::string>{"1", "2"}));
      EXPECT_EQ(p.text.find("Treaty Series"), std::string::npos);
    }
  }
}

TEST_P(BothLanguages, Seed000Resolution6_4WithAnnex) {
  const Document d = parse_file("resolution-6-4." + GetParam());
  EXPECT_EQ(d.meta.session, 6);
  EXPECT_EQ(d.meta.type, "resolution");
  EXPECT_EQ(find(d, "1", ParagraphKind::operative)->verb, "endorses");
  EXPECT_EQ(find(d, "2", ParagraphKind::operative)->verb, "reaffirms");
  EXPECT_EQ(find(d, "1", ParagraphKind::operative)->body, "COP");
  struct Expected {
    const char* label;
    const char* verb;
  };
  const Expected recommendations[] = {
      {"a)", "encourages"},     {"a) i)", "encourages"}, {"a) ii)", "encourages"}, {"a) iii)", "encourages"},
      {"b)", "requests"},       {"b) i)", "requests"},   {"b) ii)", "requests"},   {"b) iii)", "requests"},
      {"b) iv)", "requests"},   {"b) v)", "requests"},   {"c)", "invites"},        {"c) i)", "invites"},
      {"c) ii)", "invites"},    {"d)", "invites"},
  };
  for (const auto& e : recommendations) {
    const Paragraph* p = find(d, e.label, ParagraphKind::recommendation);
    ASSERT_NE(p, nullptr) << e.label;
    EXPECT_EQ(p->verb, e.verb) << e.label;
    EXPECT_EQ(p->body, "WG.2") << e.label;
  }
  EXPECT_EQ(count(d, ParagraphKind::recommendation), 14u);
  EXPECT_EQ(count(d, ParagraphKind::footnote), 2u);
}

struct NoteCase {
  const char* name;
  int session;
  int agenda;
  const char* date;
  std::size_t paragraphs;
  const char* body;
};

class Notes : public ::testing::TestWithParam<NoteCase> {};
INSTANTIATE_TEST_SUITE_P(Seeds001And003, Notes,
                         ::testing::Values(NoteCase{"cop7-note-technical-assistance.es", 7, 5, "2014-06-12", 4, "WG.2"},
                                           NoteCase{"cop7-note-technical-assistance.en", 7, 5, "2014-06-12", 4, "WG.2"},
                                           NoteCase{"cop9-note-international-cooperation.es", 9, 4, "2018-06-18", 3, "SEC"},
                                           NoteCase{"cop9-note-international-cooperation.en", 9, 4, "2018-06-18", 3, "SEC"}));

TEST_P(Notes, SessionAgendaDateParagraphs) {
  const NoteCase& c = GetParam();
  const Document d = parse_file(c.name);
  EXPECT_EQ(d.meta.session, c.session);
  ASSERT_EQ(d.meta.agenda.size(), 1u);
  EXPECT_EQ(d.meta.agenda[0].item, c.agenda);
  EXPECT_FALSE(d.meta.agenda[0].title.empty());
  EXPECT_EQ(d.meta.date, c.date);
  EXPECT_EQ(d.meta.type, "note");
  EXPECT_EQ(count(d, ParagraphKind::narrative), c.paragraphs);
  for (std::size_t n = 1; n <= c.paragraphs; ++n) {
    const Paragraph* p = find(d, std::to_string(n), ParagraphKind::narrative);
    ASSERT_NE(p, nullptr) << n;
    EXPECT_EQ(p->body, c.body);
  }
}

TEST(DocumentParser, NoMarkdownSurvivesInText) {
  for (const char* name : {"resolution-6-4.es", "resolution-10-3.es", "cop7-note-technical-assistance.es",
                           "cop9-note-international-cooperation.es", "cop12-note-subsidiary-bodies.es",
                           "resolution-6-4.en", "resolution-10-3.en", "cop12-note-subsidiary-bodies.en"}) {
    for (const Paragraph& p : parse_file(name).paragraphs) {
      EXPECT_FALSE(p.text.empty()) << name << " " << p.anchor;
      for (const char* markup : {"**", "](", "<sup>", "\\*"}) {
        EXPECT_EQ(p.text.find(markup), std::string::npos) << name << " " << p.anchor << ": " << p.text;
      }
      EXPECT_FALSE(p.text.starts_with("- ")) << name << " " << p.anchor;
      EXPECT_FALSE(p.text.starts_with("*")) << name << " " << p.anchor;
    }
  }
}

TEST(DocumentParser, InlineHtmlOtherThanFootnotesIsKeptAsText) {
  DocumentParser parser(testing::domain());
  const Document d = parser.parse("Texto <script>alert(1)</script> y <img src=x onerror=alert(2)> fin.", {"es"});
  ASSERT_EQ(d.paragraphs.size(), 1u);
  EXPECT_EQ(d.paragraphs[0].text, "Texto <script>alert(1)</script> y <img src=x onerror=alert(2)> fin.");
}

TEST(DocumentParser, HtmlAndCodeAloneOnTheirLinesAreKeptAsText) {
  struct Case {
    std::string markdown;
    std::vector<std::string> texts;
  };
  const std::vector<Case> cases{
      {"1. Antes.\n\n<div>Texto en un bloque</div>\n\n2. Después.\n",
       {"Antes.", "<div>Texto en un bloque</div>", "Después."}},
      {"<script>alert(1)</script>\n", {"<script>alert(1)</script>"}},
      {"<img src=x onerror=alert(1)>\n", {"<img src=x onerror=alert(1)>"}},
      {"<table>\n<tr><td>Celda uno</td></tr>\n</table>\n", {"<table> <tr><td>Celda uno</td></tr> </table>"}},
      {"    texto sangrado como código\n", {"texto sangrado como código"}},
      // A comment was never visible in the original document.
      {"Visible.\n\n<!-- página 3 -->\n", {"Visible."}},
  };
  DocumentParser parser(testing::domain());
  for (const Case& c : cases) {
    std::vector<std::string> texts;
    for (const Paragraph& p : parser.parse(c.markdown, {"es"}).paragraphs) texts.push_back(p.text);
    EXPECT_EQ(texts, c.texts) << c.markdown;
  }
}

TEST(DocumentParser, OddInputNeverCrashes) {
  DocumentParser parser(testing::domain());
  EXPECT_TRUE(parser.parse("", {"es"}).paragraphs.empty());
  const Document plain = parser.parse("Un texto sin estructura.\n\nOtro párrafo.", {"es"});
  ASSERT_EQ(plain.paragraphs.size(), 2u);
  EXPECT_EQ(plain.paragraphs[0].kind, ParagraphKind::narrative);
  EXPECT_EQ(plain.meta.session, std::nullopt);
  EXPECT_EQ(parser.parse("# Solo un título", {"es"}).paragraphs.size(), 1u);
  for (const char* junk : {"<sup>", "**", "---\n---\n", "- a)\n  - i)\n- (", "1.\n2.\n", "*x*\n\n<sup>1</sup>",
                           "## Resolución 1/\n", "Distr. general\n99 de foo de 2014", "a)\nb)\nzz)\n"}) {
    EXPECT_NO_THROW(parser.parse(junk, {"es"})) << junk;
  }
}

}  // namespace
}  // namespace palermo
