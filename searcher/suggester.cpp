#include "searcher/suggester.h"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/schema.h"
#include "analysis/text.h"

namespace palermo {
namespace {

// Symbols are stored case-folded; UN symbols are written in capitals, but for the parts naming
// an addendum, revision or corrigendum ("Add.1", "Rev.2", "Corr.1").
std::string symbol_case(const std::string& folded) {
  std::string out;
  std::size_t start = 0;
  while (start <= folded.size()) {
    const std::size_t slash = std::min(folded.find('/', start), folded.size());
    std::string part = folded.substr(start, slash - start);
    const bool suffix = part.starts_with("add.") || part.starts_with("rev.") || part.starts_with("corr.");
    for (std::size_t i = 0; i < part.size(); ++i) {
      if ((!suffix || i == 0) && part[i] >= 'a' && part[i] <= 'z') part[i] = static_cast<char>(part[i] - 'a' + 'A');
    }
    out += part;
    if (slash == folded.size()) break;
    out += '/';
    start = slash + 1;
  }
  return out;
}

std::string quoted(const std::string& form) { return form.find(' ') == std::string::npos ? form : "\"" + form + "\""; }

struct Ranked {
  Suggestion s;
  Xapian::doccount weight;
};

// The suggestions that complete `typed` as a whole (no leading blank).
std::vector<Suggestion> complete(const Xapian::Database& db, const DomainData& domain, std::string_view typed) {
  const std::string key = casefold(typed);
  const std::string folded = fold(key);

  // "resolución 6/", "decision 4": the word that introduces a citation, then the number.
  std::string number_key = key;
  std::string keyword;
  if (const auto space = key.find(' '); space != std::string::npos) {
    const std::string word = fold(key.substr(0, space));
    for (const CitationKeyword& k : domain.citation_keywords()) {
      if ((k.id == "resolution" || k.id == "decision") && std::find(k.forms.begin(), k.forms.end(), word) != k.forms.end()) {
        const auto rest = key.find_first_not_of(' ', space);
        number_key = rest == std::string::npos ? "" : key.substr(rest);
        keyword = key.substr(0, space);
      }
    }
  }

  // From the index: own symbols, own numbers, and what paragraphs cite (numbers and symbols).
  std::map<std::string, Ranked> from_index;  // display text -> suggestion
  auto scan = [&](std::string_view term_prefix, const std::string& kind_if_symbol) {
    if (number_key.empty()) return;
    const std::string start = std::string(term_prefix) + number_key;
    for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) {
      const std::string value = (*t).substr(term_prefix.size());
      if (value.find("/art.") != std::string::npos) continue;  // articles are not documents
      const bool number = !value.empty() && value[0] >= '0' && value[0] <= '9';
      if (!keyword.empty() && !number) continue;
      // After a keyword, the suggestion keeps it as typed: "resolución 6/4".
      const std::string text = number ? (keyword.empty() ? value : keyword + " " + value) : symbol_case(value);
      Ranked& r = from_index.try_emplace(text, Ranked{{text, text, number ? "number" : kind_if_symbol, "", ""}, 0}).first->second;
      r.weight += t.get_termfreq();
    }
  };
  scan(schema::kSymbolPrefix, "symbol");
  scan(schema::kNumberPrefix, "symbol");
  scan(schema::facet("cites")->prefix, "symbol");
  std::vector<Ranked> ranked;
  for (auto& [text, r] : from_index) ranked.push_back(std::move(r));
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.weight > b.weight; });

  // From the domain tables: glossary terms and body names that start so, in either language.
  std::vector<Suggestion> words;
  std::set<std::string> seen;
  auto offer = [&](const std::string& form, Suggestion s) {
    if (!fold(form).starts_with(folded) || !seen.insert(fold(form)).second) return;
    words.push_back(std::move(s));
  };
  for (const Body& b : domain.bodies()) {
    for (const std::string lang : {"es", "en"}) {
      const std::string& name = b.name.in(lang);
      offer(name, {name, "body:" + b.id, "body", lang, ""});
    }
    offer(b.id, {b.id + " — " + b.name.in("es"), "body:" + b.id, "body", "es", ""});
  }
  for (const GlossaryEntry& g : domain.glossary()) {
    for (const auto& [lang, forms] : g.forms) {
      for (const std::string& form : forms) offer(form, {form, quoted(form), "term", lang, ""});
    }
  }
  std::stable_sort(words.begin(), words.end(), [](const Suggestion& a, const Suggestion& b) { return a.text.size() < b.text.size(); });

  std::vector<Suggestion> out;
  for (Ranked& r : ranked) {
    if (out.size() < kMaxSuggestions) out.push_back(std::move(r.s));
  }
  for (Suggestion& s : words) {
    if (out.size() < kMaxSuggestions) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::vector<Suggestion> suggest(const Xapian::Database& db, const DomainData& domain, std::string_view prefix) {
  if (prefix.size() > kMaxPrefixBytes || utf8_error(prefix)) return {};
  // Each end of the box that starts a word, longest first: a multi-word term ("trata de p")
  // is completed as a whole before its last word alone.
  for (std::size_t word = prefix.find_first_not_of(" \t"); word != std::string_view::npos;) {
    std::size_t from = word;
    while (from < prefix.size() && std::string_view("+-(").find(prefix[from]) != std::string_view::npos) ++from;
    const std::string_view end = prefix.substr(from);
    std::string_view key = end;
    if (key.starts_with('"')) key.remove_prefix(1);
    if (!key.empty() && key.find_first_not_of(" \t") != std::string_view::npos) {
      std::vector<Suggestion> found = complete(db, domain, key);
      if (!found.empty()) {
        for (Suggestion& s : found) s.completes = std::string(end);
        return found;
      }
    }
    const std::size_t blank = prefix.find_first_of(" \t", word);
    if (blank == std::string_view::npos) break;
    word = prefix.find_first_not_of(" \t", blank);
  }
  return {};
}

}  // namespace palermo
