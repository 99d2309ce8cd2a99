// Unicode text primitives shared by every stage that compares or matches text.
// All functions take and return UTF-8; they are thread-safe (ICU normalizers are immutable).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palermo {

// ---- UN typography -------------------------------------------------------------------------
// UN texts and what delegates paste from them write one character several ways. Every stage that
// reads text (index, query, snippets, references, the document parser) sees them as one:
//   apostrophes  ’ ‘ ʼ ＇ ′            -> '   (U+2019 is what UN editing writes: "Secretariat’s")
//   dashes       ‐ ‑ ‒ – — ― − ﹣ －   -> -   (a pasted "2016–2019" is "2016-2019")
//   soft hyphen, zero-width space, word joiner, BOM -> removed (invisible; they split words)
//   spaces       no-break, narrow no-break, figure and thin spaces -> ' '
// Returns `text` with these replaced; byte offsets change, so callers that need offsets into the
// original map one word at a time (see WordTokenizer). Precondition: valid UTF-8.
std::string normalize_typography(std::string_view text);

// The replacement normalize_typography() makes for one code point: the code point itself when
// none, 0 when it is removed.
char32_t typographic_equivalent(char32_t c);

// Whether `c` continues a word under ICU's word-break property (UAX #29): letters, digits, marks,
// connectors. Punctuation, symbols and spaces do not. The one character-level word rule of
// Palermo; the phrase tests below and WordTokenizer agree with it.
bool is_word_character(char32_t c);

// Unicode white space (U+0020, tabs, line ends, no-break and other spaces).
bool is_space(char32_t c);

// Word-level comparisons of already folded text (see fold()): a phrase matches only whole words,
// "wg" is not found in "wg4" and "ctoc" is found in "ctoc/cop".
bool starts_with_words(std::string_view text, std::string_view phrase);
bool contains_words(std::string_view text, std::string_view phrase);
// Ignores what may trail the phrase: punctuation and marks such as an agenda's "provisional*".
bool ends_with_words(std::string_view text, std::string_view phrase);
// Runs of word characters: "6-10 october 2014" and "6–10 october 2014" -> {"6", "10", "october",
// "2014"}. Apostrophes separate ("secretariat's" -> {"secretariat", "s"}).
std::vector<std::string> words_of(std::string_view text);

// Decodes the code point at byte `at` of valid UTF-8 and advances `at` past it.
char32_t next_code_point(std::string_view text, std::size_t& at);

// NFKC with Unicode case folding: "Año", "AÑO" -> "año"; "12º" -> "12o".
// Precondition: `text` is valid UTF-8 (see utf8_error).
std::string casefold(std::string_view text);

// casefold() and then every accent and diacritic removed: "Niños" -> "ninos", "Técnica" -> "tecnica".
std::string fold(std::string_view text);

// Removes combining marks only (no case change): "Técnica" -> "Tecnica".
std::string strip_accents(std::string_view text);

// Byte offset of the first invalid UTF-8 sequence, or nullopt when `bytes` is valid UTF-8.
std::optional<std::size_t> utf8_error(std::string_view bytes);

// Options of printable(). Spaces separate the fields of the text access log.
struct PrintableOptions {
  bool escape_spaces = false;
};

// `text` with every byte that could act on a terminal or a log reader written as \xNN: C0
// controls (NUL would cut a C string, CR and LF end the line and forge another, ESC starts
// terminal sequences), DEL, C1 controls (U+0080..U+009F), format characters (bidi overrides such
// as U+202E, zero-width characters) and line/paragraph separators (U+2028, U+2029), which change
// how a line shows without being seen, bytes that are not UTF-8, and the backslash itself (so that an escape in the text reads as the client's bytes); spaces too with
// `escape_spaces`. For what a program echoes of its input: error messages, logs.
std::string printable(std::string_view text, PrintableOptions options = {});

// Whether `text` holds a C0 control character or DEL (a filter value never does).
bool has_control_character(std::string_view text);

// A hex digest of `bytes` that is the same across runs, builds and compilers (std::hash is not):
// FNV-1a, 64 bits. For change detection, not security.
std::string stable_hash(std::string_view bytes);

}  // namespace palermo
