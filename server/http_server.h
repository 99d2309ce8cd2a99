// The HTTP face of the search library: the API of shared/design/api.md and the browser page.
// Handlers turn a request into a typed call on a Searcher from the pool and serialise its typed
// result; every failure becomes the contract's JSON error and the server keeps serving.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "searcher/searcher_pool.h"

namespace palermo {

// Bounds on what one client may make the server hold. cpp-httplib 0.11 (Debian 12) bounds each
// read, not a whole request, and neither the number of header lines nor the listen backlog; the
// server enforces these itself (server/bounded_server.h), and lets a kept-alive connection idle
// only while no other connection waits for a worker.
struct RequestLimits {
  std::chrono::milliseconds request_timeout{10000};  // request line, headers and body must all arrive within
  std::size_t max_header_bytes = 32 * 1024;           // request line and headers together
  std::size_t max_header_lines = 100;
  std::size_t max_body_bytes = 64 * 1024;             // GET only: a body is never needed
  int listen_backlog = 1024;                           // connections waiting to be accepted (kernel caps at somaxconn)
  int keep_alive_seconds = 2;                          // idle time allowed between requests on a connection
  std::chrono::seconds connection_lifetime{60};        // a kept-alive connection is closed after this
  std::size_t max_answer_bytes = 16 * 1024 * 1024;     // one answer's body; larger ones are a 500 answer_too_large
};

enum class AccessLogFormat {
  text,  // "2026-01-01T10:00:00Z 127.0.0.1 GET /api/search 200 12.3ms"
  json,  // one JSON object per line: time, client, method, path, route, status, ms
};

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 8080;                 // 0: any free port (see HttpServer::bind)
  int threads = 16;                // fixed worker pool; one connection per worker at a time
  std::filesystem::path web_dir;   // the page's files (index.html, scripts, styles)
  RequestLimits limits;
  AccessLogFormat access_log_format = AccessLogFormat::text;
};

class HttpServer {
 public:
  // `pool` and `access_log` must outlive the server; one line per request goes to access_log.
  HttpServer(SearcherPool& pool, const ServerOptions& options, std::ostream& access_log);
  ~HttpServer();

  // Binds the listening socket and returns its port. Throws std::runtime_error if it cannot.
  int bind();

  // Serves until stop() is called. Precondition: bind() succeeded.
  void serve();

  // Safe from any thread: serve() returns once the requests in flight are answered.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace palermo
