#include "analysis/analyzer.h"

#include <libstemmer.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "analysis/schema.h"
#include "analysis/text.h"

namespace palermo {
namespace {

// Owns one libstemmer instance; libstemmer keeps per-instance state, so never shared across threads.
class SnowballStemmer {
 public:
  explicit SnowballStemmer(const std::string& lang) : stemmer_(sb_stemmer_new(lang.c_str(), "UTF_8")) {
    if (stemmer_ == nullptr) throw std::runtime_error("no Snowball stemmer for language '" + lang + "'");
  }
  ~SnowballStemmer() { sb_stemmer_delete(stemmer_); }
  SnowballStemmer(const SnowballStemmer&) = delete;
  SnowballStemmer& operator=(const SnowballStemmer&) = delete;

  std::string stem(const std::string& word) {
    const sb_symbol* out = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                           static_cast<int>(word.size()));
    if (out == nullptr) throw std::bad_alloc();
    return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(stemmer_)));
  }

 private:
  sb_stemmer* stemmer_;
};

// A stop list compared accents and case aside.
class FoldingStopper {
 public:
  explicit FoldingStopper(std::unordered_set<std::string> folded_words) : words_(std::move(folded_words)) {}
  bool operator()(std::string_view word) const { return words_.count(fold(word)) != 0; }
  const std::unordered_set<std::string>& words() const { return words_; }

 private:
  std::unordered_set<std::string> words_;
};

// The accented letters a language's spelling puts on a plain letter, and how many of each kind a
// word may carry. Spanish (Ortografía de la lengua española, RAE 2010): at most one written
// (acute) accent per word; ñ and the diaeresis ü are letters of their own, one is enough for the
// words of UN text ("señalización", "lingüística").
struct Orthography {
  struct Mark {
    char plain;
    std::string_view marked;  // UTF-8
    bool acute;
  };
  std::vector<Mark> marks;
};

Orthography orthography(const std::string& lang) {
  if (lang == "es") {
    return {{{'a', "\u00E1", true}, {'e', "\u00E9", true}, {'i', "\u00ED", true}, {'o', "\u00F3", true},
             {'u', "\u00FA", true}, {'u', "\u00FC", false}, {'n', "\u00F1", false}}};
  }
  return {};
}

// Every spelling of the accentless ASCII word `plain` with at most one acute accent and at most
// one other mark, `plain` itself excluded.
std::vector<std::string> accented_spellings(const std::string& plain, const Orthography& o) {
  std::vector<std::string> out;
  if (o.marks.empty()) return out;
  auto marked_at = [&](const std::string& word, std::size_t at, const Orthography::Mark& m) {
    return word.substr(0, at) + std::string(m.marked) + word.substr(at + 1);
  };
  for (std::size_t i = 0; i < plain.size(); ++i) {
    for (const auto& mi : o.marks) {
      if (plain[i] != mi.plain) continue;
      const std::string once = marked_at(plain, i, mi);
      out.push_back(once);
      // A second mark of the other kind, after position i (positions shift by the marked bytes).
      const std::size_t shift = mi.marked.size() - 1;
      for (std::size_t j = i + 1; j < plain.size(); ++j) {
        for (const auto& mj : o.marks) {
          if (plain[j] != mj.plain || mj.acute == mi.acute) continue;
          out.push_back(marked_at(once, j + shift, mj));
        }
      }
    }
  }
  return out;
}

std::unordered_set<std::string> read_stop_list(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read stop list " + path.string());
  std::unordered_set<std::string> words;
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    std::istringstream fields(line);
    std::string word;
    while (fields >> word) {
      if (utf8_error(word)) throw std::runtime_error("stop list " + path.string() + " is not valid UTF-8");
      words.insert(fold(word));
    }
  }
  return words;
}

std::string fingerprint(const std::unordered_set<std::string>& words) {
  std::set<std::string> sorted(words.begin(), words.end());
  std::string all;
  for (const std::string& w : sorted) all += w + '\n';
  return stable_hash(all);
}

// Words longer than this stand only for themselves in queries (see Analyzer::query_stems).
constexpr std::size_t kMaxAccentedWordLetters = 24;

// Longer "words" are not indexed: Xapian's term limit is 245 bytes with the prefix, and such words
// are noise (base64 in a converted PDF, a URL without spaces).
constexpr std::size_t kMaxWordBytes = 200;

}  // namespace

struct Analyzer::Language {
  Language(const std::string& iso_code, const std::filesystem::path& stop_list)
      : code(iso_code), stemmer(iso_code), stopper(read_stop_list(stop_list)) {}
  std::string code;
  SnowballStemmer stemmer;
  FoldingStopper stopper;
  Orthography spelling = orthography(code);
};

Analyzer::Analyzer(const AnalysisOptions& options) : options_(options) {
  for (const std::string& code : options_.languages) {
    languages_.push_back(std::make_unique<Language>(code, options_.stopwords_dir / (code + ".txt")));
  }
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

bool Analyzer::supports(std::string_view lang) const {
  return std::any_of(languages_.begin(), languages_.end(), [&](const auto& l) { return l->code == lang; });
}

Analyzer::Language& Analyzer::language(std::string_view lang) {
  return const_cast<Language&>(std::as_const(*this).language(lang));
}

const Analyzer::Language& Analyzer::language(std::string_view lang) const {
  for (const auto& l : languages_) {
    if (l->code == lang) return *l;
  }
  throw std::invalid_argument("language '" + std::string(lang) + "' is not configured for analysis");
}

std::string exact_form_term(std::string_view exact) {
  std::string folded = fold(exact);
  if (folded == exact) return folded;
  return std::string(schema::kExactPrefix) + std::string(exact);
}

WordTerms Analyzer::word_terms(std::string_view word, std::string_view lang) {
  Language& l = language(lang);
  WordTerms t;
  t.exact = casefold(word);
  t.folded = fold(t.exact);
  t.stem = fold(l.stemmer.stem(t.exact));
  return t;
}

std::vector<std::string> Analyzer::accented_forms(std::string_view word, std::string_view lang) {
  Language& l = language(lang);
  const std::string plain = fold(word);
  const bool ascii = std::all_of(plain.begin(), plain.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  // Only a word typed without accents stands for its accented spellings: "técnica" means itself.
  // Spellings grow with the square of the length: past the longest words of UN Spanish
  // ("internacionalización", 20 letters) a "word" is noise, and a fuzzer's 130 u's took seconds.
  if (!ascii || plain != casefold(word) || plain.size() > kMaxAccentedWordLetters) return {};
  return accented_spellings(plain, l.spelling);
}

std::vector<std::string> Analyzer::query_stems(std::string_view word, std::string_view lang) {
  Language& l = language(lang);
  std::vector<std::string> stems{word_terms(word, lang).stem};
  for (const std::string& spelling : accented_forms(word, lang)) {
    std::string stem = fold(l.stemmer.stem(spelling));
    if (std::find(stems.begin(), stems.end(), stem) == stems.end()) stems.push_back(std::move(stem));
  }
  return stems;
}

void Analyzer::index_text(std::string_view text, std::string_view lang, Xapian::Document& doc,
                          Xapian::termpos& position, SpellingCounts* spelling, const IndexedPhrases* phrases) {
  const std::string stem_prefix(schema::kStemPrefix);
  const std::string exact_prefix(schema::kExactPrefix);
  std::optional<IndexedPhrases::Scan> scan;
  if (phrases != nullptr && phrases->size() > 0) scan.emplace(*phrases);
  std::vector<std::string> stems;  // at this position
  std::vector<std::string_view> ended;
  for (const Word& w : tokenizer_.words(text)) {
    WordTerms t = word_terms(w.form, lang);
    // Xapian rejects terms over 245 bytes; such "words" are noise (e.g. base64 in a converted PDF).
    if (t.exact.size() > kMaxWordBytes) {
      if (scan) scan->gap();
      ++position;
      continue;
    }
    stems.assign(1, t.stem);
    // An elided article or a name with an apostrophe ("d’Ivoire", "l'Organisation", "O’Neill"):
    // the word after it, and the name written without it, are found too, at the same position.
    if (const auto apostrophe = w.form.find('\''); apostrophe != std::string::npos && apostrophe > 0 &&
                                                   apostrophe <= 2 && apostrophe + 1 < w.form.size()) {
      const std::string after = w.form.substr(apostrophe + 1);
      const std::string joined = w.form.substr(0, apostrophe) + after;
      for (const std::string& part : {after, joined}) stems.push_back(word_terms(part, lang).stem);
    }
    for (const std::string& stem : stems) doc.add_posting(stem_prefix + stem, position);
    if (scan) {
      ended.clear();
      scan->next(stems, ended);
      for (const std::string_view term : ended) doc.add_boolean_term(std::string(term));
    }
    // exact_form_term: an exact form of its own only where it is not the folded word.
    if (t.exact != t.folded) doc.add_term(exact_prefix + t.exact);
    doc.add_term(t.folded);
    if (spelling != nullptr) ++(*spelling)[t.exact];
    ++position;
  }
}

void Analyzer::count_spelling(std::string_view text, SpellingCounts& counts) {
  for (const Word& w : tokenizer_.words(text)) {
    std::string exact = casefold(w.form);
    if (exact.size() <= kMaxWordBytes) ++counts[std::move(exact)];
  }
}

bool Analyzer::is_stopword(std::string_view word, std::string_view lang) const {
  return language(lang).stopper(word);
}

std::vector<std::pair<std::string, std::string>> Analyzer::settings() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("analysis.version", std::to_string(kAnalysisVersion));
  out.emplace_back("analysis.schema", std::to_string(schema::kSchemaVersion));
  std::string codes;
  for (const auto& l : languages_) codes += (codes.empty() ? "" : ",") + l->code;
  out.emplace_back("analysis.languages", codes);
  for (const auto& l : languages_) {
    out.emplace_back("analysis.stemmer." + l->code, "snowball-" + l->code);
    out.emplace_back("analysis.stopwords." + l->code, fingerprint(l->stopper.words()));
  }
  return out;
}

std::string Analyzer::settings_mismatch(const Xapian::Database& db) const {
  for (const auto& [key, expected] : settings()) {
    const std::string stored = db.get_metadata(key);
    if (stored != expected) return key + " is \"" + stored + "\", this program uses \"" + expected + "\"";
  }
  return {};
}

}  // namespace palermo
