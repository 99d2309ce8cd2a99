// The JSON body of GET /api/search (see shared/design/api.md), written once for both the HTTP
// server and `palermo-search query --json`.
#pragma once

#include <nlohmann/json.hpp>

#include "searcher/search_error.h"
#include "searcher/search_result.h"

namespace palermo {

nlohmann::json to_json(const SearchResult& result);

// {"error": {"code": "...", "message": "..."}}
nlohmann::json error_json(const std::string& code, const std::string& message);

}  // namespace palermo
