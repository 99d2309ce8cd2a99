#include "searcher/result_json.h"

#include "analysis/text.h"

namespace palermo {
namespace {

nlohmann::json optional_int(const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json optional_json(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json optional_string(const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); }

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

nlohmann::json body_json(const std::string& body, const std::string& label) {
  return body.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"id", body}, {"label", label}};
}

nlohmann::json agenda_json(const std::vector<AgendaEntry>& entries) {
  nlohmann::json agenda = nlohmann::json::array();
  for (const AgendaEntry& a : entries) agenda.push_back({{"item", a.item}, {"sub_item", a.sub_item}, {"title", a.title}});
  return agenda;
}

nlohmann::json citations_json(const std::vector<CitationView>& citations) {
  nlohmann::json out = nlohmann::json::array();
  for (const CitationView& c : citations) {
    out.push_back({{"kind", c.citation.kind},
                   {"value", c.citation.value},
                   {"label", c.label},
                   {"doc", c.target ? nlohmann::json(*c.target) : nlohmann::json(nullptr)}});
  }
  return out;
}

nlohmann::json subjects_json(const std::vector<SubjectView>& subjects) {
  nlohmann::json out = nlohmann::json::array();
  for (const SubjectView& v : subjects) out.push_back({{"id", v.id}, {"label", v.label}, {"source", v.source}});
  return out;
}

nlohmann::json reading_json(const std::optional<QueryReading>& reading) {
  if (!reading) return nullptr;
  nlohmann::json subjects = nlohmann::json::array();
  for (const SubjectView& v : reading->subjects) subjects.push_back({{"id", v.id}, {"label", v.label}});
  return {{"kind", optional_string(reading->kind)},
          {"kind_label", optional_string(reading->kind_label)},
          {"subjects", subjects},
          {"words", reading->words},
          {"all_subjects", reading->all_subjects},
          {"all_subjects_total", reading->all_subjects_total},
          {"without_kind", reading->without_kind ? nlohmann::json{{"q", reading->without_kind->q}, {"total", reading->without_kind->total}}
                                                 : nlohmann::json(nullptr)}};
}

// The fields of a paragraph that do not depend on a search.
nlohmann::json paragraph_json(const ParagraphRecord& p) {
  return {
      {"id", p.id},
      {"anchor", p.anchor},
      {"para", p.label},
      {"kind", p.kind},
      {"verb", optional_string(p.verb)},
      {"section", joined(p.section, " › ")},
      {"text", p.text},
      {"footnotes", p.footnotes},
      {"protocols", p.protocols},
  };
}

// A document's metadata without its paragraphs.
nlohmann::json document_json(const DocumentRecord& d, const std::string& body_label) {
  return {
      {"doc", d.id},
      {"symbol", optional_string(d.symbol)},
      {"title", d.title},
      {"type", optional_string(d.type)},
      {"number", optional_string(d.number)},
      {"lang", d.lang},
      {"original_lang", optional_string(d.original_lang)},
      {"date", optional_string(d.date)},
      {"session", optional_int(d.session)},
      {"year", optional_int(d.year)},
      {"place", optional_string(d.place)},
      {"body", body_json(d.body, body_label)},
      {"agenda", agenda_json(d.agenda)},
      {"paragraph_count", d.paragraphs},
      {"session_start", optional_string(d.session_start)},
      {"session_end", optional_string(d.session_end)},
      {"unofficial_translation", d.unofficial_translation},
  };
}

nlohmann::json hit_json(const SearchHit& h) {
  const ParagraphRecord& p = h.paragraph;
  const DocumentRecord& d = h.document;
  nlohmann::json j = paragraph_json(p);
  j.update({
      {"doc", p.doc},
      {"symbol", optional_string(d.symbol)},
      {"title", d.title},
      {"type", optional_string(d.type)},
      {"number", optional_string(d.number)},
      {"lang", d.lang},
      {"date", optional_string(d.date)},
      {"session", optional_int(d.session)},
      {"year", optional_int(d.year)},
      {"session_start", optional_string(d.session_start)},
      {"session_end", optional_string(d.session_end)},
      {"body", body_json(p.body, h.body_label)},
      {"agenda", agenda_json(d.agenda)},
      {"snippet", h.snippet},
      {"score", h.score},
      {"counterpart", optional_json(h.counterpart)},
      {"citations", citations_json(h.citations)},
      {"subjects", subjects_json(h.subjects)},
  });
  if (h.document_matches > 0) j["document_matches"] = h.document_matches;
  j["citation"] = h.citation;
  j["unofficial_translation"] = d.unofficial_translation;
  return j;
}

}  // namespace

nlohmann::json to_json(const SearchResult& r) {
  nlohmann::json filters = nlohmann::json::object();
  for (const auto& [name, values] : r.request.filters) {
    if (!values.empty()) filters[name] = values;
  }
  nlohmann::json results = nlohmann::json::array();
  for (const SearchHit& h : r.hits) results.push_back(hit_json(h));
  nlohmann::json facets = nlohmann::json::object();
  for (const auto& [name, values] : r.facets) {
    nlohmann::json list = nlohmann::json::array();
    for (const FacetValue& v : values) list.push_back({{"value", v.value}, {"label", v.label}, {"count", v.count}});
    facets[name] = list;
  }
  return {
      {"query",
       {{"q", r.request.query},
        {"filters", filters},
        {"page", r.request.page},
        {"size", r.request.size},
        {"sort", r.request.sort == SortOrder::date ? "date" : "relevance"},
        {"crosslang", r.request.cross_language ? "on" : "off"},
        {"session_from", r.request.sessions ? optional_int(r.request.sessions->from) : nullptr},
        {"session_to", r.request.sessions ? optional_int(r.request.sessions->to) : nullptr},
        {"date_from", r.request.dates ? optional_string(r.request.dates->from) : nullptr},
        {"date_to", r.request.dates ? optional_string(r.request.dates->to) : nullptr},
        {"doc", optional_string(r.request.document)},
        {"group", r.request.group == Grouping::documents ? "document" : "paragraph"}}},
      {"total", r.total},
      {"took_ms", r.took_ms},
      {"suggestion", r.suggestion ? nlohmann::json(*r.suggestion) : nlohmann::json(nullptr)},
      {"all_words", r.all_words},
      {"all_words_total", r.all_words_total},
      {"documents_total", r.documents_total ? nlohmann::json(*r.documents_total) : nlohmann::json(nullptr)},
      {"results", results},
      {"facets", facets},
      {"reading", reading_json(r.reading)},
      {"partial", !r.missing_shards.empty()},
      {"missing_shards", r.missing_shards},
  };
}

namespace {

// Writes JSON as nlohmann::json::dump(-1, ' ', false, replace) does, keys in the order its
// std::map keeps them (sorted): callers write each object's keys sorted.
class JsonText {
 public:
  explicit JsonText(std::string& out) : out_(out) {}

  void string(std::string_view s) {
    // Stored text and validated request values are UTF-8; anything else as nlohmann replaces it.
    if (utf8_error(s)) {
      out_ += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
    out_ += '"';
    std::size_t run = 0;  // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + run, i - run);
      run = i + 1;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\t': out_ += "\\t"; break;
        case '\n': out_ += "\\n"; break;
        case '\f': out_ += "\\f"; break;
        case '\r': out_ += "\\r"; break;
        default: {
          static constexpr char kHex[] = "0123456789abcdef";
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xf];
        }
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }
  void null() { out_ += "null"; }
  void boolean(bool b) { out_ += b ? "true" : "false"; }
  void integer(long long n) { out_ += std::to_string(n); }
  void unsigned_integer(unsigned long long n) { out_ += std::to_string(n); }
  void number(double x) { out_ += nlohmann::json(x).dump(); }  // nlohmann's shortest form, "null" if not finite
  void optional_string(const std::string& s) { s.empty() ? null() : string(s); }
  void optional_int(const std::optional<int>& n) { n ? integer(*n) : null(); }
  void optional(const std::optional<std::string>& s) { s ? string(*s) : null(); }
  void strings(const std::vector<std::string>& list) {
    out_ += '[';
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out_ += ',';
      string(list[i]);
    }
    out_ += ']';
  }
  // Objects: open(), then key() before each value (sorted), then close().
  void open() {
    out_ += '{';
    first_ = true;
  }
  void key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += k;  // the keys written here need no escaping
    out_ += "\":";
  }
  // A key that is data (a facet's or a filter's name), escaped as a string.
  void data_key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    string(k);
    out_ += ':';
  }
  void close() {
    out_ += '}';
    first_ = false;
  }
  void open_array() {
    out_ += '[';
    first_ = true;
  }
  void item() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void close_array() {
    out_ += ']';
    first_ = false;
  }

 private:
  std::string& out_;
  bool first_ = true;
};

void write_hit(JsonText& w, const SearchHit& h) {
  const ParagraphRecord& p = h.paragraph;
  const DocumentRecord& d = h.document;
  w.open();
  w.key("agenda");
  w.open_array();
  for (const AgendaEntry& a : d.agenda) {
    w.item();
    w.open();
    w.key("item");
    w.integer(a.item);
    w.key("sub_item");
    w.string(a.sub_item);
    w.key("title");
    w.string(a.title);
    w.close();
  }
  w.close_array();
  w.key("anchor");
  w.string(p.anchor);
  w.key("body");
  if (p.body.empty()) {
    w.null();
  } else {
    w.open();
    w.key("id");
    w.string(p.body);
    w.key("label");
    w.string(h.body_label);
    w.close();
  }
  w.key("citation");
  w.string(h.citation);
  w.key("citations");
  w.open_array();
  for (const CitationView& c : h.citations) {
    w.item();
    w.open();
    w.key("doc");
    w.optional(c.target);
    w.key("kind");
    w.string(c.citation.kind);
    w.key("label");
    w.string(c.label);
    w.key("value");
    w.string(c.citation.value);
    w.close();
  }
  w.close_array();
  w.key("counterpart");
  w.optional(h.counterpart);
  w.key("date");
  w.optional_string(d.date);
  w.key("doc");
  w.string(p.doc);
  if (h.document_matches > 0) {
    w.key("document_matches");
    w.unsigned_integer(h.document_matches);
  }
  w.key("footnotes");
  w.strings(p.footnotes);
  w.key("id");
  w.string(p.id);
  w.key("kind");
  w.string(p.kind);
  w.key("lang");
  w.string(d.lang);
  w.key("number");
  w.optional_string(d.number);
  w.key("para");
  w.string(p.label);
  w.key("protocols");
  w.strings(p.protocols);
  w.key("score");
  w.number(h.score);
  w.key("section");
  w.string(joined(p.section, " › "));
  w.key("session");
  w.optional_int(d.session);
  w.key("session_end");
  w.optional_string(d.session_end);
  w.key("session_start");
  w.optional_string(d.session_start);
  w.key("snippet");
  w.string(h.snippet);
  w.key("subjects");
  w.open_array();
  for (const SubjectView& v : h.subjects) {
    w.item();
    w.open();
    w.key("id");
    w.string(v.id);
    w.key("label");
    w.string(v.label);
    w.key("source");
    w.string(v.source);
    w.close();
  }
  w.close_array();
  w.key("symbol");
  w.optional_string(d.symbol);
  w.key("text");
  w.string(p.text);
  w.key("title");
  w.string(d.title);
  w.key("type");
  w.optional_string(d.type);
  w.key("unofficial_translation");
  w.boolean(d.unofficial_translation);
  w.key("verb");
  w.optional_string(p.verb);
  w.key("year");
  w.optional_int(d.year);
  w.close();
}

void write_reading(JsonText& w, const std::optional<QueryReading>& reading) {
  if (!reading) {
    w.null();
    return;
  }
  w.open();
  w.key("all_subjects");
  w.boolean(reading->all_subjects);
  w.key("all_subjects_total");
  w.unsigned_integer(reading->all_subjects_total);
  w.key("kind");
  w.optional_string(reading->kind);
  w.key("kind_label");
  w.optional_string(reading->kind_label);
  w.key("subjects");
  w.open_array();
  for (const SubjectView& v : reading->subjects) {
    w.item();
    w.open();
    w.key("id");
    w.string(v.id);
    w.key("label");
    w.string(v.label);
    w.close();
  }
  w.close_array();
  w.key("without_kind");
  if (reading->without_kind) {
    w.open();
    w.key("q");
    w.string(reading->without_kind->q);
    w.key("total");
    w.unsigned_integer(reading->without_kind->total);
    w.close();
  } else {
    w.null();
  }
  w.key("words");
  w.string(reading->words);
  w.close();
}

}  // namespace

std::string search_json_text(const SearchResult& r) {
  std::string out;
  out.reserve(4096 + 3072 * r.hits.size());
  JsonText w(out);
  w.open();
  w.key("all_words");
  w.boolean(r.all_words);
  w.key("all_words_total");
  w.unsigned_integer(r.all_words_total);
  w.key("documents_total");
  r.documents_total ? w.unsigned_integer(*r.documents_total) : w.null();
  w.key("facets");
  w.open();
  for (const auto& [name, values] : r.facets) {
    w.data_key(name);
    w.open_array();
    for (const FacetValue& v : values) {
      w.item();
      w.open();
      w.key("count");
      w.unsigned_integer(v.count);
      w.key("label");
      w.string(v.label);
      w.key("value");
      w.string(v.value);
      w.close();
    }
    w.close_array();
  }
  w.close();
  w.key("missing_shards");
  w.strings(r.missing_shards);
  w.key("partial");
  w.boolean(!r.missing_shards.empty());
  w.key("query");
  w.open();
  w.key("crosslang");
  w.string(r.request.cross_language ? "on" : "off");
  w.key("date_from");
  r.request.dates ? w.optional_string(r.request.dates->from) : w.null();
  w.key("date_to");
  r.request.dates ? w.optional_string(r.request.dates->to) : w.null();
  w.key("doc");
  w.optional_string(r.request.document);
  w.key("filters");
  w.open();
  for (const auto& [name, values] : r.request.filters) {
    if (values.empty()) continue;
    w.data_key(name);
    w.strings(values);
  }
  w.close();
  w.key("group");
  w.string(r.request.group == Grouping::documents ? "document" : "paragraph");
  w.key("page");
  w.integer(r.request.page);
  w.key("q");
  w.string(r.request.query);
  w.key("session_from");
  r.request.sessions ? w.optional_int(r.request.sessions->from) : w.null();
  w.key("session_to");
  r.request.sessions ? w.optional_int(r.request.sessions->to) : w.null();
  w.key("size");
  w.integer(r.request.size);
  w.key("sort");
  w.string(r.request.sort == SortOrder::date ? "date" : "relevance");
  w.close();
  w.key("reading");
  write_reading(w, r.reading);
  w.key("results");
  w.open_array();
  for (const SearchHit& h : r.hits) {
    w.item();
    write_hit(w, h);
  }
  w.close_array();
  w.key("suggestion");
  w.optional(r.suggestion);
  w.key("took_ms");
  w.number(r.took_ms);
  w.key("total");
  w.unsigned_integer(r.total);
  w.close();
  return out;
}

nlohmann::json to_json(const ParagraphView& view) {
  nlohmann::json j = hit_json(view.hit);
  j["score"] = nullptr;
  j["prev"] = optional_json(view.prev);
  j["next"] = optional_json(view.next);
  j["document"] = document_json(view.hit.document, view.document_body_label);
  return j;
}

nlohmann::json to_json(const DocumentView& view) {
  nlohmann::json j = document_json(view.document, view.body_label);
  j["counterpart"] = optional_json(view.counterpart);
  nlohmann::json paragraphs = nlohmann::json::array();
  for (const DocumentParagraph& entry : view.paragraphs) {
    const ParagraphRecord& p = entry.paragraph;
    nlohmann::json item = paragraph_json(p);
    item["body"] = p.body.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.body);
    item["counterpart"] = optional_json(entry.counterpart);
    item["citations"] = citations_json(entry.citations);
    item["citation"] = entry.citation;
    paragraphs.push_back(std::move(item));
  }
  j["paragraphs"] = std::move(paragraphs);
  nlohmann::json cited_by = nlohmann::json::array();
  for (const CitingParagraph& c : view.cited_by) {
    cited_by.push_back({{"id", c.id}, {"doc", c.doc}, {"para", c.label}, {"title", c.title}});
  }
  j["cited_by"] = std::move(cited_by);
  return j;
}

nlohmann::json to_json(const IndexStats& stats) {
  return {{"status", "ok"}, {"documents", stats.documents}, {"paragraphs", stats.paragraphs}, {"revision", stats.revision}};
}

nlohmann::json to_json(const std::vector<Suggestion>& suggestions) {
  nlohmann::json list = nlohmann::json::array();
  for (const Suggestion& s : suggestions) {
    list.push_back({{"text", s.text}, {"query", s.query}, {"kind", s.kind}, {"lang", optional_string(s.lang)}, {"completes", s.completes}});
  }
  return {{"suggestions", list}};
}

nlohmann::json error_json(const std::string& code, const std::string& message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

}  // namespace palermo
