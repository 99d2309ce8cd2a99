// Runs Debian's `xapian-tcpsrv` (xapian-tools) as a child process serving one shard on a loopback
// port, for the tests of remote shards; stopped (SIGKILL: a shard that dies), paused (SIGSTOP: a
// shard that hangs) or restarted on the same port by the test, and always stopped when the object goes.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

namespace palermo::testing {

// A port nothing listens on now (the kernel's choice for port 0).
inline int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    throw std::runtime_error("no free port");
  }
  close(fd);
  return ntohs(addr.sin_port);
}

inline bool accepts_connections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

class TcpsrvProcess {
 public:
  TcpsrvProcess(std::filesystem::path shard, int port) : shard_(std::move(shard)), port_(port) { start(); }
  ~TcpsrvProcess() { kill_now(); }
  TcpsrvProcess(const TcpsrvProcess&) = delete;
  TcpsrvProcess& operator=(const TcpsrvProcess&) = delete;

  int port() const { return port_; }
  std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(port_); }

  void start() {
    pid_ = fork();
    if (pid_ == 0) {
      setpgid(0, 0);  // its own group: xapian-tcpsrv forks a process per connection, killed with it
      // Its notes on each closed connection ("Got exception NetworkError") are not the test's.
      if (std::FILE* quiet = std::fopen("/dev/null", "w")) {
        dup2(fileno(quiet), STDOUT_FILENO);
        dup2(fileno(quiet), STDERR_FILENO);
      }
      const std::string port = std::to_string(port_);
      execlp(XAPIAN_TCPSRV_BIN, XAPIAN_TCPSRV_BIN, "--interface", "127.0.0.1", "--port", port.c_str(), shard_.c_str(),
             static_cast<char*>(nullptr));
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    // Until it listens; a listener of another process on the port (taken since it was chosen) is
    // not it: xapian-tcpsrv has exited then ("already in use").
    while (true) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("xapian-tcpsrv exited at start (port " + std::to_string(port_) + " taken?)");
      }
      if (accepts_connections(port_)) break;
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("xapian-tcpsrv did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // The shard hangs (kill -STOP of the server and its connections' processes): connections are
  // accepted by the kernel, nothing answers. resume() lets it go on.
  // Nothing once killed: kill(-(-1)) would signal process 1.
  void pause() {
    if (pid_ > 0) kill(-pid_, SIGSTOP);
  }
  void resume() {
    if (pid_ > 0) kill(-pid_, SIGCONT);
  }

  // The shard dies at once, as a crashed machine's would: the server and every connection's process.
  void kill_now() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  std::filesystem::path shard_;
  int port_;
  pid_t pid_ = -1;
};

}  // namespace palermo::testing
