// Parallel versions: where a document exists in two languages (`<name>.es`, `<name>.en`), each
// paragraph has a counterpart, the paragraph with the same anchor in the other version. The two
// say the same thing in other words, so a paragraph whose counterpart holds the query's words is
// found too, just after it: the glossary translates only the field's terms ("asistencia
// técnica"), and "estrategias de todo el gobierno" would otherwise never reach "whole-of-government
// strategies".
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palermo {

// The one rule of counterparts, for the ranking below, the cards' "other language" link and the
// document view. The names the other-language versions of the document `document_id` would have
// (it ends in ".<lang>" for a lang of `languages`): the same name with each other language,
// preferred first: "resolution-6-4.es" -> {"resolution-6-4.en"}. Empty otherwise. No lookup:
// callers check the index in bulk or remember the answer (a lookup is a round trip per remote shard).
std::vector<std::string> counterpart_document_names(std::string_view document_id, const std::vector<std::string>& languages);

// The counterpart of the paragraph `paragraph_id` ("<document id>:<anchor>") in the document
// `counterpart_document`: the same anchor. "resolution-6-4.en", "resolution-6-4.es:a-i" ->
// "resolution-6-4.en:a-i". No lookup.
std::string counterpart_paragraph_name(std::string_view counterpart_document, std::string_view paragraph_id);

// The first of counterpart_document_names the index holds, or nullopt.
std::optional<std::string> counterpart_document_id(const Xapian::Database& db, std::string_view document_id,
                                                   const std::vector<std::string>& languages);

// The counterpart of the paragraph `paragraph_id` ("<document id>:<anchor>", its document id
// ending in ".<lang>" for a lang of `languages`) in another language of `languages`, when the
// index holds it: "resolution-6-4.es:a-i" -> "resolution-6-4.en:a-i". nullopt otherwise.
std::optional<std::string> counterpart_paragraph_id(const Xapian::Database& db, std::string_view paragraph_id,
                                                    const std::vector<std::string>& languages);

struct ParallelVersionOptions {
  std::size_t best = 100;  // how many of the best-ranked matches lend their weight to their counterparts
  double weight = 0.7;     // a counterpart's fixed score, times its version's (as glossary equivalents)
};

// The matches whose best lend their weight. Each function builds its queries afresh at each call
// (posting sources keep their state, so a query is run once).
struct BestMatches {
  std::function<Xapian::Query()> query;  // the matches
  // Optional: queries matching disjoint sets of paragraphs (one per language) that together, weight
  // for weight, are `query`. Xapian 1.4 checks a phrase's positions only for a candidate to the
  // best when no OR is above it; under an OR (a phrase and its glossary translations, the
  // languages' branches) it checks every match: the best of each part is the cheaper way.
  std::function<std::vector<Xapian::Query>()> parts;
};

// A ranked match: its paragraph id, weight and docid (in the Database searched).
struct RankedParagraph {
  std::string id;
  double weight = 0;
  Xapian::docid docid = 0;
};

// The ranking's order (searcher.cpp, order()): weight, then document id (the paragraph id before
// its last ':', as kDocumentSlot holds it), then docid, which within one document follows the
// paragraphs' order in every shard.
bool ranks_before(const RankedParagraph& a, const RankedParagraph& b);

// The `options.best` best-ranked paragraphs `matched` finds in `db`, in the ranking's order.
std::vector<RankedParagraph> best_matches(const Xapian::Database& db, const BestMatches& matched, const ParallelVersionOptions& options);

// The counterpart of each paragraph of one revision of one local database, by docid: built once
// per revision from the paragraph ids' value stream (kParagraphIdSlot) by the one rule above, so
// that a request finds the counterparts of its best matches without a lookup each (a posting list
// of a paragraph-id term each). Memory: 5 bytes per docid. Throws Xapian::Error as the database does.
class CounterpartColumn {
 public:
  CounterpartColumn(const Xapian::Database& db, const std::vector<std::string>& languages);
  // The counterpart (id and docid; weight 0) of `paragraph` (its id and docid), if the index holds one.
  std::optional<RankedParagraph> counterpart(const RankedParagraph& paragraph) const;

 private:
  std::vector<std::string> languages_;
  std::vector<Xapian::docid> counterparts_;  // docid -> the counterpart's docid, 0 for none
  std::vector<std::uint8_t> candidates_;     // docid -> which of counterpart_document_names it is
};

// What the counterpart of one of the best gets on top of its own weight.
struct VersionLift {
  std::string id;               // the counterpart's paragraph id
  Xapian::docid docid = 0;      // in the Database searched
  double extra = 0;             // > 0: its own weight plus this is options.weight times its version's
  std::optional<double> own;    // its own weight when `matched` finds it; unset: it is no match
};

// The weight of every match of a pass, as a match spy sees it: a caller whose pass visits every
// match of `matched` (check_at_least = the document count) gives it to version_lifts, which then
// reads the counterparts' own weights from it instead of running a match for them. One local
// Database only (a spy sees a shard's own docids).
class MatchWeights : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double weight) override;
  // The weight of `docid` in the pass; nullopt when it is no match.
  std::optional<double> of(Xapian::docid docid) const;

 private:
  mutable std::vector<std::pair<Xapian::docid, double>> seen_;  // sorted on first use of of()
  mutable bool sorted_ = true;
};

// The counterparts (in `languages`) of the first `options.best` of `ranked` (in the ranking's
// order, as best_matches gives them, with the weights `matched` gives them) that gain, sorted by
// paragraph id: those whose own weight in `matched` (a query built afresh at each call, holding
// every paragraph of `ranked`) is below options.weight times their version's. Two small matches:
// which counterparts the index holds, and the own weights of those not in `ranked`.
// `column`, for one local database only: the counterparts read from it and the own weights taken
// without a posting list per paragraph; null: by their paragraph-id terms (any database).
// `seen`: every match of `matched` with its weight (MatchWeights): no match for the own weights.
std::vector<VersionLift> version_lifts(const Xapian::Database& db, const std::vector<RankedParagraph>& ranked,
                                       const std::function<Xapian::Query()>& matched, const std::vector<std::string>& languages,
                                       const ParallelVersionOptions& options, const CounterpartColumn* column = nullptr,
                                       const MatchWeights* seen = nullptr);

// The lifts as a query: each counterpart with the fixed score VersionLift::extra, OR-ed; empty
// for none. OR-ed with the query `matched` (built afresh), it ranks each counterpart as the
// better of its own match and its version's share.
// `column` as for version_lifts: one posting source scoring each lift instead of a posting list each.
Xapian::Query lifts_query(const std::vector<VersionLift>& lifts, const CounterpartColumn* column = nullptr);

// The weights the paragraphs of `lifts` get in `with_lifts` (a query OR-ing lifts_query(lifts)),
// in the ranking's order: one small match, so that a caller ranking without the lifts scores them
// to the last bit as a match of `with_lifts` would (Xapian sums an OR's weights in its own order).
// `column` as for version_lifts.
std::vector<RankedParagraph> lifted_weights(const Xapian::Database& db, const std::vector<VersionLift>& lifts, const Xapian::Query& with_lifts,
                                            const CounterpartColumn* column = nullptr);

// The counterparts (in `languages`) of the `options.best` best-ranked paragraphs `matched` finds
// in `db`, each with the fixed score that, added to its own weight in `matched`, makes it
// `options.weight` times its version's (none when its own is already higher): OR-ed with a query
// weighting as `matched` does, a counterpart scores the better of the two. (Not OP_MAX: Xapian
// 1.4.22 loses the words' weight under it beside a fixed-score source, as in the citation tiers.)
// An empty query when no counterpart gains. A few matches of their own: the best, one query for
// which candidates exist, one for the counterparts' own weights; no per-paragraph lookups.
Xapian::Query counterparts_of_best(const Xapian::Database& db, const BestMatches& matched, const std::vector<std::string>& languages,
                                   const ParallelVersionOptions& options);

}  // namespace palermo
