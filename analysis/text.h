// Unicode text primitives shared by every stage that compares or matches text.
// All functions take and return UTF-8; they are thread-safe (ICU normalizers are immutable).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace palermo {

// NFKC with Unicode case folding: "Año", "AÑO" -> "año"; "12º" -> "12o".
// Precondition: `text` is valid UTF-8 (see utf8_error).
std::string casefold(std::string_view text);

// casefold() and then every accent and diacritic removed: "Niños" -> "ninos", "Técnica" -> "tecnica".
std::string fold(std::string_view text);

// Removes combining marks only (no case change): "Técnica" -> "Tecnica".
std::string strip_accents(std::string_view text);

// Byte offset of the first invalid UTF-8 sequence, or nullopt when `bytes` is valid UTF-8.
std::optional<std::size_t> utf8_error(std::string_view bytes);

// A hex digest of `bytes` that is the same across runs, builds and compilers (std::hash is not):
// FNV-1a, 64 bits. For change detection, not security.
std::string stable_hash(std::string_view bytes);

}  // namespace palermo
