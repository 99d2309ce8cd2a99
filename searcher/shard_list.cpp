#include "searcher/shard_list.h"

#include <fstream>
#include <stdexcept>

namespace palermo {
namespace {

namespace fs = std::filesystem;

fs::path stub_file(const fs::path& db) {
  if (fs::is_directory(db)) return db / "XAPIANDB";
  return db;
}

}  // namespace

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

Xapian::Database open_stub_shard(const fs::path& db, const std::string& line) {
  const auto space = line.find(' ');
  const std::string kind = line.substr(0, space);
  const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
  if (kind == "auto" || kind == "glass") {
    fs::path path = rest;
    if (path.is_relative()) path = stub_file(db).parent_path() / path;
    return Xapian::Database(path.string());
  }
  if (kind == "remote") {
    const auto colon = rest.rfind(':');
    if (colon != std::string::npos) {
      const std::string host = colon == 0 ? "127.0.0.1" : rest.substr(0, colon);
      return Xapian::Remote::open(host, static_cast<unsigned int>(std::stoul(rest.substr(colon + 1))));
    }
  }
  throw std::invalid_argument("a stub line palermo-search cannot open alone: \"" + line + "\"");
}

std::string shard_name(const Xapian::Error& error) {
  std::string context = error.get_context();  // "remote:tcp(127.0.0.1:45671)"
  const auto open = context.find('(');
  if (context.starts_with("remote:") && open != std::string::npos && context.back() == ')') {
    return "remote " + context.substr(open + 1, context.size() - open - 2);
  }
  return context.empty() ? "a shard" : context;
}

}  // namespace palermo
