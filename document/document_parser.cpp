#include "document/document_parser.h"

#include <algorithm>
#include <set>
#include <span>

#include "analysis/text.h"
#include "document/document_header.h"
#include "document/item_labels.h"
#include "document/markdown_blocks.h"
#include "document/text_blocks.h"
#include "document/text_scan.h"

namespace palermo {
namespace {

// An unnumbered line longer than this is a paragraph, however it ends.
constexpr std::size_t kMaxHeadingLength = 300;
// Bold and plain-line headings rank below every Markdown heading level.
constexpr int kInlineHeadingLevel = 7;
// "\* CTOC/COP/2014/1.": the footnote of the agenda line, marked with an asterisk.
constexpr std::string_view kStarMarker = "* ";
constexpr std::string_view kStarLabel = "*";

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// The body whose id is a component of `symbol` after its first two ("CTOC/COP/WG.6/2023/2" ->
// WG.6); nullptr for the Conference's own documents ("CTOC/COP/2014/5").
const Body* body_of_symbol(const DomainData& domain, std::string_view symbol) {
  constexpr std::size_t kSeriesComponents = 2;  // "CTOC/COP": the series every document shares
  std::size_t component = 0, start = 0;
  while (start <= symbol.size()) {
    const std::size_t end = std::min(symbol.find('/', start), symbol.size());
    if (component++ >= kSeriesComponents) {
      if (const Body* b = domain.body(symbol.substr(start, end - start))) return b;
    }
    start = end + 1;
  }
  return nullptr;
}

// Year from the distribution date, else from the session; issuing body from the document type.
void settle_metadata(const DomainData& domain, DocumentMeta& meta) {
  if (meta.date.size() >= 4) {
    meta.year = std::stoi(meta.date.substr(0, 4));
  } else if (meta.session) {
    if (const Session* s = domain.session(*meta.session)) meta.year = s->year;
  }
  if (meta.body.empty()) {
    if (const Body* issuer = domain.issuing_body(meta.type)) meta.body = issuer->id;
  }
  // "CTOC/COP/WG.6/2023/2": a working group's document, whoever wrote it.
  if (const Body* group = body_of_symbol(domain, meta.symbol)) meta.body = group->id;
}

struct SectionHeading {
  int level = 0;
  std::optional<HeadingRank> rank;  // from its numbering ("II.", "A."), nullopt when unnumbered
  std::string text;
  std::string body;                       // the one body the heading names, else empty
  const SectionKind* kind = nullptr;      // the kind of the paragraphs under it (section_kinds.tsv)
};

// Whether `next` ends the section of `open` (they are siblings, or `next` is above it). Levels
// decide first (Markdown's #, ##; a PDF's larger type). At one level (bold lines, one type size,
// plain text) the UN numbering does: "A." goes under "II.", "II." ends "A." and "I."; an
// unnumbered heading goes under a numbered one and beside an unnumbered one. `below` are the
// headings under which `open` stands.
bool ends_section(const SectionHeading& open, const SectionHeading& next, std::span<const SectionHeading> below) {
  if (open.level != next.level) return open.level > next.level;
  if (open.rank && next.rank) return *open.rank >= *next.rank;
  if (!next.rank) return !open.rank;
  // A numbered heading after an unnumbered one: beside it when the unnumbered one stands under a
  // heading this one also ends ("II." after "I. Recommendations" > "Agenda item 2"), else under
  // it ("A." under "Recommendations adopted by the Working Group").
  return std::any_of(below.begin(), below.end(), [&](const SectionHeading& h) {
    return h.level == next.level && h.rank && *h.rank >= *next.rank;
  });
}

struct VerbRead {
  std::string id, text;
};

// Builds the paragraphs of a document's body from its blocks, in reading order: kinds, labels,
// verbs, sections and bodies, paragraphs cut by page breaks joined, footnotes linked.
class ParagraphAssembler {
 public:
  ParagraphAssembler(const DomainData& domain, const std::vector<MarkdownBlock>& blocks, Document& doc)
      : domain_(domain), blocks_(blocks), doc_(doc) {}

  void assemble(std::size_t first_body_block) {
    default_body_ = body_named_by(doc_.meta.title);
    if (default_body_.empty()) default_body_ = doc_.meta.body;
    add_title();
    add_agenda_titles();
    for (std::size_t i = first_body_block; i < blocks_.size(); ++i) add_block(i);
    link_footnotes();
  }

 private:
  // ---- one block ----

  void add_block(std::size_t i) {
    const MarkdownBlock& b = blocks_[i];
    if (b.is_page_break()) return;
    if (!b.footnote_label.empty()) return add_footnote(b.footnote_label, b.text, b.footnote_refs);
    if (agenda_footnote(b)) return;
    const auto marker = b.list_number > 0 ? std::nullopt : item_marker_at_start(b.text);
    const bool labelled = b.list_number > 0 || marker.has_value();
    if (!labelled && continues_previous(b)) return append_to_previous(b);
    if (is_heading(i, labelled)) return add_heading(b);
    Paragraph p;
    p.text = b.text;
    p.footnotes = b.footnote_refs;
    if (b.list_number > 0) {
      numbered(p, b);
    } else if (marker) {
      item(p, *marker);
    } else {
      unlabelled(p, b);
    }
    p.section = section_path();
    p.body = section_body();
    last_text_ = emit(std::move(p));
  }

  // "\* CTOC/COP/2014/1." (or, unescaped, a bullet item holding only the symbol): the symbol of
  // the provisional agenda, which is metadata; any other "\* ..." is a footnote labelled "*".
  bool agenda_footnote(const MarkdownBlock& b) {
    const bool starred = b.text.starts_with(kStarMarker);
    const std::string text = starred ? b.text.substr(kStarMarker.size()) : b.text;
    const auto symbol = lone_document_symbol(text);
    if (symbol && (starred || b.bullet_item) && !doc_.meta.agenda.empty() && doc_.meta.agenda_symbol.empty()) {
      doc_.meta.agenda_symbol = *symbol;
      return true;
    }
    if (!starred) return false;
    add_footnote(std::string(kStarLabel), text, b.footnote_refs);
    return true;
  }

  // ---- page breaks ----

  // A paragraph cut by a page break goes on in the next block: the paragraph has not ended its
  // sentence and the block is neither labelled, a heading, nor a new italic opening (*Recordando*).
  bool continues_previous(const MarkdownBlock& b) const {
    if (last_text_ == kNone || b.type == MarkdownBlock::Type::heading || b.all_strong) return false;
    if (!b.leading_emphasis.empty() && domain_.verb_at_start(fold(b.leading_emphasis))) return false;
    return !ends_with_final_punctuation(doc_.paragraphs[last_text_].text);
  }

  void append_to_previous(const MarkdownBlock& b) {
    Paragraph& p = doc_.paragraphs[last_text_];
    p.text += " " + b.text;
    p.footnotes.insert(p.footnotes.end(), b.footnote_refs.begin(), b.footnote_refs.end());
  }

  // ---- headings, sections, bodies ----

  // Markdown headings and bold lines are headings; so is, outside resolutions, a short line
  // without final punctuation that introduces numbered paragraphs ("Informes sobre las reuniones
  // del Grupo de Trabajo ... celebradas en Viena ..." before paragraph 1).
  bool is_heading(std::size_t i, bool labelled) const {
    const MarkdownBlock& b = blocks_[i];
    if (b.type == MarkdownBlock::Type::heading || b.all_strong) return true;
    if (labelled || numbered_document() || !b.leading_emphasis.empty()) return false;
    if (b.text.size() > kMaxHeadingLength || ends_with_final_punctuation(b.text)) return false;
    return next_body_block_is_labelled(i);
  }

  bool next_body_block_is_labelled(std::size_t i) const {
    for (std::size_t j = i + 1; j < blocks_.size(); ++j) {
      const MarkdownBlock& next = blocks_[j];
      if (next.is_page_break() || !next.footnote_label.empty() || next.text.starts_with(kStarMarker)) continue;
      return next.list_number > 0 || item_marker_at_start(next.text).has_value();
    }
    return false;
  }

  void add_heading(const MarkdownBlock& b) {
    const int level = b.type == MarkdownBlock::Type::heading ? b.heading_level : kInlineHeadingLevel;
    SectionHeading heading{level, heading_rank(b.text), b.text, body_named_by(b.text), domain_.section_kind(fold(b.text))};
    while (!headings_.empty() &&
           ends_section(headings_.back(), heading, std::span<const SectionHeading>(headings_).first(headings_.size() - 1))) {
      headings_.pop_back();
    }
    Paragraph p;
    p.kind = ParagraphKind::heading;
    p.text = b.text;
    p.section = section_path();
    headings_.push_back(std::move(heading));
    p.body = section_body();
    numbering_.restart();
    number_verb_ = letter_verb_ = {};
    emit(std::move(p));
    last_text_ = kNone;
  }

  // The one body `text` names, or empty when it names none or several.
  std::string body_named_by(const std::string& text) const {
    const auto named = domain_.bodies_named_in(fold(text));
    return named.size() == 1 ? named.front()->id : std::string();
  }

  // The body of the nearest heading that names one, else the document's.
  std::string section_body() const {
    for (auto h = headings_.rbegin(); h != headings_.rend(); ++h) {
      if (!h->body.empty()) return h->body;
    }
    return default_body_;
  }

  std::vector<std::string> section_path() const {
    std::vector<std::string> path;
    for (const SectionHeading& h : headings_) path.push_back(h.text);
    return path;
  }

  // ---- labels, kinds, verbs ----

  bool numbered_document() const { return !doc_.meta.number.empty(); }

  // The nearest heading such as "Recommendations adopted by the Working Group" (section_kinds.tsv)
  // the paragraph stands under, else nullptr.
  const SectionKind* section_kind() const {
    for (auto h = headings_.rbegin(); h != headings_.rend(); ++h) {
      if (h->kind != nullptr) return h->kind;
    }
    return nullptr;
  }

  // Outside a resolution or decision, a paragraph under a heading of section_kinds.tsv, numbered,
  // lettered or not, is of the section's kind: under "Recommendations adopted by the Working
  // Group", "States parties should ..." is a recommendation, with the verb that opens it if any;
  // not the paragraph that only introduces them ("... adopted the following recommendations:").
  void in_report_section(Paragraph& p) const {
    const SectionKind* section = section_kind();
    if (section == nullptr || section->is_lead_in(fold(p.text))) return;
    const auto kind = paragraph_kind_from_string(section->kind);  // DomainData::load checked it
    if (!kind) return;
    p.kind = *kind;
    if (*kind == ParagraphKind::recommendation || *kind == ParagraphKind::operative) set_verb(p, read_verb(p.text));
  }

  void numbered(Paragraph& p, const MarkdownBlock& b) {
    p.label = numbering_.number(b.list_number).label;
    operative_part_started_ = true;
    p.kind = ParagraphKind::narrative;
    if (numbered_document()) {
      p.kind = ParagraphKind::operative;
      set_verb(p, read_verb(b.leading_emphasis.empty() ? b.text : b.leading_emphasis));
    } else {
      in_report_section(p);
    }
    number_verb_ = {p.verb, p.verb_text};
    letter_verb_ = {};
  }

  // Lettered items of a numbered paragraph share its verb ("13 a)" urges as 13 does); lettered
  // items standing alone are, in the decision's own text, its operative paragraphs ("The
  // Conference …: (a) Welcomes …"), and under a heading (an annex of a working group's
  // recommendations) recommendations; their verb opens them, italic or not. Roman sub-items
  // share their letter's verb.
  void item(Paragraph& p, const ItemMarker& marker) {
    p.text = p.text.substr(marker.length);
    const PlacedItem placed = numbering_.item(marker.value);
    p.label = placed.label;
    p.kind = ParagraphKind::narrative;
    if (!numbered_document()) {
      in_report_section(p);
      if (placed.level == ItemLevel::roman && p.kind == ParagraphKind::recommendation) set_verb(p, letter_verb_);
      if (placed.level != ItemLevel::roman) letter_verb_ = {p.verb, p.verb_text};
      return;
    }
    const bool issuers_own = numbering_.under_number() || headings_.empty();
    p.kind = issuers_own ? ParagraphKind::operative : ParagraphKind::recommendation;
    if (placed.level == ItemLevel::roman) return set_verb(p, letter_verb_);
    set_verb(p, numbering_.under_number() ? number_verb_ : read_verb(p.text));
    letter_verb_ = {p.verb, p.verb_text};
  }

  // Before the first numbered paragraph of a resolution, a paragraph opening in italics is
  // preambular (*Observando* ...); the italic line naming the Conference is not. In a report, an
  // unlabelled paragraph takes its section's kind.
  void unlabelled(Paragraph& p, const MarkdownBlock& b) {
    p.kind = ParagraphKind::narrative;
    if (!numbered_document()) return in_report_section(p);
    if (!operative_part_started_ && !b.leading_emphasis.empty() && !b.all_emphasis) {
      p.kind = ParagraphKind::preambular;
      set_verb(p, read_verb(b.leading_emphasis));
    }
  }

  // The verb `opening` begins with, and as many of its words as the matched form has.
  VerbRead read_verb(std::string_view opening) const {
    const std::string folded = fold(opening);
    const Verb* verb = domain_.verb_at_start(folded);
    if (verb == nullptr) return {};
    std::size_t words = 0;
    for (const std::string& form : verb->forms) {
      if (starts_with_words(folded, form)) words = std::max(words, words_of(form).size());
    }
    return {verb->id, leading_words(opening, words)};
  }

  static void set_verb(Paragraph& p, const VerbRead& verb) {
    p.verb = verb.id;
    p.verb_text = verb.text;
  }

  // ---- footnotes ----

  void add_footnote(const std::string& label, const std::string& text, const std::vector<std::string>& refs) {
    Paragraph p;
    p.kind = ParagraphKind::footnote;
    p.label = label;
    p.text = text;
    p.footnotes = refs;
    p.section = section_path();
    emit(std::move(p));
  }

  // Each reference goes to the footnote with its label that follows the citing paragraph most
  // closely (footnotes sit at the foot of the page), else the nearest one before it. A footnote
  // takes the body and section of the first paragraph citing it, else the issuing body.
  void link_footnotes() {
    std::vector<Paragraph>& ps = doc_.paragraphs;
    for (std::size_t k = 0; k < ps.size(); ++k) {
      if (ps[k].kind == ParagraphKind::footnote) continue;
      for (const std::string& ref : ps[k].footnotes) {
        const std::size_t n = footnote_for(ref, k);
        if (n == kNone) continue;
        Paragraph& note = ps[n];
        if (note.cited_by.empty()) {
          note.body = ps[k].body;
          note.section = ps[k].section;
        }
        if (std::find(note.cited_by.begin(), note.cited_by.end(), ps[k].anchor) == note.cited_by.end()) {
          note.cited_by.push_back(ps[k].anchor);
        }
      }
    }
    for (Paragraph& p : ps) {
      if (p.kind == ParagraphKind::footnote && p.cited_by.empty()) p.body = doc_.meta.body.empty() ? default_body_ : doc_.meta.body;
    }
  }

  std::size_t footnote_for(const std::string& label, std::size_t citing) const {
    const std::vector<Paragraph>& ps = doc_.paragraphs;
    std::size_t before = kNone;
    for (std::size_t n = 0; n < ps.size(); ++n) {
      if (ps[n].kind != ParagraphKind::footnote || ps[n].label != label) continue;
      if (n > citing) return n;
      before = n;
    }
    return before;
  }

  // ---- output ----

  void add_title() {
    if (doc_.meta.title.empty()) return;
    Paragraph p;
    p.kind = ParagraphKind::heading;
    p.text = doc_.meta.title;
    p.body = default_body_;
    emit(std::move(p));
  }

  // The titles of the agenda items the document is submitted under ("Technical assistance"):
  // headings after the title, so that their words are found and shown like any text. Anchored
  // "agenda-5", "agenda-2-b", outside the positional numbering of the other paragraphs.
  void add_agenda_titles() {
    for (const AgendaItem& a : doc_.meta.agenda) {
      if (a.title.empty()) continue;
      Paragraph p;
      p.kind = ParagraphKind::heading;
      p.text = a.title;
      p.body = default_body_;
      p.anchor = "agenda-" + std::to_string(a.item) + (a.sub_item.empty() ? "" : "-" + url_slug(a.sub_item));
      emit(std::move(p));
      ++agenda_headings_;
    }
  }

  // Appends `p` with a unique anchor: the one it has, else from its label ("13-a", "fn-1"), else
  // from its position ("s3", agenda headings not counted). Paragraphs without text are dropped.
  // Returns the paragraph's index.
  std::size_t emit(Paragraph p) {
    if (p.text.empty()) return kNone;
    const std::size_t index = doc_.paragraphs.size();
    std::string anchor = p.anchor.empty() ? url_slug(p.label) : p.anchor;
    if (p.kind == ParagraphKind::footnote) anchor = "fn-" + (anchor.empty() ? "star" : anchor);
    if (anchor.empty()) anchor = "s" + std::to_string(index + 1 - agenda_headings_);
    p.anchor = anchor;
    for (int n = 2; anchors_.contains(p.anchor); ++n) p.anchor = anchor + "-" + std::to_string(n);
    anchors_.insert(p.anchor);
    doc_.paragraphs.push_back(std::move(p));
    return index;
  }

  const DomainData& domain_;
  const std::vector<MarkdownBlock>& blocks_;
  Document& doc_;
  std::string default_body_;
  std::vector<SectionHeading> headings_;
  std::set<std::string> anchors_;
  std::size_t last_text_ = kNone;  // the paragraph a cut-off block would continue
  std::size_t agenda_headings_ = 0;
  ItemNumbering numbering_;
  bool operative_part_started_ = false;
  VerbRead number_verb_, letter_verb_;
};

Document parse_blocks(const DomainData& domain, const std::vector<MarkdownBlock>& blocks, const std::string& running_symbol,
                      const ParseOptions& options) {
  Document doc;
  doc.meta.lang = options.lang_hint;
  const std::size_t first_body_block = read_document_header(domain, blocks, doc.meta);
  if (doc.meta.symbol.empty() && doc.meta.number.empty()) doc.meta.symbol = running_symbol;
  settle_metadata(domain, doc.meta);
  ParagraphAssembler(domain, blocks, doc).assemble(first_body_block);
  return doc;
}

}  // namespace

Document DocumentParser::parse(std::string_view markdown, const ParseOptions& options) const {
  return parse_blocks(domain_, markdown_blocks(markdown), {}, options);
}

Document DocumentParser::parse_lines(std::vector<SourceLine> lines, const ParseOptions& options) const {
  const TextBlocks text = text_blocks(domain_, std::move(lines));
  return parse_blocks(domain_, text.blocks, text.running_symbol, options);
}

}  // namespace palermo
