#include "server/http_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "analysis/text.h"
#include "searcher/result_export.h"
#include "searcher/result_json.h"
#include "searcher/shard_list.h"
#include "server/bounded_server.h"
#include "server/metrics.h"
#include "server/search_params.h"
#include "server/static_files.h"

namespace palermo {
namespace {

using Clock = std::chrono::steady_clock;
// Handlers report their time in a Server-Timing header, which the access log reads back.
constexpr std::string_view kTimingPrefix = "app;dur=";

constexpr const char* kShardsMissingHelp =
    "# HELP palermo_shards_missing Shards that cannot be reached: left out of answers (serve --on-shard-down partial), "
    "or, refusing, the one named (opening stops at the first).\n"
    "# TYPE palermo_shards_missing gauge\n";

// The one mapping from search failures to HTTP statuses.
int http_status(SearchError::Code code) {
  switch (code) {
    case SearchError::Code::bad_query: return 400;
    case SearchError::Code::too_long: return 414;
    case SearchError::Code::not_found: return 404;
    case SearchError::Code::no_index:
    case SearchError::Code::incompatible_index:
    case SearchError::Code::shard_unavailable:
    case SearchError::Code::bad_stub: return 503;
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

// An answer made without shards that are down (serve --on-shard-down partial) says so in a header
// as well as in its body, so that a CSV (which has no place for it) is marked too.
void mark_partial(httplib::Response& res, const std::vector<std::string>& missing_shards) {
  if (missing_shards.empty()) return;
  std::string shards;
  for (const std::string& s : missing_shards) shards += (shards.empty() ? "" : ", ") + s;
  res.set_header("Palermo-Partial", shards);
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


// Error messages may echo what the client sent (a path, a parameter): made printable first.
void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  send_json(res, status, error_json(code, printable(message)));
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
  Impl(SearcherPool& p, const ServerOptions& o, std::ostream& log)
      : pool(p), options(o), access_log(log), web(o.web_dir), http(o.limits) {}

  // Details of a failure go to the operator's log, never to the client: no server paths, no
  // Xapian internals in a response.
  void log_failure(const std::string& what) {
    std::lock_guard lock(log_mutex);
    access_log << utc_now() << " error: " << printable(what) << "\n" << std::flush;
  }

  // The shards as the last answer found them, logged when that changes: a shard found down (with
  // the cause, which the client's 503 does not carry), answers without some, every shard back (a
  // third QA of issue 11, F4: nothing was logged). `state`: "" when every shard answered.
  void note_shards(const std::string& state) {
    std::lock_guard lock(log_mutex);
    if (state == shard_state) return;
    access_log << utc_now() << " shards: " << printable(state.empty() ? "every shard answers again" : state) << "\n" << std::flush;
    shard_state = state;
  }
  // mark_partial, and the shards noted.
  void answered(httplib::Response& res, const std::vector<std::string>& missing_shards) {
    mark_partial(res, missing_shards);
    std::string missing;
    for (const std::string& m : missing_shards) missing += (missing.empty() ? "" : ", ") + m;
    note_shards(missing.empty() ? "" : "answering without " + missing + " (partial answers)");
  }

  // The health answer when searching fails.
  void send_failing(httplib::Response& res, const std::string& what, nlohmann::json health = nlohmann::json::object()) {
    log_failure("health: the index cannot be searched: " + what);
    health["status"] = "failing";
    health["error"] = error_json("search_fails",
                                 "searching the index fails (a damaged index is rebuilt with palermo-index --rebuild); "
                                 "the failure is logged for the operator")["error"];
    send_json(res, 503, health);
  }

  // A SearchError as the client sees it: the index's own failures (no index, one to rebuild, a bad
  // stub) logged with the folder they name and answered without it; the others as they are.
  nlohmann::json search_error_json(const SearchError& e) {
    switch (e.code()) {
      case SearchError::Code::no_index:
        log_failure(e.what());
        return error_json(e.code_name(), "no index is available yet; try again later");
      case SearchError::Code::incompatible_index:
        log_failure(e.what());
        return error_json(e.code_name(), "the index must be rebuilt; try again later");
      case SearchError::Code::bad_stub:
        log_failure(e.what());
        return error_json(e.code_name(), "the index's stub (its list of shards) cannot be served; the failure is logged for the operator");
      default: return error_json(e.code_name(), printable(e.message()));
    }
  }
  void send_search_error(httplib::Response& res, const SearchError& e) {
    send_json(res, http_status(e.code()), search_error_json(e));
  }

  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

  // Wraps a handler: maps exceptions to JSON errors once, and records the time taken for the log.
  Handler guarded(Handler handler) {
    return [this, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
      const auto start = Clock::now();
      try {
        handler(req, res);
      } catch (const SearchError& e) {
        if (e.code() == SearchError::Code::shard_unavailable) note_shards(e.message() + (e.detail().empty() ? "" : " (" + e.detail() + ")"));
        send_search_error(res, e);
      } catch (const Xapian::Error& e) {
        log_failure(req.path + ": " + e.get_description());
        send_error(res, 500, "internal", "the index could not be read; the failure is logged for the operator");
      } catch (const std::exception& e) {
        log_failure(req.path + ": " + e.what());
        send_error(res, 500, "internal", "internal error; the failure is logged for the operator");
      }
      // One answer is bounded whatever the index holds (a paragraph's stored text is bounded by
      // the indexer, a document's paragraphs are not).
      if (res.body.size() > options.limits.max_answer_bytes) {
        log_failure(req.path + ": an answer of " + std::to_string(res.body.size()) + " bytes not sent");
        res.headers.erase("Content-Disposition");
        send_error(res, 500, "answer_too_large",
                   "the answer would exceed " + std::to_string(options.limits.max_answer_bytes / (1024 * 1024)) +
                       " MiB; ask for fewer results");
      }
      res.set_header("Server-Timing", std::string(kTimingPrefix) + milliseconds(Clock::now() - start));
    };
  }

  void serve_page(httplib::Response& res) {
    const StaticFile* page = web.find("index.html");
    if (page == nullptr) {
      if (!options.web_dir.empty()) log_failure("no index.html in " + options.web_dir.string());
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
        case ResultFormat::json: {
          const SearchResult result = pool.run([&](Searcher& s) { return s.search(call.request); });
          answered(res, result.missing_shards);
          send_json(res, 200, to_json(result));
          return;
        }
        case ResultFormat::csv: {
          const ExportRows rows = pool.run([&](Searcher& s) { return collect_export(s, call.request); });
          answered(res, rows.missing_shards);
          send_download(res, to_csv(rows, base_url(req)), "text/csv; charset=utf-8", export_file_name(call.request, "csv"));
          return;
        }
        case ResultFormat::word: {
          const ExportRows rows = pool.run([&](Searcher& s) { return collect_export(s, call.request); });
          answered(res, rows.missing_shards);
          send_download(res, to_word_html(rows, base_url(req)), "application/msword", export_file_name(call.request, "doc"));
          return;
        }
        case ResultFormat::atom: {
          // A feed follows what is new: newest documents first, whatever the address asked.
          call.request.sort = SortOrder::date;
          call.request.group = Grouping::paragraphs;
          call.request.page = 1;
          call.request.size = kFeedEntries;
          const std::string self = base_url(req) + req.target;
          const SearchResult result = pool.run([&](Searcher& s) { return s.search(call.request); });
          answered(res, result.missing_shards);
          res.set_header("Cache-Control", "no-cache");
          res.set_content(to_atom(result, base_url(req), self), "application/atom+xml; charset=utf-8");
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
      // Answering without a shard, the suggestions come from the others: said as exports say it.
      const auto [suggestions, missing] = pool.run([&](Searcher& s) { return std::pair(to_json(s.suggest(prefix)), s.missing_shards()); });
      answered(res, missing);
      send_json(res, 200, suggestions);
    }));
    // Healthy only if a search runs: an index can open and count its documents while every
    // search on it fails (a damaged posting list, a damaged record). The probe is computed from
    // the index, never from the ResultCache, and reads a paragraph and its document back as the
    // page does; any failure is a 503 with the reason (details in the operator's log).
    http.Get("/api/health", guarded([this](const httplib::Request&, httplib::Response& res) {
      nlohmann::json health = nlohmann::json::object();
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
        probe.cache = CachePolicy::bypass;
        pool.run([&](Searcher& s) {
          const SearchResult found = s.search(probe);
          if (!found.hits.empty()) s.paragraph(found.hits.front().paragraph.id, "es");
          return found.total;
        });
      } catch (const SearchError& e) {
        // No index, one to rebuild, a bad stub, a shard down: 503 naming them, "failing" as any
        // other failure (a second QA of issue 11, N10: the body had no status).
        if (e.code() == SearchError::Code::no_index || e.code() == SearchError::Code::incompatible_index ||
            e.code() == SearchError::Code::shard_unavailable || e.code() == SearchError::Code::bad_stub) {
          health["status"] = "failing";
          health["error"] = search_error_json(e)["error"];
          return send_json(res, http_status(e.code()), health);
        }
        return send_failing(res, e.what(), health);
      } catch (const Xapian::Error& e) {
        return send_failing(res, e.get_description(), health);
      } catch (const std::exception& e) {
        return send_failing(res, e.what(), health);
      }
      // The index as it is now cannot be opened (a stub edited badly, the path gone) and the
      // revision opened before answers: said here and in the log (a second QA of issue 11, N9).
      if (!pool.stale().empty()) {
        health["status"] = "stale";
        health["stale"] = "the index as it is now cannot be opened; the revision opened before answers (the cause is in "
                          "the operator's log)";
      }
      send_json(res, 200, health);
    }));
    // Prometheus text format: the request counters, and the index as it is now.
    http.Get("/metrics", guarded([this](const httplib::Request&, httplib::Response& res) {
      std::string text = metrics.exposition();
      text += "# HELP palermo_index_up Whether the index can be opened (1) or not (0).\n# TYPE palermo_index_up gauge\n";
      try {
        const auto [stats, missing] = pool.run([](Searcher& s) { return std::pair(s.stats(), s.missing_shards().size()); });
        text += "palermo_index_up 1\n";
        text += kShardsMissingHelp;
        text += "palermo_shards_missing " + std::to_string(missing) + "\n";
        text += "# HELP palermo_index_revision Revision of the index being served.\n# TYPE palermo_index_revision gauge\n";
        text += "palermo_index_revision " + std::to_string(stats.revision) + "\n";
        text += "# HELP palermo_index_paragraphs Paragraphs in the index.\n# TYPE palermo_index_paragraphs gauge\n";
        text += "palermo_index_paragraphs " + std::to_string(stats.paragraphs) + "\n";
        text += "# HELP palermo_index_documents Documents in the index.\n# TYPE palermo_index_documents gauge\n";
        text += "palermo_index_documents " + std::to_string(stats.documents) + "\n";
      } catch (const SearchError& e) {
        text += "palermo_index_up 0\n";
        // Refusing: the shard named is down (others may be too; opening stops at the first).
        if (e.code() == SearchError::Code::shard_unavailable) {
          text += kShardsMissingHelp;
          text += "palermo_shards_missing 1\n";
        }
      } catch (const Xapian::Error&) {
        text += "palermo_index_up 0\n";
      }
      text += "# HELP palermo_index_stale Whether the index as it is now cannot be opened and the revision opened before answers (1).\n"
              "# TYPE palermo_index_stale gauge\n";
      text += std::string("palermo_index_stale ") + (pool.stale().empty() ? "0" : "1") + "\n";
      // The files of the index and of the local shards its stub lists, shard folders included
      // (it counted the stub alone, or 0 for a stub file); remote shards are their machines'.
      std::uintmax_t bytes = 0;
      for (const std::filesystem::path& folder : local_index_folders(pool.db())) {
        std::error_code ec;
        for (auto it = std::filesystem::recursive_directory_iterator(folder, ec); !ec && it != std::filesystem::recursive_directory_iterator();
             it.increment(ec)) {
          std::error_code size_ec;
          if (it->is_regular_file(size_ec)) bytes += it->file_size(size_ec);
        }
      }
      text += "# HELP palermo_index_size_bytes Size on disk of the index and of its local shards (remote shards not counted).\n"
              "# TYPE palermo_index_size_bytes gauge\n";
      text += "palermo_index_size_bytes " + std::to_string(bytes) + "\n";
      text += "# HELP palermo_index_reopens_total New index revisions opened since the server started.\n"
              "# TYPE palermo_index_reopens_total counter\n";
      text += "palermo_index_reopens_total " + std::to_string(pool.reopens()) + "\n";
      const SearcherPool::ColumnReads reads = pool.column_reads();
      text += "# HELP palermo_facet_column_reads_total Facet columns read for a revision: every facet (read=\"whole\") or the paragraphs added since the last (read=\"update\").\n"
              "# TYPE palermo_facet_column_reads_total counter\n";
      text += "palermo_facet_column_reads_total{read=\"whole\"} " + std::to_string(reads.whole) + "\n";
      text += "palermo_facet_column_reads_total{read=\"update\"} " + std::to_string(reads.updates) + "\n";
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
    http.set_workers(options.threads);
    // A slow or idle client holds a worker only briefly.
    http.set_read_timeout(5, 0);
    http.set_write_timeout(5, 0);
    http.set_keep_alive_timeout(options.limits.keep_alive_seconds);
    http.set_keep_alive_max_count(BoundedServer::kMaxRequestsPerConnection);
    // Answers go out at once: with Nagle's algorithm a reused connection waited ~40 ms for the
    // client's delayed ACK before the last segment of each answer.
    http.set_tcp_nodelay(true);
    // The listening socket with SO_REUSEADDR only (a restart binds at once while connections of
    // the server before are in TIME_WAIT). httplib's default is SO_REUSEPORT, with which a second
    // server on a port in use (an old instance left running, a typo in a unit, any process of the
    // same user binding the port a --port 0 server got) started without a word and the kernel
    // split the connections between the two; it is refused now (HttpServer::bind throws).
    http.set_socket_options([](socket_t sock) {
      const int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    http.set_payload_max_length(options.limits.max_body_bytes);
    http.set_default_headers({{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}});
    // Refusals decided while the head was read (BoundedServer), answered before routing.
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      const Refusal refusal = BoundedServer::refusal_of(req);
      if (refusal == Refusal::none) return httplib::Server::HandlerResponse::Unhandled;
      const RefusalAnswer answer = answer_for(refusal);
      if (answer.status == 405) res.set_header("Allow", "GET, HEAD");
      send_error(res, answer.status, answer.code, answer.message);
      return httplib::Server::HandlerResponse::Handled;
    });
    // Unrouted paths and failures httplib detects itself (414, 400, ...) get the JSON error body.
    // httplib's 400 for a request line cut by its deadline (BoundedServer ended it there) is the
    // time's 408, as for a head cut later (refusal_of).
    http.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      if (res.status == 400 && http.request_timed_out()) {
        const RefusalAnswer answer = answer_for(Refusal::timed_out);
        send_error(res, answer.status, answer.code, answer.message);
        return httplib::Server::HandlerResponse::Handled;
      }
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
      // A refused request, or one httplib refused before its head was checked, ends its
      // connection, and its answer says so.
      if (!BoundedServer::keeps_connection(req)) {
        res.headers.erase("Keep-Alive");
        res.headers.erase("Connection");
        res.set_header("Connection", "close");
      }
      // httplib offers ranges on every HEAD answer; none are served.
      res.headers.erase("Accept-Ranges");
      // The path without its query string: what delegates search for is not logged.
      // Requests httplib refuses before parsing (414, a malformed request line) have no method or
      // path, and no client address in the Request: the connection's is logged. Every field is
      // made printable: a path is whatever the client sent, CR, LF and ESC included.
      auto field = [](const std::string& s) { return s.empty() ? std::string("-") : printable(s, {.escape_spaces = true}); };
      const std::string client = req.remote_addr.empty() ? http.client_address() : req.remote_addr;
      std::string line;
      if (options.access_log_format == AccessLogFormat::json) {
        nlohmann::json entry{{"time", utc_now()}, {"client", printable(client)}, {"method", printable(req.method)},
                             {"path", printable(req.path)}, {"route", route}, {"status", res.status}};
        entry["ms"] = timed ? nlohmann::json(std::stod(ms)) : nlohmann::json(nullptr);
        line = dump(entry) + "\n";
      } else {
        line = utc_now() + " " + field(client) + " " + field(req.method) + " " + field(req.path) + " " +
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
  std::string shard_state;  // guarded by log_mutex: see note_shards()
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
