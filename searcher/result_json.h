// The JSON bodies of the API (see shared/design/api.md), written once for both the HTTP server
// and `palermo-search query --json`.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "searcher/search_error.h"
#include "searcher/search_result.h"
#include "searcher/suggester.h"

namespace palermo {

nlohmann::json to_json(const SearchResult& result);
// GET /api/search's body: to_json(result).dump() as the server sends it (not ASCII-escaped,
// invalid UTF-8 replaced), byte for byte, written straight into one string without building the
// JSON tree first, which cost a page of ten hits as much as ranking it (issue 10: JSON written
// once per response).
std::string search_json_text(const SearchResult& result);
nlohmann::json to_json(const ParagraphView& view);  // GET /api/paragraphs/{id}
nlohmann::json to_json(const DocumentView& view);   // GET /api/documents/{doc}
nlohmann::json to_json(const IndexStats& stats);    // GET /api/health
nlohmann::json to_json(const std::vector<Suggestion>& suggestions);  // GET /api/suggest

// {"error": {"code": "...", "message": "..."}}
nlohmann::json error_json(const std::string& code, const std::string& message);

}  // namespace palermo
