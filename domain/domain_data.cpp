#include "domain/domain_data.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <initializer_list>
#include <set>
#include <stdexcept>

#include "analysis/text.h"

namespace palermo {
namespace {

struct Row {
  int line = 0;
  std::vector<std::string> fields;
  const std::string& operator[](std::size_t i) const { return fields[i]; }
  std::string field(std::size_t i) const { return i < fields.size() ? fields[i] : std::string(); }
};

// One tab-separated table. Every complaint names the file and the line.
class Table {
 public:
  // `columns` is the header the file must have; the first `required` columns may not be empty.
  Table(const std::filesystem::path& path, std::initializer_list<std::string_view> columns, std::size_t required)
      : path_(path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read domain table " + path.string());
    const std::vector<std::string_view> expected(columns);
    bool header_seen = false;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line.starts_with('#')) continue;
      if (utf8_error(line)) fail(number, "not valid UTF-8");
      Row row{number, split(line)};
      if (!header_seen) {
        header_seen = true;
        if (!std::equal(row.fields.begin(), row.fields.end(), expected.begin(), expected.end())) {
          fail(number, "header must name the columns " + joined(expected));
        }
        continue;
      }
      if (row.fields.size() < required || row.fields.size() > expected.size()) {
        fail(number, "expected " + std::to_string(expected.size()) + " tab-separated fields (" + joined(expected) +
                         "), found " + std::to_string(row.fields.size()));
      }
      for (std::size_t i = 0; i < required; ++i) {
        if (row.fields[i].empty()) fail(number, "column " + std::string(expected[i]) + " is empty");
      }
      rows_.push_back(std::move(row));
    }
    if (!header_seen) throw std::runtime_error(path.string() + ": no header line");
  }

  const std::vector<Row>& rows() const { return rows_; }

  [[noreturn]] void fail(int line, const std::string& what) const {
    throw std::runtime_error(path_.filename().string() + ":" + std::to_string(line) + ": " + what + " (" +
                             path_.string() + ")");
  }

  int number(const Row& row, std::size_t column, int min, int max) const {
    const std::string& text = row[column];
    int value = 0;
    for (char c : text) {
      if (c < '0' || c > '9' || value > max) fail(row.line, "\"" + text + "\" is not a number");
      value = value * 10 + (c - '0');
    }
    if (text.empty() || value < min || value > max) {
      fail(row.line, "\"" + text + "\" is not a number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return value;
  }

  // The |-separated alternatives of a field as written, blanks trimmed and empty ones dropped.
  static std::vector<std::string> written_alternatives(const Row& row, std::size_t column) {
    std::vector<std::string> out;
    const std::string field = row.field(column);
    std::size_t start = 0;
    while (start <= field.size()) {
      auto bar = field.find('|', start);
      if (bar == std::string::npos) bar = field.size();
      const std::string item = field.substr(start, bar - start);
      if (const auto first = item.find_first_not_of(' '); first != std::string::npos) {
        out.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
      }
      start = bar + 1;
    }
    return out;
  }

  // The same alternatives folded (case and accents), the form every lookup compares with.
  static std::vector<std::string> alternatives(const Row& row, std::size_t column) {
    std::vector<std::string> out;
    for (const std::string& item : written_alternatives(row, column)) {
      if (std::string folded = fold(item); !folded.empty()) out.push_back(std::move(folded));
    }
    return out;
  }

 private:
  static std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const auto tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) return fields;
      start = tab + 1;
    }
  }

  static std::string joined(const std::vector<std::string_view>& names) {
    std::string out;
    for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
  }

  std::filesystem::path path_;
  std::vector<Row> rows_;
};

}  // namespace

DomainData DomainData::load(const std::filesystem::path& dir) {
  DomainData d;

  const Table bodies(dir / "bodies.tsv", {"id", "name_es", "name_en", "patterns", "subjects"}, 3);
  for (const Row& r : bodies.rows()) {
    if (d.body(r[0])) bodies.fail(r.line, "body " + r[0] + " listed twice");
    // Subject ids are checked once subjects.tsv is read, below.
    d.bodies_.push_back({r[0], {r[1], r[2]}, Table::alternatives(r, 3), Table::written_alternatives(r, 4)});
  }

  const Table sessions(dir / "sessions.tsv", {"number", "year", "ordinals", "name_es", "name_en", "start", "end"}, 5);
  for (const Row& r : sessions.rows()) {
    const int number = sessions.number(r, 0, 1, 999);
    if (d.session(number)) sessions.fail(r.line, "session " + r[0] + " listed twice");
    Session session{number, sessions.number(r, 1, 1000, 9999), sessions.alternatives(r, 2), {r[3], r[4]}, r.field(5), r.field(6)};
    for (const std::string& day : {session.start, session.end}) {
      const bool iso = day.size() == 10 && day[4] == '-' && day[7] == '-' &&
                       std::all_of(day.begin(), day.end(), [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
      if (!day.empty() && (!iso || day.substr(0, 4) != r[1])) {
        sessions.fail(r.line, "start and end must be YYYY-MM-DD dates in the session's year, not \"" + day + "\"");
      }
    }
    if (session.start.empty() != session.end.empty() || session.start > session.end) {
      sessions.fail(r.line, "give both start and end, start first, or neither");
    }
    d.sessions_.push_back(std::move(session));
  }

  const Table months(dir / "months.tsv", {"number", "names"}, 2);
  for (const Row& r : months.rows()) {
    const int number = months.number(r, 0, 1, 12);
    for (std::string& name : months.alternatives(r, 1)) d.months_.emplace_back(std::move(name), number);
  }

  const Table verbs(dir / "verbs.tsv", {"id", "kind", "forms", "name_es", "name_en"}, 5);
  for (const Row& r : verbs.rows()) {
    if (r[1] != "preambular" && r[1] != "operative") verbs.fail(r.line, "kind must be preambular or operative");
    if (d.verb(r[0])) verbs.fail(r.line, "verb " + r[0] + " listed twice");
    d.verbs_.push_back({r[0], r[1], verbs.alternatives(r, 2), {r[3], r[4]}});
  }

  const Table languages(dir / "languages.tsv", {"code", "names"}, 2);
  for (const Row& r : languages.rows()) {
    for (std::string& name : languages.alternatives(r, 1)) d.languages_.emplace_back(std::move(name), r[0]);
  }

  const Table types(dir / "document_types.tsv", {"type", "markers", "issuer"}, 2);
  for (const Row& r : types.rows()) {
    const std::string issuer = r.field(2);
    if (!issuer.empty() && !d.body(issuer)) types.fail(r.line, "issuer " + issuer + " is not in bodies.tsv");
    if (!issuer.empty()) d.issuers_.emplace_back(r[0], issuer);
    for (std::string& marker : types.alternatives(r, 1)) d.document_types_.emplace_back(std::move(marker), r[0]);
  }
  // Longest marker first, so that "nota de la secretaria" is not read as a shorter marker.
  std::stable_sort(d.document_types_.begin(), d.document_types_.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

  const Table cover(dir / "cover_lines.tsv", {"marker", "position", "meaning"}, 3);
  for (const Row& r : cover.rows()) {
    if (r[1] != "start" && r[1] != "end") cover.fail(r.line, "position must be start or end");
    // The parser acts on these meanings only; any other would be silently ignored.
    if (r[2] != "distribution" && r[2] != "original_language" && r[2] != "session" && r[2] != "agenda" &&
        r[2] != "contents" && r[2] != "furniture") {
      cover.fail(r.line, "meaning must be distribution, original_language, session, agenda, contents or furniture");
    }
    for (std::string& marker : cover.alternatives(r, 0)) d.cover_lines_.push_back({std::move(marker), r[1] == "start", r[2]});
  }

  const Table sections(dir / "section_kinds.tsv", {"markers", "kind", "lead_ins"}, 2);
  for (const Row& r : sections.rows()) {
    static constexpr std::array<std::string_view, 6> kKinds{"heading", "preambular", "operative", "recommendation", "narrative", "footnote"};
    if (std::find(kKinds.begin(), kKinds.end(), r[1]) == kKinds.end()) sections.fail(r.line, "kind " + r[1] + " is not a paragraph kind");
    d.section_kind_rows_.push_back({r[1], Table::alternatives(r, 2)});
    for (std::string& marker : sections.alternatives(r, 0)) d.section_markers_.emplace_back(std::move(marker), d.section_kind_rows_.size() - 1);
  }

  const Table instruments(dir / "protocols.tsv", {"id", "name_es", "name_en", "patterns", "subjects"}, 4);
  for (const Row& r : instruments.rows()) {
    if (d.instrument(r[0])) instruments.fail(r.line, "instrument " + r[0] + " listed twice");
    d.instruments_.push_back({r[0], {r[1], r[2]}, Table::alternatives(r, 3), Table::alternatives(r, 4)});
  }

  const Table keywords(dir / "citation_keywords.tsv", {"id", "name_es", "name_en", "forms"}, 4);
  for (const Row& r : keywords.rows()) d.citation_keywords_.push_back({r[0], {r[1], r[2]}, Table::alternatives(r, 3)});

  const Table issuers(dir / "citation_issuers.tsv", {"id", "format", "name_es", "name_en", "before", "after"}, 4);
  for (const Row& r : issuers.rows()) {
    if (r[1].find("{}") == std::string::npos) issuers.fail(r.line, "format must hold {} where the cited number goes");
    d.citation_issuers_.push_back({r[0], r[1], {r[2], r[3]}, Table::alternatives(r, 4), Table::alternatives(r, 5)});
  }
  // The first issuer is the default for an unqualified citation, so there must be one.
  if (d.citation_issuers_.empty()) {
    throw std::runtime_error((dir / "citation_issuers.tsv").string() +
                             ": no issuer listed; the first row is the default for an unqualified \"resolución 7/1\"");
  }

  // Glossary forms stay as written: the searcher stems them with each language's own analyser.
  const Table glossary(dir / "glossary.tsv", {"id", "category", "es", "en"}, 4);
  std::set<std::string> glossary_ids;
  for (const Row& r : glossary.rows()) {
    if (!glossary_ids.insert(r[0]).second) glossary.fail(r.line, "term " + r[0] + " listed twice");
    d.glossary_.push_back({r[0], r[1], {{"es", Table::written_alternatives(r, 2)}, {"en", Table::written_alternatives(r, 3)}}});
  }

  // The thesaurus. Glossary entries are named by id, not copied: their forms become entry terms.
  const Table subjects(dir / "subjects.tsv", {"id", "label_es", "label_en", "broader", "glossary", "terms_es", "terms_en"}, 3);
  for (const Row& r : subjects.rows()) {
    if (d.subject(r[0])) subjects.fail(r.line, "subject " + r[0] + " listed twice");
    Subject s{r[0], Table::written_alternatives(r, 3), {r[1], r[2]}, {}};
    for (const std::string& id : Table::written_alternatives(r, 4)) {
      const auto entry = std::find_if(d.glossary_.begin(), d.glossary_.end(), [&](const GlossaryEntry& g) { return g.id == id; });
      if (entry == d.glossary_.end()) subjects.fail(r.line, "glossary term " + id + " is not in glossary.tsv");
      for (const auto& [lang, forms] : entry->forms) s.terms[lang].insert(s.terms[lang].end(), forms.begin(), forms.end());
    }
    for (const auto& [lang, column] : {std::pair<std::string, std::size_t>{"es", 5}, {"en", 6}}) {
      for (std::string& term : Table::written_alternatives(r, column)) s.terms[lang].push_back(std::move(term));
    }
    if (s.terms["es"].empty() || s.terms["en"].empty()) {
      subjects.fail(r.line, "subject " + r[0] + " needs entry terms in both languages (glossary or terms_es/terms_en)");
    }
    // The label the interface shows (cards, sidebar) names the subject too: delegates type what
    // they see ("recomendaciones sobre recursos y donantes"). Read from the label columns, never copied.
    for (const auto& [lang, label] : {std::pair<std::string, std::string>{"es", r[1]}, {"en", r[2]}}) {
      const std::string folded = casefold(label);
      auto& terms = s.terms[lang];
      if (std::none_of(terms.begin(), terms.end(), [&](const std::string& t) { return casefold(t) == folded; })) terms.push_back(label);
    }
    d.subjects_.push_back(std::move(s));
  }
  for (const Row& r : subjects.rows()) {
    for (const std::string& broader : Table::written_alternatives(r, 3)) {
      if (!d.subject(broader)) subjects.fail(r.line, "broader subject " + broader + " is not in subjects.tsv");
    }
  }
  for (const Row& r : subjects.rows()) {
    // Following broader links from a subject must end at top subjects, never come back to it.
    std::vector<std::string> walk = Table::written_alternatives(r, 3);
    for (std::size_t at = 0; at < walk.size(); ++at) {
      if (walk[at] == r[0]) subjects.fail(r.line, "subject " + r[0] + " is its own broader subject (a cycle)");
      for (const std::string& next : d.subject(walk[at])->broader) {
        if (std::find(walk.begin(), walk.end(), next) == walk.end()) walk.push_back(next);
      }
    }
  }
  for (const Row& r : bodies.rows()) {
    for (const std::string& id : Table::written_alternatives(r, 4)) {
      if (!d.subject(id)) bodies.fail(r.line, "subject " + id + " is not in subjects.tsv");
    }
  }

  const Table intents(dir / "query_intents.tsv", {"kind", "position", "es", "en"}, 4);

  const Table facets(dir / "facet_labels.tsv", {"facet", "value", "label_es", "label_en"}, 4);
  for (const Row& r : facets.rows()) d.facet_labels_.push_back({r[0], r[1], {r[2], r[3]}});

  const Table forms(dir / "citation_forms.tsv", {"id", "form_es", "form_en"}, 3);
  for (const Row& r : forms.rows()) d.citation_forms_.push_back({r[0], {r[1], r[2]}});
  for (const char* id : {"paragraph", "footnote", "preamble", "unofficial"}) {
    const bool present = std::any_of(d.citation_forms_.begin(), d.citation_forms_.end(),
                                     [&](const auto& f) { return f.first == id; });
    if (!present) throw std::runtime_error("citation_forms.tsv: no row for \"" + std::string(id) + "\" (" + (dir / "citation_forms.tsv").string() + ")");
  }

  // A query intent filters on a paragraph kind: one the index knows (has a label), or it would find nothing.
  for (const Row& r : intents.rows()) {
    if (!d.facet_label("kind", r[0])) intents.fail(r.line, "kind " + r[0] + " has no label in facet_labels.tsv (not a paragraph kind)");
    if (r[1] != "start" && r[1] != "end") intents.fail(r.line, "position must be start or end");
    d.query_intents_.push_back({r[0], r[1] == "start", {{"es", Table::written_alternatives(r, 2)}, {"en", Table::written_alternatives(r, 3)}}});
  }

  return d;
}

const Body* DomainData::body(std::string_view id) const {
  const std::string wanted = fold(id);
  for (const Body& b : bodies_) {
    if (fold(b.id) == wanted) return &b;
  }
  return nullptr;
}

std::vector<const Body*> DomainData::bodies_named_in(std::string_view folded_text) const {
  std::vector<const Body*> out;
  for (const Body& b : bodies_) {
    if (std::any_of(b.patterns.begin(), b.patterns.end(), [&](const std::string& p) { return contains_words(folded_text, p); })) {
      out.push_back(&b);
    }
  }
  return out;
}

const InstrumentName* DomainData::instrument(std::string_view id) const {
  for (const InstrumentName& i : instruments_) {
    if (i.id == id) return &i;
  }
  return nullptr;
}

const Subject* DomainData::subject(std::string_view id) const {
  for (const Subject& s : subjects_) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::vector<std::string> DomainData::subject_and_broader(std::string_view id) const {
  std::vector<std::string> out;
  if (subject(id) == nullptr) return out;
  out.emplace_back(id);
  // Breadth first, each subject once: nearest first, and a subject under two reached once.
  for (std::size_t at = 0; at < out.size(); ++at) {
    for (const std::string& next : subject(out[at])->broader) {
      if (std::find(out.begin(), out.end(), next) == out.end()) out.push_back(next);
    }
  }
  return out;
}

const Session* DomainData::session(int number) const {
  for (const Session& s : sessions_) {
    if (s.number == number) return &s;
  }
  return nullptr;
}

std::optional<int> DomainData::session_from_ordinal(std::string_view folded_word) const {
  for (const Session& s : sessions_) {
    if (std::find(s.ordinals.begin(), s.ordinals.end(), folded_word) != s.ordinals.end()) return s.number;
  }
  return std::nullopt;
}

std::optional<int> DomainData::month(std::string_view folded_name) const {
  for (const auto& [name, number] : months_) {
    if (name == folded_name) return number;
  }
  return std::nullopt;
}

const Verb* DomainData::verb_at_start(std::string_view folded_words) const {
  const Verb* best = nullptr;
  std::size_t best_length = 0;
  for (const Verb& v : verbs_) {
    for (const std::string& form : v.forms) {
      if (form.size() > best_length && starts_with_words(folded_words, form)) {
        best = &v;
        best_length = form.size();
      }
    }
  }
  return best;
}

const Verb* DomainData::verb(std::string_view id) const {
  for (const Verb& v : verbs_) {
    if (v.id == id) return &v;
  }
  return nullptr;
}

std::optional<std::string> DomainData::language_named(std::string_view folded_line) const {
  for (const auto& [name, code] : languages_) {
    if (name == folded_line) return code;
  }
  return std::nullopt;
}

std::optional<std::pair<std::string, std::size_t>> DomainData::document_type_at_start(std::string_view folded_line) const {
  for (const auto& [marker, type] : document_types_) {
    if (starts_with_words(folded_line, marker)) return std::make_pair(type, marker.size());
  }
  return std::nullopt;
}

bool DomainData::is_document_type(std::string_view type) const {
  return std::any_of(document_types_.begin(), document_types_.end(), [&](const auto& m) { return m.second == type; });
}

std::string DomainData::document_type_list() const {
  std::vector<std::string> types;
  for (const auto& [marker, type] : document_types_) {
    if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
  }
  std::sort(types.begin(), types.end());
  std::string list;
  for (const std::string& t : types) list += (list.empty() ? "" : ", ") + t;
  return list;
}

const Body* DomainData::issuing_body(std::string_view type) const {
  for (const auto& [t, id] : issuers_) {
    if (t == type) return body(id);
  }
  return nullptr;
}

std::string DomainData::cover_line_meaning(std::string_view folded_line) const {
  for (const CoverMarker& c : cover_lines_) {
    if (c.at_start ? starts_with_words(folded_line, c.marker) : ends_with_words(folded_line, c.marker)) return c.meaning;
  }
  return {};
}

bool SectionKind::is_lead_in(std::string_view folded_text) const {
  return std::any_of(lead_ins.begin(), lead_ins.end(), [&](const std::string& phrase) { return contains_words(folded_text, phrase); });
}

const SectionKind* DomainData::section_kind(std::string_view folded_heading) const {
  // "ii. ", "a. ": a heading's own numbering goes before its words.
  if (const auto dot = folded_heading.find(". "); dot != std::string_view::npos && dot <= 5 &&
                                                   folded_heading.substr(0, dot).find(' ') == std::string_view::npos) {
    folded_heading.remove_prefix(dot + 2);
  }
  for (const auto& [marker, row] : section_markers_) {
    if (starts_with_words(folded_heading, marker)) return &section_kind_rows_[row];
  }
  return nullptr;
}

const Label* DomainData::facet_label(std::string_view facet, std::string_view value) const {
  for (const FacetLabel& f : facet_labels_) {
    if (f.facet == facet && f.value == value) return &f.label;
  }
  return nullptr;
}

const Label& DomainData::citation_form(std::string_view id) const {
  for (const auto& [form, label] : citation_forms_) {
    if (form == id) return label;
  }
  throw std::out_of_range("no citation form \"" + std::string(id) + "\" in citation_forms.tsv");
}

}  // namespace palermo
