// Shared set-up for tests that need an index: the domain tables, the analysis options, and
// a throw-away folder that is removed when the test ends.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "analysis/analyzer.h"
#include "domain/domain_data.h"

namespace palermo::testing {

inline AnalysisOptions analysis_options() {
  AnalysisOptions options;
  options.stopwords_dir = PALERMO_SOURCE_DIR "/stopwords";
  return options;
}

inline const DomainData& domain() {
  static const DomainData d = DomainData::load(PALERMO_SOURCE_DIR "/domain");
  return d;
}

inline std::filesystem::path corpus_dir() { return PALERMO_SOURCE_DIR "/corpus"; }

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("palermo-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

inline void copy_corpus(const std::filesystem::path& to) {
  std::filesystem::create_directories(to);
  for (const auto& e : std::filesystem::directory_iterator(corpus_dir())) {
    const std::string name = e.path().filename().string();
    if ((e.path().extension() == ".md" && name != "README.md") || name.ends_with(".meta.json")) {
      std::filesystem::copy_file(e.path(), to / e.path().filename());
      std::filesystem::permissions(to / e.path().filename(), std::filesystem::perms::owner_write,
                                   std::filesystem::perm_options::add);
    }
  }
}

}  // namespace palermo::testing
