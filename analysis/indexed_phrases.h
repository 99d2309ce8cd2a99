// Phrases the index holds as terms of their own, so that a search for one reads one posting list
// instead of the positions of every paragraph holding its words.
//
// A phrase is a sequence of stems (Analyzer: fold(stem(casefold(word))), the kStemPrefix terms
// without the prefix). A paragraph where a held phrase's stems occur at consecutive positions gets
// the boolean term phrase_term(stems): wdf 0 and no positions, so that paragraph lengths, and
// with them every BM25 weight, stay what they were. The query side then matches such a phrase as
// OP_FILTER(AND of its words, OR of its phrase terms): the paragraphs OP_PHRASE would find, with
// the weights OP_PHRASE gives them (the sum of its words', to the last bits: Xapian may add them in
// another order), where Xapian 1.4 checks an OP_PHRASE's
// positions for every paragraph holding all the words: the glossary's phrases ("trata de
// personas": 35,000 paragraphs of 500,000) were the slowest queries (issue 10, bench/RESULTS.md).
//
// Which phrases: the indexer picks them (the glossary's forms of two words or more, each stemmed
// in every language) when an index is created, and records them in the index's metadata
// (schema::kPhrasesKey); every later run indexes with the recorded list and the searcher reads it
// from there, so that every paragraph of an index was indexed with the list the searcher uses,
// whatever the glossary says today. A phrase not on the list is matched by positions, as before:
// the answers are the same either way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace palermo {

using PhraseStems = std::vector<std::string>;

// schema::kPhrasePrefix + the stems joined by single spaces ("XPtrat de person").
std::string phrase_term(const PhraseStems& stems);

class IndexedPhrases {
 public:
  // No phrase held: every phrase is matched by its positions.
  IndexedPhrases();
  // Holds each phrase of two stems or more whose stems are non-empty and hold no space or line
  // break, and whose term Xapian accepts (at most kMaxPhraseTermBytes); others are left out.
  explicit IndexedPhrases(const std::vector<PhraseStems>& phrases);

  // The list as the index's metadata value, and back. A value this class did not write (another
  // version's, damage) reads as no phrase held, which keeps answers right.
  std::string metadata() const;
  static IndexedPhrases from_metadata(std::string_view value);

  std::size_t size() const { return terms_.size(); }
  bool holds(const PhraseStems& stems) const { return terms_.count(phrase_term(stems)) != 0; }

  // The phrase terms whose paragraphs are those where, at consecutive positions, the first word
  // is one of stems_by_position[0], the second one of stems_by_position[1], and so on (the query
  // side's OP_PHRASE of OP_ORs): one per combination. Empty when a combination is not held, when
  // there are over kMaxCombinations, or for fewer than two positions: match by positions then.
  std::vector<std::string> terms_of(const std::vector<std::vector<std::string>>& stems_by_position) const;

  // Reads one run of consecutive positions of a text (the index side): give each position's stems
  // in order with next(), which says which held phrases end there. One Scan per run; a position
  // without stems (a word too long to index) is gap().
  class Scan {
   public:
    explicit Scan(const IndexedPhrases& phrases) : phrases_(phrases) {}
    // `stems`: the stems at the next position (one word; more where an elided article gives the
    // word with and without it). Appends to `ended` the terms of the held phrases whose last word
    // is here (views into the IndexedPhrases, which must outlive them).
    void next(const std::vector<std::string>& stems, std::vector<std::string_view>& ended);
    void gap() { open_.clear(); }

   private:
    const IndexedPhrases& phrases_;
    std::vector<std::uint32_t> open_;      // trie nodes of the phrases begun and not yet ended or broken
    std::vector<std::uint32_t> advanced_;  // next()'s scratch, kept: no allocation per word
  };

  static constexpr std::size_t kMaxPhraseTermBytes = 240;  // Xapian's limit on a term is 245 bytes
  static constexpr std::size_t kMaxCombinations = 16;

 private:
  struct Node {
    std::unordered_map<std::string, std::uint32_t> next;  // stem -> node
    std::string term;                                     // the phrase ending here, or empty
  };
  std::vector<Node> nodes_;  // nodes_[0] is the root
  std::unordered_set<std::string> terms_;
  std::vector<PhraseStems> phrases_;  // as given, for metadata()
};

}  // namespace palermo
