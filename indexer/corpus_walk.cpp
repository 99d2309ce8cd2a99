#include "indexer/corpus_walk.h"

#include <algorithm>
#include <stdexcept>
#include <system_error>

namespace palermo {
namespace {

namespace fs = std::filesystem;

std::string kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::directory: return "a folder";
    default: return "not a regular file";
  }
}

bool inside(const fs::path& path, const fs::path& root) {
  const auto [r, p] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
  return r == root.end();
}

class Walker {
 public:
  Walker(const fs::path& root, const WalkOptions& options) : root_(root), options_(options) {
    std::error_code ec;
    canonical_root_ = fs::canonical(root, ec);
    if (ec || !fs::is_directory(canonical_root_, ec)) {
      throw std::runtime_error("corpus folder " + root.string() + " does not exist or is not a folder");
    }
    fs::directory_iterator probe(root, ec);
    if (ec) throw std::runtime_error("cannot read the corpus folder " + root.string() + ": " + ec.message());
  }

  CorpusWalk run() {
    std::vector<fs::path> folders{root_};
    while (!folders.empty()) {
      const fs::path folder = folders.back();
      folders.pop_back();
      list(folder, folders);
    }
    std::sort(walk_.files.begin(), walk_.files.end(), [](const auto& a, const auto& b) { return a.relative < b.relative; });
    return std::move(walk_);
  }

 private:
  std::string relative(const fs::path& path) const { return path.lexically_relative(root_).generic_string(); }

  void report(const std::string& rel, const std::string& why) { walk_.problems.push_back({rel, rel + ": " + why}); }

  void unreadable(const fs::path& folder, const std::error_code& ec) {
    const std::string rel = relative(folder);
    walk_.unreadable_folders.push_back(rel);
    report(rel + "/", "cannot read this folder (" + ec.message() + "); what the index holds from it is kept");
  }

  void list(const fs::path& folder, std::vector<fs::path>& folders) {
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) return unreadable(folder, ec);
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) return unreadable(folder, ec);
      entry(it->path(), folders);
    }
    if (ec) unreadable(folder, ec);
  }

  void entry(const fs::path& path, std::vector<fs::path>& folders) {
    const std::string name = path.filename().string();
    const std::string rel = relative(path);
    // Hidden entries (".git", an editor's ".x.md.swp", a copy someone hid) are never read, and
    // said so: a document hidden by a leading dot would otherwise vanish without a word.
    if (name.starts_with('.')) {
      std::error_code ec;
      return report(rel, fs::is_directory(fs::symlink_status(path, ec)) ? "hidden folder (its name starts with a dot); not read"
                                                                         : "hidden file (its name starts with a dot); not read");
    }
    const bool document_name = options_.looks_like_document && options_.looks_like_document(name);
    std::error_code ec;
    const fs::file_status own = fs::symlink_status(path, ec);
    if (ec) return report(rel, "cannot be examined (" + ec.message() + ")");
    if (fs::is_symlink(own)) return link(path, rel, document_name);
    if (fs::is_directory(own)) {
      if (document_name) report(rel, "is a folder, not a document; the files in it are still read");
      folders.push_back(path);
    } else if (fs::is_regular_file(own)) {
      walk_.files.push_back({path, rel});
    } else if (document_name) {
      report(rel, "is " + kind_of(own.type()) + ", not a regular file; not read");
    }
  }

  // A link is followed only to a regular file inside the corpus: never to a folder (loops,
  // the same document twice) and never outside (the corpus must not expose the machine).
  void link(const fs::path& path, const std::string& rel, bool document_name) {
    std::error_code ec;
    const fs::file_status target = fs::status(path, ec);
    if (ec || !fs::exists(target)) {
      if (!document_name) return;
      if (ec.value() == ELOOP) return report(rel, "symbolic link loop; not followed");
      return report(rel, "dangling symbolic link (its target does not exist)");
    }
    const fs::path resolved = fs::canonical(path, ec);
    if (ec) return report(rel, "symbolic link that cannot be resolved (" + ec.message() + ")");
    if (!inside(resolved, canonical_root_)) {
      if (document_name || fs::is_directory(target)) report(rel, "symbolic link leading outside the corpus folder; not followed");
      return;
    }
    if (fs::is_directory(target)) return report(rel, "symbolic link to a folder; not followed (link the files, or move the folder in)");
    if (!fs::is_regular_file(target)) {
      if (document_name) report(rel, "symbolic link to " + kind_of(target.type()) + ", not a regular file; not read");
      return;
    }
    walk_.files.push_back({path, rel});
  }

  fs::path root_, canonical_root_;
  const WalkOptions& options_;
  CorpusWalk walk_;
};

}  // namespace

CorpusWalk walk_corpus(const std::filesystem::path& root, const WalkOptions& options) {
  return Walker(root, options).run();
}

}  // namespace palermo
