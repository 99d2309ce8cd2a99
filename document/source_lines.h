// Text as it comes out of a page: lines in reading order, with what the layout tells about each
// (PDF) or nothing but the text (plain text). The common input of DocumentParser::parse_lines,
// whatever the format; Markdown has its own richer path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace palermo {

struct SourceLine {
  std::string text;                   // one printed line, UTF-8; may hold a whole page
  int page = 1;                       // counted from 1
  bool gap_before = false;            // vertical space above it: a new block starts here
  bool footnote = false;              // small type at the foot of the page (known from a PDF's fonts)
  bool heading = false;               // bold or larger type standing alone (PDF)
  int heading_level = 0;              // 1 (largest type) ... when `heading`
  std::vector<std::string> refs;      // footnote calls set as superscripts in this line, already out of `text`
};

// Plain text (a .txt file, or text copied out of a PDF): one SourceLine per line; a form feed
// starts a new page, a blank line sets gap_before on the next line. Never fails.
std::vector<SourceLine> plain_text_lines(std::string_view text);

}  // namespace palermo
