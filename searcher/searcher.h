// Answers searches over a paragraph index. One Searcher per thread: it holds a Xapian database
// handle and an Analyzer, neither of which may be shared across threads.
#pragma once

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "analysis/analyzer.h"
#include "domain/domain_data.h"
#include "searcher/search_error.h"
#include "searcher/search_request.h"
#include "searcher/search_result.h"
#include "searcher/shard_list.h"
#include "searcher/spelling_copy.h"
#include "searcher/suggester.h"

namespace palermo {

class FacetColumns;
class SharedColumns;
class ResultCache;

struct SearcherOptions {
  // Where Searchers of one pool get the facet columns of a revision: built once per revision, the
  // others waiting (facet_columns.h). Each Searcher builds its own when null.
  std::shared_ptr<SharedColumns> shared_columns;
  // Answers shared with other Searchers of the same index; none kept when null.
  std::shared_ptr<ResultCache> cache;
  // A shard of a stub that cannot be reached when the Searcher opens.
  ShardFailure on_shard_down = ShardFailure::refuse;
  // How long a remote shard may take to connect and to answer (shard_list.h).
  ShardTimeouts timeouts;
  // Local copies of remote shards' spelling tables, shared with other Searchers of the same index;
  // a Searcher over remote shards makes its own when null.
  std::shared_ptr<SpellingCopies> spelling_copies;
  // Stub lines of shards left out without trying them (with ShardFailure::answer_partially): the
  // pool's shards that just failed, so that a hung shard's timeout is waited for once, not by
  // every caller opening a Searcher.
  std::vector<std::string> skip_shards;
  // Whether phrases the index holds as terms (analysis/indexed_phrases.h) are matched by their
  // terms or, like any other phrase, by positions: the answers are the same; `by_positions` is
  // for comparing the two (tests/indexed_phrases_test.cpp) and for benchmarks.
  enum class HeldPhrases { by_terms, by_positions };
  HeldPhrases held_phrases = HeldPhrases::by_terms;
};

// The stages of a search: query plan (QueryBuilder) -> match (ranking the page asked for) ->
// facet counting (FacetCounter over FacetColumns: exact total and facets in one unweighted pass)
// -> presentation (snippets, labels, citations; SearchResult).
class Searcher {
 public:
  // Opens the index at `db`. Throws SearchError(no_index) when it cannot be opened and
  // SearchError(incompatible_index) when it was built with other analysis settings.
  // `domain` must outlive the Searcher.
  Searcher(const std::filesystem::path& db, const DomainData& domain, const AnalysisOptions& analysis,
           const SearcherOptions& options = {});

  // The committed state this Searcher reads (revision_identity in analysis/records.h).
  const std::string& revision() const;

  // Moves to the newest revision of the same index (Xapian's Database::reopen(): a commit of
  // palermo-index, on a local index or on a remote shard). Returns true when the revision changed;
  // the old revision's caches are then dropped and its columns taken from `options.shared_columns`.
  // Throws SearchError(incompatible_index) as the constructor does, after which the Searcher must
  // be discarded, and Xapian::Error as reopen() does: after Xapian::DatabaseModifiedError (the
  // revision moved on again while its columns were read) the Searcher may be reopened again,
  // after another Xapian::Error it must be discarded.
  bool reopen(const SearcherOptions& options);

  // The stub lines of shards left out because they could not be reached when the Searcher opened
  // (ShardFailure::answer_partially); empty when every shard answers. Every SearchResult carries
  // them. The pool opens a new Searcher after a while to take a shard back.
  const std::vector<std::string>& missing_shards() const;
  std::chrono::steady_clock::time_point opened_at() const;

  // Whether a shard is served by xapian-tcpsrv. Its connection keeps the database it opened: a
  // shard rebuilt and swapped in on the serving machine is seen only over a new connection, so
  // the pool reconnects such Searchers after a while (PoolOptions::reconnect_remote_shards).
  bool reads_remote_shards() const;
  ~Searcher();

  // Throws SearchError(bad_query) for a malformed query or out-of-range parameter.
  SearchResult search(const SearchRequest& request);

  // The paragraph with id `paragraph_id` and its neighbours. `ui_lang` is "es" or "en".
  // Throws SearchError(not_found) for an unknown id, SearchError(bad_query) for a bad ui_lang.
  ParagraphView paragraph(const std::string& paragraph_id, const std::string& ui_lang);

  // The document `document_id` with all its paragraphs in reading order. Throws as paragraph().
  DocumentView document(const std::string& document_id, const std::string& ui_lang);

  IndexStats stats() const;

  // Typing help: see searcher/suggester.h. Throws nothing for any prefix.
  std::vector<Suggestion> suggest(std::string_view prefix) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The SearchError(shard_unavailable) for a shard that cannot be reached (a Xapian::NetworkError),
// naming it ("remote 127.0.0.1:45671").
SearchError shard_unavailable(const Xapian::Error& e);
// The same for the shard of the stub line `shard` ("remote 127.0.0.1:45671").
SearchError shard_unavailable(const std::string& shard, const Xapian::Error& e);

}  // namespace palermo
