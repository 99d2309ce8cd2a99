#include "domain/installation.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace palermo {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

int whole_number(const std::string& value, int low, int high, const std::string& where) {
  std::size_t end = 0;
  int n = 0;
  try {
    n = std::stoi(value, &end);
  } catch (const std::exception&) {
    end = 0;
  }
  if (end == 0 || end != value.size() || n < low || n > high) {
    throw std::runtime_error(where + ": must be a whole number from " + std::to_string(low) + " to " +
                             std::to_string(high) + ", not \"" + value + "\"");
  }
  return n;
}

}  // namespace

namespace {

// The prefix the running program is installed under (`<prefix>/bin/<program>` beside
// `<prefix>/share/palermo/domain`), or nothing when it runs from a build tree.
std::optional<std::filesystem::path> installed_prefix() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  const std::filesystem::path prefix = exe.parent_path().parent_path();
  if (!std::filesystem::is_directory(prefix / "share" / "palermo" / "domain", ec)) return std::nullopt;
  return prefix;
}

}  // namespace

std::filesystem::path default_data_dir(const std::filesystem::path& build_tree_default) {
  if (const auto prefix = installed_prefix()) return *prefix / "share" / "palermo";
  return build_tree_default;
}

std::filesystem::path default_config_file() {
  if (const char* env = std::getenv("PALERMO_CONFIG"); env != nullptr && *env != '\0') return env;
  const auto prefix = installed_prefix();
  if (!prefix) return {};  // a build tree reads no configuration unless told to
  if (*prefix == "/usr") return "/etc/palermo/palermo.conf";
  return *prefix / "etc" / "palermo" / "palermo.conf";
}

ProgramConfig read_config(const std::filesystem::path& file, const ConfigOptions& options) {
  ProgramConfig config;
  if (file.empty()) return config;
  std::ifstream in(file);
  if (!in) {
    if (options.required || std::filesystem::exists(file)) {
      throw std::runtime_error("cannot read the configuration file " + file.string());
    }
    return config;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = trim(line);
    if (line.empty() || line.starts_with('#')) continue;
    const std::string where = file.string() + ":" + std::to_string(number);
    const auto equals = line.find('=');
    if (equals == std::string::npos) throw std::runtime_error(where + ": expected key = value");
    const std::string key = trim(line.substr(0, equals)), value = trim(line.substr(equals + 1));
    if (value.empty()) throw std::runtime_error(where + ": " + key + " has no value");
    if (key == "corpus") {
      config.corpus = value;
    } else if (key == "index") {
      config.index = value;
    } else if (key == "host") {
      config.host = value;
    } else if (key == "port") {
      config.port = whole_number(value, 0, 65535, where + ": port");
    } else if (key == "threads") {
      config.threads = whole_number(value, 1, 256, where + ": threads");
    } else {
      throw std::runtime_error(where + ": unknown key \"" + key + "\" (known: corpus, index, host, port, threads)");
    }
  }
  return config;
}

}  // namespace palermo
