#include "searcher/searcher.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <unordered_set>

#include "analysis/records.h"
#include "analysis/facet_values.h"
#include "analysis/schema.h"
#include "analysis/text.h"
#include "searcher/branch_count.h"
#include "searcher/citation_text.h"
#include "searcher/facet_columns.h"
#include "searcher/facet_counter.h"
#include "searcher/parallel_versions.h"
#include "searcher/result_cache.h"
#include "searcher/query_builder.h"
#include "searcher/record_pass.h"
#include "searcher/shard_list.h"
#include "searcher/snippet.h"

namespace palermo {
namespace {

SearchError bad_query(const std::string& message) { return SearchError(SearchError::Code::bad_query, message); }

void validate_ui(const std::string& ui) {
  if (ui != "es" && ui != "en") throw bad_query("ui must be es or en, not \"" + ui + "\"");
}

constexpr Xapian::doccount kRelaxBelow = 10;  // fewer full matches: partial ones are added after them
// Keeps every full match above the partial ones, including the paragraphs found through the
// subjects the words name (weights 0.03-0.05 per subject, see subject_query.h): those rank after
// the paragraphs holding every word and before those holding only some.
constexpr double kAllWordsBoost = 10000.0;

SearchError not_found(const std::string& what) { return SearchError(SearchError::Code::not_found, what); }

ParagraphRecord paragraph_record(const Xapian::Document& doc) {
  return nlohmann::json::parse(record_of(doc)).get<ParagraphRecord>();
}

// One hit of a page: its paragraph's document (or, when the match collapsed on
// schema::kParagraphIdSlot, its paragraph id instead: reading the document is a round trip over
// remote shards), docid and score.
struct RankedHit {
  Xapian::docid docid = 0;
  double weight = 0;
  std::optional<Xapian::Document> document;
  std::string paragraph_id;
};

// `ids_collapsed`: the match collapsed on kParagraphIdSlot; its documents are not read.
std::vector<RankedHit> hits_of(const Xapian::MSet& mset, bool ids_collapsed = false) {
  std::vector<RankedHit> out;
  out.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (ids_collapsed) {
      out.push_back({*it, it.get_weight(), std::nullopt, it.get_collapse_key()});
    } else {
      out.push_back({*it, it.get_weight(), it.get_document(), std::string()});
    }
  }
  return out;
}

// A match spy keeping the `size` best-ranked matches (ranks_before: weight, document id, docid),
// of those that pass the facet filters of `counter` when given: the page of a filtered search from
// the pass that counts without the filters, and the ranking of a pass that visits every match
// anyway. Xapian's own ranking by relevance then document id reads each match's document id (a
// string from a value stream) to compare it with the last of its proto-page; here a paragraph id
// is read, lazily, only for a match whose weight may enter. One local index only (the docids a
// spy sees are the Database's).
class BestRanked : public Xapian::MatchSpy {
 public:
  BestRanked(const FacetCounter* counter, std::size_t size) : counter_(counter), size_(size) {}
  void operator()(const Xapian::Document& doc, double weight) override {
    if (size_ == 0) return;
    if (best_.size() == size_ && weight < best_.front().weight) return;
    const Xapian::docid docid = doc.get_docid();
    if (counter_ != nullptr && !counter_->passes(docid)) return;
    RankedParagraph candidate{doc.get_value(schema::kParagraphIdSlot), weight, docid};
    if (best_.size() == size_) {
      if (!ranks_before(candidate, best_.front())) return;
      std::pop_heap(best_.begin(), best_.end(), ranks_before);
      best_.pop_back();
    }
    best_.push_back(std::move(candidate));
    std::push_heap(best_.begin(), best_.end(), ranks_before);  // the worst first
  }
  // The matches kept, best first.
  std::vector<RankedParagraph> ranked() const {
    std::vector<RankedParagraph> out = best_;
    std::sort(out.begin(), out.end(), ranks_before);
    return out;
  }

 private:
  const FacetCounter* counter_;
  std::size_t size_;
  std::vector<RankedParagraph> best_;  // a heap, the worst first
};

// The page [first, first + size) of `enquire`'s query in relevance order, from a pass that visits
// every match for its spies (check_at_least = the document count): ranked by a BestRanked spy,
// Xapian asked for no items (its own order reads every match's document id). One local index.
std::vector<RankedHit> page_by_spy(Xapian::Enquire& enquire, const Xapian::Database& db, Xapian::doccount first, std::size_t size) {
  BestRanked ranking(nullptr, first + size);
  enquire.add_matchspy(&ranking);
  enquire.set_sort_by_relevance();
  enquire.get_mset(0, 0, db.get_doccount());
  std::vector<RankedHit> out;
  const std::vector<RankedParagraph> ranked = ranking.ranked();
  for (std::size_t at = first; at < ranked.size(); ++at) out.push_back({ranked[at].docid, ranked[at].weight, db.get_document(ranked[at].docid), std::string()});
  return out;
}

// A match spy counting, per document id (schema::kDocumentSlot), the matches that pass the facet
// filters of a counting pass (FacetCounter::passes, once given), as Xapian's ValueCountMatchSpy
// counts a slot's values: "N in this document" of a page grouped by document from the counting
// pass rather than from a match of their own. A document's paragraphs have consecutive docids: the
// last document counted is tried first. One local index only.
class DocumentCounts : public Xapian::MatchSpy {
 public:
  void count_only(const FacetCounter* counter) { counter_ = counter; }
  void operator()(const Xapian::Document& doc, double) override {
    if (counter_ != nullptr && !counter_->passes(doc.get_docid())) return;
    std::string id = doc.get_value(schema::kDocumentSlot);
    if (id.empty()) return;
    if (last_ == counts_.end() || last_->first != id) last_ = counts_.try_emplace(std::move(id), 0).first;
    ++last_->second;
  }
  const std::map<std::string, std::size_t>& counts() const { return counts_; }

 private:
  const FacetCounter* counter_ = nullptr;
  std::map<std::string, std::size_t> counts_;
  std::map<std::string, std::size_t>::iterator last_ = counts_.end();
};

// What a counting pass over one local index counts besides the total and the facets, by spies of
// that pass (each sees the matches without the facet filters and counts those that pass them).
struct AlsoCounted {
  BranchCount* words = nullptr;         // the words' matches (WordsMark)
  DocumentCounts* documents = nullptr;  // the matches per document (a page grouped by document)
};

// A counting pass's counter and which of AlsoCounted it counted.
struct CountingPass {
  std::unique_ptr<FacetCounter> counter;
  bool words_seen = false;
  bool documents_seen = false;
};

void validate(const SearchRequest& r) {
  if (r.page < 1 || r.page > kMaxPage) {
    throw bad_query("page must be between 1 and " + std::to_string(kMaxPage) + ", not " + std::to_string(r.page));
  }
  if (r.size < 1 || r.size > kMaxPageSize) {
    throw bad_query("size must be between 1 and " + std::to_string(kMaxPageSize) + ", not " + std::to_string(r.size));
  }
  validate_ui(r.ui_lang);
}

// Opens the index at `path`: one Glass database, or the shards its stub lists, each opened here
// (shard_list.h: our timeouts for remote shards, a missing local shard named). A shard that
// cannot be reached is refused, or left out (listed in `missing`) when `on_shard_down` says so.
// A stub must list each shard of one index once: a shard listed twice doubles its answers, and a
// stub listing some of the shards (or shards of another layout) answers from part of the index
// with nothing said. Each shard records how many the index was written as (schema::kShardCountKey,
// absent from indexes written before it) and has its own uuid. Throws SearchError(bad_stub).
// `opened[i]` is the stub line of `shards[i]`; `listed` how many lines the stub has.
void check_shard_set(const std::filesystem::path& path, std::size_t listed, const std::vector<std::string>& opened,
                     const std::vector<Xapian::Database>& shards) {
  std::map<std::string, std::size_t> seen;  // uuid -> the first line of that shard
  for (std::size_t i = 0; i < shards.size(); ++i) {
    const std::string recorded = shards[i].get_metadata(std::string(schema::kShardCountKey));
    if (!recorded.empty() && recorded != std::to_string(listed)) {
      throw SearchError(SearchError::Code::bad_stub, stub_file(path).string() + " lists " + std::to_string(listed) +
                                                         (listed == 1 ? " shard" : " shards") + ", but \"" + opened[i] +
                                                         "\" was written as one of " + recorded +
                                                         ": list every shard of the index, once");
    }
    const auto [first, added] = seen.emplace(shards[i].get_uuid(), i);
    if (!added) {
      throw SearchError(SearchError::Code::bad_stub, stub_file(path).string() + " lists one shard twice (\"" +
                                                         opened[first->second] + "\" and \"" + opened[i] +
                                                         "\"): its answers would count twice; list every shard once");
    }
  }
}

Xapian::Database open_index(const std::filesystem::path& path, const SearcherOptions& options, std::vector<std::string>& missing,
                            std::vector<Xapian::Database>& shards) {
  const std::vector<std::string> lines = stub_shards(path);
  if (is_stub(path)) {
    // Every line read before any shard is opened; a stub without a line is not an empty index
    // (a second QA of issue 11, N9: "built with other analysis settings (analysis.version is "")").
    try {
      check_stub_lines(path, lines);
    } catch (const std::invalid_argument& e) {
      throw SearchError(SearchError::Code::bad_stub, e.what());
    }
  } else {
    try {
      return Xapian::Database(path.string());
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw SearchError(SearchError::Code::no_index, "no index at " + path.string() +
                                                         " (run palermo-index --corpus corpus --db " + path.string() +
                                                         "): " + e.get_msg());
    }
  }
  Xapian::Database live;
  std::vector<std::string> opened;  // the lines of `shards`
  for (const std::string& line : lines) {
    if (options.on_shard_down == ShardFailure::answer_partially &&
        std::find(options.skip_shards.begin(), options.skip_shards.end(), line) != options.skip_shards.end()) {
      missing.push_back(line);
      continue;
    }
    try {
      shards.push_back(open_stub_shard(path, line, options.timeouts));
      opened.push_back(line);
      live.add_database(shards.back());
    } catch (const std::invalid_argument& e) {
      throw SearchError(SearchError::Code::bad_stub, e.what());
    } catch (const Xapian::NetworkError& e) {
      if (options.on_shard_down == ShardFailure::refuse) throw shard_unavailable(line, e);
      missing.push_back(line);
    } catch (const Xapian::DatabaseOpeningError& e) {
      // A remote shard whose xapian-tcpsrv answers but cannot open its database (the folder was
      // moved, deleted or is being replaced): down like a shard that does not answer, not a
      // damaged index of ours (a second QA of issue 11, N7: 500, and health advised --rebuild).
      if (!line.starts_with("remote")) throw;
      if (options.on_shard_down == ShardFailure::refuse) {
        // The shard machine's path and Xapian's words go to the log, not to the client (a third
        // QA of issue 11, F6); the server opens the folder again once it is back.
        throw SearchError(SearchError::Code::shard_unavailable,
                          "the index's shard " + line + " is served, but its server cannot open the shard: restore the shard's "
                          "folder on that machine",
                          e.get_msg());
      }
      missing.push_back(line);
    }
  }
  if (live.size() == 0) {
    throw SearchError(SearchError::Code::shard_unavailable, "no shard of the index can be reached", "index " + path.string());
  }
  check_shard_set(path, lines.size(), opened, shards);
  return live;
}

void check_settings(const Xapian::Database& db, const Analyzer& analyzer, const std::filesystem::path& path) {
  if (const std::string why = analyzer.settings_mismatch(db); !why.empty()) {
    throw SearchError(SearchError::Code::incompatible_index, "the index at " + path.string() +
                                                                 " was built with other analysis settings (" + why +
                                                                 "); rebuild it with palermo-index --rebuild");
  }
}

}  // namespace

const char* SearchError::code_name() const {
  switch (code_) {
    case Code::bad_query: return "bad_query";
    case Code::too_long: return "too_long";
    case Code::not_found: return "not_found";
    case Code::no_index: return "no_index";
    case Code::incompatible_index: return "incompatible_index";
    case Code::shard_unavailable: return "shard_unavailable";
    case Code::bad_stub: return "bad_stub";
  }
  return "error";
}

struct Searcher::Impl {
  Impl(const std::filesystem::path& path, const DomainData& d, const AnalysisOptions& analysis,
       const SearcherOptions& options)
      : domain(d), analyzer(analysis), cross_language(d, analyzer), references(d), subject_finder(d, analyzer),
        subject_query(d, analyzer, subject_finder), path(path), db(open_index(path, options, missing_shards, shards)),
        opened_at(std::chrono::steady_clock::now()) {
    check_settings(db, analyzer, path);
    if (options.held_phrases == SearcherOptions::HeldPhrases::by_terms) phrases = held_phrases(db);
    counts_by_match_spy = db.size() == 1 && std::filesystem::exists(path / "iamglass");
    for (const std::string& line : stub_shards(path)) {
      if (line.starts_with("remote")) {
        column_source = FacetColumns::Source::filter_terms;
        reads_remote_shards = true;
      }
    }
    columns = columns_of(FacetColumns::identity_of(db), options);
    cache = options.cache;
    spelling_copies = options.spelling_copies;
    if (shards.size() > 1 && spelling_copies == nullptr) spelling_copies = std::make_shared<SpellingCopies>();
  }

  // The facet columns of db's revision `identity`: the pool's, or built here.
  // A revision discarded while they are read moves db on: the columns are then of db's newest
  // revision (their identity() says which).
  // A pack of facet values that is not one is damage to the index like any Xapian finds: the
  // programs' edges map DatabaseCorruptError (palermo-search query: status 3; serve: 503).
  std::shared_ptr<const FacetColumns> columns_of(const std::string& identity, const SearcherOptions& options) try {
    if (options.shared_columns != nullptr) return options.shared_columns->of(identity, db, column_source);
    auto own = std::make_shared<const FacetColumns>(db, column_source);
    return own->complete() ? own : FacetColumns::updated(*own, db, FacetColumns::kRereads);
  } catch (const DamagedFacetValues& e) {
    throw Xapian::DatabaseCorruptError(e.what());
  }

  // The spelling correction of a case-folded word: the index's own, or over shards from the local
  // copy of this revision, the shards' tables summed (spelling_copy.h): Xapian cannot read a remote
  // shard's, and over local shards its own suggestion missed corrections the single index makes
  // ("tecnika": "técnica"; a third QA of issue 11, F2).
  std::string spelling_suggestion(const std::string& word) {
    if (shards.size() <= 1) return db.get_spelling_suggestion(word);
    if (!spelling || spelling_revision != columns->identity()) {
      spelling.reset();
      const std::filesystem::path copy = spelling_copies->folder(columns->identity(), shards);
      if (copy.empty()) return std::string();
      spelling = Xapian::Database(copy.string());
      spelling_revision = columns->identity();
    }
    return spelling->get_spelling_suggestion(word);
  }

  // The phrases `db` holds as terms, recorded in its (first shard's) metadata when it was created.
  static std::optional<IndexedPhrases> held_phrases(const Xapian::Database& db) {
    return IndexedPhrases::from_metadata(db.get_metadata(std::string(schema::kPhrasesKey)));
  }

  const DocumentRecord& document(const std::string& id) {
    auto it = documents.find(id);
    if (it != documents.end()) return it->second;
    read_documents({id});
    return documents.at(id);
  }

  // The records of `ids` not yet read, by one pass (record_pass.h); an id the index does not hold
  // is remembered with an empty record.
  void read_documents(const std::set<std::string>& ids) {
    std::vector<Xapian::Query> terms;
    for (const std::string& id : ids) {
      if (!documents.contains(id)) terms.emplace_back(std::string(schema::kRecordIdPrefix) + id);
    }
    if (terms.empty()) return;
    for (const std::string& json : records_matching(db, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                                    static_cast<Xapian::doccount>(terms.size()))) {
      DocumentRecord record = nlohmann::json::parse(json).get<DocumentRecord>();
      documents.emplace(record.id, std::move(record));
    }
    for (const std::string& id : ids) documents.try_emplace(id);
  }

  // Before the rows of a page, a document or an export are built: their documents' records, the
  // documents' other-language versions, which of their paragraphs' counterparts the index holds
  // and what their citations name, each read by one pass for all rows, not per row (a round trip
  // each over remote shards).
  void read_for_rows(const std::vector<ParagraphRecord>& rows) {
    std::set<std::string> docs;
    for (const ParagraphRecord& p : rows) docs.insert(p.doc);
    read_documents(docs);
    read_counterpart_documents(docs);
    std::vector<std::string> candidates;
    std::set<std::string> values;
    for (const ParagraphRecord& p : rows) {
      if (const auto& other = counterpart_documents.at(p.doc)) {
        std::string id = counterpart_paragraph_name(*other, p.id);
        if (!paragraphs_held.contains(id)) candidates.push_back(std::move(id));
      }
      for (const Citation& c : p.citations) {
        if (c.kind != "article") values.insert(c.value);
      }
    }
    read_paragraphs_held(candidates);
    read_citation_targets(values);
    std::set<std::string> preambles;
    for (const ParagraphRecord& p : rows) {
      if (p.kind == "preambular" && !preamble_ordinals.contains(p.doc)) preambles.insert(p.doc);
    }
    read_preamble_ordinals(preambles);
  }

  // The places of the preambular paragraphs of `docs` (preamble_ordinal), by one pass over them.
  void read_preamble_ordinals(const std::set<std::string>& docs) {
    if (docs.empty()) return;
    std::vector<Xapian::Query> terms;
    for (const std::string& doc : docs) terms.emplace_back(std::string(schema::kDocumentIdPrefix) + doc);
    const Xapian::Query query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                              Xapian::Query(schema::filter_term(*schema::facet("kind"), "preambular")));
    std::map<std::string, std::vector<ParagraphRecord>> by_doc;
    for (const std::string& json : records_matching(db, query, db.get_doccount())) {
      ParagraphRecord p = nlohmann::json::parse(json).get<ParagraphRecord>();
      by_doc[p.doc].push_back(std::move(p));
    }
    for (const std::string& doc : docs) preamble_ordinals.emplace(doc, ordinals_of(by_doc[doc]));
  }

  // Anchor -> place (from 1) of the preambular paragraphs among `paragraphs` (any order).
  static std::map<std::string, std::size_t> ordinals_of(std::vector<ParagraphRecord> paragraphs) {
    std::sort(paragraphs.begin(), paragraphs.end(), [](const ParagraphRecord& a, const ParagraphRecord& b) { return a.seq < b.seq; });
    std::map<std::string, std::size_t> ordinals;
    std::size_t n = 0;
    for (const ParagraphRecord& p : paragraphs) {
      if (p.kind == "preambular") ordinals[p.anchor] = ++n;
    }
    return ordinals;
  }

  void read_paragraphs_held(const std::vector<std::string>& ids) {
    std::vector<std::string> terms;
    for (const std::string& id : ids) terms.push_back(std::string(schema::kParagraphIdPrefix) + id);
    const std::set<std::string> held = values_held(db, terms, schema::kParagraphIdSlot);
    for (const std::string& id : ids) paragraphs_held[id] = held.contains(id);
  }

  // "7/1" -> "Conferencia de las Partes 7/1", "trafficking/art.3" -> "Protocolo contra la Trata de
  // Personas, art. 3"; symbols and other issuers' values ("A/RES/70/1") are their own label.
  std::string citation_label(const std::string& value, const std::string& ui) const {
    if (const auto art = value.find("/art."); art != std::string::npos) {
      const InstrumentName* instrument = domain.instrument(value.substr(0, art));
      const std::string name = instrument != nullptr ? instrument->name.in(ui) : value.substr(0, art);
      return name + ", art. " + value.substr(art + 5);
    }
    const CitationIssuer& conference = domain.citation_issuers().front();
    if (value.find('/') == value.rfind('/') && std::isdigit(static_cast<unsigned char>(value.front()))) {
      return conference.name.in(ui) + " " + value;
    }
    return value;
  }

  // The documents of the index a citation names: a resolution or decision by its number, any
  // document by its symbol, read from the records' terms for this value only, so that no request
  // reads every document's record. Remembered per Searcher (one revision). Sorted by document id.
  const std::vector<std::string>& citation_targets(const std::string& value) {
    const std::string canonical = schema::canonical_value(value);
    if (auto known = targets.find(canonical); known != targets.end()) return known->second;
    read_citation_targets({value});
    return targets.at(canonical);
  }

  // The targets of the citation values not yet read, by one pass for them all: the records their
  // number and symbol terms index, each the target of the values its number or symbol is.
  void read_citation_targets(const std::set<std::string>& values) {
    std::map<std::string, std::set<std::string>> found;  // canonical value -> document ids
    std::vector<Xapian::Query> terms;
    for (const std::string& value : values) {
      const std::string canonical = schema::canonical_value(value);
      if (targets.contains(canonical) || !found.emplace(canonical, std::set<std::string>()).second) continue;
      terms.emplace_back(std::string(schema::kRecordNumberPrefix) + canonical);
      terms.emplace_back(std::string(schema::kRecordSymbolPrefix) + canonical);
    }
    if (terms.empty()) return;
    for (const std::string& json : records_matching(db, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), db.get_doccount())) {
      DocumentRecord record = nlohmann::json::parse(json).get<DocumentRecord>();
      for (const std::string& named : {citable_number(record.type, record.number), record.symbol}) {
        if (named.empty()) continue;
        if (auto wanted = found.find(schema::canonical_value(named)); wanted != found.end()) wanted->second.insert(record.id);
      }
      documents.emplace(record.id, std::move(record));
    }
    for (auto& [canonical, ids] : found) targets.emplace(canonical, std::vector<std::string>(ids.begin(), ids.end()));
  }

  // A citation as a card reads it: a Conference resolution or decision by what it is ("resolución
  // 6/4", "decision 4/4": the document type's label, lower case as inside a sentence), anything
  // else as citation_label gives it.
  std::string cited_label(const Citation& c, const std::string& ui) const {
    if (c.issuer == "cop" && (c.kind == "resolution" || c.kind == "decision")) {
      if (const Label* type = domain.facet_label("type", c.kind)) {
        std::string word = type->in(ui);
        if (!word.empty() && word[0] >= 'A' && word[0] <= 'Z') word[0] = static_cast<char>(word[0] - 'A' + 'a');
        return word + " " + c.value;
      }
    }
    return citation_label(c.value, ui);
  }

  std::vector<SubjectView> subject_views(const std::vector<SubjectAssignment>& subjects, const std::string& ui) const {
    std::vector<SubjectView> out;
    for (const SubjectAssignment& a : subjects) out.push_back({a.id, label("subject", a.id, ui), a.source});
    return out;
  }

  std::vector<CitationView> citation_views(const std::vector<Citation>& citations, const std::string& lang,
                                           const std::string& ui) {
    std::vector<CitationView> out;
    for (const Citation& c : citations) {
      CitationView view{c, cited_label(c, ui), std::nullopt};
      if (c.kind != "article") {
        const std::vector<std::string>& found = citation_targets(c.value);
        if (!found.empty()) {
          view.target = found.front();
          for (const std::string& doc : found) {
            if (document(doc).lang == lang) view.target = doc;
          }
        }
      }
      out.push_back(std::move(view));
    }
    return out;
  }

  // Paragraphs of other documents that cite `doc` by number or symbol, those in its language first.
  std::vector<CitingParagraph> cited_by(const DocumentRecord& doc) {
    std::vector<Xapian::Query> names;
    const schema::FacetField& cites = *schema::facet("cites");
    if (!doc.number.empty() && (doc.type == "resolution" || doc.type == "decision")) {
      names.emplace_back(schema::filter_term(cites, doc.number));
    }
    if (!doc.symbol.empty()) names.emplace_back(schema::filter_term(cites, doc.symbol));
    std::vector<CitingParagraph> out;
    if (names.empty()) return out;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, names.begin(), names.end()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    // By document id, then docid (reading order within a document in every shard): docid order
    // alone interleaves documents over shards and changes with re-indexing.
    enquire.set_sort_by_value(schema::kDocumentSlot, false);
    // The citing paragraphs' records come with the match (record_pass.h), their documents' by one pass.
    enquire.set_collapse_key(schema::kRecordSlot);
    const Xapian::MSet mset = enquire.get_mset(0, kMaxCitedBy);
    std::vector<ParagraphRecord> citing_paragraphs;
    std::set<std::string> citing_documents;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      citing_paragraphs.push_back(nlohmann::json::parse(record_from_value(it.get_collapse_key())).get<ParagraphRecord>());
      citing_documents.insert(citing_paragraphs.back().doc);
    }
    read_documents(citing_documents);
    std::vector<CitingParagraph> other_languages;
    for (const ParagraphRecord& p : citing_paragraphs) {
      const DocumentRecord& citing = document(p.doc);
      if (citing.id == doc.id) continue;
      CitingParagraph entry{p.id, p.doc, p.label, citing.title};
      (citing.lang == doc.lang ? out : other_languages).push_back(std::move(entry));
    }
    out.insert(out.end(), other_languages.begin(), other_languages.end());
    return out;
  }

  std::string label(const std::string& facet, const std::string& value, const std::string& ui) const {
    if (facet == "cites") return citation_label(value, ui);
    if (facet == "subject") {
      if (const Subject* subject = domain.subject(value)) return subject->name.in(ui);
    }
    if (facet == "protocol") {
      if (const InstrumentName* instrument = domain.instrument(value)) return instrument->name.in(ui);
    }
    if (facet == "body") {
      if (const Body* b = domain.body(value)) return b->name.in(ui);
    } else if (facet == "verb") {
      if (const Verb* v = domain.verb(value)) return v->name.in(ui);
    } else if (facet == "session") {
      if (const Session* s = domain.session(std::stoi(value))) return s->name.in(ui);
    } else if (const Label* l = domain.facet_label(facet, value)) {
      return l->in(ui);
    } else if (const Label* pattern = domain.facet_label(facet, "*")) {
      std::string text = pattern->in(ui);
      if (auto at = text.find("{}"); at != std::string::npos) text.replace(at, 2, value);
      return text;
    }
    return value;
  }

  // Facet `i`'s values as counted, by descending count. Values the request selected are listed
  // even when nothing matches them, so that a selection can always be seen and undone.
  std::vector<FacetValue> facet_values(const FacetCounter& counter, std::size_t i, const SearchRequest& request) const {
    const std::string name(schema::kFacets[i].name);
    // Ranked by reference (a facet of cited documents holds hundreds of values); copied, with
    // their labels, only when listed.
    struct Counted {
      const std::string* value;
      std::size_t count;
    };
    std::vector<Counted> values;
    const std::vector<std::size_t>& counts = counter.counts(i);
    for (std::size_t code = 0; code < counts.size(); ++code) {
      if (counts[code] == 0) continue;
      values.push_back({&columns->value(i, static_cast<FacetColumns::Code>(code)), counts[code]});
    }
    const auto selected = request.filters.find(name);
    if (selected != request.filters.end()) {
      for (const std::string& v : selected->second) {
        const std::string canonical = validated_filter_value(name, v);
        const bool listed = std::any_of(values.begin(), values.end(), [&](const Counted& c) {
          return validated_filter_value(name, *c.value) == canonical;
        });
        if (!listed) values.push_back({&v, 0});
      }
    }
    std::sort(values.begin(), values.end(), [](const Counted& a, const Counted& b) {
      return a.count != b.count ? a.count > b.count : *a.value < *b.value;
    });
    // Long tails (hundreds of cited documents) are cut; selected values always stay.
    std::vector<const Counted*> kept;
    for (std::size_t k = 0; k < values.size() && k < kMaxFacetValues; ++k) kept.push_back(&values[k]);
    if (values.size() > kMaxFacetValues && selected != request.filters.end()) {
      for (auto it = values.begin() + kMaxFacetValues; it != values.end(); ++it) {
        for (const std::string& v : selected->second) {
          if (validated_filter_value(name, v) == validated_filter_value(name, *it->value)) kept.push_back(&*it);
        }
      }
    }
    std::vector<FacetValue> out;
    out.reserve(kept.size());
    for (const Counted* c : kept) out.push_back({*c->value, label(name, *c->value, request.ui_lang), c->count});
    return out;
  }

  FacetCounts facet_counts(const FacetCounter& counter, const SearchRequest& request) const {
    FacetCounts out;
    for (std::size_t i = 0; i < schema::kFacets.size(); ++i) {
      out[std::string(schema::kFacets[i].name)] = facet_values(counter, i, request);
    }
    return out;
  }

  // A preambular paragraph's place among its document's preambular paragraphs (from 1), which is
  // how an unnumbered one is cited; nullopt for any other paragraph.
  std::optional<std::size_t> preamble_ordinal(const ParagraphRecord& p) {
    if (p.kind != "preambular") return std::nullopt;
    auto cached = preamble_ordinals.find(p.doc);
    if (cached == preamble_ordinals.end()) cached = preamble_ordinals.emplace(p.doc, ordinals_of(paragraphs_of(p.doc))).first;
    auto found = cached->second.find(p.anchor);
    if (found == cached->second.end()) return std::nullopt;
    return found->second;
  }

  std::string citation(const ParagraphRecord& p, const DocumentRecord& d) {
    return citation_text(p, d, preamble_ordinal(p), domain);
  }

  // The facet counting stage: one unweighted pass over the match set of `plan` without the
  // request's facet filters, which the counter applies itself (see FacetCounter); on one local
  // index it counts `also` too.
  CountingPass count(QueryBuilder& builder, const QueryPlan& plan, const SearchRequest& request, QueryBuilder::Words words,
                     AlsoCounted also = {}) {
    SearchRequest unfiltered = request;
    unfiltered.filters.clear();
    CountingPass out{facet_counter(request)};
    FacetCounter& counter = *out.counter;
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    if (counts_by_match_spy) {
      const BuiltQuery built = builder.build(plan, unfiltered, words, QueryBuilder::Versions::in_query,
                                             also.words != nullptr ? WordsMark{also.words, BranchCount::Weights::none}
                                                                   : WordsMark{});
      enquire.set_query(built.query);
      enquire.add_matchspy(&counter);
      if (built.words_marked) {
        also.words->count_only([&counter](Xapian::docid d) { return counter.passes(d); });
        enquire.add_matchspy(also.words);
        out.words_seen = true;
      }
      if (also.documents != nullptr) {
        also.documents->count_only(&counter);
        enquire.add_matchspy(also.documents);
        out.documents_seen = true;
      }
      enquire.get_mset(0, 0, db.get_doccount());
      return out;
    }
    // Over several shards a match spy sees each shard's own docids, not the Database's (whose
    // facet columns are laid out by), and a remote shard runs no spy of ours: the match set's
    // docids are counted instead.
    enquire.set_query(builder.build(plan, unfiltered, words).query);
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    for (auto it = all.begin(); it != all.end(); ++it) counter.count(*it);
    return out;
  }

  // The page [first, first + size) of `enquire`'s query (its order and counting spy set) and the
  // other-language versions of its best matches (parallel_versions.h), which BuiltQuery left out
  // (versions_left): one ranked pass, exhaustive for the spy, gives the best too, where a query
  // holding the versions needs a match for the best first. The versions that gain are ranked in
  // with the score they would have in that query (their own weight plus VersionLift::extra) and
  // those that are no match counted. Exact: a paragraph neither among the first
  // max(best, first + size) nor a version scores at most the last of those, which come before it.
  // `matched` builds the query afresh (posting sources keep state), `with_versions` builds it with
  // the versions given (QueryBuilder::build_with_versions): their scores are those it gives them.
  // With facet filters (`filtered`, a spy added to `enquire` with `counter`), `enquire`'s query is
  // without them: its first are the best, and the page is ranked from the matches that pass them.
  // `scores`: own_plus_lift when the versions join the query as the one other branch of an OR with
  // the words, without facet filters (BuiltQuery::versions_add_to_words): a version's score is then
  // its own weight plus its lift, exactly, with no match of the query with the versions.
  enum class LiftScores { by_match, own_plus_lift };
  std::vector<RankedHit> page_with_versions(Xapian::Enquire& enquire, Xapian::doccount first, std::size_t size,
                                            FacetCounter& counter, const BestRanked* filtered, const std::function<Xapian::Query()>& matched,
                                            const std::function<Xapian::Query(const Xapian::Query&)>& with_versions, LiftScores scores) {
    const ParallelVersionOptions options;
    // The pass's own weights of the versions that match but are not among the best.
    MatchWeights seen;
    enquire.add_matchspy(&seen);
    // Filtered, the spy keeps the page's candidates: the pass's own ranking gives the best only.
    const std::size_t wanted = filtered != nullptr ? options.best : std::max<std::size_t>(options.best, first + size);
    BestRanked ranking(nullptr, wanted);
    enquire.add_matchspy(&ranking);
    enquire.set_sort_by_relevance();  // ranked by the spy (BestRanked)
    enquire.get_mset(0, 0, db.get_doccount());
    std::vector<RankedParagraph> listed = ranking.ranked();  // the page's candidates, in the ranking's order
    const std::vector<RankedParagraph> best(listed.begin(), listed.begin() + static_cast<std::ptrdiff_t>(std::min(listed.size(), options.best)));
    if (filtered != nullptr) listed = filtered->ranked();
    const CounterpartColumn* column = columns->counterparts();
    const std::vector<VersionLift> lifts = version_lifts(db, best, matched, analyzer.languages(), options, column, &seen);
    for (const VersionLift& lift : lifts) {
      if (!lift.own) counter.count(lift.docid);
    }
    // The versions with their scores (those that pass the facet filters), in the ranking's order,
    // merged into the candidates they leave.
    // A version that is no match of its own scores exactly its lift there (the versions' posting
    // source alone matches it; the facet filters add nothing): only those with an own weight,
    // where the sum's order is Xapian's, need a match of the query with the versions.
    std::vector<RankedParagraph> lifted;
    std::vector<VersionLift> own_lifts;
    const bool own_plus_lift = scores == LiftScores::own_plus_lift && filtered == nullptr && column != nullptr;
    for (const VersionLift& lift : lifts) {
      if (lift.own && own_plus_lift) {
        lifted.push_back({lift.id, *lift.own + lift.extra, lift.docid});
      } else if (lift.own) {
        own_lifts.push_back(lift);
      } else if (counter.passes(lift.docid)) {
        lifted.push_back({lift.id, lift.extra, lift.docid});
      }
    }
    if (!own_lifts.empty()) {
      for (RankedParagraph& r : lifted_weights(db, own_lifts, with_versions(lifts_query(lifts, column)), column)) lifted.push_back(std::move(r));
    }
    std::sort(lifted.begin(), lifted.end(), ranks_before);
    std::set<Xapian::docid> moved;
    for (const RankedParagraph& l : lifted) moved.insert(l.docid);
    auto before = [&](const RankedParagraph& version, std::size_t at) { return ranks_before(version, listed[at]); };
    std::vector<RankedHit> out;
    std::size_t at = 0, next = 0, rank = 0;
    while (rank < first + size) {
      while (at < listed.size() && moved.count(listed[at].docid)) ++at;
      const bool from_versions = next < lifted.size() && (at == listed.size() || before(lifted[next], at));
      if (!from_versions && at == listed.size()) break;
      if (rank++ < first) {
        from_versions ? ++next : ++at;
        continue;
      }
      if (from_versions) {
        out.push_back({lifted[next].docid, lifted[next].weight, db.get_document(lifted[next].docid)});
        ++next;
      } else {
        const RankedParagraph& r = listed[at];
        out.push_back({r.docid, r.weight, db.get_document(r.docid)});
        ++at;
      }
    }
    return out;
  }

  // How many paragraphs match `plan`'s words without its typed filters nor the request's ranges
  // (the facet filters are the counter's: its matched() says it); nullopt when the plan and the
  // request have neither, or no words.
  std::optional<std::size_t> words_alone_matches(QueryBuilder& builder, const QueryPlan& plan, const SearchRequest& request) {
    QueryPlan words = plan;
    std::erase_if(words.root.children, [](const QueryNode& c) { return c.kind == QueryNode::Kind::filter; });
    if (words.empty() || (words.root.children.size() == plan.root.children.size() && !request.sessions && !request.dates)) {
      return std::nullopt;
    }
    SearchRequest bare = request;
    bare.filters.clear();
    bare.sessions.reset();
    bare.dates.reset();
    Xapian::Enquire enquire(db);
    enquire.set_query(builder.build(words, bare).query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
  }

  // A counter applying the request's facet filters (see FacetCounter).
  std::unique_ptr<FacetCounter> facet_counter(const SearchRequest& request) const {
    std::vector<std::vector<FacetColumns::Code>> selected(schema::kFacets.size());
    std::vector<bool> filtered(schema::kFacets.size(), false);
    for (const auto& [name, values] : request.filters) {
      const schema::FacetField* f = schema::facet(name);
      if (f == nullptr) throw bad_query("unknown filter \"" + name + "\"");
      if (values.empty()) continue;
      const auto i = static_cast<std::size_t>(f - schema::kFacets.data());
      filtered[i] = true;
      for (const std::string& v : values) {
        for (FacetColumns::Code c : columns->codes_of(i, validated_filter_value(name, v))) selected[i].push_back(c);
      }
    }
    return std::make_unique<FacetCounter>(*columns, std::move(selected), std::move(filtered));
  }

  // The records of a page's hits, in its order: the documents read, else (the paragraph ids came
  // as the match's collapse keys, over remote shards) by one pass for them all (record_pass.h).
  std::vector<ParagraphRecord> page_records(const std::vector<RankedHit>& page) const {
    std::vector<Xapian::Query> terms;
    for (const RankedHit& hit : page) {
      if (!hit.document) terms.emplace_back(std::string(schema::kParagraphIdPrefix) + hit.paragraph_id);
    }
    std::map<std::string, ParagraphRecord> by_id;
    if (!terms.empty()) {
      for (const std::string& json : records_matching(db, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                                      static_cast<Xapian::doccount>(terms.size()))) {
        ParagraphRecord p = nlohmann::json::parse(json).get<ParagraphRecord>();
        by_id.emplace(p.id, std::move(p));
      }
    }
    std::vector<ParagraphRecord> out;
    for (const RankedHit& hit : page) {
      if (hit.document) {
        out.push_back(paragraph_record(*hit.document));
        continue;
      }
      auto found = by_id.find(hit.paragraph_id);
      // Gone between the two passes (a revision committed meanwhile): read as before.
      out.push_back(found != by_id.end() ? std::move(found->second) : paragraph_record(db.get_document(hit.docid)));
    }
    return out;
  }

  // The paragraphs of `document_id` in reading order; empty for an unknown document.
  std::vector<ParagraphRecord> paragraphs_of(const std::string& document_id) const {
    std::vector<ParagraphRecord> out;
    const std::string term = std::string(schema::kDocumentIdPrefix) + document_id;
    for (const std::string& json : records_matching(db, Xapian::Query(term), db.get_doccount())) {
      out.push_back(nlohmann::json::parse(json).get<ParagraphRecord>());
    }
    std::sort(out.begin(), out.end(), [](const ParagraphRecord& a, const ParagraphRecord& b) { return a.seq < b.seq; });
    return out;
  }

  // The other language version of `doc` (parallel_versions.h, the one rule), when the index has it.
  // Remembered per Searcher (one revision), as records are: a lookup is a round trip per remote shard.
  std::optional<std::string> counterpart_document(const DocumentRecord& doc) {
    if (auto known = counterpart_documents.find(doc.id); known != counterpart_documents.end()) return known->second;
    read_counterpart_documents({doc.id});
    return counterpart_documents.at(doc.id);
  }

  // The other-language versions of the documents `ids` not yet looked up, by one pass over every
  // candidate name (counterpart_document_names: the one rule, in the order preferred).
  void read_counterpart_documents(const std::set<std::string>& ids) {
    std::map<std::string, std::vector<std::string>> candidates;
    std::vector<std::string> terms;
    for (const std::string& id : ids) {
      if (counterpart_documents.contains(id)) continue;
      candidates[id] = counterpart_document_names(id, analyzer.languages());
      for (const std::string& c : candidates[id]) terms.push_back(std::string(schema::kDocumentIdPrefix) + c);
    }
    if (candidates.empty()) return;
    const std::set<std::string> held = values_held(db, terms, schema::kDocumentSlot);
    for (const auto& [id, names] : candidates) {
      std::optional<std::string> found;
      for (const std::string& name : names) {
        if (held.contains(name)) {
          found = name;
          break;
        }
      }
      counterpart_documents.emplace(id, found);
    }
  }

  // The paragraph with the same anchor in the counterpart document, when there is one.
  std::optional<std::string> counterpart_paragraph(const ParagraphRecord& p, const std::optional<std::string>& other_doc) {
    if (!other_doc) return std::nullopt;
    std::string id = counterpart_paragraph_name(*other_doc, p.id);
    auto held = paragraphs_held.find(id);
    if (held == paragraphs_held.end()) {
      read_paragraphs_held({id});
      held = paragraphs_held.find(id);
    }
    if (!held->second) return std::nullopt;
    return id;
  }

  std::string body_label(const std::string& body, const std::string& ui) const {
    return body.empty() ? "" : label("body", body, ui);
  }

  // The page's order. By date: newest first, a date's documents by id, each document's
  // paragraphs in reading order (schema::kDateOrderSlot: one key, unique per paragraph, so pages,
  // exports and feeds list alike in every layout; equal dates followed docids, which one index and
  // its shards number differently and an incremental run changes). By relevance: equal scores in
  // reading order (document id, then docid, which within one document follows the paragraphs'
  // order in every shard). The document id comes from the revision's column (DocumentOrderKey:
  // the same order without a value read per match) on one local index, else from its value slot:
  // the remote backend takes no KeyMaker (MultiValueKeyMaker included). `enquire` must not
  // outlive this Searcher's columns.
  void order(Xapian::Enquire& enquire, const SearchRequest& request) const {
    if (request.sort == SortOrder::date) {
      enquire.set_sort_by_value(schema::kDateOrderSlot, false);
    } else if (const DocumentOrderKey* key = columns->document_order()) {
      // Xapian takes a non-const KeyMaker but only calls its const operator(); it counts no
      // reference to a KeyMaker never release()d, so the columns' one is shared read-only.
      enquire.set_sort_by_relevance_then_key(const_cast<DocumentOrderKey*>(key), false);
    } else {
      enquire.set_sort_by_relevance_then_value(schema::kDocumentSlot, false);
    }
  }

  // A paragraph or document the shards that answer do not hold: "no such" only when every shard
  // answered; else it may be on a missing shard, and a 404 would tell the user (and a bookmark)
  // that it does not exist (QA finding F11 of issue 11).
  SearchError not_found_here(const std::string& what, const std::string& id) const {
    if (missing_shards.empty()) return not_found("no " + what + " with id \"" + id + "\"");
    std::string shards;
    for (const std::string& m : missing_shards) shards += (shards.empty() ? "" : ", ") + m;
    return SearchError(SearchError::Code::shard_unavailable,
                       "the " + what + " \"" + id + "\" is not on the shards that answer; it may be on the index's shard " +
                           shards + ", which cannot be reached: try again later");
  }

  const DomainData& domain;
  Analyzer analyzer;
  CrossLanguage cross_language;
  ReferenceFinder references;
  SubjectFinder subject_finder;
  SubjectQuery subject_query;
  SnippetTerms snippet_terms{analyzer};
  std::filesystem::path path;
  std::vector<std::string> missing_shards;  // stub lines left out (ShardFailure::answer_partially)
  std::vector<Xapian::Database> shards;     // a stub's shards opened, one Database each (they share db's)
  Xapian::Database db;
  std::chrono::steady_clock::time_point opened_at;
  // One local Glass index: FacetCounter runs as a match spy (see count()).
  bool counts_by_match_spy = false;
  bool reads_remote_shards = false;  // see Searcher::reads_remote_shards()
  FacetColumns::Source column_source = FacetColumns::Source::value_streams;
  std::shared_ptr<const FacetColumns> columns;  // of db's revision
  bool ahead_of_columns = false;                // see reopen()
  std::optional<IndexedPhrases> phrases;        // of db; unset: SearcherOptions::HeldPhrases::by_positions
  std::shared_ptr<ResultCache> cache;           // may be null
  std::shared_ptr<SpellingCopies> spelling_copies;  // over shards only
  std::optional<Xapian::Database> spelling;        // the copy of spelling_revision
  std::string spelling_revision;
  std::map<std::string, DocumentRecord> documents;  // cache; documents change only on reopen
  std::map<std::string, std::vector<std::string>> targets;  // see citation_targets()
  std::map<std::string, std::optional<std::string>> counterpart_documents;  // see counterpart_document()
  std::map<std::string, bool> paragraphs_held;  // paragraph id -> whether the index holds it (counterparts)
  std::map<std::string, std::map<std::string, std::size_t>> preamble_ordinals;  // document -> anchor -> ordinal
  mutable std::optional<IndexStats> stats;  // see Searcher::stats()
  static constexpr Xapian::doccount kMaxCitedBy = 500;
};

Searcher::Searcher(const std::filesystem::path& db, const DomainData& domain, const AnalysisOptions& analysis,
                   const SearcherOptions& options)
    : impl_(std::make_unique<Impl>(db, domain, analysis, options)) {}


const std::string& Searcher::revision() const { return impl_->columns->identity(); }

const std::vector<std::string>& Searcher::missing_shards() const { return impl_->missing_shards; }

bool Searcher::reads_remote_shards() const { return impl_->reads_remote_shards; }

std::chrono::steady_clock::time_point Searcher::opened_at() const { return impl_->opened_at; }

SearchError shard_unavailable(const std::string& shard, const Xapian::Error& e) {
  return SearchError(SearchError::Code::shard_unavailable,
                     "the index's shard " + shard + " cannot be reached; answers need every shard: try again later", e.get_msg());
}

SearchError shard_unavailable(const Xapian::Error& e) { return shard_unavailable(shard_name(e), e); }

bool Searcher::reopen(const SearcherOptions& options) {
  Impl& s = *impl_;
  // Called before every request: Xapian says cheaply whether any shard has a new revision; the
  // identity (metadata, counts: a round trip per remote shard) is read only then.
  // A reopen that threw left the database ahead of its columns: the next one catches them up even
  // if no commit came since.
  if (!s.db.reopen() && !s.ahead_of_columns) return false;
  s.ahead_of_columns = true;
  const std::string now = FacetColumns::identity_of(s.db);
  if (now == s.columns->identity()) {
    s.ahead_of_columns = false;
    return false;
  }
  check_settings(s.db, s.analyzer, s.path);
  if (s.phrases) s.phrases = Impl::held_phrases(s.db);
  s.columns = s.columns_of(now, options);
  s.ahead_of_columns = false;
  s.cache = options.cache;
  s.documents.clear();
  s.targets.clear();
  s.counterpart_documents.clear();
  s.paragraphs_held.clear();
  s.preamble_ordinals.clear();
  s.stats.reset();
  return true;
}

Searcher::~Searcher() = default;

SearchResult Searcher::search(const SearchRequest& original) {
  const auto start = std::chrono::steady_clock::now();
  validate(original);
  // lang=all is the default made explicit: no language filter.
  SearchRequest request = original;
  if (auto lang = request.filters.find("lang"); lang != request.filters.end()) {
    if (std::any_of(lang->second.begin(), lang->second.end(), [](const std::string& v) { return casefold(v) == "all"; })) {
      request.filters.erase(lang);
    }
  }
  // A subject is its id, however typed (TECHNICAL_ASSISTANCE, a trailing or zero-width space): the
  // answer echoes the id, once, so the page shows one chip with the subject's label.
  if (auto subject = request.filters.find("subject"); subject != request.filters.end()) {
    std::vector<std::string> ids;
    for (const std::string& v : subject->second) {
      if (std::string id = validated_filter_value("subject", v); std::find(ids.begin(), ids.end(), id) == ids.end()) {
        ids.push_back(std::move(id));
      }
    }
    subject->second = std::move(ids);
  }
  Impl& s = *impl_;
  ResultCache* cache = request.cache == CachePolicy::use ? s.cache.get() : nullptr;
  const std::string cache_key = cache != nullptr ? ResultCache::key(s.columns->identity(), request) : std::string();
  if (cache != nullptr) {
    if (std::optional<SearchResult> cached = cache->find(cache_key)) {
      cached->took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      return std::move(*cached);
    }
  }
  // "recomendaciones sobre X": the kind becomes a filter and X the words (subject_query.h, on the
  // parsed plan); the answer echoes the request as it came.
  const SearchRequest asked = request;
  QueryBuilder builder(s.analyzer, s.db,
                       {&s.cross_language, &s.references, &s.subject_query,
                        [&s](const std::string& word) { return s.spelling_suggestion(word); },
                        s.phrases ? &*s.phrases : nullptr, s.counts_by_match_spy ? s.columns.get() : nullptr});
  QueryPlan plan = builder.plan(request);
  if (const SubjectReading intent = s.subject_query.read(plan); !intent.kind.empty()) {
    request = with_reading(request, intent);
    plan = builder.plan(request);
  }
  QueryBuilder::Words words = QueryBuilder::Words::all;

  const auto first = static_cast<Xapian::doccount>((request.page - 1) * request.size);
  const bool grouped = request.group == Grouping::documents;
  // Ranking stage: only the page asked for; the total and the facets come from the counting pass.
  // Without facet filters the set counted is the set ranked: one pass ranks the page and, as a
  // match spy over every match, counts (a phrase is checked once, not twice). With filters, the
  // counting pass runs without them (disjunctive counts) and the ranking pass asks only for the
  // page, with them. Grouped by document, the page is of documents (Xapian collapses on the
  // document slot), which a match spy would not see whole: counting is then a pass of its own; so
  // it is over several shards (see count()).
  const bool one_pass = !grouped && s.counts_by_match_spy && std::all_of(request.filters.begin(), request.filters.end(),
                                                [](const auto& f) { return f.second.empty(); });
  // One local index ranking by relevance, crosslang: the best matches whose other-language versions
  // join the match set are the first of that counting pass, when only facet filters (which it
  // counts without) narrow the words (BuiltQuery::versions_left), and the versions are ranked in
  // after it (page_with_versions): filtered, its spy keeps the page of those that pass.
  const bool filtered = !one_pass;
  const bool typed_filter = std::any_of(plan.root.children.begin(), plan.root.children.end(),
                                        [](const QueryNode& c) { return c.kind == QueryNode::Kind::filter; });
  const bool versions_by_pass = !grouped && s.counts_by_match_spy && request.sort == SortOrder::relevance && !request.sessions &&
                                !request.dates && request.document.empty() && !typed_filter;
  // The paragraphs holding the words, when the subjects they name add others (all_words_total):
  // counted by the first pass itself on one local index (branch_count.h), the words' branch of its
  // query marked (BuiltQuery::words_marked), rather than by a match of the words alone. In one
  // pass the query run is `built`'s own. Not with facet filters: the pass then runs without them
  // and its mark would meet every paragraph holding the words, where a match of the words with the
  // filters may meet few ("recomendaciones sobre X" filters on kind=recommendation; measured,
  // the mark cost more there than the match it saved).
  const bool facet_filtered = std::any_of(request.filters.begin(), request.filters.end(), [](const auto& f) { return !f.second.empty(); });
  BranchCount words_seen;
  const WordsMark mark_words{&words_seen, BranchCount::Weights::computed};
  BuiltQuery built = builder.build(plan, request, words, versions_by_pass ? QueryBuilder::Versions::by_caller : QueryBuilder::Versions::in_query,
                                   one_pass ? mark_words : WordsMark{});
  // Grouped by document, each document's matches (the page's "N in this document"), counted by the
  // counting pass on one local index.
  DocumentCounts per_document;
  struct Pass {
    std::unique_ptr<FacetCounter> counter;
    std::optional<std::vector<RankedHit>> page;
    bool words_seen = false;      // `also.words` counted the words' matches of this pass
    bool documents_seen = false;  // `also.documents` counted its matches per document
  };
  // `marked`: `ranked` is marked for `also.words` (one pass); `also`: what the pass counts besides.
  auto run = [&](const Xapian::Query& ranked, QueryBuilder::Words w, bool versions_left, bool marked, AlsoCounted also) {
    BranchCount* words_count = also.words;
    Pass pass;
    Xapian::Enquire enquire(s.db);
    enquire.set_query(ranked);
    s.order(enquire, request);
    if (versions_by_pass && versions_left) {
      SearchRequest unfiltered = request;
      unfiltered.filters.clear();
      auto counted = [&] { return builder.build(plan, unfiltered, w, QueryBuilder::Versions::by_caller).query; };
      const BuiltQuery counting = builder.build(plan, unfiltered, w, QueryBuilder::Versions::by_caller,
                                                words_count != nullptr ? WordsMark{words_count, BranchCount::Weights::computed} : WordsMark{});
      enquire.set_query(counting.query);
      pass.counter = s.facet_counter(request);
      enquire.add_matchspy(pass.counter.get());
      if (counting.words_marked) {
        words_count->count_only([&counter = *pass.counter](Xapian::docid d) { return counter.passes(d); });
        enquire.add_matchspy(words_count);
        pass.words_seen = true;
      }
      std::optional<BestRanked> page_spy;
      if (filtered) {
        page_spy.emplace(pass.counter.get(), first + request.size);
        enquire.add_matchspy(&*page_spy);
      }
      pass.page = s.page_with_versions(enquire, first, request.size, *pass.counter, page_spy ? &*page_spy : nullptr, counted,
                                       [&](const Xapian::Query& versions) { return builder.build_with_versions(plan, request, w, versions).query; },
                                       counting.versions_add_to_words ? Impl::LiftScores::own_plus_lift : Impl::LiftScores::by_match);
    } else if (one_pass) {
      pass.counter = s.facet_counter(request);
      enquire.add_matchspy(pass.counter.get());
      if (marked && words_count != nullptr) {
        enquire.add_matchspy(words_count);
        pass.words_seen = true;
      }
      pass.page = request.sort == SortOrder::relevance
                      ? page_by_spy(enquire, s.db, first, request.size)
                      : hits_of(enquire.get_mset(first, static_cast<Xapian::doccount>(request.size), s.db.get_doccount()));
    } else {
      CountingPass counted = s.count(builder, plan, request, w, also);
      pass.counter = std::move(counted.counter);
      pass.words_seen = counted.words_seen;
      pass.documents_seen = counted.documents_seen;
    }
    return pass;
  };
  Pass pass = run(built.query, words, built.versions_left, built.words_marked,
                  {facet_filtered ? nullptr : &words_seen, grouped ? &per_document : nullptr});
  Xapian::Query ranked = built.query;
  // Full matches: paragraphs holding every word, and those found through the subjects the words
  // name. Whether partial ones are added is decided on the words alone, before any filter narrows
  // them — from the sidebar, typed in the query ("kind:operative …", as the sidebar's) or a range:
  // choosing a facet value then finds exactly the count the facet showed, relaxed or not, and a
  // filter typed or chosen gives the same answer.
  const std::size_t full_matched = s.words_alone_matches(builder, plan, request).value_or(pass.counter->matched());
  const std::size_t full_total = pass.counter->total();
  std::size_t all_words_total = full_total;
  if (built.reading.read() && pass.words_seen) {
    all_words_total = words_seen.count();
  } else if (built.reading.read()) {
    Xapian::Enquire words_only(s.db);
    words_only.set_query(built.words_query);
    words_only.set_weighting_scheme(Xapian::BoolWeight());
    all_words_total = words_only.get_mset(0, 0, s.db.get_doccount()).get_matches_estimated();
  }
  // Few paragraphs hold every word: those holding some of them follow, below every full match.
  // Not within one document: "show all N in this document" shows exactly the N that matched.
  if (full_matched < kRelaxBelow && !plan.empty() && request.document.empty()) {
    BuiltQuery some = builder.build(plan, request, QueryBuilder::Words::any);
    // Built afresh: a query already run once is not run again (its posting sources keep state).
    const Xapian::Query combined(Xapian::Query::OP_OR,
                                 Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, builder.build(plan, request).query, kAllWordsBoost),
                                 some.query);
    Pass relaxed = run(combined, QueryBuilder::Words::any, false, false, {});
    if (relaxed.counter->matched() > pass.counter->matched()) {  // it added some
      pass = std::move(relaxed);
      ranked = combined;
      some.correction = built.correction;
      built = std::move(some);
      words = QueryBuilder::Words::any;
    }
  }
  std::unique_ptr<FacetCounter>& counter = pass.counter;
  if (!pass.page) {
    Xapian::Enquire enquire(s.db);
    enquire.set_query(ranked);
    s.order(enquire, request);
    if (grouped) enquire.set_collapse_key(schema::kDocumentSlot);
    // Over remote shards the page's paragraph ids come with the match, and their records by one
    // pass (record_pass.h), not a document read per hit.
    if (!grouped && s.reads_remote_shards) enquire.set_collapse_key(schema::kParagraphIdSlot);
    // Every match visited (check_at_least), not Xapian's early termination: Xapian 1.4.22's
    // pruning leaves a match out of the page, on one index as over shards. A tester of issue 10
    // found the 5th best paragraph of "aumento OR banibaismo" with body=COP missing from a page of
    // 20 (there in a page of 100; the same query replayed in Xapian alone does it), and a
    // document missing from a grouped page; over local shards it also lowered scores. The
    // counting pass visits every match anyway.
    const Xapian::doccount check = s.db.get_doccount();
    pass.page = hits_of(enquire.get_mset(first, static_cast<Xapian::doccount>(request.size), check), !grouped && s.reads_remote_shards);
  }
  const std::vector<RankedHit>& page = *pass.page;

  SearchResult result;
  result.missing_shards = s.missing_shards;
  result.request = asked;
  result.total = counter->total();
  std::map<std::string, std::size_t> matches_per_document;
  if (grouped && pass.documents_seen) {  // the first pass's, every word required
    matches_per_document = per_document.counts();
    result.documents_total = matches_per_document.size();
  } else if (grouped) {
    // Each document's matching paragraphs, counted over every match of the query ranked.
    // Built afresh, as the relaxed pass does: a query is not run twice (posting sources keep state).
    Xapian::Query counted = builder.build(plan, request).query;
    if (words == QueryBuilder::Words::any) {
      counted = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, counted, kAllWordsBoost),
                              builder.build(plan, request, QueryBuilder::Words::any).query);
    }
    Xapian::ValueCountMatchSpy values(schema::kDocumentSlot);
    Xapian::Enquire enquire(s.db);
    enquire.set_query(counted);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&values);
    enquire.get_mset(0, 0, s.db.get_doccount());
    for (auto v = values.values_begin(); v != values.values_end(); ++v) matches_per_document[*v] = v.get_termfreq();
    result.documents_total = matches_per_document.size();
  }
  std::vector<ParagraphRecord> rows = s.page_records(page);
  s.read_for_rows(rows);
  std::size_t row = 0;
  for (const RankedHit& ranked_hit : page) {
    SearchHit hit;
    hit.paragraph = std::move(rows[row++]);
    hit.document = s.document(hit.paragraph.doc);
    hit.body_label = s.body_label(hit.paragraph.body, request.ui_lang);
    const std::string lang = s.analyzer.supports(hit.document.lang) ? hit.document.lang : s.analyzer.languages().front();
    // Each language's own highlight: "de" is a Spanish stopword but an English query word.
    hit.snippet = make_snippet(hit.paragraph.text, lang, built.highlight[lang], s.snippet_terms);
    hit.score = ranked_hit.weight;
    hit.counterpart = s.counterpart_paragraph(hit.paragraph, s.counterpart_document(hit.document));
    hit.citations = s.citation_views(hit.paragraph.citations, hit.document.lang, request.ui_lang);
    if (grouped) hit.document_matches = matches_per_document[hit.paragraph.doc];
    hit.citation = s.citation(hit.paragraph, hit.document);
    hit.designation = document_designation(hit.document, s.domain);
    hit.subjects = s.subject_views(hit.paragraph.subjects, request.ui_lang);
    result.hits.push_back(std::move(hit));
  }
  result.all_words = words == QueryBuilder::Words::all;
  result.all_words_total = all_words_total;
  result.facets = s.facet_counts(*counter, request);
  if ((result.total == 0 || !result.all_words) && built.correction && *built.correction != request.query) {
    result.suggestion = built.correction;
  }
  if (built.reading.read()) {
    QueryReading reading{request.filters.count("kind") && !asked.filters.count("kind") ? request.filters.at("kind").front() : "",
                         {}, {}, request.query};
    if (!reading.kind.empty()) reading.kind_label = s.label("kind", reading.kind, request.ui_lang);
    for (const std::string& id : built.reading.subjects) reading.subjects.push_back({id, s.label("subject", id, request.ui_lang), ""});
    // Several subjects, and the relaxed pass added paragraphs on one of them: say so.
    reading.all_subjects = result.all_words || built.reading.subjects.size() < 2;
    reading.all_subjects_total = full_total;
    // "Recommendations on X" and there are none: the search without the kind read, as the page
    // links it (the words after the opening phrase, the other filters kept), counted exactly.
    if (result.total == 0 && !reading.kind.empty()) {
      SearchRequest without = asked;
      without.query = request.query;
      without.page = 1;
      without.size = 1;
      reading.without_kind = QueryReading::WithoutKind{without.query, search(without).total};
    }
    result.reading = std::move(reading);
  }
  result.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (cache != nullptr) cache->insert(cache_key, result);
  return result;
}

ParagraphView Searcher::paragraph(const std::string& paragraph_id, const std::string& ui_lang) {
  validate_ui(ui_lang);
  Impl& s = *impl_;
  const std::string term = std::string(schema::kParagraphIdPrefix) + paragraph_id;
  auto posting = s.db.postlist_begin(term);
  if (posting == s.db.postlist_end(term)) throw s.not_found_here("paragraph", paragraph_id);
  ParagraphView view;
  view.hit.paragraph = paragraph_record(s.db.get_document(*posting));
  view.hit.document = s.document(view.hit.paragraph.doc);
  view.hit.body_label = s.body_label(view.hit.paragraph.body, ui_lang);
  view.hit.snippet = html_escape(view.hit.paragraph.text);
  view.document_body_label = s.body_label(view.hit.document.body, ui_lang);
  view.hit.counterpart = s.counterpart_paragraph(view.hit.paragraph, s.counterpart_document(view.hit.document));
  view.hit.citations = s.citation_views(view.hit.paragraph.citations, view.hit.document.lang, ui_lang);
  view.hit.citation = s.citation(view.hit.paragraph, view.hit.document);
  view.hit.subjects = s.subject_views(view.hit.paragraph.subjects, ui_lang);
  const std::vector<ParagraphRecord> siblings = s.paragraphs_of(view.hit.paragraph.doc);
  for (std::size_t i = 0; i < siblings.size(); ++i) {
    if (siblings[i].id != paragraph_id) continue;
    if (i > 0) view.prev = siblings[i - 1].id;
    if (i + 1 < siblings.size()) view.next = siblings[i + 1].id;
  }
  return view;
}

DocumentView Searcher::document(const std::string& document_id, const std::string& ui_lang) {
  validate_ui(ui_lang);
  Impl& s = *impl_;
  DocumentView view;
  std::vector<ParagraphRecord> paragraphs = s.paragraphs_of(document_id);
  if (paragraphs.empty()) throw s.not_found_here("document", document_id);
  s.preamble_ordinals.emplace(document_id, Impl::ordinals_of(paragraphs));
  s.read_for_rows(paragraphs);
  view.document = s.document(document_id);
  view.counterpart = s.counterpart_document(view.document);
  for (ParagraphRecord& p : paragraphs) {
    std::optional<std::string> other = s.counterpart_paragraph(p, view.counterpart);
    std::vector<CitationView> citations = s.citation_views(p.citations, view.document.lang, ui_lang);
    std::string citation = s.citation(p, view.document);
    view.paragraphs.push_back({std::move(p), std::move(other), std::move(citations), std::move(citation)});
  }
  view.cited_by = s.cited_by(view.document);
  view.body_label = s.body_label(view.document.body, ui_lang);
  return view;
}

std::vector<Suggestion> Searcher::suggest(std::string_view prefix) const {
  return palermo::suggest(impl_->db, impl_->domain, prefix);
}

IndexStats Searcher::stats() const {
  const Impl& s = *impl_;
  // Counted once per Searcher (one revision): walking every document's key costs ~40 ms at
  // 200,000 paragraphs, too much for each /api/health.
  if (!s.stats) {
    IndexStats stats;
    stats.documents = document_count(s.db);
    stats.paragraphs = paragraph_count(s.db);
    stats.revision = index_revision(s.db);
    s.stats = stats;
  }
  return *s.stats;
}

}  // namespace palermo
