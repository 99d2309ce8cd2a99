#include "indexer/shard_set.h"

#include "analysis/schema.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace palermo {
namespace {

namespace fs = std::filesystem;

std::string shard_folder(std::size_t i) {
  char name[32];
  std::snprintf(name, sizeof name, "shard-%02zu", i);
  return name;
}

// The shards a stub written by palermo-index lists, in order. Anything else in the file (a remote
// line, a path of another layout) is not ours to write to.
std::size_t read_stub(const fs::path& stub) {
  std::ifstream in(stub);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line != "auto " + shard_folder(n)) {
      throw std::runtime_error(stub.string() + " lists \"" + line + "\", which palermo-index did not write: " +
                               "an index served from several machines is written where its shards are, one shard each");
    }
    ++n;
  }
  if (n == 0) throw std::runtime_error(stub.string() + " lists no shard");
  return n;
}

// A shard folder whose Glass database was being created when the run stopped (a second QA of
// issue 11, N12: a --shards run killed at 0.05 s). Glass creates flintlock, the version file as
// v.tmp and empty tables (*.glass, truncated), then renames v.tmp to iamglass: without iamglass and
// with every table empty, nothing was ever committed there. Anything else (a table holding
// blocks, a file Glass does not write) is left alone, and opening it says why.
bool unfinished_shard(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec) || fs::exists(folder / "iamglass", ec)) return false;
  bool any = false;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file(ec)) return false;
    const bool table = name.ends_with(".glass") && entry.file_size(ec) == 0;
    if (!table && name != "flintlock" && name != "v.tmp") return false;
    any = true;
  }
  return any && !ec;
}

void write_stub(const fs::path& db, std::size_t shards) {
  // Written beside and renamed: a reader never sees half a stub.
  const fs::path tmp = db / (std::string(kStubFileName) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# Written by palermo-index: " << shards << " shards, each document in shard-<hash of its id mod " << shards << ">\n";
    for (std::size_t i = 0; i < shards; ++i) out << "auto " << shard_folder(i) << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, db / kStubFileName);
}

}  // namespace

bool ShardSet::holds_index(const fs::path& db) {
  return fs::exists(db / kStubFileName) || fs::exists(db / "iamglass");
}

ShardLayout ShardSet::layout_of(const fs::path& db) {
  const fs::path stub = db / kStubFileName;
  if (!fs::exists(stub)) return ShardLayout{1};
  return ShardLayout{read_stub(stub)};
}

std::size_t ShardSet::shard_of(const std::string& document_id, std::size_t shards) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : document_id) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return shards <= 1 ? 0 : static_cast<std::size_t>(hash % shards);
}

ShardSet ShardSet::open(const fs::path& db, ShardLayout create_as) {
  if (create_as.shards == 0 || create_as.shards > ShardLayout::kMaxShards) {
    throw std::runtime_error("shards must be 1.." + std::to_string(ShardLayout::kMaxShards));
  }
  ShardSet set;
  const bool exists = holds_index(db);
  if (!exists && fs::exists(db / shard_folder(0))) {
    throw std::runtime_error("the index at " + db.string() + " holds shard folders but no stub (" + kStubFileName +
                             "): a run with --shards stopped before writing it; run palermo-index --rebuild --shards N");
  }
  const std::size_t n = exists ? layout_of(db).shards : create_as.shards;
  if (n == 1 && !fs::exists(db / kStubFileName)) {
    set.shards_.emplace_back(db.string(), Xapian::DB_CREATE_OR_OPEN);
    return set;
  }
  fs::create_directories(db);
  // The layout first: a run stopped while creating the shards leaves it for the next run.
  if (!exists) write_stub(db, n);
  for (std::size_t i = 0; i < n; ++i) {
    if (exists && !fs::exists(db / shard_folder(i))) set.created_.push_back(shard_folder(i));
    if (exists && unfinished_shard(db / shard_folder(i))) {
      // Nothing was ever committed there: its files go, and it is created as a missing one is.
      for (const auto& entry : fs::directory_iterator(db / shard_folder(i))) fs::remove(entry.path());
      set.unfinished_.push_back(shard_folder(i));
    }
    Xapian::WritableDatabase& shard = set.shards_.emplace_back((db / shard_folder(i)).string(), Xapian::DB_CREATE_OR_OPEN);
    // Each shard knows how many there are: a stub edited by hand (a line added or removed) would
    // otherwise send documents to other shards than those holding them, and copies would pile up.
    const std::string recorded = shard.get_metadata(std::string(schema::kShardCountKey));
    if (recorded.empty()) {
      shard.set_metadata(std::string(schema::kShardCountKey), std::to_string(n));
      shard.commit();
    } else if (recorded != std::to_string(n)) {
      throw std::runtime_error((db / kStubFileName).string() + " lists " + std::to_string(n) + (n == 1 ? " shard" : " shards") + ", but " +
                               shard_folder(i) + " was written as one of " + recorded +
                               ": restore the stub palermo-index wrote, or rebuild with --rebuild --shards N");
    }
  }
  return set;
}

void ShardSet::close() {
  for (Xapian::WritableDatabase& shard : shards_) shard.close();
}

}  // namespace palermo
