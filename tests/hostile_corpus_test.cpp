// The indexer against a corpus folder filled carelessly or with intent: hostile structure, names
// and paths, odd file types and links, unreadable folders, bad sidecars, two runs at once.
// A bad file never stops a run and never loses another document.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "analysis/records.h"
#include "analysis/schema.h"
#include "corpus_fixture.h"
#include "index_folder.h"
#include "indexer/corpus_indexer.h"
#include "indexer/index_lock.h"

namespace palermo {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::index_folder;

constexpr std::size_t kCorpusFiles = 10;

std::string reason(const IndexSummary& s, const std::string& file) {
  for (const auto& k : s.skipped) {
    if (k.file == file) return k.reason;
  }
  return "(not reported)";
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::size_t paragraphs_of(const fs::path& db, const std::string& document_id) {
  return Xapian::Database(db.string()).get_termfreq(std::string(schema::kDocumentIdPrefix) + document_id);
}

const std::string kSmallDocument = "1. La Conferencia alienta a los Estados a cooperar.\n\n2. Decide seguir examinando la cuestión.\n";

TEST(HostileCorpus, DeeplyNestedBlockQuotesAreReportedAndTheRestIndexed) {
  TempDir tmp;
  testing::copy_corpus(tmp.path() / "corpus");
  std::string quotes;
  for (int i = 0; i < 20000; ++i) quotes += "> ";
  testing::write_file(tmp.path() / "corpus" / "deep.es.md", quotes + "texto\n");
  // Deep emphasis is the same walk over inline content.
  testing::write_file(tmp.path() / "corpus" / "emphasis.es.md",
                      "1. " + std::string(30000, '*') + "texto" + std::string(30000, '*') + "\n");
  const IndexSummary s = index_folder(tmp.path() / "corpus", tmp.path() / "db");
  EXPECT_EQ(s.indexed, kCorpusFiles);
  EXPECT_EQ(reason(s, "deep.es.md"),
            "deep.es.md: nested more than 1000 levels deep (block quotes, lists or emphasis within each other)");
  EXPECT_EQ(reason(s, "emphasis.es.md"),
            "emphasis.es.md: nested more than 1000 levels deep (block quotes, lists or emphasis within each other)");
  EXPECT_EQ(s.skipped.size(), 2u);
}

TEST(HostileCorpus, LongPathsAreIndexedUnderABoundedIdAndLongSidecarValuesReported) {
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus";
  testing::copy_corpus(corpus);
  // 4 folders of 70 bytes: the path alone is over Xapian's 245-byte limit on terms and keys.
  fs::path deep = corpus;
  for (char c : std::string("abcd")) deep /= std::string(70, c);
  testing::write_file(deep / "informe-largo.es.md", kSmallDocument);
  testing::write_file(corpus / "long-symbol.es.md", kSmallDocument);
  testing::write_file(corpus / "long-symbol.es.meta.json", "{\"symbol\": \"" + std::string(300, 'S') + "\"}");
  testing::write_file(corpus / "long-number.es.md", kSmallDocument);
  testing::write_file(corpus / "long-number.es.meta.json", "{\"number\": \"" + std::string(300, '7') + "\"}");

  const IndexSummary s = index_folder(corpus, tmp.path() / "db");
  EXPECT_EQ(s.indexed, kCorpusFiles + 1);
  ASSERT_EQ(s.skipped.size(), 2u);
  EXPECT_EQ(reason(s, "long-symbol.es.md"),
            "long-symbol.es.md: bad sidecar metadata: \"symbol\" is 300 bytes long; at most 80 are accepted");
  EXPECT_EQ(reason(s, "long-number.es.md"),
            "long-number.es.md: bad sidecar metadata: \"number\" is 300 bytes long; at most 20 are accepted");

  const std::string relative = fs::relative(deep / "informe-largo.es.md", corpus).generic_string();
  std::string full_id = relative.substr(0, relative.size() - 3);
  std::replace(full_id.begin(), full_id.end(), '/', '.');
  const std::string id = bounded_id(full_id);
  EXPECT_EQ(id.size(), 120u);
  EXPECT_EQ(id.substr(0, 103), full_id.substr(0, 103));
  EXPECT_EQ(id.substr(103, 1), "~");
  EXPECT_EQ(paragraphs_of(tmp.path() / "db", id), 2u);
  Xapian::Database db((tmp.path() / "db").string());
  EXPECT_EQ(find_document_record(db, id).value().file, relative);

  // Known on the next run: unchanged, not indexed again or removed.
  const IndexSummary again = index_folder(corpus, tmp.path() / "db");
  EXPECT_EQ(again.indexed, 0u);
  EXPECT_EQ(again.removed, 0u);
  EXPECT_EQ(again.unchanged, kCorpusFiles + 1);
}

TEST(HostileCorpus, TwoFilesWithTheSameIdAreReportedNotMerged) {
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus";
  testing::write_file(corpus / "sub" / "x.es.md", "1. Texto de la carpeta sub: extradición.\n");
  testing::write_file(corpus / "sub.x.es.md", "1. Texto del archivo con punto: decomiso.\n");
  const IndexSummary s = index_folder(corpus, tmp.path() / "db");
  EXPECT_EQ(s.indexed, 1u);
  EXPECT_EQ(reason(s, "sub/x.es.md"), "sub/x.es.md: has the same document id \"sub.x.es\" as sub.x.es.md; rename one of them");
  Xapian::Database db((tmp.path() / "db").string());
  EXPECT_EQ(find_document_record(db, "sub.x.es").value().file, "sub.x.es.md");
  EXPECT_EQ(paragraphs_of(tmp.path() / "db", "sub.x.es"), 1u);

  // The file that lost keeps being reported, and the one indexed stays.
  const IndexSummary again = index_folder(corpus, tmp.path() / "db");
  EXPECT_EQ(again.unchanged, 1u);
  EXPECT_EQ(again.removed, 0u);
  EXPECT_EQ(again.skipped.size(), 1u);
  EXPECT_EQ(paragraphs_of(tmp.path() / "db", "sub.x.es"), 1u);
}

TEST(HostileCorpus, SpecialFilesAndOddLinksAreReportedAndLinksOutOfTheCorpusNotFollowed) {
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus";
  testing::copy_corpus(corpus);
  // A document outside the corpus: were the link followed, it would be indexed.
  testing::write_file(tmp.path() / "outside" / "secret.es.md", kSmallDocument);
  fs::create_symlink(tmp.path() / "outside" / "secret.es.md", corpus / "secret.es.md");
  fs::create_symlink(tmp.path() / "outside", corpus / "outside-folder");
  fs::create_symlink(corpus / "nowhere.es.md", corpus / "dangling.es.md");
  fs::create_symlink(corpus / "loop-b.es.md", corpus / "loop-a.es.md");
  fs::create_symlink(corpus / "loop-a.es.md", corpus / "loop-b.es.md");
  fs::create_symlink(corpus, corpus / "itself");  // a loop of folders
  ASSERT_EQ(mkfifo((corpus / "pipe.es.md").c_str(), 0644), 0);
  testing::write_file(corpus / "folder.es.md" / "inner.es.md", kSmallDocument);
  // A link to a document inside the corpus is a document.
  fs::create_symlink(corpus / "resolution-6-4.es.md", corpus / "alias.es.md");

  const IndexSummary s = index_folder(corpus, tmp.path() / "db");
  EXPECT_EQ(s.indexed, kCorpusFiles + 2);  // folder.es.md/inner.es.md and alias.es.md
  EXPECT_EQ(reason(s, "secret.es.md"), "secret.es.md: symbolic link leading outside the corpus folder; not followed");
  EXPECT_EQ(reason(s, "outside-folder"), "outside-folder: symbolic link leading outside the corpus folder; not followed");
  EXPECT_EQ(reason(s, "dangling.es.md"), "dangling.es.md: dangling symbolic link (its target does not exist)");
  EXPECT_EQ(reason(s, "loop-a.es.md"), "loop-a.es.md: symbolic link loop; not followed");
  EXPECT_EQ(reason(s, "loop-b.es.md"), "loop-b.es.md: symbolic link loop; not followed");
  EXPECT_EQ(reason(s, "itself"), "itself: symbolic link to a folder; not followed (link the files, or move the folder in)");
  EXPECT_EQ(reason(s, "pipe.es.md"), "pipe.es.md: is a FIFO, not a regular file; not read");
  EXPECT_EQ(reason(s, "folder.es.md"), "folder.es.md: is a folder, not a document; the files in it are still read");
  EXPECT_EQ(s.skipped.size(), 8u);
  EXPECT_EQ(paragraphs_of(tmp.path() / "db", "secret.es"), 0u);
  EXPECT_EQ(paragraphs_of(tmp.path() / "db", "folder.es.md.inner.es"), 2u);
}

TEST(HostileCorpus, SidecarValuesAreRangeChecked) {
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"session": 4294967297})", "\"session\" must be a whole number from 1 to 100"},
      {R"({"session": 0})", "\"session\" must be a whole number from 1 to 100"},
      {R"({"date": "2014-02-30"})", "\"date\" must be a real date YYYY-MM-DD between 1990 and 2100, not \"2014-02-30\""},
      {R"({"date": "0001-01-01"})", "\"date\" must be a real date YYYY-MM-DD between 1990 and 2100, not \"0001-01-01\""},
      {R"({"lang": "EN"})", "\"lang\" must be a language code such as \"es\", not \"EN\""},
      {R"({"title": "a\u0000b"})", "\"title\" holds a control character"},
      {R"({"symbol": ""})", "\"symbol\" must not be empty"},
      {R"({"type": ")" + std::string(41, 't') + R"("})", "\"type\" is 41 bytes long; at most 40 are accepted"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string name = "doc-" + std::to_string(i) + ".es";
    testing::write_file(corpus / (name + ".md"), kSmallDocument);
    testing::write_file(corpus / (name + ".meta.json"), cases[i].first);
  }
  testing::write_file(corpus / "good.es.md", kSmallDocument);
  testing::write_file(corpus / "good.es.meta.json", R"({"session": 7, "date": "2016-02-29", "lang": "es"})");
  const IndexSummary s = index_folder(corpus, tmp.path() / "db");
  EXPECT_EQ(s.indexed, 1u);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string file = "doc-" + std::to_string(i) + ".es.md";
    EXPECT_EQ(reason(s, file), file + ": bad sidecar metadata: " + cases[i].second) << cases[i].first;
  }
}

TEST(HostileCorpus, ASecondRunIsRefusedByTheLockBeforeItTouchesAnything) {
  TempDir tmp;
  const fs::path db = tmp.path() / "db";
  const IndexSummary first = index_folder(testing::corpus_dir(), db);
  const IndexLock held(db);  // as a running palermo-index holds it
  IndexOptions rebuild;
  rebuild.rebuild = true;
  try {
    index_folder(testing::corpus_dir(), db, rebuild);
    FAIL() << "a second rebuild was not refused";
  } catch (const IndexBusy& e) {
    EXPECT_EQ(std::string(e.what()), "another palermo-index is running on " + db.string() + " (it holds " + db.string() +
                                         ".lock); nothing was changed: run again when it has finished");
  }
  EXPECT_THROW(index_folder(testing::corpus_dir(), db), IndexBusy);
  EXPECT_FALSE(fs::exists(db.string() + ".rebuild"));
  EXPECT_EQ(paragraph_count(Xapian::Database(db.string())), first.paragraphs_total);
}

TEST(HostileCorpus, TheLockIsReleasedWhenARunEnds) {
  TempDir tmp;
  const fs::path db = tmp.path() / "db";
  index_folder(testing::corpus_dir(), db);
  EXPECT_NO_THROW(IndexLock{db});
}

TEST(HostileCorpus, AFailedRebuildRemovesItsPartialCopyAndKeepsTheLiveIndex) {
  TempDir tmp;
  const fs::path db = tmp.path() / "db";
  const IndexSummary first = index_folder(testing::corpus_dir(), db);
  IndexOptions rebuild;
  rebuild.rebuild = true;
  EXPECT_THROW(index_folder(tmp.path() / "no-such-corpus", db, rebuild), std::runtime_error);
  EXPECT_FALSE(fs::exists(db.string() + ".rebuild"));
  EXPECT_EQ(paragraph_count(Xapian::Database(db.string())), first.paragraphs_total);
}

// QA finding 13: after an id clash, removing either file removed the document the other file had
// written under the shared id.
TEST(HostileCorpus, RemovingOneFileOfAnIdClashKeepsTheOthersDocument) {
  {
    // The file indexed in the clash goes: the other one takes the id over.
    TempDir tmp;
    const fs::path corpus = tmp.path() / "corpus", db = tmp.path() / "db";
    testing::write_file(corpus / "sub" / "x.es.md", "1. Texto de la carpeta sub: extradición.\n");
    testing::write_file(corpus / "sub.x.es.md", "1. Texto del archivo con punto: decomiso.\n");
    index_folder(corpus, db);
    fs::remove(corpus / "sub.x.es.md");
    const IndexSummary s = index_folder(corpus, db);
    EXPECT_EQ(s.indexed, 1u);
    EXPECT_EQ(s.removed, 1u);
    EXPECT_TRUE(s.skipped.empty());
    EXPECT_EQ(paragraphs_of(db, "sub.x.es"), 1u);
    EXPECT_EQ(find_document_record(Xapian::Database(db.string()), "sub.x.es").value().file, "sub/x.es.md");
    // And it stays on the next run.
    EXPECT_EQ(index_folder(corpus, db).unchanged, 1u);
    EXPECT_EQ(paragraphs_of(db, "sub.x.es"), 1u);
  }
  {
    // The file that was there first goes after a newcomer took its id.
    TempDir tmp;
    const fs::path corpus = tmp.path() / "corpus", db = tmp.path() / "db";
    testing::write_file(corpus / "sub" / "x.es.md", "1. Texto de la carpeta sub: extradición.\n");
    index_folder(corpus, db);
    testing::write_file(corpus / "sub.x.es.md", "1. Texto del archivo con punto: decomiso.\n");
    index_folder(corpus, db);
    fs::remove(corpus / "sub" / "x.es.md");
    const IndexSummary s = index_folder(corpus, db);
    EXPECT_EQ(s.removed, 1u);
    EXPECT_EQ(paragraphs_of(db, "sub.x.es"), 1u);
    EXPECT_EQ(find_document_record(Xapian::Database(db.string()), "sub.x.es").value().file, "sub.x.es.md");
  }
}

// QA finding 14: "--db idx/" put the lock and the rebuild's copy inside the index folder, and the
// rebuild's swap failed.
TEST(HostileCorpus, ATrailingSlashNamesTheSameIndex) {
  TempDir tmp;
  const fs::path db = tmp.path() / "db";
  const std::string slashed = db.string() + "/";
  const IndexSummary first = index_folder(testing::corpus_dir(), slashed);
  EXPECT_TRUE(fs::exists(db.string() + ".lock"));
  IndexOptions rebuild;
  rebuild.rebuild = true;
  const IndexSummary rebuilt = index_folder(testing::corpus_dir(), slashed, rebuild);
  EXPECT_EQ(rebuilt.paragraphs_total, first.paragraphs_total);
  EXPECT_FALSE(fs::exists(db / ".lock"));
  EXPECT_FALSE(fs::exists(db / ".rebuild"));
  EXPECT_FALSE(fs::exists(db.string() + ".rebuild"));
  EXPECT_EQ(paragraph_count(Xapian::Database(db.string())), first.paragraphs_total);
  // One lock, however the path is spelled.
  const IndexLock held(db);
  EXPECT_THROW(index_folder(testing::corpus_dir(), slashed), IndexBusy);
  EXPECT_THROW(index_folder(testing::corpus_dir(), tmp.path() / "." / "db", rebuild), IndexBusy);
}

// QA finding 15: a link to the index was locked under the link's name, so a run through the link
// and one on the real folder ran at once.
TEST(HostileCorpus, ALinkedIndexIsLockedUnderItsRealFolder) {
  TempDir tmp;
  const fs::path real = tmp.path() / "real", link = tmp.path() / "link";
  const IndexSummary first = index_folder(testing::corpus_dir(), real);
  fs::create_directory_symlink(real, link);
  {
    const IndexLock held(real);
    EXPECT_THROW(index_folder(testing::corpus_dir(), link), IndexBusy);
  }
  {
    const IndexLock held(link);
    EXPECT_THROW(index_folder(testing::corpus_dir(), real), IndexBusy);
  }
  // A rebuild through the link swaps the real folder and leaves the link as it was.
  IndexOptions rebuild;
  rebuild.rebuild = true;
  index_folder(testing::corpus_dir(), link, rebuild);
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(fs::read_symlink(link), real);
  EXPECT_EQ(paragraph_count(Xapian::Database(real.string())), first.paragraphs_total);
  EXPECT_FALSE(fs::exists(link.string() + ".lock"));
}

// Runs palermo-index on `corpus` into `db` and returns its standard error; `status` gets the
// exit status.
std::string run_index(const fs::path& corpus, const fs::path& db, int& status, const std::string& extra = "") {
  const fs::path err = db.parent_path() / "index-stderr.txt";
  const std::string command = std::string(PALERMO_INDEX_BIN) + " --corpus '" + corpus.string() + "' --db '" + db.string() +
                              "' " + extra + " >/dev/null 2>'" + err.string() + "'";
  const int raw = std::system(command.c_str());
  status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return read_file(err);
}

// QA finding 16: a record that does not read gave "JSON parse error" and status 1; damage to the
// settings read back was called another version's settings.
TEST(HostileCorpus, ADamagedIndexIsSaidToBeDamaged) {
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus", db = tmp.path() / "db";
  testing::copy_corpus(corpus);
  index_folder(corpus, db);
  {
    // The paragraph records of one document replaced by bytes that are not a record.
    Xapian::WritableDatabase w(db.string(), Xapian::DB_OPEN);
    const std::string term = std::string(schema::kDocumentIdPrefix) + "resolution-6-4.es";
    for (auto it = w.postlist_begin(term); it != w.postlist_end(term); ++it) {
      Xapian::Document d = w.get_document(*it);
      set_record(d, "\x01 not a record");
      w.replace_document(*it, d);
    }
    w.commit();
  }
  // The document changes, so the run reads its old records to take them out.
  std::ofstream(corpus / "resolution-6-4.es.md", std::ios::app) << "\n1. Párrafo añadido.\n";
  int status = -1;
  std::string err = run_index(corpus, db, status);
  EXPECT_EQ(status, 3) << err;
  EXPECT_TRUE(err.starts_with("palermo-index: the index at " + db.string() +
                              " is damaged (a paragraph record of document resolution-6-4.es does not read ("))
      << err;
  EXPECT_TRUE(err.ends_with("); rebuild it with palermo-index --rebuild\n")) << err;
  err = run_index(corpus, db, status, "--rebuild");
  EXPECT_EQ(status, 0) << err;

  // The stored analysis settings overwritten where they lie in the file.
  std::string bytes = read_file(db / "postlist.glass");
  std::size_t overwritten = 0;
  for (auto at = bytes.find("analysis.schema"); at != std::string::npos; at = bytes.find("analysis.schema", at + 1)) {
    bytes[at + 15] = '\xab';
    ++overwritten;
  }
  ASSERT_GT(overwritten, 0u);
  std::ofstream(db / "postlist.glass", std::ios::binary | std::ios::trunc) << bytes;
  err = run_index(corpus, db, status);
  EXPECT_EQ(status, 3) << err;
  EXPECT_TRUE(err.starts_with("palermo-index: the index at " + db.string() + " is damaged (")) << err;
  EXPECT_EQ(err.find("other analysis settings"), std::string::npos) << err;

  // Settings another version wrote, in an undamaged index of shards, are still that.
  const fs::path sharded = tmp.path() / "sharded";
  err = run_index(corpus, sharded, status, "--shards 2");
  ASSERT_EQ(status, 0) << err;
  for (const std::string shard : {"shard-00", "shard-01"}) {
    Xapian::WritableDatabase w((sharded / shard).string(), Xapian::DB_OPEN);
    w.set_metadata("analysis.schema", "1");
    w.commit();
  }
  err = run_index(corpus, sharded, status);
  EXPECT_EQ(status, 3) << err;
  EXPECT_NE(err.find("was built with other analysis settings (analysis.schema is \"1\""), std::string::npos) << err;
}

// QA finding 8: an 8.3 MB paragraph was stored and sent whole.
TEST(HostileCorpus, AHugeParagraphIsStoredCutAndReported) {
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus", db = tmp.path() / "db";
  testing::copy_corpus(corpus);
  std::string huge = "1. La Conferencia";
  while (huge.size() < 600'000) huge += " examina la cooperación internacional en materia penal";
  huge += " finalísima.\n";
  testing::write_file(corpus / "enorme.es.md", huge + "\n2. Decide seguir examinando la cuestión.\n");
  const IndexSummary s = index_folder(corpus, db);
  EXPECT_EQ(s.indexed, kCorpusFiles + 1);
  ASSERT_EQ(s.truncated.size(), 1u);
  EXPECT_EQ(s.truncated[0].file, "enorme.es.md");
  const ParagraphRecord record = [&] {
    Xapian::Database d(db.string());
    const std::string term = std::string(schema::kDocumentIdPrefix) + "enorme.es";
    return nlohmann::json::parse(record_of(d.get_document(*d.postlist_begin(term)))).get<ParagraphRecord>();
  }();
  EXPECT_LE(record.text.size(), 64u * 1024);
  EXPECT_GT(record.text.size(), 60u * 1024);
  EXPECT_TRUE(record.text.starts_with("La Conferencia examina la cooperación")) << record.text.substr(0, 80);
  // Cut after a whole word: what is kept is the text's beginning up to a space.
  ASSERT_TRUE(record.text.ends_with(" […]")) << record.text.substr(record.text.size() - 40);
  const std::string kept = record.text.substr(0, record.text.size() - std::string(" […]").size());
  EXPECT_EQ(huge.substr(3, kept.size()), kept);
  EXPECT_EQ(huge[3 + kept.size()], ' ');
  EXPECT_EQ(s.truncated[0].reason, "enorme.es.md: paragraph " + record.anchor + " is " +
                                       std::to_string(huge.size() - 4) + " bytes long; its first " +
                                       std::to_string(record.text.size() - std::string(" […]").size()) +
                                       " are stored and shown, all its words are searchable");
  // Every word is searchable, the last one too.
  Xapian::Database d(db.string());
  bool last_word_found = false;
  for (auto t = d.allterms_begin("finalisim"); t != d.allterms_end("finalisim"); ++t) last_word_found = true;
  EXPECT_TRUE(last_word_found);
  // The program says so.
  int status = -1;
  const std::string err = run_index(corpus, tmp.path() / "db2", status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(err.find("truncated enorme.es.md: paragraph "), std::string::npos) << err;
}

// QA finding 17: hidden files and sidecars without a document were passed over without a word;
// a sidecar's type took any string, and a key given twice silently kept the last value.
TEST(HostileCorpus, HiddenFilesOrphanSidecarsAndBadSidecarTypesAreReported) {
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus";
  testing::copy_corpus(corpus);
  testing::write_file(corpus / ".oculto.es.md", kSmallDocument);
  testing::write_file(corpus / ".borradores" / "informe.es.md", kSmallDocument);
  testing::write_file(corpus / "huerfano.es.meta.json", R"({"symbol": "CTOC/COP/2099/1"})");
  testing::write_file(corpus / "sub" / "solo.es.meta.json", R"({"symbol": "CTOC/COP/2099/2"})");
  testing::write_file(corpus / "tipo.es.md", kSmallDocument);
  testing::write_file(corpus / "tipo.es.meta.json", R"({"type": "manifiesto"})");
  testing::write_file(corpus / "doble.es.md", kSmallDocument);
  testing::write_file(corpus / "doble.es.meta.json", R"({"date": "2014-06-12", "session": 7, "date": "2015-01-01"})");
  testing::write_file(corpus / "bien.es.md", kSmallDocument);
  testing::write_file(corpus / "bien.es.meta.json", R"({"type": "note", "date": "2014-06-12"})");
  const IndexSummary s = index_folder(corpus, tmp.path() / "db");
  EXPECT_EQ(s.indexed, kCorpusFiles + 1);
  EXPECT_EQ(reason(s, ".oculto.es.md"), ".oculto.es.md: hidden file (its name starts with a dot); not read");
  EXPECT_EQ(reason(s, ".borradores"), ".borradores: hidden folder (its name starts with a dot); not read");
  EXPECT_EQ(reason(s, "huerfano.es.meta.json"),
            "huerfano.es.meta.json: orphan sidecar (no document of the same name beside it); not read");
  EXPECT_EQ(reason(s, "sub/solo.es.meta.json"),
            "sub/solo.es.meta.json: orphan sidecar (no document of the same name beside it); not read");
  EXPECT_EQ(reason(s, "tipo.es.md"),
            "tipo.es.md: bad sidecar metadata: \"type\" must be one of background_paper, conference_report, "
            "conference_room_paper, decision, note, report, resolution, secretariat_report, not \"manifiesto\"");
  EXPECT_EQ(reason(s, "doble.es.md"), "doble.es.md: bad sidecar metadata: the key \"date\" is given twice");
  EXPECT_EQ(s.skipped.size(), 6u);
  EXPECT_EQ(find_document_record(Xapian::Database((tmp.path() / "db").string()), "bien.es").value().type, "note");
}

// Runs palermo-index as an unprivileged user (root reads every folder whatever its mode) and
// returns its standard error; `status` gets the exit status.
std::string run_index_unprivileged(const fs::path& corpus, const fs::path& db, int& status) {
  const fs::path err = db.parent_path() / "stderr.txt";
  const pid_t child = fork();
  if (child == 0) {
    const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    dup2(fd, 2);
    const int out = ::open("/dev/null", O_WRONLY);
    dup2(out, 1);
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(126);
    execl(PALERMO_INDEX_BIN, PALERMO_INDEX_BIN, "--corpus", corpus.c_str(), "--db", db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  return read_file(err);
}

TEST(HostileCorpus, AnUnreadableFolderIsReportedAndItsDocumentsKept) {
  TempDir tmp;
  fs::permissions(tmp.path(), fs::perms::all);  // the unprivileged run writes its index here
  const fs::path corpus = tmp.path() / "corpus";
  testing::copy_corpus(corpus);
  testing::write_file(corpus / "sub" / "informe.es.md", kSmallDocument);
  const fs::path db = tmp.path() / "db";
  int status = -1;
  std::string err = run_index_unprivileged(corpus, db, status);
  ASSERT_EQ(status, 0) << err;
  ASSERT_EQ(paragraphs_of(db, "sub.informe.es"), 2u);

  fs::permissions(corpus / "sub", fs::perms::none);
  err = run_index_unprivileged(corpus, db, status);
  fs::permissions(corpus / "sub", fs::perms::owner_all);
  EXPECT_EQ(status, 0) << err;
  EXPECT_EQ(err, "skipped sub/: cannot read this folder (Permission denied); what the index holds from it is kept\n");
  EXPECT_EQ(paragraphs_of(db, "sub.informe.es"), 2u);
}

// QA finding 17: the lock lives beside the index (a rebuild swaps the index folder), so a run
// needs write access to the folder holding the index; without it the run says what it needs.
TEST(HostileCorpus, ARunWithoutWriteAccessBesideTheIndexSaysWhatItNeeds) {
  TempDir tmp;
  fs::permissions(tmp.path(), fs::perms::all);
  const fs::path corpus = tmp.path() / "corpus", holder = tmp.path() / "holder";
  testing::copy_corpus(corpus);
  index_folder(corpus, holder / "db");
  fs::remove(holder / "db.lock");
  // The index itself writable by anyone, its folder not.
  for (const auto& e : fs::recursive_directory_iterator(holder / "db")) fs::permissions(e.path(), fs::perms::all);
  fs::permissions(holder / "db", fs::perms::all);
  fs::permissions(holder, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  int status = -1;
  const std::string err = run_index_unprivileged(corpus, holder / "db", status);
  EXPECT_EQ(status, 1) << err;
  EXPECT_EQ(err, "palermo-index: cannot create the lock file " + (holder / "db.lock").string() +
                     ": Permission denied (palermo-index needs write access to the folder holding the index, for its "
                     "lock and for --rebuild)\n");
}

}  // namespace
}  // namespace palermo
