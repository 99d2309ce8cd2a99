#include "analysis/indexed_phrases.h"

#include <algorithm>
#include <cstdint>

#include "analysis/schema.h"

namespace palermo {

namespace {

// The first line of the metadata value: the format, then the number of phrases and a hash of the
// lines after it, so that a list in another format, cut or edited, is not read as this one.
constexpr std::string_view kMetadataFormat = "palermo-phrases 2";

// FNV-1a, 64 bits: a damaged or hand-edited list is told apart, not an adversary.
std::uint64_t fnv1a(std::string_view bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

std::string header(std::size_t count, std::string_view body) {
  return std::string(kMetadataFormat) + " " + std::to_string(count) + " " + std::to_string(fnv1a(body));
}

bool usable(const PhraseStems& stems) {
  if (stems.size() < 2) return false;
  return std::none_of(stems.begin(), stems.end(), [](const std::string& s) {
    return s.empty() || s.find_first_of(" \n") != std::string::npos;
  });
}

}  // namespace

std::string phrase_term(const PhraseStems& stems) {
  std::string term(schema::kPhrasePrefix);
  for (std::size_t i = 0; i < stems.size(); ++i) {
    if (i > 0) term += ' ';
    term += stems[i];
  }
  return term;
}

IndexedPhrases::IndexedPhrases() : nodes_(1) {}

IndexedPhrases::IndexedPhrases(const std::vector<PhraseStems>& phrases) : nodes_(1) {
  for (const PhraseStems& stems : phrases) {
    if (!usable(stems)) continue;
    std::string term = phrase_term(stems);
    if (term.size() > kMaxPhraseTermBytes || !terms_.insert(term).second) continue;
    std::uint32_t node = 0;
    for (const std::string& stem : stems) {
      auto found = nodes_[node].next.find(stem);
      if (found == nodes_[node].next.end()) {
        const auto added = static_cast<std::uint32_t>(nodes_.size());
        nodes_[node].next.emplace(stem, added);
        nodes_.emplace_back();
        node = added;
      } else {
        node = found->second;
      }
    }
    nodes_[node].term = std::move(term);
    phrases_.push_back(stems);
  }
}

std::string IndexedPhrases::metadata() const {
  std::string body;
  for (const PhraseStems& stems : phrases_) {
    body += '\n';
    for (std::size_t i = 0; i < stems.size(); ++i) body += (i > 0 ? " " : "") + stems[i];
  }
  return header(phrases_.size(), body) + body;
}

IndexedPhrases IndexedPhrases::from_metadata(std::string_view value) {
  const std::size_t first_end = std::min(value.find('\n'), value.size());
  const std::string_view body = value.substr(first_end);
  std::vector<PhraseStems> phrases;
  for (std::size_t line_start = 1; line_start <= body.size();) {
    std::size_t line_end = std::min(body.find('\n', line_start), body.size());
    const std::string_view line = body.substr(line_start, line_end - line_start);
    PhraseStems stems;
    for (std::size_t word_start = 0; word_start <= line.size();) {
      const std::size_t word_end = std::min(line.find(' ', word_start), line.size());
      stems.emplace_back(line.substr(word_start, word_end - word_start));
      word_start = word_end + 1;
    }
    phrases.push_back(std::move(stems));
    line_start = line_end + 1;
  }
  if (value.substr(0, first_end) != header(phrases.size(), body)) return IndexedPhrases();
  IndexedPhrases read(phrases);
  // Every line a phrase this class would hold, each once: else not a list it wrote.
  if (read.size() != phrases.size()) return IndexedPhrases();
  return read;
}

std::vector<std::string> IndexedPhrases::terms_of(const std::vector<std::vector<std::string>>& stems_by_position) const {
  if (stems_by_position.size() < 2) return {};
  std::size_t combinations = 1;
  for (const auto& stems : stems_by_position) {
    if (stems.empty()) return {};
    combinations *= stems.size();
    if (combinations > kMaxCombinations) return {};
  }
  std::vector<std::string> terms;
  std::vector<std::size_t> pick(stems_by_position.size(), 0);
  for (std::size_t c = 0; c < combinations; ++c) {
    PhraseStems stems;
    std::size_t rest = c;
    for (const auto& choices : stems_by_position) {
      stems.push_back(choices[rest % choices.size()]);
      rest /= choices.size();
    }
    // A stem with a space (NFKC makes words of U+FDFA) would read as two: no such phrase is held.
    if (!usable(stems)) return {};
    std::string term = phrase_term(stems);
    if (terms_.count(term) == 0) return {};
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
  }
  return terms;
}

void IndexedPhrases::Scan::next(const std::vector<std::string>& stems, std::vector<std::string_view>& ended) {
  const std::vector<Node>& nodes = phrases_.nodes_;
  std::vector<std::uint32_t>& advanced = advanced_;
  advanced.clear();
  open_.push_back(0);  // a phrase may begin here
  for (const std::uint32_t node : open_) {
    for (const std::string& stem : stems) {
      const auto found = nodes[node].next.find(stem);
      if (found == nodes[node].next.end()) continue;
      const std::uint32_t child = found->second;
      if (std::find(advanced.begin(), advanced.end(), child) != advanced.end()) continue;
      advanced.push_back(child);
      if (!nodes[child].term.empty()) ended.push_back(nodes[child].term);
    }
  }
  open_.swap(advanced);
}

}  // namespace palermo
