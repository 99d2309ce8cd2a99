// The corpus folder as the indexer sees it: which files are documents, and reading one safely.
// Every file is a candidate document except hidden ones, README.md and sidecars: `<name>.md`
// (Markdown), `<name>.txt` (plain text, e.g. copied out of a PDF) and `<name>.pdf`; any other
// extension is listed with format `unsupported`, so the indexer reports it instead of ignoring it.
// A sidecar `<name>.meta.json` beside a document supplies or corrects metadata the text does not
// state. A language code before the extension (`x.es.md`, `x.en.pdf`) names the language.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace palermo {

enum class SourceFormat { markdown, text, pdf, unsupported };

struct CorpusFile {
  std::filesystem::path path;  // on disk
  std::string relative;        // to the corpus root, '/'-separated: the file's key in the index
  std::string document_id;     // relative path without its extension, '/' -> '.': "resolution-6-4.es"
  std::string lang_hint;       // "es" from "x.es.md"; empty when the name has no language suffix
  SourceFormat format = SourceFormat::markdown;  // from the extension, case aside
};

struct SourceLimits {
  std::uintmax_t max_file_bytes = 8u << 20;
};

// A file's content after the checks, with the fingerprint that decides whether it changed.
struct SourceText {
  std::string content;       // the file's bytes: UTF-8 text for .md and .txt, PDF bytes for .pdf
  std::string sidecar_json;  // empty when there is no sidecar
  std::string fingerprint;   // of content and sidecar together
};

// Why a file was not indexed, in words a user can act on.
class RejectedInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Every candidate document under `root`, sorted by relative path (unsupported formats included).
// Throws std::runtime_error when `root` is not a readable folder.
std::vector<CorpusFile> list_corpus(const std::filesystem::path& root);

// Reads `file` and its sidecar. Throws RejectedInput when the format is unsupported, the file is
// empty or over the size limit, or, for text formats, binary (NUL bytes) or not UTF-8 (the offset
// of the first bad byte is given).
SourceText read_source(const CorpusFile& file, const SourceLimits& limits);

}  // namespace palermo
