#include "document/document_header.h"

#include <string>

#include "analysis/text.h"
#include "document/text_scan.h"

namespace palermo {
namespace {

// How many blocks may precede the "Distr." line (organ line, symbol, page break; in text read
// from a page, "United Nations" and an organ line wrapped in two).
constexpr std::size_t kCoverSearchDepth = 6;
// Without a "Distr." line, the session or agenda line is found this far down (symbol, date,
// language, organ line before it).
constexpr std::size_t kCoverWithoutDistributionDepth = 10;
// A place is a city's name: "Vienna", "Viena", "Nueva York".
constexpr std::size_t kMaxPlaceWords = 3;
// A date line is short: "12 de junio de 2014", "Friday, 12 June 2014".
constexpr std::size_t kMaxDateLineWords = 6;
// A resolution's title is at most this long; a longer block is its text.
constexpr std::size_t kMaxTitleBytes = 400;
// A session line is the ordinal and the marker: "Séptimo período de sesiones", "Twelfth session".
constexpr std::size_t kMaxSessionLineWords = 4;

std::size_t skip_page_breaks(const std::vector<MarkdownBlock>& blocks, std::size_t i) {
  while (i < blocks.size() && blocks[i].is_page_break()) ++i;
  return i;
}

// "6/4" -> {6, 4}; nullopt for anything else.
std::optional<std::pair<int, int>> resolution_number(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '.')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '.')) text.remove_suffix(1);
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view session = text.substr(0, slash), number = text.substr(slash + 1);
  if (!is_number(session) || !is_number(number)) return std::nullopt;
  return std::make_pair(std::stoi(std::string(session)), std::stoi(std::string(number)));
}

class HeaderReader {
 public:
  HeaderReader(const DomainData& domain, const std::vector<MarkdownBlock>& blocks, DocumentMeta& meta)
      : domain_(domain), blocks_(blocks), meta_(meta) {}

  std::size_t read() {
    if (const auto body = read_numbered_opening()) return *body;
    if (has_cover()) return read_cover();
    return 0;
  }

 private:
  // "Resolución 6/4" then the title, a heading or a bold line. Returns the first body block.
  std::optional<std::size_t> read_numbered_opening() {
    const std::size_t i = skip_page_breaks(blocks_, 0);
    if (i >= blocks_.size()) return std::nullopt;
    const std::string folded = fold(blocks_[i].text);
    const auto type = domain_.document_type_at_start(folded);
    if (!type) return std::nullopt;
    const auto number = resolution_number(std::string_view(folded).substr(type->second));
    if (!number) return std::nullopt;
    meta_.type = type->first;
    meta_.number = std::to_string(number->first) + "/" + std::to_string(number->second);
    meta_.session = number->first;
    const std::size_t t = skip_page_breaks(blocks_, i + 1);
    if (t < blocks_.size() && is_title(blocks_[t])) {
      meta_.title = blocks_[t].text;
      return t + 1;
    }
    return t;
  }

  // The title under "Resolución 6/4": a heading or a bold line; in text without markup, a short
  // block that ends no sentence and no clause (the Conference's opening line ends with a comma).
  static bool is_title(const MarkdownBlock& b) {
    if (b.type == MarkdownBlock::Type::heading || b.all_strong) return true;
    return b.list_number == 0 && b.footnote_label.empty() && b.text.size() <= kMaxTitleBytes &&
           !ends_with_final_punctuation(b.text) && !b.text.ends_with(',');
  }

  // A "Distr." line near the top; or, for papers printed without one (conference room papers),
  // a session or agenda line a little further down.
  bool has_cover() const {
    for (std::size_t i = 0; i < blocks_.size() && i < kCoverWithoutDistributionDepth; ++i) {
      for (const std::string& line : blocks_[i].lines) {
        const std::string meaning = domain_.cover_line_meaning(fold(line));
        if (meaning == "distribution" && i < kCoverSearchDepth) return true;
        if (meaning == "session" || meaning == "agenda") return true;
      }
    }
    return false;
  }

  // A block that is one document-type marker and nothing else: "Nota de la Secretaría".
  std::optional<std::string> type_line(const MarkdownBlock& b) const {
    const std::string folded = fold(b.text);
    const auto type = domain_.document_type_at_start(folded);
    if (type && words_of(folded).size() == words_of(folded.substr(0, type->second)).size()) return type->first;
    return std::nullopt;
  }

  // Agenda titles follow the agenda line; a numbered paragraph or a footnote means they ran out.
  bool can_be_agenda_title(const MarkdownBlock& b) const {
    return b.list_number == 0 && b.footnote_label.empty() && !type_line(b);
  }

  std::size_t read_cover() {
    std::size_t i = 0;
    for (; i < blocks_.size(); ++i) {
      const MarkdownBlock& b = blocks_[i];
      if (b.is_page_break()) continue;
      if (next_title_ < meta_.agenda.size() && can_be_agenda_title(b)) {
        meta_.agenda[next_title_++].title = b.text;
        continue;
      }
      if (cover_block(b)) continue;
      if (!seen_distribution_) {
        if (const auto symbol = lone_document_symbol(b.text)) meta_.symbol = *symbol;
        continue;  // the organ line above "Distr."
      }
      if (const auto type = type_line(b)) {
        meta_.type = *type;
        return i + 1;
      }
      if (const auto body = body_line(b)) {  // "Working Group on Firearms": whose meeting, not a title
        meta_.body = *body;
        continue;
      }
      if (!meta_.title.empty() || b.list_number > 0 || !b.footnote_label.empty()) break;
      meta_.title = b.text;
    }
    // A report names itself in its title ("Informe sobre la reunión..."); it has no note line.
    if (meta_.type.empty() && !meta_.title.empty()) {
      if (const auto type = domain_.document_type_at_start(fold(meta_.title))) meta_.type = type->first;
    }
    // "Report of the Conference … on its fourth session, held in …": the session is in the title.
    if (!meta_.session && !meta_.title.empty()) meta_.session = session_named_in(fold(meta_.title));
    return i;
  }

  // The ordinal right before a session marker: "fourth session", "cuarto período de sesiones".
  std::optional<int> session_named_in(const std::string& folded) const {
    const std::vector<std::string> words = words_of(folded);
    for (std::size_t w = 0; w + 1 < words.size(); ++w) {
      std::string rest;
      for (std::size_t k = w + 1; k < words.size() && k < w + 1 + kMaxSessionLineWords; ++k) {
        rest += (rest.empty() ? "" : " ") + words[k];
        if (domain_.cover_line_meaning(words[w] + " " + rest) == "session") {
          if (const auto n = domain_.session_from_ordinal(words[w])) return n;
        }
      }
    }
    return std::nullopt;
  }

  // A block that is nothing but the name of one subsidiary body: "Working Group on Firearms".
  std::optional<std::string> body_line(const MarkdownBlock& b) const {
    const std::string folded = fold(b.text);
    if (domain_.document_type_at_start(folded)) return std::nullopt;
    const auto named = domain_.bodies_named_in(folded);
    if (named.size() != 1) return std::nullopt;
    for (const std::string& pattern : named.front()->patterns) {
      if (words_of(pattern) == words_of(folded)) return named.front()->id;
    }
    return std::nullopt;
  }

  // True when the block's first line is a cover line; the lines after it are read as well.
  bool cover_block(const MarkdownBlock& b) {
    if (b.lines.empty() || !cover_line(b.lines.front())) return false;
    for (std::size_t l = 1; l < b.lines.size(); ++l) cover_line(b.lines[l]);
    return true;
  }

  bool cover_line(const std::string& line) {
    const std::string folded = fold(line);
    const std::string meaning = domain_.cover_line_meaning(folded);
    if (meaning == "distribution") {
      seen_distribution_ = true;
      // "Distr.: General 12 June 2014": the date on the same line.
      if (const auto span = read_date_span(domain_, folded); span && span->start == span->end && meta_.date.empty()) {
        meta_.date = span->start;
      }
      return true;
    }
    if (meaning == "original_language") return original_language(folded);
    if (meaning == "session" && session_line(folded)) {
      seen_distribution_ = true;  // a paper without a "Distr." line: the cover is under way
      return true;
    }
    if (meaning == "agenda" && agenda_line(folded)) return true;
    if (const auto code = domain_.language_named(folded)) {
      meta_.lang = *code;
      return true;
    }
    return place_and_dates(line) || distribution_date(folded);
  }

  bool original_language(const std::string& folded) {
    const auto colon = folded.find(':');
    const std::vector<std::string> words = words_of(colon == std::string::npos ? std::string() : folded.substr(colon + 1));
    if (!words.empty()) {
      if (const auto code = domain_.language_named(words.front())) meta_.original_lang = *code;
    }
    return true;
  }

  bool session_line(const std::string& folded) {
    const std::vector<std::string> words = words_of(folded);
    if (words.empty() || words.size() > kMaxSessionLineWords) return false;
    const auto number = domain_.session_from_ordinal(words.front());
    if (!number) return false;
    meta_.session = *number;
    return true;
  }

  // "Temas 2, 4 y 5 del programa provisional", "Item 2 (b) of the provisional agenda", "Tema 2 b)".
  bool agenda_line(const std::string& folded) {
    std::vector<AgendaItem> items;
    const std::vector<std::string> words = words_of(folded);
    for (std::size_t w = 0; w < words.size(); ++w) {
      if (is_number(words[w])) {
        items.push_back({std::stoi(words[w]), {}, {}});
      } else if (!items.empty() && items.back().sub_item.empty() && words[w].size() == 1 &&
                 (folded.find("(" + words[w] + ")") != std::string::npos ||
                  folded.find(" " + words[w] + ")") != std::string::npos)) {  // Spanish "Tema 2 b)"
        items.back().sub_item = words[w];
      }
    }
    if (items.empty()) return false;
    meta_.agenda.insert(meta_.agenda.end(), items.begin(), items.end());
    return true;
  }

  // "Viena, 6 a 10 de octubre de 2014" / "Vienna, 6-10 October 2014".
  bool place_and_dates(const std::string& line) {
    const auto comma = line.find(',');
    if (comma == std::string::npos || !meta_.place.empty()) return false;
    if (words_of(line.substr(0, comma)).size() > kMaxPlaceWords) return false;  // a title with a comma
    const auto span = read_date_span(domain_, fold(line.substr(comma + 1)));
    if (!span) return false;
    meta_.place = line.substr(0, comma);
    meta_.session_start = span->start;
    meta_.session_end = span->end;
    return true;
  }

  // "12 de junio de 2014" / "12 June 2014", under "Distr.".
  bool distribution_date(const std::string& folded) {
    if (!meta_.date.empty() || words_of(folded).size() > kMaxDateLineWords) return false;
    const auto span = read_date_span(domain_, folded);
    if (!span || span->start != span->end) return false;
    meta_.date = span->start;
    return true;
  }

  const DomainData& domain_;
  const std::vector<MarkdownBlock>& blocks_;
  DocumentMeta& meta_;
  bool seen_distribution_ = false;
  std::size_t next_title_ = 0;
};

}  // namespace

std::size_t read_document_header(const DomainData& domain, const std::vector<MarkdownBlock>& blocks, DocumentMeta& meta) {
  return HeaderReader(domain, blocks, meta).read();
}

}  // namespace palermo
