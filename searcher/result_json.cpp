#include "searcher/result_json.h"

namespace palermo {
namespace {

nlohmann::json optional_int(const std::optional<int>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json optional_string(const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); }

std::string joined(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

nlohmann::json hit_json(const SearchHit& h) {
  const ParagraphRecord& p = h.paragraph;
  const DocumentRecord& d = h.document;
  nlohmann::json agenda = nlohmann::json::array();
  for (const AgendaEntry& a : d.agenda) agenda.push_back({{"item", a.item}, {"title", a.title}});
  return {
      {"id", p.id},
      {"doc", p.doc},
      {"anchor", p.anchor},
      {"symbol", optional_string(d.symbol)},
      {"title", d.title},
      {"type", optional_string(d.type)},
      {"number", optional_string(d.number)},
      {"lang", d.lang},
      {"date", optional_string(d.date)},
      {"session", optional_int(d.session)},
      {"year", optional_int(d.year)},
      {"body", p.body.empty() ? nlohmann::json(nullptr) : nlohmann::json{{"id", p.body}, {"label", h.body_label}}},
      {"agenda", agenda},
      {"para", p.label},
      {"kind", p.kind},
      {"verb", optional_string(p.verb)},
      {"section", joined(p.section, " › ")},
      {"text", p.text},
      {"snippet", h.snippet},
      {"footnotes", p.footnotes},
      {"score", h.score},
  };
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
        {"sort", r.request.sort == SortOrder::date ? "date" : "relevance"}}},
      {"total", r.total},
      {"took_ms", r.took_ms},
      {"suggestion", r.suggestion ? nlohmann::json(*r.suggestion) : nlohmann::json(nullptr)},
      {"results", results},
      {"facets", facets},
  };
}

nlohmann::json error_json(const std::string& code, const std::string& message) {
  return {{"error", {{"code", code}, {"message", message}}}};
}

}  // namespace palermo
