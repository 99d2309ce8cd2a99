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

// Holds an exclusive advisory lock (flock) on `<db>.lock` for its lifetime. The kernel drops the
// lock when the process ends however it ends, so a killed run never leaves a stale lock behind.
class IndexLock {
 public:
  // Creates the lock file (and the index's parent folder) when missing. Throws IndexBusy when
  // another process (or another IndexLock in this one) holds it, std::runtime_error when the
  // lock file cannot be created.
  explicit IndexLock(const std::filesystem::path& db);
  ~IndexLock();
  IndexLock(const IndexLock&) = delete;
  IndexLock& operator=(const IndexLock&) = delete;

  static std::filesystem::path path_for(const std::filesystem::path& db) { return db.string() + ".lock"; }

 private:
  int fd_ = -1;
};

}  // namespace palermo
