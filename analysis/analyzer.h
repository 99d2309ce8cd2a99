// The one analysis pipeline (normalise -> tokenise -> stem -> fold) used by the indexer to make
// terms and by the searcher to compile queries and highlight snippets, configured by one struct.
//
// A word w (its WordTokenizer form: UN typography made uniform, ordinals read as numbers) becomes
// these terms (prefixes in schema.h):
//   Z + fold(stem(casefold(w)))   positional: what queries match ("Técnicas" -> "Ztecnic")
//   E + casefold(w)               no position, only when w has accents ("Técnicas" -> "Etécnicas"):
//                                 boosts paragraphs holding the form exactly as typed
//   fold(w)                       no position: wildcard expansion ("tecnic*", "Técnic*"), and the
//                                 exact form of a word without accents (exact_form_term)
// A query word q stands for every word that differs from it only by accents: query_stems(q) is the
// stem of q and the stems of q's accented spellings (Spanish: one acute accent, and ñ or ü), so
// "recomendacion" reaches "recomendación" -> "recomend" and thereby "recomendaciones". The
// searcher keeps the spellings' stems that the index holds.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "analysis/indexed_phrases.h"
#include "analysis/tokenizer.h"

namespace palermo {

// Bump when term generation changes in a way that needs a rebuild of existing indexes.
inline constexpr int kAnalysisVersion = 2;

struct AnalysisOptions {
  std::filesystem::path stopwords_dir;              // holds <lang>.txt for each language
  std::vector<std::string> languages{"es", "en"};   // ISO codes with a Snowball stemmer
};

// The terms a single word yields (without prefixes).
struct WordTerms {
  std::string stem;              // fold(stem(casefold(w)))
  std::string exact;             // casefold(w)
  std::string folded;            // fold(w)
};

// The term that says a paragraph has the word `exact` (casefold(w)) as written, for the
// exact-form boost: schema::kExactPrefix + exact for a word with accents ("año": "Eaño"), and for
// one without the folded word itself, the unprefixed term every word has ("ano": "ano"), so that
// no second term is written for the ~90% of words that have no accents (the exact forms were 11%
// of the index). The query side tells "ano" from "año" by the latter's own term.
std::string exact_form_term(std::string_view exact);

// Spelling dictionary contributions: word -> occurrences.
using SpellingCounts = std::unordered_map<std::string, Xapian::termcount>;

// Not thread-safe (Snowball stemmers and the ICU break iterator keep state): one per thread.
class Analyzer {
 public:
  // Reads the stop lists. Throws std::runtime_error naming the file when one cannot be read,
  // or when a language has no Snowball stemmer.
  explicit Analyzer(const AnalysisOptions& options);
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  const std::vector<std::string>& languages() const { return options_.languages; }
  // What this Analyzer was made with: another thread makes its own Analyzer from it.
  const AnalysisOptions& options() const { return options_; }
  bool supports(std::string_view lang) const;

  // Precondition: supports(lang); `word` is the form of one word as WordTokenizer yields it.
  WordTerms word_terms(std::string_view word, std::string_view lang);

  // The stems (without prefix) a query word stands for: word_terms(word).stem first, then the
  // stems of the word's accented spellings in lang's orthography, without repeats. At most
  // ~60 spellings are stemmed for a long word; English has no accented spellings.
  // Precondition: supports(lang); `word` is a WordTokenizer form.
  std::vector<std::string> query_stems(std::string_view word, std::string_view lang);
  // The accented spellings of `word` in lang's orthography, case-folded ("ano" -> "anó", "áno",
  // "año", …), from which query_stems takes its stems; empty for a word typed with accents or
  // capitals (it means itself) or longer than kMaxAccentedWordLetters. Precondition: as query_stems.
  std::vector<std::string> accented_forms(std::string_view word, std::string_view lang);

  // Adds the terms of every word of `text` to `doc`, positions starting at `position`, which is
  // advanced past the last word; with `phrases`, the phrase term of each held phrase the words
  // say (indexed_phrases.h; no phrase spans two calls: callers leave a gap in positions between
  // texts). Preconditions: supports(lang); `text` is valid UTF-8.
  void index_text(std::string_view text, std::string_view lang, Xapian::Document& doc,
                  Xapian::termpos& position, SpellingCounts* spelling = nullptr,
                  const IndexedPhrases* phrases = nullptr);

  // Adds to `counts` the spelling dictionary entries index_text() adds for `text` (each word's
  // casefold() form, once per occurrence), so that what a deleted paragraph added can be taken
  // back. Precondition: valid UTF-8.
  void count_spelling(std::string_view text, SpellingCounts& counts);

  // The words of `text` (see WordTokenizer). Precondition: valid UTF-8.
  std::vector<Word> words(std::string_view text) { return tokenizer_.words(text); }

  // The tokenizer behind words(), e.g. for parse_query(); like the Analyzer, for one thread.
  WordTokenizer& tokenizer() { return tokenizer_; }

  // Whether `word` is on lang's stop list, accents and case aside. Precondition: supports(lang).
  bool is_stopword(std::string_view word, std::string_view lang) const;

  // What an index must have been built with for this analyzer's queries to match it
  // (version, languages, stemmers, stop list hashes), as metadata key/value pairs.
  std::vector<std::pair<std::string, std::string>> settings() const;

  // Why `db` cannot be used with this analyzer ("analysis.version is \"0\", this program uses
  // \"1\""), or empty when its recorded settings match settings().
  std::string settings_mismatch(const Xapian::Database& db) const;

 private:
  struct Language;
  Language& language(std::string_view lang);
  const Language& language(std::string_view lang) const;

  AnalysisOptions options_;
  std::vector<std::unique_ptr<Language>> languages_;
  WordTokenizer tokenizer_;
};

}  // namespace palermo
