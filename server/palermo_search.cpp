// palermo-search: queries a paragraph index from the command line, or serves it over HTTP.
//   palermo-search query --db data/index [filters] [--page N] [--size N] [--sort date] [--json] "QUERY"
//   palermo-search serve --db data/index [--host 127.0.0.1] [--port 8080]
#include <pthread.h>
#include <signal.h>

#include <xapian.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>
#include <atomic>
#include <thread>

#include "analysis/schema.h"
#include "analysis/text.h"
#include "domain/domain_data.h"
#include "domain/installation.h"
#include "searcher/result_json.h"
#include "searcher/searcher.h"
#include "searcher/searcher_pool.h"
#include "server/http_server.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitError = 1;
constexpr int kExitBadQuery = 2;
constexpr int kExitNoIndex = 3;

int exit_status(const palermo::SearchError& e) {
  switch (e.code()) {
    case palermo::SearchError::Code::bad_query:
    case palermo::SearchError::Code::too_long:
    case palermo::SearchError::Code::not_found: return kExitBadQuery;
    case palermo::SearchError::Code::no_index:
    case palermo::SearchError::Code::incompatible_index:
    case palermo::SearchError::Code::shard_unavailable:
    case palermo::SearchError::Code::bad_stub: return kExitNoIndex;
  }
  return kExitError;
}

// Xapian::Error is not a std::exception: mapped here, at the program's edge. A damaged or
// unreadable index is "no usable index" (status 3, rebuild it); anything else is status 1.
int exit_status(const Xapian::Error& e) {
  // Xapian::Error is not polymorphic: its type name says what it is.
  const std::string type = e.get_type();
  const bool index_unusable = type == "DatabaseCorruptError" || type == "DatabaseOpeningError" ||
                              type == "DatabaseNotFoundError" || type == "DatabaseVersionError" ||
                              type == "DatabaseError";
  return index_unusable ? kExitNoIndex : kExitError;
}

std::string describe(const Xapian::Error& e, const std::string& db) {
  const bool damaged = exit_status(e) == kExitNoIndex;
  return (damaged ? "the index at " + db + " is damaged or unreadable (" : "the index at " + db + " failed (") +
         e.get_description() + ")" + (damaged ? "; rebuild it with palermo-index --rebuild" : "");
}

void print_text(const palermo::SearchResult& r) {
  std::printf("%zu results (%.1f ms)%s\n", r.total, r.took_ms,
              r.suggestion ? (", did you mean: " + *r.suggestion).c_str() : "");
  for (const std::string& shard : r.missing_shards) std::printf("partial: the shard %s cannot be reached\n", shard.c_str());
  std::size_t rank = (static_cast<std::size_t>(r.request.page) - 1) * static_cast<std::size_t>(r.request.size);
  for (const palermo::SearchHit& h : r.hits) {
    const auto& p = h.paragraph;
    std::string text = p.text.size() > 240 ? p.text.substr(0, p.text.rfind(' ', 240)) + " …" : p.text;
    std::printf("%3zu. %-40s %-8s %-14s %-6s %.2f\n     %s\n", ++rank, p.id.c_str(),
                p.label.empty() ? "-" : p.label.c_str(), p.kind.c_str(), p.body.c_str(), h.score, text.c_str());
    // Its subjects in the interface language, own ones first; an inherited one says from where.
    std::string subjects;
    for (const palermo::SubjectView& s : h.subjects) {
      subjects += (subjects.empty() ? "" : ", ") + s.label + (s.source == "own" ? "" : " (" + s.source + ")");
    }
    if (!subjects.empty()) std::printf("     subjects: %s\n", subjects.c_str());
  }
  for (const auto& [name, values] : r.facets) {
    if (values.empty()) continue;
    std::printf("%s:", name.c_str());
    for (const auto& v : values) std::printf(" %s (%zu)", v.value.c_str(), v.count);
    std::printf("\n");
  }
}

int run_query(int argc, char** argv) {
  po::options_description options("palermo-search query [options] \"QUERY\"");
  std::string db, data_dir, sort, ui, crosslang, config_file;
  std::string on_shard_down = "refuse";
  palermo::SearcherOptions searcher_options;
  int shard_timeout_ms = static_cast<int>(searcher_options.timeouts.read.count());
  int shard_connect_timeout_ms = static_cast<int>(searcher_options.timeouts.connect.count());
  std::vector<std::string> query_words;
  palermo::SearchRequest request;
  std::map<std::string, std::vector<std::string>> filters;
  options.add_options()
      ("help", "show this help")
      ("db", po::value(&db)->default_value("data/index"), "index folder")
      ("page", po::value(&request.page)->default_value(1), "result page, from 1")
      ("size", po::value(&request.size)->default_value(20), "results per page, 1..100")
      ("sort", po::value(&sort)->default_value("relevance"), "relevance | date")
      ("ui", po::value(&ui)->default_value("es"), "language of facet labels: es | en")
      ("crosslang", po::value(&crosslang)->default_value("on"), "also find the other language through the glossary: on | off")
      ("json", "print exactly the body GET /api/search returns")
      ("on-shard-down", po::value(&on_shard_down)->default_value(on_shard_down),
       "a shard of a sharded index cannot be reached: refuse (exit 3 naming it) | partial (answer from the others, marked partial)")
      ("shard-timeout-ms", po::value(&shard_timeout_ms)->default_value(shard_timeout_ms),
       "milliseconds a remote shard may take to answer, 100..600000")
      ("shard-connect-timeout-ms", po::value(&shard_connect_timeout_ms)->default_value(shard_connect_timeout_ms),
       "milliseconds a remote shard may take to accept a connection, 100..600000")
      ("data-dir", po::value(&data_dir)->default_value(palermo::default_data_dir(PALERMO_DATA_DIR).string()),
       "folder holding domain/ and stopwords/")
      ("config", po::value(&config_file)->default_value(palermo::default_config_file().string()),
       "settings file (index); read when it exists, options given here win")
      ("q", po::value(&query_words)->multitoken(), "the query (or give it as the last arguments: their words are joined)");
  for (const auto& f : palermo::schema::kFacets) {
    const std::string name(f.name);
    options.add_options()(name.c_str(), po::value(&filters[name])->composing(), ("filter by " + name + " (repeatable)").c_str());
  }
  po::positional_options_description positional;
  positional.add("q", -1);
  po::variables_map vm;
  try {
    // No one-letter options: a query may start with '-' ("-migrantes" excludes a word).
    po::store(po::command_line_parser(argc, argv)
                  .options(options)
                  .positional(positional)
                  .style(po::command_line_style::unix_style ^ po::command_line_style::allow_short)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "palermo-search query: " << e.what() << "\n" << options;
    return kExitBadQuery;
  }
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  for (const std::string& w : query_words) request.query += (request.query.empty() ? "" : " ") + w;
  const bool json = vm.count("json") > 0;
  try {
    if (sort != "relevance" && sort != "date") {
      throw palermo::SearchError(palermo::SearchError::Code::bad_query, "sort must be relevance or date, not \"" + sort + "\"");
    }
    request.sort = sort == "date" ? palermo::SortOrder::date : palermo::SortOrder::relevance;
    if (crosslang != "on" && crosslang != "off") {
      throw palermo::SearchError(palermo::SearchError::Code::bad_query, "crosslang must be on or off, not \"" + crosslang + "\"");
    }
    request.cross_language = crosslang == "on";
    if (on_shard_down != "refuse" && on_shard_down != "partial") {
      throw palermo::SearchError(palermo::SearchError::Code::bad_query, "--on-shard-down must be refuse or partial");
    }
    if (shard_timeout_ms < 100 || shard_timeout_ms > 600000 || shard_connect_timeout_ms < 100 ||
        shard_connect_timeout_ms > 600000) {
      throw palermo::SearchError(palermo::SearchError::Code::bad_query,
                                 "--shard-timeout-ms and --shard-connect-timeout-ms must be 100..600000");
    }
    searcher_options.on_shard_down =
        on_shard_down == "partial" ? palermo::ShardFailure::answer_partially : palermo::ShardFailure::refuse;
    searcher_options.timeouts.read = std::chrono::milliseconds(shard_timeout_ms);
    searcher_options.timeouts.connect = std::chrono::milliseconds(shard_connect_timeout_ms);
    const palermo::ProgramConfig config = palermo::read_config(config_file, {.required = !vm["config"].defaulted()});
    if (vm["db"].defaulted() && config.index) db = *config.index;
    request.ui_lang = ui;
    for (auto& [name, values] : filters) {
      if (!values.empty()) request.filters[name] = values;
    }
    const auto domain = palermo::DomainData::load(std::filesystem::path(data_dir) / "domain");
    palermo::AnalysisOptions analysis;
    analysis.stopwords_dir = std::filesystem::path(data_dir) / "stopwords";
    palermo::Searcher searcher(db, domain, analysis, searcher_options);
    const palermo::SearchResult result = searcher.search(request);
    if (json) {
      std::cout << palermo::to_json(result).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      print_text(result);
    }
    return 0;
  } catch (const palermo::SearchError& e) {
    if (json) {
      std::cout << palermo::error_json(e.code_name(), palermo::printable(e.message())).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
    }
    std::cerr << "palermo-search: " << palermo::printable(e.message()) << "\n";
    return exit_status(e);
  } catch (const Xapian::Error& e) {
    const int status = exit_status(e);
    if (json) {
      std::cout << palermo::error_json(status == kExitNoIndex ? "no_index" : "internal", "the index cannot be searched").dump()
                << "\n";
    }
    std::cerr << "palermo-search: " << describe(e, db) << "\n";
    return status;
  } catch (const std::exception& e) {
    std::cerr << "palermo-search: " << e.what() << "\n";
    return kExitError;
  }
}

// Blocks SIGINT and SIGTERM in every thread and waits for them in one, which stops the server:
// a signal handler may not call into the server, a waiting thread may.
class ShutdownOnSignal {
 public:
  explicit ShutdownOnSignal(palermo::HttpServer& server) {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    waiter_ = std::thread([this, &server] {
      int signal = 0;
      sigwait(&signals_, &signal);
      if (!done_) std::cerr << "palermo-search: " << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ", stopping\n";
      server.stop();
    });
  }
  // Wakes the waiting thread when the server stopped for another reason.
  ~ShutdownOnSignal() {
    done_ = true;
    pthread_kill(waiter_.native_handle(), SIGTERM);
    waiter_.join();
  }

 private:
  sigset_t signals_{};
  std::atomic<bool> done_{false};
  std::thread waiter_;
};

int run_serve(int argc, char** argv) {
  po::options_description options("palermo-search serve [options]");
  std::string db, data_dir, web_dir, config_file, access_log;
  std::size_t cached_answers = 512;
  std::string on_shard_down = "refuse";
  const palermo::ShardTimeouts default_timeouts;
  int shard_timeout_ms = static_cast<int>(default_timeouts.read.count());
  int shard_connect_timeout_ms = static_cast<int>(default_timeouts.connect.count());
  palermo::ServerOptions server_options;
  int max_answer_mb = static_cast<int>(server_options.limits.max_answer_bytes >> 20);
  int request_timeout = static_cast<int>(
      std::chrono::duration_cast<std::chrono::seconds>(server_options.limits.request_timeout).count());
  options.add_options()
      ("help,h", "show this help")
      ("db", po::value(&db)->default_value("data/index"), "index folder")
      ("host", po::value(&server_options.host)->default_value("127.0.0.1"), "address to listen on (0.0.0.0: every interface)")
      ("port", po::value(&server_options.port)->default_value(8080), "port; 0 picks a free one")
      ("threads", po::value(&server_options.threads)->default_value(server_options.threads), "worker threads, 1..256")
      ("cached-answers", po::value(&cached_answers)->default_value(512), "search answers kept per index revision (0: none, e.g. to benchmark)")
      ("on-shard-down", po::value(&on_shard_down)->default_value(on_shard_down),
       "a shard of a sharded index cannot be reached: refuse (503 naming it) | partial (answer from the others, marked \"partial\")")
      ("shard-timeout-ms", po::value(&shard_timeout_ms)->default_value(shard_timeout_ms),
       "milliseconds a remote shard may take to answer before it counts as down, 100..600000")
      ("shard-connect-timeout-ms", po::value(&shard_connect_timeout_ms)->default_value(shard_connect_timeout_ms),
       "milliseconds a remote shard may take to accept a connection, 100..600000")
      ("request-timeout", po::value(&request_timeout)->default_value(request_timeout),
       "seconds a whole request (line, headers, body) may take to arrive, 1..300")
      ("access-log", po::value(&access_log)->default_value("text"), "access log on standard error: text | json (one object a line)")
      ("max-answer-mb", po::value(&max_answer_mb)->default_value(max_answer_mb),
       "largest answer body in MiB, 1..1024 (larger: 500 answer_too_large)")
      ("backlog", po::value(&server_options.limits.listen_backlog)->default_value(server_options.limits.listen_backlog),
       "connections waiting to be accepted, 16..65535")
      ("web-dir", po::value(&web_dir)->default_value((palermo::default_data_dir(PALERMO_DATA_DIR) / "web").string()),
       "folder of the browser page (must hold index.html); none: serve the API only")
      ("data-dir", po::value(&data_dir)->default_value(palermo::default_data_dir(PALERMO_DATA_DIR).string()),
       "folder holding domain/ and stopwords/")
      ("config", po::value(&config_file)->default_value(palermo::default_config_file().string()),
       "settings file (index, host, port, threads); read when it exists, options given here win");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "palermo-search serve: " << e.what() << "\n" << options;
    return kExitBadQuery;
  }
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  try {
    const palermo::ProgramConfig config = palermo::read_config(config_file, {.required = !vm["config"].defaulted()});
    if (vm["db"].defaulted() && config.index) db = *config.index;
    if (vm["host"].defaulted() && config.host) server_options.host = *config.host;
    if (vm["port"].defaulted() && config.port) server_options.port = *config.port;
    if (vm["threads"].defaulted() && config.threads) server_options.threads = *config.threads;
  } catch (const std::exception& e) {
    std::cerr << "palermo-search serve: " << e.what() << "\n";
    return kExitError;
  }
  if (server_options.port < 0 || server_options.port > 65535 || server_options.threads < 1 || server_options.threads > 256 ||
      request_timeout < 1 || request_timeout > 300 || server_options.limits.listen_backlog < 16 ||
      server_options.limits.listen_backlog > 65535 || max_answer_mb < 1 || max_answer_mb > 1024) {
    std::cerr << "palermo-search serve: --port must be 0..65535, --threads 1..256, --request-timeout 1..300, --backlog 16..65535, "
                 "--max-answer-mb 1..1024\n";
    return kExitBadQuery;
  }
  server_options.limits.max_answer_bytes = static_cast<std::size_t>(max_answer_mb) << 20;
  server_options.limits.request_timeout = std::chrono::seconds(request_timeout);
  if (access_log != "text" && access_log != "json") {
    std::cerr << "palermo-search serve: --access-log must be text or json\n";
    return kExitBadQuery;
  }
  if (on_shard_down != "refuse" && on_shard_down != "partial") {
    std::cerr << "palermo-search serve: --on-shard-down must be refuse or partial\n";
    return kExitBadQuery;
  }
  if (shard_timeout_ms < 100 || shard_timeout_ms > 600000 || shard_connect_timeout_ms < 100 ||
      shard_connect_timeout_ms > 600000) {
    std::cerr << "palermo-search serve: --shard-timeout-ms and --shard-connect-timeout-ms must be 100..600000\n";
    return kExitBadQuery;
  }
  palermo::PoolOptions pool_options;
  pool_options.cached_answers = cached_answers;
  pool_options.on_shard_down = on_shard_down == "partial" ? palermo::ShardFailure::answer_partially : palermo::ShardFailure::refuse;
  pool_options.timeouts.read = std::chrono::milliseconds(shard_timeout_ms);
  pool_options.timeouts.connect = std::chrono::milliseconds(shard_connect_timeout_ms);
  pool_options.on_stale = [](const std::string& why) {
    // One write per line: the access log shares std::cerr.
    std::cerr << (why.empty() ? std::string("palermo-search: the index opens again as it is now\n")
                              : "palermo-search: warning: the index as it is now cannot be opened, so the revision opened "
                                "before answers: " + palermo::printable(why) + "\n")
              << std::flush;
  };
  server_options.access_log_format = access_log == "json" ? palermo::AccessLogFormat::json : palermo::AccessLogFormat::text;
  // A server without its page would answer every visitor 404: a wrong folder stops it here.
  if (web_dir != "none" && !std::filesystem::is_regular_file(std::filesystem::path(web_dir) / "index.html")) {
    std::cerr << "palermo-search serve: no browser page in " << web_dir
              << " (index.html missing); give --web-dir the page's folder (web/), or --web-dir none to serve the API only\n";
    return kExitError;
  }
  if (web_dir == "none") std::cerr << "palermo-search: serving the API only (--web-dir none): / and /static/ answer 404\n";
  try {
    if (web_dir != "none") server_options.web_dir = web_dir;
    const auto domain = palermo::DomainData::load(std::filesystem::path(data_dir) / "domain");
    palermo::AnalysisOptions analysis;
    analysis.stopwords_dir = std::filesystem::path(data_dir) / "stopwords";
    palermo::SearcherPool pool(db, domain, analysis, pool_options);
    try {
      const palermo::IndexStats stats = pool.run([](palermo::Searcher& s) { return s.stats(); });
      std::cerr << "palermo-search: index " << db << ": " << stats.documents << " documents, " << stats.paragraphs
                << " paragraphs, revision " << stats.revision << "\n";
    } catch (const palermo::SearchError& e) {
      // A stub that lists what cannot be served is the operator's to mend: refused as query
      // refuses it, not served as "no index yet; try again later" (a second QA of issue 11, N9).
      if (e.code() == palermo::SearchError::Code::bad_stub) {
        std::cerr << "palermo-search serve: " << palermo::printable(e.message()) << "\n";
        return exit_status(e);
      }
      // Serve anyway: the API answers 503 until palermo-index has built the index.
      std::cerr << "palermo-search: warning: " << e.what() << "\n";
    } catch (const Xapian::Error& e) {
      // Serve anyway: /api/health says the index fails, and a rebuild swapped in is picked up.
      std::cerr << "palermo-search: warning: " << describe(e, db) << "\n";
    }
    palermo::HttpServer server(pool, server_options, std::cerr);
    const int port = server.bind();
    ShutdownOnSignal shutdown(server);
    std::cout << "palermo-search: serving http://" << server_options.host << ":" << port << std::endl;
    server.serve();
    std::cerr << "palermo-search: stopped\n";
    return 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "palermo-search serve: " << describe(e, db) << "\n";
    return exit_status(e);
  } catch (const std::exception& e) {
    std::cerr << "palermo-search serve: " << e.what() << "\n";
    return kExitError;
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage =
      "usage: palermo-search query --db data/index [filters] [--json] \"QUERY\"\n"
      "       palermo-search serve --db data/index [--host 127.0.0.1] [--port 8080]\n"
      "       palermo-search query --help | serve --help\n";
  if (argc < 2) {
    std::cerr << usage;
    return kExitBadQuery;
  }
  const std::string command = argv[1];
  if (command == "query") return run_query(argc - 1, argv + 1);
  if (command == "serve") return run_serve(argc - 1, argv + 1);
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage;
    return 0;
  }
  std::cerr << "palermo-search: unknown command \"" << command << "\"\n" << usage;
  return kExitBadQuery;
}
