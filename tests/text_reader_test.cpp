// Text as it comes out of a PDF or a copy of one, in the shapes users have: hard-wrapped lines
// with no blank line between paragraphs, a whole page on one line, blank-line separated with the
// page footer between paragraphs. Each fixture (tests/fixtures/text, made from a corpus
// document) must give the paragraphs and metadata its Markdown gives, with the page furniture
// (job number, barcode, running header, page number) left out.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace palermo
