#include "analysis/query_plan.h"

#include <optional>

#include "analysis/text.h"

namespace palermo {
namespace {

// Opening and closing marks of a phrase: straight quotes, and the typographic ones delegates paste
// from UN texts in English (“ ”), Spanish (« »), and German-style („ “).
bool is_quote(char32_t c) { return c == U'"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x00AB || c == 0x00BB; }

struct Lexeme {
  enum class Kind { open, close, phrase, chunk } kind;
  std::size_t begin = 0, end = 0;  // the text, quotes excluded
};

// Cuts the query into parentheses, quoted phrases and space-separated chunks. An unterminated
// quote runs to the end of the query, as a user who forgot it means.
std::vector<Lexeme> lex(std::string_view text) {
  std::vector<Lexeme> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t start = at;
    const char32_t c = next_code_point(text, at);
    const char32_t mapped = typographic_equivalent(c);
    if (mapped == 0 || is_space(c) || mapped == U' ') continue;
    if (c == U'(' || c == U')') {
      out.push_back({c == U'(' ? Lexeme::Kind::open : Lexeme::Kind::close, start, at});
      continue;
    }
    if (is_quote(c)) {
      std::size_t end = text.size(), next = at;
      while (next < text.size()) {
        const std::size_t here = next;
        if (is_quote(next_code_point(text, next))) {
          end = here;
          break;
        }
      }
      out.push_back({Lexeme::Kind::phrase, at, end});
      at = next;
      continue;
    }
    std::size_t end = at;
    for (std::size_t next = at; next < text.size();) {
      const char32_t d = next_code_point(text, next);
      if (is_space(d) || typographic_equivalent(d) == U' ' || d == U'(' || d == U')' || is_quote(d)) break;
      end = next;
    }
    out.push_back({Lexeme::Kind::chunk, start, end});
    at = end;
  }
  return out;
}

class Parser {
 public:
  Parser(std::string_view text, WordTokenizer& tokenizer, const QueryParseOptions& options)
      : text_(text), lexemes_(lex(text)), tokenizer_(tokenizer), options_(options) {}

  QueryNode parse() {
    QueryNode root = group(0);
    if (next_ < lexemes_.size()) {
      throw QuerySyntaxError("the query has a ')' without its '(' at character " +
                             std::to_string(lexemes_[next_].begin + 1));
    }
    return root;
  }

 private:
  std::string_view lexeme_text(const Lexeme& l) const { return text_.substr(l.begin, l.end - l.begin); }

  bool at_operator(std::string_view op) const {
    return next_ < lexemes_.size() && lexemes_[next_].kind == Lexeme::Kind::chunk && lexeme_text(lexemes_[next_]) == op;
  }
  bool at_end_of_group() const { return next_ >= lexemes_.size() || lexemes_[next_].kind == Lexeme::Kind::close; }

  // Juxtaposed units, each possibly joined to the next by OR, up to ')' or the end.
  QueryNode group(std::size_t depth) {
    if (depth > options_.max_depth) {
      throw QuerySyntaxError("the query nests parentheses deeper than " + std::to_string(options_.max_depth));
    }
    QueryNode g;
    g.kind = QueryNode::Kind::group;
    bool require_next = false;
    while (!at_end_of_group()) {
      // AND, OR and NOT need something to apply to: "trata AND" is a mistake to point out.
      for (const char* op : {"AND", "OR", "NOT"}) {
        const bool first = std::string_view(op) != "NOT" && g.children.empty();
        const bool last = next_ + 1 >= lexemes_.size() || lexemes_[next_ + 1].kind == Lexeme::Kind::close;
        if (at_operator(op) && (first || last)) {
          throw QuerySyntaxError(std::string(op) + " at character " + std::to_string(lexemes_[next_].begin + 1) +
                                 " needs a word on " + (first ? "its left" : "its right") +
                                 " (write it in lower case to search for the word)");
        }
      }
      if (at_operator("AND")) {
        ++next_;
        if (g.children.back().occur == QueryNode::Occur::plain) g.children.back().occur = QueryNode::Occur::required;
        require_next = true;
        continue;
      }
      QueryNode::Occur occur = require_next ? QueryNode::Occur::required : QueryNode::Occur::plain;
      require_next = false;
      if (at_operator("NOT")) {
        ++next_;
        occur = QueryNode::Occur::excluded;
        if (at_operator("NOT") || at_operator("AND") || at_operator("OR")) {
          throw QuerySyntaxError("NOT at character " + std::to_string(lexemes_[next_ - 1].begin + 1) +
                                 " is followed by another operator; write NOT before a word");
        }
      }
      std::optional<QueryNode> u = unit(depth, occur);
      if (!u) continue;
      // "a OR b OR c": one unit of alternatives.
      while (at_operator("OR")) {
        if (next_ + 1 >= lexemes_.size() || lexemes_[next_ + 1].kind == Lexeme::Kind::close) {
          throw QuerySyntaxError("OR at character " + std::to_string(lexemes_[next_].begin + 1) +
                                 " needs a word on its right (write it in lower case to search for the word)");
        }
        ++next_;
        std::optional<QueryNode> alternative = unit(depth, QueryNode::Occur::plain);
        if (!alternative) continue;
        if (u->kind != QueryNode::Kind::any_of) {
          QueryNode any;
          any.kind = QueryNode::Kind::any_of;
          any.occur = u->occur;
          u->occur = QueryNode::Occur::plain;
          any.children.push_back(std::move(*u));
          u = std::move(any);
        }
        u->children.push_back(std::move(*alternative));
      }
      g.children.push_back(std::move(*u));
    }
    return g;
  }

  // One parenthesised group, phrase, filter, wildcard, word or chunk of words; nullopt when the
  // lexeme holds no word ("¿", "--").
  std::optional<QueryNode> unit(std::size_t depth, QueryNode::Occur occur) {
    const std::size_t first_lexeme = next_;
    std::optional<QueryNode> u = unit_at(depth, occur);
    if (u) {
      // The unit's text: from its first lexeme (a +/- included) to its last, a closing quote included.
      const Lexeme& last = lexemes_[next_ - 1];
      std::size_t end = last.end;
      if (last.kind == Lexeme::Kind::phrase && end < text_.size()) next_code_point(text_, end);
      u->begin = lexemes_[first_lexeme].begin;
      if (lexemes_[first_lexeme].kind == Lexeme::Kind::phrase) {
        // A phrase lexeme starts after its opening quote: step back over that code point.
        do {
          --u->begin;
        } while (u->begin > 0 && (static_cast<unsigned char>(text_[u->begin]) & 0xC0) == 0x80);
      }
      u->end = end;
    }
    return u;
  }

  std::optional<QueryNode> unit_at(std::size_t depth, QueryNode::Occur occur) {
    const Lexeme l = lexemes_[next_++];
    if (l.kind == Lexeme::Kind::close) return std::nullopt;
    if (l.kind == Lexeme::Kind::open) {
      QueryNode g = group(depth + 1);
      if (next_ < lexemes_.size()) ++next_;  // the ')'; a missing one closes at the end
      if (g.children.empty()) return std::nullopt;
      // "(a OR b)" is the alternatives themselves, not a group of one.
      if (g.children.size() == 1 && g.children.front().occur == QueryNode::Occur::plain) {
        QueryNode only = std::move(g.children.front());
        only.occur = occur;
        return only;
      }
      g.occur = occur;
      return g;
    }
    if (l.kind == Lexeme::Kind::phrase) {
      // Wildcard terms carry no positions: a phrase cannot hold one.
      const std::string_view quoted = lexeme_text(l);
      for (std::size_t star = quoted.find('*'); star != std::string_view::npos; star = quoted.find('*', star + 1)) {
        if (star > 0 && quoted[star - 1] != ' ') {
          throw QuerySyntaxError("a wildcard (*) cannot be used inside a phrase (at character " +
                                 std::to_string(l.begin + star + 1) + "); remove the quotes or the *");
        }
      }
      std::optional<QueryNode> p = phrase(l.begin, l.end, occur);
      if (p) p->quoted = true;
      return p;
    }

    std::size_t begin = l.begin;
    std::size_t cursor = begin;
    const char32_t first = typographic_equivalent(next_code_point(text_, cursor));
    if (first == U'-' || first == U'+') {
      occur = first == U'-' ? QueryNode::Occur::excluded : QueryNode::Occur::required;
      begin = cursor;
      if (begin == l.end) {  // "-" alone before a phrase or a group: applies to it
        if (occur == QueryNode::Occur::required) return next_unit(depth, occur);
        if (next_ < lexemes_.size() && lexemes_[next_].kind != Lexeme::Kind::close &&
            lexemes_[next_].kind != Lexeme::Kind::chunk) {
          return unit(depth, occur);
        }
        return std::nullopt;
      }
      // A + on punctuation ("+- a", "+¿ qué", "+• a": the page's "search the words as typed" puts
      // its + before whatever the query starts with) requires the next unit holding a word, so
      // that the + is never lost. A lone "-" before words stays a pasted bullet, not an exclusion.
      if (occur == QueryNode::Occur::required && tokenizer_.words(text_.substr(begin, l.end - begin)).empty()) {
        return next_unit(depth, occur);
      }
    }
    const std::string_view chunk = text_.substr(begin, l.end - begin);
    if (const auto colon = chunk.find(':'); colon != std::string_view::npos && colon > 0) {
      const std::string name = casefold(chunk.substr(0, colon));
      if (options_.fields.count(name) != 0) {
        QueryNode f;
        f.kind = QueryNode::Kind::filter;
        f.occur = occur;
        f.field = name;
        f.value = std::string(chunk.substr(colon + 1));
        // field:"two words"
        if (f.value.empty() && next_ < lexemes_.size() && lexemes_[next_].kind == Lexeme::Kind::phrase &&
            lexemes_[next_].begin == l.end + 1) {
          f.value = std::string(lexeme_text(lexemes_[next_++]));
        }
        return f;
      }
    }
    if (chunk.ends_with('*')) {
      std::vector<Word> words = tokenizer_.words(chunk.substr(0, chunk.size() - 1));
      // Only a word's own beginning: "7/*" is the words of "7/", not every number from 7.
      if (words.size() == 1 && words[0].begin == 0 && words[0].end == chunk.size() - 1) {
        QueryNode w;
        w.kind = QueryNode::Kind::wildcard;
        w.occur = occur;
        w.words.push_back({std::move(words[0].form), begin + words[0].begin, begin + words[0].end});
        return w;
      }
    }
    return phrase(begin, l.end, occur);
  }

  // The next unit of the group holding a word, with `occur`; nullopt at the group's end.
  std::optional<QueryNode> next_unit(std::size_t depth, QueryNode::Occur occur) {
    while (!at_end_of_group()) {
      if (std::optional<QueryNode> u = unit(depth, occur)) return u;
    }
    return std::nullopt;
  }

  // The words between `begin` and `end`: one word, or a phrase of several.
  std::optional<QueryNode> phrase(std::size_t begin, std::size_t end, QueryNode::Occur occur) {
    QueryNode p;
    p.occur = occur;
    for (Word& w : tokenizer_.words(text_.substr(begin, end - begin))) {
      p.words.push_back({std::move(w.form), begin + w.begin, begin + w.end});
    }
    if (p.words.empty()) return std::nullopt;
    p.kind = p.words.size() == 1 ? QueryNode::Kind::word : QueryNode::Kind::phrase;
    return p;
  }

  std::string_view text_;
  std::vector<Lexeme> lexemes_;
  std::size_t next_ = 0;
  WordTokenizer& tokenizer_;
  const QueryParseOptions& options_;
};

void collect_positive(const QueryNode& node, std::vector<const QueryNode*>& out) {
  if (node.occur == QueryNode::Occur::excluded) return;
  switch (node.kind) {
    case QueryNode::Kind::word:
    case QueryNode::Kind::phrase:
    case QueryNode::Kind::wildcard:
      out.push_back(&node);
      break;
    case QueryNode::Kind::filter:
      break;
    case QueryNode::Kind::group:
    case QueryNode::Kind::any_of:
      for (const QueryNode& child : node.children) collect_positive(child, out);
      break;
  }
}

}  // namespace

QueryPlan parse_query(std::string_view text, WordTokenizer& tokenizer, const QueryParseOptions& options) {
  QueryPlan plan;
  plan.text = std::string(text);
  Parser parser(plan.text, tokenizer, options);
  plan.root = parser.parse();
  return plan;
}

std::vector<const QueryNode*> positive_leaves(const QueryPlan& plan) {
  std::vector<const QueryNode*> out;
  collect_positive(plan.root, out);
  return out;
}

}  // namespace palermo
