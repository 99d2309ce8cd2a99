// The shards a Xapian stub lists, read only to answer from the shards that are up while another
// is down (ShardFailure::answer_partially). Xapian itself opens a stub as one Database; this
// opens its lines one by one. Lines: `auto|glass PATH` (relative to the stub's folder) and
// `remote HOST:PORT` (a `xapian-tcpsrv`), as palermo-index and the README write them.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <string>
#include <vector>

namespace palermo {

// What to do when a shard of a stub cannot be reached.
enum class ShardFailure {
  refuse,            // SearchError(shard_unavailable) naming it: HTTP 503 (the default)
  answer_partially,  // answer from the other shards, the answer marked partial with the missing ones
};

// The shard lines of the stub at `db` (a folder holding XAPIANDB, or a stub file), comments and
// blank lines left out; empty when `db` is not a stub.
std::vector<std::string> stub_shards(const std::filesystem::path& db);

// Opens one line of stub_shards(db). Throws Xapian::Error when the shard cannot be opened (a
// remote one down: Xapian::NetworkError) and std::invalid_argument for a line of another kind.
Xapian::Database open_stub_shard(const std::filesystem::path& db, const std::string& line);

// "remote 127.0.0.1:45671" from a Xapian::NetworkError's context "remote:tcp(127.0.0.1:45671)".
std::string shard_name(const Xapian::Error& error);

}  // namespace palermo
