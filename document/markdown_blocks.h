// Flattens a Markdown document (parsed by libcmark) into the sequence of text blocks a reader
// sees, in reading order, with the inline facts the paragraph rules need. Private to document/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace palermo {

struct MarkdownBlock {
  enum class Type { heading, paragraph, page_break };
  Type type = Type::paragraph;
  int heading_level = 0;                   // 1..6 for Markdown headings
  std::vector<std::string> lines;          // plain text, split at soft and hard line breaks, trimmed
  std::string text;                        // lines joined with single spaces
  bool all_strong = false;                 // the block is one bold run: a heading in converted PDFs
  bool all_emphasis = false;               // the block is one italic run
  std::string leading_emphasis;            // text of an italic run that opens the block, if any
  std::string footnote_label;              // "1" when the block is a footnote opening with <sup>1</sup>
  std::vector<std::string> footnote_refs;  // <sup>N</sup> markers inside the text, in order
  int list_number = 0;                     // N for the first block of ordered list item "N."
  bool bullet_item = false;                // first block of a bullet list item

  bool is_page_break() const { return type == Type::page_break; }
};

// Never fails: cmark accepts any input. Precondition: `markdown` is valid UTF-8.
// Inline markup becomes its text (emphasis, strong, links, code); other inline HTML stays as
// written, except <br>, a line break; <sup>N</sup> becomes a footnote reference, or a footnote
// label at the start of a block; a superscript letter after a digit is an ordinal indicator
// ("11<sup>o</sup>" -> "11º"). Raw HTML and code blocks become paragraphs of their literal text
// (an HTML comment alone is dropped). List items are flattened whatever their nesting; a block
// holding several footnote definitions, one per line, becomes one block each.
std::vector<MarkdownBlock> markdown_blocks(std::string_view markdown);

}  // namespace palermo
