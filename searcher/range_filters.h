// Session and date ranges: "session:7..12" and "date:2014..2018" in the query text (open ends too:
// "session:10..", "date:..2016-06"), and SearchRequest::sessions / ::dates from the API. Both
// select on value slots the indexer writes: schema::kSessionSlot (sortable number) and
// schema::kDateSlot ("YYYYMMDD": the document's date, or its session's last day).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "searcher/search_request.h"

namespace palermo {

// Field names that the query text uses with a range ("session", "date").
bool is_range_field(std::string_view name);

// Adds the session and date range processors to `parser`, which owns them. A malformed date in
// the query text, or a range without one of the two fields ("7..12"), throws
// SearchError(bad_query) from parse_query.
void add_range_processors(Xapian::QueryParser& parser);

// `text` with every run of three or more dots (an ellipsis pasted with a phrase) made a space, so
// that the range syntax ("..") does not read "etc..." as a range. Two dots are kept.
std::string without_ellipses(const std::string& text);

// The request's session and date ranges as one filter, or an empty query when it has none.
// Throws SearchError(bad_query) for a malformed bound or a range whose start is after its end.
Xapian::Query range_filter(const SearchRequest& request);

// A typed date bound as stored in schema::kDateSlot: "2014" -> "20140101" as a lower bound,
// "20141231" as an upper one; "2016-06" -> "20160601" / "20160631"; "2016-06-12" -> "20160612".
// Throws SearchError(bad_query) naming `typed` when it is none of YYYY, YYYY-MM, YYYY-MM-DD.
std::string date_bound(const std::string& typed, bool upper);

}  // namespace palermo
