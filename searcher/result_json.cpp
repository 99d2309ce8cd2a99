#include "searcher/result_json.h"

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
