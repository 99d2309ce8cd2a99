// PDFs printed the way the UN prints them (tests/fixtures/pdf/make.sh renders corpus documents
// with groff: A4, symbol as running header, job number, barcode line and page numbers in the
// footer, footnotes at the foot of the page, text justified and hyphenated). Each must give the
// metadata and the paragraphs (kind, label, body, verb, footnotes, text) of its Markdown.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "corpus_fixture.h"
#include "document/document_parser.h"
#include "document_comparison.h"
#include "pdf/pdf_lines.h"

namespace palermo {
namespace {

// At least this share of each document's paragraphs must be identical to its Markdown's.
constexpr double kMinIdentical = 0.98;

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Fixture {
  std::string name;    // corpus document and fixture file name
  std::string symbol;  // as make.sh printed it in the running header
};

class PdfReader : public ::testing::TestWithParam<Fixture> {};

TEST_P(PdfReader, GivesTheParagraphsAndMetadataOfItsMarkdown) {
  const Fixture& f = GetParam();
  const std::string lang = f.name.substr(f.name.size() - 2);
  const DocumentParser parser(testing::domain());
  const Document markdown = parser.parse(read(testing::corpus_dir() / (f.name + ".md")), ParseOptions{lang});
  const PdfText pdf = pdf_lines(read(std::filesystem::path(PALERMO_SOURCE_DIR) / "tests/fixtures/pdf" / (f.name + ".pdf")));
  const Document read_back = parser.parse_lines(pdf.lines, ParseOptions{lang});

  testing::expect_same_metadata(markdown.meta, read_back.meta);
  EXPECT_EQ(read_back.meta.symbol, markdown.meta.number.empty() ? f.symbol : "");
  std::vector<std::string> differences;
  const double share = testing::identical_share(markdown, read_back, &differences);
  std::cout << f.name << ".pdf: " << pdf.pages << " pages, " << markdown.paragraphs.size() << " paragraphs, "
            << 100 * share << "% identical\n";
  EXPECT_GE(share, kMinIdentical);
  for (const std::string& d : differences) {
    // The PDF's reading of the same paragraph, found by its opening words, to see what differs.
    const std::string opening = d.substr(d.find(" | ") + 3, 40);
    std::string seen = "(none)";
    for (const Paragraph& p : read_back.paragraphs) {
      if (p.text.find(opening) != std::string::npos) seen = testing::describe(p);
    }
    ADD_FAILURE() << "not found as in the Markdown:\n  " << d << "\nthe PDF gives:\n  " << seen;
  }
  for (const Paragraph& p : read_back.paragraphs) {
    EXPECT_EQ(p.text.find(f.symbol), std::string::npos) << "running header left in: " << p.text;
  }
}

std::string fixture_name(const ::testing::TestParamInfo<Fixture>& fixture) {
  std::string n = fixture.param.name;
  for (char& c : n) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(Corpus, PdfReader,
                         ::testing::Values(Fixture{"cop7-note-technical-assistance.es", "CTOC/COP/2014/5"},
                                           Fixture{"cop12-note-subsidiary-bodies.en", "CTOC/COP/2024/6"},
                                           Fixture{"resolution-6-4.en", "CTOC/COP/2012/15"},
                                           Fixture{"resolution-10-3.es", "CTOC/COP/2020/10"}),
                         fixture_name);

TEST(PdfReaderErrors, NotAPdfDamagedOrEmptyIsReportedNotCrashed) {
  EXPECT_THROW(pdf_lines("just text"), UnreadablePdf);
  EXPECT_THROW(pdf_lines("%PDF-1.4\n garbage"), UnreadablePdf);
  const std::string good = read(std::filesystem::path(PALERMO_SOURCE_DIR) / "tests/fixtures/pdf/resolution-6-4.en.pdf");
  EXPECT_THROW(pdf_lines(good.substr(0, good.size() / 3)), UnreadablePdf);
}

}  // namespace
}  // namespace palermo
