#include "analysis/records.h"

#include <algorithm>
#include <charconv>

#include "analysis/schema.h"

namespace palermo {
namespace {

// Optional ints are stored as null, so a reader can tell "unknown" from 0.
template <class T>
void put_optional(nlohmann::json& j, const char* key, const std::optional<T>& v) {
  j[key] = v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
template <class T>
void get_optional(const nlohmann::json& j, const char* key, std::optional<T>& v) {
  auto it = j.find(key);
  v = (it == j.end() || it->is_null()) ? std::nullopt : std::optional<T>(it->get<T>());
}
template <class T>
void get_or_default(const nlohmann::json& j, const char* key, T& v) {
  auto it = j.find(key);
  v = (it == j.end() || it->is_null()) ? T{} : it->get<T>();
}

}  // namespace

void to_json(nlohmann::json& j, const AgendaEntry& a) { j = {{"item", a.item}, {"title", a.title}, {"sub_item", a.sub_item}}; }
void from_json(const nlohmann::json& j, AgendaEntry& a) {
  get_or_default(j, "item", a.item);
  get_or_default(j, "title", a.title);
  get_or_default(j, "sub_item", a.sub_item);
}

void to_json(nlohmann::json& j, const DocumentRecord& d) {
  j = {{"id", d.id},         {"file", d.file},       {"lang", d.lang},
       {"original_lang", d.original_lang},           {"symbol", d.symbol},
       {"title", d.title},   {"type", d.type},       {"number", d.number},
       {"date", d.date},     {"place", d.place},     {"session_start", d.session_start},
       {"session_end", d.session_end},               {"agenda", d.agenda},
       {"agenda_symbol", d.agenda_symbol},           {"body", d.body},
       {"paragraphs", d.paragraphs},                 {"unofficial_translation", d.unofficial_translation}};
  put_optional(j, "session", d.session);
  put_optional(j, "year", d.year);
}

void from_json(const nlohmann::json& j, DocumentRecord& d) {
  get_or_default(j, "id", d.id);
  get_or_default(j, "file", d.file);
  get_or_default(j, "lang", d.lang);
  get_or_default(j, "original_lang", d.original_lang);
  get_or_default(j, "symbol", d.symbol);
  get_or_default(j, "title", d.title);
  get_or_default(j, "type", d.type);
  get_or_default(j, "number", d.number);
  get_or_default(j, "date", d.date);
  get_or_default(j, "place", d.place);
  get_or_default(j, "session_start", d.session_start);
  get_or_default(j, "session_end", d.session_end);
  get_or_default(j, "agenda", d.agenda);
  get_or_default(j, "agenda_symbol", d.agenda_symbol);
  get_or_default(j, "body", d.body);
  get_or_default(j, "paragraphs", d.paragraphs);
  get_or_default(j, "unofficial_translation", d.unofficial_translation);
  get_optional(j, "session", d.session);
  get_optional(j, "year", d.year);
}

void to_json(nlohmann::json& j, const Citation& c) {
  j = {{"kind", c.kind}, {"issuer", c.issuer}, {"value", c.value}};
}

void from_json(const nlohmann::json& j, Citation& c) {
  get_or_default(j, "kind", c.kind);
  get_or_default(j, "issuer", c.issuer);
  get_or_default(j, "value", c.value);
}

void to_json(nlohmann::json& j, const SubjectAssignment& s) { j = {{"id", s.id}, {"source", s.source}}; }

void from_json(const nlohmann::json& j, SubjectAssignment& s) {
  get_or_default(j, "id", s.id);
  get_or_default(j, "source", s.source);
}

void to_json(nlohmann::json& j, const ParagraphRecord& p) {
  j = {{"id", p.id},           {"doc", p.doc},         {"anchor", p.anchor},
       {"label", p.label},     {"kind", p.kind},       {"text", p.text},
       {"section", p.section}, {"verb", p.verb},       {"verb_text", p.verb_text},
       {"body", p.body},       {"footnotes", p.footnotes}, {"cited_by", p.cited_by},
       {"protocols", p.protocols}, {"citations", p.citations}, {"subjects", p.subjects}, {"seq", p.seq}};
}

void from_json(const nlohmann::json& j, ParagraphRecord& p) {
  get_or_default(j, "id", p.id);
  get_or_default(j, "doc", p.doc);
  get_or_default(j, "anchor", p.anchor);
  get_or_default(j, "label", p.label);
  get_or_default(j, "kind", p.kind);
  get_or_default(j, "text", p.text);
  get_or_default(j, "section", p.section);
  get_or_default(j, "verb", p.verb);
  get_or_default(j, "verb_text", p.verb_text);
  get_or_default(j, "body", p.body);
  get_or_default(j, "footnotes", p.footnotes);
  get_or_default(j, "cited_by", p.cited_by);
  get_or_default(j, "protocols", p.protocols);
  get_or_default(j, "citations", p.citations);
  get_or_default(j, "subjects", p.subjects);
  get_or_default(j, "seq", p.seq);
}

std::string citable_number(const std::string& type, const std::string& number) {
  return (type == "resolution" || type == "decision") ? number : std::string();
}

std::optional<DocumentRecord> find_document_record(const Xapian::Database& db, const std::string& document_id) {
  const std::string term = std::string(schema::kRecordIdPrefix) + document_id;
  auto posting = db.postlist_begin(term);
  if (posting == db.postlist_end(term)) return std::nullopt;
  return nlohmann::json::parse(db.get_document(*posting).get_data()).get<DocumentRecord>();
}
std::size_t document_count(const Xapian::Database& db) { return db.get_termfreq(std::string(schema::kRecordTerm)); }
std::size_t paragraph_count(const Xapian::Database& db) { return db.get_doccount() - document_count(db); }

unsigned long long index_revision(const Xapian::Database& db) {
  const std::string value = db.get_metadata(std::string(schema::kRevisionKey));
  try {
    return value.empty() ? 0 : std::stoull(value);
  } catch (const std::exception&) {
    return 0;  // a damaged counter only restarts the count; the uuid still tells indexes apart
  }
}

std::string spelling_list(const Xapian::Database& db) {
  std::string out;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    out += *it;
    out += '\t';
    out += std::to_string(it.get_termfreq());
    out += '\n';
  }
  return out;
}

void add_spelling_list(std::string_view list, std::map<std::string, Xapian::termcount>& counts) {
  while (!list.empty()) {
    const std::size_t end = std::min(list.find('\n'), list.size());
    const std::string_view line = list.substr(0, end);
    list.remove_prefix(std::min(end + 1, list.size()));
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) continue;
    Xapian::termcount frequency = 0;
    const std::string_view number = line.substr(tab + 1);
    const auto [at, error] = std::from_chars(number.data(), number.data() + number.size(), frequency);
    if (error != std::errc() || at != number.data() + number.size() || frequency == 0) continue;
    counts[std::string(line.substr(0, tab))] += frequency;
  }
}

std::string revision_identity(const Xapian::Database& db) {
  // The counts catch a change the counter would miss (a shard written by hand): palermo-index
  // replaces a paragraph by deleting and adding, which moves the last docid.
  return db.get_uuid() + "@" + std::to_string(index_revision(db)) + ":" + std::to_string(db.get_doccount()) + ":" +
         std::to_string(db.get_lastdocid());
}

std::string file_metadata_key(const std::string& relative_path) {
  return std::string(kFileMetadataPrefix) + relative_path;
}
std::string paragraph_id(const std::string& document_id, const std::string& anchor) {
  return document_id + ":" + anchor;
}

}  // namespace palermo
