// Splits text into words with ICU's word break rules (UAX #29). Punctuation and spaces are dropped;
// symbols such as "CTOC/COP/WG.4/2023/5" become their parts, as Xapian's QueryParser splits them,
// so a symbol typed in a query matches as a phrase.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace palermo {

struct Word {
  std::string_view text;  // a view into the tokenised text
  std::size_t begin = 0;  // byte offsets in the tokenised text
  std::size_t end = 0;
};

// Not thread-safe (holds an ICU break iterator); create one per thread.
class WordTokenizer {
 public:
  WordTokenizer();
  ~WordTokenizer();
  WordTokenizer(WordTokenizer&&) noexcept;
  WordTokenizer& operator=(WordTokenizer&&) noexcept;

  // Precondition: `text` is valid UTF-8. Returned views point into `text`.
  std::vector<Word> words(std::string_view text);

 private:
  std::unique_ptr<icu::BreakIterator> iterator_;
};

}  // namespace palermo
