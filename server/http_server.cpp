#include "server/http_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <stdexcept>

#include "searcher/result_export.h"
#include "searcher/result_json.h"
#include "server/metrics.h"
#include "server/search_params.h"
#include "server/static_files.h"

namespace palermo {
namespace {

using Clock = std::chrono::steady_clock;
// Handlers report their time in a Server-Timing header, which the access log reads back.
constexpr std::string_view kTimingPrefix = "app;dur=";

// The one mapping from search failures to HTTP statuses.
int http_status(SearchError::Code code) {
  switch (code) {
    case SearchError::Code::bad_query: return 400;
    case SearchError::Code::too_long: return 414;
    case SearchError::Code::not_found: return 404;
    case SearchError::Code::no_index:
    case SearchError::Code::incompatible_index:
    case SearchError::Code::shard_unavailable: return 503;
  }
  return 500;
}

struct StatusError {
  const char* code;
  const char* message;
};

// Error bodies for failures httplib detects before any handler runs, and for unrouted paths.
StatusError status_error(int status) {
  switch (status) {
    case 400: return {"bad_request", "the request is malformed"};
    case 404: return {"not_found", "nothing here"};
    case 405: return {"method_not_allowed", "only GET is served"};
    case 413: return {"payload_too_large", "the request body is too large"};
    case 414: return {"uri_too_long", "the address is too long; shorten the query"};
    case 416: return {"range_not_satisfiable", "ranges are not served"};
    case 431: return {"headers_too_large", "the request headers are too large"};
    case 503: return {"unavailable", "the server is not ready"};
    default: return status >= 500 ? StatusError{"internal", "internal error"} : StatusError{"bad_request", "bad request"};
  }
}

std::string milliseconds(Clock::duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", std::chrono::duration<double, std::milli>(d).count());
  return text;
}

// Stored text is valid UTF-8, but an error message may echo bytes a client sent.
std::string dump(const nlohmann::json& body) { return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-cache");
  res.set_content(dump(body), "application/json; charset=utf-8");
}

// `file_name`: letters, digits, "-" and "." only (export_file_name), so it needs no quoting rules.
void send_download(httplib::Response& res, std::string body, const char* mime_type, const std::string& file_name) {
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  res.set_content(std::move(body), mime_type);
}

// The address the client used for this server, for links in exports and feeds. Only a Host that
// looks like a host name or address (and port) is used; anything else gives the loopback name.
// Behind the TLS front (packaging/nginx-palermo.conf sets X-Forwarded-Proto), links are https:
// the header can only change the links of the asker's own download, so any client may set it.
std::string base_url(const httplib::Request& req) {
  const std::string host = req.get_header_value("Host");
  const bool plain = !host.empty() && host.size() < 256 && host.find_first_not_of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == std::string::npos;
  const std::string scheme = req.get_header_value("X-Forwarded-Proto") == "https" ? "https" : "http";
  return scheme + "://" + (plain ? host : std::string("localhost"));
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  send_json(res, status, error_json(code, message));
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// The page's own files only; the security policy forbids inline and foreign scripts, so text that
// slipped past escaping still could not run.
constexpr const char* kPagePolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

// One connection's socket as httplib reads requests from it, with the bounds httplib 0.11 lacks:
// the whole request (line, headers, body) must arrive before a deadline, not just each read, and
// within a byte budget. A client sending one header line every 2 s, or 100,000 header lines,
// loses its connection instead of holding a worker.
class RequestStream : public httplib::Stream {
 public:
  RequestStream(int sock, const RequestLimits& limits, std::chrono::seconds write_timeout)
      : sock_(sock), limits_(limits), write_timeout_(write_timeout) {}

  // Whether the request ran out of time or bytes: the connection must end, whatever was answered.
  bool exhausted() const { return exhausted_; }

  // Called as each request begins: its deadline and byte budget start now.
  void start_request() {
    deadline_ = Clock::now() + limits_.request_timeout;
    received_ = 0;
  }

  bool is_readable() const override { return start_ < end_ || wait(POLLIN, remaining()); }
  bool is_writable() const override { return wait(POLLOUT, write_timeout_); }

  ssize_t read(char* ptr, std::size_t size) override {
    if (start_ == end_) {
      if (received_ >= limits_.max_header_bytes + limits_.max_body_bytes || Clock::now() >= deadline_ ||
          !wait(POLLIN, remaining())) {
        exhausted_ = true;  // over the byte budget, or past the deadline
        return -1;
      }
      ssize_t n;
      do {
        n = ::recv(sock_, buffer_, sizeof buffer_, 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      received_ += static_cast<std::size_t>(n);
      start_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, end_ - start_);
    std::copy(buffer_ + start_, buffer_ + start_ + n, ptr);
    start_ += n;
    return static_cast<ssize_t>(n);
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

  int sock_;
  const RequestLimits& limits_;
  std::chrono::seconds write_timeout_;
  Clock::time_point deadline_{};
  std::size_t received_ = 0;
  bool exhausted_ = false;
  char buffer_[4096];
  std::size_t start_ = 0, end_ = 0;
};

// A refusal decided while the request's headers are read, answered before routing. The marker
// header is set only by the server (a client's own copy is dropped first).
constexpr const char* kRefusalHeader = "X-Palermo-Refusal";

bool all_digits(const std::string& s) {
  return !s.empty() && s.size() <= 18 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// httplib 0.11's own connection loop, with RequestStream in place of its socket stream and the
// request checks below between reading the headers and routing. process_request is httplib's
// (protected) request handling; process_and_close_socket is the virtual it calls per connection.
class BoundedServer : public httplib::Server {
 public:
  explicit BoundedServer(const RequestLimits& limits) : limits_(limits) {}

  // httplib listens with a backlog of 5: 200 clients at once overflow it and wait for SYN
  // retries. Listening again on a listening socket sets the new backlog (Linux).
  void widen_backlog() const {
    if (::listen(svr_sock_, limits_.listen_backlog) != 0) {
      throw std::runtime_error(std::string("cannot set the listen backlog: ") + std::strerror(errno));
    }
  }

 private:
  bool process_and_close_socket(int sock) override {
    // Answers go out at once (set here too: this loop replaces httplib's own per-connection code).
    const int one = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    RequestStream stream(sock, limits_, std::chrono::seconds(5));
    for (std::size_t served = 0; served < kMaxRequestsPerConnection && svr_sock_ != INVALID_SOCKET; ++served) {
      if (!stream.has_buffered() && !idle_wait(sock)) break;
      stream.start_request();
      bool closed = false;
      const bool last = served + 1 == kMaxRequestsPerConnection;
      const bool ok = process_request(stream, last, closed, [&](httplib::Request& req) { check(req, closed); });
      if (!ok || closed || stream.exhausted()) break;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return true;
  }

  // Waits for the next request on a kept-alive connection, giving up at stop() or after the
  // keep-alive time.
  bool idle_wait(int sock) const {
    const auto until = Clock::now() + std::chrono::seconds(limits_.keep_alive_seconds);
    while (svr_sock_ != INVALID_SOCKET && Clock::now() < until) {
      pollfd fd{sock, POLLIN, 0};
      const int n = ::poll(&fd, 1, 100);
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) return false;
    }
    return false;
  }

  // Refuses what a front proxy and this server could read differently (request smuggling), too
  // many header lines, and drops Range: every answer is whole (a JSON answer in 2,700 parts of
  // multipart is a denial of service, not a feature).
  void check(httplib::Request& req, bool& closed) const {
    req.headers.erase(kRefusalHeader);
    req.headers.erase("Range");
    req.ranges.clear();
    const std::size_t lengths = req.headers.count("Content-Length");
    const bool chunked = req.has_header("Transfer-Encoding");
    std::string refusal;
    if (lengths > 1 || (lengths == 1 && chunked) || (lengths == 1 && !all_digits(req.get_header_value("Content-Length"))) ||
        req.headers.count("Transfer-Encoding") > 1 || (chunked && req.get_header_value("Transfer-Encoding") != "chunked")) {
      refusal = "400";
    } else if (req.headers.size() > limits_.max_header_lines + kHeadersAddedByHttplib) {
      refusal = "431";
    }
    if (refusal.empty()) return;
    // The body was not read and its end is uncertain: the connection cannot carry another request.
    closed = true;
    req.set_header("Connection", "close");
    req.set_header(kRefusalHeader, refusal);
  }

  static constexpr std::size_t kMaxRequestsPerConnection = 100;
  static constexpr std::size_t kHeadersAddedByHttplib = 4;  // REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR, LOCAL_PORT
  const RequestLimits limits_;
};

}  // namespace

struct HttpServer::Impl {
  Impl(SearcherPool& p, const ServerOptions& o, std::ostream& log)
      : pool(p), options(o), access_log(log), web(o.web_dir), http(o.limits) {}

  // Details of a failure go to the operator's log, never to the client: no server paths, no
  // Xapian internals in a response.
  void log_failure(const std::string& what) {
    std::lock_guard lock(log_mutex);
    access_log << utc_now() << " error: " << what << "\n" << std::flush;
  }

  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  // Wraps a handler: maps exceptions to JSON errors once, and records the time taken for the log.
  Handler guarded(Handler handler) {
    return [this, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
      const auto start = Clock::now();
      try {
        handler(req, res);
      } catch (const SearchError& e) {
        if (e.code() == SearchError::Code::no_index || e.code() == SearchError::Code::incompatible_index) {
          log_failure(e.what());  // names the index folder
          send_error(res, http_status(e.code()), e.code_name(),
                     e.code() == SearchError::Code::no_index ? "no index is available yet; try again later"
                                                             : "the index must be rebuilt; try again later");
        } else {
          send_error(res, http_status(e.code()), e.code_name(), e.what());
        }
      } catch (const Xapian::Error& e) {
        log_failure(req.path + ": " + e.get_description());
        send_error(res, 500, "internal", "the index could not be read; the failure is logged for the operator");
      } catch (const std::exception& e) {
        log_failure(req.path + ": " + e.what());
        send_error(res, 500, "internal", "internal error; the failure is logged for the operator");
      }
      res.set_header("Server-Timing", std::string(kTimingPrefix) + milliseconds(Clock::now() - start));
    };
  }

  void serve_page(httplib::Response& res) {
    const StaticFile* page = web.find("index.html");
    if (page == nullptr) {
      log_failure("no index.html in " + options.web_dir.string());
      throw SearchError(SearchError::Code::not_found, "the browser page is not installed");
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_header("Content-Security-Policy", kPagePolicy);
    res.set_content(page->content, page->mime_type);
  }

  // All routes, in one place.
  void register_routes() {
    http.Get("/api/search", guarded([this](const httplib::Request& req, httplib::Response& res) {
      SearchCall call = parse_search_call(req.params);
      switch (call.format) {
        case ResultFormat::json:
          send_json(res, 200, pool.run([&](Searcher& s) { return to_json(s.search(call.request)); }));
          return;
        case ResultFormat::csv:
          send_download(res, pool.run([&](Searcher& s) { return to_csv(collect_export(s, call.request), base_url(req)); }),
                        "text/csv; charset=utf-8", export_file_name(call.request, "csv"));
          return;
        case ResultFormat::word:
          send_download(res, pool.run([&](Searcher& s) { return to_word_html(collect_export(s, call.request), base_url(req)); }),
                        "application/msword", export_file_name(call.request, "doc"));
          return;
        case ResultFormat::atom: {
          // A feed follows what is new: newest documents first, whatever the address asked.
          call.request.sort = SortOrder::date;
          call.request.group = Grouping::paragraphs;
          call.request.page = 1;
          call.request.size = kFeedEntries;
          const std::string self = base_url(req) + req.target;
          res.set_header("Cache-Control", "no-cache");
          res.set_content(pool.run([&](Searcher& s) { return to_atom(s.search(call.request), base_url(req), self); }),
                          "application/atom+xml; charset=utf-8");
          return;
        }
      }
    }));
    http.Get(R"(/api/paragraphs/([^/]+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
      const std::string ui = parse_ui_param(req.params);
      const std::string id = req.matches[1];
      send_json(res, 200, pool.run([&](Searcher& s) { return to_json(s.paragraph(id, ui)); }));
    }));
    http.Get(R"(/api/documents/([^/]+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
      const std::string ui = parse_ui_param(req.params);
      const std::string doc = req.matches[1];
      send_json(res, 200, pool.run([&](Searcher& s) { return to_json(s.document(doc, ui)); }));
    }));
    http.Get("/api/suggest", guarded([this](const httplib::Request& req, httplib::Response& res) {
      const std::string prefix = parse_suggest_params(req.params);
      send_json(res, 200, pool.run([&](Searcher& s) { return to_json(s.suggest(prefix)); }));
    }));
    // Healthy only if a search runs: an index can open and count its documents while every
    // search on it fails (a damaged posting list).
    http.Get("/api/health", guarded([this](const httplib::Request&, httplib::Response& res) {
      nlohmann::json health;
      try {
        health = pool.run([](Searcher& s) {
          nlohmann::json j = to_json(s.stats());
          // Answering without a shard that is down (serve --on-shard-down partial): say which.
          if (!s.missing_shards().empty()) {
            j["status"] = "partial";
            j["missing_shards"] = s.missing_shards();
          }
          return j;
        });
        SearchRequest probe;
        probe.size = 1;
        pool.run([&](Searcher& s) { return s.search(probe).total; });
      } catch (const Xapian::Error& e) {
        log_failure("health: the index cannot be searched: " + e.get_description());
        health["status"] = "failing";
        health["error"] = error_json("search_fails", "searching the index fails; the failure is logged for the operator")["error"];
        return send_json(res, 503, health);
      }
      send_json(res, 200, health);
    }));
    // Prometheus text format: the request counters, and the index as it is now.
    http.Get("/metrics", guarded([this](const httplib::Request&, httplib::Response& res) {
      std::string text = metrics.exposition();
      text += "# HELP palermo_index_up Whether the index can be opened (1) or not (0).\n# TYPE palermo_index_up gauge\n";
      try {
        const IndexStats stats = pool.run([](Searcher& s) { return s.stats(); });
        text += "palermo_index_up 1\n";
        text += "# HELP palermo_index_revision Revision of the index being served.\n# TYPE palermo_index_revision gauge\n";
        text += "palermo_index_revision " + std::to_string(stats.revision) + "\n";
        text += "# HELP palermo_index_paragraphs Paragraphs in the index.\n# TYPE palermo_index_paragraphs gauge\n";
        text += "palermo_index_paragraphs " + std::to_string(stats.paragraphs) + "\n";
        text += "# HELP palermo_index_documents Documents in the index.\n# TYPE palermo_index_documents gauge\n";
        text += "palermo_index_documents " + std::to_string(stats.documents) + "\n";
      } catch (const SearchError&) {
        text += "palermo_index_up 0\n";
      } catch (const Xapian::Error&) {
        text += "palermo_index_up 0\n";
      }
      std::uintmax_t bytes = 0;
      std::error_code ec;
      for (const auto& entry : std::filesystem::directory_iterator(pool.db(), ec)) {
        if (entry.is_regular_file(ec)) bytes += entry.file_size(ec);
      }
      text += "# HELP palermo_index_size_bytes Size of the index folder on disk.\n# TYPE palermo_index_size_bytes gauge\n";
      text += "palermo_index_size_bytes " + std::to_string(bytes) + "\n";
      text += "# HELP palermo_index_reopens_total New index revisions opened since the server started.\n"
              "# TYPE palermo_index_reopens_total counter\n";
      text += "palermo_index_reopens_total " + std::to_string(pool.reopens()) + "\n";
      res.set_header("Cache-Control", "no-cache");
      res.set_content(text, "text/plain; version=0.0.4; charset=utf-8");
    }));
    // Everything is read-only: other methods are refused on every path.
    const Handler read_only = guarded([](const httplib::Request&, httplib::Response& res) {
      res.set_header("Allow", "GET, HEAD");
      send_error(res, 405, "method_not_allowed", "only GET is served");
    });
    http.Post(".*", read_only);
    http.Put(".*", read_only);
    http.Patch(".*", read_only);
    http.Delete(".*", read_only);
    http.Options(".*", read_only);
    http.Get("/", guarded([this](const httplib::Request&, httplib::Response& res) { serve_page(res); }));
    http.Get(R"(/doc/([^/]+))", guarded([this](const httplib::Request&, httplib::Response& res) { serve_page(res); }));
    http.Get(R"(/static/([^/]+))", guarded([this](const httplib::Request& req, httplib::Response& res) {
      const StaticFile* file = web.find(req.matches[1]);
      if (file == nullptr) throw SearchError(SearchError::Code::not_found, "no such file: " + req.path);
      res.set_header("Cache-Control", "no-cache");
      res.set_content(file->content, file->mime_type);
    }));
  }

  void configure() {
    const int threads = options.threads;
    http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
    // A slow or idle client holds a worker only briefly.
    http.set_read_timeout(5, 0);
    http.set_write_timeout(5, 0);
    http.set_keep_alive_timeout(options.limits.keep_alive_seconds);
    http.set_keep_alive_max_count(100);
    // Answers go out at once: with Nagle's algorithm a reused connection waited ~40 ms for the
    // client's delayed ACK before the last segment of each answer.
    http.set_tcp_nodelay(true);
    http.set_payload_max_length(options.limits.max_body_bytes);
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});
    // Refusals decided while the headers were read (BoundedServer::check), answered before routing.
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      const std::string refusal = req.get_header_value(kRefusalHeader);
      if (refusal.empty()) return httplib::Server::HandlerResponse::Unhandled;
      if (refusal == "431") {
        send_error(res, 431, "headers_too_large", "too many header lines");
      } else {
        send_error(res, 400, "bad_request", "conflicting or malformed Content-Length / Transfer-Encoding");
      }
      return httplib::Server::HandlerResponse::Handled;
    });
    // Unrouted paths and failures httplib detects itself (414, 400, ...) get the JSON error body.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      const StatusError error = status_error(res.status);
      send_error(res, res.status, error.code, res.status == 404 ? "nothing at " + req.path : error.message);
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      send_error(res, 500, "internal", "internal error; the failure is logged for the operator");
    });
    // Counted and logged just before the answer is sent (httplib's post-routing hook runs for every
    // answer, refusals included): a client that has its answer finds it in /metrics and the log.
    http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      const std::string timing = res.get_header_value("Server-Timing");
      const bool timed = timing.starts_with(kTimingPrefix);
      const std::string ms = timed ? timing.substr(kTimingPrefix.size()) : "-";
      const std::string route = route_of(req.path);
      metrics.record(route, res.status, timed ? std::stod(ms) / 1000 : -1);
      // The path without its query string: what delegates search for is not logged.
      // Requests httplib refuses before parsing (414) have no method or path.
      auto field = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
      std::string line;
      if (options.access_log_format == AccessLogFormat::json) {
        nlohmann::json entry{{"time", utc_now()}, {"client", req.remote_addr}, {"method", req.method}, {"path", req.path},
                             {"route", route}, {"status", res.status}};
        entry["ms"] = timed ? nlohmann::json(std::stod(ms)) : nlohmann::json(nullptr);
        line = dump(entry) + "\n";
      } else {
        line = utc_now() + " " + field(req.remote_addr) + " " + field(req.method) + " " + field(req.path) + " " +
               std::to_string(res.status) + " " + ms + "ms\n";
      }
      std::lock_guard lock(log_mutex);
      access_log << line << std::flush;
    });
    register_routes();
  }

  SearcherPool& pool;
  const ServerOptions options;
  std::ostream& access_log;
  std::mutex log_mutex;
  ServerMetrics metrics;
  const StaticFiles web;
  BoundedServer http;
};

HttpServer::HttpServer(SearcherPool& pool, const ServerOptions& options, std::ostream& access_log)
    : impl_(std::make_unique<Impl>(pool, options, access_log)) {
  impl_->configure();
}

HttpServer::~HttpServer() = default;

int HttpServer::bind() {
  Impl& s = *impl_;
  if (s.options.port == 0) {
    const int port = s.http.bind_to_any_port(s.options.host);
    if (port <= 0) throw std::runtime_error("cannot listen on " + s.options.host + " (any port)");
    s.http.widen_backlog();
    return port;
  }
  if (!s.http.bind_to_port(s.options.host, s.options.port)) {
    throw std::runtime_error("cannot listen on " + s.options.host + ":" + std::to_string(s.options.port) +
                             " (in use, or not an address of this machine)");
  }
  s.http.widen_backlog();
  return s.options.port;
}

void HttpServer::serve() { impl_->http.listen_after_bind(); }

void HttpServer::stop() { impl_->http.stop(); }

}  // namespace palermo
