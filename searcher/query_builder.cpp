#include "searcher/query_builder.h"

#include <algorithm>
#include <set>

#include "analysis/schema.h"
#include "analysis/text.h"
#include "searcher/facet_code_source.h"
#include "searcher/parallel_versions.h"
#include "searcher/range_filters.h"
#include "searcher/search_error.h"

namespace palermo {
namespace {

// Every paragraph: Xapian's MatchAll without the documents' records (schema::kRecordTerm).
Xapian::Query all_paragraphs() {
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, Xapian::Query(std::string(schema::kRecordTerm)));
}


bool is_number(const std::string& s) {
  return !s.empty() && s.size() <= 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

SearchError bad_query(const std::string& message) { return SearchError(SearchError::Code::bad_query, message); }

constexpr double kCrossLanguageWeight = 0.7;  // glossary equivalents rank below the words as typed
// Xapian limits a wildcard's expansion; the most frequent words are kept past this many.
constexpr Xapian::termcount kMaxWildcardTerms = 500;
// Fixed scores of the citation tiers, above any BM25 score a paragraph's words reach (which stays
// well below 100 on this corpus's short paragraphs): citing paragraphs first, then the cited
// documents' own paragraphs, then word matches.
constexpr double kCitingWeight = 2000.0;
constexpr double kCitedWeight = 1000.0;

Xapian::Query unweighted(const Xapian::Query& q) { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0); }

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& parts) {
  if (parts.size() == 1) return parts.front();
  return Xapian::Query(op, parts.begin(), parts.end());
}

// A fixed score for every paragraph `filter` matches.
Xapian::Query fixed_score(double weight, const Xapian::Query& filter) {
  // release(): Xapian owns the source and gives each match its own clone. An unreleased source is
  // used in place, and one query run twice (the relaxed pass reuses the full-match query) or
  // holding it twice shares its position between matches.
  return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()),
                       filter);
}

// The query text a leaf was typed as ("6/4", "resolución"), for the reference finder, which reads
// citations with their punctuation.
std::string typed_text(const QueryPlan& plan, const QueryNode& leaf) {
  const std::size_t begin = leaf.words.front().begin;
  const std::size_t end = leaf.words.back().end;
  return plan.text.substr(begin, end - begin);
}

// The positive words of the plan as typed, when they are only words and phrases (no wildcard).
std::optional<std::string> plain_words_text(const QueryPlan& plan) {
  std::string text;
  for (const QueryNode* leaf : positive_leaves(plan)) {
    if (leaf->kind == QueryNode::Kind::wildcard) return std::nullopt;
    text += (text.empty() ? "" : " ") + typed_text(plan, *leaf);
  }
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace

std::string validated_filter_value(const std::string& field, const std::string& value) {
  // No stored value holds one; echoed, a NUL would cut the message (programs print it escaped).
  if (has_control_character(value)) {
    throw bad_query("filter " + field + " value \"" + value + "\" holds a control character");
  }
  const std::string v = schema::canonical_value(value);
  if (v.empty()) throw bad_query("filter " + field + " needs a value");
  if (v.size() > 100) throw bad_query("filter " + field + " value is too long");
  if (utf8_error(v)) throw bad_query("filter " + field + " value is not valid UTF-8");
  if ((field == "session" || field == "year" || field == "agenda") && !is_number(v)) {
    throw bad_query("filter " + field + " must be a number, not \"" + value + "\"");
  }
  if (field == "session" || field == "year" || field == "agenda") return std::to_string(std::stoi(v));
  return v;
}

Xapian::Query field_filter(const std::string& field, const std::string& value) {
  if (std::optional<Xapian::Query> range = typed_range(field, value)) return *range;  // session:7..12, date:2014
  if (field == "symbol") {
    if (value.empty()) throw bad_query("filter symbol needs a value");
    if (has_control_character(value)) throw bad_query("filter symbol value \"" + value + "\" holds a control character");
    if (value.size() > 100) throw bad_query("filter symbol value is too long");
    return Xapian::Query(std::string(schema::kSymbolPrefix) + casefold(value));
  }
  const schema::FacetField* f = schema::facet(field);
  if (f == nullptr) throw bad_query("unknown filter \"" + field + "\"");
  return Xapian::Query(std::string(f->prefix) + validated_filter_value(field, value));
}

// Compiles a plan for one language: that language's stems, stop list and glossary equivalents.
class QueryBuilder::Compiler {
 public:
  Compiler(QueryBuilder& builder, std::string lang, Words words, bool cross_language, Highlight& highlight)
      : b_(builder), lang_(std::move(lang)), words_(words), cross_(cross_language), highlight_(highlight) {}

  // The root group without its top-level filters, which build() applies to every branch.
  Xapian::Query root(const QueryNode& root) { return group(root, true, true); }

 private:
  Analyzer& analyzer() { return b_.analyzer_; }

  Xapian::Query node(const QueryNode& n, bool mark) {
    const bool positive = mark && n.occur != QueryNode::Occur::excluded;
    switch (n.kind) {
      case QueryNode::Kind::word:
      case QueryNode::Kind::phrase: {
        Xapian::Query q = words_query(n.words, positive);
        if (CrossLanguage* cross = cross_language()) {
          std::vector<std::string> forms;
          for (const QueryWord& w : n.words) forms.push_back(w.form);
          const auto found = cross->matches(forms, lang_);
          if (found.size() == 1 && found.front().length == forms.size()) {
            q = Xapian::Query(Xapian::Query::OP_OR, q, equivalents(found.front(), positive));
          }
        }
        return q;
      }
      case QueryNode::Kind::wildcard: {
        const std::string prefix = fold(n.words.front().form);
        if (positive) highlight_.prefixes.push_back(prefix);
        return b_.wildcard(prefix);
      }
      case QueryNode::Kind::filter:
        return unweighted(b_.checked_field_filter(n.field, n.value));
      case QueryNode::Kind::any_of: {
        std::vector<Xapian::Query> parts;
        for (const QueryNode& child : n.children) {
          Xapian::Query q = node(child, positive);
          if (child.occur == QueryNode::Occur::excluded) {
            q = Xapian::Query(Xapian::Query::OP_AND_NOT, all_paragraphs(), q);
          }
          parts.push_back(std::move(q));
        }
        return combine(Xapian::Query::OP_OR, parts);
      }
      case QueryNode::Kind::group:
        return group(n, positive, false);
    }
    return {};
  }

  CrossLanguage* cross_language() { return cross_ ? b_.knowledge_.cross_language : nullptr; }

  // The stems a query word stands for that the index holds; its own stem always.
  std::vector<std::string> stems(const std::string& form) {
    std::vector<std::string> all = analyzer().query_stems(form, lang_);
    std::vector<std::string> kept{all.front()};
    const std::string prefix(schema::kStemPrefix);
    for (std::size_t i = 1; i < all.size(); ++i) {
      if (b_.holds(prefix + all[i])) kept.push_back(all[i]);
    }
    return kept;
  }

  Xapian::Query stem_query(const std::vector<std::string>& stems, Xapian::Query::op op) {
    const std::string prefix(schema::kStemPrefix);
    if (stems.size() == 1) return Xapian::Query(prefix + stems.front());
    std::vector<Xapian::Query> terms;
    for (const std::string& s : stems) terms.emplace_back(prefix + s);
    return Xapian::Query(op, terms.begin(), terms.end());
  }

  // One word, or a phrase of several, with each word's accent spellings.
  Xapian::Query words_query(const std::vector<QueryWord>& words, bool mark) {
    if (words.size() == 1) {
      const std::vector<std::string> s = stems(words.front().form);
      if (mark) highlight_.stems.insert(s.begin(), s.end());
      return stem_query(s, Xapian::Query::OP_SYNONYM);
    }
    std::vector<std::vector<std::string>> by_position;
    std::vector<std::unordered_set<std::string>> marked;
    for (const QueryWord& w : words) {
      by_position.push_back(stems(w.form));
      marked.emplace_back(by_position.back().begin(), by_position.back().end());
    }
    if (mark) highlight_.phrases.push_back(std::move(marked));
    return phrase(by_position);
  }

  // The paragraphs where the words are at consecutive positions, each one of its stems, weighted
  // as the words together: a phrase the index holds (indexed_phrases.h) by its terms, which
  // OP_FILTER leaves unweighted, and any other by Xapian's OP_PHRASE, which checks the positions
  // of every paragraph holding all the words.
  Xapian::Query phrase(const std::vector<std::vector<std::string>>& stems_by_position) {
    std::vector<Xapian::Query> positions;
    for (const std::vector<std::string>& s : stems_by_position) positions.push_back(stem_query(s, Xapian::Query::OP_OR));
    if (const IndexedPhrases* held = b_.knowledge_.phrases) {
      const std::vector<std::string> terms = held->terms_of(stems_by_position);
      if (!terms.empty()) {
        return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_AND, positions.begin(), positions.end()),
                             Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
      }
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, positions.begin(), positions.end(), positions.size());
  }

  // A glossary term's forms in this language, each a word or a phrase, scored below the words.
  Xapian::Query equivalents(const GlossaryMatch& match, bool mark) {
    std::vector<Xapian::Query> forms;
    for (const std::vector<std::string>& form : match.equivalents) {
      std::vector<std::vector<std::string>> by_position;
      std::vector<std::unordered_set<std::string>> marked;
      for (const std::string& w : form) {
        const std::string stem = analyzer().word_terms(w, lang_).stem;
        by_position.push_back({stem});
        marked.push_back({stem});
      }
      if (mark) {
        if (marked.size() == 1) {
          highlight_.stems.insert(marked.front().begin(), marked.front().end());
        } else {
          highlight_.phrases.push_back(std::move(marked));
        }
      }
      forms.push_back(by_position.size() == 1 ? Xapian::Query(std::string(schema::kStemPrefix) + by_position.front().front())
                                              : phrase(by_position));
    }
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_OR, forms), kCrossLanguageWeight);
  }

  bool is_stopword(const std::string& form) { return analyzer().is_stopword(form, lang_); }

  // A stopword of another language searched that means nothing here ("en", "de" in English): left
  // out of this language's query when the glossary rewrote part of it, i.e. the query is in the
  // other language.
  bool is_foreign_stopword(const std::string& form) {
    if (is_stopword(form)) return false;
    for (const std::string& other : analyzer().languages()) {
      if (other != lang_ && analyzer().is_stopword(form, other)) return true;
    }
    return false;
  }

  Xapian::Query group(const QueryNode& g, bool mark, bool root) {
    const auto& children = g.children;
    const std::size_t n = children.size();
    auto plain_word = [&](std::size_t i) {
      return children[i].kind == QueryNode::Kind::word && children[i].occur == QueryNode::Occur::plain;
    };

    // Glossary terms among runs of juxtaposed words: match index -> match.
    std::vector<std::optional<GlossaryMatch>> glossary(n);
    bool rewritten = false;
    if (CrossLanguage* cross = cross_language()) {
      for (std::size_t i = 0; i < n;) {
        if (!plain_word(i)) {
          ++i;
          continue;
        }
        std::size_t end = i;
        std::vector<std::string> forms;
        while (end < n && plain_word(end)) forms.push_back(children[end++].words.front().form);
        for (GlossaryMatch& m : cross->matches(forms, lang_)) {
          const std::size_t at = i + m.begin;
          m.begin = at;
          glossary[at] = std::move(m);
          rewritten = true;
        }
        i = end;
      }
    }

    // Stopwords outside phrases say nothing, unless the words are nothing but stopwords.
    std::vector<bool> dropped(n, false);
    bool any_content = false;
    for (std::size_t i = 0; i < n; ++i) {
      const QueryNode& c = children[i];
      const bool stop_candidate = c.kind == QueryNode::Kind::word && c.occur != QueryNode::Occur::excluded;
      if (stop_candidate && (is_stopword(c.words.front().form) || (rewritten && is_foreign_stopword(c.words.front().form)))) {
        dropped[i] = true;
      } else if (c.occur != QueryNode::Occur::excluded && c.kind != QueryNode::Kind::filter) {
        any_content = true;
      }
    }
    for (std::size_t i = 0; i < n && !any_content; ++i) {
      if (glossary[i]) any_content = true;
    }
    if (!any_content) {
      std::fill(dropped.begin(), dropped.end(), false);
      if (mark) highlight_.stopwords_alone = true;
    }

    std::vector<Xapian::Query> required, plain, excluded;
    for (std::size_t i = 0; i < n; ++i) {
      const QueryNode& c = children[i];
      if (glossary[i]) {
        const GlossaryMatch& m = *glossary[i];
        std::vector<Xapian::Query> words;
        for (std::size_t j = i; j < i + m.length; ++j) words.push_back(words_query(children[j].words, mark));
        plain.emplace_back(Xapian::Query::OP_OR, combine(Xapian::Query::OP_AND, words), equivalents(m, mark));
        i += m.length - 1;
        continue;
      }
      if (dropped[i]) continue;
      if (c.kind == QueryNode::Kind::filter && root && c.occur != QueryNode::Occur::excluded) continue;
      Xapian::Query q = node(c, mark);
      if (c.occur == QueryNode::Occur::excluded) {
        excluded.push_back(std::move(q));
      } else if (c.occur == QueryNode::Occur::required || c.kind == QueryNode::Kind::filter) {
        required.push_back(std::move(q));
      } else {
        plain.push_back(std::move(q));
      }
    }

    Xapian::Query positive;
    if (words_ == Words::all) {
      std::vector<Xapian::Query> all = required;
      all.insert(all.end(), plain.begin(), plain.end());
      if (!all.empty()) positive = combine(Xapian::Query::OP_AND, all);
    } else if (required.empty()) {
      if (!plain.empty()) positive = combine(Xapian::Query::OP_OR, plain);
    } else {
      positive = combine(Xapian::Query::OP_AND, required);
      if (!plain.empty()) positive = Xapian::Query(Xapian::Query::OP_AND_MAYBE, positive, combine(Xapian::Query::OP_OR, plain));
    }
    // Only exclusions: every paragraph but the excluded ones.
    if (positive.empty()) positive = all_paragraphs();
    if (excluded.empty()) return positive;
    return Xapian::Query(Xapian::Query::OP_AND_NOT, positive, combine(Xapian::Query::OP_OR, excluded));
  }

  QueryBuilder& b_;
  std::string lang_;
  Words words_;
  bool cross_;
  Highlight& highlight_;
};

QueryPlan QueryBuilder::plan(const SearchRequest& request) {
  if (request.query.size() > kMaxQueryBytes) {
    throw SearchError(SearchError::Code::too_long, "the query is too long (" + std::to_string(request.query.size()) +
                                                       " bytes; the limit is " + std::to_string(kMaxQueryBytes) + ")");
  }
  if (utf8_error(request.query)) throw bad_query("the query is not valid UTF-8");
  QueryParseOptions options;
  for (const schema::FacetField& f : schema::kFacets) options.fields.emplace(f.name);
  options.fields.emplace("symbol");
  options.fields.emplace("date");  // date:2014..2018 (searcher/range_filters)
  QueryPlan plan;
  try {
    plan = parse_query(request.query, analyzer_.tokenizer(), options);
  } catch (const QuerySyntaxError& e) {
    throw bad_query(std::string("cannot parse the query: ") + e.what());
  }
  // "?" or "«»" is not an empty query (which lists everything): say there is nothing to search.
  if (plan.empty() && normalize_typography(request.query).find_first_not_of(" \t\r\n") != std::string::npos) {
    throw bad_query("the query holds no word to search for: \"" + request.query + "\"");
  }
  return plan;
}

// Words typed exactly as a paragraph has them (case aside) score a little more: "año" ranks a
// paragraph with "año" above one with "ano", which the folded stem also reaches, and "ano" the
// other way round.
Xapian::Query QueryBuilder::exact_form_boost(const QueryPlan& plan) {
  std::vector<Xapian::Query> terms;
  for (const QueryNode* leaf : positive_leaves(plan)) {
    if (leaf->kind == QueryNode::Kind::wildcard) continue;
    for (const QueryWord& w : leaf->words) {
      const std::string exact = casefold(w.form);
      const std::string term = exact_form_term(exact);
      if (term != exact) {
        terms.emplace_back(term);
        continue;
      }
      // Without accents the exact form's term is the folded word, which an accented twin also
      // has ("año" -> "ano"): those holding a twin as written are not boosted for "ano".
      std::set<std::string> twins;
      for (const std::string& lang : analyzer_.languages()) {
        for (const std::string& spelling : analyzer_.accented_forms(w.form, lang)) {
          if (const std::string twin = std::string(schema::kExactPrefix) + spelling; holds(twin)) twins.insert(twin);
        }
      }
      if (twins.empty()) {
        terms.emplace_back(term);
      } else {
        terms.emplace_back(Xapian::Query::OP_AND_NOT, Xapian::Query(term), Xapian::Query(Xapian::Query::OP_OR, twins.begin(), twins.end()));
      }
    }
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// A query whose words are nothing but the name of a Protocol (or the Convention) is a request for
// every paragraph that mentions it, also as "sus Protocolos" or "el Protocolo": those the words do
// not reach follow, unweighted, after those they do. A name among other words stays words.
Xapian::Query QueryBuilder::protocol_mentions(const QueryPlan& plan) {
  if (knowledge_.references == nullptr) return {};
  const std::optional<std::string> text = plain_words_text(plan);
  if (!text) return {};
  const ParagraphReferences refs = knowledge_.references->find(*text, {});
  if (refs.protocols.empty()) return {};
  for (const std::string& word : refs.other_words) {
    bool stopword = false;
    for (const std::string& lang : analyzer_.languages()) stopword = stopword || analyzer_.is_stopword(word, lang);
    if (!stopword) return {};
  }
  std::vector<Xapian::Query> terms;
  for (const std::string& id : refs.protocols) terms.emplace_back(schema::filter_term(*schema::facet("protocol"), id));
  return unweighted(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                  Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())));
}

// A query whose words are nothing but citations ("resolución 6/4", "CTOC/COP/2014/5") asks for
// the paragraphs citing them and for the cited documents, whose own number or symbol is metadata,
// not text. Both rank above paragraphs that merely share words: citing ones first.
Xapian::Query QueryBuilder::citation_tiers(const QueryPlan& plan) {
  if (knowledge_.references == nullptr) return {};
  const std::optional<std::string> text = plain_words_text(plan);
  if (!text) return {};
  const ParagraphReferences refs = knowledge_.references->find(*text, {});
  std::vector<Xapian::Query> citing, cited;
  const schema::FacetField& cites = *schema::facet("cites");
  for (const Citation& c : refs.citations) {
    if (c.kind == "article") continue;
    citing.emplace_back(schema::filter_term(cites, c.value));
    if (c.kind == "symbol") cited.emplace_back(std::string(schema::kSymbolPrefix) + schema::canonical_value(c.value));
    if ((c.kind == "resolution" || c.kind == "decision") && c.issuer == "cop") {
      cited.emplace_back(std::string(schema::kNumberPrefix) + schema::canonical_value(c.value));
    }
  }
  if (citing.empty()) return {};
  for (const std::string& word : refs.other_words) {
    const bool glue = knowledge_.references->is_citation_keyword(word) ||
                      word.find_first_of("0123456789/") != std::string::npos ||
                      std::any_of(analyzer_.languages().begin(), analyzer_.languages().end(),
                                  [&](const std::string& lang) { return analyzer_.is_stopword(word, lang); });
    if (!glue) return {};
  }
  Xapian::Query tiers = fixed_score(kCitingWeight, combine(Xapian::Query::OP_OR, citing));
  if (!cited.empty()) {
    tiers = Xapian::Query(Xapian::Query::OP_OR, tiers, fixed_score(kCitedWeight, combine(Xapian::Query::OP_OR, cited)));
  }
  return tiers;
}

// Paragraphs on the subjects the words name (subject_query.h), after those holding the words;
// among them, those holding some of the words first. Words naming no subject must be there too
// ("capacity-building for prosecutors"), and every subject read; in the relaxed pass (Words::any),
// as for the words, any subject is enough and the other words are not required. Without the
// other language (crosslang=off), only the query's language.
Xapian::Query QueryBuilder::in_language(const std::string& lang) { return in_languages({lang}); }

Xapian::Query QueryBuilder::in_languages(const std::vector<std::string>& langs) {
  const schema::FacetField& field = *schema::facet("lang");
  std::vector<Xapian::Query> terms;
  for (const std::string& lang : langs) terms.emplace_back(schema::filter_term(field, lang));
  if (knowledge_.columns != nullptr) {
    const auto facet = static_cast<std::size_t>(&field - schema::kFacets.data());
    // A language facet held as bitsets (always, for an index palermo-index wrote: a few languages).
    std::vector<std::span<const std::uint64_t>> held;
    bool every_code_held = true;
    Xapian::doccount frequency = 0;  // one local index: no round trip per term
    for (const std::string& lang : langs) {
      for (FacetColumns::Code c : knowledge_.columns->codes_of(facet, schema::canonical_value(lang))) {
        held.push_back(knowledge_.columns->held(facet, c));
        every_code_held = every_code_held && !held.back().empty();
      }
      frequency += db_.get_termfreq(schema::filter_term(field, lang));
    }
    if (every_code_held && !knowledge_.columns->single_codes(facet).empty()) {
      return Xapian::Query((new FacetCodeSource(std::move(held), frequency))->release());
    }
  }
  return combine(Xapian::Query::OP_OR, terms);
}

Xapian::Query QueryBuilder::subject_paragraphs(const QueryPlan& plan, const SubjectReading& reading,
                                               const SearchRequest& request, const std::vector<std::string>& languages,
                                               Words words) {
  std::vector<std::string> subject_languages;
  for (const std::string& lang : languages) {
    if (request.cross_language || lang == reading.lang) subject_languages.push_back(lang);
  }
  Xapian::Query on_subjects =
      subject_matches(reading, subject_languages, words == Words::all ? SubjectsRequired::all : SubjectsRequired::any);
  if (on_subjects.empty()) return {};
  constexpr double kSomeWordsWeight = 0.002;  // keeps a subject paragraph far below any holding every word
  const bool others = !reading.other_words.children.empty() && words == Words::all;
  std::vector<Xapian::Query> some, required;
  for (const std::string& lang : subject_languages) {
    const Xapian::Query in_lang = in_language(lang);
    Highlight ignored;
    some.emplace_back(Xapian::Query::OP_FILTER, Compiler(*this, lang, Words::any, false, ignored).root(plan.root), in_lang);
    if (others) {
      // As typed in the plan, through the glossary as the words themselves are.
      required.emplace_back(Xapian::Query::OP_FILTER,
                            Compiler(*this, lang, Words::all, request.cross_language, ignored).root(reading.other_words), in_lang);
    }
  }
  if (!required.empty()) on_subjects = Xapian::Query(Xapian::Query::OP_FILTER, on_subjects, combine(Xapian::Query::OP_OR, required));
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, on_subjects,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, combine(Xapian::Query::OP_OR, some), kSomeWordsWeight));
}

// Words that match nothing in any language searched are replaced by the index's spelling
// suggestion; a word that matched is never replaced, and a suggestion that only differs in case or
// accents is none.
std::optional<std::string> QueryBuilder::spelling_correction(const QueryPlan& plan,
                                                             const std::vector<std::string>& languages) {
  std::string corrected = plan.text;
  bool changed = false;
  // Only words typed alone ("zanahxria", not the pieces of "foo:bar", "te*nica" or a URL).
  auto bare = [&](const QueryWord& w) {
    auto separator = [](char c) { return c == ' ' || c == '"' || c == '(' || c == ')' || c == '\t'; };
    return (w.begin == 0 || separator(plan.text[w.begin - 1])) && (w.end == plan.text.size() || separator(plan.text[w.end]));
  };
  std::vector<const QueryWord*> words;
  for (const QueryNode* leaf : positive_leaves(plan)) {
    if (leaf->kind == QueryNode::Kind::wildcard) continue;
    for (const QueryWord& w : leaf->words) {
      if (bare(w)) words.push_back(&w);
    }
  }
  // Right to left, so that earlier offsets stay valid while later words are replaced.
  for (auto it = words.rbegin(); it != words.rend(); ++it) {
    const QueryWord& w = **it;
    bool matched = false;
    for (const std::string& lang : languages) {
      if (analyzer_.is_stopword(w.form, lang)) matched = true;
      for (const std::string& stem : analyzer_.query_stems(w.form, lang)) {
        matched = matched || holds(std::string(schema::kStemPrefix) + stem);
        if (matched) break;
      }
      if (matched) break;
    }
    if (matched || std::any_of(w.form.begin(), w.form.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
    const std::string suggestion =
        knowledge_.spelling ? knowledge_.spelling(casefold(w.form)) : db_.get_spelling_suggestion(casefold(w.form));
    if (suggestion.empty() || fold(suggestion) == fold(w.form)) continue;
    if (std::any_of(languages.begin(), languages.end(),
                    [&](const std::string& lang) { return analyzer_.is_stopword(suggestion, lang); })) {
      continue;  // "XOR" -> "for" says nothing
    }
    corrected.replace(w.begin, w.end - w.begin, suggestion);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return corrected;
}

// A subject filter naming no subject would quietly find nothing: say so, and where the ids are.
void QueryBuilder::check_subject(const std::string& value) const {
  if (knowledge_.subjects == nullptr) return;
  const DomainData& domain = knowledge_.subjects->domain();
  if (domain.subject(validated_filter_value("subject", value)) != nullptr) return;
  throw bad_query("unknown subject \"" + value + "\": subjects are the ids of domain/subjects.tsv, such as " +
                  domain.subjects().front().id + "; the subject facet of /api/search lists those in the index with their labels");
}

Xapian::Query QueryBuilder::checked_field_filter(const std::string& field, const std::string& value) {
  if (field == "subject") check_subject(value);
  return field_filter(field, value);
}

Xapian::Query QueryBuilder::filters(const SearchRequest& request) {
  std::vector<Xapian::Query> all;
  for (const auto& [name, values] : request.filters) {
    const schema::FacetField* f = schema::facet(name);
    if (f == nullptr) throw bad_query("unknown filter \"" + name + "\"");
    if (values.empty()) continue;
    if (name == "subject") {
      for (const std::string& v : values) check_subject(v);
    }
    std::vector<Xapian::Query> any;
    for (const std::string& v : values) any.emplace_back(std::string(f->prefix) + validated_filter_value(name, v));
    all.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
  }
  if (Xapian::Query scope = scope_filter(request); !scope.empty()) all.push_back(scope);  // ranges, one document
  return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

// Expanded here, over the whole Database, not by Xapian's OP_WILDCARD: Xapian 1.4 expands a
// wildcard in each shard and weights it with that shard's statistics, so that one index and its
// shards scored `coopera*` differently (a third QA of issue 11, F1). The most frequent
// kMaxWildcardTerms are kept (then the first in term order), as Xapian's WILDCARD_LIMIT_MOST_FREQUENT.
Xapian::Query QueryBuilder::wildcard(const std::string& prefix) {
  auto known = expansions_.find(prefix);
  if (known == expansions_.end()) {
    std::vector<std::pair<Xapian::doccount, std::string>> terms;
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) terms.emplace_back(t.get_termfreq(), *t);
    if (terms.size() > kMaxWildcardTerms) {
      std::partial_sort(terms.begin(), terms.begin() + kMaxWildcardTerms, terms.end(),
                        [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
      terms.resize(kMaxWildcardTerms);
    }
    std::vector<std::string> kept;
    for (auto& [freq, term] : terms) kept.push_back(std::move(term));
    std::sort(kept.begin(), kept.end());
    known = expansions_.emplace(prefix, std::move(kept)).first;
  }
  if (known->second.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_SYNONYM, known->second.begin(), known->second.end());
}

bool QueryBuilder::holds(const std::string& term) {
  auto known = held_terms_.find(term);
  if (known == held_terms_.end()) known = held_terms_.emplace(term, db_.term_exists(term)).first;
  return known->second;
}

BuiltQuery QueryBuilder::build(const QueryPlan& plan, const SearchRequest& request, Words words, Versions versions, WordsMark words_mark) {
  return build(plan, request, words, versions, std::nullopt, words_mark);
}

BuiltQuery QueryBuilder::build_with_versions(const QueryPlan& plan, const SearchRequest& request, Words words,
                                             const Xapian::Query& lifts_query) {
  return build(plan, request, words, Versions::by_caller, lifts_query, {});
}

BuiltQuery QueryBuilder::build(const QueryPlan& plan, const SearchRequest& request, Words words, Versions versions,
                               const std::optional<Xapian::Query>& given_versions, WordsMark words_mark) {
  BuiltQuery built;
  // Each language's paragraphs are matched by that language's stems only.
  std::vector<std::string> languages = analyzer_.languages();
  if (auto it = request.filters.find("lang"); it != request.filters.end() && !it->second.empty()) {
    languages.clear();
    for (const std::string& v : it->second) {
      const std::string code = validated_filter_value("lang", v);
      if (analyzer_.supports(code) && std::find(languages.begin(), languages.end(), code) == languages.end()) {
        languages.push_back(code);
      }
    }
  }
  built.languages = languages;

  // Filters typed in the query apply to every branch, expansions included; as in the API, values
  // of one field are alternatives ("lang:es lang:en"), fields combine with AND.
  // A typed facet value ("kind:operative", "lang:en", not a range) is what the sidebar would
  // choose, so the other-language versions below are taken without it, as without the sidebar's.
  std::map<std::string, std::vector<Xapian::Query>> typed_by_field, typed_scope_by_field;
  bool typed_facet_value = false;
  for (const QueryNode& c : plan.root.children) {
    if (c.kind == QueryNode::Kind::filter && c.occur != QueryNode::Occur::excluded) {
      typed_by_field[c.field].push_back(checked_field_filter(c.field, c.value));
      if (schema::facet(c.field) == nullptr || typed_range(c.field, c.value)) {
        typed_scope_by_field[c.field].push_back(typed_by_field[c.field].back());
      } else {
        typed_facet_value = true;
      }
    }
  }
  std::vector<Xapian::Query> typed_filters, typed_scope;
  for (const auto& [field, values] : typed_by_field) typed_filters.push_back(combine(Xapian::Query::OP_OR, values));
  for (const auto& [field, values] : typed_scope_by_field) typed_scope.push_back(combine(Xapian::Query::OP_OR, values));

  Xapian::Query matching;
  if (plan.empty()) {
    matching = all_paragraphs();
  } else {
    // The expansions stand for the query's words as a whole; a query that also excludes words
    // keeps to its words, so that nothing excluded comes back through an expansion.
    const bool excludes = std::any_of(plan.root.children.begin(), plan.root.children.end(),
                                      [](const QueryNode& c) { return c.occur == QueryNode::Occur::excluded; });
    std::optional<Xapian::Query> mentions;
    // Built afresh for each use: a query run once is not run again (its posting sources keep state).
    auto words_matching = [&](bool mark, const std::vector<std::string>& searched) {
      std::vector<Xapian::Query> per_language;
      // Languages whose words compile to the same query ("durante", "protocol": one stem in both)
      // share one match of it, filtered by either language, where a branch each would decode its
      // posting lists once per language: the same paragraphs and weights (a paragraph has one
      // language, so it matched one branch, which weighed it as the query does).
      std::vector<std::pair<Xapian::Query, std::vector<std::string>>> alike;
      std::vector<std::string> descriptions;
      for (const std::string& lang : searched) {
        Highlight unmarked;
        Compiler compiler(*this, lang, words, request.cross_language, mark ? built.highlight[lang] : unmarked);
        Xapian::Query q = compiler.root(plan.root);
        std::string description = knowledge_.columns != nullptr ? q.get_description() : std::string();
        const auto same = std::find(descriptions.begin(), descriptions.end(), description);
        if (knowledge_.columns != nullptr && same != descriptions.end()) {
          alike[static_cast<std::size_t>(same - descriptions.begin())].second.push_back(lang);
        } else {
          alike.push_back({std::move(q), {lang}});
          descriptions.push_back(std::move(description));
        }
      }
      for (const auto& [q, langs] : alike) per_language.emplace_back(Xapian::Query::OP_FILTER, q, in_languages(langs));
      Xapian::Query q = combine(Xapian::Query::OP_OR, per_language);
      const Xapian::Query boost = exact_form_boost(plan);
      if (!boost.empty()) q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, boost);
      if (!excludes) {
        if (!mentions) mentions = protocol_mentions(plan);
        for (const Xapian::Query& extra : {*mentions, citation_tiers(plan)}) {
          if (!extra.empty()) q = Xapian::Query(Xapian::Query::OP_OR, q, extra);
        }
      }
      return q;
    };
    matching = words_matching(true, languages);
    Xapian::Query on_subjects, parallel;
    if (!excludes) {
      // A Protocol's name alone asks for its mentions; its subject's paragraphs would rank above them.
      if (knowledge_.subjects != nullptr && mentions->empty()) built.reading = knowledge_.subjects->read(plan);
      on_subjects = subject_paragraphs(plan, built.reading, request, languages, words);
      // The other language's versions of the best matches. The best are taken in every language
      // and within the ranges and the typed filters that are not facet values only, not the
      // facet filters, typed or not, nor the one-document scope: the counting pass (without
      // facet filters) and a search within one document must find the same versions as the
      // search they count or narrow ("Protocolo" with lang=en finds the English versions of the
      // Spanish paragraphs holding it), and "lang:en Protocolo" the same as lang=en.
      // The best are those of the whole ranked query but for the facet filters and the scope:
      // the words' and the subjects' paragraphs. Without facet filters nor scope they are the
      // query's own best, which a caller ranking it anyway may take from its ranking.
      // The facet filters chosen are the caller's: its pass without them ranks the best.
      if (request.cross_language && versions == Versions::by_caller && !typed_facet_value && request.document.empty()) {
        if (given_versions) {
          parallel = *given_versions;
        } else {
          built.versions_left = true;
        }
      } else if (request.cross_language) {
        SearchRequest ranges = request;
        ranges.document.clear();
        std::vector<Xapian::Query> scope = typed_scope;
        if (Xapian::Query range = scope_filter(ranges); !range.empty()) scope.push_back(range);
        auto in_scope = [&](const Xapian::Query& q) {
          return scope.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, combine(Xapian::Query::OP_AND, scope));
        };
        // Built afresh for each use (posting sources keep state).
        auto with_subjects = [&](const std::vector<std::string>& searched) {
          Xapian::Query q = words_matching(false, searched);
          const Xapian::Query subjects = subject_paragraphs(plan, built.reading, request, searched, words);
          return subjects.empty() ? q : Xapian::Query(Xapian::Query::OP_OR, q, subjects);
        };
        BestMatches best;
        best.query = [&] { return in_scope(with_subjects(analyzer_.languages())); };
        // One part per language (each paragraph has one), and the expansions' matches in no
        // language of the analyser's: weight for weight the query above.
        best.parts = [&] {
          std::vector<Xapian::Query> parts, language_terms;
          for (const std::string& lang : analyzer_.languages()) {
            const Xapian::Query term = in_language(lang);
            language_terms.push_back(term);
            parts.push_back(in_scope(Xapian::Query(Xapian::Query::OP_FILTER, with_subjects({lang}), term)));
          }
          if (!excludes) {
            if (!mentions) mentions = protocol_mentions(plan);
            const Xapian::Query extras(Xapian::Query::OP_OR, *mentions, citation_tiers(plan));
            if (!extras.empty()) {
              parts.push_back(in_scope(Xapian::Query(Xapian::Query::OP_AND_NOT, extras, combine(Xapian::Query::OP_OR, language_terms))));
            }
          }
          return parts;
        };
        const std::string key = best.query().get_description();
        auto known = counterparts_.find(key);
        if (known == counterparts_.end()) {
          known = counterparts_.emplace(key, counterparts_of_best(db_, best, analyzer_.languages(), {})).first;
        }
        parallel = known->second;
      }
    }
    built.words_query = matching;
    built.versions_add_to_words = built.versions_left && on_subjects.empty() && matching.get_type() != Xapian::Query::OP_OR;
    // The words' matches among those of the subjects too, counted by the pass (branch_count.h)
    // rather than by a match of the words alone. Not when the words' query is an OR (a Protocol's
    // mentions or citation tiers join it), which Xapian would merge into the OR below: the mark
    // would change how that OR's weights are summed.
    if (words_mark.count != nullptr && !on_subjects.empty() && matching.get_type() != Xapian::Query::OP_OR) {
      matching = words_mark.count->marked(matching, words_mark.weights);
      built.words_marked = true;
    }
    // A paragraph scores the better of its own match and its version's share (parallel_versions.h).
    if (!parallel.empty()) matching = Xapian::Query(Xapian::Query::OP_OR, matching, parallel);
    if (!on_subjects.empty()) matching = Xapian::Query(Xapian::Query::OP_OR, matching, on_subjects);
    built.correction = spelling_correction(plan, languages);
  }
  Xapian::Query filter = filters(request);
  if (!typed_filters.empty()) {
    if (!filter.empty()) typed_filters.push_back(filter);
    filter = Xapian::Query(Xapian::Query::OP_AND, typed_filters.begin(), typed_filters.end());
  }
  auto filtered = [&](const Xapian::Query& q) { return filter.empty() ? q : Xapian::Query(Xapian::Query::OP_FILTER, q, filter); };
  built.query = filtered(matching);
  built.words_query = built.words_query.empty() ? built.query : filtered(built.words_query);
  return built;
}

}  // namespace palermo
