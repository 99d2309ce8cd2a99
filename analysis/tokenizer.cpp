#include "analysis/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <stdexcept>

namespace palermo {

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
    const auto b = static_cast<std::size_t>(begin);
    const auto e = static_cast<std::size_t>(end);
    out.push_back(Word{text.substr(b, e - b), b, e});
  }
  // Leave the iterator pointing at nothing, so no dangling reference to `text` survives.
  iterator_->setText(icu::UnicodeString());
  utext_close(ut);
  return out;
}

}  // namespace palermo
