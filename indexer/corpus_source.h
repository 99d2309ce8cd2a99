// The corpus folder as the indexer sees it: which files are documents, and reading one safely.
// Every file is a candidate document except hidden ones, README.md and sidecars: `<name>.md`
// (Markdown), `<name>.txt` (plain text, e.g. copied out of a PDF) and `<name>.pdf`; any other
// file is reported ("unsupported format"; a Word or RTF file with "save as PDF") instead of ignored. A sidecar `<name>.meta.json` beside
// a document supplies or corrects metadata the text does not state. A language code before the
// extension (`x.es.md`, `x.en.pdf`) names the language.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "indexer/corpus_walk.h"

namespace palermo {

enum class SourceFormat { markdown, text, pdf };

struct CorpusFile {
  std::filesystem::path path;  // on disk
  std::string relative;        // to the corpus root, '/'-separated: the file's key in the index
  std::string document_id;     // relative path without its extension, '/' -> '.': "resolution-6-4.es"; a long
                               // one is cut and ended with a hash of the whole (bounded_id), so its terms fit
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

struct CorpusListing {
  std::vector<CorpusFile> files;                // sorted by relative path
  std::vector<SkippedFile> problems;            // not indexed: special files, odd links, id clashes, other formats
  std::vector<std::string> kept;                // relative paths whose indexed paragraphs stay (id clashes)
  std::vector<std::string> unreadable_folders;  // relative; what the index holds from them stays
};

// Every document file under `root` (see corpus_walk.h for what is passed over and reported).
// Two files whose ids clash ("sub/x.es.md", "sub.x.es.md") are both kept out of sight of each
// other: the first by relative path is indexed, the other reported. Throws std::runtime_error
// when `root` is not a readable folder.
CorpusListing list_corpus(const std::filesystem::path& root);

// `id` itself when it has at most kMaxIdBytes bytes; else its first bytes (cut at a UTF-8
// boundary), "~" and a hash of the whole: unique in practice, and short enough that every term
// and metadata key holding it stays under Xapian's 245-byte limit.
inline constexpr std::size_t kMaxIdBytes = 120;
std::string bounded_id(const std::string& id);

// Reads `file` and its sidecar. Throws RejectedInput when the file is empty or over the size
// limit, or, for the text formats, binary (NUL bytes) or not UTF-8 (the offset of the first bad
// byte is given), or is no longer a regular file when opened (never blocks on a FIFO put in its
// place).
SourceText read_source(const CorpusFile& file, const SourceLimits& limits);

}  // namespace palermo
