#include "searcher/shard_list.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "searcher/search_error.h"

namespace palermo {
namespace {

namespace fs = std::filesystem;

std::invalid_argument bad_line(const fs::path& db, const std::string& line, const std::string& why) {
  return std::invalid_argument(stub_file(db).string() + ": the line \"" + line + "\" " + why);
}

// A local shard Xapian could not open says only "Couldn't stat" or "Couldn't detect type of
// database": say which shard of which index, and why when the file system tells.
void check_local_shard(const fs::path& db, const fs::path& shard) {
  const std::string which = "the shard " + shard.string() + " of the index at " + db.string();
  std::error_code ec;
  if (!fs::exists(shard, ec)) {
    throw SearchError(SearchError::Code::no_index,
                      which + " is missing; restore it, or rebuild the index with palermo-index --rebuild");
  }
  if (::access(shard.c_str(), R_OK | X_OK) != 0) {
    throw SearchError(SearchError::Code::no_index, which + " cannot be read (" + std::strerror(errno) + ")");
  }
}

}  // namespace

fs::path stub_file(const fs::path& db) {
  if (fs::is_directory(db)) return db / "XAPIANDB";
  return db;
}

bool is_stub(const fs::path& db) { return fs::is_regular_file(stub_file(db)); }

std::vector<std::string> stub_shards(const fs::path& db) {
  std::vector<std::string> lines;
  const fs::path stub = stub_file(db);
  if (!fs::is_regular_file(stub)) return lines;
  std::ifstream in(stub);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

namespace {

// One stub line read: a local shard folder, or a remote shard's host and port.
struct StubLine {
  fs::path folder;    // a local shard (auto, glass), relative paths resolved against the stub's folder
  std::string host;   // a remote shard: a host name or an IPv4 address
  unsigned int port = 0;
};

StubLine read_stub_line(const fs::path& db, const std::string& line) {
  const auto space = line.find(' ');
  const std::string kind = line.substr(0, space);
  const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
  if (kind == "auto" || kind == "glass") {
    if (rest.empty()) throw bad_line(db, line, "names no shard folder");
    fs::path path = rest;
    if (path.is_relative()) path = stub_file(db).parent_path() / path;
    // A stub listing a stub: Xapian would open it, but its shards are not checked as one index's
    // (a second QA of issue 11, N9: "cannot be read (Permission denied)", the cause unsaid).
    std::error_code ec;
    if (fs::is_regular_file(path, ec) || fs::is_regular_file(path / "XAPIANDB", ec)) {
      throw bad_line(db, line, "names a stub, not a shard folder: list that stub's shard lines here instead");
    }
    return StubLine{path, {}, 0};
  }
  if (kind == "remote") {
    // Xapian reads "remote :PROGRAM" as a program to run: not a shard palermo-search serves.
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0) throw bad_line(db, line, "is not remote HOST:PORT");
    const std::string host = rest.substr(0, colon);
    // "127.0.0.1:3300:5", "[::1]:3300" or "::1:3300" would be looked up as a host name and "cannot
    // be reached; try again later" (a second QA of issue 11, N9). Xapian 1.4's remote backend
    // resolves IPv4 only (xapian-tcpsrv --interface ::1: "Address family for hostname not supported").
    if (host.find_first_of(":[]") != std::string::npos) {
      throw bad_line(db, line, "is not remote HOST:PORT (one port, and a host name or an IPv4 address: Xapian's remote backend does not reach IPv6 addresses)");
    }
    const std::string port_text = rest.substr(colon + 1);
    unsigned int port = 0;
    const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      throw bad_line(db, line, "has a port that is not a number 1..65535");
    }
    return StubLine{{}, host, port};
  }
  throw bad_line(db, line, "is none of \"auto PATH\", \"glass PATH\", \"remote HOST:PORT\"");
}

}  // namespace

void check_stub_lines(const fs::path& db, const std::vector<std::string>& lines) {
  if (lines.empty()) {
    throw std::invalid_argument(stub_file(db).string() +
                                " lists no shard: list the index's shards, one line each (auto PATH or remote HOST:PORT)");
  }
  for (const std::string& line : lines) read_stub_line(db, line);
}

Xapian::Database open_stub_shard(const fs::path& db, const std::string& line, const ShardTimeouts& timeouts) {
  const StubLine shard = read_stub_line(db, line);
  if (shard.port == 0) {
    check_local_shard(db, shard.folder);
    try {
      return Xapian::Database(shard.folder.string());
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw SearchError(SearchError::Code::no_index, "the shard " + shard.folder.string() + " of the index at " + db.string() +
                                                         " cannot be opened (" + e.get_msg() +
                                                         "); rebuild the index with palermo-index --rebuild");
    }
  }
  return Xapian::Remote::open(shard.host, shard.port, static_cast<useconds_t>(timeouts.read.count()),
                              static_cast<useconds_t>(timeouts.connect.count()));
}

std::vector<fs::path> local_index_folders(const fs::path& db) {
  std::vector<fs::path> folders;
  std::error_code ec;
  if (fs::is_directory(db, ec)) folders.push_back(db);
  for (const std::string& line : stub_shards(db)) {
    try {
      const StubLine shard = read_stub_line(db, line);
      if (shard.port != 0) continue;
      const fs::path folder = shard.folder.lexically_normal();
      const bool inside = !folders.empty() && !folder.lexically_relative(folders.front().lexically_normal()).empty() &&
                          !folder.lexically_relative(folders.front().lexically_normal()).string().starts_with("..");
      if (!inside) folders.push_back(folder);
    } catch (const std::invalid_argument&) {
    }
  }
  return folders;
}

std::string shard_name(const Xapian::Error& error) {
  std::string context = error.get_context();  // "remote:tcp(127.0.0.1:45671)"
  const auto open = context.find('(');
  if (context.starts_with("remote:") && open != std::string::npos && context.back() == ')') {
    return "remote " + context.substr(open + 1, context.size() - open - 2);
  }
  return context.empty() ? "a shard of the index" : context;
}

}  // namespace palermo
