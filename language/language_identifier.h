// The language a document is written in, told from its text when its file name does not say.
// Backed by CLD2 (Debian's libcld2), which scores quadgrams of the text against 80+ languages;
// it needs no data files, and is reliable on a paragraph or more of prose.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace palermo {

struct IdentifiedLanguage {
  std::string code;    // ISO 639-1 ("es", "en", "fr", "ru"...), as CLD2 names it
  int percent = 0;     // share of the text in that language, 0..100
};

// The main language of `text` (valid UTF-8, plain text). Nullopt when the text is too short or
// too mixed for CLD2 to call its answer reliable: the caller reports the language as unknown
// rather than guess.
std::optional<IdentifiedLanguage> identify_language(std::string_view text);

}  // namespace palermo
