// Shares one index among concurrent callers. Xapian handles are not thread-safe, so each caller
// gets a Searcher of its own for the duration of a call; the pool keeps them for reuse and moves to
// the newest revision when palermo-index commits one (Xapian's Database::reopen()) or swaps in a
// rebuilt index, without a restart and without failing searches already running on the old
// revision. A local index (or stub of local shards) is followed at the next call. Over remote
// shards a new revision's facet columns are read through the network (an update of the paragraphs
// added, or every facet of a rebuilt shard: about a minute at 500,000 paragraphs), so one thread
// of the pool follows them (PoolOptions::follow_remote_revisions) and the Searchers keep answering
// from the revision they hold until its columns are read (a second QA of issue 11, N1).
#pragma once

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
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
  // How long the pool's thread (follow_remote_revision) reads remote shards over the same
  // connections: a shard rebuilt on its machine (palermo-index --rebuild swaps a new database in)
  // is answered from within this time. A Searcher left idle for longer reconnects before its next
  // call (xapian-tcpsrv closes connections idle for 60 s).
  std::chrono::milliseconds reconnect_remote_shards{10000};
  // How long a remote shard may take to connect and to answer before it counts as down.
  ShardTimeouts timeouts;
  // Over remote shards: how often the pool's own thread looks for a new revision (a round trip per
  // shard) and reads its columns, after which the Searchers move to it. Zero: no thread; the
  // revisions are followed when follow_remote_revision() is called.
  std::chrono::milliseconds follow_remote_revisions{500};
  // Told once per cause when the index at the path cannot be opened as it is now (a stub edited
  // badly, the path gone) while a revision opened before keeps answering, and told "" when it opens
  // again: the server logs it (a second QA of issue 11, N9: a bad edit was ignored without a word).
  // Called outside the pool's lock, from the thread of the request that met it.
  std::function<void(const std::string& why)> on_stale;
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
          lease.reopen_next();  // Xapian's advice: reopen and retry; the Searcher goes back to the pool
          throw;
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

  // Over remote shards: opens the newest revision (reconnecting after
  // PoolOptions::reconnect_remote_shards, to see a rebuilt shard) and reads its facet columns, then
  // lets the Searchers move to it at their next call. What the pool's thread does every
  // PoolOptions::follow_remote_revisions; callers in turn. Throws nothing: a revision that cannot
  // be opened now is tried again the next time, the Searchers answering meanwhile as before.
  void follow_remote_revision();

  // How many sets of facet columns were read whole and how many as updates of earlier ones.
  struct ColumnReads {
    std::size_t whole = 0;
    std::size_t updates = 0;
  };
  ColumnReads column_reads() const;

  // How many times a new revision (a commit, or a rebuilt index swapped in) has been opened since
  // the first one: the server's /metrics.
  std::size_t reopens() const { return reopens_.load(); }
  const std::filesystem::path& db() const { return db_; }
  // Why the index as it is now cannot be opened while a revision opened before answers (the
  // SearchError's message, or the path missing); empty when the answers are the index's as it is.
  std::string stale();

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
    std::uint64_t followed = 0;  // remote shards: the value of followed_ the Searcher moved at
    bool reopen = false;         // its revision was discarded under a call: reopen at the next one
    std::chrono::steady_clock::time_point used{};  // when its last call ended
  };
  // Hands an Entry back to the pool when the call ends, unless discarded.
  class Lease {
   public:
    Lease(SearcherPool& pool, Entry entry) : pool_(&pool), entry_(std::move(entry)), searcher(entry_.searcher.get()) {}
    Lease(Lease&&) = delete;
    ~Lease();
    void discard() { pool_ = nullptr; }
    void reopen_next() { entry_.reopen = true; }

   private:
    SearcherPool* pool_;
    Entry entry_;

   public:
    Searcher* searcher;
  };

  Stamp read_stamp() const;
  Lease acquire();
  // Starts the thread following remote revisions (once).
  void follow_in_background();
  // The options of a new Searcher; with `skip_down`, the shards that just failed are left out
  // unopened (answering partially), so that callers do not each wait for a hung shard's timeout.
  enum class DownShards { skip, try_again };
  SearcherOptions options(DownShards down = DownShards::skip);
  // Partial mode: remember that the shard of stub line `line` just failed (timeout, connection).
  void mark_down(const std::string& line);
  void opened(const Searcher& searcher);
  // Records why older Searchers answer ("" once the index opens again), telling on_stale on a change.
  void set_stale(const std::string& why);
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
  // Remote shards: the revision follow_remote_revision() read the columns of, and how many times
  // it changed (Searchers at an older count reopen at their next call).
  std::atomic<std::uint64_t> followed_{0};
  std::string followed_revision_;  // guarded by mutex_
  std::mutex follow_mutex_;        // one follow_remote_revision() at a time
  std::unique_ptr<Searcher> probe_;  // guarded by follow_mutex_: the Searcher that reads new revisions first
  Stamp probe_stamp_;                // guarded by follow_mutex_
  bool stopping_ = false;            // guarded by mutex_
  std::condition_variable stop_;
  std::thread follower_;             // started by follow_in_background(), under mutex_
  std::string stale_;           // guarded by mutex_: see stale()
};

}  // namespace palermo
