// Splits text into words with ICU's word break rules (UAX #29): the one tokenizer of Palermo, used
// for the index, the query, snippets and glossary forms. Punctuation and spaces are dropped;
// symbols such as "CTOC/COP/WG.4/2023/5" and numbers such as "7/1" become their parts, which a
// query matches as a phrase.
//
// Each word also gets its `form`, the text every later stage compares:
//   - UN typography made uniform (normalize_typography in text.h): "Secretariat’s" and
//     "Secretariat's" are the same word; soft hyphens inside a word are gone;
//   - ordinals read as their number: "12º", "12.º", "12ª", "12°" (the degree sign is a symbol and
//     never part of a word), "11th", "1st", "1er" all have the form "12", "11", "1" -- a delegate
//     typing "12 período de sesiones" means the 12th session. The lone "º"/"ª" of "12.º" is no word.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>
#include <vector>

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace palermo {

struct Word {
  std::string_view text;  // a view into the tokenised text, as written
  std::size_t begin = 0;  // byte offsets in the tokenised text
  std::size_t end = 0;
  std::string form;       // normalised as described above; not case-folded
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
  // Appends text[b, e) as a word (or joins it to the previous one, see words()).
  static void add(std::vector<Word>& out, std::string_view text, std::size_t b, std::size_t e);

  std::unique_ptr<icu::BreakIterator> iterator_;
};

}  // namespace palermo
