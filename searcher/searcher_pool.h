// Shares one index among concurrent callers. Xapian handles are not thread-safe, so each caller
// gets a Searcher of its own for the duration of a call; the pool keeps them for reuse and moves to
// the newest revision as soon as palermo-index commits one (Xapian's Database::reopen(), so a stub
// of local or remote shards is followed the same way) or swaps in a rebuilt index, without a
// restart and without failing searches already running on the old revision.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analysis/analyzer.h"
#include "domain/domain_data.h"
#include "searcher/searcher.h"

namespace palermo {

struct PoolOptions {
  std::size_t cached_answers = 512;  // answers (ResultCache) kept for all the pool's Searchers
  ShardFailure on_shard_down = ShardFailure::refuse;
  // How long a Searcher opened without an unreachable shard answers before the pool opens a new
  // one that tries the shard again: a shard coming back is used without a restart.
  std::chrono::milliseconds retry_missing_shards{2000};
  // How long a Searcher reads remote shards over the same connections: a shard rebuilt on its
  // machine (palermo-index --rebuild swaps a new database in) is answered from within this time.
  std::chrono::milliseconds reconnect_remote_shards{10000};
  // How long a remote shard may take to connect and to answer before it counts as down.
  ShardTimeouts timeouts;
};

class SearcherPool {
 public:
  // `domain` must outlive the pool. The index is opened on first use, not here. The pool builds
  // each revision's facet columns once for all its Searchers.
  SearcherPool(std::filesystem::path db, const DomainData& domain, AnalysisOptions analysis, PoolOptions options = {});
  ~SearcherPool();

  // Runs work(Searcher&) on the newest revision that can be opened and returns its result. Throws
  // SearchError(no_index | incompatible_index) only when no index can be opened now and none was
  // open before; then an older open revision keeps serving instead. Xapian errors are retried:
  // - Xapian::DatabaseModifiedError (palermo-index committed twice while the call read the revision
  //   before: Glass keeps only the newest two): on the newest revision, up to kModifiedRetries
  //   times (each retry is one call's work; after the first two, waiting 1, 2, 4 ... 64 ms), with the
  //   same Searcher reopened: a new one would cost a connection per remote shard (tens of ms, in
  //   which more commits come);
  // - another Xapian::DatabaseError: once, on a freshly opened Searcher;
  // - Xapian::NetworkError (a remote shard's xapian-tcpsrv is down, its connection broken): every
  //   Searcher dropped and retried once; then SearchError(shard_unavailable) names it, unless
  //   PoolOptions::on_shard_down answers without it. A shard that connects but does not answer
  //   within PoolOptions::timeouts (Xapian::NetworkTimeoutError: stopped, hung) is not waited for
  //   twice when refusing: SearchError(shard_unavailable) at once.
  template <class Work>
  auto run(Work&& work) {
    int network_failures = 0;
    int modified = 0;
    int damaged = 0;
    for (;;) {
      try {
        Lease lease = acquire();
        try {
          return work(*lease.searcher);
        } catch (const Xapian::DatabaseModifiedError&) {
          throw;  // Xapian's advice: reopen and retry; the Searcher goes back to the pool to be reopened
        } catch (const Xapian::Error&) {
          lease.discard();  // its connection or revision is not to be used again
          throw;
        }
      } catch (const Xapian::NetworkTimeoutError& e) {
        drop_idle();
        mark_down(shard_name(e));
        if (options_.on_shard_down == ShardFailure::refuse || ++network_failures > 1) throw shard_unavailable(e);
      } catch (const Xapian::NetworkError& e) {
        drop_idle();
        mark_down(shard_name(e));
        if (++network_failures > 1) throw shard_unavailable(e);
      } catch (const Xapian::DatabaseModifiedError&) {
        if (++modified > kModifiedRetries) throw;
        // Commits come in bursts (a file's paragraphs), a remote call takes several round trips:
        // after a few retries at once, wait a little longer each time (at most 64 ms; 0.6 s in all).
        if (modified > 2) std::this_thread::sleep_for(std::chrono::milliseconds(1 << std::min(modified - 3, 6)));
      } catch (const Xapian::DatabaseError&) {
        if (++damaged > 1) throw;
      }
    }
  }
  static constexpr int kModifiedRetries = 20;

  SearcherPool(const SearcherPool&) = delete;
  SearcherPool& operator=(const SearcherPool&) = delete;

  // How many times a new revision (a commit, or a rebuilt index swapped in) has been opened since
  // the first one: the server's /metrics.
  std::size_t reopens() const { return reopens_.load(); }
  const std::filesystem::path& db() const { return db_; }

 private:
  // Which index the path names: the inode of the folder (or stub file) at the path. Commits are
  // followed by Searcher::reopen(); a rebuilt index swapped in at the same path is another
  // database, which reopen() cannot see (Glass compares revision numbers), so it is told apart by
  // the path's identity and opened anew.
  // A stub (the path itself, or XAPIANDB in the folder) edited in place keeps its inode: its own
  // inode, size and modification time are part of the identity too.
  struct Stamp {
    unsigned long long device = 0;
    unsigned long long inode = 0;
    unsigned long long stub_inode = 0;
    long long stub_size = 0;
    long long stub_mtime_ns = 0;
    bool operator==(const Stamp&) const = default;
  };
  struct Entry {
    std::unique_ptr<Searcher> searcher;
    Stamp stamp;
  };
  // Hands an Entry back to the pool when the call ends, unless discarded.
  class Lease {
   public:
    Lease(SearcherPool& pool, Entry entry) : pool_(&pool), entry_(std::move(entry)), searcher(entry_.searcher.get()) {}
    Lease(Lease&&) = delete;
    ~Lease();
    void discard() { pool_ = nullptr; }

   private:
    SearcherPool* pool_;
    Entry entry_;

   public:
    Searcher* searcher;
  };

  Stamp read_stamp() const;
  Lease acquire();
  // The options of a new Searcher; with `skip_down`, the shards that just failed are left out
  // unopened (answering partially), so that callers do not each wait for a hung shard's timeout.
  enum class DownShards { skip, try_again };
  SearcherOptions options(DownShards down = DownShards::skip);
  // Partial mode: remember that the shard of stub line `line` just failed (timeout, connection).
  void mark_down(const std::string& line);
  void opened(const Searcher& searcher);
  void drop_idle();
  void release(Entry entry);
  // Clears retrying_ when the caller that set it is done.
  struct RetryTurn {
    std::atomic<bool>* flag = nullptr;
    ~RetryTurn() {
      if (flag != nullptr) flag->store(false);
    }
  };

  std::atomic<std::size_t> reopens_{0};
  // One caller at a time tries a missing shard again (it may cost PoolOptions::timeouts); the
  // others keep answering without it meanwhile.
  std::atomic<bool> retrying_{false};
  const std::filesystem::path db_;
  const DomainData& domain_;
  const AnalysisOptions analysis_;
  std::mutex mutex_;
  std::vector<Entry> idle_;  // guarded by mutex_
  const std::shared_ptr<ResultCache> cache_;
  const std::shared_ptr<SpellingCopies> spelling_copies_;  // made into files only over remote shards
  const std::shared_ptr<SharedColumns> shared_columns_;    // each revision's columns built once
  const PoolOptions options_;
  std::string newest_;       // guarded by mutex_: the newest revision opened (Searcher::revision)
  std::set<std::string> down_;  // guarded by mutex_: stub lines of shards that failed, until one opens again
};

}  // namespace palermo
