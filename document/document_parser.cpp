#include "document/document_parser.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "analysis/text.h"
#include "document/markdown_blocks.h"

namespace palermo {
namespace {

using Block = MarkdownBlock;

std::vector<std::string> words_of(std::string_view folded) {
  std::vector<std::string> out;
  std::string w;
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      w += c;
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

bool is_number(const std::string& s) {
  return !s.empty() && s.size() <= 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }
std::string iso(int y, int m, int d) { return std::to_string(y) + "-" + two_digits(m) + "-" + two_digits(d); }

// Days, months and a year in reading order: "6 a 10 de octubre de 2014", "6-10 October 2014",
// "12 de junio de 2014". Returns false when there is no year or no month.
struct DateSpan {
  std::string start, end;
};
bool read_dates(const DomainData& domain, std::string_view folded, DateSpan& span) {
  std::vector<int> days, months;
  int year = 0;
  for (const std::string& w : words_of(folded)) {
    if (is_number(w) && w.size() == 4) {
      year = std::stoi(w);
    } else if (is_number(w)) {
      days.push_back(std::stoi(w));
    } else if (auto m = domain.month(w)) {
      months.push_back(*m);
    }
  }
  if (year == 0 || months.empty() || days.empty() || days.size() > 2 || months.size() > 2) return false;
  for (int d : days) {
    if (d < 1 || d > 31) return false;
  }
  const int first_month = months.front(), last_month = months.back();
  span.start = iso(year, first_month, days.front());
  span.end = iso(year, last_month, days.back());
  return true;
}

// "13 a)", "(a)", "iii)", "(iii)" at the start of a text: the label characters and its length.
struct LeadingLabel {
  std::string value;       // "a", "iii"
  std::size_t length = 0;  // bytes to strip, trailing space included
};
std::optional<LeadingLabel> leading_label(const std::string& text) {
  std::size_t i = 0;
  const bool open = !text.empty() && text[0] == '(';
  if (open) ++i;
  const std::size_t start = i;
  while (i < text.size() && std::islower(static_cast<unsigned char>(text[i])) && i - start < 6) ++i;
  if (i == start || i >= text.size() || text[i] != ')') return std::nullopt;
  const std::string value = text.substr(start, i - start);
  ++i;
  if (i < text.size() && text[i] != ' ') return std::nullopt;
  while (i < text.size() && text[i] == ' ') ++i;
  if (value.size() > 1 && value.find_first_not_of("ivxlc") != std::string::npos) return std::nullopt;
  return LeadingLabel{value, i};
}

bool is_roman(const std::string& s) { return !s.empty() && s.find_first_not_of("ivxlc") == std::string::npos; }

std::string to_roman(int n) {
  static const std::pair<int, const char*> table[] = {{100, "c"}, {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"},
                                                      {9, "ix"},  {5, "v"},   {4, "iv"}, {1, "i"}};
  std::string out;
  for (const auto& [v, s] : table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}
int from_roman(const std::string& s) {
  for (int n = 1; n < 200; ++n) {
    if (to_roman(n) == s) return n;
  }
  return 0;
}

bool ends_a_sentence(const std::string& text) {
  std::size_t end = text.find_last_not_of(" \"”’»)*");
  if (end == std::string::npos) return false;
  const char last = text[end];
  return last == '.' || last == ';' || last == ':' || last == '!' || last == '?';
}

std::string slug(const std::string& label) {
  std::string out;
  for (char c : label) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (c == ' ' && !out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// A paragraph's text is a lone document symbol: "CTOC/COP/2014/1." (the agenda's footnote).
std::optional<std::string> lone_symbol(std::string text) {
  if (text.starts_with("* ")) text = text.substr(2);
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  if (text.find(' ') != std::string::npos || text.find('/') == std::string::npos || text.size() < 5) return std::nullopt;
  if (!std::isupper(static_cast<unsigned char>(text[0]))) return std::nullopt;
  return text;
}

class Parse {
 public:
  Parse(const DomainData& domain, const ParseOptions& options, std::vector<Block> blocks)
      : domain_(domain), blocks_(std::move(blocks)) {
    doc_.meta.lang = options.lang_hint;
  }

  Document run() {
    std::size_t i = read_resolution_heading();
    if (i == 0) i = read_cover();
    settle_metadata();
    add_title();
    for (; i < blocks_.size(); ++i) body_block(blocks_[i]);
    link_footnotes();
    return std::move(doc_);
  }

 private:
  // "Resolución 6/4" / "Decisión 4/3" then its title. Returns the index of the first body block,
  // or 0 when the document does not open that way.
  std::size_t read_resolution_heading() {
    for (std::size_t i = 0; i < blocks_.size() && i < 3; ++i) {
      if (blocks_[i].type == Block::Type::page_break) continue;
      const std::string folded = fold(blocks_[i].text);
      const auto type = domain_.document_type_at_start(folded);
      if (!type || (type->first != "resolution" && type->first != "decision")) return 0;
      const std::vector<std::string> rest = words_of(folded.substr(type->second));
      if (rest.size() != 2 || !is_number(rest[0]) || !is_number(rest[1])) return 0;
      doc_.meta.type = type->first;
      doc_.meta.number = rest[0] + "/" + rest[1];
      doc_.meta.session = std::stoi(rest[0]);
      std::size_t t = i + 1;
      while (t < blocks_.size() && blocks_[t].type == Block::Type::page_break) ++t;
      if (t < blocks_.size()) doc_.meta.title = blocks_[t].text;
      return t + 1;
    }
    return 0;
  }

  // The cover block of a report or note: organ, Distr., date, language, session, place, agenda
  // items and their titles, title, "Nota de la Secretaría". Returns the first body block.
  std::size_t read_cover() {
    bool has_cover = false;
    for (std::size_t i = 0; i < blocks_.size() && i < 4; ++i) {
      for (const std::string& line : blocks_[i].lines) has_cover |= domain_.cover_line_meaning(fold(line)) == "distribution";
    }
    if (!has_cover) return 0;
    bool seen_cover_line = false;
    std::size_t titles_pending = 0, next_title = 0;
    std::size_t i = 0;
    for (; i < blocks_.size(); ++i) {
      const Block& b = blocks_[i];
      if (b.type == Block::Type::page_break) continue;
      if (titles_pending > 0) {
        doc_.meta.agenda[next_title++].title = b.text;
        --titles_pending;
        continue;
      }
      bool recognised = false;
      for (const std::string& line : b.lines) {
        if (cover_line(line, titles_pending)) recognised = true;
      }
      if (recognised) {
        seen_cover_line = true;
        next_title = 0;
        continue;
      }
      if (!seen_cover_line) continue;  // the organ line above "Distr."
      const std::string folded = fold(b.text);
      if (const auto type = domain_.document_type_at_start(folded);
          type && type->second == folded.size() && (type->first == "note" || type->first == "report")) {
        doc_.meta.type = type->first;
        ++i;
        break;
      }
      if (!doc_.meta.title.empty()) break;
      doc_.meta.title = b.text;
    }
    if (doc_.meta.type.empty()) {
      const auto type = domain_.document_type_at_start(fold(doc_.meta.title));
      if (type && type->first == "report") doc_.meta.type = "report";
    }
    return i;
  }

  bool cover_line(const std::string& line, std::size_t& titles_pending) {
    const std::string folded = fold(line);
    const std::string meaning = domain_.cover_line_meaning(folded);
    DateSpan span;
    if (meaning == "distribution") return true;
    if (meaning == "original_language") {
      const auto colon = folded.find(':');
      if (colon != std::string::npos) {
        if (auto code = domain_.language_named(words_of(folded.substr(colon + 1)).empty() ? "" : words_of(folded.substr(colon + 1))[0])) {
          doc_.meta.original_lang = *code;
        }
      }
      return true;
    }
    if (auto code = domain_.language_named(folded)) {
      doc_.meta.lang = *code;
      return true;
    }
    if (meaning == "session") {
      const auto w = words_of(folded);
      if (!w.empty()) {
        if (auto n = domain_.session_from_ordinal(w[0])) doc_.meta.session = *n;
      }
      return true;
    }
    if (meaning == "agenda") {
      std::size_t count = 0;
      for (const std::string& w : words_of(folded)) {
        if (is_number(w)) {
          doc_.meta.agenda.push_back({std::stoi(w), {}});
          ++count;
        }
      }
      titles_pending = count;
      return true;
    }
    const auto comma = line.find(',');
    if (comma != std::string::npos && read_dates(domain_, fold(line.substr(comma + 1)), span) && doc_.meta.place.empty()) {
      doc_.meta.place = line.substr(0, comma);
      doc_.meta.session_start = span.start;
      doc_.meta.session_end = span.end;
      return true;
    }
    if (comma == std::string::npos && doc_.meta.date.empty() && words_of(folded).size() <= 5 &&
        read_dates(domain_, folded, span) && span.start == span.end) {
      doc_.meta.date = span.start;
      return true;
    }
    return false;
  }

  void settle_metadata() {
    DocumentMeta& m = doc_.meta;
    if (!m.date.empty()) {
      m.year = std::stoi(m.date.substr(0, 4));
    } else if (m.session) {
      if (const Session* s = domain_.session(*m.session)) m.year = s->year;
    }
    const bool by_conference = m.type == "resolution" || m.type == "decision";
    m.body = by_conference ? "COP" : (m.type.empty() ? "" : "SEC");
    const auto named = domain_.bodies_named_in(fold(m.title));
    default_body_ = named.size() == 1 ? named[0]->id : m.body;
  }

  void add_title() {
    if (doc_.meta.title.empty()) return;
    Paragraph p;
    p.kind = ParagraphKind::heading;
    p.text = doc_.meta.title;
    p.body = default_body_;
    emit(std::move(p));
  }

  // ---- body ----

  struct Heading {
    int level;
    std::string text;
    std::string body;
  };

  std::string current_body() const {
    for (auto it = headings_.rbegin(); it != headings_.rend(); ++it) {
      if (!it->body.empty()) return it->body;
    }
    return default_body_;
  }

  std::vector<std::string> section() const {
    std::vector<std::string> out;
    for (const Heading& h : headings_) out.push_back(h.text);
    return out;
  }

  bool in_resolution() const { return doc_.meta.type == "resolution" || doc_.meta.type == "decision"; }

  void body_block(const Block& b) {
    if (b.type == Block::Type::page_break) return;
    if (!b.footnote_label.empty()) return footnote(b.footnote_label, b.text);
    if (auto symbol = lone_symbol(b.text); symbol && (b.text.starts_with("* ") || b.bullet_item)) {
      if (doc_.meta.agenda_symbol.empty() && !doc_.meta.agenda.empty()) {
        doc_.meta.agenda_symbol = *symbol;
        return;
      }
      return footnote("*", b.text.starts_with("* ") ? b.text.substr(2) : b.text);
    }
    const auto label = b.list_number > 0 ? std::nullopt : leading_label(b.text);
    const bool unlabeled = b.list_number == 0 && !label;
    // A new italic opening (*Observando* ...) always starts a paragraph, even after a comma.
    if (unlabeled && b.type != Block::Type::heading && !b.all_strong && b.leading_emphasis.empty() &&
        continues_previous()) {
      Paragraph& prev = doc_.paragraphs[last_text_];
      prev.text += " " + b.text;
      prev.footnotes.insert(prev.footnotes.end(), b.footnote_refs.begin(), b.footnote_refs.end());
      return;
    }
    if (b.type == Block::Type::heading || b.all_strong ||
        (unlabeled && !in_resolution() && !ends_a_sentence(b.text) && b.text.size() < 400 && b.leading_emphasis.empty())) {
      return heading(b);
    }
    Paragraph p;
    p.text = b.text;
    p.footnotes = b.footnote_refs;
    if (b.list_number > 0) {
      numbered(p, b);
    } else if (label) {
      lettered(p, b, *label);
    } else {
      unnumbered(p, b);
    }
    p.section = section();
    p.body = current_body();
    emit(std::move(p));
    last_text_ = doc_.paragraphs.size() - 1;
  }

  bool continues_previous() const {
    if (last_text_ == npos) return false;
    return !ends_a_sentence(doc_.paragraphs[last_text_].text);
  }

  void heading(const Block& b) {
    const int level = b.type == Block::Type::heading ? b.heading_level : 7;
    while (!headings_.empty() && headings_.back().level >= level) headings_.pop_back();
    const auto named = domain_.bodies_named_in(fold(b.text));
    headings_.push_back({level, b.text, named.size() == 1 ? named[0]->id : std::string()});
    number_ = 0;
    letter_.clear();
    roman_.clear();
    parent_verb_ = parent_verb_text_ = "";
    letter_verb_ = letter_verb_text_ = "";
    Paragraph p;
    p.kind = ParagraphKind::heading;
    p.text = b.text;
    p.section = section();
    p.section.pop_back();
    p.body = current_body();
    emit(std::move(p));
    last_text_ = npos;
  }

  void read_verb(Paragraph& p, const Block& b) {
    const std::string source = b.leading_emphasis.empty() ? p.text : b.leading_emphasis;
    const std::string folded = fold(source);
    if (const Verb* v = domain_.verb_at_start(folded)) {
      p.verb = v->id;
      // The verb as written: as many words as the matched form has.
      std::size_t words = 0;
      for (const std::string& form : v->forms) {
        if (folded.starts_with(form)) words = std::max(words, words_of(form).size());
      }
      std::size_t end = 0;
      for (std::size_t n = 0; n < words && end != std::string::npos; ++n) {
        end = source.find_first_not_of(' ', end);
        end = source.find(' ', end);
      }
      p.verb_text = source.substr(0, end);
      while (!p.verb_text.empty() && (p.verb_text.back() == ',' || p.verb_text.back() == ';')) p.verb_text.pop_back();
    }
  }

  void numbered(Paragraph& p, const Block& b) {
    number_ = b.list_number;
    letter_.clear();
    roman_.clear();
    p.label = std::to_string(number_);
    p.kind = in_resolution() ? ParagraphKind::operative : ParagraphKind::narrative;
    if (in_resolution()) read_verb(p, b);
    parent_verb_ = p.verb;
    parent_verb_text_ = p.verb_text;
  }

  void lettered(Paragraph& p, const Block& b, const LeadingLabel& label) {
    p.text = p.text.substr(label.length);
    const bool next_letter = label.value.size() == 1 &&
                             ((letter_.empty() && label.value == "a") ||
                              (!letter_.empty() && label.value[0] == letter_[0] + 1));
    const bool next_roman = is_roman(label.value) && !letter_.empty() &&
                            (label.value == "i" || (!roman_.empty() && from_roman(label.value) == from_roman(roman_) + 1));
    const std::string prefix = number_ > 0 ? std::to_string(number_) + " " : "";
    if (next_roman && !next_letter) {
      roman_ = label.value;
      p.label = prefix + letter_ + ") " + roman_ + ")";
      p.verb = letter_verb_;
      p.verb_text = letter_verb_text_;
    } else {
      letter_ = label.value;
      roman_.clear();
      p.label = prefix + letter_ + ")";
      if (number_ > 0) {
        p.verb = parent_verb_;
        p.verb_text = parent_verb_text_;
      } else if (in_resolution()) {
        Block stripped = b;
        stripped.leading_emphasis.clear();
        read_verb(p, stripped);
      }
      letter_verb_ = p.verb;
      letter_verb_text_ = p.verb_text;
    }
    p.kind = !in_resolution() ? ParagraphKind::narrative
                              : (number_ > 0 ? ParagraphKind::operative : ParagraphKind::recommendation);
  }

  void unnumbered(Paragraph& p, const Block& b) {
    p.kind = ParagraphKind::narrative;
    if (in_resolution() && !b.leading_emphasis.empty() && !b.all_emphasis) {
      read_verb(p, b);
      p.kind = ParagraphKind::preambular;
    }
  }

  void footnote(const std::string& label, const std::string& text) {
    Paragraph p;
    p.kind = ParagraphKind::footnote;
    p.label = label;
    p.text = text;
    p.section = section();
    if (!p.text.empty()) emit(std::move(p));
  }

  void emit(Paragraph p) {
    std::string anchor = p.kind == ParagraphKind::footnote ? "fn-" + (p.label == "*" ? std::string("star") : slug(p.label))
                                                           : slug(p.label);
    if (anchor.empty()) anchor = "s" + std::to_string(doc_.paragraphs.size() + 1);
    std::string unique = anchor;
    for (int n = 2; anchors_.count(unique); ++n) unique = anchor + "-" + std::to_string(n);
    anchors_.insert(unique);
    p.anchor = unique;
    doc_.paragraphs.push_back(std::move(p));
  }

  void link_footnotes() {
    std::map<std::string, Paragraph*> notes;
    for (Paragraph& p : doc_.paragraphs) {
      if (p.kind == ParagraphKind::footnote && !notes.count(p.label)) notes[p.label] = &p;
    }
    for (const Paragraph& p : doc_.paragraphs) {
      for (const std::string& ref : p.footnotes) {
        auto it = notes.find(ref);
        if (it == notes.end()) continue;
        if (it->second->cited_by.empty()) it->second->body = p.body;
        it->second->cited_by.push_back(p.anchor);
      }
    }
    for (auto& [label, note] : notes) {
      if (note->body.empty()) note->body = doc_.meta.body;
    }
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  const DomainData& domain_;
  std::vector<Block> blocks_;
  Document doc_;
  std::string default_body_;
  std::vector<Heading> headings_;
  std::set<std::string> anchors_;
  std::size_t last_text_ = npos;
  int number_ = 0;
  std::string letter_, roman_;
  std::string parent_verb_, parent_verb_text_, letter_verb_, letter_verb_text_;
};

}  // namespace

Document DocumentParser::parse(std::string_view markdown, const ParseOptions& options) const {
  return Parse(domain_, options, markdown_blocks(markdown)).run();
}

}  // namespace palermo
