// The indexer end to end on the real corpus: incremental runs, bad input, sidecars, and an
// indexing run killed half-way.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "analysis/records.h"
#include "analysis/schema.h"
#include "corpus_fixture.h"
#include "index_folder.h"
#include "indexer/corpus_indexer.h"
#include "indexer/sidecar.h"

namespace palermo {
namespace {

using testing::TempDir;
using testing::index_folder;

constexpr std::size_t kCorpusFiles = 10;  // five seeds and their English versions

std::size_t paragraphs_of(const Xapian::Database& db, const std::string& document_id) {
  return db.get_termfreq(std::string(schema::kDocumentIdPrefix) + document_id);
}

TEST(Indexer, IndexesTheCorpusThenSkipsUnchangedFiles) {
  TempDir tmp;
  const IndexSummary first = index_folder(testing::corpus_dir(), tmp.path() / "db");
  EXPECT_EQ(first.indexed, kCorpusFiles);
  EXPECT_TRUE(first.skipped.empty()) << first.skipped.front().reason;
  EXPECT_EQ(first.documents_total, kCorpusFiles);
  EXPECT_EQ(first.paragraphs_total, first.paragraphs_written);
  EXPECT_GT(first.paragraphs_total, 100u);

  const IndexSummary second = index_folder(testing::corpus_dir(), tmp.path() / "db");
  EXPECT_EQ(second.indexed, 0u);
  EXPECT_EQ(second.unchanged, kCorpusFiles);
  EXPECT_EQ(second.paragraphs_total, first.paragraphs_total);
}

TEST(Indexer, ReplacesChangedFilesAndRemovesDeletedOnes) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  const IndexSummary first = index_folder(tmp.path() / "corpus", tmp.path() / "db");

  // Paragraph 4 of the 2014 note dropped; the English 6/4 deleted.
  const auto note = tmp.path() / "corpus" / "cop7-note-technical-assistance.es.md";
  std::ifstream in(note);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text = text.substr(0, text.find("4. El Grupo de Trabajo"));
  testing::write_file(note, text);
  std::filesystem::remove(tmp.path() / "corpus" / "resolution-6-4.en.md");

  const IndexSummary second = index_folder(tmp.path() / "corpus", tmp.path() / "db");
  EXPECT_EQ(second.indexed, 1u);
  EXPECT_EQ(second.removed, 1u);
  EXPECT_EQ(second.unchanged, kCorpusFiles - 2);

  Xapian::Database db((tmp.path() / "db").string());
  EXPECT_EQ(paragraphs_of(db, "resolution-6-4.en"), 0u);
  EXPECT_FALSE(find_document_record(db, "resolution-6-4.en").has_value());
  EXPECT_EQ(db.get_termfreq(std::string(schema::kParagraphIdPrefix) + "cop7-note-technical-assistance.es:4"), 0u);
  EXPECT_EQ(db.get_termfreq(std::string(schema::kParagraphIdPrefix) + "cop7-note-technical-assistance.es:3"), 1u);
  EXPECT_EQ(paragraph_count(db), second.paragraphs_total);
  EXPECT_LT(second.paragraphs_total, first.paragraphs_total);
}

// The spelling copy in metadata (for readers over the remote backend) is written for shards
// only: a single index, read locally, would carry its whole vocabulary twice.
TEST(Indexer, OnlyShardsKeepACopyOfTheirSpellingTable) {
  for (const std::size_t shards : {std::size_t{1}, std::size_t{2}}) {
    SCOPED_TRACE("shards " + std::to_string(shards));
    TempDir tmp;
    IndexOptions options;
    options.shards = shards;
    index_folder(testing::corpus_dir(), tmp.path() / "db", options);
    const std::filesystem::path first = shards == 1 ? tmp.path() / "db" : tmp.path() / "db" / "shard-00";
    const Xapian::Database shard(first.string());
    const std::string copy = shard.get_metadata(std::string(schema::kSpellingKey));
    if (shards == 1) {
      EXPECT_EQ(copy, "");
    } else {
      EXPECT_NE(copy.find("\n"), std::string::npos) << "one line per word";
      EXPECT_EQ(copy, spelling_list(shard));
    }
  }
}

// A rebuild keeps its spelling entries until its last commit (nobody reads its copy before): its
// spelling table, and a shard's copy of it, are the ones a run writing them at every commit makes.
TEST(Indexer, ARebuildWritesTheSpellingTableAnIncrementalRunWrites) {
  for (const std::size_t shards : {std::size_t{1}, std::size_t{2}}) {
    SCOPED_TRACE("shards " + std::to_string(shards));
    TempDir tmp;
    IndexOptions options;
    options.shards = shards;
    options.paragraphs_per_commit = 1;  // a commit per file
    index_folder(testing::corpus_dir(), tmp.path() / "incremental", options);
    options.rebuild = true;
    index_folder(testing::corpus_dir(), tmp.path() / "rebuilt", options);
    for (std::size_t i = 0; i < shards; ++i) {
      const std::string folder = shards == 1 ? "" : "shard-0" + std::to_string(i);
      const Xapian::Database incremental((tmp.path() / "incremental" / folder).string());
      const Xapian::Database rebuilt((tmp.path() / "rebuilt" / folder).string());
      const std::string words = spelling_list(incremental);
      EXPECT_NE(words.find('\n'), std::string::npos) << "the shard's words, one a line";
      EXPECT_EQ(spelling_list(rebuilt), words);
      EXPECT_EQ(rebuilt.get_metadata(std::string(schema::kSpellingKey)), incremental.get_metadata(std::string(schema::kSpellingKey)));
      if (shards == 1) EXPECT_EQ(rebuilt.get_spelling_suggestion("convencion"), "convención");
    }
  }
}

// A file renamed to another extension keeps its document id (the path without extension): the
// old name's entry goes, the document the new name holds stays (QA issue 11, F1: it was removed).
TEST(Indexer, AFileRenamedToAnotherExtensionKeepsItsDocument) {
  for (const std::size_t shards : {std::size_t{1}, std::size_t{2}}) {
    SCOPED_TRACE("shards " + std::to_string(shards));
    TempDir tmp;
    testing::copy_corpus(tmp.path() / "corpus");
    IndexOptions options;
    options.shards = shards;
    index_folder(tmp.path() / "corpus", tmp.path() / "db", options);
    std::filesystem::rename(tmp.path() / "corpus" / "resolution-6-4.es.md", tmp.path() / "corpus" / "resolution-6-4.es.txt");

    const IndexSummary second = index_folder(tmp.path() / "corpus", tmp.path() / "db");
    EXPECT_EQ(second.indexed, 1u);
    EXPECT_EQ(second.removed, 1u);
    EXPECT_EQ(second.documents_total, kCorpusFiles);
    Xapian::Database db((tmp.path() / "db").string());
    EXPECT_GT(paragraphs_of(db, "resolution-6-4.es"), 0u);
    EXPECT_TRUE(find_document_record(db, "resolution-6-4.es").has_value());

    const IndexSummary third = index_folder(tmp.path() / "corpus", tmp.path() / "db");
    EXPECT_EQ(third.unchanged, kCorpusFiles);
    EXPECT_EQ(third.documents_total, kCorpusFiles);
    EXPECT_EQ(third.paragraphs_total, second.paragraphs_total);
  }
}

TEST(Indexer, ReportsBadFilesByNameAndReasonAndIndexesTheRest) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  const auto dir = tmp.path() / "corpus";
  testing::write_file(dir / "latin1.es.md", "Resoluci\xf3n 6/4\n\nTexto en Latin-1.\n");
  testing::write_file(dir / "binary.es.md", std::string("PK\x03\x04\0\0binary", 12));
  testing::write_file(dir / "empty.es.md", "");
  testing::write_file(dir / "blank.en.md", "  \n\n\t\n");
  testing::write_file(dir / "huge.es.md", std::string(2u << 20, 'a'));
  testing::write_file(dir / "nolang.md", "1. 2014.\n");
  testing::write_file(dir / "notes.docx", "PK\x03\x04 a Word document");
  testing::write_file(dir / "scan.TIFF", "II*");
  testing::write_file(dir / "francais.md",
                      "1. La Conférence des Parties à la Convention des Nations Unies contre la criminalité "
                      "transnationale organisée prie le secrétariat de continuer à fournir une assistance technique "
                      "aux États qui en font la demande, afin de renforcer leur capacité à appliquer la Convention.\n");
  testing::write_file(dir / "resolution-6-4.es.txt", "Resolución 6/4\n");
  testing::write_file(dir / "fake.pdf", "Resolución 6/4, not a PDF at all");
  testing::write_file(dir / "cut.pdf", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog");

  IndexOptions options;
  options.limits.max_file_bytes = 1u << 20;
  const IndexSummary s = index_folder(dir, tmp.path() / "db", options);
  EXPECT_EQ(s.indexed, kCorpusFiles);
  ASSERT_EQ(s.skipped.size(), 12u);
  auto reason = [&](const std::string& file) {
    for (const auto& k : s.skipped) {
      if (k.file == file) return k.reason;
    }
    return std::string("(not skipped)");
  };
  EXPECT_EQ(reason("latin1.es.md"), "latin1.es.md: not valid UTF-8 (first bad byte at offset 8)");
  EXPECT_EQ(reason("binary.es.md"), "binary.es.md: binary data (NUL byte at offset 4)");
  EXPECT_EQ(reason("empty.es.md"), "empty.es.md: empty");
  EXPECT_EQ(reason("blank.en.md"), "blank.en.md: empty");
  EXPECT_EQ(reason("huge.es.md"), "huge.es.md: too large (2097152 bytes; the limit is 1048576)");
  EXPECT_EQ(reason("nolang.md"),
            "nolang.md: language unknown (the text is too short or too mixed to tell; name the file "
            "<name>.es.<ext> or <name>.en.<ext>)");
  EXPECT_EQ(reason("notes.docx"), "notes.docx: unsupported format (.docx: save as PDF)");
  EXPECT_EQ(reason("scan.TIFF"), "scan.TIFF: unsupported format");
  EXPECT_EQ(reason("fake.pdf"), "fake.pdf: not a PDF (no %PDF- header)");
  EXPECT_EQ(reason("cut.pdf"), "cut.pdf: damaged PDF (poppler cannot open it)");
  EXPECT_EQ(reason("francais.md"), "francais.md: language fr is not indexed");
  EXPECT_EQ(reason("resolution-6-4.es.txt"),
            "resolution-6-4.es.txt: has the same document id \"resolution-6-4.es\" as resolution-6-4.es.md; rename one of "
            "them");
}

// A file named by symbol, by job number or anyhow: its id is its path without the extension, and
// its language comes from its words when the name does not give it.
TEST(Indexer, AnyFileNameIsADocumentAndItsLanguageIsToldFromTheText) {
  TempDir tmp;
  const auto dir = tmp.path() / "corpus";
  std::filesystem::create_directories(dir / "cop6");
  std::filesystem::copy_file(testing::corpus_dir() / "resolution-6-4.es.md", dir / "cop6" / "resolucion 6-4.md");
  std::filesystem::copy_file(testing::corpus_dir() / "cop7-note-technical-assistance.en.md", dir / "CTOC-COP-2014-5.md");
  std::filesystem::copy_file(std::filesystem::path(PALERMO_SOURCE_DIR) / "tests/fixtures/text/cop9-note-blank-separated.en.txt",
                             dir / "copied from the PDF.txt");
  std::filesystem::copy_file(std::filesystem::path(PALERMO_SOURCE_DIR) / "tests/fixtures/pdf/resolution-10-3.es.pdf",
                             dir / "V2006789.pdf");
  // The name's language wins over the text's: a Spanish text named .en is indexed as English.
  std::filesystem::copy_file(testing::corpus_dir() / "cop9-note-international-cooperation.es.md", dir / "V1805432.en.md");
  const IndexSummary s = index_folder(dir, tmp.path() / "db");
  EXPECT_EQ(s.indexed, 5u);
  EXPECT_TRUE(s.skipped.empty()) << s.skipped.front().reason;

  Xapian::Database db((tmp.path() / "db").string());
  auto record = [&](const std::string& id) {
    return find_document_record(db, id).value();
  };
  EXPECT_EQ(record("cop6.resolucion 6-4").lang, "es");
  EXPECT_EQ(record("cop6.resolucion 6-4").number, "6/4");
  EXPECT_EQ(record("CTOC-COP-2014-5").lang, "en");
  EXPECT_EQ(record("V1805432.en").lang, "en");
  EXPECT_EQ(paragraphs_of(db, "cop6.resolucion 6-4"), record("cop6.resolucion 6-4").paragraphs);
  EXPECT_EQ(record("copied from the PDF").symbol, "CTOC/COP/2018/6");
  EXPECT_EQ(record("copied from the PDF").lang, "en");
  EXPECT_EQ(paragraphs_of(db, "copied from the PDF"), 5u);  // title, agenda title, 3 paragraphs
  // A PDF named by job number: a resolution, in Spanish by its words, all its paragraphs.
  EXPECT_EQ(record("V2006789").number, "10/3");
  EXPECT_EQ(record("V2006789").lang, "es");
  EXPECT_EQ(record("V2006789").symbol, "");
  EXPECT_EQ(paragraphs_of(db, "V2006789"), 56u);
}

// A folder as a delegation's shared drive has it: PDFs named by symbol (slashes made
// underscores) and by job number, one with its extension in capitals in a sub-folder, text copied
// out of PDFs, Markdown with accents in its name, none naming its language; and beside them what
// cannot be read, each reported with its reason: a French text, a blank PDF, a scan without text
// layer, a password-protected PDF (tests/fixtures/pdf/unreadable/make.sh), Word and RTF files.
TEST(Indexer, AMixedFolderOfAnyNamesIsIndexedAndEveryOtherFileReportedWithItsReason) {
  TempDir tmp;
  const auto dir = tmp.path() / "corpus";
  const std::filesystem::path fixtures = std::filesystem::path(PALERMO_SOURCE_DIR) / "tests/fixtures";
  std::filesystem::create_directories(dir / "cop6");
  const std::vector<std::pair<std::filesystem::path, std::string>> copies = {
      {fixtures / "pdf/cop7-note-technical-assistance.es.pdf", "CTOC_COP_2014_5.pdf"},
      {fixtures / "pdf/cop12-note-subsidiary-bodies.en.pdf", "V2412345.pdf"},
      {fixtures / "pdf/resolution-6-4.en.pdf", "cop6/A-RES 6-4 (English).PDF"},
      {fixtures / "text/cop9-note-blank-separated.en.txt", "copied from acrobat.txt"},
      {fixtures / "text/cop7-note-one-line-pages.en.txt", "note.TXT"},
      {fixtures / "reports/wg4-report-2023-hard-wrapped.es.txt", "V2319876.txt"},
      {testing::corpus_dir() / "resolution-10-3.es.md", "resolución 10-3.md"},
      {fixtures / "pdf/unreadable/blank.pdf", "blank.pdf"},
      {fixtures / "pdf/unreadable/scan.pdf", "scan.pdf"},
      {fixtures / "pdf/unreadable/protected.pdf", "protected.pdf"},
  };
  for (const auto& [from, to] : copies) std::filesystem::copy_file(from, dir / to);
  testing::write_file(dir / "rapport.txt",
                      "Conférence des Parties à la Convention des Nations Unies contre la criminalité transnationale "
                      "organisée\n\nDistr. générale\n12 juin 2014\n\n1. Le Groupe de travail d'experts gouvernementaux "
                      "sur l'assistance technique a été créé en application de la décision 2/6 de la Conférence des "
                      "Parties. Dans sa décision 4/3, la Conférence a décidé que le Groupe de travail serait un élément "
                      "permanent de la Conférence.\n");
  testing::write_file(dir / "decision 5-6.doc", std::string("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Word 97", 17));
  testing::write_file(dir / "resolution.RTF", "{\\rtf1\\ansi Resolution 6/4}");
  testing::write_file(dir / "V1805432.docx", "PK\x03\x04 a Word document");

  const IndexSummary s = index_folder(dir, tmp.path() / "db");
  EXPECT_EQ(s.indexed, 7u);
  std::map<std::string, std::string> skipped;
  for (const auto& k : s.skipped) skipped[k.file] = k.reason;
  EXPECT_EQ(skipped, (std::map<std::string, std::string>{
                         {"rapport.txt", "rapport.txt: language fr is not indexed"},
                         {"blank.pdf", "blank.pdf: no text in the PDF (a scan without a text layer?)"},
                         {"scan.pdf", "scan.pdf: no text in the PDF (a scan without a text layer?)"},
                         {"protected.pdf", "protected.pdf: encrypted PDF (a password is needed to read it)"},
                         {"decision 5-6.doc", "decision 5-6.doc: unsupported format (.doc: save as PDF)"},
                         {"resolution.RTF", "resolution.RTF: unsupported format (.rtf: save as PDF)"},
                         {"V1805432.docx", "V1805432.docx: unsupported format (.docx: save as PDF)"}}));

  Xapian::Database db((tmp.path() / "db").string());
  auto record = [&](const std::string& id) { return find_document_record(db, id).value(); };
  struct Expected {
    std::string id, lang, symbol, type, number, body;
    std::size_t paragraphs;  // as its Markdown gives them (document_parser_test, pdf_reader_test, text_reader_test)
  };
  for (const Expected& e : std::vector<Expected>{
           {"CTOC_COP_2014_5", "es", "CTOC/COP/2014/5", "note", "", "SEC", 6},
           {"V2412345", "en", "CTOC/COP/2024/6", "note", "", "SEC", 24},
           {"cop6.A-RES 6-4 (English)", "en", "", "resolution", "6/4", "COP", 25},
           {"copied from acrobat", "en", "CTOC/COP/2018/6", "note", "", "SEC", 5},
           {"note", "en", "CTOC/COP/2014/5", "note", "", "SEC", 6},
           {"V2319876", "es", "CTOC/COP/WG.4/2023/5", "report", "", "WG.4", 17},
           {"resolución 10-3", "es", "", "resolution", "10/3", "COP", 56}}) {
    SCOPED_TRACE(e.id);
    const DocumentRecord r = record(e.id);
    EXPECT_EQ(r.lang, e.lang);
    EXPECT_EQ(r.symbol, e.symbol);
    EXPECT_EQ(r.type, e.type);
    EXPECT_EQ(r.number, e.number);
    EXPECT_EQ(r.body, e.body);
    EXPECT_EQ(paragraphs_of(db, e.id), e.paragraphs);
  }
}

TEST(Indexer, SidecarSuppliesMetadataAndBadSidecarsAreReported) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  const auto dir = tmp.path() / "corpus";
  testing::write_file(dir / "cop7-note-technical-assistance.es.meta.json", R"({"symbol": "CTOC/COP/2014/5"})");
  testing::write_file(dir / "resolution-6-4.es.meta.json", R"({"simbol": "typo"})");
  const IndexSummary s = index_folder(dir, tmp.path() / "db");
  ASSERT_EQ(s.skipped.size(), 1u);
  EXPECT_EQ(s.skipped[0].reason,
            "resolution-6-4.es.md: bad sidecar metadata: unknown key \"simbol\" (accepted: symbol, lang, "
            "original_lang, date, session, type, number, title, place, translation)");

  Xapian::Database db((tmp.path() / "db").string());
  const auto record = find_document_record(db, "cop7-note-technical-assistance.es").value();
  EXPECT_EQ(record.symbol, "CTOC/COP/2014/5");
  EXPECT_EQ(db.get_termfreq(std::string(schema::kSymbolPrefix) + "ctoc/cop/2014/5"), record.paragraphs);
  // What no text and no sidecar states stays unknown.
  const auto other = find_document_record(db, "cop9-note-international-cooperation.es").value();
  EXPECT_EQ(other.symbol, "");
  EXPECT_FALSE(other.unofficial_translation);
  // The working translations say so in their sidecars (corpus/README.md).
  const auto translation = find_document_record(db, "resolution-10-3.en").value();
  EXPECT_TRUE(translation.unofficial_translation);

  // Editing only the sidecar re-indexes the document.
  testing::write_file(dir / "cop7-note-technical-assistance.es.meta.json", R"({"symbol": "CTOC/COP/2014/6"})");
  EXPECT_EQ(index_folder(dir, tmp.path() / "db").indexed, 1u);
}

TEST(Sidecar, TranslationIsUnofficialOrOfficial) {
  DocumentMeta meta;
  apply_sidecar(R"({"translation": "unofficial"})", testing::domain(), meta);
  EXPECT_TRUE(meta.unofficial_translation);
  apply_sidecar(R"({"translation": "official"})", testing::domain(), meta);
  EXPECT_FALSE(meta.unofficial_translation);
  try {
    apply_sidecar(R"({"translation": "yes"})", testing::domain(), meta);
    ADD_FAILURE() << "accepted translation: yes";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "\"translation\" must be \"unofficial\" or \"official\", not \"yes\"");
  }
  EXPECT_THROW(apply_sidecar(R"({"translation": true})", testing::domain(), meta), std::invalid_argument);
}

TEST(Indexer, RefusesAnIndexBuiltWithOtherAnalysisSettingsUnlessRebuilding) {
  TempDir tmp;
  index_folder(testing::corpus_dir(), tmp.path() / "db");
  {
    Xapian::WritableDatabase db((tmp.path() / "db").string());
    db.set_metadata("analysis.version", "0");
    db.commit();
  }
  EXPECT_THROW(index_folder(testing::corpus_dir(), tmp.path() / "db"), IncompatibleIndex);
  IndexOptions rebuild;
  rebuild.rebuild = true;
  const IndexSummary s = index_folder(testing::corpus_dir(), tmp.path() / "db", rebuild);
  EXPECT_EQ(s.indexed, kCorpusFiles);
  EXPECT_NO_THROW(index_folder(testing::corpus_dir(), tmp.path() / "db"));
}

// Every committed state is whole: each document's stored paragraph count matches its postings.
void expect_consistent(const Xapian::Database& db) {
  std::size_t paragraphs = 0;
  const std::string term(schema::kRecordTerm);
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    const auto record = nlohmann::json::parse(record_of(db.get_document(*it))).get<DocumentRecord>();
    EXPECT_EQ(paragraphs_of(db, record.id), record.paragraphs) << record.id;
    paragraphs += record.paragraphs;
  }
  EXPECT_EQ(paragraph_count(db), paragraphs);
}

TEST(Indexer, KilledRunLeavesTheLastCommitUsable) {
  TempDir tmp;
  const auto dir = tmp.path() / "corpus";
  testing::copy_corpus(dir);
  index_folder(dir, tmp.path() / "db");
  Xapian::doccount before;
  {
    Xapian::Database db((tmp.path() / "db").string());
    before = paragraph_count(db);
  }
  // Enough new documents that indexing takes a while; killed somewhere in the middle.
  std::ifstream in(testing::corpus_dir() / "resolution-10-3.es.md");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (int i = 0; i < 400; ++i) testing::write_file(dir / "bulk" / ("copy-" + std::to_string(i) + ".es.md"), text);

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string corpus = dir.string(), db = (tmp.path() / "db").string();
    execl(PALERMO_INDEX_BIN, PALERMO_INDEX_BIN, "--corpus", corpus.c_str(), "--db", db.c_str(), "--commit-every",
          "500", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "indexing finished before it could be killed: make the corpus larger";

  {
    Xapian::Database db((tmp.path() / "db").string());
    EXPECT_GE(paragraph_count(db), before);
    expect_consistent(db);
  }
  // The next run picks up where the killed one stopped and ends complete.
  const IndexSummary s = index_folder(dir, tmp.path() / "db");
  EXPECT_TRUE(s.skipped.empty());
  EXPECT_EQ(s.documents_total, kCorpusFiles + 400);
  Xapian::Database db((tmp.path() / "db").string());
  expect_consistent(db);
}

}  // namespace
}  // namespace palermo
