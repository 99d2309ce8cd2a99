// The text of a PDF as printed lines with what its layout tells: page, vertical gaps (paragraph
// spacing), footnotes (smaller type at the foot of the page), headings (bold lines) and footnote
// calls (superscript numbers, taken out of the text). Read with Debian's poppler C++ library
// (page::text_list with font information). Page furniture is left in: DocumentParser::parse_lines
// drops it by its text, the same way for PDF and plain text.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "document/source_lines.h"

namespace palermo {

// The PDF cannot be read: not a PDF, damaged, or encrypted. The message says which.
class UnreadablePdf : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PdfText {
  std::vector<SourceLine> lines;  // reading order, page by page
  int pages = 0;
};

// Throws UnreadablePdf. A PDF without a text layer (a scan) gives no lines; the caller reports it.
PdfText pdf_lines(std::string_view pdf_bytes);

}  // namespace palermo
