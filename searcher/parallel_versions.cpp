#include "searcher/parallel_versions.h"

#include <map>
#include <utility>

#include "analysis/schema.h"

namespace palermo {

std::optional<std::string> counterpart_document_id(const Xapian::Database& db, std::string_view document_id,
                                                   const std::vector<std::string>& languages) {
  for (const std::string& lang : languages) {
    const std::string suffix = "." + lang;
    if (!document_id.ends_with(suffix)) continue;
    const std::string_view name = document_id.substr(0, document_id.size() - suffix.size());
    for (const std::string& other : languages) {
      if (other == lang) continue;
      std::string candidate = std::string(name) + "." + other;
      if (db.term_exists(std::string(schema::kDocumentIdPrefix) + candidate)) return candidate;
    }
  }
  return std::nullopt;
}

std::optional<std::string> counterpart_paragraph_id(const Xapian::Database& db, std::string_view paragraph_id,
                                                    const std::vector<std::string>& languages) {
  const std::size_t colon = paragraph_id.rfind(':');  // anchors hold no ':', document ids may
  if (colon == std::string_view::npos) return std::nullopt;
  const std::optional<std::string> document = counterpart_document_id(db, paragraph_id.substr(0, colon), languages);
  if (!document) return std::nullopt;
  std::string candidate = *document + std::string(paragraph_id.substr(colon));
  if (!db.term_exists(std::string(schema::kParagraphIdPrefix) + candidate)) return std::nullopt;
  return candidate;
}

Xapian::Query counterparts_of_best(const Xapian::Database& db, const std::function<Xapian::Query()>& matched,
                                   const std::vector<std::string>& languages, const ParallelVersionOptions& options) {
  if (languages.size() < 2 || options.best == 0) return {};
  Xapian::Enquire enquire(db);
  enquire.set_query(matched());
  const Xapian::MSet best = enquire.get_mset(0, static_cast<Xapian::doccount>(options.best));
  const std::string id_prefix(schema::kParagraphIdPrefix);
  std::map<std::string, double> own;                                  // paragraph id -> its weight among the best
  std::vector<std::pair<std::string, double>> versions;               // counterpart id -> its version's weight
  for (auto it = best.begin(); it != best.end(); ++it) {
    auto term = db.termlist_begin(*it);
    term.skip_to(id_prefix);
    if (term == db.termlist_end(*it) || !(*term).starts_with(id_prefix)) continue;
    const std::string id = (*term).substr(id_prefix.size());
    own[id] = it.get_weight();
    if (std::optional<std::string> other = counterpart_paragraph_id(db, id, languages)) versions.emplace_back(*other, it.get_weight());
  }
  // The counterparts' own weights where they match but are not among the best.
  std::vector<Xapian::Query> unknown;
  for (const auto& [id, version] : versions) {
    if (!own.count(id)) unknown.emplace_back(id_prefix + id);
  }
  if (!unknown.empty()) {
    Xapian::Enquire theirs(db);
    theirs.set_query(Xapian::Query(Xapian::Query::OP_FILTER, matched(), Xapian::Query(Xapian::Query::OP_OR, unknown.begin(), unknown.end())));
    const Xapian::MSet found = theirs.get_mset(0, static_cast<Xapian::doccount>(unknown.size()));
    for (auto it = found.begin(); it != found.end(); ++it) {
      auto term = db.termlist_begin(*it);
      term.skip_to(id_prefix);
      if (term != db.termlist_end(*it) && (*term).starts_with(id_prefix)) own[(*term).substr(id_prefix.size())] = it.get_weight();
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
                        Xapian::Query(id_prefix + id));
  }
  if (scored.empty()) return {};
  return Xapian::Query(Xapian::Query::OP_OR, scored.begin(), scored.end());
}

}  // namespace palermo
