// FacetCodeSource: the docids a facet column gives, walked as Xapian walks a filter (next,
// skip_to, check), and matched as the filter term's posting list would be.
#include "searcher/facet_code_source.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <vector>

namespace palermo {
namespace {

constexpr FacetColumns::Code kNone = FacetColumns::kNone;
// docid 0 is no document; docids 1..9 hold "es" (0), "en" (1), "fr" (2) or nothing.
const std::vector<FacetColumns::Code> kColumn = {kNone, 0, 1, 1, kNone, 0, 2, 0, 1, 0};

std::vector<Xapian::docid> walked(FacetCodeSource& source) {
  std::vector<Xapian::docid> out;
  Xapian::Database none;
  source.init(none);
  for (source.next(0); !source.at_end(); source.next(0)) out.push_back(source.get_docid());
  return out;
}

TEST(FacetCodeSource, NextGivesTheDocidsHoldingACode) {
  FacetCodeSource es(kColumn, {0}, 4);
  EXPECT_EQ(walked(es), (std::vector<Xapian::docid>{1, 5, 7, 9}));
  FacetCodeSource en_fr(kColumn, {1, 2}, 4);
  EXPECT_EQ(walked(en_fr), (std::vector<Xapian::docid>{2, 3, 6, 8}));
  FacetCodeSource nothing(kColumn, {}, 0);
  EXPECT_TRUE(walked(nothing).empty());
}

TEST(FacetCodeSource, SkipToAndCheckMoveAsXapianRequires) {
  FacetCodeSource es(kColumn, {0}, 4);
  Xapian::Database none;
  es.init(none);
  es.skip_to(2, 0);
  EXPECT_EQ(es.get_docid(), 5u);
  es.skip_to(3, 0);  // behind: stays
  EXPECT_EQ(es.get_docid(), 5u);
  EXPECT_TRUE(es.check(7, 0));
  EXPECT_EQ(es.get_docid(), 7u);
  // Not held: then next() and skip_to() to the same docid find the first held after it.
  EXPECT_FALSE(es.check(8, 0));
  es.next(0);
  EXPECT_EQ(es.get_docid(), 9u);
  EXPECT_FALSE(es.check(6, 0));
  es.skip_to(6, 0);
  EXPECT_EQ(es.get_docid(), 7u);
  es.skip_to(10, 0);
  EXPECT_TRUE(es.at_end());
}

TEST(FacetCodeSource, AsAFilterItMatchesWhatTheTermMatches) {
  Xapian::WritableDatabase db = Xapian::InMemory::open();
  const char* langs[] = {nullptr, "es", "en", "en", nullptr, "es", "fr", "es", "en", "es"};
  for (Xapian::docid d = 1; d < kColumn.size(); ++d) {
    Xapian::Document doc;
    doc.add_term(d % 2 ? "word" : "other");
    if (d % 3 == 0) doc.add_term("word");
    if (langs[d] != nullptr) doc.add_boolean_term(std::string("L") + langs[d]);
    db.add_document(doc);
  }
  auto matches = [&](const Xapian::Query& filter) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("word"), filter));
    std::vector<std::pair<Xapian::docid, double>> out;
    const Xapian::MSet mset = enquire.get_mset(0, 20);
    for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
    return out;
  };
  const auto by_term = matches(Xapian::Query("Les"));
  const auto by_column = matches(Xapian::Query((new FacetCodeSource(kColumn, {0}, db.get_termfreq("Les")))->release()));
  EXPECT_EQ(by_column, by_term);
  EXPECT_EQ(by_term.size(), 4u);  // 1, 5, 7, 9 hold "word"
}

}  // namespace
}  // namespace palermo
