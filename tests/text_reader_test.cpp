// Text as it comes out of a PDF or a copy of one, in the shapes users have: hard-wrapped lines
// with no blank line between paragraphs, a whole page on one line, blank-line separated with the
// page footer between paragraphs. Each fixture (tests/fixtures/text, made from a corpus
// document) must give the paragraphs and metadata its Markdown gives, with the page furniture
// (job number, barcode, running header, page number) left out.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "corpus_fixture.h"
#include "document/document_parser.h"
#include "document_comparison.h"

namespace palermo {
namespace {

using Kind = ParagraphKind;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Document from_markdown(const std::string& name, const std::string& lang) {
  return DocumentParser(testing::domain()).parse(read(testing::corpus_dir() / (name + ".md")), ParseOptions{lang});
}

Document from_text(const std::string& text, const std::string& lang) {
  return DocumentParser(testing::domain()).parse_lines(plain_text_lines(text), ParseOptions{lang});
}

Document from_fixture(const std::string& file, const std::string& lang) {
  return from_text(read(std::filesystem::path(PALERMO_SOURCE_DIR) / "tests/fixtures/text" / file), lang);
}

std::vector<std::string> labels(const Document& d) {
  std::vector<std::string> out;
  for (const Paragraph& p : d.paragraphs) out.push_back(std::string(to_string(p.kind)) + ":" + p.label);
  return out;
}

TEST(TextReader, HardWrappedLinesWithoutBlankLinesGiveTheMarkdownsParagraphs) {
  const Document text = from_fixture("cop7-note-hard-wrapped.es.txt", "es");
  const Document markdown = from_markdown("cop7-note-technical-assistance.es", "es");
  testing::expect_same_document(markdown, text);
  EXPECT_EQ(text.meta.symbol, "CTOC/COP/2014/5");
  EXPECT_EQ(labels(text), (std::vector<std::string>{"heading:", "heading:", "narrative:1", "narrative:2", "narrative:3", "narrative:4"}));
  EXPECT_EQ(text.meta.agenda_symbol, "CTOC/COP/2014/1");
  // "Trans-/nacional" mended; nothing of the job number, barcode, header or page number left.
  EXPECT_NE(text.paragraphs[2].text.find("Delincuencia Organizada Transnacional. En su decisión 4/3"), std::string::npos);
  for (const Paragraph& p : text.paragraphs) {
    EXPECT_EQ(p.text.find("V.14-03791"), std::string::npos) << p.text;
    EXPECT_EQ(p.text.find("1403791"), std::string::npos) << p.text;
    EXPECT_FALSE(p.text.ends_with(" 2")) << p.text;
  }
}

TEST(TextReader, AWholePageOnOneLineIsSplitAtItsNumberedParagraphs) {
  const Document text = from_fixture("cop7-note-one-line-pages.en.txt", "en");
  const Document markdown = from_markdown("cop7-note-technical-assistance.en", "en");
  testing::expect_same_document(markdown, text);
  EXPECT_EQ(labels(text), (std::vector<std::string>{"heading:", "heading:", "narrative:1", "narrative:2", "narrative:3", "narrative:4"}));
  EXPECT_TRUE(text.paragraphs[5].text.starts_with("The Working Group of Government Experts on Technical Assistance held"));
}

TEST(TextReader, BlankLineSeparatedWithTheFooterBetweenTheHalvesOfAParagraph) {
  const Document text = from_fixture("cop9-note-blank-separated.en.txt", "en");
  const Document markdown = from_markdown("cop9-note-international-cooperation.en", "en");
  testing::expect_same_document(markdown, text);
  EXPECT_EQ(text.meta.symbol, "CTOC/COP/2018/6");
  EXPECT_EQ(labels(text), (std::vector<std::string>{"heading:", "heading:", "narrative:1", "narrative:2", "narrative:3"}));
  EXPECT_TRUE(text.paragraphs[4].text.ends_with("will be submitted to the Conference at its ninth session."));
}

// What poppler-utils' pdftotext (22.12, default options) gives for the printed 2024 note
// (tests/fixtures/pdf): lines joined where it mended a hyphen, so a paragraph's last line need
// not be short, and each working group's heading right after the paragraph before it (one ran
// into paragraph 6, with the agenda's "* CTOC/COP/2024/1." footnote). Made with
// `pdftotext tests/fixtures/pdf/cop12-note-subsidiary-bodies.en.pdf`.
TEST(TextReader, PdftotextOutputGivesTheMarkdownsParagraphs) {
  const Document text = from_fixture("cop12-note-pdftotext.en.txt", "en");
  const Document markdown = from_markdown("cop12-note-subsidiary-bodies.en", "en");
  testing::expect_same_document(markdown, text);
  EXPECT_EQ(text.meta.symbol, "CTOC/COP/2024/6");
  const auto firearms = std::find_if(text.paragraphs.begin(), text.paragraphs.end(), [](const Paragraph& p) {
    return p.text == "Reports on the meetings of the Working Group on Firearms held in Vienna on 3 and 4 May 2023 and 3 and 4 April 2024";
  });
  ASSERT_NE(firearms, text.paragraphs.end());
  EXPECT_EQ(firearms->kind, Kind::heading);
  EXPECT_EQ(firearms->body, "WG.6");
  EXPECT_EQ(std::next(firearms)->label, "7");
  EXPECT_EQ(std::next(firearms)->body, "WG.6");
}

// pdftotext -layout (22.12) of the printed PDFs: the cover's two columns side by side on each
// line ("Conferencia de las Partes en la      Distr. general") read column by column, so the
// distribution date is read; footnote labels on a line of their own above the footnote's text
// ("  1" then "     United Nations, Treaty Series, …") put back in front of it. Made with
// `pdftotext -layout tests/fixtures/pdf/<name>.pdf`.
TEST(TextReader, PdftotextLayoutOutputGivesTheMarkdownsParagraphs) {
  const Document note = from_fixture("cop7-note-pdftotext-layout.es.txt", "es");
  testing::expect_same_document(from_markdown("cop7-note-technical-assistance.es", "es"), note);
  EXPECT_EQ(note.meta.date, "2014-06-12");
  EXPECT_EQ(note.meta.symbol, "CTOC/COP/2014/5");

  // Both footnotes at the foot of the printed page, where the Markdown has them apart: every
  // paragraph identical, footnotes wherever they are (as for the PDF itself).
  const Document resolution = from_fixture("resolution-6-4-pdftotext-layout.en.txt", "en");
  const Document markdown = from_markdown("resolution-6-4.en", "en");
  testing::expect_same_metadata(markdown.meta, resolution.meta);
  std::vector<std::string> differences;
  EXPECT_EQ(testing::identical_share(markdown, resolution, &differences), 1.0);
  for (const std::string& d : differences) ADD_FAILURE() << d;
  EXPECT_EQ(resolution.paragraphs.size(), markdown.paragraphs.size());
  const Paragraph& note1 = *std::find_if(resolution.paragraphs.begin(), resolution.paragraphs.end(),
                                         [](const Paragraph& p) { return p.kind == Kind::footnote; });
  EXPECT_EQ(note1.label, "1");
  EXPECT_EQ(note1.text, "United Nations, Treaty Series, vols. 2225, 2237, 2241 and 2326, No. 39574.");
}

// A contents page between the cover and the text: its heading, the "Page" column and entries
// ending with page numbers (one wrapped over two lines) are not paragraphs.
TEST(TextReader, AContentsPageIsLeftOut) {
  std::string text = read(std::filesystem::path(PALERMO_SOURCE_DIR) / "tests/fixtures/text/cop7-note-hard-wrapped.es.txt");
  const std::string contents =
      "\fÍndice\n"
      "                                                                     Página\n"
      "I.  Antecedentes . . . . . . . . . . . . . . . . . . . . . . . . . .   1\n"
      "II. Séptima reunión del Grupo de Trabajo de Expertos\n"
      "    Gubernamentales sobre Asistencia Técnica . . . . . . . . . . . .   2\n"
      "\f";
  const auto at = text.find("1. El Grupo de Trabajo");
  ASSERT_NE(at, std::string::npos);
  text.insert(at, contents);
  const Document read_back = from_text(text, "es");
  testing::expect_same_document(from_markdown("cop7-note-technical-assistance.es", "es"), read_back);
  EXPECT_EQ(labels(read_back), (std::vector<std::string>{"heading:", "heading:", "narrative:1", "narrative:2", "narrative:3", "narrative:4"}));
}

// A resolution printed in its report: the report's symbol as running header (not the
// resolution's symbol), footnote calls glued to words ("Protocolos1,"), footnotes under a rule
// at the foot of the page, items and roman sub-items cut by the page break.
TEST(TextReader, ResolutionWithFootnotesUnderARuleAndItemsAcrossPages) {
  const Document text = from_fixture("resolution-6-4-hard-wrapped.es.txt", "es");
  const Document markdown = from_markdown("resolution-6-4.es", "es");
  testing::expect_same_document(markdown, text);
  EXPECT_EQ(text.meta.symbol, "");
  EXPECT_EQ(labels(text),
            (std::vector<std::string>{"heading:", "narrative:", "preambular:", "preambular:", "operative:1", "operative:2",
                                      "heading:", "heading:", "narrative:", "recommendation:a)", "recommendation:a) i)",
                                      "recommendation:a) ii)", "recommendation:a) iii)", "recommendation:b)",
                                      "recommendation:b) i)", "recommendation:b) ii)", "footnote:1",
                                      "recommendation:b) iii)", "recommendation:b) iv)", "recommendation:b) v)",
                                      "recommendation:c)", "recommendation:c) i)", "recommendation:c) ii)",
                                      "recommendation:d)", "footnote:2"}));
}

// pdftotext's reading of resolution 6/4 (tests/fixtures/pdf): "Annex" comes right after the
// long last line of paragraph 2 (joined where a hyphen was mended) and ran into it, so the
// annex's recommendations were read as items of paragraph 2.
TEST(TextReader, AShortHeadingAfterALongLastLineStandsAlone) {
  const Document text = from_text(
      "Resolution 6/4\nImplementation of the provisions on technical assistance\n"
      "The Conference of the Parties to the United Nations Convention against Transnational Organized Crime,\n"
      "Welcoming the work of the Working Group of Government Experts on Technical Assistance,\n"
      "1. Endorses the recommendations adopted by the Working Group of Government Experts on Technical Assistance at its "
      "meeting held on 17 October 2012, during the sixth session of the Conference, contained in the annex\n"
      "to the present resolution;\n"
      "2. Reaffirms its decision 4/3 of 17 October 2008, in which it decided that the Working Group should be a constant "
      "element of the Conference.\n"
      "Annex\n"
      "Recommendations adopted by the Working Group of Government Experts on Technical Assistance at its\n"
      "meeting held on 17 October 2012\n"
      "The Working Group of Government Experts on Technical Assistance:\n"
      "(a) Encourages States to adopt “whole-of-government” strategies to combat transnational organized crime in order to:\n"
      "(i) Promote intragovernmental coordination;\n",
      "en");
  ASSERT_EQ(labels(text), (std::vector<std::string>{"heading:", "narrative:", "preambular:", "operative:1", "operative:2",
                                                    "heading:", "heading:", "narrative:", "recommendation:a)",
                                                    "recommendation:a) i)"}));
  EXPECT_EQ(text.paragraphs[5].text, "Annex");
  EXPECT_EQ(text.paragraphs[6].text,
            "Recommendations adopted by the Working Group of Government Experts on Technical Assistance at its meeting held on "
            "17 October 2012");
  EXPECT_EQ(text.paragraphs[8].body, "WG.2");
}

// A paragraph whose last line on the page follows a finished sentence and ends none, then the
// page's footnote under its rule and the rest of the sentence on the next page: one paragraph,
// not a heading.
TEST(TextReader, ASentenceGoingOnAfterTheFootnotesIsNotAHeading) {
  const Document text = from_text(
      "Distr.: General\n12 June 2014\nOriginal: English\nSeventh session\nTitle of the note\nNote by the Secretariat\n"
      "1. The Working Group of Government Experts on Technical Assistance was established pursuant to decision 2/6\n"
      "of the Conference of the Parties to the United Nations Convention against Transnational Organized Crime1.\n"
      "In its decision 4/3, the Conference decided that the Working Group would be a constant element of the\n"
      "__________\n"
      "1 United Nations, Treaty Series, vol. 2225, No. 39574.\n"
      "\fConference, and previous meetings of the Working Group were held in Vienna in 2006 and 2007.\n"
      "2. In its resolution 6/1, the Conference requested the Office to continue to provide technical assistance.\n",
      "en");
  ASSERT_EQ(labels(text), (std::vector<std::string>{"heading:", "narrative:1", "footnote:1", "narrative:2"}));
  EXPECT_EQ(text.paragraphs[1].text,
            "The Working Group of Government Experts on Technical Assistance was established pursuant to decision 2/6 of the "
            "Conference of the Parties to the United Nations Convention against Transnational Organized Crime. In its decision "
            "4/3, the Conference decided that the Working Group would be a constant element of the Conference, and previous "
            "meetings of the Working Group were held in Vienna in 2006 and 2007.");
}

// Decisions copied as text: short numbered paragraphs one line each (they used to run into one
// paragraph), verbs in the past tense of early Spanish decisions, and the Conference's own
// lettered items after "The Conference …:".
TEST(TextReader, DecisionsWithOneLineParagraphsAndLetteredItems) {
  const Document es = from_text(
      "Decisión 1/2\nReglamento\n1. Reafirmó su decisión.\n2. Tomó nota del informe.\n"
      "3. Recordó la resolución 55/25 de la Asamblea General.\n",
      "es");
  EXPECT_EQ(es.meta.number, "1/2");
  EXPECT_EQ(es.meta.title, "Reglamento");
  ASSERT_EQ(labels(es), (std::vector<std::string>{"heading:", "operative:1", "operative:2", "operative:3"}));
  EXPECT_EQ(es.paragraphs[1].verb, "reaffirms");
  EXPECT_EQ(es.paragraphs[2].verb, "takes_note");
  EXPECT_EQ(es.paragraphs[2].verb_text, "Tomó nota");
  EXPECT_EQ(es.paragraphs[2].text, "Tomó nota del informe.");
  EXPECT_EQ(es.paragraphs[3].verb, "recalls");

  const Document en = from_text(
      "Decision 5/6\nTechnical assistance\n"
      "The Conference of the Parties to the United Nations Convention against Transnational Organized Crime:\n"
      "(a) Welcomes the work of the Working Group;\n(b) Requests the Secretariat to report;\n",
      "en");
  EXPECT_EQ(en.meta.number, "5/6");
  ASSERT_EQ(labels(en), (std::vector<std::string>{"heading:", "narrative:", "operative:a)", "operative:b)"}));
  EXPECT_EQ(en.paragraphs[2].verb, "welcomes");
  EXPECT_EQ(en.paragraphs[3].verb, "requests");
  EXPECT_EQ(en.paragraphs[3].body, "COP");
}

}  // namespace
}  // namespace palermo
