// Item markers that open a block ("a)", "(a)", "iii)", "(iii)") and the canonical labels of
// numbered paragraphs, their lettered items and roman sub-items. Private to document/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace palermo {

struct ItemMarker {
  std::string value;       // "a", "iii"
  std::size_t length = 0;  // bytes of the marker and of the spaces after it
};

// Spanish "a) " and English "(a) " alike; nullopt when the text does not open with a marker.
std::optional<ItemMarker> item_marker_at_start(std::string_view text);

enum class ItemLevel { number, letter, roman };

struct PlacedItem {
  std::string label;  // "13", "13 a)", "b) iii)": the same in every language
  ItemLevel level = ItemLevel::number;
};

// Follows one run of items in reading order. Whether "i)" is the letter i or the first roman
// numeral depends on what came before: after "h)" it is a letter, after "a) ..." it opens roman
// sub-items; "c)" after "b) v)" is the letter c.
class ItemNumbering {
 public:
  PlacedItem number(int n);
  PlacedItem item(std::string_view value);
  void restart() { *this = ItemNumbering(); }  // a heading ends the run
  bool under_number() const { return number_ > 0; }

 private:
  bool continues_letters(std::string_view value) const;
  bool continues_romans(std::string_view value) const;
  std::string prefix() const;

  int number_ = 0;
  std::string letter_;
  int roman_ = 0;
};

}  // namespace palermo
