// What a paragraph refers to: the Convention and the Protocols it mentions, and the resolutions,
// decisions, documents and articles it cites. The names, keywords and issuers come from
// domain/protocols.tsv, citation_keywords.tsv and citation_issuers.tsv.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/records.h"
#include "domain/domain_data.h"

namespace palermo {

// What a document's own title says, read once per document.
struct DocumentContext {
  std::string title_protocol;  // the one Protocol the title names, or empty
};

struct ParagraphReferences {
  std::vector<std::string> protocols;  // ids in the order of protocols.tsv, each once
  std::vector<Citation> citations;     // in text order, each once
  std::vector<std::string> other_words;  // folded words that are not part of an instrument's name
};

class ReferenceFinder {
 public:
  // `domain` must outlive the finder. Thread-safe after construction.
  explicit ReferenceFinder(const DomainData& domain);

  DocumentContext context_of(std::string_view document_title) const;

  // Precondition: `text` is valid UTF-8.
  ParagraphReferences find(std::string_view text, const DocumentContext& context) const;

  // Whether a folded word introduces citations ("resolucion", "decisions", "art.").
  bool is_citation_keyword(std::string_view folded_word) const;

 private:
  struct Compiled;  // the tables' phrases split into words once, not per paragraph
  const DomainData& domain_;
  std::shared_ptr<const Compiled> compiled_;
};

}  // namespace palermo
