// Highlighted snippets: the words of a paragraph that the query matched, found with the same
// Analyzer that indexed them and the query plan's Highlight, so highlighting agrees with matching
// (accents, stems, phrases and wildcards included).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "analysis/analyzer.h"
#include "searcher/query_builder.h"

namespace palermo {

struct SnippetOptions {
  std::size_t max_bytes = 400;  // longer paragraphs are cut to a window around the matches
};

// The terms (Analyzer::word_terms) of the words snippets are made of, remembered: the words of the
// paragraphs a search shows repeat from page to page, and each costs ICU case folding, accent
// folding and stemming. Bounded (cleared when full); for one thread, like the Analyzer, which
// must outlive it.
class SnippetTerms {
 public:
  explicit SnippetTerms(Analyzer& analyzer) : analyzer_(analyzer) {}
  const WordTerms& of(std::string_view word, std::string_view lang);
  Analyzer& analyzer() { return analyzer_; }

 private:
  Analyzer& analyzer_;
  std::unordered_map<std::string, WordTerms> known_;  // lang + '\0' + word
  static constexpr std::size_t kMaxWords = 16384;
};

// HTML-escaped text with each matched word in <mark></mark>: a word whose stem is one of
// highlight.stems (a stopword only inside a run of marked words), every word of a run matching a
// phrase position by position, a word whose folded form starts with a wildcard prefix.
// Preconditions: analyzer.supports(lang); `text` is valid UTF-8.
std::string make_snippet(std::string_view text, std::string_view lang, const Highlight& highlight,
                         Analyzer& analyzer, const SnippetOptions& options = {});
// The same, the words' terms from `terms` (a Searcher keeps one).
std::string make_snippet(std::string_view text, std::string_view lang, const Highlight& highlight,
                         SnippetTerms& terms, const SnippetOptions& options = {});

std::string html_escape(std::string_view text);

}  // namespace palermo
