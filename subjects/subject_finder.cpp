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
        for (const std::string& term : terms->second) add(l, term, Spelling::as_written, {s.id});
      }
    }
    // A body's name names what the body works on (bodies.tsv, subjects); its patterns cover both
    // languages and are stored folded, so their words stand for their accented spellings.
    for (const Body& b : domain.bodies()) {
      if (b.subjects.empty()) continue;
      for (const std::string& pattern : b.patterns) add(l, pattern, Spelling::accents_may_be_missing, b.subjects);
    }
    languages_.push_back(std::move(l));
  }
}

std::vector<std::vector<std::string>> SubjectFinder::word_stems(std::string_view text, std::string_view lang,
                                                                Spelling spelling) {
  if (!analyzer_.supports(lang)) throw std::invalid_argument("language '" + std::string(lang) + "' is not configured for analysis");
  std::vector<std::vector<std::string>> out;
  for (const Word& w : analyzer_.words(text)) {
    out.push_back(spelling == Spelling::as_written ? std::vector<std::string>{analyzer_.word_terms(w.text, lang).stem}
                                                   : analyzer_.query_stems(w.text, lang));
  }
  return out;
}

std::vector<std::vector<std::string>> SubjectFinder::form_stems(const std::vector<std::string>& forms,
                                                                std::string_view lang, Spelling spelling) {
  if (!analyzer_.supports(lang)) throw std::invalid_argument("language '" + std::string(lang) + "' is not configured for analysis");
  std::vector<std::vector<std::string>> out;
  for (const std::string& form : forms) {
    out.push_back(spelling == Spelling::as_written ? std::vector<std::string>{analyzer_.word_terms(form, lang).stem}
                                                   : analyzer_.query_stems(form, lang));
  }
  return out;
}

void SubjectFinder::add(Language& language, const std::string& written, Spelling spelling,
                        const std::vector<std::string>& subjects) {
  Entry e{word_stems(written, language.code, spelling), subjects};
  if (e.words.empty()) return;
  const std::vector<std::string> first = e.words.front();
  for (const std::string& stem : first) language.by_first_stem[stem].push_back(e);
}

SubjectFinder::Language& SubjectFinder::language(std::string_view code) {
  for (Language& l : languages_) {
    if (l.code == code) return l;
  }
  throw std::invalid_argument("language '" + std::string(code) + "' is not configured for analysis");
}

namespace {

bool share_a_stem(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& s) { return std::find(b.begin(), b.end(), s) != b.end(); });
}

}  // namespace

std::vector<SubjectMention> SubjectFinder::mentions(std::string_view text, std::string_view lang, Spelling spelling) {
  return mentions(word_stems(text, lang, spelling), lang);
}

std::vector<SubjectMention> SubjectFinder::mentions(const std::vector<std::vector<std::string>>& words, std::string_view lang) {
  Language& l = language(lang);

  struct Match {
    std::size_t first, end;
    const Entry* entry;
  };
  std::vector<Match> matches;
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (const std::string& stem : words[i]) {
      auto candidates = l.by_first_stem.find(stem);
      if (candidates == l.by_first_stem.end()) continue;
      for (const Entry& e : candidates->second) {
        if (i + e.words.size() > words.size()) continue;
        bool all = true;
        for (std::size_t k = 0; all && k < e.words.size(); ++k) all = share_a_stem(e.words[k], words[i + k]);
        const bool seen = std::any_of(matches.begin(), matches.end(), [&](const Match& m) { return m.entry == &e && m.first == i; });
        if (all && !seen) matches.push_back({i, i + e.words.size(), &e});
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

std::vector<std::string> SubjectFinder::subjects_in(std::string_view text, std::string_view lang, Spelling spelling) {
  std::vector<std::string> out;
  for (const SubjectMention& m : mentions(text, lang, spelling)) {
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
