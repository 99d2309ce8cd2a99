// Where a program finds its data folders (domain/, stopwords/, web/) and its configuration, both
// when run from a build tree and when installed (cmake --install, the .deb).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace palermo {

// `<folder of the running program>/../share/palermo` when it holds domain/ (an installed program,
// under any prefix or DESTDIR); otherwise `build_tree_default` (a program run from its build tree,
// which reads the source folder).
std::filesystem::path default_data_dir(const std::filesystem::path& build_tree_default);

// The settings both programs share, from /etc/palermo/palermo.conf. Unset keys stay empty; an
// option given on the command line wins over the file.
struct ProgramConfig {
  std::optional<std::string> corpus;  // folder of documents (palermo-index --corpus)
  std::optional<std::string> index;   // index folder (--db of both programs)
  std::optional<std::string> host;    // palermo-search serve --host
  std::optional<int> port;            // palermo-search serve --port, 0..65535
  std::optional<int> threads;         // palermo-search serve --threads, 1..256
};

// The file named by $PALERMO_CONFIG; else, for an installed program, /etc/palermo/palermo.conf
// (installed under /usr, as the .deb does) or `<prefix>/etc/palermo/palermo.conf`; else (a build
// tree) an empty path: no configuration is read.
std::filesystem::path default_config_file();

// Reads `key = value` lines; blank lines and lines starting with '#' are skipped. Throws
// std::runtime_error naming file and line for an unknown key, a line without '=', or a value out
// of range, so a typo in the configuration stops the program instead of being ignored.
// A missing file (or an empty path) gives an empty ProgramConfig when `required` is false, and
// throws otherwise.
struct ConfigOptions {
  bool required = false;
};
ProgramConfig read_config(const std::filesystem::path& file, const ConfigOptions& options);

}  // namespace palermo
