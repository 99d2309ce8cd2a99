#include "searcher/parallel_versions.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "analysis/schema.h"

namespace palermo {

std::vector<std::string> counterpart_document_names(std::string_view document_id, const std::vector<std::string>& languages) {
  std::vector<std::string> out;
  for (const std::string& lang : languages) {
    const std::string suffix = "." + lang;
    if (!document_id.ends_with(suffix)) continue;
    const std::string_view name = document_id.substr(0, document_id.size() - suffix.size());
    for (const std::string& other : languages) {
      if (other != lang) out.push_back(std::string(name) + "." + other);
    }
  }
  return out;
}

std::string counterpart_paragraph_name(std::string_view counterpart_document, std::string_view paragraph_id) {
  const std::size_t colon = paragraph_id.rfind(':');  // anchors hold no ':', document ids may
  return std::string(counterpart_document) + std::string(paragraph_id.substr(colon == std::string_view::npos ? paragraph_id.size() : colon));
}

namespace {

// The names the counterparts of `paragraph_id` would have, in the order they are preferred:
// "resolution-6-4.es:a-i" -> {"resolution-6-4.en:a-i"}. Empty when its document id does not end
// in ".<lang>" for a lang of `languages`.
std::vector<std::string> counterpart_candidates(std::string_view paragraph_id, const std::vector<std::string>& languages) {
  std::vector<std::string> out;
  const std::size_t colon = paragraph_id.rfind(':');
  if (colon == std::string_view::npos) return out;
  for (const std::string& document : counterpart_document_names(paragraph_id.substr(0, colon), languages)) {
    out.push_back(counterpart_paragraph_name(document, paragraph_id));
  }
  return out;
}

// A match: its paragraph id, weight and docid (in the Database searched).
struct Match {
  std::string id;
  double weight;
  Xapian::docid docid;
};

enum class Scoring { bm25, none };

// The best `size` matches of `query` in `db`, in Xapian's order: weight, then docid. The
// paragraph id comes as the collapse key, from kParagraphIdSlot, which is unique, so nothing is
// collapsed: the match returns it with each item, where reading the documents costs a round trip
// each over remote shards (Xapian 1.4 does not pipeline MSet::fetch there). Over several shards
// every match is visited (check_at_least): Xapian 1.4's early termination per shard can leave a
// match out of the best, as in the ranking pass (searcher.cpp), and the versions lent weight
// would differ from the single index's.
std::vector<Match> best_matches(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount size, Scoring scoring) {
  Xapian::Enquire enquire(db);
  if (scoring == Scoring::none) enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(query);
  enquire.set_collapse_key(schema::kParagraphIdSlot);
  const Xapian::MSet mset = enquire.get_mset(0, size, db.size() > 1 ? db.get_doccount() : 0);
  std::vector<Match> out;
  out.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({it.get_collapse_key(), it.get_weight(), *it});
  return out;
}

// Those of `ids` the index holds, found by one query (not a term lookup each: a round trip each
// over remote shards).
std::set<std::string> held_paragraphs(const Xapian::Database& db, const std::set<std::string>& ids) {
  if (ids.empty()) return {};
  std::vector<Xapian::Query> terms;
  for (const std::string& id : ids) terms.emplace_back(std::string(schema::kParagraphIdPrefix) + id);
  std::set<std::string> held;
  for (Match& m : best_matches(db, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                               static_cast<Xapian::doccount>(ids.size()), Scoring::none)) {
    held.insert(std::move(m.id));
  }
  return held;
}

}  // namespace

std::optional<std::string> counterpart_paragraph_id(const Xapian::Database& db, std::string_view paragraph_id,
                                                    const std::vector<std::string>& languages) {
  for (std::string& candidate : counterpart_candidates(paragraph_id, languages)) {
    if (db.term_exists(std::string(schema::kParagraphIdPrefix) + candidate)) return std::move(candidate);
  }
  return std::nullopt;
}

std::optional<std::string> counterpart_document_id(const Xapian::Database& db, std::string_view document_id,
                                                   const std::vector<std::string>& languages) {
  for (std::string& candidate : counterpart_document_names(document_id, languages)) {
    if (db.term_exists(std::string(schema::kDocumentIdPrefix) + candidate)) return std::move(candidate);
  }
  return std::nullopt;
}

Xapian::Query counterparts_of_best(const Xapian::Database& db, const BestMatches& matched, const std::vector<std::string>& languages,
                                   const ParallelVersionOptions& options) {
  if (languages.size() < 2 || options.best == 0) return {};
  const auto size = static_cast<Xapian::doccount>(options.best);
  std::vector<Match> best;
  if (matched.parts) {
    // The best of each part, then the best of those: the same matches, weights and order as one
    // match of the whole, since no paragraph matches two parts.
    for (const Xapian::Query& part : matched.parts()) {
      for (Match& m : best_matches(db, part, size, Scoring::bm25)) best.push_back(std::move(m));
    }
    std::sort(best.begin(), best.end(), [](const Match& a, const Match& b) {
      return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
    });
    if (best.size() > options.best) best.resize(options.best);
  } else {
    best = best_matches(db, matched.query(), size, Scoring::bm25);
  }
  std::map<std::string, double> own;  // paragraph id -> its weight among the best
  std::vector<std::vector<std::string>> candidates;
  std::set<std::string> asked;
  for (const Match& m : best) {
    own[m.id] = m.weight;
    candidates.push_back(counterpart_candidates(m.id, languages));
    asked.insert(candidates.back().begin(), candidates.back().end());
  }
  const std::set<std::string> held = held_paragraphs(db, asked);
  std::vector<std::pair<std::string, double>> versions;  // counterpart id -> its version's weight
  for (std::size_t i = 0; i < best.size(); ++i) {
    for (const std::string& candidate : candidates[i]) {
      if (!held.count(candidate)) continue;
      versions.emplace_back(candidate, best[i].weight);
      break;
    }
  }
  // The counterparts' own weights where they match but are not among the best.
  std::vector<Xapian::Query> unknown;
  for (const auto& [id, version] : versions) {
    if (!own.count(id)) unknown.emplace_back(std::string(schema::kParagraphIdPrefix) + id);
  }
  if (!unknown.empty()) {
    const Xapian::Query among(Xapian::Query::OP_OR, unknown.begin(), unknown.end());
    for (const Match& m : best_matches(db, Xapian::Query(Xapian::Query::OP_FILTER, matched.query(), among),
                                       static_cast<Xapian::doccount>(unknown.size()), Scoring::bm25)) {
      own[m.id] = m.weight;
    }
  }
  // What each counterpart gets on top of its own weight (0 when it has none among the best) to
  // reach options.weight times its version's: the better of the two, never their sum.
  std::map<std::string, double> weights;  // sorted, so that the query is the same each time
  for (const auto& [id, version] : versions) {
    const auto found = own.find(id);
    const double extra = options.weight * version - (found == own.end() ? 0.0 : found->second);
    if (extra > 0) weights[id] = extra;
  }
  std::vector<Xapian::Query> scored;
  for (const auto& [id, weight] : weights) {
    // release(): Xapian owns the source and gives each match its own clone (see query_builder.cpp).
    scored.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()),
                        Xapian::Query(std::string(schema::kParagraphIdPrefix) + id));
  }
  if (scored.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_OR, scored.begin(), scored.end());
}

}  // namespace palermo
