// The index palermo-index writes: one Glass database at the index path, or N shards under it with
// a Xapian stub file (`<db>/XAPIANDB`: `auto shard-00`, `auto shard-01`, ...), which Xapian itself
// (palermo-search, xapian-delve, xapian-tcpsrv) opens as one Database. Every document lives whole
// (its paragraphs, its record and its file entry) in the shard its id hashes to, so an incremental
// run finds it again there and a shard can be served from another machine (`xapian-tcpsrv`).
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace palermo {

struct ShardLayout {
  // 1: a plain Glass database at the path; N > 1: N shards and the stub file. Xapian sets no
  // limit; kMaxShards keeps a typo from creating thousands of folders.
  std::size_t shards = 1;
  static constexpr std::size_t kMaxShards = 256;
};

class ShardSet {
 public:
  // Opens the index at `db` for writing, creating it with `create_as` when absent. A new index of
  // several shards gets its stub first, then its shards, so that a run stopped in between leaves
  // the layout decided (a rerun without --shards creates the shards the stub lists). An existing
  // index keeps its layout; a shard its stub lists but that is missing is created empty and named
  // in created_shards(), one whose creation was stopped before anything was committed (no
  // iamglass, empty tables) in unfinished_shards(). Throws std::runtime_error when `db` holds a stub palermo-index did not
  // write, or shard folders without a stub, or Xapian::Error when a shard cannot be opened.
  static ShardSet open(const std::filesystem::path& db, ShardLayout create_as);

  // Whether `db` holds an index: a Glass database or a stub palermo-index wrote.
  static bool holds_index(const std::filesystem::path& db);

  // The layout of the index at `db` (1 when absent or a plain database). Throws as open().
  static ShardLayout layout_of(const std::filesystem::path& db);

  // The shard (0..shards-1) of document `document_id`: a stable hash (FNV-1a, 64 bits) of its
  // bytes, the same on every machine and run, so that a document never moves between shards.
  static std::size_t shard_of(const std::string& document_id, std::size_t shards);

  std::size_t size() const { return shards_.size(); }
  Xapian::WritableDatabase& shard(std::size_t i) { return shards_.at(i); }
  Xapian::WritableDatabase& shard_for(const std::string& document_id) { return shards_.at(shard_of(document_id, size())); }

  // The folders of an existing index's shards that were missing and created empty by open().
  const std::vector<std::string>& created_shards() const { return created_; }
  // The folders of an existing index's shards whose creation a stopped run left unfinished (a
  // second QA of issue 11, N12), emptied and created by open().
  const std::vector<std::string>& unfinished_shards() const { return unfinished_; }

  // Closes every shard (committing pending changes, releasing Xapian's write locks).
  void close();

 private:
  std::vector<Xapian::WritableDatabase> shards_;
  std::vector<std::string> created_;
  std::vector<std::string> unfinished_;
};


// Name of the stub file Xapian looks for in a folder it is asked to open.
inline constexpr const char* kStubFileName = "XAPIANDB";

}  // namespace palermo
