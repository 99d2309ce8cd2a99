// Walking a corpus folder without trusting it. The folder is filled by people and scripts, so it
// may hold symbolic links (dangling, looping, leading elsewhere on the machine), FIFOs and device
// files (reading one blocks or never ends), folders named like documents, and sub-folders that
// cannot be read. The walk never opens anything but folders, never follows a link out of the
// corpus or into a folder, and says what it passed over instead of ignoring it.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace palermo {

// A file the index does not take, and why, in words a user can act on.
struct SkippedFile {
  std::string file;    // relative to the corpus root, '/'-separated
  std::string reason;  // begins with the file name: "x.md: not valid UTF-8 (...)"
};

struct WalkedFile {
  std::filesystem::path path;  // on disk (a link inside the corpus to a regular file in it is kept as the link)
  std::string relative;        // to the corpus root, '/'-separated
};

struct CorpusWalk {
  std::vector<WalkedFile> files;                // regular files, sorted by relative path
  std::vector<SkippedFile> problems;            // entries passed over, each reported
  std::vector<std::string> unreadable_folders;  // relative paths; what the index holds from them stays
};

struct WalkOptions {
  // Which names are meant as documents: a FIFO, device, dangling link or folder with such a name
  // is reported; with any other name it is passed over silently.
  std::function<bool(std::string_view name)> looks_like_document;
};

// Every regular file under `root` (hidden entries, starting with '.', left out and reported). Throws
// std::runtime_error when `root` itself is not a readable folder; anything below it that cannot
// be read is reported in CorpusWalk::problems instead.
CorpusWalk walk_corpus(const std::filesystem::path& root, const WalkOptions& options);

}  // namespace palermo
