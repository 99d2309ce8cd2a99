// The cover shapes of real CTOC documents, one table row per shape: the Markdown (or text) of
// the opening and the metadata it must give, written out by hand. A field left as "-" in a row
// is not checked for that row.
#include <gtest/gtest.h>

#include "corpus_fixture.h"
#include "document/document_parser.h"

namespace palermo {
namespace {

struct HeaderShape {
  std::string name;
  std::string opening;  // Markdown, ending with the first paragraph of the body
  std::string lang;     // the name's language hint
  // Expected:
  std::string symbol, date, session, place, session_start, session_end, agenda, type, title, body;
  std::string first_paragraph;  // label and text start of the first paragraph after the title
  std::string number = "-";     // of a resolution or decision
};

std::string agenda_of(const DocumentMeta& m) {
  std::string out;
  for (const AgendaItem& a : m.agenda) {
    out += (out.empty() ? "" : "; ") + std::to_string(a.item) + (a.sub_item.empty() ? "" : " (" + a.sub_item + ")") +
           (a.title.empty() ? "" : " " + a.title);
  }
  return out;
}

const std::vector<HeaderShape>& shapes() {
  static const std::vector<HeaderShape> rows = {
      {"ConferenceRoomPaperWithoutDistr",
       "CTOC/COP/2020/CRP.1\n\n12 October 2020\n\nEnglish only\n\n"
       "Conference of the Parties to the United Nations Convention against Transnational Organized Crime\n\n"
       "Tenth session\n\nVienna, 12-16 October 2020\n\nItem 2 (b) of the provisional agenda\n\n"
       "Review mechanism of the Convention and the Protocols thereto\n\n"
       "Status of the country reviews\n\nConference room paper prepared by the Secretariat\n\n"
       "1. The present paper gives the status of the reviews.\n",
       "", "CTOC/COP/2020/CRP.1", "2020-10-12", "10", "Vienna", "2020-10-12", "2020-10-16",
       "2 (b) Review mechanism of the Convention and the Protocols thereto", "conference_room_paper",
       "Status of the country reviews", "SEC", "1 The present paper"},
      {"DateOnTheDistrLine",
       "Distr.: General 12 June 2014\n\nOriginal: English\n\nSeventh session\n\nVienna, 6-10 October 2014\n\n"
       "Item 5 of the provisional agenda\n\nTechnical assistance\n\nTitle of the note\n\nNote by the Secretariat\n\n"
       "1. Text.\n",
       "en", "", "2014-06-12", "7", "Vienna", "2014-10-06", "2014-10-10", "5 Technical assistance", "note",
       "Title of the note", "SEC", "1 Text."},
      {"OrdinalFirstOfTheMonthWithDegreeSign",
       "Distr. general\n1° de diciembre de 2014\nEspañol\nOriginal: inglés\n\nSéptimo período de sesiones\n\n"
       "Viena, 6 a 10 de octubre de 2014\n\nTema 5 del programa provisional\n\nAsistencia técnica\n\nTítulo\n\n"
       "Nota de la Secretaría\n\n1. Texto.\n",
       "", "", "2014-12-01", "7", "Viena", "2014-10-06", "2014-10-10", "5 Asistencia técnica", "note", "Título",
       "SEC", "1 Texto."},
      {"OrdinalFirstOfTheMonthWithOrdinalIndicator",
       "Distr. general\n1º de diciembre de 2014\n\nSéptimo período de sesiones\n\nTítulo\n\nNota de la Secretaría\n\n"
       "1. Texto.\n",
       "es", "", "2014-12-01", "7", "-", "-", "-", "", "note", "Título", "SEC", "1 Texto."},
      {"SessionNamedInAReportTitle",
       "Distr.: General\n1 December 2008\n\nOriginal: English\n\n"
       "Report of the Conference of the Parties to the United Nations Convention against Transnational Organized "
       "Crime on its fourth session, held in Vienna from 8 to 17 October 2008\n\n"
       "1. The fourth session was held in Vienna.\n",
       "en", "", "2008-12-01", "4", "", "", "", "", "conference_report",
       "Report of the Conference of the Parties to the United Nations Convention against Transnational Organized "
       "Crime on its fourth session, held in Vienna from 8 to 17 October 2008",
       "COP", "1 The fourth session"},
      {"SpanishSessionNamedInAReportTitle",
       "Distr. general\n1 de diciembre de 2008\n\n"
       "Informe de la Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia "
       "Organizada Transnacional sobre su cuarto período de sesiones, celebrado en Viena del 8 al 17 de octubre de 2008\n\n"
       "1. Texto.\n",
       "es", "", "2008-12-01", "4", "", "", "", "", "conference_report", "-", "COP", "1 Texto."},
      {"WorkingGroupPaperBodyFromItsSymbolAndItsNameLine",
       "CTOC/COP/WG.6/2023/2\n\nDistr.: General\n20 February 2023\n\nOriginal: English\n\n"
       "Working Group on Firearms\n\nVienna, 3 and 4 May 2023\n\nItem 2 of the provisional agenda\n\n"
       "Firearms and organized crime\n\nIllicit manufacturing of firearms by 3D printing\n\n"
       "Background paper prepared by the Secretariat\n\n1. Text.\n",
       "en", "CTOC/COP/WG.6/2023/2", "2023-02-20", "", "Vienna", "2023-05-03", "2023-05-04",
       "2 Firearms and organized crime", "background_paper", "Illicit manufacturing of firearms by 3D printing", "WG.6",
       "1 Text."},
      {"ReportOfTheSecretariat",
       "Distr.: General\n5 August 2020\n\nTenth session\n\nVienna, 12-16 October 2020\n\n"
       "Item 3 of the provisional agenda\n\nTrafficking in persons\n\nImplementation of the Protocol\n\n"
       "Report of the Secretariat\n\n1. Text.\n",
       "en", "", "2020-08-05", "10", "Vienna", "2020-10-12", "2020-10-16", "3 Trafficking in persons",
       "secretariat_report", "Implementation of the Protocol", "SEC", "1 Text."},
      {"SpanishConferenceRoomPaperWithAgendaSubItem",
       "CTOC/COP/2020/CRP.2\n\n13 de octubre de 2020\n\nEspañol\n\n"
       "Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia Organizada "
       "Transnacional\n\nDécimo período de sesiones\n\nViena, 12 a 16 de octubre de 2020\n\n"
       "Tema 2 b) del programa provisional\n\nMecanismo de examen\n\nEstado de los exámenes\n\n"
       "Documento de sesión preparado por la Secretaría\n\n1. El presente documento.\n",
       "", "CTOC/COP/2020/CRP.2", "2020-10-13", "10", "Viena", "2020-10-12", "2020-10-16", "2 (b) Mecanismo de examen",
       "conference_room_paper", "Estado de los exámenes", "SEC", "1 El presente documento."},
      {"SpanishDateOnTheDistrLine",
       "Distr. general 12 de junio de 2014\n\nOriginal: inglés\n\nSéptimo período de sesiones\n\n"
       "Viena, 6 a 10 de octubre de 2014\n\nTema 5 del programa provisional\n\nAsistencia técnica\n\n"
       "Título de la nota\n\nNota de la Secretaría\n\n1. Texto.\n",
       "es", "", "2014-06-12", "7", "Viena", "2014-10-06", "2014-10-10", "5 Asistencia técnica", "note",
       "Título de la nota", "SEC", "1 Texto."},
      {"SpanishReportOfTheSecretariat",
       "Distr. general\n5 de agosto de 2020\n\nDécimo período de sesiones\n\nTema 3 del programa provisional\n\n"
       "Trata de personas\n\nAplicación del Protocolo\n\nInforme de la Secretaría\n\n1. Texto.\n",
       "es", "", "2020-08-05", "10", "-", "-", "-", "3 Trata de personas", "secretariat_report", "Aplicación del Protocolo",
       "SEC", "1 Texto."},
      {"WorkingGroupReportBodyFromItsSymbol",
       "CTOC/COP/WG.4/2023/5\n\nDistr.: General\n17 October 2023\n\nOriginal: English\n\n"
       "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 2 and 3 October 2023\n\n"
       "I. Recommendations\n\n1. The Working Group adopted the following recommendations:\n",
       "en", "CTOC/COP/WG.4/2023/5", "2023-10-17", "", "-", "-", "-", "", "report",
       "Report on the meeting of the Working Group on Trafficking in Persons held in Vienna on 2 and 3 October 2023", "WG.4",
       "1 The Working Group adopted"},
      {"ResolutionNumberOnItsOwnLine",
       "Resolution 9/1\n\nMechanism for the review of the implementation of the Convention\n\n"
       "The Conference of the Parties to the United Nations Convention against Transnational Organized Crime,\n\n"
       "Recalling its resolution 8/2,\n\n1. Decides to launch the review process.\n",
       "en", "", "", "9", "", "", "", "", "resolution", "Mechanism for the review of the implementation of the Convention",
       "COP", " The Conference of the Parties", "9/1"},
      {"SpanishDecisionInThePastTense",
       "Decisión 1/2\n\nReglamento\n\n1. Reafirmó su decisión.\n",
       "es", "", "", "1", "", "", "", "", "decision", "Reglamento", "COP", "1 Reafirmó su decisión.", "1/2"},
  };
  return rows;
}

class HeaderRules : public ::testing::TestWithParam<HeaderShape> {};

void expect_field(const std::string& want, const std::string& got, const char* field) {
  if (want != "-") {
    EXPECT_EQ(want, got) << field;
  }
}

void expect_fields(const HeaderShape& s, const Document& d) {
  const DocumentMeta& m = d.meta;
  expect_field(s.symbol, m.symbol, "symbol");
  expect_field(s.date, m.date, "date");
  expect_field(s.session, m.session ? std::to_string(*m.session) : "", "session");
  expect_field(s.place, m.place, "place");
  expect_field(s.session_start, m.session_start, "session_start");
  expect_field(s.session_end, m.session_end, "session_end");
  expect_field(s.agenda, agenda_of(m), "agenda");
  expect_field(s.type, m.type, "type");
  expect_field(s.title, m.title, "title");
  expect_field(s.body, m.body, "body");
  expect_field(s.number, m.number, "number");
  const Paragraph* first = nullptr;
  for (const Paragraph& p : d.paragraphs) {
    if (p.kind != ParagraphKind::heading) {
      first = &p;
      break;
    }
  }
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE((first->label + " " + first->text).starts_with(s.first_paragraph)) << first->label << " " << first->text;
}

TEST_P(HeaderRules, GivesItsFields) {
  const HeaderShape& s = GetParam();
  expect_fields(s, DocumentParser(testing::domain()).parse(s.opening, ParseOptions{s.lang}));
}

// The same shapes read as plain text (the openings hold no Markdown markup), as a PDF's text or
// a copy of it gives them: the same fields, the same first paragraph.
TEST_P(HeaderRules, GivesTheSameFieldsFromPlainText) {
  const HeaderShape& s = GetParam();
  expect_fields(s, DocumentParser(testing::domain()).parse_lines(plain_text_lines(s.opening), ParseOptions{s.lang}));
}

std::string shape_name(const ::testing::TestParamInfo<HeaderShape>& shape) { return shape.param.name; }

INSTANTIATE_TEST_SUITE_P(Shapes, HeaderRules, ::testing::ValuesIn(shapes()), shape_name);

}  // namespace
}  // namespace palermo
