// Two readings of one document compared field by field: the Markdown against the same document
// read from text or PDF. Everything a user sees is compared except the symbol, which only the
// printed page states (the running header).
#pragma once

#include <gtest/gtest.h>

#include <sstream>

#include "document/document.h"

namespace palermo::testing {

inline std::string describe(const AgendaItem& a) { return std::to_string(a.item) + " " + a.title; }

inline void expect_same_metadata(const DocumentMeta& want, const DocumentMeta& got) {
  EXPECT_EQ(want.lang, got.lang);
  EXPECT_EQ(want.original_lang, got.original_lang);
  EXPECT_EQ(want.date, got.date);
  EXPECT_EQ(want.session, got.session);
  EXPECT_EQ(want.year, got.year);
  EXPECT_EQ(want.place, got.place);
  EXPECT_EQ(want.session_start, got.session_start);
  EXPECT_EQ(want.session_end, got.session_end);
  ASSERT_EQ(want.agenda.size(), got.agenda.size());
  for (std::size_t i = 0; i < want.agenda.size(); ++i) EXPECT_EQ(describe(want.agenda[i]), describe(got.agenda[i]));
  EXPECT_EQ(want.agenda_symbol, got.agenda_symbol);
  EXPECT_EQ(want.type, got.type);
  EXPECT_EQ(want.number, got.number);
  EXPECT_EQ(want.title, got.title);
  EXPECT_EQ(want.body, got.body);
}

inline std::string describe(const Paragraph& p) {
  std::ostringstream s;
  s << to_string(p.kind) << " [" << p.label << "] body=" << p.body << " verb=" << p.verb << " (" << p.verb_text << ") notes=";
  for (const auto& f : p.footnotes) s << f << ",";
  s << " | " << p.text;
  return s.str();
}

// Share of `want`'s paragraphs that `got` has identical (kind, label, body, verb, footnotes,
// text): paragraphs matched in reading order, footnotes wherever they are (a PDF puts them at
// the foot of its own pages, not where the Markdown's page breaks were).
inline double identical_share(const Document& want, const Document& got, std::vector<std::string>* differences = nullptr) {
  std::size_t same = 0, j = 0;
  std::vector<bool> used(got.paragraphs.size(), false);
  for (const Paragraph& p : want.paragraphs) {
    const std::string w = describe(p);
    const bool note = p.kind == ParagraphKind::footnote;
    std::size_t k = note ? 0 : j;
    while (k < got.paragraphs.size() && (used[k] || (got.paragraphs[k].kind == ParagraphKind::footnote) != note ||
                                         describe(got.paragraphs[k]) != w)) {
      ++k;
    }
    if (k < got.paragraphs.size()) {
      ++same;
      used[k] = true;
      if (!note) j = k + 1;
    } else if (differences != nullptr) {
      differences->push_back(w);
    }
  }
  return want.paragraphs.empty() ? 1.0 : static_cast<double>(same) / static_cast<double>(want.paragraphs.size());
}

inline void expect_same_document(const Document& want, const Document& got) {
  expect_same_metadata(want.meta, got.meta);
  ASSERT_EQ(want.paragraphs.size(), got.paragraphs.size());
  for (std::size_t i = 0; i < want.paragraphs.size(); ++i) {
    EXPECT_EQ(describe(want.paragraphs[i]), describe(got.paragraphs[i])) << "paragraph " << i;
  }
}

}  // namespace palermo::testing
