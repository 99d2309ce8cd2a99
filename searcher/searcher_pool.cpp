#include "searcher/searcher_pool.h"

#include <sys/stat.h>

#include <algorithm>

#include "searcher/facet_columns.h"
#include "searcher/result_cache.h"

namespace palermo {

SearcherPool::SearcherPool(std::filesystem::path db, const DomainData& domain, AnalysisOptions analysis, PoolOptions options)
    : db_(std::move(db)),
      domain_(domain),
      analysis_(std::move(analysis)),
      cache_(std::make_shared<ResultCache>(options.cached_answers)),
      spelling_copies_(std::make_shared<SpellingCopies>()),
      shared_columns_(std::make_shared<SharedColumns>()),
      options_(options) {}

void SearcherPool::drop_idle() {
  std::vector<Entry> dropped;  // destroyed outside the lock
  std::lock_guard lock(mutex_);
  dropped.swap(idle_);
}

SearcherPool::~SearcherPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (follower_.joinable()) follower_.join();
}

SearcherPool::ColumnReads SearcherPool::column_reads() const {
  return {shared_columns_->whole_reads(), shared_columns_->updates()};
}

void SearcherPool::follow_in_background() {
  std::lock_guard lock(mutex_);
  if (follower_.joinable() || stopping_ || options_.follow_remote_revisions.count() <= 0) return;
  follower_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stop_.wait_for(lock, options_.follow_remote_revisions, [&] { return stopping_; })) {
      lock.unlock();
      follow_remote_revision();
      lock.lock();
    }
  });
}

void SearcherPool::follow_remote_revision() {
  std::lock_guard follow(follow_mutex_);
  const Stamp stamp = read_stamp();
  try {
    // A new connection now and then: one kept open goes on reading a shard rebuilt since.
    if (probe_ == nullptr || probe_stamp_ != stamp ||
        std::chrono::steady_clock::now() - probe_->opened_at() >= options_.reconnect_remote_shards) {
      probe_.reset();
      probe_ = std::make_unique<Searcher>(db_, domain_, analysis_, options());
      probe_stamp_ = stamp;
    } else {
      probe_->reopen(options());
    }
  } catch (const Xapian::DatabaseModifiedError&) {
    return;  // moved on while its columns were read: caught up the next time (Searcher::reopen)
  } catch (...) {
    probe_.reset();  // no index, a shard down: the Searchers answer (or fail) as they do
    return;
  }
  if (!probe_->reads_remote_shards()) return;
  std::lock_guard lock(mutex_);
  if (probe_->revision() == followed_revision_) return;
  followed_revision_ = probe_->revision();
  ++followed_;
}

SearcherPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->release(std::move(entry_));
}

SearcherPool::Stamp SearcherPool::read_stamp() const {
  struct stat info {};
  if (::stat(db_.c_str(), &info) != 0) return {};
  Stamp stamp{static_cast<unsigned long long>(info.st_dev), static_cast<unsigned long long>(info.st_ino)};
  struct stat stub {};
  if (::stat(stub_file(db_).c_str(), &stub) == 0 && S_ISREG(stub.st_mode)) {
    stamp.stub_inode = static_cast<unsigned long long>(stub.st_ino);
    stamp.stub_size = static_cast<long long>(stub.st_size);
    stamp.stub_mtime_ns = static_cast<long long>(stub.st_mtim.tv_sec) * 1000000000LL + stub.st_mtim.tv_nsec;
  }
  return stamp;
}

SearcherOptions SearcherPool::options(DownShards down) {
  std::lock_guard lock(mutex_);
  SearcherOptions o{shared_columns_, cache_, options_.on_shard_down, options_.timeouts, spelling_copies_};
  if (down == DownShards::skip && options_.on_shard_down == ShardFailure::answer_partially) o.skip_shards.assign(down_.begin(), down_.end());
  return o;
}

void SearcherPool::mark_down(const std::string& line) {
  if (options_.on_shard_down != ShardFailure::answer_partially) return;
  std::lock_guard lock(mutex_);
  down_.insert(line);
}

void SearcherPool::opened(const Searcher& searcher) {
  std::lock_guard lock(mutex_);
  if (searcher.revision() == newest_) return;
  if (!newest_.empty()) ++reopens_;
  newest_ = searcher.revision();
}

std::string SearcherPool::stale() {
  std::lock_guard lock(mutex_);
  return stale_;
}

void SearcherPool::set_stale(const std::string& why) {
  {
    std::lock_guard lock(mutex_);
    if (stale_ == why) return;
    stale_ = why;
  }
  if (options_.on_stale) options_.on_stale(why);
}

SearcherPool::Lease SearcherPool::acquire() {
  const Stamp stamp = read_stamp();
  std::optional<Entry> held;
  {
    std::lock_guard lock(mutex_);
    auto same = std::find_if(idle_.rbegin(), idle_.rend(), [&](const Entry& e) { return e.stamp == stamp; });
    if (same != idle_.rend()) {
      held = std::move(*same);
      idle_.erase(std::next(same).base());
    } else if (stamp == Stamp{} && !idle_.empty()) {
      // Mid-swap (the path is missing for a moment): the revision we have keeps answering.
      held = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (held && stamp == Stamp{}) {
    set_stale("the index at " + db_.string() + " is missing");
    return Lease(*this, std::move(*held));
  }
  // Opened without a shard that could not be reached: after a while, try the shard again.
  RetryTurn turn;
  if (held) {
    const auto age = std::chrono::steady_clock::now() - held->searcher->opened_at();
    if (!held->searcher->missing_shards().empty() && age > options_.retry_missing_shards) {
      if (!retrying_.exchange(true)) {
        turn.flag = &retrying_;
        held.reset();
      }
    } else if (held->searcher->reads_remote_shards() &&
               std::chrono::steady_clock::now() - held->used > options_.reconnect_remote_shards) {
      held.reset();  // its connections may have been closed as idle
    }
  }
  if (held) {
    try {
      if (!held->searcher->reads_remote_shards()) {
        if (held->searcher->reopen(options())) opened(*held->searcher);
        return Lease(*this, std::move(*held));
      }
      // Remote shards: the revision held answers until follow_remote_revision() has read a newer
      // one's columns, or until it is discarded under a call.
      follow_in_background();
      const std::uint64_t followed = followed_.load();
      if (held->followed == followed && !held->reopen) return Lease(*this, std::move(*held));
      std::string revision;
      {
        std::lock_guard lock(mutex_);
        revision = followed_revision_;
      }
      held->followed = followed;
      if (revision == held->searcher->revision() && !held->reopen) return Lease(*this, std::move(*held));
      held->reopen = false;
      if (held->searcher->reopen(options())) opened(*held->searcher);
      const std::string database = FacetColumns::database_of(revision);
      // A shard rebuilt on its machine is seen only over a new connection (its columns are read).
      if (database.empty() || database == FacetColumns::database_of(held->searcher->revision())) {
        return Lease(*this, std::move(*held));
      }
      held.reset();
    } catch (const Xapian::DatabaseModifiedError&) {
      // The revision moved on while its columns were read: run() retries with this Searcher.
      release(std::move(*held));
      throw;
    } catch (const SearchError&) {
    } catch (const Xapian::NetworkTimeoutError&) {
      // A shard that does not answer: opening anew would wait for it again; let run() decide.
      throw;
    } catch (const Xapian::Error&) {
    }
    held.reset();  // a Searcher whose reopen failed is not used again; open anew below
  }
  const std::uint64_t followed = followed_.load();
  // Opening takes milliseconds: done outside the lock so other callers keep going.
  try {
    // The caller whose turn it is to retry missing shards tries them all; the others leave out the
    // shards that just failed.
    Entry entry{std::make_unique<Searcher>(db_, domain_, analysis_, options(turn.flag != nullptr ? DownShards::try_again : DownShards::skip)),
                stamp, followed};
    if (entry.searcher->reads_remote_shards()) follow_in_background();
    if (turn.flag != nullptr) {
      std::lock_guard lock(mutex_);
      down_.clear();
      down_.insert(entry.searcher->missing_shards().begin(), entry.searcher->missing_shards().end());
    }
    opened(*entry.searcher);
    set_stale(std::string());
    std::vector<Entry> older;  // destroyed outside the lock
    {
      std::lock_guard lock(mutex_);
      auto old = std::stable_partition(idle_.begin(), idle_.end(), [&](const Entry& e) { return e.stamp == stamp; });
      std::move(old, idle_.end(), std::back_inserter(older));
      idle_.erase(old, idle_.end());
    }
    return Lease(*this, std::move(entry));
  } catch (const SearchError& e) {
    if (e.code() == SearchError::Code::shard_unavailable) throw;  // the Searchers we have cannot reach it either
    // Mid-swap or mid-write, or a stub edited badly: keep answering from the revision we already
    // have, if any, and say so.
    std::optional<Entry> entry;
    {
      std::lock_guard lock(mutex_);
      if (idle_.empty()) throw;
      entry = std::move(idle_.back());
      idle_.pop_back();
    }
    set_stale(e.what());
    return Lease(*this, std::move(*entry));
  }
}

void SearcherPool::release(Entry entry) {
  entry.used = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(entry));
}

}  // namespace palermo
