#include "searcher/range_filters.h"

#include <cctype>
#include <vector>

#include "analysis/schema.h"
#include "searcher/search_error.h"

namespace palermo {
namespace {

SearchError bad_query(const std::string& message) { return SearchError(SearchError::Code::bad_query, message); }

bool digits(std::string_view s) {
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

// Xapian's processors return an invalid query (OP_INVALID) for bounds they cannot read.
Xapian::Query checked(Xapian::Query q, const std::string& what) {
  if (q.get_type() == Xapian::Query::OP_INVALID) throw bad_query(what);
  return q;
}

Xapian::Query session_range(const std::string& from, const std::string& to) {
  const std::string shown = from + ".." + to;
  for (const std::string& bound : {from, to}) {
    if (!bound.empty() && (!digits(bound) || bound.size() > 3 || std::stoi(bound) < 1)) {
      throw bad_query("a session range takes session numbers: session:7..12, not session:" + shown.substr(0, 40));
    }
  }
  if (!from.empty() && !to.empty() && std::stoi(from) > std::stoi(to)) {
    throw bad_query("session range starts after it ends: " + shown);
  }
  Xapian::NumberRangeProcessor sessions(schema::kSessionSlot);
  return checked(sessions.check_range(from, to), "cannot read the session range " + shown.substr(0, 40));
}

Xapian::Query date_range(const std::string& from, const std::string& to) {
  const std::string low = from.empty() ? "" : date_bound(from, false);
  const std::string high = to.empty() ? "" : date_bound(to, true);
  if (!low.empty() && !high.empty() && low > high) throw bad_query("date range starts after it ends: " + from + ".." + to);
  // "YYYYMMDD" strings sort as the dates do, so Xapian's plain string range is the date range.
  Xapian::RangeProcessor dates(schema::kDateSlot);
  return checked(dates.check_range(low, high), "cannot read the date range " + from + ".." + to);
}

}  // namespace

std::string date_bound(const std::string& typed, bool upper) {
  const bool year = typed.size() == 4 && digits(typed);
  const bool month = typed.size() == 7 && typed[4] == '-' && digits(typed.substr(0, 4)) && digits(typed.substr(5));
  const bool day = typed.size() == 10 && typed[4] == '-' && typed[7] == '-' && digits(typed.substr(0, 4)) &&
                   digits(typed.substr(5, 2)) && digits(typed.substr(8));
  const auto number = [&](std::size_t at) { return std::stoi(typed.substr(at, 2)); };
  if ((!year && !month && !day) || ((month || day) && (number(5) < 1 || number(5) > 12)) ||
      (day && (number(8) < 1 || number(8) > 31))) {
    throw bad_query("a date must be YYYY, YYYY-MM or YYYY-MM-DD, not \"" + typed.substr(0, 40) + "\"");
  }
  std::string out = typed.substr(0, 4);
  if (month || day) out += typed.substr(5, 2);
  if (day) out += typed.substr(8, 2);
  if (year) out += upper ? "1231" : "0101";
  // Day 31 of any month is past its last day, so it bounds the whole month from above.
  if (month) out += upper ? "31" : "01";
  return out;
}

std::optional<Xapian::Query> typed_range(std::string_view field, const std::string& value) {
  const auto dots = value.find("..");
  if (value == "..") throw bad_query(std::string(field) + ":.. needs a bound on at least one side");
  if (field == "date") {
    if (dots == std::string::npos) return date_range(value, value);  // date:2014 is the whole year
    return date_range(value.substr(0, dots), value.substr(dots + 2));
  }
  if (field == "session" && dots != std::string::npos) return session_range(value.substr(0, dots), value.substr(dots + 2));
  return std::nullopt;
}

Xapian::Query scope_filter(const SearchRequest& request) {
  std::vector<Xapian::Query> all;
  if (!request.document.empty()) all.emplace_back(std::string(schema::kDocumentIdPrefix) + request.document);
  if (const auto& s = request.sessions; s && (s->from || s->to)) {
    all.push_back(session_range(s->from ? std::to_string(*s->from) : "", s->to ? std::to_string(*s->to) : ""));
  }
  if (const auto& d = request.dates; d && (!d->from.empty() || !d->to.empty())) all.push_back(date_range(d->from, d->to));
  return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

}  // namespace palermo
