// The connection loop of the HTTP server with the bounds cpp-httplib 0.11 (Debian 12) lacks.
// Private to server/: http_server.cpp builds on it.
//
// Per request: the request line and headers (the head) must arrive within
// RequestLimits::request_timeout (else 408) and RequestLimits::max_header_bytes, with at most
// max_header_lines lines; a head that is malformed (a bare LF or CR, a control character, a
// header name that is not a token, as in "Transfer-Encoding : chunked"), framed ambiguously (two
// Content-Lengths, Content-Length with Transfer-Encoding), carrying a body on GET or HEAD (read by
// httplib as the next request: request smuggling), or using any method but GET and HEAD is
// refused before routing, and its connection closed. So is a request httplib refuses itself (a
// malformed request line, an address over 8 KiB).
// Per connection: idle at most keep_alive_seconds, at most kMaxRequestsPerConnection requests, no
// request begun after connection_lifetime; never idle while another connection waits for a
// worker, and while one waits, a kept-alive connection is given one more request (to arrive within
// keep_alive_seconds) and then closed. A connection the server ends after a request (its last
// allowed, a refusal, a time out) is ended by that answer's `Connection: close`; it closes one
// silently only while it is idle (keep-alive time over, another connection waiting, stop()).
#pragma once

#include <httplib.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

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
  timed_out,           // 408: the head did not arrive whole within RequestLimits::request_timeout
};

struct RefusalAnswer {
  int status;
  const char* code;     // the JSON error code
  const char* message;  // the JSON error message
};
RefusalAnswer answer_for(Refusal refusal);

class RequestStream;  // bounded_server.cpp: a connection's socket as httplib reads it

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

  // Of the connection the calling thread serves, for the answers httplib makes before a request is
  // parsed (a malformed request line or header line, an address over 8 KiB), whose Request holds
  // no client address and never met refusal_of's checks. Called while answering (in a handler, the
  // error handler or the post-routing hook); on any other thread: "" and false.
  // The client's address, as httplib::Request::remote_addr holds it once a request is parsed.
  std::string client_address() const;
  // Whether the request being answered ran out of RequestLimits::request_timeout (answered 408).
  bool request_timed_out() const;

 private:
  bool process_and_close_socket(int sock) override;
  bool idle_wait(int sock, bool yield) const;

  const RequestLimits limits_;
  // Connections accepted and not yet taken by a worker: while any wait, an idle kept-alive
  // connection is closed to free its worker.
  std::atomic<int> waiting_{0};
  // The stream of each connection being served, by the worker thread serving it.
  mutable std::mutex serving_mutex_;
  std::unordered_map<std::thread::id, const RequestStream*> serving_;
};

}  // namespace palermo
