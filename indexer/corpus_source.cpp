#include "indexer/corpus_source.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

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

SourceFormat format_of(std::string extension) {
  for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
  for (const Extension& e : kExtensions) {
    if (extension == e.name) return e.format;
  }
  return SourceFormat::unsupported;
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

std::string read_limited(const std::filesystem::path& path, std::uintmax_t max_bytes, const std::string& shown) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw RejectedInput(shown + ": cannot read (" + ec.message() + ")");
  if (size > max_bytes) {
    throw RejectedInput(shown + ": too large (" + std::to_string(size) + " bytes; the limit is " +
                        std::to_string(max_bytes) + ")");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RejectedInput(shown + ": cannot open for reading");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
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

std::vector<CorpusFile> list_corpus(const std::filesystem::path& root) {
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    throw std::runtime_error("corpus folder " + root.string() + " does not exist or is not a folder");
  }
  std::vector<CorpusFile> files;
  for (auto it = std::filesystem::recursive_directory_iterator(
           root, std::filesystem::directory_options::skip_permission_denied, ec);
       it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw std::runtime_error("cannot list " + root.string() + ": " + ec.message());
    const std::string name = it->path().filename().string();
    if (name.starts_with('.')) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file() || name == kFolderReadme || ends_with(name, kSidecarExtension)) continue;
    CorpusFile f;
    f.path = it->path();
    f.relative = std::filesystem::relative(it->path(), root).generic_string();
    const std::string extension = it->path().extension().string();
    f.format = format_of(extension.empty() ? extension : extension.substr(1));
    std::string stem = f.relative.substr(0, f.relative.size() - extension.size());
    f.lang_hint = lang_suffix(stem);
    std::replace(stem.begin(), stem.end(), '/', '.');
    f.document_id = stem;
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.relative < b.relative; });
  return files;
}

SourceText read_source(const CorpusFile& file, const SourceLimits& limits) {
  if (file.format == SourceFormat::unsupported) throw RejectedInput(file.relative + ": unsupported format");
  SourceText source;
  source.content = read_limited(file.path, limits.max_file_bytes, file.relative);
  if (file.format == SourceFormat::pdf) {
    if (source.content.empty()) throw RejectedInput(file.relative + ": empty");
  } else {
    check_text(source.content, file.relative);
  }
  std::filesystem::path sidecar = file.path;
  sidecar.replace_extension(kSidecarExtension);
  if (std::filesystem::exists(sidecar)) {
    const std::string shown = file.relative + " (sidecar " + sidecar.filename().string() + ")";
    source.sidecar_json = read_limited(sidecar, limits.max_file_bytes, shown);
    check_text(source.sidecar_json, shown);
  }
  source.fingerprint = fingerprint(source.content, source.sidecar_json);
  return source;
}

}  // namespace palermo
