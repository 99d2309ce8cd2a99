// The index schema, defined once: term prefixes, value slots and the filterable fields.
// Indexer and searcher both use these names; nothing else spells a prefix or a slot number.
#pragma once

#include <xapian.h>

#include <array>
#include <string>
#include <string_view>

namespace palermo::schema {

// Text terms (see Analyzer for how a word becomes terms).
inline constexpr std::string_view kStemPrefix = "Z";   // folded stem, with positions: matching and phrases
inline constexpr std::string_view kExactPrefix = "E";  // case-folded word as written: ranks exact forms first
// Unprefixed terms: the word case- and accent-folded, no positions: wildcard expansion.
// A phrase held as a term of its own (analysis/indexed_phrases.h): the prefix, then its stems
// joined by spaces ("XPtrat de person"); boolean (wdf 0), in paragraphs where the stems occur at
// consecutive positions.
inline constexpr std::string_view kPhrasePrefix = "XP";

// Boolean terms that identify.
inline constexpr std::string_view kParagraphIdPrefix = "Q";
inline constexpr std::string_view kDocumentIdPrefix = "XD";
inline constexpr std::string_view kSymbolPrefix = "XS";  // the document's own symbol, case-folded
inline constexpr std::string_view kNumberPrefix = "XN";  // a resolution's or decision's own number: "6/4"
// A document's record (DocumentRecord) is a Xapian document of its own, not a paragraph: it holds
// kRecordTerm, kRecordIdPrefix + document id, and its number and symbol under kRecordNumberPrefix
// and kRecordSymbolPrefix (canonical_value), so that a Database made of several shards, local or
// remote, finds it (Xapian reads metadata from the first shard only). Paragraph queries that match
// everything exclude kRecordTerm.
inline constexpr std::string_view kRecordTerm = "XRT";
inline constexpr std::string_view kRecordIdPrefix = "XRI";
inline constexpr std::string_view kRecordNumberPrefix = "XRN";
inline constexpr std::string_view kRecordSymbolPrefix = "XRS";
// Length padding of a paragraph that is a few words of metadata (an agenda item's title): never
// searched, it only lengthens the paragraph for ranking.
inline constexpr std::string_view kLengthPaddingTerm = "XLPAD";

// Value slots that are not facets.
// "YYYYMMDD" or empty: sort by date and date ranges. The document's date, or for a document that
// states none (a resolution) the last day of its session (domain/sessions.tsv).
inline constexpr Xapian::valueno kDateSlot = 20;
// The paragraph's place when sorted by date (SortOrder::date), one key ascending: the date newest
// first (kDateSlot's digits each replaced by 9 minus it, then "~", so that an undated paragraph,
// "~" alone, comes last), then the document id, a NUL, and sortable_serialise(position in the
// document). Unique per paragraph, so the order is whole and the same in every layout (one index,
// local or remote shards), where equal dates once followed docids. One value slot, not a
// KeyMaker: Xapian 1.4's remote backend refuses every KeyMaker (MultiValueKeyMaker included).
inline constexpr Xapian::valueno kDateOrderSlot = 21;
inline constexpr Xapian::valueno kSessionSlot = 22;  // sortable_serialise(session number): session ranges
inline constexpr Xapian::valueno kDocumentSlot = 23;  // document id: results grouped by document (collapse key)
// The paragraph's id ("resolution-6-4.es:a-i"), as its kParagraphIdPrefix term holds it: read
// with the document (MSet::fetch gets a page of them in one round trip per remote shard), where
// the term would need the paragraph's termlist, a round trip each.
inline constexpr Xapian::valueno kParagraphIdSlot = 24;
// A paragraph's or a document's record (JSON, analysis/records.h), kept here and not as the
// document data: a match collapsing on it (each is unique, so nothing collapses) returns the
// records of a page, a document's paragraphs or its cited-by with the match, one round trip per
// remote shard, where reading each document costs a round trip (Xapian 1.4's remote backend does
// not pipeline MSet::fetch). ARCHITECTURE "Round trips per pass, not per item".
inline constexpr Xapian::valueno kRecordSlot = 25;

// A field that is both a filter (boolean term) and a facet (counted from kFacetSlot).
struct FacetField {
  std::string_view name;    // as in the API and the query language: "session"
  std::string_view prefix;  // boolean term prefix
  bool multi_valued;        // a paragraph may hold several values
};

inline constexpr std::array<FacetField, 11> kFacets{{
    {"session", "S", false},
    {"body", "B", false},
    {"agenda", "A", true},
    {"lang", "L", false},
    {"type", "T", false},
    {"kind", "K", false},
    {"protocol", "P", true},
    {"year", "Y", false},
    {"verb", "V", false},  // operative and recommendation paragraphs: canonical verb ("urges")
    {"cites", "C", true},  // what the paragraph cites: "7/1", "A/RES/70/1", "CTOC/COP/WG.4/2023/5"
    {"subject", "J", true},  // domain/subjects.tsv ids, own and inherited, with their broader subjects
}};

// Every facet's values of a paragraph, as stored (not canonical), packed into this one slot
// (analysis/facet_values.h: the layout, pack_facet_values, for_each_facet_value): what the facet
// columns count. One slot for all: each slot costs every paragraph at write time and in size.
inline constexpr Xapian::valueno kFacetSlot = 0;

// Boolean term per subject and source, for ranking: kSubjectSourcePrefix + source + ":" + id, e.g.
// "XJown:capacity_building", "XJbody:technical_assistance"; broader subjects included.
inline constexpr std::string_view kSubjectSourcePrefix = "XJ";

// Bump when the terms, slots or stored records the indexer writes change: indexes written by
// another version are refused (palermo-index --rebuild upgrades them).
inline constexpr int kSchemaVersion = 12;

// Index metadata: the revision counter, raised by every commit of palermo-index (written to every
// shard), so that readers of a single index or of shards tell revisions apart the same way.
inline constexpr std::string_view kRevisionKey = "palermo.revision";

// Index metadata of every shard: how many shards the index was written as (palermo-index checks
// it against its stub, the searcher against the stub it is given).
inline constexpr std::string_view kShardCountKey = "palermo.shards";

// Index metadata: the index's (or shard's) spelling words and their frequencies, a copy of its
// spelling table as one value (spelling_list in records.h). Xapian 1.4's remote backend cannot
// read a shard's spelling table, but reads metadata: the search machine builds its spelling
// corrections over remote shards from these (searcher/spelling_copy.h).
inline constexpr std::string_view kSpellingKey = "palermo.spelling";

// Index metadata of every shard: the phrases the index holds as terms (IndexedPhrases::metadata),
// chosen when the index was created and used by every later run and by the searcher.
inline constexpr std::string_view kPhrasesKey = "palermo.phrases";

// The facet named `name`, or nullptr.
const FacetField* facet(std::string_view name);

// Canonical value of a filter as stored: case-folded, surrounding space removed ("WG.4" -> "wg.4").
std::string canonical_value(std::string_view value);

// The boolean term for `value` of `field`: prefix + canonical_value(value).
std::string filter_term(const FacetField& field, std::string_view value);

}  // namespace palermo::schema
