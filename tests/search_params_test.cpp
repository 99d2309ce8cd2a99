// The rules that turn API query-string parameters into a SearchRequest, case by case.
#include <gtest/gtest.h>

#include "searcher/search_error.h"
#include "server/search_params.h"

namespace palermo {
namespace {

TEST(SearchParams, ReadsEveryKnownParameter) {
  const SearchRequest r = parse_search_params({{"q", "trata de personas"},
                                              {"page", "3"},
                                              {"size", "100"},
                                              {"sort", "date"},
                                              {"ui", "en"},
                                              {"body", "WG.4"},
                                              {"body", "WG.7"},
                                              {"session", "12"},
                                              {"protocol", ""}});
  EXPECT_EQ(r.query, "trata de personas");
  EXPECT_EQ(r.page, 3);
  EXPECT_EQ(r.size, 100);
  EXPECT_EQ(r.sort, SortOrder::date);
  EXPECT_EQ(r.ui_lang, "en");
  EXPECT_EQ(r.filters.at("body"), (std::vector<std::string>{"WG.4", "WG.7"}));
  EXPECT_EQ(r.filters.at("session"), (std::vector<std::string>{"12"}));
  EXPECT_FALSE(r.filters.contains("protocol")) << "an empty filter value means no filter";
}

TEST(SearchParams, DefaultsWhenAbsent) {
  const SearchRequest r = parse_search_params({});
  EXPECT_EQ(r.query, "");
  EXPECT_EQ(r.page, 1);
  EXPECT_EQ(r.size, 20);
  EXPECT_EQ(r.sort, SortOrder::relevance);
  EXPECT_EQ(r.ui_lang, "es");
  EXPECT_TRUE(r.filters.empty());
}

TEST(SearchParams, RefusesWhatItCannotReadNamingTheParameter) {
  struct Case {
    QueryParams params;
    std::string mentions;
  };
  const std::vector<Case> cases{
      {{{"size", "100000"}}, "size"},   {{{"size", "0"}}, "size"},       {{{"size", "20abc"}}, "size"},
      {{{"size", ""}}, "size"},         {{{"page", "-1"}}, "page"},      {{{"page", "+2"}}, "page"},
      {{{"page", "1.5"}}, "page"},      {{{"page", "99999999999"}}, "page"},
      {{{"sort", "best"}}, "sort"},     {{{"ui", "fr"}}, "ui"},          {{{"q", "a"}, {"q", "b"}}, "q"},
      {{{"color", "red"}}, "\"color\""}, {{{"\xff", "1"}}, "unreadable"},
  };
  for (const Case& c : cases) {
    try {
      parse_search_params(c.params);
      ADD_FAILURE() << "accepted " << c.params.begin()->first << "=" << c.params.begin()->second;
    } catch (const SearchError& e) {
      EXPECT_EQ(e.code(), SearchError::Code::bad_query);
      EXPECT_NE(std::string(e.what()).find(c.mentions), std::string::npos) << e.what();
    }
  }
}

TEST(SearchParams, ReadsSessionAndDateRanges) {
  const SearchRequest r = parse_search_params(
      {{"session_from", "7"}, {"session_to", "12"}, {"date_from", "2014"}, {"date_to", "2018-06-30"}});
  ASSERT_TRUE(r.sessions.has_value());
  EXPECT_EQ(r.sessions->from, 7);
  EXPECT_EQ(r.sessions->to, 12);
  ASSERT_TRUE(r.dates.has_value());
  EXPECT_EQ(r.dates->from, "2014");
  EXPECT_EQ(r.dates->to, "2018-06-30");
  const SearchRequest open = parse_search_params({{"session_from", "10"}, {"session_to", ""}, {"date_to", ""}});
  EXPECT_EQ(open.sessions->from, 10);
  EXPECT_FALSE(open.sessions->to.has_value()) << "an empty box is an open end";
  EXPECT_FALSE(open.dates.has_value());
  for (const QueryParams& bad : std::vector<QueryParams>{{{"session_from", "seven"}}, {{"session_to", "0"}},
                                                         {{"date_from", "2014-13"}}, {{"date_to", "14"}},
                                                         {{"date_from", "2014"}, {"date_from", "2015"}}}) {
    try {
      parse_search_params(bad);
      ADD_FAILURE() << "accepted " << bad.begin()->first << "=" << bad.begin()->second;
    } catch (const SearchError& e) {
      EXPECT_NE(std::string(e.what()).find(bad.begin()->first.substr(0, 4) == "date" ? "date" : "session"), std::string::npos) << e.what();
    }
  }
}

TEST(SearchParams, ReadsGroupingAndDocument) {
  const SearchRequest r = parse_search_params({{"group", "document"}, {"doc", "resolution-6-4.es"}});
  EXPECT_EQ(r.group, Grouping::documents);
  EXPECT_EQ(r.document, "resolution-6-4.es");
  EXPECT_EQ(parse_search_params({}).group, Grouping::paragraphs);
  EXPECT_THROW(parse_search_params({{"group", "documents"}}), SearchError);
}

TEST(SearchParams, ReadsTheFormatAndTheSuggestPrefix) {
  EXPECT_EQ(parse_search_call({{"q", "x"}}).format, ResultFormat::json);
  EXPECT_EQ(parse_search_call({{"format", "csv"}}).format, ResultFormat::csv);
  EXPECT_EQ(parse_search_call({{"format", "word"}}).format, ResultFormat::word);
  EXPECT_EQ(parse_search_call({{"format", "atom"}, {"q", "trata"}}).request.query, "trata");
  EXPECT_THROW(parse_search_call({{"format", "xlsx"}}), SearchError);
  EXPECT_EQ(parse_suggest_params({{"prefix", "CTOC/"}}), "CTOC/");
  EXPECT_THROW(parse_suggest_params({}), SearchError);
  EXPECT_THROW(parse_suggest_params({{"prefix", std::string(101, 'a')}}), SearchError);
  EXPECT_THROW(parse_suggest_params({{"prefix", "a"}, {"q", "b"}}), SearchError);
}

TEST(SearchParams, UiOnlyEndpoints) {
  EXPECT_EQ(parse_ui_param({}), "es");
  EXPECT_EQ(parse_ui_param({{"ui", "en"}}), "en");
  EXPECT_THROW(parse_ui_param({{"q", "x"}}), SearchError);
  EXPECT_THROW(parse_ui_param({{"ui", "de"}}), SearchError);
}

}  // namespace
}  // namespace palermo
