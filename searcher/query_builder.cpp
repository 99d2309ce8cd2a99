#include "searcher/query_builder.h"

#include <algorithm>
#include <sstream>

#include "analysis/schema.h"
#include "analysis/text.h"
#include "searcher/range_filters.h"
#include "searcher/search_error.h"

namespace palermo {
namespace {

bool is_number(const std::string& s) {
  return !s.empty() && s.size() <= 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

SearchError bad_query(const std::string& message) { return SearchError(SearchError::Code::bad_query, message); }

// A filter typed in the query text ("body:WG.4") as the boolean term the indexer wrote.
class FilterField : public Xapian::FieldProcessor {
 public:
  explicit FilterField(const schema::FacetField& field) : field_(field) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(std::string(field_.prefix) + validated_filter_value(std::string(field_.name), value));
  }

 private:
  const schema::FacetField& field_;
};

class SymbolField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(std::string(schema::kSymbolPrefix) + casefold(value));
  }
};

constexpr double kCrossLanguageWeight = 0.7;

constexpr unsigned kParseFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                                 Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_SPELLING_CORRECTION;

}  // namespace

std::string validated_filter_value(const std::string& field, const std::string& value) {
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

Xapian::Query QueryBuilder::parse(const std::string& text, const std::string& lang, Words words,
                                  std::optional<std::string>& correction) {
  Xapian::QueryParser parser;
  analyzer_.configure(parser, lang);
  parser.set_database(db_);
  parser.set_default_op(words == Words::all ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
  for (const schema::FacetField& f : schema::kFacets) {
    parser.add_boolean_prefix(std::string(f.name), (new FilterField(f))->release());
  }
  parser.add_boolean_prefix("symbol", (new SymbolField)->release());
  add_range_processors(parser);  // session:7..12, date:2014..2018
  try {
    Xapian::Query q = parser.parse_query(without_ellipses(text), kParseFlags);
    const std::string corrected = parser.get_corrected_query_string();
    if (!corrected.empty() && !correction) correction = corrected;
    return q;
  } catch (const Xapian::QueryParserError& e) {
    throw bad_query("cannot parse the query: " + e.get_msg());
  }
}

// Words typed exactly as a paragraph has them (case aside) score a little more: "año" ranks a
// paragraph with "año" above one with "ano", which the folded stem also reaches.
Xapian::Query QueryBuilder::exact_form_boost(const std::string& text) {
  std::vector<Xapian::Query> terms;
  std::istringstream in(text);
  std::string token;
  while (in >> token) {
    const auto colon = token.find(':');
    if (colon != std::string::npos && (schema::facet(token.substr(0, colon)) || token.substr(0, colon) == "symbol" ||
                                       is_range_field(token.substr(0, colon)))) {
      continue;
    }
    if (token == "AND" || token == "OR" || token == "NOT" || token.starts_with('-')) continue;
    for (const Word& w : analyzer_.words(token)) {
      terms.emplace_back(std::string(schema::kExactPrefix) + casefold(w.text));
    }
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// A query that is nothing but the name of a Protocol (or the Convention) is a request for every
// paragraph that mentions it, also as "sus Protocolos" or "el Protocolo": those the words do not
// reach follow, unweighted, after those they do. A name among other words stays words.
Xapian::Query QueryBuilder::protocol_mentions(const std::string& text) {
  if (knowledge_.references == nullptr) return {};
  const ParagraphReferences refs = knowledge_.references->find(text, {});
  if (refs.protocols.empty()) return {};
  for (const std::string& word : refs.other_words) {
    bool stopword = false;
    for (const std::string& lang : analyzer_.languages()) stopword = stopword || analyzer_.is_stopword(word, lang);
    if (!stopword) return {};
  }
  std::vector<Xapian::Query> terms;
  for (const std::string& id : refs.protocols) terms.emplace_back(schema::filter_term(*schema::facet("protocol"), id));
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                     Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())),
                       0.0);
}

// A query that is nothing but citations ("resolución 6/4", "CTOC/COP/2014/5") also asks for the
// cited documents themselves, whose own number or symbol is metadata, not text: their paragraphs
// follow, unweighted, the paragraphs that cite them.
Xapian::Query QueryBuilder::cited_documents(const std::string& text) {
  if (knowledge_.references == nullptr) return {};
  const ParagraphReferences refs = knowledge_.references->find(text, {});
  std::vector<Xapian::Query> documents;
  for (const Citation& c : refs.citations) {
    if (c.kind == "symbol") documents.emplace_back(std::string(schema::kSymbolPrefix) + schema::canonical_value(c.value));
    if ((c.kind == "resolution" || c.kind == "decision") && c.issuer == "cop") {
      documents.emplace_back(std::string(schema::kNumberPrefix) + schema::canonical_value(c.value));
    }
  }
  if (documents.empty()) return {};
  for (const std::string& word : refs.other_words) {
    const bool glue = knowledge_.references->is_citation_keyword(word) ||
                      word.find_first_of("0123456789/") != std::string::npos ||
                      std::any_of(analyzer_.languages().begin(), analyzer_.languages().end(),
                                  [&](const std::string& lang) { return analyzer_.is_stopword(word, lang); });
    if (!glue) return {};
  }
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                     Xapian::Query(Xapian::Query::OP_OR, documents.begin(), documents.end())),
                       0.0);
}

Xapian::Query QueryBuilder::filters(const SearchRequest& request) {
  std::vector<Xapian::Query> all;
  for (const auto& [name, values] : request.filters) {
    const schema::FacetField* f = schema::facet(name);
    if (f == nullptr) throw bad_query("unknown filter \"" + name + "\"");
    if (values.empty()) continue;
    std::vector<Xapian::Query> any;
    for (const std::string& v : values) any.emplace_back(std::string(f->prefix) + validated_filter_value(name, v));
    all.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
  }
  if (Xapian::Query ranges = range_filter(request); !ranges.empty()) all.push_back(ranges);
  return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

BuiltQuery QueryBuilder::build(const SearchRequest& request, Words words) {
  if (request.query.size() > kMaxQueryBytes) {
    throw SearchError(SearchError::Code::too_long, "the query is too long (" + std::to_string(request.query.size()) + " bytes; the limit is " +
                    std::to_string(kMaxQueryBytes) + ")");
  }
  if (utf8_error(request.query)) throw bad_query("the query is not valid UTF-8");

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

  const bool has_text = request.query.find_first_not_of(" \t\r\n") != std::string::npos;
  Xapian::Query matching;
  if (!has_text) {
    matching = Xapian::Query::MatchAll;
  } else {
    std::vector<Xapian::Query> per_language;
    for (const std::string& lang : languages) {
      Xapian::Query q = parse(request.query, lang, words, built.correction);
      if (knowledge_.cross_language != nullptr && request.cross_language) {
        if (const auto rewritten = knowledge_.cross_language->rewrite(request.query, lang)) {
          // Paragraphs reached only through the glossary rank below those matching the words as typed.
          std::optional<std::string> ignored;
          q = Xapian::Query(Xapian::Query::OP_OR, q,
                            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, parse(*rewritten, lang, words, ignored),
                                          kCrossLanguageWeight));
        }
      }
      built.text_by_language[lang] = q;
      per_language.emplace_back(Xapian::Query::OP_FILTER, q,
                                Xapian::Query(schema::filter_term(*schema::facet("lang"), lang)));
    }
    matching = Xapian::Query(Xapian::Query::OP_OR, per_language.begin(), per_language.end());
    matching = Xapian::Query(Xapian::Query::OP_AND_MAYBE, matching, exact_form_boost(request.query));
    for (const Xapian::Query& extra : {protocol_mentions(request.query), cited_documents(request.query)}) {
      if (!extra.empty()) matching = Xapian::Query(Xapian::Query::OP_OR, matching, extra);
    }
  }
  const Xapian::Query filter = filters(request);
  built.query = filter.empty() ? matching : Xapian::Query(Xapian::Query::OP_FILTER, matching, filter);
  return built;
}

}  // namespace palermo
