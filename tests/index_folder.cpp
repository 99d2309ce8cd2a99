#include "index_folder.h"

#include "corpus_fixture.h"

namespace palermo::testing {

IndexSummary index_folder(const std::filesystem::path& corpus, const std::filesystem::path& db, IndexOptions options) {
  Analyzer analyzer(analysis_options());
  CorpusIndexer indexer(domain(), analyzer);
  options.corpus = corpus;
  options.db = db;
  return indexer.run(options);
}

IndexOptions as_shards(std::optional<std::size_t> count) {
  IndexOptions options;
  options.shards = count;
  return options;
}

IndexOptions rebuilding(std::optional<std::size_t> count) {
  IndexOptions options;
  options.rebuild = true;
  options.shards = count;
  return options;
}

}  // namespace palermo::testing
