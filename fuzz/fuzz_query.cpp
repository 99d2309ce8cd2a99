// The query side: any query string and filters a client may send, searched on an index of the
// seed corpus built once at start. SearchError (a bad query, reported to the client as 400) is an
// expected outcome; any other exception, crash or sanitizer report is a bug.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "analysis/schema.h"
#include "indexer/corpus_indexer.h"
#include "searcher/searcher.h"

namespace {

palermo::AnalysisOptions analysis() {
  palermo::AnalysisOptions options;
  options.stopwords_dir = PALERMO_SOURCE_DIR "/stopwords";
  return options;
}

const palermo::DomainData& domain() {
  static const palermo::DomainData d = palermo::DomainData::load(PALERMO_SOURCE_DIR "/domain");
  return d;
}

// The index of the seed corpus, built on first use and removed when the fuzzer exits.
class SeedIndex {
 public:
  SeedIndex() : db_(std::filesystem::temp_directory_path() / ("palermo-fuzz-index-" + std::to_string(::getpid()))) {
    palermo::Analyzer analyzer(analysis());
    palermo::CorpusIndexer indexer(domain(), analyzer);
    palermo::IndexOptions options;
    options.corpus = PALERMO_SOURCE_DIR "/corpus";
    options.db = db_;
    options.rebuild = true;
    indexer.run(options);
    searcher_ = std::make_unique<palermo::Searcher>(db_, domain(), analysis());
  }
  ~SeedIndex() {
    searcher_.reset();
    std::error_code ec;
    std::filesystem::remove_all(db_, ec);
    std::filesystem::remove(db_.string() + ".lock", ec);
  }
  palermo::Searcher& searcher() { return *searcher_; }

 private:
  std::filesystem::path db_;
  std::unique_ptr<palermo::Searcher> searcher_;
};

palermo::Searcher& searcher() {
  static SeedIndex index;
  return index.searcher();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  palermo::SearchRequest request;
  // The first two bytes choose the options; the rest is the query, a "\n" starting a filter value.
  const std::uint8_t flags = data[0], facet = data[1];
  request.cross_language = flags & 1;
  request.sort = flags & 2 ? palermo::SortOrder::date : palermo::SortOrder::relevance;
  request.ui_lang = flags & 4 ? "en" : "es";
  request.size = 1 + (flags >> 3) % 20;
  std::string text(reinterpret_cast<const char*>(data + 2), size - 2);
  if (const auto newline = text.find('\n'); newline != std::string::npos) {
    const auto& f = palermo::schema::kFacets[facet % palermo::schema::kFacets.size()];
    request.filters[std::string(f.name)].push_back(text.substr(newline + 1));
    text.resize(newline);
  }
  request.query = text;
  try {
    searcher().search(request);
  } catch (const palermo::SearchError&) {
  }
  return 0;
}
