#include "searcher/subject_query.h"

#include <algorithm>

#include "analysis/schema.h"

namespace palermo {
namespace {

// Anything QueryParser would read as syntax: the user wants the query as typed.
bool has_syntax(const std::string& query, const std::vector<Word>& words) {
  if (query.find_first_of("\":()*") != std::string::npos) return true;
  for (const Word& w : words) {
    if (w.text == "AND" || w.text == "OR" || w.text == "NOT" || w.text == "XOR" || w.text == "NEAR") return true;
    if (w.begin > 0 && (query[w.begin - 1] == '+' || query[w.begin - 1] == '-') &&
        (w.begin == 1 || query[w.begin - 2] == ' ')) {
      return true;
    }
  }
  return false;
}

// The query without the filters typed in it ("session:7..9", "body:WG.4", "kind:\"a b\""): those
// restrict where to look, they are not words to read. Only the schema's fields count as filters.
std::string without_typed_filters(const std::string& query) {
  std::string out;
  std::size_t at = 0;
  while (at < query.size()) {
    const std::size_t start = query.find_first_not_of(' ', at);
    if (start == std::string::npos) break;
    std::size_t end = query.find(' ', start);
    if (end == std::string::npos) end = query.size();
    const std::string chunk = query.substr(start, end - start);
    const auto colon = chunk.find(':');
    const std::string field = colon == std::string::npos ? std::string() : schema::canonical_value(chunk.substr(0, colon));
    if (colon != std::string::npos && (schema::facet(field) != nullptr || field == "symbol")) {
      // A quoted value runs to its closing quote.
      if (colon + 1 < chunk.size() && chunk[colon + 1] == '"' && chunk.find('"', colon + 2) == std::string::npos) {
        const std::size_t close = query.find('"', start + colon + 2);
        end = close == std::string::npos ? query.size() : close + 1;
      }
    } else {
      out += (out.empty() ? "" : " ") + chunk;
    }
    at = end;
  }
  return out;
}

}  // namespace

SubjectQuery::Named SubjectQuery::named_subjects(const std::string& text, const std::string& lang) {
  const std::vector<Word> words = analyzer_.words(text);
  const std::vector<SubjectMention> mentions = finder_.mentions(text, lang, SubjectFinder::Spelling::accents_may_be_missing);
  Named out;
  if (mentions.empty()) return out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const bool covered = std::any_of(mentions.begin(), mentions.end(),
                                     [&](const SubjectMention& m) { return m.first_word <= i && i < m.end_word; });
    if (!covered && !analyzer_.is_stopword(words[i].text, lang)) {
      out.other_words += (out.other_words.empty() ? "" : " ") + std::string(words[i].text);
    }
  }
  for (const SubjectMention& m : mentions) {
    if (std::find(out.subjects.begin(), out.subjects.end(), m.subject) == out.subjects.end()) out.subjects.push_back(m.subject);
  }
  return out;
}

SubjectReading SubjectQuery::read(const std::string& typed) {
  const std::string query = without_typed_filters(typed);
  const std::vector<Word> words = analyzer_.words(query);
  if (words.empty() || has_syntax(query, words)) return {};
  for (const std::string& lang : analyzer_.languages()) {
    const auto stems = finder_.word_stems(query, lang, SubjectFinder::Spelling::accents_may_be_missing);
    for (const QueryIntent& intent : domain_.query_intents()) {
      const auto phrases = intent.phrases.find(lang);
      if (phrases == intent.phrases.end()) continue;
      for (const std::string& phrase : phrases->second) {
        const auto opening = finder_.word_stems(phrase, lang, SubjectFinder::Spelling::as_written);
        if (opening.empty() || opening.size() >= stems.size()) continue;
        const std::size_t at = intent.at_start ? 0 : stems.size() - opening.size();
        bool same = true;
        for (std::size_t k = 0; same && k < opening.size(); ++k) {
          const auto& typed = stems[at + k];
          same = std::find(typed.begin(), typed.end(), opening[k].front()) != typed.end();
        }
        if (!same) continue;
        const std::string rest = intent.at_start ? query.substr(words[opening.size()].begin) : query.substr(0, words[at - 1].end);
        if (Named named = named_subjects(rest, lang); !named.subjects.empty() && named.other_words.empty()) {
          return {std::move(named.subjects), intent.kind, rest, "", lang};
        }
      }
    }
  }
  // Without an opening phrase: the language whose terms leave the fewest words unread.
  SubjectReading best;
  std::size_t best_left = 0;
  for (const std::string& lang : analyzer_.languages()) {
    Named named = named_subjects(query, lang);
    if (named.subjects.empty()) continue;
    const std::size_t left = analyzer_.words(named.other_words).size();
    if (!best.read() || left < best_left) {
      best = {std::move(named.subjects), "", query, std::move(named.other_words), lang};
      best_left = left;
    }
  }
  return best;
}

SearchRequest with_reading(const SearchRequest& request, const SubjectReading& reading) {
  if (reading.kind.empty()) return request;
  SearchRequest out = request;
  out.query = reading.words;
  if (auto kind = out.filters.find("kind"); kind == out.filters.end() || kind->second.empty()) {
    out.filters["kind"] = {reading.kind};
  }
  return out;
}

namespace {

// A paragraph's subject by source (kSubjectSources order) and language: weights below 0.1, where
// a paragraph holding a query word scores 1 or more; the other language's strongest stays below
// the query language's weakest. OP_MAX takes a paragraph's best source, so sources do not add up.
constexpr double kSourceWeights[] = {0.05, 0.045, 0.04, 0.035, 0.03};
constexpr double kOtherLanguageFactor = 0.5;

}  // namespace

Xapian::Query subject_matches(const SubjectReading& reading, const std::vector<std::string>& languages,
                              SubjectsRequired required) {
  if (!reading.read()) return {};
  const schema::FacetField& lang_facet = *schema::facet("lang");
  std::vector<Xapian::Query> every_subject;
  for (const std::string& subject : reading.subjects) {
    std::vector<Xapian::Query> ways;
    for (std::size_t s = 0; s < std::size(kSubjectSources); ++s) {
      const Xapian::Query term(std::string(schema::kSubjectSourcePrefix) + std::string(kSubjectSources[s]) + ":" + subject);
      for (const std::string& lang : languages) {
        const double weight = kSourceWeights[s] * (lang == reading.lang ? 1.0 : kOtherLanguageFactor);
        ways.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()),
                          Xapian::Query(Xapian::Query::OP_AND, term, Xapian::Query(schema::filter_term(lang_facet, lang))));
      }
    }
    every_subject.emplace_back(Xapian::Query::OP_MAX, ways.begin(), ways.end());
  }
  return Xapian::Query(required == SubjectsRequired::all ? Xapian::Query::OP_AND : Xapian::Query::OP_OR,
                       every_subject.begin(), every_subject.end());
}

}  // namespace palermo
