// One way for tests to index a folder, as palermo-index does, with the domain tables and analysis
// settings of corpus_fixture.h. In the test library palermo_test_index (tests/CMakeLists.txt), for
// the tests that index corpora of their own; other tests do not link the indexer through it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>

#include "indexer/corpus_indexer.h"

namespace palermo::testing {

// Indexes the documents of `corpus` into `db` with `options` (their `corpus` and `db` replaced by
// these two) and returns the run's summary. Throws what CorpusIndexer::run throws
// (std::runtime_error: a layout change without rebuild, a lock held, a stub edited by hand...).
IndexSummary index_folder(const std::filesystem::path& corpus, const std::filesystem::path& db, IndexOptions options = {});

// Options for index_folder: a new index of `count` shards (IndexOptions::shards; unset: as
// palermo-index without --shards).
IndexOptions as_shards(std::optional<std::size_t> count);

// Options for index_folder: everything indexed afresh and swapped in (IndexOptions::rebuild), as
// `count` shards when given.
IndexOptions rebuilding(std::optional<std::size_t> count = std::nullopt);

}  // namespace palermo::testing
