// Highlighted snippets: the words of a paragraph that the query matched, found with the same
// Analyzer that indexed them, so highlighting agrees with matching (accents and stems included).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

#include "analysis/analyzer.h"

namespace palermo {

struct SnippetOptions {
  std::size_t max_bytes = 400;  // longer paragraphs are cut to a window around the matches
};

// HTML-escaped text with each matched word in <mark></mark>. `stems` are the query's stem terms
// without prefix. Preconditions: analyzer.supports(lang); `text` is valid UTF-8.
std::string make_snippet(std::string_view text, std::string_view lang, const std::unordered_set<std::string>& stems,
                         Analyzer& analyzer, const SnippetOptions& options = {});

std::string html_escape(std::string_view text);

}  // namespace palermo
