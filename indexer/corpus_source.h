// The corpus folder as the indexer sees it: which files are documents, and reading one safely.
// A document is `<name>.<lang>.md` (any `.md` except README.md), optionally with a sidecar
// `<name>.<lang>.meta.json` that supplies or corrects metadata the text does not state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace palermo {

struct CorpusFile {
  std::filesystem::path path;  // on disk
  std::string relative;        // to the corpus root, '/'-separated: the file's key in the index
  std::string document_id;     // relative path without ".md", '/' -> '.': "resolution-6-4.es"
  std::string lang_hint;       // "es" from "x.es.md"; empty when the name has no language suffix
};

struct SourceLimits {
  std::uintmax_t max_file_bytes = 8u << 20;
};

// A file's content after the checks, with the fingerprint that decides whether it changed.
struct SourceText {
  std::string markdown;
  std::string sidecar_json;  // empty when there is no sidecar
  std::string fingerprint;   // of markdown and sidecar together
};

// Why a file was not indexed, in words a user can act on.
class RejectedInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every document file under `root`, sorted by relative path. Throws std::runtime_error when
// `root` is not a readable folder.
std::vector<CorpusFile> list_corpus(const std::filesystem::path& root);

// Reads `file` and its sidecar. Throws RejectedInput when the file is empty, over the size limit,
// binary (NUL bytes) or not UTF-8 (the offset of the first bad byte is given).
SourceText read_source(const CorpusFile& file, const SourceLimits& limits);

}  // namespace palermo
