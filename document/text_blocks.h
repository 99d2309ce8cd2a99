// Turns the lines of a printed page (plain text, or a PDF's text) into the same blocks the
// Markdown path makes, so that one set of header, label, kind, verb, body and footnote rules reads
// every format. Private to document/.
//
// What it does, in order:
// - reads lines set in two columns side by side (pdftotext -layout's cover) column by column,
//   and puts a footnote label printed on a line of its own back in front of the footnote's text;
// - drops page furniture: the UN job number ("V.18-00000 (E)" and the dates after it, with the page number "2/5"), the
//   barcode line ("*1800000*"), page numbers, the running header (the document's own symbol,
//   possibly with a page number: it would make the document cite itself), lines that
//   cover_lines.tsv calls "furniture", and a contents page (its heading and its entries);
// - splits a line holding a whole page at numbered paragraphs ("… end. 2. The …") and items;
// - cuts blocks at blank lines or layout gaps, at numbered paragraphs "N." in sequence, at item
//   markers after ":" or ";", at lines the header reader knows (cover lines, "Resolution 9/1"),
//   at chapter and section headings ("II. ", "A. "), after a short line that ends a sentence,
//   before lines that end no sentence after one that did (a heading), and after a short line
//   followed by a capital (a heading), mending hyphenation at line ends;
// - makes footnotes: lines the PDF reader marked, or, in plain text, lines after a rule ("____")
//   or opening with a label that a word of the text calls ("Protocols1," calls footnote 1).
#pragma once

#include <string>
#include <vector>

#include "document/markdown_blocks.h"
#include "document/source_lines.h"
#include "domain/domain_data.h"

namespace palermo {

struct TextBlocks {
  std::vector<MarkdownBlock> blocks;
  std::string running_symbol;  // the symbol printed as running header, empty if none was seen
};

TextBlocks text_blocks(const DomainData& domain, std::vector<SourceLine> lines);

}  // namespace palermo
