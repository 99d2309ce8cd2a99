// palermo-index: brings the Xapian paragraph index in step with a corpus folder.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>

#include "analysis/analyzer.h"
#include "domain/domain_data.h"
#include "domain/installation.h"
#include "indexer/corpus_indexer.h"
#include "indexer/index_lock.h"
#include "indexer/shard_set.h"

namespace po = boost::program_options;

namespace {

constexpr int kExitError = 1;
constexpr int kExitSkipped = 2;       // --strict and some file was skipped
constexpr int kExitIncompatible = 3;  // the index was built by another version, or is damaged: run with --rebuild

void print_progress(const palermo::IndexProgress& p) {
  if (p.file != nullptr) {
    std::fprintf(stderr, "\r\033[K[%zu/%zu] %s", p.done + 1, p.total, p.file->c_str());
  } else {
    std::fprintf(stderr, "\r\033[K");
  }
  std::fflush(stderr);
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description options("palermo-index: index a corpus folder of Markdown documents into a Xapian index");
  std::string corpus, db, data_dir, config_file;
  std::uintmax_t max_mb = 8;
  std::size_t commit_every = palermo::IndexOptions{}.paragraphs_per_commit;
  options.add_options()
      ("help,h", "show this help")
      ("corpus", po::value(&corpus)->default_value("corpus"), "folder of documents (.md, any name; <name>.es.md / <name>.en.md name the language)")
      ("db", po::value(&db)->default_value("data/index"), "index folder (created if missing)")
      ("rebuild", "index everything afresh instead of only what changed")
      ("shards", po::value<long long>(), "write the index as this many shards with a Xapian stub file (a new index, or with --rebuild; see README \"Scaling out\")")
      ("strict", "exit with status 2 when any file is skipped")
      ("max-file-mb", po::value(&max_mb)->default_value(8), "skip files larger than this many MiB")
      ("commit-every", po::value(&commit_every)->default_value(commit_every),
       "commit after about this many paragraphs (smaller: less lost if interrupted)")
      ("data-dir", po::value(&data_dir)->default_value(palermo::default_data_dir(PALERMO_DATA_DIR).string()),
       "folder holding domain/ and stopwords/")
      ("config", po::value(&config_file)->default_value(palermo::default_config_file().string()),
       "settings file (corpus, index); read when it exists, options given here win");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, options), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "palermo-index: " << e.what() << "\n" << options;
    return kExitError;
  }
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  try {
    const palermo::ProgramConfig config = palermo::read_config(config_file, {.required = !vm["config"].defaulted()});
    if (vm["corpus"].defaulted() && config.corpus) corpus = *config.corpus;
    if (vm["db"].defaulted() && config.index) db = *config.index;
    const auto domain = palermo::DomainData::load(std::filesystem::path(data_dir) / "domain");
    palermo::AnalysisOptions analysis;
    analysis.stopwords_dir = std::filesystem::path(data_dir) / "stopwords";
    palermo::Analyzer analyzer(analysis);
    palermo::CorpusIndexer indexer(domain, analyzer);

    palermo::IndexOptions index;
    index.corpus = corpus;
    index.db = db;
    index.rebuild = vm.count("rebuild") > 0;
    if (vm.count("shards")) {
      const long long shards = vm["shards"].as<long long>();  // signed: "-1" is refused, not read as 2^64-1
      if (shards < 1) throw std::runtime_error("--shards must be 1.." + std::to_string(palermo::ShardLayout::kMaxShards) + ", not " + std::to_string(shards));
      index.shards = static_cast<std::size_t>(shards);
    }
    index.limits.max_file_bytes = max_mb << 20;
    index.paragraphs_per_commit = std::max<std::size_t>(1, commit_every);
    std::function<void(const palermo::IndexProgress&)> progress;
    if (isatty(STDERR_FILENO)) progress = print_progress;

    const palermo::IndexSummary s = indexer.run(index, progress);
    for (const auto& skipped : s.skipped) std::cerr << "skipped " << skipped.reason << "\n";
    for (const auto& cut : s.truncated) std::cerr << "truncated " << cut.reason << "\n";
    for (const auto& note : s.notes) std::cerr << "palermo-index: note: " << note << "\n";
    std::printf("files indexed %zu, unchanged %zu, removed %zu, skipped %zu; paragraphs written %zu, in index %zu "
                "(%zu documents); %.2f s\n",
                s.indexed, s.unchanged, s.removed, s.skipped.size(), s.paragraphs_written, s.paragraphs_total,
                s.documents_total, s.seconds);
    return (!s.skipped.empty() && vm.count("strict")) ? kExitSkipped : 0;
  } catch (const palermo::DamagedIndex& e) {
    // Thrown where the damage was read (a record), which does not know the path: said here.
    const std::string what = e.what();
    std::cerr << "palermo-index: "
              << (what.starts_with("the index at ") ? what
                                                    : "the index at " + palermo::resolved_index_path(db).string() +
                                                          " is damaged (" + what + "); rebuild it with palermo-index --rebuild")
              << "\n";
    return kExitIncompatible;
  } catch (const palermo::IncompatibleIndex& e) {
    std::cerr << "palermo-index: " << e.what() << "\n";
    return kExitIncompatible;
  } catch (const Xapian::DatabaseCorruptError& e) {
    // Mapped here, at the edge (Xapian::Error is not a std::exception).
    std::cerr << "palermo-index: the index at " << db << " is damaged (" << e.get_description()
              << "); rebuild it with palermo-index --rebuild\n";
    return kExitIncompatible;
  } catch (const Xapian::DatabaseOpeningError& e) {
    std::cerr << "palermo-index: the index at " << db << " cannot be opened (" << e.get_description()
              << "); rebuild it with palermo-index --rebuild\n";
    return kExitIncompatible;
  } catch (const Xapian::Error& e) {
    std::cerr << "palermo-index: index error: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "palermo-index: " << e.what() << "\n";
  }
  return kExitError;
}
