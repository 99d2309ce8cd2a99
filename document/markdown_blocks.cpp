#include "document/markdown_blocks.h"

#include <cmark.h>

#include <array>
#include <memory>
#include <string>
#include <utility>

#include "document/document_parser.h"

namespace palermo {
namespace {

// Superscript letters that, after a number, are ordinal indicators ("11<sup>o</sup>", "13<sup>a</sup>").
constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kOrdinalIndicators{{{"o", "º"}, {"a", "ª"}}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

// Trimmed, with runs of spaces made one (dropped tags and joined runs leave doubled spaces).
std::string tidy(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if (c == '\t') c = ' ';
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out += c;
  }
  return out;
}

std::string_view literal(cmark_node* node) {
  const char* text = cmark_node_get_literal(node);
  return text ? std::string_view(text) : std::string_view();
}

// Footnote numbers inside one <sup>: "1" or "1, 2"; empty when it holds anything else.
std::vector<std::string> footnote_numbers(std::string_view sup) {
  std::vector<std::string> out;
  std::string current;
  for (char c : sup) {
    if (is_digit(c)) {
      current += c;
    } else if (c == ',' || c == ' ') {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      return {};
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

enum class Tag { sup_open, sup_close, line_break, other };

Tag tag_of(std::string_view html) {
  std::string name;
  std::size_t i = html.starts_with('<') ? 1 : 0;
  const bool closing = i < html.size() && html[i] == '/';
  if (closing) ++i;
  for (; i < html.size() && ((html[i] >= 'a' && html[i] <= 'z') || (html[i] >= 'A' && html[i] <= 'Z')); ++i) {
    name += static_cast<char>(html[i] | 0x20);
  }
  if (name == "sup") return closing ? Tag::sup_close : Tag::sup_open;
  if (name == "br") return Tag::line_break;
  return Tag::other;
}

// Each level of nesting costs a frame of the recursive walks below; this bound keeps a hostile
// file (20,000 nested block quotes) from overflowing the stack. UN documents nest a few levels.
class NestingGuard {
 public:
  explicit NestingGuard(int& depth) : depth_(depth) {
    if (++depth_ > kMaxNesting) {
      --depth_;
      throw MalformedDocument("nested more than " + std::to_string(kMaxNesting) +
                              " levels deep (block quotes, lists or emphasis within each other)");
    }
  }
  ~NestingGuard() { --depth_; }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;

 private:
  int& depth_;
};

// One line of rendered inline text and the footnote facts found on it.
struct RenderedLine {
  std::string text;
  std::string opening_footnote;  // <sup>N</sup> that opens the line
  std::vector<std::string> refs;
};

// Renders the inline content of one block into lines.
class InlineRenderer {
 public:
  std::vector<RenderedLine> lines{1};
  std::string leading_emphasis;

  void render(cmark_node* block) {
    render_children(block);
    if (in_sup_) {  // never closed: it was text after all
      in_sup_ = false;
      lines.back().text += "<sup>" + sup_;
    }
  }

 private:
  void render_children(cmark_node* node) {
    const NestingGuard guard(depth_);
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) visit(child);
  }

  void visit(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        append(literal(node));
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        if (in_sup_) {
          sup_ += ' ';
        } else {
          lines.emplace_back();
        }
        break;
      case CMARK_NODE_HTML_INLINE:
        html(literal(node));
        break;
      case CMARK_NODE_EMPH:
        emphasis(node);
        break;
      default:  // strong, link, image (its alt text): their text
        render_children(node);
    }
  }

  bool nothing_rendered() const { return lines.size() == 1 && trim(lines[0].text).empty() && lines[0].opening_footnote.empty(); }

  void emphasis(cmark_node* node) {
    const bool opens_block = nothing_rendered();
    const std::size_t first_line = lines.size() - 1, offset = lines.back().text.size();
    render_children(node);
    if (!opens_block) return;
    std::string text = lines[first_line].text.substr(offset);
    for (std::size_t l = first_line + 1; l < lines.size(); ++l) text += " " + lines[l].text;
    leading_emphasis = tidy(text);
  }

  void append(std::string_view text) {
    if (in_sup_) {
      sup_ += text;
    } else {
      lines.back().text += text;
    }
  }

  // Any tag other than <sup> and <br> is text the author wrote and stays text: dropping it could
  // lose words, and it is escaped wherever text is displayed.
  void html(std::string_view tag) {
    switch (tag_of(tag)) {
      case Tag::sup_open:
        in_sup_ = true;
        sup_.clear();
        sup_opens_line_ = trim(lines.back().text).empty() && lines.back().opening_footnote.empty();
        break;
      case Tag::sup_close:
        if (in_sup_) close_sup();
        break;
      case Tag::line_break:
        if (!in_sup_) lines.emplace_back();
        break;
      case Tag::other:
        append(tag);
        break;
    }
  }

  void close_sup() {
    in_sup_ = false;
    const std::string content = trim(sup_);
    RenderedLine& line = lines.back();
    if (const auto numbers = footnote_numbers(content); !numbers.empty()) {
      if (sup_opens_line_ && numbers.size() == 1) {
        line.opening_footnote = numbers[0];
      } else {
        line.refs.insert(line.refs.end(), numbers.begin(), numbers.end());
      }
      return;
    }
    const bool after_number = !line.text.empty() && is_digit(line.text.back());
    for (const auto& [letter, indicator] : kOrdinalIndicators) {
      if (after_number && content == letter) {
        line.text += indicator;
        return;
      }
    }
    line.text += content;
  }

  bool in_sup_ = false, sup_opens_line_ = false;
  std::string sup_;
  int depth_ = 0;
};

// A block that is a single bold or italic run; spaces, punctuation and footnote markers around
// it do not count.
bool single_run(cmark_node* block, cmark_node_type type) {
  int runs = 0;
  bool in_sup = false;
  for (cmark_node* c = cmark_node_first_child(block); c; c = cmark_node_next(c)) {
    const cmark_node_type t = cmark_node_get_type(c);
    if (t == type) {
      ++runs;
    } else if (t == CMARK_NODE_HTML_INLINE) {
      const Tag tag = tag_of(literal(c));
      if (tag == Tag::other) return false;
      in_sup = tag == Tag::sup_open || (in_sup && tag != Tag::sup_close);
    } else if (t == CMARK_NODE_TEXT) {
      if (!in_sup && literal(c).find_first_not_of(" \t.,;:") != std::string_view::npos) return false;
    } else if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK) {
      return false;
    }
  }
  return runs == 1;
}

void finish_text(MarkdownBlock& b) {
  b.text.clear();
  for (const std::string& l : b.lines) b.text += (b.text.empty() ? "" : " ") + l;
}

class BlockCollector {
 public:
  std::vector<MarkdownBlock> blocks;

  void collect_children(cmark_node* node) {
    const NestingGuard guard(depth_);
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) block(child);
  }

 private:
  void block(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HEADING:
      case CMARK_NODE_PARAGRAPH:
        text_block(node);
        break;
      case CMARK_NODE_CODE_BLOCK:  // text indented by four spaces in the conversion: still text
        literal_block(node);
        break;
      case CMARK_NODE_THEMATIC_BREAK: {
        MarkdownBlock b;
        b.type = MarkdownBlock::Type::page_break;
        blocks.push_back(std::move(b));
        break;
      }
      case CMARK_NODE_LIST:
        list(node);
        break;
      case CMARK_NODE_HTML_BLOCK:
        literal_block(node);
        break;
      default:
        collect_children(node);  // block quotes and the like: their text still counts
    }
  }

  // Item numbers count from the list's start; nesting from stray indentation is flattened.
  void list(cmark_node* node) {
    int number = cmark_node_get_list_start(node);
    const bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
    for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item), ++number) {
      pending_number_ = ordered ? number : 0;
      pending_bullet_ = !ordered;
      collect_children(item);
      pending_number_ = 0;
      pending_bullet_ = false;
    }
  }

  MarkdownBlock new_block(MarkdownBlock::Type type) {
    MarkdownBlock b;
    b.type = type;
    b.list_number = pending_number_;
    b.bullet_item = pending_bullet_;
    pending_number_ = 0;
    pending_bullet_ = false;
    return b;
  }

  void text_block(cmark_node* node) {
    const bool heading = cmark_node_get_type(node) == CMARK_NODE_HEADING;
    MarkdownBlock b = new_block(heading ? MarkdownBlock::Type::heading : MarkdownBlock::Type::paragraph);
    b.heading_level = heading ? cmark_node_get_heading_level(node) : 0;
    b.all_strong = single_run(node, CMARK_NODE_STRONG);
    b.all_emphasis = single_run(node, CMARK_NODE_EMPH);
    InlineRenderer renderer;
    renderer.render(node);
    b.leading_emphasis = std::move(renderer.leading_emphasis);
    if (!renderer.lines.front().opening_footnote.empty()) return footnote_blocks(renderer.lines);
    for (RenderedLine& line : renderer.lines) {
      if (std::string t = tidy(line.text); !t.empty()) b.lines.push_back(std::move(t));
      // A marker that opens a later line still cites: "Convención\n<sup>1</sup>, conforme".
      if (!line.opening_footnote.empty()) b.footnote_refs.push_back(line.opening_footnote);
      b.footnote_refs.insert(b.footnote_refs.end(), line.refs.begin(), line.refs.end());
    }
    finish_text(b);
    if (!b.text.empty()) blocks.push_back(std::move(b));
  }

  // A block opening with <sup>N</sup>: footnote N, and one more footnote for every later line
  // that opens with its own marker (definitions the conversion ran together).
  void footnote_blocks(const std::vector<RenderedLine>& lines) {
    for (const RenderedLine& line : lines) {
      if (!line.opening_footnote.empty()) {
        MarkdownBlock note;
        note.footnote_label = line.opening_footnote;
        blocks.push_back(std::move(note));
      }
      MarkdownBlock& note = blocks.back();
      if (std::string t = tidy(line.text); !t.empty()) note.lines.push_back(std::move(t));
      note.footnote_refs.insert(note.footnote_refs.end(), line.refs.begin(), line.refs.end());
      finish_text(note);
    }
  }

  // Raw HTML or code alone on its lines is text of the document, kept as written (it is escaped
  // wherever it is shown); only an HTML comment, which no reader of the original ever saw, goes.
  void literal_block(cmark_node* node) {
    const std::string_view text = literal(node);
    if (const std::string whole = trim(text); whole.empty() || (whole.starts_with("<!--") && whole.ends_with("-->"))) {
      return;
    }
    MarkdownBlock b = new_block(MarkdownBlock::Type::paragraph);
    std::size_t start = 0;
    while (start < text.size()) {
      auto end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (std::string line = tidy(text.substr(start, end - start)); !line.empty()) b.lines.push_back(std::move(line));
      start = end + 1;
    }
    finish_text(b);
    blocks.push_back(std::move(b));
  }

  int pending_number_ = 0;
  bool pending_bullet_ = false;
  int depth_ = 0;
};

}  // namespace

std::vector<MarkdownBlock> markdown_blocks(std::string_view markdown) {
  const std::unique_ptr<cmark_node, decltype(&cmark_node_free)> root(
      cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT), &cmark_node_free);
  BlockCollector collector;
  if (root) collector.collect_children(root.get());
  return std::move(collector.blocks);
}

}  // namespace palermo
