#include "analysis/indexed_phrases.h"

#include <algorithm>

#include "analysis/schema.h"

namespace palermo {

namespace {

// The first line of the metadata value: a list in another format is not read as this one.
constexpr std::string_view kMetadataHeader = "palermo-phrases 1";

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
  std::string out(kMetadataHeader);
  for (const PhraseStems& stems : phrases_) {
    out += '\n';
    for (std::size_t i = 0; i < stems.size(); ++i) out += (i > 0 ? " " : "") + stems[i];
  }
  return out;
}

IndexedPhrases IndexedPhrases::from_metadata(std::string_view value) {
  std::vector<PhraseStems> phrases;
  std::size_t line_start = 0;
  bool first = true;
  while (line_start <= value.size()) {
    std::size_t line_end = value.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = value.size();
    const std::string_view line = value.substr(line_start, line_end - line_start);
    if (first) {
      if (line != kMetadataHeader) return IndexedPhrases();
      first = false;
    } else {
      PhraseStems stems;
      std::size_t word_start = 0;
      while (word_start <= line.size()) {
        std::size_t word_end = line.find(' ', word_start);
        if (word_end == std::string_view::npos) word_end = line.size();
        stems.emplace_back(line.substr(word_start, word_end - word_start));
        word_start = word_end + 1;
      }
      phrases.push_back(std::move(stems));
    }
    line_start = line_end + 1;
  }
  return IndexedPhrases(phrases);
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
    std::string term = phrase_term(stems);
    if (terms_.count(term) == 0) return {};
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
  }
  return terms;
}

void IndexedPhrases::Scan::next(const std::vector<std::string>& stems, std::vector<std::string_view>& ended) {
  const std::vector<Node>& nodes = phrases_.nodes_;
  std::vector<std::uint32_t> advanced;
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
  open_ = std::move(advanced);
}

}  // namespace palermo
