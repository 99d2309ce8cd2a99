// FacetCodeSource: the docids a facet column's bitsets give, walked as Xapian walks a filter (next,
// skip_to, check), and matched as the filter term's posting list would be.
#include "searcher/facet_code_source.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <cstdint>
#include <span>
#include <vector>

namespace palermo {
namespace {

constexpr FacetColumns::Code kNone = FacetColumns::kNone;
// docid 0 is no document; docids 1..9 hold "es" (0), "en" (1), "fr" (2) or nothing.
const std::vector<FacetColumns::Code> kColumn = {kNone, 0, 1, 1, kNone, 0, 2, 0, 1, 0};

// The bitsets of kColumn's codes (FacetColumns::bits_of, as FacetColumns::held gives them), kept
// for the sources that read them.
const std::vector<std::vector<std::uint64_t>> kBits = {FacetColumns::bits_of(kColumn, 0), FacetColumns::bits_of(kColumn, 1),
                                                       FacetColumns::bits_of(kColumn, 2)};
std::vector<std::span<const std::uint64_t>> held(std::vector<FacetColumns::Code> codes) {
  std::vector<std::span<const std::uint64_t>> out;
  for (FacetColumns::Code c : codes) out.emplace_back(kBits[c]);
  return out;
}

std::vector<Xapian::docid> walked(FacetCodeSource& source) {
  std::vector<Xapian::docid> out;
  Xapian::Database none;
  source.init(none);
  for (source.next(0); !source.at_end(); source.next(0)) out.push_back(source.get_docid());
  return out;
}

TEST(FacetCodeSource, NextGivesTheDocidsHoldingACode) {
  FacetCodeSource es(held({0}), 4);
  EXPECT_EQ(walked(es), (std::vector<Xapian::docid>{1, 5, 7, 9}));
  FacetCodeSource en_fr(held({1, 2}), 4);
  EXPECT_EQ(walked(en_fr), (std::vector<Xapian::docid>{2, 3, 6, 8}));
  FacetCodeSource nothing(held({}), 0);
  EXPECT_TRUE(walked(nothing).empty());
}

TEST(FacetCodeSource, SkipToAndCheckMoveAsXapianRequires) {
  FacetCodeSource es(held({0}), 4);
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

// Bitsets span words of 64 docids: docids on both sides of a word's edge, a gap of whole empty
// words, and the last bit of the last word.
TEST(FacetCodeSource, WalksAcrossWordsOfTheBitset) {
  std::vector<FacetColumns::Code> column(200, kNone);
  for (std::size_t d : {63u, 64u, 65u, 191u, 199u}) column[d] = 0;
  column[130] = 1;
  const std::vector<std::uint64_t> zero = FacetColumns::bits_of(column, 0), one = FacetColumns::bits_of(column, 1);
  FacetCodeSource source({zero}, 5);
  EXPECT_EQ(walked(source), (std::vector<Xapian::docid>{63, 64, 65, 191, 199}));
  FacetCodeSource both({zero, one}, 6);
  EXPECT_EQ(walked(both), (std::vector<Xapian::docid>{63, 64, 65, 130, 191, 199}));
  Xapian::Database none;
  both.init(none);
  both.skip_to(66, 0);
  EXPECT_EQ(both.get_docid(), 130u);
  EXPECT_FALSE(both.check(131, 0));
  both.skip_to(131, 0);
  EXPECT_EQ(both.get_docid(), 191u);
  EXPECT_TRUE(both.check(199, 0));
  both.next(0);
  EXPECT_TRUE(both.at_end());
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
  const auto by_column = matches(Xapian::Query((new FacetCodeSource(held({0}), db.get_termfreq("Les")))->release()));
  EXPECT_EQ(by_column, by_term);
  EXPECT_EQ(by_term.size(), 4u);  // 1, 5, 7, 9 hold "word"
}

}  // namespace
}  // namespace palermo
