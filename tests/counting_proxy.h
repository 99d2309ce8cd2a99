// A loopback TCP proxy in front of a xapian-tcpsrv that counts the messages the client sends (Xapian
// 1.4's remote protocol: a type byte, the length — one byte below 255, else 0xff and the rest as
// 7-bit groups, the last with its high bit set — then the body). Xapian 1.4's client waits for each
// answer before it sends the next message (MSet::fetch is not pipelined over the remote backend),
// so the messages sent are the round trips made: a count that does not depend on timing.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace palermo::testing {

class CountingProxy {
 public:
  explicit CountingProxy(int target_port) : target_port_(target_port) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listener_, 64) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      throw std::runtime_error("proxy: cannot listen");
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~CountingProxy() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    acceptor_.join();
    std::lock_guard lock(mutex_);
    for (std::thread& t : relays_) t.join();
  }
  CountingProxy(const CountingProxy&) = delete;
  CountingProxy& operator=(const CountingProxy&) = delete;

  std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(port_); }
  // Messages the clients have sent through this proxy so far.
  std::size_t messages() const { return messages_.load(); }

 private:
  // Where the client's stream is in its current message.
  struct Reader {
    enum class At { type, length, length_more, body } at = At::type;
    std::uint64_t remaining = 0;
    int shift = 0;
  };

  void count(Reader& r, const unsigned char* data, std::size_t n) {
    for (std::size_t i = 0; i < n;) {
      switch (r.at) {
        case Reader::At::type:
          ++messages_;
          r.at = Reader::At::length;
          ++i;
          break;
        case Reader::At::length:
          if (data[i] < 255) {
            r.remaining = data[i];
            r.at = Reader::At::body;
          } else {
            r.remaining = 255;
            r.shift = 0;
            r.at = Reader::At::length_more;
          }
          ++i;
          break;
        case Reader::At::length_more:
          r.remaining += static_cast<std::uint64_t>(data[i] & 0x7f) << r.shift;
          r.shift += 7;
          if (data[i] & 0x80) r.at = Reader::At::body;
          ++i;
          break;
        case Reader::At::body: {
          const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(r.remaining, n - i));
          r.remaining -= take;
          i += take;
          break;
        }
      }
      if (r.at == Reader::At::body && r.remaining == 0) r.at = Reader::At::type;
    }
  }

  void accept_loop() {
    while (!stopping_) {
      const int client = accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      const int server = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(target_port_));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(client);
        close(server);
        continue;
      }
      // As Xapian's own ends do: no small message waits for an acknowledgement (Nagle).
      const int one = 1;
      setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::lock_guard lock(mutex_);
      relays_.emplace_back([this, client, server] { relay(client, server); });
    }
  }

  void relay(int client, int server) {
    Reader reader;
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    unsigned char buffer[65536];
    while (!stopping_) {
      if (poll(fds, 2, 100) < 0) break;
      bool closed = false;
      for (int k = 0; k < 2 && !closed; ++k) {
        if ((fds[k].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
        const ssize_t n = read(fds[k].fd, buffer, sizeof buffer);
        if (n <= 0) {
          closed = true;
          break;
        }
        if (k == 0) count(reader, buffer, static_cast<std::size_t>(n));
        for (ssize_t sent = 0; sent < n;) {
          const ssize_t w = write(fds[1 - k].fd, buffer + sent, static_cast<std::size_t>(n - sent));
          if (w <= 0) {
            closed = true;
            break;
          }
          sent += w;
        }
      }
      if (closed) break;
    }
    close(client);
    close(server);
  }

  int target_port_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> messages_{0};
  std::mutex mutex_;
  std::vector<std::thread> relays_;
  std::thread acceptor_;
};

}  // namespace palermo::testing
