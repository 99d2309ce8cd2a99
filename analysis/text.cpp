#include "analysis/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

namespace palermo {
namespace {

const icu::Normalizer2& instance(const icu::Normalizer2* (*get)(UErrorCode&)) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = get(status);
  if (U_FAILURE(status) || n == nullptr) {
    throw std::runtime_error(std::string("ICU normalizer unavailable: ") + u_errorName(status));
  }
  return *n;
}

const icu::Normalizer2& nfkc_casefold() {
  static const icu::Normalizer2& n = instance(&icu::Normalizer2::getNFKCCasefoldInstance);
  return n;
}
const icu::Normalizer2& nfd() {
  static const icu::Normalizer2& n = instance(&icu::Normalizer2::getNFDInstance);
  return n;
}
const icu::Normalizer2& nfc() {
  static const icu::Normalizer2& n = instance(&icu::Normalizer2::getNFCInstance);
  return n;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

icu::UnicodeString normalize(const icu::Normalizer2& n, const icu::UnicodeString& s) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = n.normalize(s, status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normalisation failed: ") + u_errorName(status));
  return out;
}

icu::UnicodeString without_marks(const icu::UnicodeString& s) {
  icu::UnicodeString decomposed = normalize(nfd(), s);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) kept.append(c);
    i += U16_LENGTH(c);
  }
  return normalize(nfc(), kept);
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The byte where the code point ending just before `at` starts.
std::size_t previous_start(std::string_view text, std::size_t at) {
  std::size_t start = at - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  return start;
}

bool word_character_at(std::string_view text, std::size_t at) {
  if (at >= text.size()) return false;
  return is_word_character(next_code_point(text, at));
}

bool word_character_before(std::string_view text, std::size_t at) {
  if (at == 0) return false;
  std::size_t start = previous_start(text, at);
  return is_word_character(next_code_point(text, start));
}

}  // namespace

char32_t next_code_point(std::string_view text, std::size_t& at) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  auto i = static_cast<int32_t>(at);
  UChar32 c;
  U8_NEXT(p, i, static_cast<int32_t>(text.size()), c);
  at = static_cast<std::size_t>(i);
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

char32_t typographic_equivalent(char32_t c) {
  switch (c) {
    case 0x2019: case 0x2018: case 0x02BC: case 0xFF07: case 0x2032: case 0x201B:
      return U'\'';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212: case 0xFE63:
    case 0xFF0D: case 0xFE58:
      return U'-';
    case 0x00AD: case 0x200B: case 0x2060: case 0xFEFF:
      return 0;
    case 0x00A0: case 0x202F: case 0x2007: case 0x2009: case 0x200A: case 0x2002: case 0x2003:
      return U' ';
    default:
      // Control characters (a stray U+0001 from a converted file) separate words like a space.
      if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return c == U'\t' || c == U'\n' || c == U'\r' ? c : U' ';
      return c;
  }
}

std::string normalize_typography(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t start = at;
    const char32_t c = next_code_point(text, at);
    const char32_t mapped = typographic_equivalent(c);
    if (mapped == c) {
      out.append(text.substr(start, at - start));
    } else if (mapped != 0) {
      append_utf8(out, mapped);
    }
  }
  return out;
}

bool is_word_character(char32_t c) {
  if (typographic_equivalent(c) == U' ') return false;  // U+202F is ExtendNumLet for Mongolian
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  switch (u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER: case U_WB_HEBREW_LETTER: case U_WB_NUMERIC: case U_WB_KATAKANA: case U_WB_EXTENDNUMLET:
    case U_WB_EXTEND: case U_WB_FORMAT: case U_WB_ZWJ:
      return true;
    default:
      // Ideographs and other scripts without spaces have Word_Break=Other but are letters.
      return u_isalnum(static_cast<UChar32>(c)) != 0;
  }
}

bool is_space(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)) != 0; }

bool starts_with_words(std::string_view text, std::string_view phrase) {
  return !phrase.empty() && text.starts_with(phrase) && !word_character_at(text, phrase.size());
}

bool contains_words(std::string_view text, std::string_view phrase) {
  if (phrase.empty()) return false;
  for (auto at = text.find(phrase); at != std::string_view::npos; at = text.find(phrase, at + 1)) {
    if (!word_character_before(text, at) && !word_character_at(text, at + phrase.size())) return true;
  }
  return false;
}

bool ends_with_words(std::string_view text, std::string_view phrase) {
  std::size_t end = text.size();
  while (end > 0 && !word_character_before(text, end)) end = previous_start(text, end);
  text = text.substr(0, end);
  return !phrase.empty() && text.ends_with(phrase) && !word_character_before(text, text.size() - phrase.size());
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t word_start = std::string_view::npos;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t start = at;
    const bool inside = is_word_character(next_code_point(text, at));
    if (inside && word_start == std::string_view::npos) word_start = start;
    if (!inside && word_start != std::string_view::npos) {
      out.emplace_back(text.substr(word_start, start - word_start));
      word_start = std::string_view::npos;
    }
  }
  if (word_start != std::string_view::npos) out.emplace_back(text.substr(word_start));
  return out;
}

std::string casefold(std::string_view text) {
  if (is_ascii(text)) {
    std::string out(text);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  const std::string typography = normalize_typography(text);
  auto s = icu::UnicodeString::fromUTF8(icu::StringPiece(typography.data(), static_cast<int32_t>(typography.size())));
  return to_utf8(normalize(nfkc_casefold(), s));
}

std::string fold(std::string_view text) {
  if (is_ascii(text)) return casefold(text);
  const std::string typography = normalize_typography(text);
  auto s = icu::UnicodeString::fromUTF8(icu::StringPiece(typography.data(), static_cast<int32_t>(typography.size())));
  // Strip marks before and after case folding: NFKC recomposes what NFD split.
  return to_utf8(without_marks(normalize(nfkc_casefold(), without_marks(s))));
}

std::string strip_accents(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  auto s = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  return to_utf8(without_marks(s));
}

std::string printable(std::string_view text, PrintableOptions options) {
  std::string out;
  out.reserve(text.size());
  auto escape = [&out](unsigned char c) {
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    out += hex;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f || c == '\\' || (options.escape_spaces && c == ' ')) escape(c);
      else out += static_cast<char>(c);
      ++i;
      continue;
    }
    // One UTF-8 sequence, kept whole when valid and not a C1 control.
    const std::size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    bool valid = length > 0 && c < 0xf5 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
    if (valid && length == 2 && c < 0xc2) valid = false;  // overlong
    const bool c1 = valid && c == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0;
    if (!valid || c1) {
      escape(c);
      ++i;
      continue;
    }
    // Characters that act on how a log viewer lays out the line without being seen: bidi
    // overrides (U+202E shows "gnp.exe" for "exe.png"), zero-width characters, line and paragraph
    // separators. Written byte by byte, as the client sent them.
    int32_t at = static_cast<int32_t>(i);
    UChar32 cp = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), at, static_cast<int32_t>(text.size()), cp);
    const int8_t type = cp < 0 ? U_UNASSIGNED : u_charType(cp);
    if (cp < 0 || type == U_FORMAT_CHAR || type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR) {
      for (std::size_t k = 0; k < length; ++k) escape(static_cast<unsigned char>(text[i + k]));
      i += length;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7f;
  });
}

std::optional<std::size_t> utf8_error(std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto length = static_cast<int32_t>(bytes.size());
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) return std::size_t{INT32_MAX};
  int32_t i = 0;
  while (i < length) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, length, c);
    if (c < 0) return static_cast<std::size_t>(start);
  }
  return std::nullopt;
}

std::string stable_hash(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  static const char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<std::size_t>(i)] = digits[h & 0xf];
  return out;
}

}  // namespace palermo
