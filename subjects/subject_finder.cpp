#include "subjects/subject_finder.h"

#include <algorithm>
#include <stdexcept>

namespace palermo {

SubjectFinder::SubjectFinder(const DomainData& domain, Analyzer& analyzer) : domain_(domain), analyzer_(analyzer) {
  for (const std::string& code : analyzer.languages()) {
    Language l;
    l.code = code;
    for (const Subject& s : domain.subjects()) {
      if (auto terms = s.terms.find(code); terms != s.terms.end()) {
        for (const std::string& term : terms->second) add(l, term, {s.id});
      }
    }
    // A body's name names what the body works on (bodies.tsv, subjects); its patterns cover both languages.
    for (const Body& b : domain.bodies()) {
      if (b.subjects.empty()) continue;
      for (const std::string& pattern : b.patterns) add(l, pattern, b.subjects);
    }
    languages_.push_back(std::move(l));
  }
}

// fold(stem(fold(w))): the same for a word written with or without its accents, so that the
// tables' folded patterns and the text's accented words meet.
std::string SubjectFinder::key(std::string_view word, std::string_view lang) {
  WordTerms t = analyzer_.word_terms(word, lang);
  return t.accentless_stem.empty() ? t.stem : t.accentless_stem;
}

void SubjectFinder::add(Language& language, const std::string& written, const std::vector<std::string>& subjects) {
  Entry e;
  for (const Word& w : analyzer_.words(written)) e.stems.push_back(key(w.text, language.code));
  if (e.stems.empty()) return;
  e.subjects = subjects;
  language.by_first_stem[e.stems.front()].push_back(std::move(e));
}

SubjectFinder::Language& SubjectFinder::language(std::string_view code) {
  for (Language& l : languages_) {
    if (l.code == code) return l;
  }
  throw std::invalid_argument("language '" + std::string(code) + "' is not configured for analysis");
}

std::vector<std::string> SubjectFinder::word_stems(std::string_view text, std::string_view lang) {
  language(lang);  // throws for a language without analysis
  std::vector<std::string> keys;
  for (const Word& w : analyzer_.words(text)) keys.push_back(key(w.text, lang));
  return keys;
}

std::vector<SubjectMention> SubjectFinder::mentions(std::string_view text, std::string_view lang) {
  Language& l = language(lang);
  const std::vector<std::string> keys = word_stems(text, lang);

  struct Match {
    std::size_t first, end;
    const Entry* entry;
  };
  std::vector<Match> matches;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto candidates = l.by_first_stem.find(keys[i]);
    if (candidates == l.by_first_stem.end()) continue;
    for (const Entry& e : candidates->second) {
      if (i + e.stems.size() <= keys.size() && std::equal(e.stems.begin(), e.stems.end(), keys.begin() + static_cast<long>(i))) {
        matches.push_back({i, i + e.stems.size(), &e});
      }
    }
  }
  std::vector<SubjectMention> out;
  for (const Match& m : matches) {
    const bool inside_longer = std::any_of(matches.begin(), matches.end(), [&](const Match& o) {
      return o.first <= m.first && m.end <= o.end && o.end - o.first > m.end - m.first;
    });
    if (inside_longer) continue;
    for (const std::string& s : m.entry->subjects) {
      const bool seen = std::any_of(out.begin(), out.end(), [&](const SubjectMention& o) {
        return o.subject == s && o.first_word == m.first && o.end_word == m.end;
      });
      if (!seen) out.push_back({s, m.first, m.end});
    }
  }
  return out;
}

std::vector<std::string> SubjectFinder::subjects_in(std::string_view text, std::string_view lang) {
  std::vector<std::string> out;
  for (const SubjectMention& m : mentions(text, lang)) {
    if (std::find(out.begin(), out.end(), m.subject) == out.end()) out.push_back(m.subject);
  }
  return out;
}

std::vector<SubjectAssignment> SubjectFinder::assign(std::string_view text, const SubjectContext& context,
                                                     std::string_view lang) {
  std::vector<SubjectAssignment> out;
  auto take = [&](const std::vector<std::string>& ids, std::string_view source) {
    for (const std::string& id : ids) {
      const bool seen = std::any_of(out.begin(), out.end(), [&](const SubjectAssignment& a) { return a.id == id; });
      if (!seen) out.push_back({id, std::string(source)});
    }
  };
  take(subjects_in(text, lang), "own");
  if (!context.lead_in.empty()) take(subjects_in(context.lead_in, lang), "lead_in");
  for (const std::string& heading : context.headings) take(subjects_in(heading, lang), "heading");
  if (const Body* body = context.body.empty() ? nullptr : domain_.body(context.body)) take(body->subjects, "body");
  if (!context.title.empty()) take(subjects_in(context.title, lang), "title");
  return out;
}

}  // namespace palermo
