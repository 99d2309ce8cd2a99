// Reads API query-string parameters into the search library's typed requests. Kept apart from
// HTTP types (a parameter is a name and a value) so the rules are unit-tested without a server.
#pragma once

#include <map>
#include <string>

#include "searcher/search_request.h"

namespace palermo {

// Parameters as decoded from a query string; a name may repeat.
using QueryParams = std::multimap<std::string, std::string>;

// GET /api/search: q, page, size, sort, ui, crosslang, the filters of schema::kFacets (repeatable),
// session_from / session_to (whole numbers 1..999) and date_from / date_to (YYYY, YYYY-MM or
// YYYY-MM-DD); an empty range bound is open.
// Throws SearchError(bad_query) naming the parameter: unknown name, repeated single-valued name,
// value that is not a whole number or is out of range. Query syntax is checked later by Searcher.
SearchRequest parse_search_params(const QueryParams& params);

// Endpoints that only take the UI language (`ui`, default "es"). Throws as parse_search_params.
std::string parse_ui_param(const QueryParams& params);

}  // namespace palermo
