#include "indexer/corpus_indexer.h"

#include <xapian.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "analysis/records.h"
#include "analysis/schema.h"
#include "indexer/index_lock.h"
#include "indexer/paragraph_document.h"
#include "indexer/sidecar.h"
#include "language/language_identifier.h"
#include "pdf/pdf_lines.h"
#include "indexer/shard_set.h"

namespace palermo {
namespace {

// "file:<path>" metadata holds "<fingerprint> <document id>".
struct FileEntry {
  std::string fingerprint;
  std::string document_id;
};

FileEntry parse_file_entry(const std::string& value) {
  const auto space = value.find(' ');
  if (space == std::string::npos) return {value, {}};
  return {value.substr(0, space), value.substr(space + 1)};
}

// What Xapian's own check finds wrong with the index at `path`; empty when nothing. Xapian checks
// one database, not a stub: the shards a stub names ("auto shard-00") are checked one by one.
std::string damage_found(const std::string& path) {
  if (std::ifstream stub(std::filesystem::path(path) / kStubFileName); stub) {
    std::string line;
    while (std::getline(stub, line)) {
      if (!line.starts_with("auto ")) continue;
      if (std::string damage = damage_found((std::filesystem::path(path) / line.substr(5)).string()); !damage.empty()) {
        return line.substr(5) + ": " + damage;
      }
    }
    return {};
  }
  try {
    std::ostringstream report;
    if (Xapian::Database::check(path, Xapian::DBCHECK_SHORT_TREE, &report) == 0) return {};
    std::string first;
    std::istringstream lines(report.str());
    while (std::getline(lines, first) && first.find("rror") == std::string::npos) {
    }
    return first.empty() ? "Xapian's check found errors" : first;
  } catch (const Xapian::Error& e) {
    return e.get_description();
  }
}

std::string damaged(const std::string& path, const std::string& what) {
  return "the index at " + path + " is damaged (" + what + "); rebuild it with palermo-index --rebuild";
}

void check_settings(const Xapian::Database& db, const Analyzer& analyzer, const std::string& path) {
  const std::string why = analyzer.settings_mismatch(db);
  if (why.empty()) return;
  // Damage can read back as other settings: told apart before a rebuild is asked for the wrong
  // reason. Settings another version wrote are printable text; bytes that are not, are damage.
  if (const std::string damage = damage_found(path); !damage.empty()) throw DamagedIndex(damaged(path, damage));
  if (std::any_of(why.begin(), why.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f; })) {
    throw DamagedIndex(damaged(path, "its analysis settings do not read"));
  }
  throw IncompatibleIndex("the index at " + path + " was built with other analysis settings (" + why +
                          "); rebuild it with palermo-index --rebuild");
}

// A new index's settings; its revision counter continues from `revision` (the index a rebuild
// replaces), so that a reader never sees the same number for two states.
// `phrases`: the held phrases' metadata (IndexedPhrases::metadata), the same for every shard.
void write_settings(Xapian::WritableDatabase& db, const Analyzer& analyzer, unsigned long long revision,
                    const std::string& phrases) {
  for (const auto& [key, value] : analyzer.settings()) db.set_metadata(key, value);
  db.set_metadata(std::string(schema::kPhrasesKey), phrases);
  db.set_metadata(std::string(schema::kRevisionKey), std::to_string(revision + 1));
}

std::size_t count_metadata(const Xapian::Database& db, std::string_view prefix) {
  std::size_t n = 0;
  for (auto it = db.metadata_keys_begin(std::string(prefix)); it != db.metadata_keys_end(std::string(prefix)); ++it) ++n;
  return n;
}

// The index's key for a file: its relative path, bounded like a document id (a path may be
// longer than Xapian's limit on metadata keys).
std::string file_key(const std::string& relative) { return file_metadata_key(bounded_id(relative)); }

// Xapian refuses a term over 245 bytes, and only when the batch is committed: one such term
// would fail the whole run, and every run after it. Checked per paragraph before it is added.
constexpr std::size_t kMaxTermBytes = 245;

void check_terms(const Xapian::Document& doc, const std::string& file) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if ((*t).size() > kMaxTermBytes) {
      throw RejectedInput(file + ": a value too long to index (" + std::to_string((*t).size()) + " bytes, starting \"" +
                          (*t).substr(0, 40) + "\")");
    }
  }
}

bool under(const std::string& relative, const std::vector<std::string>& folders) {
  for (const std::string& folder : folders) {
    if (relative.size() > folder.size() && relative.starts_with(folder) && relative[folder.size()] == '/') return true;
  }
  return false;
}

// Deletes the document's paragraphs and record, and counts in `spelling` the spelling entries its
// paragraphs had added, for the batch to take back: a word only a deleted document held is never
// suggested again.
void remove_document(Xapian::WritableDatabase& db, const std::string& document_id, Analyzer& analyzer,
                     SpellingCounts& spelling) {
  const std::string term = std::string(schema::kDocumentIdPrefix) + document_id;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    ParagraphRecord record;
    try {
      record = nlohmann::json::parse(record_of(db.get_document(*it))).get<ParagraphRecord>();
    } catch (const nlohmann::json::exception& e) {
      throw DamagedIndex("a paragraph record of document " + document_id + " does not read (" + e.what() + ")");
    }
    analyzer.count_spelling(record.text, spelling);
  }
  db.delete_document(term);
  db.delete_document(std::string(schema::kRecordIdPrefix) + document_id);
}

// How a Batch writes the spelling table.
struct BatchOptions {
  std::size_t paragraphs_per_commit = 20000;
  // Keep the spelling entries until the last commit (or until kMaxHeldSpellingWords words are
  // held) instead of writing them at every commit. Only for an index nobody reads before the run
  // ends (a rebuild's copy, swapped in when complete): elsewhere each commit must hold its own
  // entries, or a run stopped after it would leave its words never suggested. Why: Glass rewrites
  // (and deflates) each spelling fragment list a commit touches, whole; as the vocabulary grows,
  // every commit rewrites most of them, so the table's cost grew with commits x vocabulary.
  bool spelling_at_end = false;
};

// Words whose spelling entries a Batch holds at most before writing them (spelling_at_end): a
// bound on memory whatever the corpus. Not only ours (about 100 bytes a word): Glass keeps every
// fragment of each word new to the table in memory until the commit (500,000 new words at once
// took the indexer from 170 to 700 MiB at 500,000 paragraphs). 250,000 still cuts the rewrites
// of the fragment lists from one per commit to one per several.
constexpr std::size_t kMaxHeldSpellingWords = 250'000;

// The writes of one commit, over every shard: a Xapian transaction per shard, the spelling
// entries added and taken back per shard, and the revision counter raised to the same value in
// every shard (readers of a stub read the first shard's). Shards commit one after the other:
// Xapian has no transaction across databases, so a reader may for a moment see one shard's new
// revision beside another's old one; each shard's own state is always whole.
class Batch {
 public:
  Batch(ShardSet& shards, const BatchOptions& options)
      : shards_(shards), options_(options), spelling_(shards.size()), removed_spelling_(shards.size()) {}
  ~Batch() {
    if (open_) {
      for (std::size_t i = 0; i < shards_.size(); ++i) {
        try {
          shards_.shard(i).cancel_transaction();
        } catch (...) {
        }
      }
    }
  }
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  void begin() {
    if (!open_) {
      for (std::size_t i = 0; i < shards_.size(); ++i) shards_.shard(i).begin_transaction();
    }
    open_ = true;
  }
  SpellingCounts& spelling(std::size_t shard) { return spelling_.at(shard); }
  SpellingCounts& removed_spelling(std::size_t shard) { return removed_spelling_.at(shard); }
  void added(std::size_t paragraphs) {
    pending_ += paragraphs;
    if (pending_ >= options_.paragraphs_per_commit) commit(Commit::intermediate);
  }
  // The run's last commit writes whatever spelling entries are held.
  enum class Commit { intermediate, last };
  void commit(Commit kind) {
    if (kind == Commit::last && held_spelling()) begin();
    if (!open_) return;
    const bool write_spelling = kind == Commit::last || !options_.spelling_at_end || held_spelling_words() >= kMaxHeldSpellingWords;
    unsigned long long revision = 0;
    for (std::size_t i = 0; i < shards_.size(); ++i) revision = std::max(revision, index_revision(shards_.shard(i)));
    for (std::size_t i = 0; i < shards_.size(); ++i) {
      Xapian::WritableDatabase& db = shards_.shard(i);
      if (write_spelling) {
        for (const auto& [word, count] : removed_spelling_[i]) db.remove_spelling(word, count);
        for (const auto& [word, count] : spelling_[i]) db.add_spelling(word, count);
        // The spelling table again as metadata, which a remote shard's reader can fetch (schema.h).
        // Shards only: a single index is read locally (its copy would double the spelling data and
        // rewrite the whole vocabulary at every commit, for nobody).
        if (shards_.size() > 1 &&
            (!removed_spelling_[i].empty() || !spelling_[i].empty() || db.get_metadata(std::string(schema::kSpellingKey)).empty())) {
          db.set_metadata(std::string(schema::kSpellingKey), spelling_list(db));
        }
        removed_spelling_[i].clear();
        spelling_[i].clear();
      }
      db.set_metadata(std::string(schema::kRevisionKey), std::to_string(revision + 1));
    }
    for (std::size_t i = 0; i < shards_.size(); ++i) shards_.shard(i).commit_transaction();
    open_ = false;
    pending_ = 0;
  }

 private:
  std::size_t held_spelling_words() const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < shards_.size(); ++i) n += spelling_[i].size() + removed_spelling_[i].size();
    return n;
  }
  bool held_spelling() const { return held_spelling_words() > 0; }

  ShardSet& shards_;
  BatchOptions options_;
  std::size_t pending_ = 0;
  bool open_ = false;
  std::vector<SpellingCounts> spelling_;
  std::vector<SpellingCounts> removed_spelling_;
};

// The document's words as a reader sees them, for telling its language.
std::string text_of(const Document& document) {
  std::string text = document.meta.title;
  for (const Paragraph& p : document.paragraphs) text += "\n" + p.text;
  return text;
}

// One parser, fed by the reader of the file's format.
Document read_in_its_format(const DocumentParser& parser, const CorpusFile& file, const SourceText& source) {
  const ParseOptions options{file.lang_hint};
  switch (file.format) {
    case SourceFormat::text:
      return parser.parse_lines(plain_text_lines(source.content), options);
    case SourceFormat::pdf: {
      PdfText pdf;
      try {
        pdf = pdf_lines(source.content);
      } catch (const UnreadablePdf& e) {
        throw RejectedInput(file.relative + ": " + e.what());
      }
      if (pdf.lines.empty()) throw RejectedInput(file.relative + ": no text in the PDF (a scan without a text layer?)");
      return parser.parse_lines(std::move(pdf.lines), options);
    }
    case SourceFormat::markdown:
      break;
  }
  return parser.parse(source.content, options);
}

// Runs jobs on one thread of its own, handing their results back in submission order: the
// indexer parses and analyses the next files there while the calling thread writes to Xapian
// (two cores: about a third of the work is ours, the rest Xapian's). The thread owns its own
// ThreadAnalysis (an Analyzer is for one thread). At most `window` jobs wait or are done unread.
template <class Result>
class PreparationThread {
 public:
  using Job = std::function<Result(ThreadAnalysis&)>;

  PreparationThread(const AnalysisOptions& analysis, const DomainData& domain, std::size_t window)
      : window_(window), thread_([this, analysis, &domain] { run(analysis, domain); }) {}
  ~PreparationThread() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  PreparationThread(const PreparationThread&) = delete;
  PreparationThread& operator=(const PreparationThread&) = delete;

  bool full() {
    std::lock_guard lock(mutex_);
    return jobs_.size() + done_.size() + busy_ >= window_;
  }
  bool idle() {
    std::lock_guard lock(mutex_);
    return jobs_.empty() && done_.empty() && busy_ == 0;
  }
  void submit(Job job) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    changed_.notify_all();
  }
  // The oldest job's result; rethrows what the job threw. Precondition: !idle().
  Result next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !done_.empty(); });
    Outcome outcome = std::move(done_.front());
    done_.pop_front();
    lock.unlock();
    changed_.notify_all();
    if (outcome.error) std::rethrow_exception(outcome.error);
    return std::move(*outcome.result);
  }
  // Hands a result that has been used back to be destroyed on this thread, before its next job:
  // its memory was allocated here, and freeing it (tens of thousands of small term and position
  // blocks per file) was a few percent of the writing thread's time.
  void dispose(Result spent) {
    std::lock_guard lock(mutex_);
    spent_.push_back(std::move(spent));
  }

 private:
  struct Outcome {
    std::optional<Result> result;
    std::exception_ptr error;
  };

  void run(const AnalysisOptions& analysis, const DomainData& domain) {
    std::optional<ThreadAnalysis> analyzer;
    std::exception_ptr startup;
    try {
      analyzer.emplace(analysis, domain);
    } catch (...) {
      startup = std::current_exception();
    }
    for (;;) {
      Job job;
      std::vector<Result> spent;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (stopping_) return;  // results nobody will read are not worth computing
        job = std::move(jobs_.front());
        jobs_.pop_front();
        ++busy_;
        spent.swap(spent_);
      }
      spent.clear();  // outside the lock
      Outcome outcome;
      if (startup) {
        outcome.error = startup;
      } else {
        try {
          outcome.result.emplace(job(*analyzer));
        } catch (...) {
          outcome.error = std::current_exception();
        }
      }
      {
        std::lock_guard lock(mutex_);
        --busy_;
        done_.push_back(std::move(outcome));
      }
      changed_.notify_all();
    }
  }

  const std::size_t window_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> jobs_;       // guarded by mutex_
  std::deque<Outcome> done_;   // guarded by mutex_, in submission order (one worker)
  std::vector<Result> spent_;  // guarded by mutex_: dispose()d, destroyed by the worker
  std::size_t busy_ = 0;       // guarded by mutex_
  bool stopping_ = false;      // guarded by mutex_
  std::thread thread_;         // last: started once the rest exists
};

}  // namespace

// A file made ready to write: its paragraphs built and checked, or the reason it is rejected.
struct CorpusIndexer::Prepared {
  const CorpusFile* file = nullptr;
  std::string key;
  FileEntry stored;
  std::string fingerprint;
  std::vector<Xapian::Document> paragraphs;
  SpellingCounts spelling;
  Xapian::Document record;
  std::optional<std::string> rejected;
  std::vector<std::string> truncated;  // paragraphs whose stored text is cut
};

CorpusIndexer::Prepared CorpusIndexer::prepare(const CorpusFile& file, const SourceText& source, const IndexedPhrases& phrases,
                                               ThreadAnalysis& analysis) const {
  Analyzer& analyzer = analysis.analyzer;
  Prepared p;
  p.file = &file;
  p.fingerprint = source.fingerprint;
  try {
    const Document document = parse(file, source);
    // Built and checked in full before anything is written: a bad paragraph rejects the file
    // and leaves what the index holds of it as it was.
    const DocumentContext context = references_.context_of(document.meta.title);
    SubjectFinder& subjects = analysis.subjects;
    for (std::size_t seq = 0; seq < document.paragraphs.size(); ++seq) {
      const ParagraphReferences refs = references_.find(document.paragraphs[seq].text, context);
      p.paragraphs.push_back(paragraph_document(file.document_id, document, seq, refs, subjects, analyzer, phrases, &p.spelling));
      if (const std::string& text = document.paragraphs[seq].text; text.size() > kMaxStoredTextBytes) {
        p.truncated.push_back(file.relative + ": paragraph " + document.paragraphs[seq].anchor + " is " +
                              std::to_string(text.size()) + " bytes long; its first " +
                              std::to_string(stored_text(text).size() - kCutMark.size()) +
                              " are stored and shown, all its words are searchable");
      }
      check_terms(p.paragraphs.back(), file.relative);
    }
    p.record = record_document(document_record(file.document_id, file.relative, document));
    check_terms(p.record, file.relative);
  } catch (const RejectedInput& e) {
    p.rejected = e.what();
  }
  return p;
}

Document CorpusIndexer::parse(const CorpusFile& file, const SourceText& source) const {
  Document document;
  try {
    document = read_in_its_format(parser_, file, source);
  } catch (const MalformedDocument& e) {
    throw RejectedInput(file.relative + ": " + e.what());
  }
  // The name's language code wins over the text's own "English" / "Español" line; a sidecar
  // wins over both; the text's words decide only when none of them says.
  if (!file.lang_hint.empty()) document.meta.lang = file.lang_hint;
  if (!source.sidecar_json.empty()) {
    try {
      apply_sidecar(source.sidecar_json, domain_, document.meta);
    } catch (const std::invalid_argument& e) {
      throw RejectedInput(file.relative + ": bad sidecar metadata: " + e.what());
    }
  }
  DocumentMeta& m = document.meta;
  if (!m.date.empty()) {
    m.year = std::stoi(m.date.substr(0, 4));
  } else if (m.session && domain_.session(*m.session) != nullptr) {
    m.year = domain_.session(*m.session)->year;
  }
  // The session's days, when the text does not state them, from domain/sessions.tsv.
  if (m.session_start.empty() && m.session && domain_.session(*m.session) != nullptr) {
    m.session_start = domain_.session(*m.session)->start;
    m.session_end = domain_.session(*m.session)->end;
  }
  if (m.lang.empty()) {
    if (const auto identified = identify_language(text_of(document))) m.lang = identified->code;
  }
  if (m.lang.empty()) {
    throw RejectedInput(file.relative +
                        ": language unknown (the text is too short or too mixed to tell; name the file "
                        "<name>.es.<ext> or <name>.en.<ext>)");
  }
  if (!analyzer_.supports(m.lang)) throw RejectedInput(file.relative + ": language " + m.lang + " is not indexed");
  if (document.paragraphs.empty()) throw RejectedInput(file.relative + ": no paragraphs found");
  return document;
}

void CorpusIndexer::index_into(ShardSet& shards, const IndexOptions& options, bool everything,
                               const std::function<void(const IndexProgress&)>& progress, IndexSummary& summary) {
  const CorpusListing listing = list_corpus(options.corpus);
  const std::vector<CorpusFile>& files = listing.files;
  summary.skipped.insert(summary.skipped.end(), listing.problems.begin(), listing.problems.end());
  std::set<std::string> present;  // file keys whose paragraphs stay
  for (const std::string& relative : listing.kept) present.insert(file_key(relative));
  // Documents a listed file holds after this run: a file renamed to another extension
  // (x.es.md -> x.es.txt) keeps its document id, which the old key's removal must not take.
  std::set<std::string> held;
  // `everything` is a rebuild's: its copy is read by nobody until it is swapped in whole.
  Batch batch(shards, BatchOptions{.paragraphs_per_commit = options.paragraphs_per_commit, .spelling_at_end = everything});
  // The phrases recorded when the index was created: every paragraph of it is indexed with them.
  // Declared before the thread whose jobs read them.
  const IndexedPhrases phrases = IndexedPhrases::from_metadata(shards.shard(0).get_metadata(std::string(schema::kPhrasesKey)));
  PreparationThread<Prepared> preparation(analyzer_.options(), domain_, 8);
  // Writes one prepared file; the calling thread alone touches the database.
  auto write = [&](Prepared p) {
    if (p.rejected) {
      summary.skipped.push_back({p.file->relative, *p.rejected});
      return;
    }
    batch.begin();
    if (!p.stored.document_id.empty()) {
      const std::size_t was = ShardSet::shard_of(p.stored.document_id, shards.size());
      remove_document(shards.shard(was), p.stored.document_id, analyzer_, batch.removed_spelling(was));
    }
    const std::size_t shard = ShardSet::shard_of(p.file->document_id, shards.size());
    Xapian::WritableDatabase& db = shards.shard(shard);
    remove_document(db, p.file->document_id, analyzer_, batch.removed_spelling(shard));
    for (const Xapian::Document& paragraph : p.paragraphs) db.add_document(paragraph);
    for (const auto& [word, count] : p.spelling) batch.spelling(shard)[word] += count;
    db.add_document(p.record);
    db.set_metadata(p.key, p.fingerprint + " " + p.file->document_id);
    held.insert(p.file->document_id);
    ++summary.indexed;
    for (const std::string& note : p.truncated) summary.truncated.push_back({p.file->relative, note});
    summary.paragraphs_written += p.paragraphs.size();
    batch.added(p.paragraphs.size());
    preparation.dispose(std::move(p));
  };
  for (std::size_t i = 0; i < files.size(); ++i) {
    const CorpusFile& file = files[i];
    const std::string key = file_key(file.relative);
    present.insert(key);
    if (progress) progress(IndexProgress{i, files.size(), &file.relative});
    try {
      auto source = std::make_shared<const SourceText>(read_source(file, options.limits));
      FileEntry stored = parse_file_entry(shards.shard_for(file.document_id).get_metadata(key));
      if (!everything && stored.fingerprint == source->fingerprint) {
        held.insert(file.document_id);
        ++summary.unchanged;
        continue;
      }
      while (preparation.full()) write(preparation.next());
      preparation.submit([this, &file, &phrases, source, key, stored = std::move(stored)](ThreadAnalysis& analysis) {
        Prepared p = prepare(file, *source, phrases, analysis);
        p.key = key;
        p.stored = stored;
        return p;
      });
    } catch (const RejectedInput& e) {
      summary.skipped.push_back({file.relative, e.what()});
    }
  }
  while (!preparation.idle()) write(preparation.next());
  if (progress) progress(IndexProgress{files.size(), files.size(), nullptr});

  // A file no longer listed is gone, unless its folder could not be read this time. Its document
  // goes with it unless a file listed now has that id (the other file of an id clash).
  std::set<std::string> listed_ids;
  for (const CorpusFile& file : files) listed_ids.insert(file.document_id);
  for (std::size_t shard = 0; shard < shards.size(); ++shard) {
    Xapian::WritableDatabase& db = shards.shard(shard);
    std::vector<std::string> gone;
    for (auto it = db.metadata_keys_begin(std::string(kFileMetadataPrefix)); it != db.metadata_keys_end(std::string(kFileMetadataPrefix)); ++it) {
      if (!present.count(*it) && !under((*it).substr(kFileMetadataPrefix.size()), listing.unreadable_folders)) gone.push_back(*it);
    }
    for (const std::string& key : gone) {
      batch.begin();
      const std::string document_id = parse_file_entry(db.get_metadata(key)).document_id;
      // Kept when a file holds it after this run (renamed to another extension) or is listed with
      // it (the other file of an id clash, even one rejected this time).
      if (!held.count(document_id) && !listed_ids.count(document_id)) {
        remove_document(db, document_id, analyzer_, batch.removed_spelling(shard));
      }
      db.set_metadata(key, "");
      ++summary.removed;
    }
  }
  batch.commit(Batch::Commit::last);
}

IndexSummary CorpusIndexer::run(const IndexOptions& given, const std::function<void(const IndexProgress&)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  IndexOptions options = given;
  options.db = resolved_index_path(given.db);  // "idx/" or a link: one lock, siblings beside the real folder
  IndexSummary summary;
  namespace fs = std::filesystem;
  if (fs::is_regular_file(options.db)) {
    throw std::runtime_error("the index at " + options.db.string() +
                             " is a file (a stub of shards served elsewhere?): palermo-index writes an index folder; "
                             "index the shards where they are (--db FOLDER --shards N) and list them in the stub");
  }
  if (options.shards && (*options.shards == 0 || *options.shards > ShardLayout::kMaxShards)) {
    throw std::runtime_error("--shards must be 1.." + std::to_string(ShardLayout::kMaxShards) + ", not " +
                             std::to_string(*options.shards));
  }
  const IndexLock lock(options.db);  // before anything is touched (creates the parent folder)
  if (options.rebuild) {
    // Build beside the live index and swap at the end: until then readers see the old one, and a
    // killed rebuild leaves it untouched.
    const fs::path fresh = options.db.string() + ".rebuild";
    const fs::path old = options.db.string() + ".old";
    fs::remove_all(fresh);  // left by a killed rebuild: the lock says no other run is using it
    unsigned long long replaced_revision = 0;
    ShardLayout layout = ShardSet::layout_of(options.db);  // a rebuild keeps the layout unless told
    if (options.shards) layout.shards = *options.shards;
    try {
      if (fs::exists(options.db)) replaced_revision = index_revision(Xapian::Database(options.db.string()));
    } catch (const Xapian::Error&) {
      // A damaged index is what a rebuild is for: its counter is lost, the uuid still changes.
    }
    try {
      ShardSet shards = ShardSet::open(fresh, layout);
      const std::string phrases = glossary_phrases(domain_, analyzer_).metadata();
      for (std::size_t i = 0; i < shards.size(); ++i) {
        write_settings(shards.shard(i), analyzer_, replaced_revision, phrases);
        shards.shard(i).commit();
      }
      index_into(shards, options, true, progress, summary);
      shards.close();
    } catch (...) {
      std::error_code ec;
      fs::remove_all(fresh, ec);  // a failed rebuild leaves no partial copy behind
      throw;
    }
    fs::remove_all(old);
    if (fs::exists(options.db)) fs::rename(options.db, old);
    fs::rename(fresh, options.db);
    fs::remove_all(old);
  } else {
    const ShardLayout existing = ShardSet::layout_of(options.db);
    const bool exists = ShardSet::holds_index(options.db);
    if (exists && options.shards && *options.shards != existing.shards) {
      throw std::runtime_error("the index at " + options.db.string() + " has " + std::to_string(existing.shards) +
                               " shard(s); to make it " + std::to_string(*options.shards) + ", run palermo-index --rebuild --shards " +
                               std::to_string(*options.shards));
    }
    // A killed rebuild's copy: the lock says no rebuild is using it.
    if (const fs::path left = options.db.string() + ".rebuild"; fs::exists(left)) {
      fs::remove_all(left);
      summary.notes.push_back("removed " + left.string() + ", left by a rebuild that was stopped");
    }
    ShardSet shards = ShardSet::open(options.db, ShardLayout{options.shards.value_or(1)});
    for (const std::string& folder : shards.created_shards()) {
      summary.notes.push_back((options.db / folder).string() +
                              " was missing: created empty, its documents indexed again from the corpus");
    }
    for (const std::string& folder : shards.unfinished_shards()) {
      summary.notes.push_back((options.db / folder).string() +
                              " held a shard whose creation was stopped (no iamglass, nothing committed): created again, its "
                              "documents indexed from the corpus");
    }
    // A shard created again (its folder was missing) holds the phrases its siblings were indexed
    // with, not the glossary's of today.
    std::string phrases;
    for (std::size_t i = 0; i < shards.size() && phrases.empty(); ++i) phrases = shards.shard(i).get_metadata(std::string(schema::kPhrasesKey));
    if (phrases.empty()) phrases = glossary_phrases(domain_, analyzer_).metadata();
    for (std::size_t i = 0; i < shards.size(); ++i) {
      Xapian::WritableDatabase& db = shards.shard(i);
      if (db.get_doccount() == 0 && count_metadata(db, kFileMetadataPrefix) == 0) {
        write_settings(db, analyzer_, 0, phrases);
        db.commit();
      } else {
        check_settings(db, analyzer_, options.db.string());
      }
    }
    index_into(shards, options, false, progress, summary);
    shards.close();
  }
  const Xapian::Database result(options.db.string());
  summary.paragraphs_total = paragraph_count(result);
  summary.documents_total = document_count(result);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace palermo
