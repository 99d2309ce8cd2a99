#include "document/markdown_blocks.h"

#include <cmark.h>

#include <memory>

namespace palermo {
namespace {

bool is_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Renders the inline content of one block.
class InlineRenderer {
 public:
  explicit InlineRenderer(MarkdownBlock& block) : block_(block) { block_.lines.emplace_back(); }

  void render(cmark_node* node) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) visit(child, 0);
    finish();
  }

 private:
  void visit(cmark_node* node, int emphasis_depth) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        append(cmark_node_get_literal(node));
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        if (!in_sup_) block_.lines.emplace_back();
        break;
      case CMARK_NODE_HTML_INLINE:
        html(cmark_node_get_literal(node));
        break;
      case CMARK_NODE_EMPH:
      case CMARK_NODE_STRONG: {
        const bool opens_block = nothing_yet();
        const std::size_t line = block_.lines.size() - 1, start = block_.lines.back().size();
        for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) visit(c, emphasis_depth + 1);
        if (opens_block && cmark_node_get_type(node) == CMARK_NODE_EMPH && block_.leading_emphasis.empty() &&
            line == block_.lines.size() - 1) {
          block_.leading_emphasis = trim(block_.lines.back().substr(start));
        }
        break;
      }
      default:
        for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) visit(c, emphasis_depth);
    }
  }

  bool nothing_yet() const { return block_.lines.size() == 1 && trim(block_.lines[0]).empty(); }

  void append(const char* text) {
    if (text == nullptr) return;
    if (in_sup_) {
      sup_ += text;
    } else {
      block_.lines.back() += text;
    }
  }

  // <sup>N</sup> is a footnote marker (at the start of a block: the footnote itself); any other
  // superscript ("11<sup>o</sup>") is an ordinal indicator and stays in the text, as does any
  // other inline HTML.
  void html(const char* literal) {
    const std::string tag = literal ? literal : "";
    if (tag == "<sup>") {
      in_sup_ = true;
      sup_.clear();
      sup_at_start_ = nothing_yet();
    } else if (tag != "</sup>") {
      append(literal);  // other markup is text the author wrote: keep it (it is escaped on display)
    } else if (in_sup_) {
      in_sup_ = false;
      const std::string label = trim(sup_);
      if (is_digits(label) && sup_at_start_ && block_.footnote_label.empty()) {
        block_.footnote_label = label;
      } else if (is_digits(label)) {
        block_.footnote_refs.push_back(label);
      } else {
        block_.lines.back() += label == "o" ? "º" : label == "a" ? "ª" : label;
      }
    }
  }

  void finish() {
    std::vector<std::string> lines;
    for (const std::string& l : block_.lines) {
      std::string t = trim(l);
      if (!t.empty()) lines.push_back(std::move(t));
    }
    block_.lines = std::move(lines);
    block_.leading_emphasis = trim(block_.leading_emphasis);
    for (const std::string& l : block_.lines) block_.text += (block_.text.empty() ? "" : " ") + l;
  }

  MarkdownBlock& block_;
  bool in_sup_ = false, sup_at_start_ = false;
  std::string sup_;
};

// A block that is a single bold or italic run (ignoring surrounding spaces and punctuation).
bool single_run(cmark_node* block, cmark_node_type type) {
  int runs = 0;
  for (cmark_node* c = cmark_node_first_child(block); c; c = cmark_node_next(c)) {
    const cmark_node_type t = cmark_node_get_type(c);
    if (t == type) {
      ++runs;
    } else if (t == CMARK_NODE_TEXT) {
      const std::string s = cmark_node_get_literal(c) ? cmark_node_get_literal(c) : "";
      if (s.find_first_not_of(" \t.,;:") != std::string::npos) return false;
    } else if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK) {
      return false;
    }
  }
  return runs == 1;
}

class BlockCollector {
 public:
  std::vector<MarkdownBlock> blocks;

  void collect(cmark_node* node) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) block(child);
  }

 private:
  void block(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HEADING:
      case CMARK_NODE_PARAGRAPH:
        text_block(node);
        break;
      case CMARK_NODE_THEMATIC_BREAK: {
        MarkdownBlock b;
        b.type = MarkdownBlock::Type::page_break;
        blocks.push_back(std::move(b));
        break;
      }
      case CMARK_NODE_LIST: {
        // Item numbers count from the list's start; nesting from stray indentation is flattened.
        int number = cmark_node_get_list_start(node);
        const bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
        for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item), ++number) {
          pending_number_ = ordered ? number : 0;
          pending_bullet_ = !ordered;
          collect(item);
          pending_number_ = 0;
          pending_bullet_ = false;
        }
        break;
      }
      case CMARK_NODE_HTML_BLOCK:
      case CMARK_NODE_CODE_BLOCK:
        literal_block(node);
        break;
      default:
        collect(node);  // block quotes, items: their text still counts
    }
  }

  // Raw HTML or code alone on its lines is text of the document, kept as written (it is escaped
  // wherever it is shown); only an HTML comment, which no reader of the original ever saw, goes.
  void literal_block(cmark_node* node) {
    const std::string literal = cmark_node_get_literal(node) ? cmark_node_get_literal(node) : "";
    const auto first = literal.find_first_not_of(" \t\r\n");
    const auto last = literal.find_last_not_of(" \t\r\n");
    if (first == std::string::npos) return;
    const std::string whole = literal.substr(first, last - first + 1);
    if (whole.starts_with("<!--") && whole.ends_with("-->")) return;
    MarkdownBlock b;
    b.type = MarkdownBlock::Type::paragraph;
    b.list_number = pending_number_;
    b.bullet_item = pending_bullet_;
    pending_number_ = 0;
    pending_bullet_ = false;
    std::size_t start = 0;
    while (start < literal.size()) {
      std::size_t end = literal.find('\n', start);
      if (end == std::string::npos) end = literal.size();
      if (std::string line = trim(literal.substr(start, end - start)); !line.empty()) {
        b.text += (b.text.empty() ? "" : " ") + line;
        b.lines.push_back(std::move(line));
      }
      start = end + 1;
    }
    if (!b.text.empty()) blocks.push_back(std::move(b));
  }

  void text_block(cmark_node* node) {
    MarkdownBlock b;
    const bool heading = cmark_node_get_type(node) == CMARK_NODE_HEADING;
    b.type = heading ? MarkdownBlock::Type::heading : MarkdownBlock::Type::paragraph;
    b.heading_level = heading ? cmark_node_get_heading_level(node) : 0;
    b.all_strong = single_run(node, CMARK_NODE_STRONG);
    b.all_emphasis = single_run(node, CMARK_NODE_EMPH);
    b.list_number = pending_number_;
    b.bullet_item = pending_bullet_;
    pending_number_ = 0;
    pending_bullet_ = false;
    InlineRenderer(b).render(node);
    if (!b.text.empty() || !b.footnote_label.empty()) blocks.push_back(std::move(b));
  }

  int pending_number_ = 0;
  bool pending_bullet_ = false;
};

}  // namespace

std::vector<MarkdownBlock> markdown_blocks(std::string_view markdown) {
  std::unique_ptr<cmark_node, decltype(&cmark_node_free)> root(
      cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT), &cmark_node_free);
  BlockCollector collector;
  if (root) collector.collect(root.get());
  return std::move(collector.blocks);
}

}  // namespace palermo
