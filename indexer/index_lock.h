// One palermo-index at a time per index: two runs writing the same index (or two rebuilds
// swapping copies in turn) can leave the live index corrupt while each reports success.
#pragma once

#include <filesystem>
#include <stdexcept>

namespace palermo {

// Another run holds the lock; nothing was touched.
class IndexBusy : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The one spelling of an index's folder that every run agrees on: absolute, symbolic links
// resolved (of the parts that exist), without "." / ".." or a trailing slash. "idx/", "./idx" and
// a link to idx are the same index: one lock, and --rebuild's sibling folders (<db>.rebuild,
// <db>.old) beside the real folder, never inside it.
std::filesystem::path resolved_index_path(const std::filesystem::path& db);

// Holds an exclusive advisory lock (flock) on `<db>.lock` for its lifetime. The kernel drops the
// lock when the process ends however it ends, so a killed run never leaves a stale lock behind.
class IndexLock {
 public:
  // Locks resolved_index_path(db). Creates the lock file (and the index's parent folder) when
  // missing: the lock lives beside the index, not in it (a rebuild swaps the index folder), so
  // a run needs write access to the index's parent folder, as --rebuild does anyway. Throws
  // IndexBusy when another process (or another IndexLock in this one) holds it,
  // std::runtime_error when the lock file cannot be created.
  explicit IndexLock(const std::filesystem::path& db);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

  static std::filesystem::path path_for(const std::filesystem::path& db) {
    return resolved_index_path(db).string() + ".lock";
  }

 private:
  int fd_ = -1;
};

}  // namespace palermo
