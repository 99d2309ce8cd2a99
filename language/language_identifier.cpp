#include "language/language_identifier.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <climits>

namespace palermo {
namespace {

// Enough text to decide on; CLD2 would read a whole report for no better answer.
constexpr std::size_t kSampleBytes = 64 * 1024;

}  // namespace

std::optional<IdentifiedLanguage> identify_language(std::string_view text) {
  std::size_t size = std::min(text.size(), kSampleBytes);
  // Never cut a UTF-8 sequence: back up to the start of a character.
  while (size > 0 && size < text.size() && (static_cast<unsigned char>(text[size]) & 0xC0) == 0x80) --size;
  CLD2::Language languages[3];
  int percents[3];
  int bytes = 0;
  bool reliable = false;
  const CLD2::Language top = CLD2::DetectLanguageSummary(text.data(), static_cast<int>(size), /*is_plain_text=*/true,
                                                         languages, percents, &bytes, &reliable);
  if (!reliable || top == CLD2::UNKNOWN_LANGUAGE) return std::nullopt;
  return IdentifiedLanguage{CLD2::LanguageCode(top), percents[0]};
}

}  // namespace palermo
