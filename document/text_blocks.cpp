#include "document/text_blocks.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "analysis/text.h"
#include "document/item_labels.h"
#include "document/text_scan.h"

namespace palermo {
namespace {

// A line longer than this holds more than one paragraph: a page copied out as one line.
constexpr std::size_t kLongLine = 400;
// In hard-wrapped text, a line shorter than this share of the usual line width that ends a
// sentence is a paragraph's last line; one shorter than kHeadingShare followed by a capital ends
// a heading or a cover line.
constexpr double kShortShare = 0.8;
constexpr double kHeadingShare = 0.6;
// The usual line width is the width that this share of the lines do not exceed.
constexpr double kUsualWidthQuantile = 0.9;
// Blank lines separate the blocks (and the width rules are off) when at least this share of the
// lines follow one.
constexpr double kGapSeparatedShare = 0.1;
// A heading in plain text is short: at most this many characters, on at most this many lines.
constexpr std::size_t kMaxHeadingChars = 200;
constexpr std::size_t kMaxHeadingLines = 3;
// A contents entry may wrap over this many lines before its page number.
constexpr std::size_t kContentsEntryLines = 3;
// Footnote labels are small numbers; paragraph numbers have a dot.
constexpr std::size_t kMaxLabelDigits = 3;
// "; y" / "; and" within this many bytes of a line's end closes a clause before an item.
constexpr std::size_t kClauseTail = 8;
// A word this short ending a title line is an article or preposition: the title goes on.
constexpr std::size_t kShortWordBytes = 3;
// pdftotext -layout sets two columns apart by at least this many spaces; their right columns
// start at the same place within this many characters.
constexpr std::size_t kColumnGap = 8;
constexpr std::size_t kColumnTolerance = 3;
// Plain-text headings are set in the body type, as a PDF's bold lines of body size are.
constexpr int kTextHeadingLevel = 2;
// A rule above the footnotes: a line of at least this many underscores.
constexpr std::size_t kRuleLength = 5;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper_ascii(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }

std::size_t char_count(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Trimmed, tabs and no-break spaces made spaces, runs of spaces made one.
std::string tidy(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\t' || c == '\r') c = ' ';
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      c = ' ';
      ++i;
    }
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> words_split(std::string_view line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < line.size()) {
    std::size_t end = line.find(' ', start);
    if (end == std::string_view::npos) end = line.size();
    if (end > start) out.emplace_back(line.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool all_digits(std::string_view s, std::size_t max) {
  return !s.empty() && s.size() <= max && std::all_of(s.begin(), s.end(), is_digit);
}

// "*1800000*": the barcode's human-readable line.
bool is_barcode(std::string_view line) {
  return line.size() >= 7 && line.front() == '*' && line.back() == '*' && all_digits(line.substr(1, line.size() - 2), 10);
}

// "V.18-00000": the UN job number.
bool is_job_number(std::string_view word) {
  if (word.size() != 10 || !is_upper_ascii(word[0]) || word[1] != '.' || word[4] != '-') return false;
  for (std::size_t i : {2u, 3u, 5u, 6u, 7u, 8u, 9u}) {
    if (!is_digit(word[i])) return false;
  }
  return true;
}

// "3", "3/12" (page 3 of 12, as UN documents print it since about 2010).
bool is_page_count(std::string_view word) {
  const auto slash = word.find('/');
  if (slash == std::string_view::npos) return all_digits(word, kMaxLabelDigits);
  const std::string_view page = word.substr(0, slash), of = word.substr(slash + 1);
  return all_digits(page, kMaxLabelDigits) && all_digits(of, kMaxLabelDigits) && std::stoi(std::string(page)) <= std::stoi(std::string(of));
}

// A page's footer line: the job number, on the first page with its language and print dates
// ("V.14-03791 (S) 180614 190614"), with or without the page number before or after it
// ("2 V.20-06789 (S)", "V.23-19876 2/5"), and the barcode's line beside it.
bool is_footer(std::string_view line) {
  bool job = false, page = false, after_job = false;
  for (const std::string& word : words_split(line)) {
    if (!job && is_job_number(word)) {
      job = after_job = true;
    } else if (after_job && ((word.size() == 3 && word[0] == '(' && is_upper_ascii(word[1]) && word[2] == ')') || all_digits(word, 6) ||
                             is_barcode(word))) {
      continue;  // "(S)", "180614", "*1403791*"
    } else if (!page && is_page_count(word)) {
      page = true;
      after_job = false;
    } else {
      return false;
    }
  }
  return job;
}


// "3", "3/12", "- 3 -", "Page 3"/"Página 3" (the contents marker table names "page").
bool is_page_number(const DomainData& domain, std::string_view line) {
  if (is_page_count(line)) return true;
  if (line.starts_with("- ") && line.ends_with(" -")) return all_digits(line.substr(2, line.size() - 4), kMaxLabelDigits);
  const std::vector<std::string> words = words_of(fold(line));
  return words.size() == 2 && all_digits(words[1], kMaxLabelDigits) && domain.cover_line_meaning(words[0]) == "contents";
}

// The symbol a running header line prints, with or without the page number beside it.
std::optional<std::string> header_symbol(std::string_view line) {
  if (const auto space = line.rfind(' '); space != std::string_view::npos && all_digits(line.substr(space + 1), kMaxLabelDigits)) {
    line = line.substr(0, space);
  } else if (const auto first = line.find(' '); first != std::string_view::npos && all_digits(line.substr(0, first), kMaxLabelDigits)) {
    line = line.substr(first + 1);
  }
  if (line.ends_with('.')) return std::nullopt;  // "CTOC/COP/2014/1." is a footnote's text
  return lone_document_symbol(line);
}

// "12. " at the start: 12.
std::optional<int> paragraph_number(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == 0 || i > kMaxLabelDigits || i + 1 >= text.size() || text[i] != '.' || text[i + 1] != ' ') return std::nullopt;
  return std::stoi(std::string(text.substr(0, i)));
}

// "3 United Nations, …" / "* CTOC/COP/2014/1.": the label a footnote line opens with.
std::optional<std::string> footnote_label_at_start(std::string_view text) {
  if (text.starts_with("* ")) return "*";
  std::size_t i = 0;
  while (i < text.size() && is_digit(text[i])) ++i;
  if (i == 0 || i > kMaxLabelDigits || i + 1 >= text.size() || text[i] != ' ') return std::nullopt;
  return std::string(text.substr(0, i));
}

bool is_rule(std::string_view line) {
  return line.size() >= kRuleLength && line.find_first_not_of('_') == std::string_view::npos;
}

// A footnote call printed on the line: digits right after a letter or a closing bracket and
// before punctuation, a space or the end ("Protocols1,", "(UNODC)3"). Returns the label and its
// byte range.
struct Call {
  std::string label;
  std::size_t begin = 0, end = 0;
};
std::vector<Call> calls_in(std::string_view text) {
  std::vector<Call> out;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (!is_digit(text[i]) || is_digit(text[i - 1])) continue;
    const unsigned char before = static_cast<unsigned char>(text[i - 1]);
    const bool after_word = is_lower_ascii(text[i - 1]) || text[i - 1] == ')' || before >= 0x80;
    if (!after_word) continue;
    std::size_t j = i;
    while (j < text.size() && is_digit(text[j])) ++j;
    if (j - i > kMaxLabelDigits - 1) continue;  // footnote calls are one or two digits
    if (j < text.size() && std::string_view(",.;: )").find(text[j]) == std::string_view::npos) continue;
    out.push_back({std::string(text.substr(i, j - i)), i, j});
  }
  return out;
}

// Where the right column of a line set in two columns starts ("Conference of the Parties to
// the      Distr.: General", as pdftotext -layout sets the UN cover): after the first run of at
// least kColumnGap spaces that follows some text; nullopt when there is none.
std::optional<std::size_t> right_column_at(std::string_view raw) {
  const std::size_t text = raw.find_first_not_of(' ');
  if (text == std::string_view::npos) return std::nullopt;
  const std::size_t gap = raw.find(std::string(kColumnGap, ' '), text);
  if (gap == std::string_view::npos) return std::nullopt;
  const std::size_t right = raw.find_first_not_of(' ', gap);
  if (right == std::string_view::npos) return std::nullopt;
  return right;
}

// Runs of at least two lines whose right column starts at the same place (within
// kColumnTolerance characters) are read column by column, left then right, as the PDF reader
// reads a cover. A lone line with a wide gap (a footer: job number ... barcode) stays as it is.
std::vector<SourceLine> columns_in_reading_order(std::vector<SourceLine> lines) {
  std::vector<SourceLine> out;
  for (std::size_t i = 0; i < lines.size();) {
    const auto at = right_column_at(lines[i].text);
    std::size_t end = i + 1;
    while (at && end < lines.size() && lines[end].page == lines[i].page && !lines[end].gap_before) {
      const auto next = right_column_at(lines[end].text);
      if (!next || (*next > *at ? *next - *at : *at - *next) > kColumnTolerance) break;
      ++end;
    }
    if (!at || end - i < 2) {
      out.push_back(std::move(lines[i++]));
      continue;
    }
    std::vector<SourceLine> right;
    for (std::size_t k = i; k < end; ++k) {
      const std::size_t cut = *right_column_at(lines[k].text);
      SourceLine r = lines[k];
      r.text = lines[k].text.substr(cut);
      r.gap_before = k == i;
      right.push_back(std::move(r));
      lines[k].text.resize(cut);
      out.push_back(std::move(lines[k]));
    }
    for (SourceLine& r : right) out.push_back(std::move(r));
    i = end;
  }
  return out;
}

struct Line {
  std::string text;
  int page = 1;
  bool gap_before = false;   // blank line or layout gap above
  bool boundary = false;     // furniture or a page break above: nothing continues across it on its own
  bool footnote = false;     // known from the layout
  bool heading = false;
  int heading_level = 0;
  bool after_rule = false;   // a footnote rule ("____") above it on this page
  bool cut = false;          // a piece of a long line cut at a paragraph or item: starts a block
  std::vector<std::string> refs;
};

class TextReader {
 public:
  TextReader(const DomainData& domain, std::vector<SourceLine> source) : domain_(domain) {
    source = columns_in_reading_order(std::move(source));
    for (SourceLine& s : source) {
      Line l;
      l.text = tidy(s.text);
      l.page = s.page;
      l.gap_before = s.gap_before;
      l.footnote = s.footnote;
      l.heading = s.heading;
      l.heading_level = s.heading_level;
      l.refs = std::move(s.refs);
      lines_.push_back(std::move(l));
    }
  }

  TextBlocks read() {
    join_footnote_labels();
    find_running_symbol();
    drop_furniture();
    drop_contents();
    split_long_lines();
    collect_called_labels();
    collect_hyphenated_words();
    measure();
    find_heading_runs();
    segment();
    return {std::move(blocks_), running_symbol_};
  }

 private:
  // ---- page furniture ----

  // The running header: a lone symbol printed on two pages or more, or on the first page above
  // the cover's "Distr." line.
  void find_running_symbol() {
    std::map<std::string, std::set<int>> pages;
    std::string first;
    for (const Line& l : lines_) {
      if (const auto symbol = header_symbol(l.text)) {
        pages[*symbol].insert(l.page);
        if (first.empty() && l.page == 1) first = *symbol;
      }
      if (domain_.cover_line_meaning(fold(l.text)) == "distribution") break;
    }
    for (const Line& l : lines_) {
      if (const auto symbol = header_symbol(l.text)) pages[*symbol].insert(l.page);
    }
    running_symbol_ = first;
    for (const auto& [symbol, on] : pages) {
      if (on.size() >= 2 && (running_symbol_.empty() || pages[running_symbol_].size() < on.size())) running_symbol_ = symbol;
    }
  }

  // pdftotext sets a footnote's raised label on a line of its own above the footnote's text
  // ("1" then "United Nations, Treaty Series, …"): a lone label that the text calls, inside a
  // page (not its first line, where a page number stands), right above a line opening with a
  // capital, is put back in front of it, as the footnote's first line ("1 United Nations, …").
  void join_footnote_labels() {
    std::set<std::string> called;
    for (const Line& l : lines_) {
      for (const Call& c : calls_in(l.text)) called.insert(c.label);
    }
    std::vector<Line> kept;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      Line& l = lines_[i];
      const bool inside_page = !kept.empty() && kept.back().page == l.page;
      if (inside_page && all_digits(l.text, kMaxLabelDigits - 1) && called.contains(l.text) && i + 1 < lines_.size()) {
        Line& next = lines_[i + 1];
        if (next.page == l.page && !next.gap_before && starts_with_capital(next.text) && !is_footer(next.text)) {
          next.text = l.text + " " + next.text;
          next.gap_before = next.gap_before || l.gap_before;
          next.footnote = true;  // known from the layout, as a PDF's small type is: no rule needed above it
          continue;
        }
      }
      kept.push_back(std::move(l));
    }
    lines_ = std::move(kept);
  }

  bool is_furniture(const Line& l) const {
    if (l.text.empty()) return false;
    if (is_footer(l.text) || is_barcode(l.text) || is_page_number(domain_, l.text)) return true;
    if (!running_symbol_.empty() && header_symbol(l.text) == running_symbol_) return true;
    const std::string folded = fold(l.text);
    return domain_.cover_line_meaning(folded) == "furniture";
  }

  // A page copied as one line opens with its header: "CTOC/COP/2014/5 2 4. The Working Group …".
  bool strip_running_header(std::string& text) const {
    if (running_symbol_.empty() || !text.starts_with(running_symbol_ + " ")) return false;
    std::string_view rest = std::string_view(text).substr(running_symbol_.size() + 1);
    if (const auto space = rest.find(' '); space != std::string_view::npos && all_digits(rest.substr(0, space), kMaxLabelDigits) &&
                                           !paragraph_number(rest)) {
      rest.remove_prefix(space + 1);
    }
    text = std::string(rest);
    return true;
  }

  void drop_furniture() {
    std::vector<Line> kept;
    bool boundary = false, gap = false, rule = false;
    int page = lines_.empty() ? 1 : lines_.front().page;
    for (Line& l : lines_) {
      if (l.page != page) {
        boundary = true;
        rule = false;
        page = l.page;
      }
      if (l.text.empty()) {
        gap = true;
        continue;
      }
      if (is_rule(l.text)) {
        rule = true;
        gap = true;
        continue;
      }
      if (is_furniture(l)) {
        boundary = true;
        rule = false;
        continue;
      }
      if (strip_running_header(l.text)) {
        boundary = true;
        rule = false;
      }
      l.boundary = l.boundary || boundary;
      l.gap_before = l.gap_before || gap || boundary;
      l.after_rule = rule;
      boundary = gap = false;
      kept.push_back(std::move(l));
    }
    lines_ = std::move(kept);
  }

  // A contents page: its heading ("Contents", "Índice"), the "Page" column heading, and entries
  // ending with a page number, which may wrap over a few lines.
  bool is_contents_heading(std::string_view text) const {
    const std::string folded = fold(text);
    return words_of(folded).size() <= 3 && domain_.cover_line_meaning(folded) == "contents";
  }
  static bool ends_with_page_number(std::string_view text) {
    const auto space = text.rfind(' ');
    return space != std::string_view::npos && all_digits(text.substr(space + 1), kMaxLabelDigits);
  }

  void drop_contents() {
    std::vector<Line> kept;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      if (!is_contents_heading(lines_[i].text)) {
        kept.push_back(std::move(lines_[i]));
        continue;
      }
      const int page = lines_[i].page;
      std::size_t j = i + 1;
      while (j < lines_.size() && lines_[j].page == page) {
        if (is_contents_heading(lines_[j].text) || ends_with_page_number(lines_[j].text)) {
          ++j;
          continue;
        }
        std::size_t k = j;
        while (k < lines_.size() && k < j + kContentsEntryLines && lines_[k].page == page && !ends_with_page_number(lines_[k].text)) ++k;
        if (k < lines_.size() && k < j + kContentsEntryLines && lines_[k].page == page) {
          j = k + 1;
          continue;
        }
        break;
      }
      if (j < lines_.size()) lines_[j].boundary = lines_[j].gap_before = true;
      i = j - 1;
    }
    lines_ = std::move(kept);
  }

  // ---- a page on one line ----

  // Cuts a long line before each numbered paragraph that follows a finished sentence and
  // continues the numbering ("… Conference. 2. In its …"), and before each item marker after a
  // colon or semicolon.
  void split_long_lines() {
    std::vector<Line> out;
    int last_number = 0;
    for (Line& l : lines_) {
      if (const auto n = paragraph_number(l.text)) last_number = *n;
      if (l.text.size() <= kLongLine) {
        out.push_back(std::move(l));
        continue;
      }
      std::size_t start = 0;
      bool first = true;
      for (std::size_t i = 2; i < l.text.size(); ++i) {
        if (l.text[i - 1] != ' ') continue;
        const std::string_view before = std::string_view(l.text).substr(start, i - 1 - start);
        const std::string_view rest = std::string_view(l.text).substr(i);
        bool cut = false;
        if (const auto n = paragraph_number(rest); n && *n == last_number + 1 && ends_with_final_punctuation(before)) {
          last_number = *n;
          cut = true;
        } else if (item_marker_at_start(rest) && (before.ends_with(':') || before.ends_with(';'))) {
          cut = true;
        }
        if (!cut) continue;
        out.push_back(piece(l, before, first));
        first = false;
        start = i;
      }
      out.push_back(piece(l, std::string_view(l.text).substr(start), first));
    }
    lines_ = std::move(out);
  }

  static Line piece(const Line& whole, std::string_view text, bool first) {
    Line p = whole;
    p.text = tidy(text);
    if (!first) {
      p.boundary = false;
      p.cut = true;
      p.refs.clear();
    }
    return p;
  }

  // ---- what the whole text tells ----

  void collect_called_labels() {
    for (const Line& l : lines_) {
      if (l.footnote) continue;
      for (const Call& c : calls_in(l.text)) called_.insert(c.label);
      for (const std::string& r : l.refs) called_.insert(r);
    }
    for (const Line& l : lines_) {
      if (l.text.find('*') != std::string::npos && !l.text.starts_with("* ")) called_.insert("*");
      if (const auto label = footnote_label_at_start(l.text)) footnote_labels_.insert(*label);
    }
  }

  // Words written with a hyphen inside a line: "non-governmental" stays so when a line break
  // cuts it at the hyphen.
  void collect_hyphenated_words() {
    for (const Line& l : lines_) {
      std::size_t start = 0;
      while (start < l.text.size()) {
        std::size_t end = l.text.find(' ', start);
        if (end == std::string::npos) end = l.text.size();
        std::string word = trim_punctuation(std::string_view(l.text).substr(start, end - start));
        const auto hyphen = word.find('-');
        if (hyphen != std::string::npos && hyphen > 0 && hyphen + 1 < word.size()) hyphenated_.insert(fold(word));
        start = end + 1;
      }
    }
  }

  static std::string trim_punctuation(std::string_view w) {
    while (!w.empty() && std::string_view(",.;:()\"'").find(w.front()) != std::string_view::npos) w.remove_prefix(1);
    while (!w.empty() && std::string_view(",.;:()\"'").find(w.back()) != std::string_view::npos) w.remove_suffix(1);
    return std::string(w);
  }

  void measure() {
    std::vector<std::size_t> widths;
    std::size_t gaps = 0;
    for (const Line& l : lines_) {
      widths.push_back(char_count(l.text));
      if (l.gap_before && !l.boundary) ++gaps;
    }
    if (widths.empty()) return;
    std::sort(widths.begin(), widths.end());
    usual_width_ = widths[static_cast<std::size_t>(kUsualWidthQuantile * static_cast<double>(widths.size() - 1))];
    gap_separated_ = static_cast<double>(gaps) >= kGapSeparatedShare * static_cast<double>(lines_.size());
  }

  // ---- blocks ----

  bool known_header_line(std::string_view text) const {
    const std::string folded = fold(text);
    if (!domain_.cover_line_meaning(folded).empty() || domain_.language_named(folded)) return true;
    if (lone_document_symbol(text)) return true;
    // "Note by the Secretariat", "Resolution 9/1": a type marker alone or with its number.
    const auto type = domain_.document_type_at_start(folded);
    return type && words_of(folded).size() <= words_of(folded.substr(0, type->second)).size() + 2;
  }

  bool is_footnote_start(const Line& l, const Line* prev) const {
    if (l.footnote) return footnote_label_at_start(l.text).has_value();
    const auto label = footnote_label_at_start(l.text);
    if (!label || !called_.contains(*label)) return false;
    // "* CTOC/COP/2024/1.": the agenda's footnote, whatever the line above it ends with.
    if (*label == "*" && lone_document_symbol(std::string_view(l.text).substr(2))) return true;
    return l.after_rule || prev == nullptr || l.gap_before || ends_with_final_punctuation(prev->text);
  }

  // A paragraph ends with its sentence. After a line that ends one, a few lines that end none,
  // up to the next numbered paragraph, heading, item or footnote, are a heading of their own
  // ("Annex", "Reports on the meetings of the Working Group on Firearms held in Vienna on 3 /
  // and 4 May 2023" before "7."), however long the lines (pdftotext joins a hyphenated line with
  // the next, so a paragraph's last line need not be short). A page break does not end the run:
  // the sentence may go on on the next page.
  void find_heading_runs() {
    if (gap_separated_) return;
    for (std::size_t i = 1; i < lines_.size(); ++i) {
      const Line& l = lines_[i];
      if (!ends_with_final_punctuation(lines_[i - 1].text) || !starts_with_capital(l.text) || l.footnote || l.cut ||
          paragraph_number(l.text) || item_marker_at_start(l.text) || is_footnote_start(l, &lines_[i - 1])) {
        continue;
      }
      std::size_t end = i, chars = 0;
      while (end < lines_.size() && end < i + kMaxHeadingLines && chars <= kMaxHeadingChars) {
        const Line& r = lines_[end];
        if (end > i && ((r.gap_before && !r.boundary) || paragraph_number(r.text) || opens_numbered_heading(r.text) ||
                        item_marker_at_start(r.text) || r.footnote || is_footnote_start(r, &lines_[end - 1]) ||
                        r.text.starts_with("* "))) {
          break;
        }
        chars += char_count(r.text);
        ++end;
      }
      const bool ended = end == lines_.size() || end == i + kMaxHeadingLines || chars > kMaxHeadingChars;
      const std::string& last = lines_[end - 1].text;
      if (!ended && !ends_with_final_punctuation(last) && !last.ends_with(',') && !goes_on_next_page(end)) {
        heading_runs_.insert(i);
        continue;
      }
      // A short line alone before a capital: "Annex" before the annex's title.
      const bool short_line = usual_width_ > 0 && static_cast<double>(char_count(l.text)) < kHeadingShare * static_cast<double>(usual_width_);
      if (short_line && i + 1 < lines_.size() && starts_with_capital(lines_[i + 1].text) && !ends_with_final_punctuation(l.text) &&
          !l.text.ends_with(',') && !ends_with_short_lower_word(l.text)) {
        heading_runs_.insert(i);
      }
    }
  }

  // Whether the text cut at line `at` (the footnotes at the foot of a page) goes on on the next
  // page: its first line opens no numbered paragraph, heading or item, so it carries on the
  // sentence ("Conference, and previous meetings …").
  bool goes_on_next_page(std::size_t at) const {
    if (at >= lines_.size() || !(lines_[at].footnote || lines_[at].after_rule || footnote_label_at_start(lines_[at].text))) {
      return false;
    }
    for (std::size_t j = at; j < lines_.size(); ++j) {
      if (lines_[j].page != lines_[at].page) {
        const std::string& first = lines_[j].text;
        return !paragraph_number(first) && !opens_numbered_heading(first) && !item_marker_at_start(first);
      }
    }
    return false;
  }

  bool starts_block(std::size_t index, const Line& l, const Line& prev) const {
    if (l.gap_before || l.boundary || l.cut || l.heading != prev.heading) return true;
    if (heading_runs_.contains(index)) return true;
    if (const auto n = paragraph_number(l.text); n && (*n == last_number_ + 1 || *n == 1)) return true;
    // A chapter or section heading ("II. Organization of the meeting", "A. Opening of the
    // meeting"), unless the line before breaks off mid-phrase.
    if (opens_numbered_heading(l.text) && !prev.text.ends_with(',') && !ends_with_short_lower_word(prev.text)) return true;
    // An item after the end of a clause: "…;", "…:", "…; y" / "…; and" before "v)".
    const std::string_view tail = std::string_view(prev.text).substr(prev.text.size() > kClauseTail ? prev.text.size() - kClauseTail : 0);
    if (item_marker_at_start(l.text) && (ends_with_final_punctuation(prev.text) || tail.find("; ") != std::string_view::npos)) {
      return true;
    }
    // A preambular paragraph ends with a comma; the next opens with its verb.
    if ((prev.text.ends_with(',') || ends_with_final_punctuation(prev.text)) && is_upper_ascii(l.text.front()) &&
        domain_.verb_at_start(fold(l.text))) {
      return true;
    }
    if (known_header_line(l.text) || known_header_line(prev.text)) return true;
    if (gap_separated_ || usual_width_ == 0) return false;
    const double share = static_cast<double>(char_count(prev.text)) / static_cast<double>(usual_width_);
    if (share < kShortShare && ends_with_final_punctuation(prev.text)) return true;
    // A short line (a heading, a title in its narrow column, a cover line) ends its block when
    // a capital follows, unless it ends with a short lower-case word ("de las", "of the"), which
    // a title line broken mid-phrase does.
    const char first = l.text.front();
    const bool capital_next = is_upper_ascii(first) || is_digit(first) || static_cast<unsigned char>(first) >= 0xC3;
    return share < kHeadingShare && capital_next && !ends_with_short_lower_word(prev.text);
  }

  // "II. Organization", "A. Opening": a chapter's or section's numbering before a capital.
  static bool opens_numbered_heading(std::string_view text) {
    const auto rank = heading_rank(text);
    if (!rank || *rank == HeadingRank::subsection) return false;
    const std::size_t words = text.find(". ") + 2;
    return is_upper_ascii(text[words]) || static_cast<unsigned char>(text[words]) >= 0xC3;
  }

  static bool ends_with_short_lower_word(std::string_view text) {
    const auto space = text.rfind(' ');
    const std::string_view last = space == std::string_view::npos ? text : text.substr(space + 1);
    return !last.empty() && last.size() <= kShortWordBytes && std::all_of(last.begin(), last.end(), is_lower_ascii);
  }

  void segment() {
    const Line* prev = nullptr;
    int page = 0;
    bool in_footnote = false;
    for (const Line& l : lines_) {
      if (page != 0 && l.page != page) {
        close_block();
        MarkdownBlock br;
        br.type = MarkdownBlock::Type::page_break;
        blocks_.push_back(std::move(br));
      }
      page = l.page;
      if (is_footnote_start(l, prev)) {
        close_block();
        in_footnote = true;
        open_footnote(l);
      } else if (in_footnote && (l.footnote || (!l.gap_before && !l.cut && !paragraph_number(l.text)))) {
        add_line(l);
      } else {
        in_footnote = false;
        if (prev == nullptr || open_.lines.empty() || starts_block(static_cast<std::size_t>(&l - lines_.data()), l, *prev)) {
          close_block();
          open_.heading_level = l.heading ? l.heading_level : 0;
          open_.type = l.heading ? MarkdownBlock::Type::heading : MarkdownBlock::Type::paragraph;
          // "1. Reafirmó su decisión." on one line, "2. Tomó nota del informe." on the next: the
          // open block's number counts before the block is closed.
          if (const auto n = paragraph_number(l.text); n && !l.heading) last_number_ = *n;
        }
        add_line(l);
      }
      prev = &l;
    }
    close_block();
    mend_words_cut_by_page_breaks();
    mark_text_headings();
  }

  // "Confer-" at the foot of a page, "ence at its …" on the next, footnotes between: the word is
  // made whole at the end of the first block, which the parser then continues.
  void mend_words_cut_by_page_breaks() {
    for (std::size_t i = 0; i < blocks_.size(); ++i) {
      MarkdownBlock& b = blocks_[i];
      if (b.is_page_break() || !b.footnote_label.empty() || b.lines.empty() || !cut_word_at_end(b.lines.back())) continue;
      std::size_t j = i + 1;
      while (j < blocks_.size() && (blocks_[j].is_page_break() || !blocks_[j].footnote_label.empty() || blocks_[j].text.starts_with("* "))) ++j;
      if (j >= blocks_.size() || blocks_[j].list_number > 0 || blocks_[j].lines.empty() || !is_lower_ascii(blocks_[j].text.front())) continue;
      MarkdownBlock& next = blocks_[j];
      std::string& first = next.lines.front();
      const std::size_t end = std::min(first.find(' '), first.size());
      std::string& last = b.lines.back();
      const std::size_t word_start = last.rfind(' ') == std::string::npos ? 0 : last.rfind(' ') + 1;
      if (!hyphenated_.contains(fold(trim_punctuation(last.substr(word_start) + first.substr(0, end))))) last.pop_back();
      last += first.substr(0, end);
      first = end < first.size() ? first.substr(end + 1) : std::string();
      if (first.empty()) next.lines.erase(next.lines.begin());
      b.text = join(b.lines);
      next.text = join(next.lines);
      if (next.lines.empty()) next.type = MarkdownBlock::Type::page_break;  // nothing left of it
    }
  }

  static bool cut_word_at_end(const std::string& line) {
    return line.size() >= 2 && line.back() == '-' && line[line.size() - 2] != ' ' && line[line.size() - 2] != '-';
  }

  static std::string join(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& l : lines) text += (text.empty() ? "" : " ") + l;
    return text;
  }

  void open_footnote(const Line& l) {
    const std::string label = *footnote_label_at_start(l.text);
    open_ = MarkdownBlock();
    if (label == "*") {  // the agenda's "* CTOC/COP/2014/1." stays text, as in Markdown
      add_line(l);
      return;
    }
    open_.footnote_label = label;
    Line rest = l;
    rest.text = l.text.substr(label.size() + 1);
    add_line(rest);
  }

  void add_line(const Line& l) {
    open_.footnote_refs.insert(open_.footnote_refs.end(), l.refs.begin(), l.refs.end());
    if (!open_.lines.empty()) {
      std::string& last = open_.lines.back();
      const bool cut_word = last.size() >= 2 && last.back() == '-' && last[last.size() - 2] != ' ' && is_lower_ascii(l.text.front());
      if (cut_word) {
        const auto word_start = last.rfind(' ') == std::string::npos ? 0 : last.rfind(' ') + 1;
        const auto next_end = std::min(l.text.find(' '), l.text.size());
        const std::string joined = fold(trim_punctuation(last.substr(word_start) + l.text.substr(0, next_end)));
        if (!hyphenated_.contains(joined)) last.pop_back();
        last += l.text;
        return;
      }
    }
    open_.lines.push_back(l.text);
  }

  void close_block() {
    if (open_.lines.empty()) {
      open_ = MarkdownBlock();
      return;
    }
    MarkdownBlock b = std::move(open_);
    open_ = MarkdownBlock();
    b.text.clear();
    for (const std::string& l : b.lines) b.text += (b.text.empty() ? "" : " ") + l;
    if (b.footnote_label.empty()) take_calls(b);
    if (const auto n = paragraph_number(b.text); n && b.footnote_label.empty() && b.type != MarkdownBlock::Type::heading) {
      b.list_number = *n;
      last_number_ = *n;
      b.text = b.text.substr(b.text.find(' ') + 1);
      b.lines.front() = b.lines.front().substr(std::min(b.lines.front().size(), b.lines.front().find(' ') + 1));
    }
    const std::string folded = fold(b.text);
    if (const Verb* verb = domain_.verb_at_start(folded)) {
      std::size_t words = 0;
      for (const std::string& form : verb->forms) {
        if (starts_with_words(folded, form)) words = std::max(words, words_of(form).size());
      }
      b.leading_emphasis = leading_words(b.text, words);
    }
    blocks_.push_back(std::move(b));
  }

  // Takes the footnote calls out of the text ("Protocols1," -> "Protocols,") when the document
  // has footnotes with those labels.
  void take_calls(MarkdownBlock& b) const {
    if (!b.footnote_refs.empty()) return;  // the layout already found them
    std::string out;
    std::size_t from = 0;
    for (const Call& c : calls_in(b.text)) {
      if (!footnote_labels_.contains(c.label)) continue;
      out += b.text.substr(from, c.begin - from);
      from = c.end;
      b.footnote_refs.push_back(c.label);
    }
    if (b.footnote_refs.empty()) return;
    out += b.text.substr(from);
    b.text = out;
  }

  // Plain text has no heading markup: a short block standing alone, without final punctuation,
  // opening with a capital, after a finished paragraph or a heading, is a heading. All have one
  // level, the body type's; the parser ranks them by their numbering ("II." above "A.").
  void mark_text_headings() {
    const MarkdownBlock* before = nullptr;
    for (MarkdownBlock& b : blocks_) {
      if (b.is_page_break()) continue;
      const bool candidate = b.type == MarkdownBlock::Type::paragraph && b.footnote_label.empty() && b.list_number == 0 &&
                             b.leading_emphasis.empty() && !item_marker_at_start(b.text) && b.lines.size() <= 3 &&
                             b.text.size() <= kMaxHeadingChars && !ends_with_final_punctuation(b.text) &&
                             !b.text.ends_with(',') && !b.text.starts_with("* ") && starts_with_capital(b.text) &&
                             !known_header_line(b.text);
      const bool after_end = before == nullptr || before->type == MarkdownBlock::Type::heading ||
                             ends_with_final_punctuation(before->text) || known_header_line(before->text);
      if (candidate && after_end) {
        b.type = MarkdownBlock::Type::heading;
        b.heading_level = kTextHeadingLevel;
      }
      if (b.footnote_label.empty()) before = &b;
    }
  }

  static bool starts_with_capital(std::string_view text) {
    if (text.empty()) return false;
    return is_upper_ascii(text.front()) || static_cast<unsigned char>(text.front()) >= 0xC3;
  }


  const DomainData& domain_;
  std::vector<Line> lines_;
  std::string running_symbol_;
  std::set<std::string> called_, footnote_labels_, hyphenated_;
  std::set<std::size_t> heading_runs_;  // lines that open a heading after a finished paragraph
  std::size_t usual_width_ = 0;
  bool gap_separated_ = false;
  int last_number_ = 0;
  MarkdownBlock open_;
  std::vector<MarkdownBlock> blocks_;
};

}  // namespace

std::vector<SourceLine> plain_text_lines(std::string_view text) {
  std::vector<SourceLine> out;
  int page = 1;
  bool gap = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && line.front() == '\f') {
      ++page;
      line.remove_prefix(1);
    }
    if (tidy(line).empty()) {
      gap = true;
    } else {
      out.push_back({std::string(line), page, gap, false, false, 0, {}});
      gap = false;
    }
    start = end + 1;
  }
  return out;
}

TextBlocks text_blocks(const DomainData& domain, std::vector<SourceLine> lines) {
  return TextReader(domain, std::move(lines)).read();
}

}  // namespace palermo
