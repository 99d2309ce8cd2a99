// Reads the opening of a document that is metadata rather than text. Private to document/.
//
// Two openings are known. A resolution or decision opens with "Resolución 6/4" / "Decision 4/3"
// and its title. A report or note opens with a cover block, recognised by content, not by
// heading markup: organ line, "Distr.", date, language, "Original:", session, place and dates,
// agenda items ("Temas 2, 4 y 5 del programa provisional*") and their titles, the document title,
// and "Nota de la Secretaría".
#pragma once

#include <cstddef>
#include <vector>

#include "document/document.h"
#include "document/markdown_blocks.h"
#include "domain/domain_data.h"

namespace palermo {

// Fills in `meta` what the opening states (type, number, session, dates, place, agenda, title,
// language...) and returns the index of the first block of the body: 0 when there is no known
// opening, blocks.size() when the opening is all there is.
std::size_t read_document_header(const DomainData& domain, const std::vector<MarkdownBlock>& blocks, DocumentMeta& meta);

}  // namespace palermo
