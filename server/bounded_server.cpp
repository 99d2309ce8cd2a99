#include "server/bounded_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <string_view>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>

namespace palermo {
namespace {

using Clock = std::chrono::steady_clock;

// Markers set on a request only by BoundedServer (a client's own copies are dropped first): the
// refusal decided from its head, and that its head was checked at all.
constexpr const char* kRefusalHeader = "X-Palermo-Refusal";
constexpr const char* kCheckedHeader = "X-Palermo-Checked";

}  // namespace

// One connection's socket as httplib reads requests from it, with the bounds httplib 0.11 lacks:
// the whole request (line, headers, body) must arrive before a deadline, not just each read, and
// within a byte budget; the head (request line and headers) is watched byte by byte as httplib
// reads it (one byte a call) for its size and for bytes httplib would read past (a bare LF ends
// nothing for httplib and is skipped; a CR or NUL inside a line is kept). Once the head is over
// its budget, malformed or out of time, the stream ends it (it gives httplib "\r\n\r\n"), so
// that httplib parses what came and the request is answered with its refusal (408 for the time)
// instead of a silent close or httplib's 400.
class RequestStream : public httplib::Stream {
 public:
  RequestStream(int sock, const RequestLimits& limits, std::chrono::seconds write_timeout)
      : sock_(sock), limits_(limits), write_timeout_(write_timeout) {}

  // Whether the request ran out of time or bytes: the connection must end, whatever was answered.
  bool exhausted() const { return exhausted_; }
  bool head_too_large() const { return head_too_large_; }
  bool head_malformed() const { return head_malformed_; }
  // Whether the request's deadline passed after some of it came (the head ended there).
  bool timed_out() const { return timed_out_; }

  // Called as each request begins: its deadline (`time` to arrive whole) and byte budget start now.
  void start_request(Clock::duration time) {
    deadline_ = Clock::now() + time;
    received_ = 0;
    in_head_ = true;
    head_bytes_ = 0;
    line_bytes_ = 0;
    line_start_.clear();
    lines_ = 0;
    previous_ = 0;
    head_too_large_ = head_malformed_ = timed_out_ = false;
    ending_ = nullptr;
  }

  bool is_readable() const override { return ending_ != nullptr || start_ < end_ || wait(POLLIN, remaining()); }
  bool is_writable() const override { return wait(POLLOUT, write_timeout_); }

  ssize_t read(char* ptr, std::size_t size) override {
    if (size == 0) return 0;
    if (ending_ != nullptr) return give_ending(ptr);
    if (!in_head_ && (head_too_large_ || head_malformed_ || timed_out_)) return -1;  // nothing after a cut head
    if (start_ == end_ && !fill()) {
      // Out of time with part of the head read: answered 408 (RFC 9110 15.5.9), not dropped.
      if (timed_out_ && in_head_ && head_bytes_ > 0) return end_head(ptr);
      return exhausted_ ? -1 : 0;
    }
    if (!in_head_) {
      const std::size_t n = std::min(size, end_ - start_);
      std::copy(buffer_ + start_, buffer_ + start_ + n, ptr);
      start_ += n;
      return static_cast<ssize_t>(n);
    }
    if (head_bytes_ >= limits_.max_header_bytes) {
      head_too_large_ = true;
      return end_head(ptr);
    }
    const char byte = buffer_[start_++];
    *ptr = byte;
    ++head_bytes_;
    watch(byte);
    return 1;
  }

  ssize_t write(const char* ptr, std::size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n;
    do {
      n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { address(::getpeername, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { address(::getsockname, ip, port); }
  int socket() const override { return sock_; }

  // Whether the client sent bytes beyond what was read (a pipelined request, or an unread body).
  bool has_buffered() const { return start_ < end_; }

 private:
  // Reads more from the socket into the buffer; false at end of input, error, deadline or budget.
  bool fill() {
    if (received_ >= limits_.max_header_bytes + limits_.max_body_bytes) {
      exhausted_ = true;  // over the byte budget
      return false;
    }
    // wait() polls 60 s at most at a time: a --request-timeout over 60 s waits again.
    bool readable = false;
    while (true) {
      const bool longer = remaining() > std::chrono::seconds(60);
      readable = wait(POLLIN, remaining());
      if (readable || !longer) break;
    }
    if (!readable) {
      exhausted_ = true;
      timed_out_ = Clock::now() >= deadline_;  // else a failed poll
      return false;
    }
    ssize_t n;
    do {
      n = ::recv(sock_, buffer_, sizeof buffer_, 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) {
      exhausted_ = n < 0;
      return false;
    }
    received_ += static_cast<std::size_t>(n);
    start_ = 0;
    end_ = static_cast<std::size_t>(n);
    return true;
  }

  // Follows the head's lines: malformed bytes, and the empty line that ends it.
  void watch(char byte) {
    const auto c = static_cast<unsigned char>(byte);
    const bool bare_lf = byte == '\n' && previous_ != '\r';
    const bool bare_cr = previous_ == '\r' && byte != '\n';
    const bool control = (c < 0x20 && byte != '\t' && byte != '\r' && byte != '\n') || c == 0x7f;
    // A header line opening with a space or tab continues the one before (obsolete folding,
    // RFC 9112 5.2): refused, as a front joining it would read another head than httplib does.
    const bool folded = lines_ > 0 && line_bytes_ == 0 && (byte == ' ' || byte == '\t');
    previous_ = byte;
    if (bare_lf || bare_cr || control || folded) {
      head_malformed_ = true;
      ending_ = kEnding;  // httplib reads no further into this head
      return;
    }
    ++line_bytes_;
    if (byte != '\n') {
      if (line_start_.size() < kLineStart) line_start_ += static_cast<char>(std::tolower(c));
      return;
    }
    // An empty line after the request line ends the head; an empty first line is httplib's to refuse.
    if (line_bytes_ == 2 && lines_ > 0) in_head_ = false;
    if (lines_ > 0 && empty_framing_field(line_start_)) head_malformed_ = true;
    ++lines_;
    line_bytes_ = 0;
    line_start_.clear();
  }

  // "Content-Length:" or "Transfer-Encoding:" with no value: httplib drops the field, so its body
  // would be read as the next request, where a front may frame it otherwise.
  static bool empty_framing_field(const std::string& line) {
    for (const std::string_view name : {"content-length:", "transfer-encoding:"}) {
      if (line.starts_with(name) && line.find_first_not_of(" \t\r", name.size()) == std::string::npos) return true;
    }
    return false;
  }

  ssize_t end_head(char* ptr) {
    exhausted_ = true;  // the rest of this head is never read: the connection cannot go on
    ending_ = kEnding;
    return give_ending(ptr);
  }

  // One byte of the "\r\n\r\n" that ends a cut head (ends the line read, then the head).
  ssize_t give_ending(char* ptr) {
    *ptr = *ending_++;
    exhausted_ = true;
    watch_ending(*ptr);
    if (*ending_ == '\0' || !in_head_) ending_ = nullptr;
    return 1;
  }

  void watch_ending(char byte) {
    ++line_bytes_;
    if (byte != '\n') return;
    if (line_bytes_ == 2 && lines_ > 0) in_head_ = false;
    ++lines_;
    line_bytes_ = 0;
  }

  Clock::duration remaining() const { return std::max(Clock::duration::zero(), deadline_ - Clock::now()); }

  bool wait(short events, Clock::duration timeout) const {
    pollfd fd{sock_, events, 0};
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
    int n;
    do {
      n = ::poll(&fd, 1, static_cast<int>(std::min<long long>(ms, 60'000)));
    } while (n < 0 && errno == EINTR);
    return n > 0 && (fd.revents & (events | POLLHUP)) != 0;
  }

  template <class Query>
  void address(Query query, std::string& ip, int& port) const {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ip.clear();
    port = 0;
    if (query(sock_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return;
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
      const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
      ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
      port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
      ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
      port = ntohs(a->sin6_port);
    }
    ip = text;
  }

  static constexpr const char* kEnding = "\r\n\r\n";

  int sock_;
  const RequestLimits& limits_;
  std::chrono::seconds write_timeout_;
  Clock::time_point deadline_{};
  std::size_t received_ = 0;
  bool exhausted_ = false;
  char buffer_[4096];
  std::size_t start_ = 0, end_ = 0;
  // The head as read so far.
  bool in_head_ = true;
  std::size_t head_bytes_ = 0, line_bytes_ = 0, lines_ = 0;
  char previous_ = 0;
  static constexpr std::size_t kLineStart = 40;
  std::string line_start_;  // the current head line's first kLineStart bytes, lower case
  bool head_too_large_ = false, head_malformed_ = false, timed_out_ = false;
  const char* ending_ = nullptr;  // the rest of "\r\n\r\n" to give, when the head was cut
};

namespace {

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// RFC 9110 5.1: a field name is a token. httplib keeps whatever comes before the colon, spaces
// included: "Transfer-Encoding : chunked" would be a header no rule here looks at, while a front
// proxy may read it as chunked.
bool token(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
  });
}

constexpr std::size_t kHeadersAddedByHttplib = 4;  // REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR, LOCAL_PORT

// What the head read says about the request, in order of precedence.
Refusal judge(const httplib::Request& req, const RequestStream& stream, const RequestLimits& limits) {
  // A head cut by its deadline may look malformed (no Host yet): the time is what ended it.
  if (stream.timed_out()) return Refusal::timed_out;
  if (stream.head_too_large()) return Refusal::head_too_large;
  if (stream.head_malformed()) return Refusal::malformed_head;
  if (req.headers.size() > limits.max_header_lines + kHeadersAddedByHttplib) return Refusal::too_many_lines;
  for (const auto& [name, value] : req.headers) {
    if (!token(name)) return Refusal::malformed_head;
  }
  if (req.headers.count("Host") > 1 || (req.version == "HTTP/1.1" && !req.has_header("Host"))) {
    return Refusal::malformed_head;
  }
  const std::size_t lengths = req.headers.count("Content-Length");
  const bool chunked = req.has_header("Transfer-Encoding");
  if (lengths > 1 || (lengths == 1 && chunked) || (lengths == 1 && !all_digits(req.get_header_value("Content-Length"))) ||
      req.headers.count("Transfer-Encoding") > 1 || (chunked && req.get_header_value("Transfer-Encoding") != "chunked")) {
    return Refusal::ambiguous_framing;
  }
  if (req.method != "GET" && req.method != "HEAD") return Refusal::method_not_allowed;
  // httplib reads no body for GET: whatever follows the head would be read as the next request.
  if (chunked || (lengths == 1 && req.get_header_value("Content-Length").find_first_not_of('0') != std::string::npos)) {
    return Refusal::body_not_allowed;
  }
  return Refusal::none;
}

// The checks between reading a request's head and routing it; drops Range: every answer is whole
// (a JSON answer in 2,700 parts of multipart is a denial of service, not a feature).
void check(httplib::Request& req, const RequestStream& stream, const RequestLimits& limits, bool& closed) {
  req.headers.erase(kRefusalHeader);
  req.headers.erase(kCheckedHeader);
  req.headers.erase("Range");
  req.ranges.clear();
  const Refusal refusal = judge(req, stream, limits);
  req.set_header(kCheckedHeader, "1");
  if (refusal == Refusal::none) return;
  // The body was not read and its end is uncertain: the connection cannot carry another request.
  closed = true;
  req.headers.erase("Expect");  // no "100 Continue" for a body that will not be read
  req.headers.erase("Connection");
  req.set_header("Connection", "close");
  req.set_header(kRefusalHeader, std::to_string(static_cast<int>(refusal)));
}

// httplib's fixed thread pool, counting the connections waiting for a worker.
class CountingPool : public httplib::TaskQueue {
 public:
  CountingPool(std::size_t threads, std::atomic<int>& waiting) : pool_(threads), waiting_(waiting) {}

  void enqueue(std::function<void()> fn) override {
    ++waiting_;
    pool_.enqueue([this, fn = std::move(fn)] {
      --waiting_;
      fn();
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
  std::atomic<int>& waiting_;
};

// Reads and drops what the client still sends after the answer to a refused request, for a
// moment, before the socket is closed: closing with unread input makes the kernel reset the
// connection, and the client may lose the answer it was sent.
void drain(int sock) {
  const auto until = Clock::now() + std::chrono::milliseconds(500);
  std::size_t dropped = 0;
  char buffer[4096];
  while (Clock::now() < until && dropped < 1024 * 1024) {
    pollfd fd{sock, POLLIN, 0};
    if (::poll(&fd, 1, 50) <= 0) continue;
    const ssize_t n = ::recv(sock, buffer, sizeof buffer, 0);
    if (n <= 0) return;
    dropped += static_cast<std::size_t>(n);
  }
}

}  // namespace

RefusalAnswer answer_for(Refusal refusal) {
  switch (refusal) {
    case Refusal::head_too_large: return {431, "headers_too_large", "the request line and headers exceed 32 KiB"};
    case Refusal::too_many_lines: return {431, "headers_too_large", "too many header lines"};
    case Refusal::malformed_head: return {400, "bad_request", "the request line or headers are malformed"};
    case Refusal::ambiguous_framing:
      return {400, "bad_request", "conflicting or malformed Content-Length / Transfer-Encoding"};
    case Refusal::body_not_allowed: return {400, "bad_request", "a GET or HEAD request carries no body"};
    case Refusal::method_not_allowed: return {405, "method_not_allowed", "only GET is served"};
    case Refusal::timed_out:
      return {408, "request_timeout", "the request did not arrive whole in time; send it again at once"};
    case Refusal::none: break;
  }
  return {400, "bad_request", "bad request"};
}

void BoundedServer::set_workers(int threads) {
  new_task_queue = [this, threads] { return new CountingPool(static_cast<std::size_t>(threads), waiting_); };
}

void BoundedServer::widen_backlog() const {
  if (::listen(svr_sock_, limits_.listen_backlog) != 0) {
    throw std::runtime_error(std::string("cannot set the listen backlog: ") + std::strerror(errno));
  }
}

Refusal BoundedServer::refusal_of(const httplib::Request& req) {
  const std::string value = req.get_header_value(kRefusalHeader);
  if (value.empty()) return Refusal::none;
  return static_cast<Refusal>(std::stoi(value));
}

std::string BoundedServer::client_address() const {
  std::lock_guard lock(serving_mutex_);
  const auto it = serving_.find(std::this_thread::get_id());
  if (it == serving_.end()) return "";
  std::string ip;
  int port = 0;
  it->second->get_remote_ip_and_port(ip, port);
  return ip;
}

bool BoundedServer::request_timed_out() const {
  std::lock_guard lock(serving_mutex_);
  const auto it = serving_.find(std::this_thread::get_id());
  return it != serving_.end() && it->second->timed_out();
}

bool BoundedServer::keeps_connection(const httplib::Request& req) {
  const std::string connection = req.get_header_value("Connection");
  return req.get_header_value(kCheckedHeader) == "1" && !req.has_header(kRefusalHeader) && connection != "close" &&
         (req.version != "HTTP/1.0" || connection == "Keep-Alive");
}

// httplib 0.11's own connection loop, with RequestStream in place of its socket stream and the
// checks above between reading the head and routing. process_request is httplib's (protected)
// request handling; process_and_close_socket is the virtual it calls per connection.
bool BoundedServer::process_and_close_socket(int sock) {
  // Answers go out at once (set here too: this loop replaces httplib's own per-connection code).
  const int one = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  RequestStream stream(sock, limits_, std::chrono::seconds(5));
  // Known to this thread's answers (client_address, request_timed_out) while it serves the connection.
  struct Serving {
    BoundedServer& server;
    Serving(BoundedServer& s, const RequestStream& stream) : server(s) {
      std::lock_guard lock(server.serving_mutex_);
      server.serving_[std::this_thread::get_id()] = &stream;
    }
    ~Serving() {
      std::lock_guard lock(server.serving_mutex_);
      server.serving_.erase(std::this_thread::get_id());
    }
  } serving(*this, stream);
  const auto end_of_life = Clock::now() + limits_.connection_lifetime;
  bool cut = false;  // ended in the middle of a request: the client may still be sending
  for (std::size_t served = 0; served < kMaxRequestsPerConnection && svr_sock_ != INVALID_SOCKET; ++served) {
    // The first request is waited for like any other; between requests the worker is given up
    // as soon as another connection waits for one. Not at the end of the connection's life: the
    // answer before promised keep_alive_seconds, and the next request, if any, is told the
    // connection ends (`last`), not closed on unanswered.
    if (!stream.has_buffered() && !idle_wait(sock, served > 0)) break;
    // Contended (another connection waits for a worker): a kept-alive connection gets one more
    // request, which must arrive whole within the keep-alive time, and is then closed, going to
    // the back of the queue. A client sending slow requests back to back never idles, and would
    // otherwise hold its worker for the connection's whole life.
    const bool contended = served > 0 && waiting_.load() > 0;
    const auto keep_alive = std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(limits_.keep_alive_seconds));
    const auto request_time = std::chrono::duration_cast<Clock::duration>(limits_.request_timeout);
    stream.start_request(contended ? std::min(keep_alive, request_time) : request_time);
    bool closed = false, checked = false;
    const bool last = contended || served + 1 == kMaxRequestsPerConnection || Clock::now() >= end_of_life ||
                      svr_sock_ == INVALID_SOCKET;
    const bool ok = process_request(stream, last, closed, [&](httplib::Request& req) {
      checked = true;
      check(req, stream, limits_, closed);
    });
    // Unchecked: httplib refused the request line or head itself, and its end is uncertain.
    cut = !ok || !checked || closed || stream.exhausted();
    if (cut || last) break;
  }
  ::shutdown(sock, SHUT_WR);
  // Unread input (a refused body, the next request of a client closed on) would make the close a
  // reset, losing the answer just sent.
  if (cut || stream.has_buffered()) drain(sock);
  ::close(sock);
  return true;
}

// Waits for the next request on a kept-alive connection. Gives up at stop(), after the keep-alive
// time, and as soon as another connection waits for a worker: a client sending a request every
// keep-alive period would otherwise hold its worker for ever.
bool BoundedServer::idle_wait(int sock, bool yield) const {
  const auto until = Clock::now() + std::chrono::seconds(limits_.keep_alive_seconds);
  while (true) {
    pollfd fd{sock, POLLIN, 0};
    const int n = ::poll(&fd, 1, 20);
    if (n > 0) return true;  // a request already sent is served, whoever waits
    if (n < 0 && errno != EINTR) return false;
    if (svr_sock_ == INVALID_SOCKET || Clock::now() >= until || (yield && waiting_.load() > 0)) return false;
  }
}

}  // namespace palermo
