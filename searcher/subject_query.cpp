#include "searcher/subject_query.h"

#include <algorithm>
#include <map>

#include "analysis/schema.h"

namespace palermo {
namespace {

// The plan's plain words in order, each with its chunk, when the plan is nothing but plain words
// and typed filters; empty otherwise (the query is taken as typed). A filter with a + or a - is
// syntax too: the page's "search the words as typed" puts a + before the query, whatever it
// starts with ("+session:6 recommendations on technical assistance").
bool plain_words(const QueryPlan& plan, std::vector<const QueryNode*>& chunks) {
  for (const QueryNode& c : plan.root.children) {
    if (c.kind == QueryNode::Kind::filter && c.occur == QueryNode::Occur::plain) continue;  // where to look
    const bool plain = (c.kind == QueryNode::Kind::word || c.kind == QueryNode::Kind::phrase) &&
                       c.occur == QueryNode::Occur::plain && !c.quoted;
    if (!plain) return false;
    chunks.push_back(&c);
  }
  return !chunks.empty();
}

}  // namespace

SubjectQuery::SubjectQuery(const DomainData& domain, Analyzer& analyzer, SubjectFinder& finder)
    : domain_(domain), analyzer_(analyzer), finder_(finder) {
  for (const std::string& lang : analyzer_.languages()) {
    std::vector<Opening>& openings = openings_[lang];
    for (const QueryIntent& intent : domain_.query_intents()) {
      const auto phrases = intent.phrases.find(lang);
      if (phrases == intent.phrases.end()) continue;
      for (const std::string& phrase : phrases->second) {
        openings.push_back({&intent, finder_.word_stems(phrase, lang, SubjectFinder::Spelling::as_written)});
      }
    }
  }
}

SubjectQuery::Named SubjectQuery::named_subjects(const std::vector<PlainWord>& words,
                                                 const std::vector<std::vector<std::string>>& stems, std::size_t from,
                                                 std::size_t to, const std::string& lang) {
  Named out;
  out.other_words.kind = QueryNode::Kind::group;
  const std::vector<std::vector<std::string>> range(stems.begin() + static_cast<std::ptrdiff_t>(from),
                                                    stems.begin() + static_cast<std::ptrdiff_t>(to));
  const std::vector<SubjectMention> mentions = finder_.mentions(range, lang);
  if (mentions.empty()) return out;
  for (const SubjectMention& m : mentions) {
    if (std::find(out.subjects.begin(), out.subjects.end(), m.subject) == out.subjects.end()) out.subjects.push_back(m.subject);
  }
  // A chunk is read when each of its words lies in a mention; the others stay words, but for
  // single stopwords ("for", "de"), which say nothing.
  for (std::size_t i = from; i < to;) {
    std::size_t end = i;
    bool covered = true;
    while (end < to && words[end].chunk == words[i].chunk) {
      const std::size_t at = end - from;
      covered = covered && std::any_of(mentions.begin(), mentions.end(),
                                       [&](const SubjectMention& m) { return m.first_word <= at && at < m.end_word; });
      ++end;
    }
    const bool stopword = end - i == 1 && analyzer_.is_stopword(words[i].word->form, lang);
    if (!covered && !stopword) {
      out.other_words.children.push_back(*words[i].chunk);
      out.words_left += end - i;
    }
    i = end;
  }
  return out;
}

SubjectReading SubjectQuery::read(const QueryPlan& plan) {
  std::vector<const QueryNode*> chunks;
  if (!plain_words(plan, chunks)) return {};
  std::vector<PlainWord> words;
  std::vector<std::string> forms;
  for (const QueryNode* chunk : chunks) {
    for (const QueryWord& w : chunk->words) {
      words.push_back({chunk, &w});
      forms.push_back(w.form);
    }
  }
  // The query's words stemmed in each language.
  std::map<std::string, std::vector<std::vector<std::string>>> stems_in;
  for (const std::string& lang : analyzer_.languages()) {
    stems_in[lang] = finder_.form_stems(forms, lang, SubjectFinder::Spelling::accents_may_be_missing);
  }
  const bool kind_typed = std::any_of(plan.root.children.begin(), plan.root.children.end(), [](const QueryNode& c) {
    return c.kind == QueryNode::Kind::filter && c.field == "kind" && c.occur == QueryNode::Occur::plain;
  });
  // An opening phrase in one language, the subjects in any: delegates mix the two languages of a
  // bilingual corpus ("recomendaciones sobre technical assistance"). The subjects' language is
  // the reading's (the words searched are in it); the opening phrase's own language first.
  for (const std::string& opener_lang : analyzer_.languages()) {
    const auto& stems = stems_in.at(opener_lang);
    for (const Opening& phrase : openings_.at(opener_lang)) {
      const QueryIntent& intent = *phrase.intent;
      const auto& opening = phrase.stems;
      if (opening.empty() || opening.size() >= stems.size()) continue;
      const std::size_t at = intent.at_start ? 0 : stems.size() - opening.size();
      const std::size_t end = at + opening.size();
      bool same = true;
      for (std::size_t k = 0; same && k < opening.size(); ++k) {
        const auto& typed = stems[at + k];
        same = std::find(typed.begin(), typed.end(), opening[k].front()) != typed.end();
      }
      // The phrase is whole chunks: "on" ends one, the subject's words start the next.
      const std::size_t boundary = intent.at_start ? end : at;
      if (!same || words[boundary - 1].chunk == words[boundary].chunk) continue;
      const std::size_t from = intent.at_start ? end : 0, to = intent.at_start ? stems.size() : at;
      std::vector<std::string> subject_langs{opener_lang};
      for (const std::string& lang : analyzer_.languages()) {
        if (lang != opener_lang) subject_langs.push_back(lang);
      }
      for (const std::string& lang : subject_langs) {
        if (Named named = named_subjects(words, stems_in.at(lang), from, to, lang);
            !named.subjects.empty() && named.other_words.children.empty()) {
          // The query without the opening phrase's chunks ("¿qué" with its punctuation), cut as
          // the parser cut them (any space, a newline, a control character): every other unit
          // stays as typed, a filter typed inside the phrase too ("recommendations lang:en on X").
          std::vector<const QueryNode*> opener_chunks;
          for (std::size_t k = at; k < end; ++k) opener_chunks.push_back(words[k].chunk);
          std::string rest;
          for (const QueryNode& c : plan.root.children) {
            if (std::find(opener_chunks.begin(), opener_chunks.end(), &c) != opener_chunks.end()) continue;
            if (!rest.empty()) rest += ' ';
            rest += plan.text.substr(c.begin, c.end - c.begin);
          }
          return {std::move(named.subjects), intent.kind, std::move(rest), std::move(named.other_words), lang, kind_typed};
        }
      }
    }
  }
  // Without an opening phrase: the language whose terms leave the fewest words unread.
  SubjectReading best;
  std::size_t best_left = 0;
  for (const std::string& lang : analyzer_.languages()) {
    Named named = named_subjects(words, stems_in.at(lang), 0, words.size(), lang);
    if (named.subjects.empty()) continue;
    if (!best.read() || named.words_left < best_left) {
      best_left = named.words_left;
      best = {std::move(named.subjects), "", plan.text, std::move(named.other_words), lang, kind_typed};
    }
  }
  return best;
}

SearchRequest with_reading(const SearchRequest& request, const SubjectReading& reading) {
  if (reading.kind.empty()) return request;
  SearchRequest out = request;
  out.query = reading.words;
  if (auto kind = out.filters.find("kind"); !reading.kind_typed && (kind == out.filters.end() || kind->second.empty())) {
    out.filters["kind"] = {reading.kind};
  }
  return out;
}

namespace {

// A paragraph's subject by source (kSubjectSources order) and language: weights below 0.1, where
// a paragraph holding a query word scores 1 or more; the other language's strongest stays below
// the query language's weakest. A paragraph scores its best source only, so sources do not add up.
constexpr double kSourceWeights[] = {0.05, 0.045, 0.04, 0.035, 0.03};
constexpr double kOtherLanguageFactor = 0.5;

}  // namespace

Xapian::Query subject_matches(const SubjectReading& reading, const std::vector<std::string>& languages,
                              SubjectsRequired required) {
  if (!reading.read()) return {};
  const schema::FacetField& lang_facet = *schema::facet("lang");
  std::vector<Xapian::Query> every_subject;
  for (const std::string& subject : reading.subjects) {
    // A paragraph's best source, as the one branch it matches: each source's branch leaves out
    // the paragraphs an earlier (stronger) source holds, and a paragraph is in one language. Not
    // OP_MAX: Xapian 1.4.22 crashes (use after free) under OP_MAX of fixed-weight sources over
    // several local shards (a tester, reproduced on the seed corpus in 3 shards).
    std::vector<Xapian::Query> ways;
    for (const std::string& lang : languages) {
      const double factor = lang == reading.lang ? 1.0 : kOtherLanguageFactor;
      std::vector<Xapian::Query> stronger;
      for (std::size_t s = 0; s < std::size(kSubjectSources); ++s) {
        const Xapian::Query term(std::string(schema::kSubjectSourcePrefix) + std::string(kSubjectSources[s]) + ":" + subject);
        Xapian::Query held(Xapian::Query::OP_AND, term, Xapian::Query(schema::filter_term(lang_facet, lang)));
        if (!stronger.empty()) held = Xapian::Query(Xapian::Query::OP_AND_NOT, held, Xapian::Query(Xapian::Query::OP_OR, stronger.begin(), stronger.end()));
        ways.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query((new Xapian::FixedWeightPostingSource(kSourceWeights[s] * factor))->release()),
                          held);
        stronger.push_back(term);
      }
    }
    every_subject.emplace_back(Xapian::Query::OP_OR, ways.begin(), ways.end());
  }
  return Xapian::Query(required == SubjectsRequired::all ? Xapian::Query::OP_AND : Xapian::Query::OP_OR,
                       every_subject.begin(), every_subject.end());
}

}  // namespace palermo
