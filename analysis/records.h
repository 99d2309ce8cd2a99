// What the index stores for display, defined once for the indexer (writer) and searcher (reader):
// a ParagraphRecord as each paragraph's Xapian document data, a DocumentRecord once per document
// as the data of a record document of its own (schema::kRecordTerm), so that document-wide fields
// are stored once, not per paragraph, and are found in every shard of a sharded index.
#pragma once

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <map>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace palermo {

struct AgendaEntry {
  int item = 0;
  std::string title;
  std::string sub_item;  // "b" for "Item 2 (b)"; empty for a whole item
};

struct DocumentRecord {
  std::string id;             // "resolution-6-4.es"
  std::string file;           // corpus-relative path
  std::string lang;
  std::string original_lang;
  std::string symbol;
  std::string title;
  std::string type;
  std::string number;
  std::string date;           // ISO, or empty
  std::optional<int> session;
  std::optional<int> year;
  std::string place;
  std::string session_start;
  std::string session_end;
  std::vector<AgendaEntry> agenda;
  std::string agenda_symbol;
  std::string body;
  std::size_t paragraphs = 0;
  bool unofficial_translation = false;  // a working translation: never cited as the UN's text
};

// A reference a paragraph makes (found by references/ReferenceFinder).
struct Citation {
  std::string kind;    // "resolution", "decision", "article", "symbol"
  std::string issuer;  // resolutions and decisions: "cop", "ga"...; articles: "convention", "trafficking"...
  std::string value;   // what `cites:` filters on: "7/1", "A/RES/61/144", "S/RES/2331(2016)",
                       // "CTOC/COP/WG.4/2023/5", "trafficking/art.3"
  bool operator==(const Citation&) const = default;
};

// A subject of the paragraph (domain/subjects.tsv) and where it came from: "own" (its words),
// "lead_in", "heading", "body" (of its section), "title" (of its document); strongest first.
struct SubjectAssignment {
  std::string id;
  std::string source;
  bool operator==(const SubjectAssignment&) const = default;
};

struct ParagraphRecord {
  std::string id;              // "<document id>:<anchor>"
  std::string doc;
  std::string anchor;
  std::string label;
  std::string kind;
  std::string text;
  std::vector<std::string> section;
  std::string verb;
  std::string verb_text;
  std::string body;
  std::vector<std::string> footnotes;
  std::vector<std::string> cited_by;   // labels of the paragraphs citing this footnote
  std::vector<std::string> protocols;  // the Convention and Protocols mentioned: "convention", "trafficking"
  std::vector<Citation> citations;
  std::vector<SubjectAssignment> subjects;  // each once, with its strongest source
  std::size_t seq = 0;         // position in the document, from 0
};

void to_json(nlohmann::json& j, const AgendaEntry& a);
void from_json(const nlohmann::json& j, AgendaEntry& a);
void to_json(nlohmann::json& j, const DocumentRecord& d);
void from_json(const nlohmann::json& j, DocumentRecord& d);
void to_json(nlohmann::json& j, const Citation& c);
void from_json(const nlohmann::json& j, Citation& c);
void to_json(nlohmann::json& j, const SubjectAssignment& s);
void from_json(const nlohmann::json& j, SubjectAssignment& s);
void to_json(nlohmann::json& j, const ParagraphRecord& p);
void from_json(const nlohmann::json& j, ParagraphRecord& p);

// The number a document is cited by ("6/4"): a resolution's or decision's; empty for any other
// type (cited by its symbol only). The indexer's record terms and the searcher's citation targets.
std::string citable_number(const std::string& type, const std::string& number);

// The record of document `document_id` ("resolution-6-4.es") in `db` (one index or several
// shards), or nullopt when the index has none. Throws Xapian::Error when the index cannot be read,
// nlohmann::json::exception when the stored record is damaged.
std::optional<DocumentRecord> find_document_record(const Xapian::Database& db, const std::string& document_id);

// Paragraphs and document records in `db`: every Xapian document is one or the other.
std::size_t paragraph_count(const Xapian::Database& db);
std::size_t document_count(const Xapian::Database& db);

// The index's revision counter (schema::kRevisionKey), raised by every commit of palermo-index; 0
// when unset. Of a Database made of shards, the first shard's (each commit writes it to all).
unsigned long long index_revision(const Xapian::Database& db);

// Names one committed state of one index: its uuid(s), revision counter, document count and last
// docid. Two readers with the same identity see the same paragraphs; a rebuilt index has a new
// uuid. Over shards the counter is the first shard's: palermo-index raises it in every shard.
std::string revision_identity(const Xapian::Database& db);

// A spelling table as one text value (schema::kSpellingKey): "word\tfrequency\n" per word, in
// Xapian's order. Words hold no tab or line end (they are the tokenizer's words).
std::string spelling_list(const Xapian::Database& db);
// Adds the words and frequencies of a spelling_list() value to `counts` (a malformed line is
// skipped: a damaged value costs suggestions, not searches).
void add_spelling_list(std::string_view list, std::map<std::string, Xapian::termcount>& counts);

std::string file_metadata_key(const std::string& relative_path);      // "file:<path>"
inline constexpr std::string_view kFileMetadataPrefix = "file:";

std::string paragraph_id(const std::string& document_id, const std::string& anchor);

}  // namespace palermo
