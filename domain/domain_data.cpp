#include "domain/domain_data.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "analysis/text.h"

namespace palermo {
namespace {

// Rows of a tab-separated table: '#' lines and the header line are skipped; each row must have
// at least `min_fields` fields.
std::vector<std::vector<std::string>> read_table(const std::filesystem::path& path, std::size_t min_fields) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read domain table " + path.string());
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.starts_with('#')) continue;
    if (header) {
      header = false;
      continue;
    }
    if (utf8_error(line)) throw std::runtime_error(path.string() + ":" + std::to_string(number) + ": not valid UTF-8");
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const auto tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() < min_fields) {
      throw std::runtime_error(path.string() + ":" + std::to_string(number) + ": expected " +
                               std::to_string(min_fields) + " tab-separated fields, found " +
                               std::to_string(fields.size()));
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

// "a|b|c" -> {"a", "b", "c"}, as written, blanks dropped.
std::vector<std::string> alternatives(const std::string& field) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= field.size()) {
    auto bar = field.find('|', start);
    if (bar == std::string::npos) bar = field.size();
    std::string item = field.substr(start, bar - start);
    const auto first = item.find_first_not_of(' ');
    if (first != std::string::npos) out.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
    start = bar + 1;
  }
  return out;
}

std::vector<std::string> folded_alternatives(const std::string& field) {
  std::vector<std::string> out;
  for (const std::string& item : alternatives(field)) {
    if (std::string f = fold(item); !f.empty()) out.push_back(std::move(f));
  }
  return out;
}

int to_int(const std::string& s, const std::filesystem::path& path) {
  try {
    std::size_t used = 0;
    const int v = std::stoi(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw std::runtime_error(path.string() + ": \"" + s + "\" is not a number");
}

// `text` starts with `prefix` as whole words.
bool starts_with_words(std::string_view text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  if (text.size() == prefix.size()) return true;
  const unsigned char next = static_cast<unsigned char>(text[prefix.size()]);
  return !(std::isalnum(next) || next >= 0x80);
}

}  // namespace

DomainData DomainData::load(const std::filesystem::path& dir) {
  DomainData d;
  for (auto& r : read_table(dir / "bodies.tsv", 3)) {
    d.bodies_.push_back({r[0], {r[1], r[2]}, r.size() > 3 ? folded_alternatives(r[3]) : std::vector<std::string>{}});
  }
  for (auto& r : read_table(dir / "sessions.tsv", 5)) {
    d.sessions_.push_back({to_int(r[0], dir / "sessions.tsv"), to_int(r[1], dir / "sessions.tsv"),
                           folded_alternatives(r[2]), {r[3], r[4]}});
  }
  for (auto& r : read_table(dir / "months.tsv", 2)) {
    for (auto& name : folded_alternatives(r[1])) d.months_.emplace_back(name, to_int(r[0], dir / "months.tsv"));
  }
  for (auto& r : read_table(dir / "verbs.tsv", 5)) {
    d.verbs_.push_back({r[0], r[1], folded_alternatives(r[2]), {r[3], r[4]}});
  }
  for (auto& r : read_table(dir / "languages.tsv", 2)) {
    for (auto& name : folded_alternatives(r[1])) d.languages_.emplace_back(name, r[0]);
  }
  for (auto& r : read_table(dir / "facet_labels.tsv", 4)) d.facet_labels_.push_back({r[0], r[1], {r[2], r[3]}});
  for (auto& r : read_table(dir / "document_types.tsv", 2)) {
    for (auto& marker : folded_alternatives(r[1])) d.document_types_.emplace_back(marker, r[0]);
  }
  std::sort(d.document_types_.begin(), d.document_types_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (auto& r : read_table(dir / "protocols.tsv", 4)) {
    d.instruments_.push_back({r[0], {r[1], r[2]}, folded_alternatives(r[3]), r.size() > 4 ? folded_alternatives(r[4]) : std::vector<std::string>{}});
  }
  for (auto& r : read_table(dir / "citation_keywords.tsv", 4)) {
    d.citation_keywords_.push_back({r[0], {r[1], r[2]}, folded_alternatives(r[3])});
  }
  for (auto& r : read_table(dir / "citation_issuers.tsv", 6)) {
    d.citation_issuers_.push_back({r[0], r[1], {r[2], r[3]}, folded_alternatives(r[4]), folded_alternatives(r[5])});
  }
  if (d.citation_issuers_.empty()) throw std::runtime_error((dir / "citation_issuers.tsv").string() + ": no issuer");
  for (auto& r : read_table(dir / "glossary.tsv", 4)) {
    d.glossary_.push_back({r[0], r[1], {{"es", alternatives(r[2])}, {"en", alternatives(r[3])}}});
  }
  for (auto& r : read_table(dir / "cover_lines.tsv", 2)) {
    for (auto& marker : folded_alternatives(r[0])) d.cover_lines_.emplace_back(marker, r[1]);
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
    for (const std::string& p : b.patterns) {
      if (folded_text.find(p) != std::string_view::npos) {
        out.push_back(&b);
        break;
      }
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

std::string DomainData::cover_line_meaning(std::string_view folded_line) const {
  for (const auto& [marker, meaning] : cover_lines_) {
    if (folded_line.find(marker) != std::string_view::npos) return meaning;
  }
  return {};
}

const Label* DomainData::facet_label(std::string_view facet, std::string_view value) const {
  for (const FacetLabel& f : facet_labels_) {
    if (f.facet == facet && f.value == value) return &f.label;
  }
  return nullptr;
}

}  // namespace palermo
