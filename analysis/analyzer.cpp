#include "analysis/analyzer.h"

#include <libstemmer.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
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

// The query side of the pipeline as a Xapian stemmer: QueryParser hands it each lower-cased word.
class FoldingStem : public Xapian::StemImplementation {
 public:
  explicit FoldingStem(const std::string& lang) : lang_(lang), stemmer_(lang) {}
  std::string operator()(const std::string& word) override { return fold(stemmer_.stem(casefold(word))); }
  std::string get_description() const override { return "palermo-folding-stem(" + lang_ + ")"; }

 private:
  std::string lang_;
  SnowballStemmer stemmer_;
};

class FoldingStopper : public Xapian::Stopper {
 public:
  explicit FoldingStopper(std::unordered_set<std::string> folded_words) : words_(std::move(folded_words)) {}
  bool operator()(const std::string& word) const override { return words_.count(fold(word)) != 0; }
  std::string get_description() const override { return "palermo-folding-stopper"; }
  const std::unordered_set<std::string>& words() const { return words_; }

 private:
  std::unordered_set<std::string> words_;
};

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

}  // namespace

struct Analyzer::Language {
  Language(const std::string& iso_code, const std::filesystem::path& stop_list)
      : code(iso_code), stemmer(iso_code), stopper(read_stop_list(stop_list)) {}
  std::string code;
  SnowballStemmer stemmer;
  FoldingStopper stopper;
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

WordTerms Analyzer::word_terms(std::string_view word, std::string_view lang) {
  Language& l = language(lang);
  WordTerms t;
  t.exact = casefold(word);
  t.folded = fold(t.exact);
  t.stem = fold(l.stemmer.stem(t.exact));
  if (t.folded != t.exact) {
    std::string alt = fold(l.stemmer.stem(t.folded));
    if (alt != t.stem) t.accentless_stem = std::move(alt);
  }
  return t;
}

void Analyzer::index_text(std::string_view text, std::string_view lang, Xapian::Document& doc,
                          Xapian::termpos& position, SpellingCounts* spelling) {
  const std::string stem_prefix(schema::kStemPrefix);
  const std::string exact_prefix(schema::kExactPrefix);
  for (const Word& w : tokenizer_.words(text)) {
    WordTerms t = word_terms(w.text, lang);
    // Xapian rejects terms over 245 bytes; such "words" are noise (e.g. base64 in a converted PDF).
    if (t.exact.size() > 200) {
      ++position;
      continue;
    }
    doc.add_posting(stem_prefix + t.stem, position);
    if (!t.accentless_stem.empty()) doc.add_posting(stem_prefix + t.accentless_stem, position);
    doc.add_term(exact_prefix + t.exact);
    doc.add_term(t.folded);
    if (spelling != nullptr) ++(*spelling)[t.exact];
    ++position;
  }
}

Xapian::Stem Analyzer::query_stemmer(std::string_view lang) const {
  const Language& l = language(lang);
  return Xapian::Stem(new FoldingStem(l.code));
}

bool Analyzer::is_stopword(std::string_view word, std::string_view lang) const {
  return language(lang).stopper(std::string(word));
}

void Analyzer::configure(Xapian::QueryParser& parser, std::string_view lang) const {
  parser.set_stemmer(query_stemmer(lang));
  // STEM_ALL_Z: words inside phrases are stemmed too, and only stemmed terms carry positions.
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  parser.set_stopper(&language(lang).stopper);
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
