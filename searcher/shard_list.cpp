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

Xapian::Database open_stub_shard(const fs::path& db, const std::string& line, const ShardTimeouts& timeouts) {
  const auto space = line.find(' ');
  const std::string kind = line.substr(0, space);
  const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
  if (kind == "auto" || kind == "glass") {
    if (rest.empty()) throw bad_line(db, line, "names no shard folder");
    fs::path path = rest;
    if (path.is_relative()) path = stub_file(db).parent_path() / path;
    check_local_shard(db, path);
    try {
      return Xapian::Database(path.string());
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw SearchError(SearchError::Code::no_index, "the shard " + path.string() + " of the index at " + db.string() +
                                                         " cannot be opened (" + e.get_msg() +
                                                         "); rebuild the index with palermo-index --rebuild");
    }
  }
  if (kind == "remote") {
    // Xapian reads "remote :PROGRAM" as a program to run: not a shard palermo-search serves.
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos || colon == 0) throw bad_line(db, line, "is not remote HOST:PORT");
    const std::string host = rest.substr(0, colon);
    const std::string port_text = rest.substr(colon + 1);
    unsigned int port = 0;
    const auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      throw bad_line(db, line, "has a port that is not a number 1..65535");
    }
    return Xapian::Remote::open(host, port, static_cast<useconds_t>(timeouts.read.count()),
                                static_cast<useconds_t>(timeouts.connect.count()));
  }
  throw bad_line(db, line, "is neither \"auto PATH\" nor \"remote HOST:PORT\"");
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
