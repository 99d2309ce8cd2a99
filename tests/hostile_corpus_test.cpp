// The indexer against a corpus folder filled carelessly or with intent: hostile structure, names
// and paths, odd file types and links, unreadable folders, bad sidecars, two runs at once.
// A bad file never stops a run and never loses another document.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <fstream>
#include <sstream>

#include "analysis/records.h"
#include "analysis/schema.h"
#include "corpus_fixture.h"
#include "indexer/corpus_indexer.h"
#include "indexer/index_lock.h"

namespace palermo {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

constexpr std::size_t kCorpusFiles = 10;

IndexSummary index_folder(const fs::path& corpus, const fs::path& db, IndexOptions options = {}) {
  Analyzer analyzer(testing::analysis_options());
  CorpusIndexer indexer(testing::domain(), analyzer);
  options.corpus = corpus;
  options.db = db;
  return indexer.run(options);
}

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

}  // namespace
}  // namespace palermo
