#include "searcher/cross_language.h"

#include <algorithm>

namespace palermo {
namespace {

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace

CrossLanguage::CrossLanguage(const DomainData& domain, Analyzer& analyzer) : analyzer_(analyzer) {
  const auto& languages = analyzer.languages();
  for (const GlossaryEntry& entry : domain.glossary()) {
    Term term;
    term.forms_by_language.resize(languages.size());
    term.text_by_language.resize(languages.size());
    for (std::size_t l = 0; l < languages.size(); ++l) {
      auto forms = entry.forms.find(languages[l]);
      if (forms == entry.forms.end()) continue;
      for (const std::string& text : forms->second) {
        Form form;
        for (const Word& w : analyzer.words(text)) form.stems.push_back(analyzer.word_terms(w.text, languages[l]).stem);
        if (form.stems.empty()) continue;
        term.forms_by_language[l].push_back(std::move(form));
        term.text_by_language[l].push_back(text);
      }
    }
    terms_.push_back(std::move(term));
  }
}

std::optional<std::string> CrossLanguage::rewrite(const std::string& query, const std::string& target) {
  const auto& languages = analyzer_.languages();
  const auto target_index =
      static_cast<std::size_t>(std::find(languages.begin(), languages.end(), target) - languages.begin());
  const std::vector<Word> words = analyzer_.words(query);
  const std::size_t n = words.size();

  // Per word: inside a quoted phrase? a field filter ("kind:operative")? its stem in each language.
  std::vector<bool> quoted(n), field(n);
  std::vector<std::vector<std::string>> stems(languages.size(), std::vector<std::string>(n));
  for (std::size_t i = 0; i < n; ++i) {
    quoted[i] = std::count(query.begin(), query.begin() + static_cast<long>(words[i].begin), '"') % 2 == 1;
    // "kind:operative" is one word; "session:12" is "session", ":", "12": field name and value.
    field[i] = words[i].text.find(':') != std::string_view::npos ||
               (words[i].begin > 0 && query[words[i].begin - 1] == ':') ||
               (words[i].end < query.size() && query[words[i].end] == ':');
    for (std::size_t l = 0; l < languages.size(); ++l) stems[l][i] = analyzer_.word_terms(words[i].text, languages[l]).stem;
  }
  // Words i..i+k-1 written next to each other (spaces only), all on the same side of a quote.
  auto adjacent = [&](std::size_t i, std::size_t k) {
    for (std::size_t j = i + 1; j < i + k; ++j) {
      if (quoted[j] != quoted[i] || field[j] ||
          !blank(std::string_view(query).substr(words[j - 1].end, words[j].begin - words[j - 1].end))) {
        return false;
      }
    }
    return !field[i];
  };

  std::string out;
  std::size_t copied = 0;
  bool rewritten = false;
  for (std::size_t i = 0; i < n;) {
    const Term* best = nullptr;
    std::size_t best_length = 0;
    for (const Term& term : terms_) {
      if (term.text_by_language[target_index].empty()) continue;
      for (std::size_t l = 0; l < languages.size(); ++l) {
        if (l == target_index) continue;
        for (const Form& form : term.forms_by_language[l]) {
          const std::size_t k = form.stems.size();
          if (k <= best_length || i + k > n || !adjacent(i, k)) continue;
          if (std::equal(form.stems.begin(), form.stems.end(), stems[l].begin() + static_cast<long>(i))) {
            best = &term;
            best_length = k;
          }
        }
      }
    }
    if (best != nullptr) {
      const auto& forms = best->text_by_language[target_index];
      std::string replacement;
      if (quoted[i]) {
        replacement = forms.front();
      } else {
        for (const std::string& f : forms) replacement += (replacement.empty() ? "(\"" : " OR \"") + f + "\"";
        replacement += ")";
      }
      out += query.substr(copied, words[i].begin - copied) + replacement;
      copied = words[i + best_length - 1].end;
      rewritten = true;
      i += best_length;
      continue;
    }
    // A stopword of another language means nothing in the target's parse ("en", "de" in English).
    bool foreign_stopword = !quoted[i] && !field[i] && !analyzer_.is_stopword(words[i].text, target);
    if (foreign_stopword) {
      foreign_stopword = false;
      for (const std::string& l : languages) {
        if (l != target && analyzer_.is_stopword(words[i].text, l)) foreign_stopword = true;
      }
    }
    if (foreign_stopword) {
      out += query.substr(copied, words[i].begin - copied);
      copied = words[i].end;
    }
    ++i;
  }
  if (!rewritten) return std::nullopt;
  out += query.substr(copied);
  return out;
}

}  // namespace palermo
