// Subjects of the thesaurus (domain/subjects.tsv) named in a text, and the subjects of a paragraph:
// those its own words name and those it inherits from its context.
//
// Matching is the index's own: each entry term (a glossary form, an own term of subjects.tsv, a
// body's name from bodies.tsv, stored without accents) and the text are split by the Analyzer's
// tokenizer and compared word by word on their accent-folded Snowball stems (a word written
// without its accents standing for its accented spellings, as in queries), stopwords included, so "asistencias técnicas"
// names technical_assistance and "victims of trafficking" does not name "victims of crime".
// A mention lying inside a longer one is dropped: "formación profesional" is victim support, not
// training. Overlapping mentions both count ("la trata de personas": "la trata", "trata de personas").
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/records.h"
#include "domain/domain_data.h"

namespace palermo {

// One subject named by the words [first_word, end_word) of Analyzer::words(text).
struct SubjectMention {
  std::string subject;
  std::size_t first_word = 0;
  std::size_t end_word = 0;
};

// What a paragraph inherits its subjects from, in the paragraph's language. Empty = none.
struct SubjectContext {
  std::string_view lead_in;              // the paragraph introducing an item ("Encourages States:")
  std::vector<std::string> headings;     // the heading path, outermost first
  std::string_view body;                 // the body of the paragraph's section: "WG.2"
  std::string_view title;                // the document's title
};

// Where a paragraph's subject comes from, strongest first; the stored record spells them
// "own", "lead_in", "heading", "body", "title".
inline constexpr std::string_view kSubjectSources[] = {"own", "lead_in", "heading", "body", "title"};

class SubjectFinder {
 public:
  // Stems every entry term once. `domain` and `analyzer` must outlive the finder, which, like the
  // Analyzer, is for one thread.
  SubjectFinder(const DomainData& domain, Analyzer& analyzer);

  // How the words of a text are spelled: as written (a paragraph), or perhaps without their
  // accents (a query: "tecnica", "aplicacion"), which then stand for their accented spellings.
  enum class Spelling { as_written, accents_may_be_missing };

  // The stems each word of `text` (Analyzer::words) is compared by: Analyzer::word_terms' stem,
  // or, for Spelling::accents_may_be_missing, Analyzer::query_stems.
  std::vector<std::vector<std::string>> word_stems(std::string_view text, std::string_view lang, Spelling spelling);

  // The same for words already cut (a query plan's QueryWord forms), one entry per form.
  std::vector<std::vector<std::string>> form_stems(const std::vector<std::string>& forms, std::string_view lang,
                                                   Spelling spelling);

  // The mentions in text order. Preconditions: analyzer.supports(lang); `text` is valid UTF-8.
  std::vector<SubjectMention> mentions(std::string_view text, std::string_view lang,
                                       Spelling spelling = Spelling::as_written);
  // The mentions among words given by their stems (word_stems or form_stems), word indices into
  // `stems`. Precondition: analyzer.supports(lang).
  std::vector<SubjectMention> mentions(const std::vector<std::vector<std::string>>& stems, std::string_view lang);

  // The subjects named in `text`, each once, in order of first mention.
  std::vector<std::string> subjects_in(std::string_view text, std::string_view lang, Spelling spelling = Spelling::as_written);

  // A paragraph's subjects, each once with its strongest source (see kSubjectSources), ordered by
  // source then by first mention. Broader subjects are not added (DomainData::subject_and_broader).
  std::vector<SubjectAssignment> assign(std::string_view text, const SubjectContext& context, std::string_view lang);

  const DomainData& domain() const { return domain_; }

 private:
  struct Entry {
    std::vector<std::vector<std::string>> words;  // per word, the stems it may have
    std::vector<std::string> subjects;
  };
  struct Language {
    std::string code;
    std::unordered_map<std::string, std::vector<Entry>> by_first_stem;
  };
  void add(Language& language, const std::string& written, Spelling spelling, const std::vector<std::string>& subjects);
  Language& language(std::string_view code);

  const DomainData& domain_;
  Analyzer& analyzer_;
  std::vector<Language> languages_;
};

}  // namespace palermo
