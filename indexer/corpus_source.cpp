#include "indexer/corpus_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <array>
#include <map>
#include <optional>

#include "analysis/text.h"

namespace palermo {
namespace {

constexpr std::string_view kSidecarExtension = ".meta.json";
// The folder's own description, not a document.
constexpr std::string_view kFolderReadme = "README.md";

struct Extension {
  std::string_view name;
  SourceFormat format;
};
constexpr std::array<Extension, 3> kExtensions{{
    {"md", SourceFormat::markdown}, {"txt", SourceFormat::text}, {"pdf", SourceFormat::pdf}}};

// The format an extension (without its dot, any case) names; nullopt for any other.
std::optional<SourceFormat> format_of(std::string extension) {
  for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  for (const Extension& e : kExtensions) {
    if (extension == e.name) return e.format;
  }
  return std::nullopt;
}

// Word-processor files: no Debian library reads them with their automatic paragraph numbering
// (UN documents number paragraphs that way, so "1." is not in the text; see README, "Adding
// documents"), and a paragraph without its number cannot be cited. The PDF the UN publishes, or
// the file saved as PDF, is read.
constexpr std::array<std::string_view, 4> kSaveAsPdf{"docx", "doc", "odt", "rtf"};

// "unsupported format", with what to do when there is something to do.
std::string unsupported(std::string extension) {
  for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  for (std::string_view e : kSaveAsPdf) {
    if (extension == e) return "unsupported format (." + extension + ": save as PDF)";
  }
  return "unsupported format";
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string lang_suffix(std::string_view stem) {
  const auto dot = stem.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string_view code = stem.substr(dot + 1);
  const bool looks_like_code =
      code.size() == 2 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  return looks_like_code ? std::string(code) : std::string();
}

// Opened without blocking and checked on the open descriptor: a FIFO or device put in place of
// the file since the folder was listed is refused, never waited on.
std::string read_limited(const std::filesystem::path& path, std::uintmax_t max_bytes, const std::string& shown) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) throw RejectedInput(shown + ": cannot read (" + std::strerror(errno) + ")");
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw RejectedInput(shown + ": cannot read (" + std::strerror(errno) + ")");
  if (!S_ISREG(st.st_mode)) throw RejectedInput(shown + ": not a regular file; not read");
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > max_bytes) {
    throw RejectedInput(shown + ": too large (" + std::to_string(size) + " bytes; the limit is " +
                        std::to_string(max_bytes) + ")");
  }
  std::string bytes;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw RejectedInput(shown + ": cannot read (" + std::strerror(errno) + ")");
    if (n == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(n));
    if (bytes.size() > max_bytes) throw RejectedInput(shown + ": too large (grew while being read)");
  }
  return bytes;
}

void check_text(const std::string& bytes, const std::string& shown) {
  if (bytes.find_first_not_of(" \t\r\n") == std::string::npos) throw RejectedInput(shown + ": empty");
  if (const auto nul = bytes.find('\0'); nul != std::string::npos) {
    throw RejectedInput(shown + ": binary data (NUL byte at offset " + std::to_string(nul) + ")");
  }
  if (const auto bad = utf8_error(bytes)) {
    throw RejectedInput(shown + ": not valid UTF-8 (first bad byte at offset " + std::to_string(*bad) + ")");
  }
}

std::string fingerprint(const std::string& content, const std::string& sidecar) {
  return stable_hash(content + std::string(1, '\0') + sidecar) + "-" + std::to_string(content.size() + sidecar.size());
}

}  // namespace

std::string bounded_id(const std::string& id) {
  if (id.size() <= kMaxIdBytes) return id;
  std::size_t cut = kMaxIdBytes - 17;  // room for "~" and 16 hex digits
  while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return id.substr(0, cut) + "~" + stable_hash(id);
}

CorpusListing list_corpus(const std::filesystem::path& root) {
  WalkOptions walk_options;
  // A FIFO, device, dangling link or folder is reported when named like a document of a format
  // read; any regular file is a candidate, and one of another format is reported by name.
  walk_options.looks_like_document = [](std::string_view name) {
    const auto dot = name.rfind('.');
    return dot != std::string_view::npos && format_of(std::string(name.substr(dot + 1))) && name != kFolderReadme;
  };
  const auto candidate = [](std::string_view name) { return name != kFolderReadme && !ends_with(name, kSidecarExtension); };
  CorpusWalk walk = walk_corpus(root, walk_options);
  CorpusListing listing;
  listing.problems = std::move(walk.problems);
  listing.unreadable_folders = std::move(walk.unreadable_folders);
  std::map<std::string, std::string> owner;  // document id -> the file that has it
  for (WalkedFile& walked : walk.files) {
    const std::string name = walked.path.filename().string();
    if (!candidate(name)) continue;
    // Ids, records and answers are UTF-8 (JSON): such a name stopped the whole run before.
    if (utf8_error(walked.relative)) {
      std::string shown = walked.relative;
      while (const auto bad = utf8_error(shown)) shown[*bad] = '?';
      listing.problems.push_back({shown, shown + ": the file name is not valid UTF-8; rename it"});
      continue;
    }
    const std::string extension = walked.path.extension().string();
    const auto format = format_of(extension.empty() ? extension : extension.substr(1));
    if (!format) {
      listing.problems.push_back({walked.relative, walked.relative + ": " + unsupported(extension.empty() ? extension : extension.substr(1))});
      continue;
    }
    CorpusFile f;
    f.path = std::move(walked.path);
    f.relative = std::move(walked.relative);
    f.format = *format;
    std::string stem = f.relative.substr(0, f.relative.size() - extension.size());
    f.lang_hint = lang_suffix(stem);
    std::replace(stem.begin(), stem.end(), '/', '.');
    f.document_id = bounded_id(stem);
    if (const auto [it, fresh] = owner.emplace(f.document_id, f.relative); !fresh) {
      listing.problems.push_back({f.relative, f.relative + ": has the same document id \"" + f.document_id + "\" as " +
                                                  it->second + "; rename one of them"});
      listing.kept.push_back(f.relative);
      continue;
    }
    listing.files.push_back(std::move(f));
  }
  return listing;
}

SourceText read_source(const CorpusFile& file, const SourceLimits& limits) {
  SourceText source;
  source.content = read_limited(file.path, limits.max_file_bytes, file.relative);
  if (file.format == SourceFormat::pdf) {
    if (source.content.empty()) throw RejectedInput(file.relative + ": empty");
  } else {
    check_text(source.content, file.relative);
  }
  std::filesystem::path sidecar = file.path;
  sidecar.replace_extension(kSidecarExtension);
  const std::string shown = file.relative + " (sidecar " + sidecar.filename().string() + ")";
  // Never followed: a link could loop (which stopped every run) or read a file outside the
  // corpus into the index. The document waits until its sidecar is a plain file or gone.
  std::error_code ec;
  const auto sidecar_status = std::filesystem::symlink_status(sidecar, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) throw RejectedInput(shown + ": cannot read (" + ec.message() + ")");
  if (!ec && std::filesystem::is_symlink(sidecar_status)) {
    throw RejectedInput(shown + ": a symbolic link; sidecars are not followed, copy the file instead");
  }
  if (!ec && std::filesystem::exists(sidecar_status)) {
    source.sidecar_json = read_limited(sidecar, limits.max_file_bytes, shown);
    check_text(source.sidecar_json, shown);
  }
  source.fingerprint = fingerprint(source.content, source.sidecar_json);
  return source;
}

}  // namespace palermo
