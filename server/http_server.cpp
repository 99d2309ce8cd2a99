#include "server/http_server.h"

#include <httplib.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <stdexcept>

#include "searcher/result_export.h"
#include "searcher/result_json.h"
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
    case SearchError::Code::incompatible_index: return 503;
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
    case 416: return {"range_not_satisfiable", "the requested range is not available"};
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

void send_download(httplib::Response& res, std::string body, const char* mime_type, const char* file_name) {
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Content-Disposition", std::string("attachment; filename=\"") + file_name + "\"");
  res.set_content(std::move(body), mime_type);
}

// The address the client used for this server, for links in exports and feeds. Only a Host that
// looks like a host name or address (and port) is used; anything else gives the loopback name.
std::string base_url(const httplib::Request& req) {
  const std::string host = req.get_header_value("Host");
  const bool plain = !host.empty() && host.size() < 256 && host.find_first_not_of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == std::string::npos;
  return "http://" + (plain ? host : std::string("localhost"));
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

}  // namespace

struct HttpServer::Impl {
  Impl(SearcherPool& p, const ServerOptions& o, std::ostream& log) : pool(p), options(o), access_log(log), web(o.web_dir) {}

  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  // Wraps a handler: maps exceptions to JSON errors once, and records the time taken for the log.
  Handler guarded(Handler handler) {
    return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
      const auto start = Clock::now();
      try {
        handler(req, res);
      } catch (const SearchError& e) {
        send_error(res, http_status(e.code()), e.code_name(), e.what());
      } catch (const Xapian::Error& e) {
        send_error(res, 500, "internal", "the index could not be read: " + e.get_description());
      } catch (const std::exception& e) {
        send_error(res, 500, "internal", e.what());
      }
      res.set_header("Server-Timing", std::string(kTimingPrefix) + milliseconds(Clock::now() - start));
    };
  }

  void serve_page(httplib::Response& res) {
    const StaticFile* page = web.find("index.html");
    if (page == nullptr) {
      throw SearchError(SearchError::Code::not_found,
                        "the browser page is not installed: no index.html in " + options.web_dir.string());
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
                        "text/csv; charset=utf-8", "palermo.csv");
          return;
        case ResultFormat::word:
          send_download(res, pool.run([&](Searcher& s) { return to_word_html(collect_export(s, call.request), base_url(req)); }),
                        "application/msword", "palermo.doc");
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
    http.Get("/api/health", guarded([this](const httplib::Request&, httplib::Response& res) {
      send_json(res, 200, pool.run([](Searcher& s) { return to_json(s.stats()); }));
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
    http.set_keep_alive_timeout(2);
    http.set_keep_alive_max_count(100);
    // Answers go out at once: with Nagle's algorithm a reused connection waited ~40 ms for the
    // client's delayed ACK before the last segment of each answer.
    http.set_tcp_nodelay(true);
    http.set_payload_max_length(64 * 1024);
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});
    // Unrouted paths and failures httplib detects itself (414, 400, ...) get the JSON error body.
    http.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      const StatusError error = status_error(res.status);
      send_error(res, res.status, error.code, res.status == 404 ? "nothing at " + req.path : error.message);
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      send_error(res, 500, "internal", "internal error");
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      const std::string timing = res.get_header_value("Server-Timing");
      const std::string ms = timing.starts_with(kTimingPrefix) ? timing.substr(kTimingPrefix.size()) : "-";
      // The path without its query string: what delegates search for is not logged.
      // Requests httplib refuses before parsing (414) have no method or path.
      auto field = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
      const std::string line = utc_now() + " " + field(req.remote_addr) + " " + field(req.method) + " " + field(req.path) + " " +
                               std::to_string(res.status) + " " + ms + "ms\n";
      std::lock_guard lock(log_mutex);
      access_log << line << std::flush;
    });
    register_routes();
  }

  SearcherPool& pool;
  const ServerOptions options;
  std::ostream& access_log;
  std::mutex log_mutex;
  const StaticFiles web;
  httplib::Server http;
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
    return port;
  }
  if (!s.http.bind_to_port(s.options.host, s.options.port)) {
    throw std::runtime_error("cannot listen on " + s.options.host + ":" + std::to_string(s.options.port) +
                             " (in use, or not an address of this machine)");
  }
  return s.options.port;
}

void HttpServer::serve() { impl_->http.listen_after_bind(); }

void HttpServer::stop() { impl_->http.stop(); }

}  // namespace palermo
