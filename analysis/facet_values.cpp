#include "analysis/facet_values.h"

namespace palermo {
namespace {

void write_number(std::string& out, std::size_t n) {
  if (n > UINT32_MAX) throw std::length_error("a facet value or a facet's number of values is over 32 bits");
  do {
    const auto low = static_cast<unsigned char>(n & 0x7f);
    n >>= 7;
    out += static_cast<char>(n != 0 ? (low | 0x80) : low);
  } while (n != 0);
}

}  // namespace

namespace facet_pack {
void damaged(std::string_view why) {
  throw DamagedFacetValues("a paragraph's facet values are damaged (" + std::string(why) +
                           "): rebuild the index with palermo-index --rebuild");
}
}  // namespace facet_pack

std::string pack_facet_values(const FacetValues& values) {
  std::size_t used = values.size();
  while (used > 0 && values[used - 1].empty()) --used;
  std::string out;
  for (std::size_t f = 0; f < used; ++f) {
    write_number(out, values[f].size());
    for (const std::string& v : values[f]) {
      write_number(out, v.size());
      out += v;
    }
  }
  return out;
}

FacetValues unpack_facet_values(std::string_view packed) {
  FacetValues values;
  for_each_facet_value(packed, [&](std::size_t facet, std::string_view v) { values[facet].emplace_back(v); });
  return values;
}

}  // namespace palermo
