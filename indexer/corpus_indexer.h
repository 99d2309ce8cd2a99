// Brings a Xapian paragraph index in step with a corpus folder: new and changed files are
// (re)indexed, unchanged ones skipped by content fingerprint, deleted ones removed. Work is
// committed in Xapian transactions, so an interrupted run leaves the last commit intact.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "references/reference_finder.h"
#include "document/document_parser.h"
#include "domain/domain_data.h"
#include "indexer/corpus_source.h"
#include "indexer/shard_set.h"
#include "subjects/subject_finder.h"

namespace palermo {

struct IndexOptions {
  std::filesystem::path corpus;
  std::filesystem::path db;
  bool rebuild = false;                  // index everything into a fresh index, swapped in at the end
  // Shards of a new index (indexer/shard_set.h); unset: a new index is one database, an existing
  // one keeps its layout. Changing an existing index's count needs `rebuild`.
  std::optional<std::size_t> shards;
  SourceLimits limits;
  std::size_t paragraphs_per_commit = 20000;
};

struct IndexSummary {
  std::size_t indexed = 0, unchanged = 0, removed = 0;
  std::vector<SkippedFile> skipped;
  std::vector<SkippedFile> truncated;    // indexed, with a paragraph's stored text cut (kMaxStoredTextBytes)
  std::size_t paragraphs_written = 0;    // by this run
  std::size_t paragraphs_total = 0;      // in the index afterwards
  std::size_t documents_total = 0;
  double seconds = 0;
  // What the run found amiss and mended, for the operator: a shard folder that was missing (created
  // empty, its documents indexed again from the corpus), a killed rebuild's copy removed.
  std::vector<std::string> notes;
};

struct IndexProgress {
  std::size_t done = 0, total = 0;
  const std::string* file = nullptr;     // the file being read now
};

// The index was built with analysis settings other than this program's.
class IncompatibleIndex : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The index is damaged (a record that does not read, settings that do not read, a table that
// fails Xapian's check): the message says what; the remedy is --rebuild.
class DamagedIndex : public IncompatibleIndex {
 public:
  using IncompatibleIndex::IncompatibleIndex;
};

// What one thread analyses with: its own Analyzer (not shared between threads) and the
// SubjectFinder bound to it, built once per thread: building one stems the thesaurus's few
// hundred entry terms, which once per file cost a fifth of the indexer's time.
struct ThreadAnalysis {
  ThreadAnalysis(const AnalysisOptions& options, const DomainData& domain) : analyzer(options), subjects(domain, analyzer) {}
  ThreadAnalysis(const ThreadAnalysis&) = delete;
  ThreadAnalysis& operator=(const ThreadAnalysis&) = delete;
  Analyzer analyzer;
  SubjectFinder subjects;  // bound to `analyzer`: declared after it
};

class CorpusIndexer {
 public:
  // Both must outlive the indexer.
  CorpusIndexer(const DomainData& domain, Analyzer& analyzer)
      : domain_(domain), analyzer_(analyzer), parser_(domain), references_(domain) {}

  // Throws std::runtime_error (or Xapian::Error) when the corpus or index cannot be opened, and
  // IncompatibleIndex when the existing index needs --rebuild (DamagedIndex when it is damaged).
  // options.db is read through resolved_index_path. Bad files never throw: they are
  // reported in IndexSummary::skipped.
  IndexSummary run(const IndexOptions& options, const std::function<void(const IndexProgress&)>& progress = {});

 private:
  void index_into(ShardSet& shards, const IndexOptions& options, bool everything,
                  const std::function<void(const IndexProgress&)>& progress, IndexSummary& summary);
  Document parse(const CorpusFile& file, const SourceText& source) const;
  struct Prepared;
  // Parses a file and builds its paragraphs' Xapian documents with `analyzer`: everything but
  // the writing, so that it can run on another thread than the one writing.
  // `phrases`: the index's held phrases (see index_into).
  Prepared prepare(const CorpusFile& file, const SourceText& source, const IndexedPhrases& phrases,
                   ThreadAnalysis& analysis) const;

  const DomainData& domain_;
  Analyzer& analyzer_;
  DocumentParser parser_;
  ReferenceFinder references_;
};

}  // namespace palermo
