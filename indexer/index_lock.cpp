#include "indexer/index_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace palermo {

IndexLock::IndexLock(const std::filesystem::path& db) {
  const std::filesystem::path lock = path_for(db);
  if (lock.has_parent_path()) std::filesystem::create_directories(lock.parent_path());
  fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot create the lock file " + lock.string() + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    fd_ = -1;
    if (error == EWOULDBLOCK) {
      throw IndexBusy("another palermo-index is running on " + db.string() + " (it holds " + lock.string() +
                      "); nothing was changed: run again when it has finished");
    }
    throw std::runtime_error("cannot lock " + lock.string() + ": " + std::strerror(error));
  }
}

IndexLock::~IndexLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace palermo
