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
// YYYY-MM-DD); an empty range bound is open; group (paragraph | document); doc (a document id).
// Throws SearchError(bad_query) naming the parameter: unknown name, repeated single-valued name,
// value that is not a whole number or is out of range. Query syntax is checked later by Searcher.
SearchRequest parse_search_params(const QueryParams& params);

// How GET /api/search answers: `format` = json (default), csv, word (an HTML .doc), atom.
enum class ResultFormat { json, csv, word, atom };

struct SearchCall {
  SearchRequest request;
  ResultFormat format = ResultFormat::json;
};

// parse_search_params plus `format`. Throws as parse_search_params.
SearchCall parse_search_call(const QueryParams& params);

// GET /api/suggest: `prefix` (required, up to kMaxPrefixBytes, valid UTF-8). Throws as
// parse_search_params.
std::string parse_suggest_params(const QueryParams& params);

// Endpoints that only take the UI language (`ui`, default "es"). Throws as parse_search_params.
std::string parse_ui_param(const QueryParams& params);

}  // namespace palermo
