// The one analysis pipeline (normalise -> tokenise -> stem -> fold) used by the indexer to make
// terms and by the searcher to parse queries and highlight snippets, configured by one struct.
//
// A word becomes these terms (prefixes in schema.h):
//   Z + fold(stem(casefold(w)))   always, positional: what queries match ("Técnicas" -> "Ztecnic")
//   Z + fold(stem(fold(w)))       when different, same position: lets an accentless query reach an
//                                 accented word whose suffix the stemmer only knows accented
//                                 ("aplicacion" -> "Zaplicacion" for "aplicación" -> "Zaplic")
//   E + casefold(w)               no position: boosts paragraphs holding the form exactly as typed
//   fold(w)                       no position: wildcard expansion ("tecnic*")
// A query word q becomes the single term Z + fold(stem(casefold(q))), so a query matches any word
// with the same stem (Snowball's conflation) and any word that differs from q only by accents.
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

#include "analysis/tokenizer.h"

namespace palermo {

// Bump when term generation changes in a way that needs a rebuild of existing indexes.
inline constexpr int kAnalysisVersion = 1;

struct AnalysisOptions {
  std::filesystem::path stopwords_dir;              // holds <lang>.txt for each language
  std::vector<std::string> languages{"es", "en"};   // ISO codes with a Snowball stemmer
};

// The terms a single word yields (without prefixes).
struct WordTerms {
  std::string stem;              // fold(stem(casefold(w)))
  std::string accentless_stem;   // fold(stem(fold(w))), empty when equal to `stem`
  std::string exact;             // casefold(w)
  std::string folded;            // fold(w)
};

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
  bool supports(std::string_view lang) const;

  // Precondition: supports(lang); `word` is one word as WordTokenizer yields it.
  WordTerms word_terms(std::string_view word, std::string_view lang);

  // Adds the terms of every word of `text` to `doc`, positions starting at `position`, which is
  // advanced past the last word. Preconditions: supports(lang); `text` is valid UTF-8.
  void index_text(std::string_view text, std::string_view lang, Xapian::Document& doc,
                  Xapian::termpos& position, SpellingCounts* spelling = nullptr);

  std::vector<Word> words(std::string_view text) { return tokenizer_.words(text); }

  // Whether `word` is on lang's stop list, accents and case aside. Precondition: supports(lang).
  bool is_stopword(std::string_view word, std::string_view lang) const;

  // Sets `parser`'s stemmer, stemming strategy and stopper so that its terms are the ones
  // index_text() makes for `lang`. The parser keeps a pointer to this Analyzer's stopper: the
  // Analyzer must outlive it. Precondition: supports(lang).
  void configure(Xapian::QueryParser& parser, std::string_view lang) const;

  // The query-side stemmer alone, e.g. for Xapian's snippet highlighting. It owns its own
  // Snowball stemmer, so it may outlive this Analyzer. Precondition: supports(lang).
  Xapian::Stem query_stemmer(std::string_view lang) const;

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
