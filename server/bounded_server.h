// The connection loop of the HTTP server with the bounds cpp-httplib 0.11 (Debian 12) lacks.
// Private to server/: http_server.cpp builds on it.
//
// Per request: the request line and headers (the head) must arrive within
// RequestLimits::request_timeout and RequestLimits::max_header_bytes, with at most
// max_header_lines lines; a head that is malformed (a bare LF or CR, a control character, a
// header name that is not a token, as in "Transfer-Encoding : chunked"), framed ambiguously (two
// Content-Lengths, Content-Length with Transfer-Encoding), carrying a body on GET or HEAD (read by
// httplib as the next request: request smuggling), or using any method but GET and HEAD is
// refused before routing, and its connection closed. So is a request httplib refuses itself (a
// malformed request line, an address over 8 KiB).
// Per connection: idle at most keep_alive_seconds, at most kMaxRequestsPerConnection requests,
// at most connection_lifetime; never idle while another connection waits for a worker, and while
// one waits, a kept-alive connection is given one more request (to arrive within
// keep_alive_seconds) and then closed.
#pragma once

#include <httplib.h>

#include <atomic>

#include "server/http_server.h"

namespace palermo {

// Why a request was refused before routing.
enum class Refusal {
  none,
  head_too_large,      // 431: request line and headers over max_header_bytes
  too_many_lines,      // 431: over max_header_lines
  malformed_head,      // 400: bare LF or CR, control character, header name not a token, no or two Hosts
  ambiguous_framing,   // 400: Content-Length and Transfer-Encoding that two readers could read differently
  body_not_allowed,    // 400: GET or HEAD with a body
  method_not_allowed,  // 405: anything but GET and HEAD (answered at once, the body never read)
};

struct RefusalAnswer {
  int status;
  const char* code;     // the JSON error code
  const char* message;  // the JSON error message
};
RefusalAnswer answer_for(Refusal refusal);

class BoundedServer : public httplib::Server {
 public:
  static constexpr std::size_t kMaxRequestsPerConnection = 100;

  explicit BoundedServer(const RequestLimits& limits) : limits_(limits) {}

  // A fixed pool of `threads` workers, one connection each at a time.
  void set_workers(int threads);

  // httplib listens with a backlog of 5: 200 clients at once overflow it and wait for SYN
  // retries. Listening again on a listening socket sets the new backlog (Linux). Throws
  // std::runtime_error if it cannot.
  void widen_backlog() const;

  // The refusal decided while `req`'s head was read (Refusal::none: route it).
  static Refusal refusal_of(const httplib::Request& req);

  // Whether the connection may carry another request after `req`'s answer. False for refusals
  // and for requests httplib refused before the head was checked.
  static bool keeps_connection(const httplib::Request& req);

 private:
  bool process_and_close_socket(int sock) override;
  bool idle_wait(int sock, std::chrono::steady_clock::time_point end_of_life, bool yield) const;

  const RequestLimits limits_;
  // Connections accepted and not yet taken by a worker: while any wait, an idle kept-alive
  // connection is closed to free its worker.
  std::atomic<int> waiting_{0};
};

}  // namespace palermo
