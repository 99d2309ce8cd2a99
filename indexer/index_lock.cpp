#include "indexer/index_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace palermo {

std::filesystem::path resolved_index_path(const std::filesystem::path& db) {
  std::filesystem::path resolved = std::filesystem::weakly_canonical(std::filesystem::absolute(db));
  if (!resolved.has_filename() && resolved.has_parent_path()) resolved = resolved.parent_path();  // "idx/" not yet made
  return resolved;
}

IndexLock::IndexLock(const std::filesystem::path& db) {
  const std::filesystem::path lock = path_for(db);
  if (lock.has_parent_path()) std::filesystem::create_directories(lock.parent_path());
  fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw std::runtime_error("cannot create the lock file " + lock.string() + ": " + std::strerror(errno) +
                             " (palermo-index needs write access to the folder holding the index, for its lock and for --rebuild)");
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK) {
      throw IndexBusy("another palermo-index is running on " + resolved_index_path(db).string() + " (it holds " + lock.string() +
                      "); nothing was changed: run again when it has finished");
    }
    throw std::runtime_error("cannot lock " + lock.string() + ": " + std::strerror(error));
  }
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace palermo
