#include "references/reference_finder.h"

#include <algorithm>
#include <map>
#include <cctype>

#include "analysis/text.h"

namespace palermo {
namespace {

// The paragraph as words and punctuation, folded. A word is a run of letters and digits; '/' and
// '.' between two of them stay inside ("61/144", "ctoc/cop/wg.4/2023/5"), other punctuation that
// matters to a citation list ("," ";" "(" ")") is a token of its own, everything else separates.
struct Token {
  std::string text;
  bool word = true;
};

// Whether the code point at `at` is a word character (analysis' one rule); advances `at` past it.
bool word_character(std::string_view text, std::size_t& at) { return is_word_character(next_code_point(text, at)); }

std::vector<Token> tokenize(std::string_view folded) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < folded.size()) {
    std::size_t after = i;
    if (word_character(folded, after)) {
      // A word, and the words joined to it by '/' or '.' without a space: a symbol or a number.
      std::size_t j = after;
      while (j < folded.size()) {
        std::size_t next = j;
        if (word_character(folded, next)) {
          j = next;
          continue;
        }
        if ((folded[j] == '/' || folded[j] == '.') && j + 1 < folded.size()) {
          std::size_t joined = j + 1;
          if (word_character(folded, joined)) {
            j = joined;
            continue;
          }
        }
        break;
      }
      out.push_back({std::string(folded.substr(i, j - i)), true});
      i = j;
    } else {
      const char c = folded[i];
      if (c == ',' || c == ';' || c == '(' || c == ')' || c == '.' || c == ':') out.push_back({std::string(1, c), false});
      i = after;
    }
  }
  return out;
}

std::vector<std::string> phrase_words(std::string_view folded_phrase) {
  std::vector<std::string> out;
  for (Token& t : tokenize(folded_phrase)) {
    if (t.word) out.push_back(std::move(t.text));
  }
  return out;
}

// A phrase of domain/protocols.tsv, ready to match word by word.
struct Phrase {
  std::vector<std::string> words;
  const InstrumentName* instrument;
};

std::vector<Phrase> compile_phrases(const DomainData& domain, std::string_view id) {
  std::vector<Phrase> out;
  for (const InstrumentName& row : domain.instruments()) {
    if ((id.empty() && row.special()) || (!id.empty() && row.id != id)) continue;
    for (const std::string& p : row.patterns) out.push_back({phrase_words(p), &row});
  }
  // Longest first: "the protocol to prevent ..." before "the protocol".
  std::stable_sort(out.begin(), out.end(), [](const Phrase& a, const Phrase& b) { return a.words.size() > b.words.size(); });
  return out;
}

// The paragraph's words (punctuation aside) with a mark for those a phrase has already claimed.
class WordSequence {
 public:
  explicit WordSequence(const std::vector<Token>& tokens) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].word) {
        words_.push_back(&tokens[i].text);
        token_index_.push_back(i);
      }
    }
    claimed_.assign(words_.size(), false);
  }

  std::size_t size() const { return words_.size(); }
  std::size_t token_index(std::size_t word) const { return token_index_[word]; }
  std::size_t word_at_token(std::size_t token) const {
    return static_cast<std::size_t>(std::lower_bound(token_index_.begin(), token_index_.end(), token) - token_index_.begin());
  }

  bool matches_at(std::size_t at, const std::vector<std::string>& phrase) const {
    if (phrase.empty() || at + phrase.size() > words_.size()) return false;
    for (std::size_t k = 0; k < phrase.size(); ++k) {
      if (claimed_[at + k] || *words_[at + k] != phrase[k]) return false;
    }
    return true;
  }

  std::vector<std::string> unclaimed() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (!claimed_[i]) out.push_back(*words_[i]);
    }
    return out;
  }

  bool contains(const std::vector<std::string>& phrase) const {
    for (std::size_t at = 0; at + phrase.size() <= words_.size(); ++at) {
      if (matches_at(at, phrase)) return true;
    }
    return false;
  }

  // Claims every unclaimed occurrence of each phrase, longest phrases first; calls found(phrase).
  template <class Found>
  void claim(const std::vector<Phrase>& phrases, Found&& found) {
    for (const Phrase& p : phrases) {
      for (std::size_t at = 0; at + p.words.size() <= words_.size(); ++at) {
        if (!matches_at(at, p.words)) continue;
        std::fill(claimed_.begin() + static_cast<long>(at), claimed_.begin() + static_cast<long>(at + p.words.size()), true);
        found(p);
      }
    }
  }

 private:
  std::vector<const std::string*> words_;
  std::vector<std::size_t> token_index_;
  std::vector<bool> claimed_;
};

bool is_protocol(const std::string& id) { return id != "convention"; }

}  // namespace

struct ReferenceFinder::Compiled {
  explicit Compiled(const DomainData& domain) {
    for (const char* group : {"", "-", "2", "*", "="}) groups[group] = compile_phrases(domain, group);
    auto add = [&](const std::vector<std::string>& phrases) {
      for (const std::string& p : phrases) split.emplace(p, phrase_words(p));
    };
    for (const InstrumentName& row : domain.instruments()) {
      add(row.patterns);
      add(row.subjects);
    }
    for (const CitationIssuer& issuer : domain.citation_issuers()) {
      add(issuer.before);
      add(issuer.after);
    }
  }
  // The words of a phrase from the tables.
  const std::vector<std::string>& words(const std::string& phrase) const { return split.at(phrase); }
  const std::vector<Phrase>& phrases(const std::string& group) const { return groups.at(group); }

  std::map<std::string, std::vector<Phrase>> groups;  // "" named instruments, or a special id
  std::map<std::string, std::vector<std::string>> split;
};

namespace {

// The Protocols and the Convention named in `tokens`, with "*" and "=" resolved. The words that
// name none go to `other_words` when given.
template <class Compiled>
std::vector<std::string> instruments_named(const Compiled& compiled, const DomainData& domain, const std::vector<Token>& tokens,
                                           const std::string& title_protocol,
                                           std::vector<std::string>* other_words = nullptr) {
  WordSequence words(tokens);
  words.claim(compiled.phrases("-"), [](const Phrase&) {});
  std::vector<std::string> named;
  words.claim(compiled.phrases(""), [&](const Phrase& p) { named.push_back(p.instrument->id); });
  bool all = false, bare = false, two = false;
  words.claim(compiled.phrases("2"), [&](const Phrase&) { two = true; });
  words.claim(compiled.phrases("*"), [&](const Phrase&) { all = true; });
  words.claim(compiled.phrases("="), [&](const Phrase&) { bare = true; });
  if (other_words != nullptr) *other_words = words.unclaimed();

  std::vector<std::string> protocols_named;
  for (const std::string& id : named) {
    if (is_protocol(id) && std::find(protocols_named.begin(), protocols_named.end(), id) == protocols_named.end()) {
      protocols_named.push_back(id);
    }
  }
  if (bare) {
    // "el Protocolo": the one Protocol this paragraph names, else the one of the document's title.
    if (protocols_named.size() == 1) named.push_back(protocols_named.front());
    else if (protocols_named.empty() && !title_protocol.empty()) named.push_back(title_protocol);
  }
  if (two) {
    // "ambos Protocolos": the two whose subjects the paragraph names.
    WordSequence all_words(tokens);
    std::vector<std::string> subjects;
    for (const InstrumentName& row : domain.instruments()) {
      for (const std::string& s : row.subjects) {
        if (all_words.contains(compiled.words(s))) {
          subjects.push_back(row.id);
          break;
        }
      }
    }
    if (subjects.size() == 2) named.insert(named.end(), subjects.begin(), subjects.end());
  }
  std::vector<std::string> out;
  for (const InstrumentName& row : domain.instruments()) {
    if (row.special()) continue;
    const bool mentioned = std::find(named.begin(), named.end(), row.id) != named.end() || (all && is_protocol(row.id));
    if (mentioned) out.push_back(row.id);
  }
  return out;
}

bool digits(std::string_view s, std::size_t min, std::size_t max) {
  return s.size() >= min && s.size() <= max &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// "7/1", "61/144", "2013/41".
bool slash_number(std::string_view s) {
  const auto slash = s.find('/');
  return slash != std::string_view::npos && digits(s.substr(0, slash), 1, 4) && digits(s.substr(slash + 1), 1, 4);
}

// A document symbol: at least three '/'-separated parts, the first all letters ("ctoc/cop/2014/1").
bool symbol(std::string_view s) {
  if (std::count(s.begin(), s.end(), '/') < 2) return false;
  const std::string_view first = s.substr(0, s.find('/'));
  return !first.empty() && std::all_of(first.begin(), first.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Reads citation lists off the tokens.
class CitationReader {
 public:
  // `phrase_words`: the words of every phrase of the tables.
  CitationReader(const DomainData& domain, const std::map<std::string, std::vector<std::string>>& phrase_words,
                 const std::vector<Token>& tokens, const std::vector<std::string>& protocols_here,
                 const std::string& title_protocol)
      : domain_(domain), phrase_words_(phrase_words), t_(tokens), protocols_here_(protocols_here),
        title_protocol_(title_protocol) {}

  std::vector<Citation> read() {
    for (std::size_t i = 0; i < t_.size(); ++i) {
      if (!t_[i].word) continue;
      if (symbol(t_[i].text)) {
        add({"symbol", "", upper(t_[i].text)});
        continue;
      }
      const CitationKeyword* keyword = keyword_at(i);
      if (keyword == nullptr) continue;
      if (keyword->id == "article") {
        read_articles(i + 1);
      } else {
        read_resolutions(*keyword, i);
      }
    }
    return out_;
  }

 private:
  bool word_is(std::size_t i, std::initializer_list<std::string_view> options) const {
    return i < t_.size() && t_[i].word && std::find(options.begin(), options.end(), t_[i].text) != options.end();
  }
  bool punct_is(std::size_t i, char c) const { return i < t_.size() && !t_[i].word && t_[i].text[0] == c; }

  const CitationKeyword* keyword_at(std::size_t i) const {
    std::string w = t_[i].text;
    // "art." arrives as "art" and "."; forms are written with the dot.
    if (punct_is(i + 1, '.')) {
      for (const CitationKeyword& k : domain_.citation_keywords()) {
        if (std::find(k.forms.begin(), k.forms.end(), w + ".") != k.forms.end()) return &k;
      }
    }
    for (const CitationKeyword& k : domain_.citation_keywords()) {
      if (std::find(k.forms.begin(), k.forms.end(), w) != k.forms.end()) return &k;
    }
    return nullptr;
  }

  // Length in tokens of `phrase` (folded words) starting at token i, or 0.
  std::size_t phrase_at(std::size_t i, const std::string& phrase) const {
    const std::vector<std::string>& words = phrase_words_.at(phrase);
    for (std::size_t k = 0; k < words.size(); ++k) {
      if (!word_is(i + k, {words[k]})) return 0;
    }
    return words.size();
  }

  // An issuer phrase ending right before token i ("General Assembly resolution"), or a few linking
  // words before it ("la Asamblea General, en su resolución", "by the General Assembly of resolution").
  const CitationIssuer* issuer_before(std::size_t i) const {
    for (std::size_t end = i, steps = 0; end > 0 && steps < 5; --end, ++steps) {
      const CitationIssuer* best = nullptr;
      std::size_t best_length = 0;
      for (const CitationIssuer& issuer : domain_.citation_issuers()) {
        for (const std::string& p : issuer.before) {
          const std::size_t n = phrase_words_.at(p).size();
          if (n <= end && n > best_length && phrase_at(end - n, p) == n) {
            best = &issuer;
            best_length = n;
          }
        }
      }
      if (best != nullptr) return best;
      if (!(word_is(end - 1, {"of", "de", "la", "el", "del", "in", "en", "its", "su", "sus"}) || punct_is(end - 1, ','))) {
        return nullptr;
      }
    }
    return nullptr;
  }

  // An issuer phrase starting at token i ("de la Asamblea General"), with its length.
  std::pair<const CitationIssuer*, std::size_t> issuer_at(std::size_t i) const {
    std::pair<const CitationIssuer*, std::size_t> best{nullptr, 0};
    for (const CitationIssuer& issuer : domain_.citation_issuers()) {
      for (const std::string& p : issuer.after) {
        const std::size_t n = phrase_at(i, p);
        if (n > best.second) best = {&issuer, n};
      }
    }
    return best;
  }

  // Skips a date after a cited number: ", de 19 de diciembre de 2006" / "of 19 December 2006".
  std::size_t skip_date(std::size_t i) const {
    std::size_t j = i;
    if (punct_is(j, ',')) ++j;
    if (word_is(j, {"de", "of"})) ++j;
    if (!(j < t_.size() && digits(t_[j].text, 1, 2))) return i;
    ++j;
    if (word_is(j, {"de"})) ++j;
    if (!(j < t_.size() && t_[j].word && domain_.month(t_[j].text))) return i;
    ++j;
    if (word_is(j, {"de"})) ++j;
    if (!(j < t_.size() && digits(t_[j].text, 4, 4))) return i;
    return j + 1;
  }

  // After a list item: the position of the next item, if the list goes on (", 63/194", "y 74/176").
  std::size_t next_item(std::size_t i, bool (*item)(std::string_view)) const {
    std::size_t j = i;
    if (punct_is(j, ',')) ++j;
    if (word_is(j, {"y", "e", "and"})) ++j;
    return j > i && j < t_.size() && t_[j].word && item(t_[j].text) ? j : std::string::npos;
  }

  void read_resolutions(const CitationKeyword& keyword, std::size_t k) {
    const CitationIssuer* issuer = issuer_before(k);
    std::size_t i = k + 1;
    if (auto [after, n] = issuer_at(i); after != nullptr) {
      issuer = after;
      i += n;
    }
    std::vector<std::string> numbers;
    const bool security_council = issuer != nullptr && issuer->id == "sc";
    auto item = security_council ? +[](std::string_view s) { return digits(s, 1, 5); } : +[](std::string_view s) { return slash_number(s); };
    while (i < t_.size() && t_[i].word && item(t_[i].text)) {
      std::string number = t_[i].text;
      ++i;
      if (security_council && punct_is(i, '(') && i + 2 < t_.size() && digits(t_[i + 1].text, 4, 4) && punct_is(i + 2, ')')) {
        number += "(" + t_[i + 1].text + ")";
        i += 3;
      }
      numbers.push_back(number);
      i = skip_date(i);
      const std::size_t next = next_item(i, item);
      if (next == std::string::npos) break;
      i = next;
    }
    if (numbers.empty()) return;
    if (issuer == nullptr) {
      if (auto [after, n] = issuer_at(i); after != nullptr) issuer = after;
    }
    if (issuer == nullptr) issuer = &domain_.citation_issuers().front();
    for (const std::string& number : numbers) {
      // An unqualified number that is no Conference session's ("55/25") is someone else's: not guessed.
      if (issuer == &domain_.citation_issuers().front()) {
        const int session = std::stoi(number.substr(0, number.find('/')));
        if (domain_.session(session) == nullptr) continue;
      }
      std::string value = issuer->format;
      if (const auto at = value.find("{}"); at != std::string::npos) value.replace(at, 2, number);
      add({keyword.id, issuer->id, value});
    }
  }

  void read_articles(std::size_t i) {
    std::vector<std::string> numbers;
    auto item = +[](std::string_view s) { return digits(s, 1, 3); };
    while (i < t_.size() && t_[i].word && item(t_[i].text)) {
      numbers.push_back(t_[i].text);
      ++i;
      // Subdivisions: "3 (a)", "18, párrafo 2,".
      while (punct_is(i, '(') && i + 2 < t_.size() && punct_is(i + 2, ')')) i += 3;
      const std::size_t next = next_item(i, item);
      if (next == std::string::npos) break;
      i = next;
    }
    if (numbers.empty()) return;
    // Then the instrument, after at most a few words of subdivision: "3, subparagraph (a), of the Protocol".
    for (std::size_t skipped = 0; skipped < 10 && i < t_.size(); ++skipped) {
      if (const std::string instrument = instrument_at(i); !instrument.empty()) {
        for (const std::string& n : numbers) add({"article", instrument, instrument + "/art." + n});
        return;
      }
      if (!(word_is(i, {"parrafo", "paragraph", "apartado", "subparagraph", "inciso", "de", "del", "of", "the", "la", "el"}) ||
            punct_is(i, ',') || punct_is(i, '(') || punct_is(i, ')') || digits(t_[i].text, 1, 2) || t_[i].text.size() == 1)) {
        return;
      }
      ++i;
    }
  }

  // The instrument named at token i ("de la Convención", "del Protocolo contra la Trata..."), or empty.
  std::string instrument_at(std::size_t i) const {
    std::string best;
    std::size_t best_length = 0;
    for (const InstrumentName& row : domain_.instruments()) {
      if (row.id == "*" || row.id == "-" || row.id == "2") continue;
      for (const std::string& p : row.patterns) {
        const std::size_t n = phrase_at(i, p);
        if (n <= best_length) continue;
        std::string id = row.id;
        if (id == "=") {
          std::vector<std::string> protocols;
          for (const std::string& here : protocols_here_) {
            if (is_protocol(here)) protocols.push_back(here);
          }
          id = protocols.size() == 1 ? protocols.front() : title_protocol_;
          if (id.empty()) continue;
        }
        best = id;
        best_length = n;
      }
    }
    return best;
  }

  void add(Citation c) {
    if (std::find(out_.begin(), out_.end(), c) == out_.end()) out_.push_back(std::move(c));
  }

  const DomainData& domain_;
  const std::map<std::string, std::vector<std::string>>& phrase_words_;
  const std::vector<Token>& t_;
  const std::vector<std::string>& protocols_here_;
  const std::string& title_protocol_;
  std::vector<Citation> out_;
};

}  // namespace

ReferenceFinder::ReferenceFinder(const DomainData& domain)
    : domain_(domain), compiled_(std::make_shared<const Compiled>(domain)) {}

bool ReferenceFinder::is_citation_keyword(std::string_view folded_word) const {
  for (const CitationKeyword& k : domain_.citation_keywords()) {
    if (std::find(k.forms.begin(), k.forms.end(), folded_word) != k.forms.end()) return true;
  }
  return false;
}

DocumentContext ReferenceFinder::context_of(std::string_view document_title) const {
  DocumentContext context;
  std::vector<std::string> protocols;
  for (const std::string& id : instruments_named(*compiled_, domain_, tokenize(fold(document_title)), "")) {
    if (is_protocol(id)) protocols.push_back(id);
  }
  if (protocols.size() == 1) context.title_protocol = protocols.front();
  return context;
}

ParagraphReferences ReferenceFinder::find(std::string_view text, const DocumentContext& context) const {
  const std::vector<Token> tokens = tokenize(fold(text));
  ParagraphReferences out;
  out.protocols = instruments_named(*compiled_, domain_, tokens, context.title_protocol, &out.other_words);
  out.citations = CitationReader(domain_, compiled_->split, tokens, out.protocols, context.title_protocol).read();
  return out;
}

}  // namespace palermo
