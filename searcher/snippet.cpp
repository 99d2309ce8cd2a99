#include "searcher/snippet.h"

#include <algorithm>
#include <vector>

namespace palermo {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

const WordTerms& SnippetTerms::of(std::string_view word, std::string_view lang) {
  std::string key;
  key.reserve(lang.size() + 1 + word.size());
  key.append(lang).push_back('\0');
  key.append(word);
  if (auto known = known_.find(key); known != known_.end()) return known->second;
  if (known_.size() >= kMaxWords) known_.clear();
  return known_.emplace(std::move(key), analyzer_.word_terms(word, lang)).first->second;
}

std::string make_snippet(std::string_view text, std::string_view lang, const Highlight& highlight,
                         Analyzer& analyzer, const SnippetOptions& options) {
  SnippetTerms terms(analyzer);
  return make_snippet(text, lang, highlight, terms, options);
}

std::string make_snippet(std::string_view text, std::string_view lang, const Highlight& highlight,
                         SnippetTerms& known, const SnippetOptions& options) {
  Analyzer& analyzer = known.analyzer();
  const std::vector<Word> words = analyzer.words(text);
  std::vector<bool> matched(words.size());
  std::size_t first_match = words.size();
  std::vector<WordTerms> terms;
  terms.reserve(words.size());
  for (const Word& w : words) terms.push_back(known.of(w.form, lang));
  for (std::size_t i = 0; i < words.size(); ++i) {
    matched[i] = highlight.stems.count(terms[i].stem) != 0 ||
                 std::any_of(highlight.prefixes.begin(), highlight.prefixes.end(),
                             [&](const std::string& p) { return terms[i].folded.starts_with(p); });
  }
  // A stopword matches only inside a phrase: "de" is marked in "trata de personas", not in every
  // "de" of a paragraph found with the phrase.
  std::vector<bool> stop(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    stop[i] = !highlight.stopwords_alone && matched[i] && analyzer.is_stopword(words[i].form, lang);
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!stop[i]) continue;
    std::size_t before = i, after = i;
    while (before > 0 && stop[before - 1]) --before;
    while (after + 1 < words.size() && stop[after + 1]) ++after;
    const bool inside = before > 0 && matched[before - 1] && after + 1 < words.size() && matched[after + 1];
    if (!inside) matched[i] = false;
  }
  // Phrases: only whole runs, position by position ("7/1" never marks the "1" of "27/1").
  for (const auto& phrase : highlight.phrases) {
    for (std::size_t i = 0; i + phrase.size() <= words.size(); ++i) {
      bool run = true;
      for (std::size_t k = 0; k < phrase.size() && run; ++k) run = phrase[k].count(terms[i + k].stem) != 0;
      if (!run) continue;
      for (std::size_t k = 0; k < phrase.size(); ++k) matched[i + k] = true;
    }
  }
  for (std::size_t i = 0; i < words.size() && first_match == words.size(); ++i) {
    if (matched[i]) first_match = i;
  }

  // The window: the whole text when short, else max_bytes starting a few words before the first
  // match, cut at word boundaries.
  std::size_t begin = 0, end = text.size();
  if (text.size() > options.max_bytes && !words.empty()) {
    std::size_t start_word = first_match == words.size() ? 0 : (first_match >= 8 ? first_match - 8 : 0);
    begin = start_word == 0 ? 0 : words[start_word].begin;
    end = begin;
    for (std::size_t i = start_word; i < words.size() && words[i].end - begin <= options.max_bytes; ++i) {
      end = words[i].end;
    }
    if (end == begin) end = std::min(text.size(), words[start_word].end);
    if (words.back().end <= end) end = text.size();  // keep the closing punctuation
  }

  std::string out = begin > 0 ? "… " : "";
  std::size_t cursor = begin;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i].begin < begin || words[i].end > end || !matched[i]) continue;
    out += html_escape(text.substr(cursor, words[i].begin - cursor));
    out += "<mark>" + html_escape(words[i].text) + "</mark>";
    cursor = words[i].end;
  }
  out += html_escape(text.substr(cursor, end - cursor));
  if (end < text.size()) out += " …";
  return out;
}

}  // namespace palermo
