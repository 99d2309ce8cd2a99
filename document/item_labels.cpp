#include "document/item_labels.h"

#include <array>
#include <utility>

namespace palermo {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

constexpr std::array<std::pair<int, std::string_view>, 9> kRomanDigits{
    {{100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}}};

std::string to_roman(int n) {
  std::string out;
  for (const auto& [value, digits] : kRomanDigits) {
    for (; n >= value; n -= value) out += digits;
  }
  return out;
}

// 0 unless `s` is a well-formed lower-case roman numeral up to 39.
int roman_value(std::string_view s) {
  for (int n = 1; n < 40; ++n) {
    if (to_roman(n) == s) return n;
  }
  return 0;
}

}  // namespace

std::optional<ItemMarker> item_marker_at_start(std::string_view text) {
  std::size_t i = 0;
  const bool parenthesised = text.starts_with('(');
  if (parenthesised) ++i;
  const std::size_t start = i;
  while (i < text.size() && is_lower(text[i])) ++i;
  if (i == start || i >= text.size() || text[i] != ')') return std::nullopt;
  const std::string value(text.substr(start, i - start));
  // One letter, or a roman numeral: "a)", "k)", "iv)"; "las)" is a word, not a marker.
  if (value.size() > 1 && roman_value(value) == 0) return std::nullopt;
  ++i;
  if (i < text.size() && text[i] != ' ') return std::nullopt;
  while (i < text.size() && text[i] == ' ') ++i;
  return ItemMarker{value, i};
}

PlacedItem ItemNumbering::number(int n) {
  number_ = n;
  letter_.clear();
  roman_ = 0;
  return {std::to_string(n), ItemLevel::number};
}

bool ItemNumbering::continues_letters(std::string_view value) const {
  if (value.size() != 1) return false;
  return letter_.empty() ? value == "a" : value[0] == letter_[0] + 1;
}

bool ItemNumbering::continues_romans(std::string_view value) const {
  return !letter_.empty() && roman_value(value) == roman_ + 1;
}

std::string ItemNumbering::prefix() const { return number_ > 0 ? std::to_string(number_) + " " : ""; }

PlacedItem ItemNumbering::item(std::string_view value) {
  const bool letter = continues_letters(value), roman = continues_romans(value);
  // An open run of numerals goes on ("v)" after "iv)" even after "u)"); "i)" right after "h)"
  // is the letter; a marker that continues nothing is a letter if it is one letter long.
  const bool as_roman = roman ? (roman_ > 0 || !letter) : (!letter && !letter_.empty() && value.size() > 1);
  if (as_roman) {
    roman_ = roman_value(value);
    return {prefix() + letter_ + ") " + std::string(value) + ")", ItemLevel::roman};
  }
  letter_ = std::string(value);
  roman_ = 0;
  return {prefix() + letter_ + ")", ItemLevel::letter};
}

}  // namespace palermo
