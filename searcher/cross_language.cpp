#include "searcher/cross_language.h"

#include <algorithm>

namespace palermo {

CrossLanguage::CrossLanguage(const DomainData& domain, Analyzer& analyzer) : analyzer_(analyzer) {
  const auto& languages = analyzer.languages();
  for (const GlossaryEntry& entry : domain.glossary()) {
    Term term;
    term.forms_by_language.resize(languages.size());
    term.words_by_language.resize(languages.size());
    for (std::size_t l = 0; l < languages.size(); ++l) {
      auto forms = entry.forms.find(languages[l]);
      if (forms == entry.forms.end()) continue;
      for (const std::string& text : forms->second) {
        Form form;
        std::vector<std::string> words;
        for (const Word& w : analyzer.words(text)) {
          form.stems.push_back(analyzer.word_terms(w.form, languages[l]).stem);
          words.push_back(w.form);
        }
        if (form.stems.empty()) continue;
        term.forms_by_language[l].push_back(std::move(form));
        term.words_by_language[l].push_back(std::move(words));
      }
    }
    terms_.push_back(std::move(term));
  }
}

std::vector<GlossaryMatch> CrossLanguage::matches(const std::vector<std::string>& words, const std::string& target) {
  const auto& languages = analyzer_.languages();
  const auto target_index =
      static_cast<std::size_t>(std::find(languages.begin(), languages.end(), target) - languages.begin());
  const std::size_t n = words.size();
  // Each word's stems in each language, accent spellings included: "recomendacion" is a form of
  // "recomendación" here as everywhere else.
  std::vector<std::vector<std::vector<std::string>>> stems(languages.size(), std::vector<std::vector<std::string>>(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t l = 0; l < languages.size(); ++l) stems[l][i] = analyzer_.query_stems(words[i], languages[l]);
  }
  auto holds = [](const std::vector<std::string>& candidates, const std::string& stem) {
    return std::find(candidates.begin(), candidates.end(), stem) != candidates.end();
  };
  std::vector<GlossaryMatch> out;
  for (std::size_t i = 0; i < n;) {
    const Term* best = nullptr;
    std::size_t best_length = 0;
    for (const Term& term : terms_) {
      if (term.words_by_language[target_index].empty()) continue;
      for (std::size_t l = 0; l < languages.size(); ++l) {
        if (l == target_index) continue;
        for (const Form& form : term.forms_by_language[l]) {
          const std::size_t k = form.stems.size();
          if (k <= best_length || i + k > n) continue;
          if (std::equal(form.stems.begin(), form.stems.end(), stems[l].begin() + static_cast<long>(i),
                         [&](const std::string& stem, const std::vector<std::string>& candidates) {
                           return holds(candidates, stem);
                         })) {
            best = &term;
            best_length = k;
          }
        }
      }
    }
    if (best == nullptr) {
      ++i;
      continue;
    }
    out.push_back({i, best_length, best->words_by_language[target_index]});
    i += best_length;
  }
  return out;
}

}  // namespace palermo
