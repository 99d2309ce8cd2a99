#include "document/document.h"

#include <array>
#include <utility>

namespace palermo {
namespace {

constexpr std::array<std::pair<ParagraphKind, const char*>, 6> kNames{{
    {ParagraphKind::heading, "heading"},
    {ParagraphKind::preambular, "preambular"},
    {ParagraphKind::operative, "operative"},
    {ParagraphKind::recommendation, "recommendation"},
    {ParagraphKind::narrative, "narrative"},
    {ParagraphKind::footnote, "footnote"},
}};

}  // namespace

const char* to_string(ParagraphKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "narrative";
}

std::optional<ParagraphKind> paragraph_kind_from_string(std::string_view name) {
  for (const auto& [k, n] : kNames) {
    if (name == n) return k;
  }
  return std::nullopt;
}

}  // namespace palermo
