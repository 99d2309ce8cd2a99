// The JSON bodies of the API (see shared/design/api.md), written once for both the HTTP server
// and `palermo-search query --json`.
#pragma once

#include <nlohmann/json.hpp>

#include "searcher/search_error.h"
#include "searcher/search_result.h"
#include "searcher/suggester.h"

namespace palermo {

nlohmann::json to_json(const SearchResult& result);
nlohmann::json to_json(const ParagraphView& view);  // GET /api/paragraphs/{id}
nlohmann::json to_json(const DocumentView& view);   // GET /api/documents/{doc}
nlohmann::json to_json(const IndexStats& stats);    // GET /api/health
nlohmann::json to_json(const std::vector<Suggestion>& suggestions);  // GET /api/suggest

// {"error": {"code": "...", "message": "..."}}
nlohmann::json error_json(const std::string& code, const std::string& message);

}  // namespace palermo
