#include "document/text_scan.h"

#include <algorithm>
#include <array>

namespace palermo {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::optional<std::string> iso_date(int year, int month, int day) {
  constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return std::nullopt;
  const bool leap_day = month == 2 && day == 29 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  if (day > kDays[static_cast<std::size_t>(month - 1)] && !leap_day) return std::nullopt;
  return std::to_string(year) + "-" + two_digits(month) + "-" + two_digits(day);
}

}  // namespace

bool is_number(std::string_view word) {
  if (word.empty() || word.size() > 4) return false;
  for (char c : word) {
    if (!is_digit(c)) return false;
  }
  return true;
}

std::optional<HeadingRank> heading_rank(std::string_view text) {
  constexpr std::size_t kMaxNumbering = 5;  // "XVIII"
  const auto dot = text.find(". ");
  if (dot == 0 || dot == std::string_view::npos || dot > kMaxNumbering || dot + 2 >= text.size()) return std::nullopt;
  const std::string_view numbering = text.substr(0, dot);
  if (numbering.find_first_not_of("IVX") == std::string_view::npos) return HeadingRank::chapter;
  if (numbering.size() == 1 && numbering[0] >= 'A' && numbering[0] <= 'Z') return HeadingRank::section;
  if (numbering.size() <= 2 && std::all_of(numbering.begin(), numbering.end(), is_digit)) return HeadingRank::subsection;
  return std::nullopt;
}

bool ends_with_final_punctuation(std::string_view text) {
  // Closing quotes and brackets may follow the punctuation: «...».» / "...;" / (...).
  constexpr std::array<std::string_view, 7> kClosers{"\"", "'", ")", "]", "”", "’", "»"};
  bool trimmed = true;
  while (trimmed) {
    trimmed = false;
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    for (std::string_view closer : kClosers) {
      if (text.ends_with(closer)) {
        text.remove_suffix(closer.size());
        trimmed = true;
      }
    }
  }
  if (text.empty()) return false;
  const char last = text.back();
  return last == '.' || last == ';' || last == ':' || last == '!' || last == '?';
}

std::string leading_words(std::string_view text, std::size_t count) {
  std::size_t end = 0;
  for (std::size_t n = 0; n < count && end < text.size(); ++n) {
    end = text.find_first_not_of(' ', end);
    if (end == std::string_view::npos) break;
    end = text.find(' ', end);
    if (end == std::string_view::npos) end = text.size();
  }
  std::string out(text.substr(0, end));
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string url_slug(std::string_view label) {
  std::string out;
  for (char c : label) {
    if (is_digit(c) || is_ascii_letter(c)) {
      out += static_cast<char>(is_ascii_letter(c) ? (c | 0x20) : c);
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// "1o" (from "1º" after NFKC), "1°", "1er": the first of a month written as an ordinal.
static std::optional<int> ordinal_day(std::string_view word) {
  for (std::string_view indicator : {"o", "°", "er"}) {
    if (word.size() > indicator.size() && word.ends_with(indicator)) {
      const std::string_view digits = word.substr(0, word.size() - indicator.size());
      if (digits.size() <= 2 && is_number(digits)) return std::stoi(std::string(digits));
    }
  }
  return std::nullopt;
}

std::optional<DateSpan> read_date_span(const DomainData& domain, std::string_view folded) {
  std::vector<int> days, months, years;
  for (const std::string& w : words_of(folded)) {
    if (const auto day = ordinal_day(w)) {
      days.push_back(*day);
    } else if (is_number(w)) {
      (w.size() == 4 ? years : days).push_back(std::stoi(w));
    } else if (const auto month = domain.month(w)) {
      months.push_back(*month);
    }
  }
  if (years.empty() || years.size() > 2 || months.empty() || months.size() > 2 || days.empty() || days.size() > 2) {
    return std::nullopt;
  }
  // "6 a 10 de octubre": one month for both days; "30 de septiembre a 2 de octubre": one each.
  const auto start = iso_date(years.front(), months.front(), days.front());
  const auto end = iso_date(years.back(), months.back(), days.back());
  if (!start || !end || *end < *start) return std::nullopt;
  return DateSpan{*start, *end};
}

std::optional<std::string> lone_document_symbol(std::string_view text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.remove_suffix(1);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (text.size() < 5 || text.find('/') == std::string_view::npos || !(text[0] >= 'A' && text[0] <= 'Z')) {
    return std::nullopt;
  }
  for (char c : text) {
    if (!(is_digit(c) || (c >= 'A' && c <= 'Z') || c == '/' || c == '.' || c == '-')) return std::nullopt;
  }
  return std::string(text);
}

}  // namespace palermo
