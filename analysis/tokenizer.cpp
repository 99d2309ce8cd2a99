#include "analysis/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <stdexcept>

#include "analysis/text.h"

namespace palermo {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_ordinal_indicator(std::string_view s) { return s == "\u00BA" || s == "\u00AA"; }  // º ª

// "12º" -> "12", "11th" -> "11", "1er" -> "1": the number of an ordinal written with its suffix.
// English suffixes need the number they belong to ("1st", not "1th"); Spanish "er" is "1er"/"3er".
std::string ordinal_number(const std::string& form) {
  std::size_t digits = 0;
  while (digits < form.size() && form[digits] >= '0' && form[digits] <= '9') ++digits;
  if (digits == 0 || digits == form.size()) return form;
  const std::string_view number(form.data(), digits);
  const std::string suffix = casefold(std::string_view(form).substr(digits));
  if (is_ordinal_indicator(std::string_view(form).substr(digits))) return std::string(number);
  const char last = number.back();
  const bool teen = digits >= 2 && number[digits - 2] == '1';
  if (suffix == "th" && (teen || (last != '1' && last != '2' && last != '3'))) return std::string(number);
  if (!teen && ((suffix == "st" && last == '1') || (suffix == "nd" && last == '2') || (suffix == "rd" && last == '3'))) {
    return std::string(number);
  }
  if (suffix == "er" && (last == '1' || last == '3')) return std::string(number);
  return form;
}

}  // namespace

void WordTokenizer::add(std::vector<Word>& out, std::string_view text, std::size_t b, std::size_t e) {
  if (b >= e) return;
  std::string form = normalize_typography(text.substr(b, e - b));
  if (form.empty()) return;
  if (!out.empty() && out.back().end < b) {
    const std::string_view gap = text.substr(out.back().end, b - out.back().end);
    // Only invisible characters between two pieces (a zero-width space inside "tra\u200bta"):
    // one word, as the reader sees it.
    if (normalize_typography(gap).empty()) {
      Word& last = out.back();
      last.form = ordinal_number(last.form + form);
      last.end = e;
      last.text = text.substr(last.begin, e - last.begin);
      return;
    }
    // The "º" of "12.º" (or "12 º"): part of the number before it, not a word.
    if (is_ordinal_indicator(form) && all_digits(out.back().form) && (gap == "." || gap == " ")) return;
  }
  if (is_ordinal_indicator(form) && !out.empty() && out.back().end == b && all_digits(out.back().form)) return;
  form = ordinal_number(form);
  out.push_back(Word{text.substr(b, e - b), b, e, std::move(form)});
}

WordTokenizer::WordTokenizer() {
  UErrorCode status = U_ZERO_ERROR;
  iterator_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU word breaker unavailable: ") + u_errorName(status));
}

WordTokenizer::~WordTokenizer() = default;
WordTokenizer::WordTokenizer(WordTokenizer&&) noexcept = default;
WordTokenizer& WordTokenizer::operator=(WordTokenizer&&) noexcept = default;

std::vector<Word> WordTokenizer::words(std::string_view text) {
  std::vector<Word> out;
  UErrorCode status = U_ZERO_ERROR;
  // A UTF-8 UText makes the break positions byte offsets into `text`: no conversion copies.
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU cannot read text: ") + u_errorName(status));
  iterator_->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    throw std::runtime_error(std::string("ICU cannot break text: ") + u_errorName(status));
  }
  int32_t begin = iterator_->first();
  for (int32_t end = iterator_->next(); end != icu::BreakIterator::DONE; begin = end, end = iterator_->next()) {
    if (iterator_->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces and punctuation
    // ICU's rules keep some spaces inside a word (U+202F joins like an underscore): split there.
    auto b = static_cast<std::size_t>(begin);
    const auto e = static_cast<std::size_t>(end);
    for (std::size_t at = b; at < e;) {
      const std::size_t here = at;
      if (typographic_equivalent(next_code_point(text, at)) == U' ') {
        add(out, text, b, here);
        b = at;
      }
    }
    add(out, text, b, e);
  }
  // Leave the iterator pointing at nothing, so no dangling reference to `text` survives.
  iterator_->setText(icu::UnicodeString());
  utext_close(ut);
  return out;
}

}  // namespace palermo
