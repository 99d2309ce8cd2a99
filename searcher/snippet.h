// Highlighted snippets: the words of a paragraph that the query matched, found with the same
// Analyzer that indexed them and the query plan's Highlight, so highlighting agrees with matching
// (accents, stems, phrases and wildcards included).
#pragma once

#include <string>
#include <string_view>

#include "analysis/analyzer.h"
#include "searcher/query_builder.h"

namespace palermo {

struct SnippetOptions {
  std::size_t max_bytes = 400;  // longer paragraphs are cut to a window around the matches
};

// HTML-escaped text with each matched word in <mark></mark>: a word whose stem is one of
// highlight.stems (a stopword only inside a run of marked words), every word of a run matching a
// phrase position by position, a word whose folded form starts with a wildcard prefix.
// Preconditions: analyzer.supports(lang); `text` is valid UTF-8.
std::string make_snippet(std::string_view text, std::string_view lang, const Highlight& highlight,
                         Analyzer& analyzer, const SnippetOptions& options = {});

std::string html_escape(std::string_view text);

}  // namespace palermo
