// A paragraph's facet values (schema::kFacets), packed into the one value slot schema::kFacetSlot:
// written by the indexer (paragraph_document), read by the searcher's facet columns.
//
// One slot, not one per facet: Glass keeps a value stream per slot and a list of the slots each
// document uses, so every slot costs each paragraph at write time and in size (README, "Where the
// indexer's writing thread spends its time"); a revision's columns are read from one value stream
// instead of eleven, and a paragraph's values come with its document in one piece.
//
// Layout, facets in kFacets order: per facet the number of its values, then each value as its
// length in bytes followed by its bytes. Numbers are unsigned LEB128 (7 bits a byte, lowest first,
// the high bit set on all bytes but the last: one byte below 128). The pack ends after the last
// facet that has a value; the facets after it have none (a document without any facet value, such
// as a record, has no pack at all). Lengths rather than separators: a value may hold any byte
// (nothing to escape, no separator that a text could forge), a facet without values costs one byte,
// and a reader finds the end of a value without scanning for it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/schema.h"

namespace palermo {

// The values of each facet, indexed as schema::kFacets, each facet's in the order given.
using FacetValues = std::array<std::vector<std::string>, schema::kFacets.size()>;

// The pack of `values` (every value kept as given, empty ones included); empty when no facet has a
// value.
std::string pack_facet_values(const FacetValues& values);

// A value of schema::kFacetSlot that is not a pack: a damaged index (or one this version did not
// write; palermo-index refuses another schema version). The message says what to do.
class DamagedFacetValues : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Calls each(facet, value) for every value in `packed`, facet by facet in kFacets order (`facet`
// indexes kFacets), each facet's values in the order packed; `value` views `packed`. Empty
// `packed`: no call. Throws DamagedFacetValues, before or after some calls, when `packed` is cut
// short, holds more than kFacets.size() facets or a number of more than 32 bits.
template <class Each>
void for_each_facet_value(std::string_view packed, Each&& each);

// Every value of `packed`, by facet. Throws as for_each_facet_value.
FacetValues unpack_facet_values(std::string_view packed);

namespace facet_pack {
[[noreturn]] void damaged(std::string_view why);

// Reads the LEB128 number at packed[at], moving `at` past it.
inline std::uint32_t read_number(std::string_view packed, std::size_t& at) {
  std::uint32_t n = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (at >= packed.size()) damaged("cut short in a number");
    const auto byte = static_cast<unsigned char>(packed[at++]);
    if (shift == 28 && (byte & 0x70) != 0) damaged("a number of more than 32 bits");
    n |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return n;
  }
  damaged("a number of more than 32 bits");
}
}  // namespace facet_pack

template <class Each>
void for_each_facet_value(std::string_view packed, Each&& each) {
  std::size_t at = 0;
  for (std::size_t facet = 0; at < packed.size(); ++facet) {
    if (facet >= schema::kFacets.size()) facet_pack::damaged("more facets than the schema has");
    for (std::uint32_t count = facet_pack::read_number(packed, at); count > 0; --count) {
      const std::uint32_t size = facet_pack::read_number(packed, at);
      if (size > packed.size() - at) facet_pack::damaged("cut short in a value");
      each(facet, packed.substr(at, size));
      at += size;
    }
  }
}

}  // namespace palermo
