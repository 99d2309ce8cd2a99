#include "searcher/range_filters.h"

#include <cctype>

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

// "date:2014..2018": the typed bounds widened to whole years or months, then Xapian's string
// range on the "YYYYMMDD" slot (which sorts as dates do).
class DateRangeProcessor : public Xapian::RangeProcessor {
 public:
  DateRangeProcessor() : Xapian::RangeProcessor(schema::kDateSlot, "date:") {}
  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    return Xapian::RangeProcessor::operator()(begin.empty() ? "" : date_bound(begin, false),
                                              end.empty() ? "" : date_bound(end, true));
  }
};

// Any other "a..b": without a field it means nothing here, so it is refused with the syntax that
// works (Xapian's own message would be "Unknown range operation").
class UnknownRange : public Xapian::RangeProcessor {
 public:
  Xapian::Query operator()(const std::string& begin, const std::string& end) override {
    throw bad_query("a range needs its field: session:7..12 or date:2014..2018, not \"" + begin.substr(0, 40) + ".." +
                    end.substr(0, 40) + "\"");
  }
};

Xapian::Query value_range(Xapian::valueno slot, const std::string& from, const std::string& to) {
  if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, to);
  if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, from);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, from, to);
}

}  // namespace

bool is_range_field(std::string_view name) { return name == "session" || name == "date"; }

void add_range_processors(Xapian::QueryParser& parser) {
  parser.add_rangeprocessor((new Xapian::NumberRangeProcessor(schema::kSessionSlot, "session:"))->release());
  parser.add_rangeprocessor((new DateRangeProcessor)->release());
  parser.add_rangeprocessor((new UnknownRange)->release());
}

std::string without_ellipses(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t dots = 0;
    while (i + dots < text.size() && text[i + dots] == '.') ++dots;
    if (dots >= 3) {
      out += ' ';
      i += dots;
    } else if (dots > 0) {
      out.append(dots, '.');
      i += dots;
    } else {
      out += text[i++];
    }
  }
  return out;
}

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

Xapian::Query range_filter(const SearchRequest& request) {
  std::vector<Xapian::Query> all;
  if (const auto& s = request.sessions; s && (s->from || s->to)) {
    if (s->from && s->to && *s->from > *s->to) {
      throw bad_query("session range starts after it ends: " + std::to_string(*s->from) + ".." + std::to_string(*s->to));
    }
    auto bound = [](const std::optional<int>& n) {
      return n ? Xapian::sortable_serialise(static_cast<double>(*n)) : std::string();
    };
    all.push_back(value_range(schema::kSessionSlot, bound(s->from), bound(s->to)));
  }
  if (const auto& d = request.dates; d && (!d->from.empty() || !d->to.empty())) {
    const std::string from = d->from.empty() ? "" : date_bound(d->from, false);
    const std::string to = d->to.empty() ? "" : date_bound(d->to, true);
    if (!from.empty() && !to.empty() && from > to) {
      throw bad_query("date range starts after it ends: " + d->from + ".." + d->to);
    }
    all.push_back(value_range(schema::kDateSlot, from, to));
  }
  return Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
}

}  // namespace palermo
