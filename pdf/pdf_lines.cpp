#include "pdf/pdf_lines.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace palermo {
namespace {

// A superscript is set at most this share of its line's type size...
constexpr double kSuperscriptSize = 0.85;
// ...and raised: its bottom at least this share of the line's height above the line's bottom.
constexpr double kSuperscriptRise = 0.15;
// Footnotes are set smaller than the body text: at most this share of its size...
constexpr double kFootnoteSize = 0.9;
// ...in the lower part of the page (share of the page height from the top).
constexpr double kFootnoteZone = 0.4;
// Words further apart than this many times the type size are separate words.
constexpr double kWordGap = 0.2;
// Lines further apart than this many times their type size have space between them: a new block.
constexpr double kGapSpacing = 1.35;

struct Word {
  std::string text;
  double left = 0, top = 0, right = 0, bottom = 0;
  double size = 0;
  bool bold = false;
  bool space_after = false;
};

struct Line {
  std::vector<Word> words;
  double top = 0, bottom = 0;
  double size = 0;  // of its largest normal-size word
};

std::string utf8(const poppler::ustring& s) {
  const poppler::byte_array bytes = s.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

bool is_call_text(std::string_view t) {
  return !t.empty() && (t == "*" || std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

double overlap(double top1, double bottom1, double top2, double bottom2) {
  return std::min(bottom1, bottom2) - std::max(top1, top2);
}

// The words of one page grouped into lines by position, not by the order poppler lists them in:
// a word joins the line its vertical extent overlaps by more than kLineOverlap of the smaller
// height. A line holding nothing but small numbers (a superscript footnote label or call set
// apart) is then merged into the line it is raised above. Lines top to bottom, words left to right.
std::vector<Line> lines_of(const poppler::page& page) {
  constexpr double kLineOverlap = 0.4;
  std::vector<Word> words;
  for (const poppler::text_box& box : page.text_list(poppler::page::text_list_include_font)) {
    const poppler::rectf r = box.bbox();
    Word w{utf8(box.text()), r.left(), r.top(), r.right(), r.bottom(), box.get_font_size(), false, box.has_space_after()};
    if (w.text.empty()) continue;
    const std::string font = box.has_font_info() ? box.get_font_name() : std::string();
    w.bold = font.find("Bold") != std::string::npos;
    words.push_back(std::move(w));
  }
  std::stable_sort(words.begin(), words.end(), [](const Word& a, const Word& b) { return a.top < b.top; });
  std::vector<Line> lines;
  auto place = [&](Word w) {
    for (Line& l : lines) {
      const double h = std::min(w.bottom - w.top, l.bottom - l.top);
      if (overlap(w.top, w.bottom, l.top, l.bottom) > kLineOverlap * h) {
        l.top = std::min(l.top, w.top);
        l.bottom = std::max(l.bottom, w.bottom);
        l.words.push_back(std::move(w));
        return;
      }
    }
    lines.push_back({{}, w.top, w.bottom, 0});
    lines.back().words.push_back(std::move(w));
  };
  for (Word& w : words) place(std::move(w));
  for (Line& l : lines) {
    for (const Word& w : l.words) l.size = std::max(l.size, w.size);
  }
  // Superscripts left on a line of their own: into the nearest larger line they touch or sit on.
  std::vector<Line> merged;
  for (Line& l : lines) {
    const bool only_calls = std::all_of(l.words.begin(), l.words.end(), [](const Word& w) { return is_call_text(w.text); });
    Line* host = nullptr;
    if (only_calls) {
      for (Line& other : lines) {
        if (&other == &l || other.size * kSuperscriptSize < l.size) continue;
        const double h = other.bottom - other.top;
        if (l.bottom > other.top - 0.1 * h && l.top < other.top + 0.5 * h && (host == nullptr || other.top < host->top)) host = &other;
      }
    }
    if (host != nullptr) {
      for (Word& w : l.words) host->words.push_back(std::move(w));
      host->top = std::min(host->top, l.top);
      l.words.clear();
    }
  }
  for (Line& l : lines) {
    if (l.words.empty()) continue;
    std::stable_sort(l.words.begin(), l.words.end(), [](const Word& a, const Word& b) { return a.left < b.left; });
    merged.push_back(std::move(l));
  }
  std::stable_sort(merged.begin(), merged.end(), [](const Line& a, const Line& b) { return a.top < b.top; });
  return merged;
}

// The type size most characters are set in: the body text's.
double body_size(const std::vector<std::vector<Line>>& pages) {
  std::map<long, std::size_t> chars;
  for (const auto& page : pages) {
    for (const Line& l : page) {
      for (const Word& w : l.words) chars[std::lround(w.size * 10)] += w.text.size();
    }
  }
  long best = 0;
  std::size_t most = 0;
  for (const auto& [size, n] : chars) {
    if (n > most) most = n, best = size;
  }
  return static_cast<double>(best) / 10;
}

bool is_superscript(const Word& w, const Line& l) {
  const double height = l.bottom - l.top;
  return w.size <= kSuperscriptSize * l.size && w.bottom <= l.bottom - kSuperscriptRise * height && is_call_text(w.text);
}

SourceLine source_line(const Line& l, int page_number) {
  SourceLine s;
  s.page = page_number;
  bool all_bold = true;
  for (std::size_t i = 0; i < l.words.size(); ++i) {
    const Word& w = l.words[i];
    if (is_superscript(w, l)) {
      if (s.text.empty()) {
        s.text = w.text + " ";  // a footnote's own label, as plain text prints it
      } else {
        s.refs.push_back(w.text);
      }
    } else {
      s.text += w.text;
      all_bold = all_bold && w.bold;
    }
    // poppler marks the spaces it saw; words set apart without one (a footer's fields) still are.
    const bool apart = i + 1 < l.words.size() && l.words[i + 1].left - w.right > kWordGap * w.size;
    if ((w.space_after || apart) && !s.text.empty() && s.text.back() != ' ') s.text += ' ';
  }
  while (!s.text.empty() && s.text.back() == ' ') s.text.pop_back();
  s.heading = all_bold && !s.text.empty();
  return s;
}

// A row set in two columns (the UN cover: the organ's name on the left, "Distr.: General" and
// the date on the right) is two lines, cut where the words are further apart than this many
// times the type size.
constexpr double kColumnGap = 3.0;

// The index of the first word of the right column, or 0 when the row is one line.
std::size_t column_cut(const Line& l) {
  for (std::size_t i = 1; i < l.words.size(); ++i) {
    if (l.words[i].left - l.words[i - 1].right > kColumnGap * std::max(l.words[i].size, l.words[i - 1].size)) return i;
  }
  return 0;
}

Line part(const Line& l, std::size_t from, std::size_t to) {
  Line out{{l.words.begin() + static_cast<std::ptrdiff_t>(from), l.words.begin() + static_cast<std::ptrdiff_t>(to)}, l.top, l.bottom, 0};
  for (const Word& w : out.words) out.size = std::max(out.size, w.size);
  return out;
}

// Rows set in two columns are read column by column: the left column's lines, then the right's.
std::vector<Line> columns_in_reading_order(std::vector<Line> lines) {
  std::vector<Line> out;
  for (std::size_t i = 0; i < lines.size();) {
    if (column_cut(lines[i]) == 0) {
      out.push_back(std::move(lines[i++]));
      continue;
    }
    std::vector<Line> left, right;
    for (; i < lines.size(); ++i) {
      const std::size_t cut = column_cut(lines[i]);
      if (cut == 0) break;
      left.push_back(part(lines[i], 0, cut));
      right.push_back(part(lines[i], cut, lines[i].words.size()));
    }
    for (Line& l : left) out.push_back(std::move(l));
    for (Line& r : right) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

PdfText pdf_lines(std::string_view pdf_bytes) {
  // poppler reports damaged input on standard error; the caller reports it once, by file name.
  poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  if (!pdf_bytes.starts_with("%PDF-")) throw UnreadablePdf("not a PDF (no %PDF- header)");
  const std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf_bytes.data(), static_cast<int>(pdf_bytes.size())));
  if (!doc) throw UnreadablePdf("damaged PDF (poppler cannot open it)");
  if (doc->is_locked()) throw UnreadablePdf("encrypted PDF (a password is needed to read it)");

  PdfText out;
  out.pages = doc->pages();
  std::vector<std::vector<Line>> pages;
  std::vector<double> heights;
  for (int i = 0; i < out.pages; ++i) {
    const std::unique_ptr<poppler::page> page(doc->create_page(i));
    pages.push_back(page ? lines_of(*page) : std::vector<Line>{});
    heights.push_back(page ? page->page_rect().height() : 0);
  }
  const double body = body_size(pages);
  for (std::size_t p = 0; p < pages.size(); ++p) {
    pages[p] = columns_in_reading_order(std::move(pages[p]));
    const Line* prev = nullptr;
    for (const Line& l : pages[p]) {
      SourceLine s = source_line(l, static_cast<int>(p) + 1);
      if (s.text.empty()) continue;
      s.footnote = l.size <= kFootnoteSize * body && l.top >= kFootnoteZone * heights[p];
      // Space above, or a move back up the page (the second of two columns).
      const double advance = prev == nullptr ? 0 : l.bottom - prev->bottom;
      s.gap_before = prev != nullptr && (advance > kGapSpacing * std::max(l.size, prev->size) || advance < 0);
      if (s.heading) s.heading_level = l.size > body ? 1 : 2;
      out.lines.push_back(std::move(s));
      prev = &l;
    }
  }
  return out;
}

}  // namespace palermo
