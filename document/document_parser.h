// Turns one Markdown document converted from a UN PDF into a Document (metadata + paragraphs),
// mending what the conversion broke: paragraphs cut by page breaks, footnotes placed mid-text.
#pragma once

#include <string>
#include <string_view>

#include "document/document.h"
#include "domain/domain_data.h"

namespace palermo {

struct ParseOptions {
  std::string lang_hint;  // "es"/"en" from the file name; used when the text does not say
};

class DocumentParser {
 public:
  // `domain` must outlive the parser. A parser is stateless between calls and may be shared.
  explicit DocumentParser(const DomainData& domain) : domain_(domain) {}

  // Precondition: `markdown` is valid UTF-8. Never throws on odd structure: what cannot be
  // recognised becomes narrative text or stays unknown.
  Document parse(std::string_view markdown, const ParseOptions& options) const;

 private:
  const DomainData& domain_;
};

}  // namespace palermo
