// Session and date ranges: "session:7..12" and "date:2014..2018" in the query text (open ends too:
// "session:10..", "date:..2016-06"; "date:2014" is the whole year), and SearchRequest::sessions /
// ::dates from the API. Both select on value slots the indexer writes, through Xapian's range
// processors: schema::kSessionSlot (NumberRangeProcessor on the sortable session number) and
// schema::kDateSlot (RangeProcessor on "YYYYMMDD": the document's date, or its session's last day).
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

#include "searcher/search_request.h"

namespace palermo {

// The query-text filter `field`:`value` as a range, or nullopt when it is not one: "session" with
// ".." in the value, "date" always. Throws SearchError(bad_query) for a malformed bound or a
// range whose start is after its end, naming the value.
std::optional<Xapian::Query> typed_range(std::string_view field, const std::string& value);

// The request's scope beyond the facets: session and date ranges and the one document
// (SearchRequest::document), as one filter, or an empty query when it has none. Throws as typed_range.
Xapian::Query scope_filter(const SearchRequest& request);

// A typed date bound as stored in schema::kDateSlot: "2014" -> "20140101" as a lower bound,
// "20141231" as an upper one; "2016-06" -> "20160601" / "20160631"; "2016-06-12" -> "20160612".
// Throws SearchError(bad_query) naming `typed` when it is none of YYYY, YYYY-MM, YYYY-MM-DD.
std::string date_bound(const std::string& typed, bool upper);

}  // namespace palermo
