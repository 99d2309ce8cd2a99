// Turns one Markdown document converted from a UN PDF into a Document (metadata + paragraphs),
// mending what the conversion broke: paragraphs cut by page breaks, footnotes placed mid-text.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "document/document.h"
#include "domain/domain_data.h"

namespace palermo {

// The text is structured beyond what any real document is (e.g. block quotes nested thousands
// deep); the message says what, for the skipped-file report.
class MalformedDocument : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

inline constexpr int kMaxNesting = 1000;

struct ParseOptions {
  std::string lang_hint;  // "es"/"en" from the file name; used when the text does not say
};

class DocumentParser {
 public:
  // `domain` must outlive the parser. A parser is stateless between calls and may be shared.
  explicit DocumentParser(const DomainData& domain) : domain_(domain) {}

  // Precondition: `markdown` is valid UTF-8. Odd structure becomes narrative text or stays
  // unknown; only nesting deeper than kMaxNesting (block quotes, lists, emphasis within each
  // other), which would exhaust the stack of the walk over it, throws MalformedDocument.
  Document parse(std::string_view markdown, const ParseOptions& options) const;

 private:
  const DomainData& domain_;
};

}  // namespace palermo
