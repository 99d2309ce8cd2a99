#include "server/search_params.h"

#include <charconv>

#include "analysis/schema.h"
#include "analysis/text.h"
#include "searcher/range_filters.h"
#include "searcher/search_error.h"
#include "searcher/suggester.h"

namespace palermo {
namespace {

SearchError bad_parameter(const std::string& message) { return SearchError(SearchError::Code::bad_query, message); }

// Parameter names echo back in error messages, so they must be printable as they are.
std::string shown(const std::string& name) {
  if (utf8_error(name) || name.size() > 64) return "(unreadable name)";
  return "\"" + name + "\"";
}

const std::string& single(const QueryParams& params, const std::string& name) {
  auto [first, last] = params.equal_range(name);
  if (std::next(first) != last) throw bad_parameter("parameter " + name + " may be given only once");
  return first->second;
}

int whole_number(const std::string& name, const std::string& value, int min, int max) {
  int n = 0;
  const char* end = value.data() + value.size();
  const auto [stop, error] = std::from_chars(value.data(), end, n);
  if (value.empty() || error != std::errc() || stop != end || n < min || n > max) {
    throw bad_parameter(name + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return n;
}

std::string ui_language(const std::string& value) {
  if (value != "es" && value != "en") throw bad_parameter("ui must be es or en");
  return value;
}

}  // namespace

SearchRequest parse_search_params(const QueryParams& params) {
  QueryParams without_format = params;
  without_format.erase("format");
  if (without_format.size() != params.size()) throw bad_parameter("parameter format is read only by GET /api/search");
  return parse_search_call(params).request;
}

SearchCall parse_search_call(const QueryParams& params) {
  SearchCall call;
  SearchRequest& request = call.request;
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (name == "format") {
      const std::string& format = single(params, name);
      if (format == "json") call.format = ResultFormat::json;
      else if (format == "csv") call.format = ResultFormat::csv;
      else if (format == "word") call.format = ResultFormat::word;
      else if (format == "atom") call.format = ResultFormat::atom;
      else throw bad_parameter("format must be json, csv, word or atom");
    } else if (name == "q") {
      request.query = single(params, name);
    } else if (name == "page") {
      request.page = whole_number(name, single(params, name), 1, kMaxPage);
    } else if (name == "size") {
      request.size = whole_number(name, single(params, name), 1, kMaxPageSize);
    } else if (name == "sort") {
      const std::string& sort = single(params, name);
      if (sort != "relevance" && sort != "date") throw bad_parameter("sort must be relevance or date");
      request.sort = sort == "date" ? SortOrder::date : SortOrder::relevance;
    } else if (name == "crosslang") {
      const std::string& value = single(params, name);
      if (value != "on" && value != "off") throw bad_parameter("crosslang must be on or off");
      request.cross_language = value == "on";
    } else if (name == "ui") {
      request.ui_lang = ui_language(single(params, name));
    } else if (name == "session_from" || name == "session_to") {
      // Empty means open, as an empty box in the page's form sends it.
      const std::string& value = single(params, name);
      if (!value.empty()) {
        if (!request.sessions) request.sessions = SessionRange{};
        (name == "session_from" ? request.sessions->from : request.sessions->to) = whole_number(name, value, 1, 999);
      }
    } else if (name == "group") {
      const std::string& value = single(params, name);
      if (value != "paragraph" && value != "document") throw bad_parameter("group must be paragraph or document");
      request.group = value == "document" ? Grouping::documents : Grouping::paragraphs;
    } else if (name == "doc") {
      const std::string& value = single(params, name);
      if (value.size() > 200 || utf8_error(value) || has_control_character(value)) throw bad_parameter("doc must be a document id such as resolution-6-4.es");
      request.document = value;
    } else if (name == "date_from" || name == "date_to") {
      const std::string& value = single(params, name);
      if (!value.empty()) {
        date_bound(value, false);  // throws naming the value when it is not YYYY[-MM[-DD]]
        if (!request.dates) request.dates = DateRange{};
        (name == "date_from" ? request.dates->from : request.dates->to) = value;
      }
    } else if (schema::facet(name) != nullptr) {
      auto [first, last] = params.equal_range(name);
      for (auto v = first; v != last; ++v) {
        if (utf8_error(v->second)) throw bad_parameter(name + " is not valid UTF-8");
        if (!v->second.empty()) request.filters[name].push_back(v->second);
      }
    } else {
      std::string known = "q, page, size, sort, ui, crosslang, session_from, session_to, date_from, date_to, group, doc, format";
      for (const auto& f : schema::kFacets) known += ", " + std::string(f.name);
      throw bad_parameter("unknown parameter " + shown(name) + "; known: " + known);
    }
  }
  return call;
}

std::string parse_suggest_params(const QueryParams& params) {
  std::string prefix;
  bool given = false;
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    if (it->first != "prefix") throw bad_parameter("unknown parameter " + shown(it->first) + "; known: prefix");
    prefix = single(params, "prefix");
    given = true;
  }
  if (!given) throw bad_parameter("parameter prefix is required");
  if (prefix.size() > kMaxPrefixBytes) throw bad_parameter("prefix is too long (the limit is " + std::to_string(kMaxPrefixBytes) + " bytes)");
  if (utf8_error(prefix)) throw bad_parameter("prefix is not valid UTF-8");
  return prefix;
}

std::string parse_ui_param(const QueryParams& params) {
  std::string ui = "es";
  for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
    if (it->first != "ui") throw bad_parameter("unknown parameter " + shown(it->first) + "; known: ui");
    ui = ui_language(single(params, "ui"));
  }
  return ui;
}

}  // namespace palermo
