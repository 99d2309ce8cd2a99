// The browser page's files, read once from the web folder at startup. Only files found there by
// name are ever served, so no request path can reach outside it.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace palermo {

struct StaticFile {
  std::string content;
  std::string mime_type;
};

class StaticFiles {
 public:
  // Reads the regular files directly in `folder` whose extension has a known MIME type and whose
  // name is plain (letters, digits, '.', '-', '_', not starting with '.'). A missing folder gives
  // an empty set.
  explicit StaticFiles(const std::filesystem::path& folder);

  // The file called `name`, or nullptr.
  const StaticFile* find(const std::string& name) const;
  std::size_t size() const { return files_.size(); }

 private:
  std::map<std::string, StaticFile> files_;
};

}  // namespace palermo
