#include "searcher/parallel_versions.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
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

enum class Scoring { bm25, none };

// The paragraph id, as the ranking orders ties: document id, then docid (searcher.cpp, order()).
std::string_view document_of(std::string_view paragraph_id) {
  const std::size_t colon = paragraph_id.rfind(':');
  return paragraph_id.substr(0, colon == std::string_view::npos ? paragraph_id.size() : colon);
}

// The best `size` matches of `query` in `db`, in the ranking's order: weight, then document id
// (kDocumentSlot, as searcher.cpp's order()), then docid. The paragraph id comes as the collapse
// key, from kParagraphIdSlot, which is unique, so nothing is collapsed: the match returns it with
// each item, where reading the documents costs a round trip each over remote shards (Xapian 1.4
// does not pipeline MSet::fetch there). Every match is visited (check_at_least): Xapian 1.4's
// early termination can leave a match out of the best, as in the ranking pass (searcher.cpp), and
// the versions lent weight would differ between layouts.
std::vector<RankedParagraph> matches_of(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount size, Scoring scoring) {
  Xapian::Enquire enquire(db);
  if (scoring == Scoring::none) enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(query);
  enquire.set_collapse_key(schema::kParagraphIdSlot);
  if (scoring == Scoring::bm25) enquire.set_sort_by_relevance_then_value(schema::kDocumentSlot, false);
  const Xapian::MSet mset = enquire.get_mset(0, size, db.get_doccount());
  std::vector<RankedParagraph> out;
  out.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({it.get_collapse_key(), it.get_weight(), *it});
  return out;
}

// Those of `ids` the index holds, with their docids, found by one query (not a term lookup each:
// a round trip each over remote shards).
std::map<std::string, Xapian::docid> held_paragraphs(const Xapian::Database& db, const std::set<std::string>& ids) {
  if (ids.empty()) return {};
  std::vector<Xapian::Query> terms;
  for (const std::string& id : ids) terms.emplace_back(std::string(schema::kParagraphIdPrefix) + id);
  std::map<std::string, Xapian::docid> held;
  for (RankedParagraph& m : matches_of(db, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                       static_cast<Xapian::doccount>(ids.size()), Scoring::none)) {
    held.emplace(std::move(m.id), m.docid);
  }
  return held;
}

// The docids `docids` as a posting list of weight 0: a filter that opens no posting list of its
// own (a paragraph-id term each would be a B-tree lookup each). Over one local database only: the
// remote backend runs no posting source of ours, and over several shards Xapian hands a source each
// shard's own docids.
// With `weights` (by docid, the same size), each docid scores its weight (DocidSet(lifts) scores
// as lifts_query(lifts)).
class DocidSet : public Xapian::PostingSource {
 public:
  explicit DocidSet(std::vector<Xapian::docid> docids, std::vector<double> weights = {}) {
    std::vector<std::size_t> order(docids.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return docids[a] < docids[b]; });
    double max = 0;
    for (std::size_t i : order) {
      if (!docids_.empty() && docids_.back() == docids[i]) continue;
      docids_.push_back(docids[i]);
      if (!weights.empty()) {
        weights_.push_back(weights[i]);
        max = std::max(max, weights[i]);
      }
    }
    set_maxweight(max);
  }
  double get_weight() const override { return weights_.empty() ? 0.0 : weights_[at_]; }
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(docids_.size()); }
  void init(const Xapian::Database&) override { at_ = 0, started_ = false; }
  void next(double) override {
    if (started_) ++at_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    at_ = static_cast<std::size_t>(std::lower_bound(docids_.begin() + static_cast<std::ptrdiff_t>(at_), docids_.end(), did) - docids_.begin());
  }
  bool at_end() const override { return at_ >= docids_.size(); }
  Xapian::docid get_docid() const override { return docids_[at_]; }
  DocidSet* clone() const override { return new DocidSet(docids_, weights_); }

 private:
  std::vector<Xapian::docid> docids_;
  std::vector<double> weights_;
  std::size_t at_ = 0;
  bool started_ = false;
};

// The weights `query` gives those of `paragraphs` (ids and docids) it matches (docid and weight;
// no id), in no order: by a DocidSet when `local` (one local database), else by their
// paragraph-id terms.
std::vector<RankedParagraph> weights_among(const Xapian::Database& db, const Xapian::Query& query,
                                           const std::vector<RankedParagraph>& paragraphs, bool local) {
  if (paragraphs.empty()) return {};
  Xapian::Query among;
  if (local) {
    std::vector<Xapian::docid> docids;
    for (const RankedParagraph& p : paragraphs) docids.push_back(p.docid);
    among = Xapian::Query((new DocidSet(std::move(docids)))->release());
  } else {
    std::vector<Xapian::Query> terms;
    for (const RankedParagraph& p : paragraphs) terms.emplace_back(std::string(schema::kParagraphIdPrefix) + p.id);
    among = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, among));
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(paragraphs.size()), db.size() > 1 ? db.get_doccount() : 0);
  std::vector<RankedParagraph> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({{}, it.get_weight(), *it});
  return out;
}

}  // namespace

bool ranks_before(const RankedParagraph& a, const RankedParagraph& b) {
  if (a.weight != b.weight) return a.weight > b.weight;
  const std::string_view da = document_of(a.id), db = document_of(b.id);
  if (da != db) return da < db;
  return a.docid < b.docid;
}

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

std::vector<RankedParagraph> best_matches(const Xapian::Database& db, const BestMatches& matched, const ParallelVersionOptions& options) {
  const auto size = static_cast<Xapian::doccount>(options.best);
  if (!matched.parts) return matches_of(db, matched.query(), size, Scoring::bm25);
  // The best of each part, then the best of those: the same matches, weights and order as one
  // match of the whole, since no paragraph matches two parts.
  std::vector<RankedParagraph> best;
  for (const Xapian::Query& part : matched.parts()) {
    for (RankedParagraph& m : matches_of(db, part, size, Scoring::bm25)) best.push_back(std::move(m));
  }
  std::sort(best.begin(), best.end(), ranks_before);
  if (best.size() > options.best) best.resize(options.best);
  return best;
}

void MatchWeights::operator()(const Xapian::Document& doc, double weight) {
  const Xapian::docid docid = doc.get_docid();
  if (!seen_.empty() && seen_.back().first > docid) sorted_ = false;
  seen_.emplace_back(docid, weight);
}

std::optional<double> MatchWeights::of(Xapian::docid docid) const {
  // A single database's matcher visits its matches in docid order: sorted already.
  if (!sorted_) {
    std::sort(seen_.begin(), seen_.end());
    sorted_ = true;
  }
  const auto it = std::lower_bound(seen_.begin(), seen_.end(), docid, [](const auto& m, Xapian::docid d) { return m.first < d; });
  if (it == seen_.end() || it->first != docid) return std::nullopt;
  return it->second;
}

std::vector<VersionLift> version_lifts(const Xapian::Database& db, const std::vector<RankedParagraph>& ranked,
                                       const std::function<Xapian::Query()>& matched, const std::vector<std::string>& languages,
                                       const ParallelVersionOptions& options, const CounterpartColumn* column,
                                       const MatchWeights* seen) {
  if (languages.size() < 2 || options.best == 0) return {};
  const std::size_t count = std::min(ranked.size(), options.best);
  std::map<Xapian::docid, double> own;  // docid -> its weight among the best
  for (std::size_t i = 0; i < count; ++i) own[ranked[i].docid] = ranked[i].weight;
  struct Version {
    std::string id;
    Xapian::docid docid;
    double weight;  // its version's
  };
  std::vector<Version> versions;
  if (column != nullptr) {
    for (std::size_t i = 0; i < count; ++i) {
      if (std::optional<RankedParagraph> c = column->counterpart(ranked[i])) versions.push_back({std::move(c->id), c->docid, ranked[i].weight});
    }
  } else {
    std::vector<std::vector<std::string>> candidates;
    std::set<std::string> asked;
    for (std::size_t i = 0; i < count; ++i) {
      candidates.push_back(counterpart_candidates(ranked[i].id, languages));
      asked.insert(candidates.back().begin(), candidates.back().end());
    }
    const std::map<std::string, Xapian::docid> held = held_paragraphs(db, asked);
    for (std::size_t i = 0; i < count; ++i) {
      for (const std::string& candidate : candidates[i]) {
        const auto found = held.find(candidate);
        if (found == held.end()) continue;
        versions.push_back({candidate, found->second, ranked[i].weight});
        break;
      }
    }
  }
  // The counterparts' own weights where they match but are not among the best.
  std::vector<RankedParagraph> unknown;
  for (const Version& v : versions) {
    if (!own.count(v.docid)) unknown.push_back({v.id, 0, v.docid});
  }
  if (seen != nullptr) {
    for (const RankedParagraph& m : unknown) {
      if (const std::optional<double> weight = seen->of(m.docid)) own[m.docid] = *weight;
    }
  } else {
    for (const RankedParagraph& m : weights_among(db, matched(), unknown, column != nullptr)) own[m.docid] = m.weight;
  }
  // What each counterpart gets on top of its own weight (0 when it is no match) to reach
  // options.weight times its version's: the better of the two, never their sum.
  std::map<std::string, VersionLift> lifts;  // sorted by id, so that the query is the same each time
  for (const Version& v : versions) {
    const auto found = own.find(v.docid);
    const double extra = options.weight * v.weight - (found == own.end() ? 0.0 : found->second);
    if (extra <= 0) continue;
    std::optional<double> own_weight;
    if (found != own.end()) own_weight = found->second;
    lifts.emplace(v.id, VersionLift{v.id, v.docid, extra, own_weight});  // the first, of the best version
  }
  std::vector<VersionLift> out;
  for (auto& [id, lift] : lifts) out.push_back(std::move(lift));
  return out;
}

Xapian::Query lifts_query(const std::vector<VersionLift>& lifts, const CounterpartColumn* column) {
  if (lifts.empty()) return {};
  if (column != nullptr) {
    std::vector<Xapian::docid> docids;
    std::vector<double> weights;
    for (const VersionLift& lift : lifts) {
      docids.push_back(lift.docid);
      weights.push_back(lift.extra);
    }
    return Xapian::Query((new DocidSet(std::move(docids), std::move(weights)))->release());
  }
  std::vector<Xapian::Query> scored;
  for (const VersionLift& lift : lifts) {
    // release(): Xapian owns the source and gives each match its own clone (see query_builder.cpp).
    scored.emplace_back(Xapian::Query::OP_FILTER, Xapian::Query((new Xapian::FixedWeightPostingSource(lift.extra))->release()),
                        Xapian::Query(std::string(schema::kParagraphIdPrefix) + lift.id));
  }
  if (scored.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_OR, scored.begin(), scored.end());
}

std::vector<RankedParagraph> lifted_weights(const Xapian::Database& db, const std::vector<VersionLift>& lifts, const Xapian::Query& with_lifts,
                                            const CounterpartColumn* column) {
  std::vector<RankedParagraph> among;
  std::map<Xapian::docid, std::string> ids;
  for (const VersionLift& lift : lifts) {
    among.push_back({lift.id, 0, lift.docid});
    ids.emplace(lift.docid, lift.id);
  }
  std::vector<RankedParagraph> out = weights_among(db, with_lifts, among, column != nullptr);
  for (RankedParagraph& r : out) r.id = ids[r.docid];
  std::sort(out.begin(), out.end(), ranks_before);
  return out;
}

CounterpartColumn::CounterpartColumn(const Xapian::Database& db, const std::vector<std::string>& languages) : languages_(languages) {
  std::unordered_map<std::string, Xapian::docid> by_id;
  by_id.reserve(db.get_doccount());
  for (auto it = db.valuestream_begin(schema::kParagraphIdSlot); it != db.valuestream_end(schema::kParagraphIdSlot); ++it) {
    by_id.emplace(*it, it.get_docid());
  }
  counterparts_.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, 0);
  candidates_.assign(counterparts_.size(), 0);
  for (const auto& [id, docid] : by_id) {
    const std::vector<std::string> candidates = counterpart_candidates(id, languages);
    for (std::size_t k = 0; k < candidates.size() && k < 256; ++k) {
      if (const auto found = by_id.find(candidates[k]); found != by_id.end()) {
        counterparts_[docid] = found->second;
        candidates_[docid] = static_cast<std::uint8_t>(k);
        break;
      }
    }
  }
}

std::optional<RankedParagraph> CounterpartColumn::counterpart(const RankedParagraph& paragraph) const {
  if (paragraph.docid >= counterparts_.size() || counterparts_[paragraph.docid] == 0) return std::nullopt;
  std::vector<std::string> candidates = counterpart_candidates(paragraph.id, languages_);
  const std::size_t k = candidates_[paragraph.docid];
  if (k >= candidates.size()) return std::nullopt;  // `paragraph.id` is not the docid's
  return RankedParagraph{std::move(candidates[k]), 0, counterparts_[paragraph.docid]};
}

Xapian::Query counterparts_of_best(const Xapian::Database& db, const BestMatches& matched, const std::vector<std::string>& languages,
                                   const ParallelVersionOptions& options) {
  if (languages.size() < 2 || options.best == 0) return {};
  return lifts_query(version_lifts(db, best_matches(db, matched, options), matched.query, languages, options));
}

}  // namespace palermo
