// A working group's report and its recommendations (tests/fixtures/reports, written by hand in the
// shapes of CTOC/COP/WG.x reports; the PDF printed from the Markdown by tests/fixtures/pdf/make.sh).
// Under a recommendations heading ("I. Recommendations", "II. Recomendaciones aprobadas por el
// Grupo de Trabajo") every paragraph, numbered, lettered or written without a label ("States
// parties should ..."), is a recommendation of that working group, except the paragraph that
// only introduces them; the next heading of the section's rank ends it, and the paragraphs after
// it are narrative again. The same paragraphs from Markdown, plain text and PDF, written out.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "corpus_fixture.h"
#include "document/document_parser.h"
#include "document_comparison.h"
#include "indexer/corpus_indexer.h"
#include "pdf/pdf_lines.h"
#include "searcher/searcher.h"

namespace palermo {
namespace {

using Kind = ParagraphKind;

std::filesystem::path fixture(const std::string& path) { return std::filesystem::path(PALERMO_SOURCE_DIR) / "tests/fixtures" / path; }

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + path.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Markdown, plain text or PDF by the file's extension, as the indexer reads them.
Document parse(const std::string& path, const std::string& lang) {
  const DocumentParser parser(testing::domain());
  const std::string bytes = read(fixture(path));
  if (path.ends_with(".md")) return parser.parse(bytes, ParseOptions{lang});
  if (path.ends_with(".pdf")) return parser.parse_lines(pdf_lines(bytes).lines, ParseOptions{lang});
  return parser.parse_lines(plain_text_lines(bytes), ParseOptions{lang});
}

// "kind:label" of every paragraph in reading order.
std::vector<std::string> kinds(const Document& d) {
  std::vector<std::string> out;
  for (const Paragraph& p : d.paragraphs) out.push_back(std::string(to_string(p.kind)) + ":" + p.label);
  return out;
}

// CTOC/COP/WG.4/2023/5: recommendations numbered under "I. Recommendations" and its sections
// "A." and "B." (with lettered items), introduced by paragraph 1; chapter II is the meeting's
// account, where "States parties should" in paragraph 7 is what speakers said.
const std::vector<std::string> kWg4Kinds = {
    "heading:",          // the title
    "heading:",          // I. Recommendations
    "narrative:1",       // ... adopted the following recommendations:
    "heading:",          // A. Recommendations on the use of technology ...
    "recommendation:2",  // States parties should consider strengthening ...
    "recommendation:3",  // States parties should cooperate with the private sector ...
    "heading:",          // B. Non-punishment of victims of trafficking in persons
    "recommendation:4", "recommendation:4 a)", "recommendation:4 b)",
    "recommendation:5",  // The Secretariat should continue ...
    "heading:",          // II. Organization of the meeting
    "heading:",          // A. Opening of the meeting
    "narrative:6", "narrative:7",
    "heading:",          // B. Attendance
    "narrative:8"};

// CTOC/COP/WG.2/2024/4: recommendations written without a label under "II. Recommendations
// adopted by the Working Group", the last opening with a verb; chapter III after them.
const std::vector<std::string> kWg2Kinds = {
    "heading:",         // the title
    "heading:",         // I. Introduction
    "narrative:1",
    "heading:",         // II. Recommendations adopted by the Working Group
    "narrative:2",      // ... adopted the recommendations below.
    "recommendation:",  // States parties should continue to provide financial support ...
    "recommendation:",  // States parties should consider designating central authorities ...
    "recommendation:",  // Encourages the Secretariat ...
    "heading:",         // III. Summary of deliberations
    "narrative:3",
    "narrative:"};      // One speaker noted that States parties should ...

struct ReportShape {
  std::string name;
  std::string path;  // under tests/fixtures
  std::string lang;
  std::string symbol, body;
  const std::vector<std::string>* kinds;
};

class ReportKinds : public ::testing::TestWithParam<ReportShape> {};

TEST_P(ReportKinds, RecommendationsOfTheWorkingGroupAndNarrativeAround) {
  const ReportShape& s = GetParam();
  const Document d = parse(s.path, s.lang);
  EXPECT_EQ(d.meta.symbol, s.symbol);
  EXPECT_EQ(d.meta.body, s.body);
  EXPECT_EQ(d.meta.type, "report");
  EXPECT_EQ(kinds(d), *s.kinds);
  for (const Paragraph& p : d.paragraphs) EXPECT_EQ(p.body, s.body) << testing::describe(p);
}

std::string shape_name(const ::testing::TestParamInfo<ReportShape>& shape) { return shape.param.name; }

INSTANTIATE_TEST_SUITE_P(
    Shapes, ReportKinds,
    ::testing::Values(
        ReportShape{"Wg4NumberedMarkdown", "reports/wg4-report-2023.en.md", "en", "CTOC/COP/WG.4/2023/5", "WG.4", &kWg4Kinds},
        ReportShape{"Wg4NumberedHardWrappedSpanishText", "reports/wg4-report-2023-hard-wrapped.es.txt", "es",
                    "CTOC/COP/WG.4/2023/5", "WG.4", &kWg4Kinds},
        ReportShape{"Wg4NumberedPdf", "pdf/wg4-report-2023.en.pdf", "en", "CTOC/COP/WG.4/2023/5", "WG.4", &kWg4Kinds},
        ReportShape{"Wg2UnlabelledSpanishMarkdownBoldHeadings", "reports/wg2-report-2024.es.md", "es", "CTOC/COP/WG.2/2024/4",
                    "WG.2", &kWg2Kinds},
        ReportShape{"Wg2UnlabelledBlankSeparatedText", "reports/wg2-report-2024-blank-separated.en.txt", "en",
                    "CTOC/COP/WG.2/2024/4", "WG.2", &kWg2Kinds}),
    shape_name);

TEST(ReportKinds, TextsAndVerbsOfTheRecommendations) {
  const Document es = parse("reports/wg4-report-2023-hard-wrapped.es.txt", "es");
  // Hard-wrapped lines joined, the page's footer and running header between 4 b) and 5 left out.
  EXPECT_EQ(es.paragraphs[8].text,
            "Aprobar leyes que garanticen que las víctimas no sean castigadas por los actos ilícitos que se hayan visto "
            "obligadas a cometer como consecuencia directa de haber sido objeto de trata;");
  EXPECT_EQ(es.paragraphs[10].text,
            "La Secretaría debería seguir prestando asistencia a los Estados partes que lo soliciten en la aplicación del "
            "Protocolo contra la Trata de Personas.");
  EXPECT_EQ(es.paragraphs[3].text, "A. Recomendaciones sobre el uso de la tecnología para cometer y combatir la trata de personas");
  EXPECT_EQ(es.paragraphs[4].section,
            (std::vector<std::string>{"I. Recomendaciones",
                                      "A. Recomendaciones sobre el uso de la tecnología para cometer y combatir la trata de personas"}));

  const Document en = parse("reports/wg2-report-2024-blank-separated.en.txt", "en");
  EXPECT_EQ(en.paragraphs[5].text,
            "States parties should continue to provide financial support to the United Nations Office on Drugs and Crime "
            "for the delivery of technical assistance.");
  EXPECT_EQ(en.paragraphs[6].text,
            "States parties should consider designating central authorities to coordinate the technical assistance they "
            "receive.");
  EXPECT_EQ(en.paragraphs[5].verb, "");
  EXPECT_EQ(en.paragraphs[7].verb, "encourages");
  EXPECT_EQ(en.paragraphs[7].verb_text, "Encourages");
  const Document es2 = parse("reports/wg2-report-2024.es.md", "es");
  EXPECT_EQ(es2.paragraphs[7].verb, "encourages");
  EXPECT_EQ(es2.paragraphs[7].verb_text, "Alienta");
}

// The PDF printed from the Markdown gives its paragraphs, field by field.
TEST(ReportKinds, ThePdfGivesTheParagraphsOfItsMarkdown) {
  const Document markdown = parse("reports/wg4-report-2023.en.md", "en");
  const Document pdf = parse("pdf/wg4-report-2023.en.pdf", "en");
  testing::expect_same_metadata(markdown.meta, pdf.meta);
  std::vector<std::string> differences;
  EXPECT_EQ(testing::identical_share(markdown, pdf, &differences), 1.0);
  for (const std::string& d : differences) ADD_FAILURE() << d;
}

// An unnumbered recommendations heading (bold, as converted Markdown has it) with numbered
// sections under it: the sections stay in it. "Recommendation 1" headings name their own kind.
TEST(ReportKinds, UnnumberedRecommendationsHeadingKeepsItsSections) {
  const Document d = DocumentParser(testing::domain())
                         .parse("CTOC/COP/WG.7/2022/4\n\nDistr.: General\n20 June 2022\n\nOriginal: English\n\n"
                                "Report on the meeting of the Working Group on the Smuggling of Migrants held in Vienna on "
                                "13 and 14 June 2022\n\n"
                                "**Recommendations adopted by the Working Group**\n\n"
                                "**A. Protection of smuggled migrants**\n\n"
                                "States parties should ensure that smuggled migrants have access to consular assistance.\n\n"
                                "**Recommendation 2**\n\n"
                                "States parties should collect data on the smuggling of migrants.\n",
                                ParseOptions{"en"});
  EXPECT_EQ(kinds(d), (std::vector<std::string>{"heading:", "heading:", "heading:", "recommendation:", "heading:",
                                                "recommendation:"}));
  for (const Paragraph& p : d.paragraphs) EXPECT_EQ(p.body, "WG.7") << testing::describe(p);
}

// A report that is no working group's: its "Conclusions and recommendations" are the
// Secretariat's, and nothing before that heading is a recommendation.
TEST(ReportKinds, ConclusionsAndRecommendationsOfASecretariatNote) {
  const Document d = DocumentParser(testing::domain())
                         .parse("Distr. general\n2 de agosto de 2020\n\nOriginal: inglés\n\n"
                                "Décimo período de sesiones\n\nTítulo de la nota\n\nNota de la Secretaría\n\n"
                                "**I. Introducción**\n\n1. Los Estados partes deberían, según la Conferencia, informar.\n\n"
                                "**II. Conclusiones y recomendaciones**\n\n"
                                "2. Se exponen a continuación las siguientes conclusiones y recomendaciones:\n\n"
                                "3. La Conferencia tal vez desee alentar a los Estados partes a que informen.\n",
                                ParseOptions{"es"});
  EXPECT_EQ(kinds(d), (std::vector<std::string>{"heading:", "heading:", "narrative:1", "heading:", "narrative:2",
                                                "recommendation:3"}));
  EXPECT_EQ(d.paragraphs.back().body, "SEC");
}

// What a delegate types: body:WG.4 kind:recommendation finds the Working Group's recommendations
// in each format, and nothing else.
TEST(ReportKinds, BodyAndKindFiltersFindThemInTheIndex) {
  testing::TempDir tmp;
  const auto corpus = tmp.path() / "corpus";
  std::filesystem::create_directories(corpus / "pdf");
  std::filesystem::copy_file(fixture("reports/wg4-report-2023.en.md"), corpus / "wg4-report-2023.en.md");
  std::filesystem::copy_file(fixture("reports/wg4-report-2023-hard-wrapped.es.txt"), corpus / "V2319876.txt");
  std::filesystem::copy_file(fixture("pdf/wg4-report-2023.en.pdf"), corpus / "pdf" / "CTOC-COP-WG.4-2023-5.pdf");
  std::filesystem::copy_file(fixture("reports/wg2-report-2024.es.md"), corpus / "wg2-report-2024.es.md");
  Analyzer analyzer(testing::analysis_options());
  CorpusIndexer indexer(testing::domain(), analyzer);
  IndexOptions options;
  options.corpus = corpus;
  options.db = tmp.path() / "db";
  const IndexSummary summary = indexer.run(options);
  ASSERT_TRUE(summary.skipped.empty()) << summary.skipped.front().reason;
  ASSERT_EQ(summary.indexed, 4u);

  Searcher searcher(tmp.path() / "db", testing::domain(), testing::analysis_options());
  SearchRequest r;
  r.query = "body:WG.4 kind:recommendation";
  r.size = kMaxPageSize;
  const SearchResult wg4 = searcher.search(r);
  std::set<std::string> ids;
  for (const SearchHit& h : wg4.hits) ids.insert(h.paragraph.id);
  std::set<std::string> expected;
  for (const std::string doc : {"wg4-report-2023.en", "V2319876", "pdf.CTOC-COP-WG.4-2023-5"}) {
    for (const std::string anchor : {"2", "3", "4", "4-a", "4-b", "5"}) expected.insert(doc + ":" + anchor);
  }
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(wg4.total, 18u);

  r.query = "body:WG.2 kind:recommendation";
  EXPECT_EQ(searcher.search(r).total, 3u);
}

}  // namespace
}  // namespace palermo
