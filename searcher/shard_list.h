// The shards a Xapian stub lists, each opened by Palermo itself rather than by Xapian's own stub
// reading: a remote shard with timeouts of our choosing (Xapian's stub takes its 10 s defaults, so
// a shard that hangs held a server worker 10-20 s), a shard that is down left out when answering
// partially (ShardFailure::answer_partially), and a missing or unreadable local shard named.
// Lines: `auto PATH` or `glass PATH` (Xapian's own two words for a Glass folder; PATH relative to
// the stub's folder) and `remote HOST:PORT` (a `xapian-tcpsrv`; a host name or an IPv4 address), as
// palermo-index and the README write them; `#` comments and blank lines.
#pragma once

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace palermo {

// What to do when a shard of a stub cannot be reached.
enum class ShardFailure {
  refuse,            // SearchError(shard_unavailable) naming it: HTTP 503 (the default)
  answer_partially,  // answer from the other shards, the answer marked partial with the missing ones
};

// How long a remote shard may take (Xapian::Remote::open's two timeouts). A shard that does not
// answer within them (its xapian-tcpsrv stopped, its machine hung) is a shard that is down.
struct ShardTimeouts {
  // Each wait for a message from the shard (a match, a document, a posting list chunk): a match
  // on a remote shard of 200,000 paragraphs takes under 0.1 s at p99 (bench/SHARDS.md).
  std::chrono::milliseconds read{2000};
  // The TCP connection to the shard.
  std::chrono::milliseconds connect{1000};
};

// The shard lines of the stub at `db` (a folder holding XAPIANDB, or a stub file), comments and
// blank lines left out, a trailing space or CR dropped; empty when `db` is not a stub.
std::vector<std::string> stub_shards(const std::filesystem::path& db);

// Whether `db` is a stub: a stub file, or a folder holding XAPIANDB.
bool is_stub(const std::filesystem::path& db);

// Checks every line of a stub before any shard is opened (a bad line at the end must not cost a
// connection to each shard before it). Throws std::invalid_argument naming the stub and the line:
// no line at all, a line of another kind, a remote line that is not HOST:PORT, a local line naming
// a stub instead of a shard folder.
void check_stub_lines(const std::filesystem::path& db, const std::vector<std::string>& lines);

// The folders holding the index at `db` on this machine: `db` itself when it is a folder, and the
// folder of each `auto`/`glass` line of its stub that lies outside it (lines that cannot be read
// left out). Remote shards are not here.
std::vector<std::filesystem::path> local_index_folders(const std::filesystem::path& db);

// The stub file of `db`: `db/XAPIANDB` for a folder, else `db` itself.
std::filesystem::path stub_file(const std::filesystem::path& db);

// Opens one line of stub_shards(db). Throws std::invalid_argument for a line it cannot read
// (as check_stub_lines), naming the line; SearchError(no_index) naming the shard's folder when a local shard is missing or
// cannot be read; Xapian::NetworkError when a remote shard cannot be reached within `timeouts`
// (Xapian::NetworkTimeoutError when it connects but does not answer).
Xapian::Database open_stub_shard(const std::filesystem::path& db, const std::string& line, const ShardTimeouts& timeouts);

// "remote 127.0.0.1:45671" from a Xapian::NetworkError's context "remote:tcp(127.0.0.1:45671)";
// "a shard of the index" when the error does not say.
std::string shard_name(const Xapian::Error& error);

}  // namespace palermo
