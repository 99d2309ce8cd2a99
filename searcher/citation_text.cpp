#include "searcher/citation_text.h"

namespace palermo {
namespace {

// The language a form is written in: the version's own; Label::in falls back for any other.
const std::string& form(const DomainData& domain, std::string_view id, const std::string& lang) {
  return domain.citation_form(id).in(lang);
}

}  // namespace

std::string document_designation(const DocumentRecord& d, const DomainData& domain) {
  if (!d.symbol.empty()) return d.symbol;
  if (!d.number.empty() && (d.type == "resolution" || d.type == "decision")) {
    for (const CitationKeyword& k : domain.citation_keywords()) {
      if (k.id == d.type) return k.name.in(d.lang) + " " + d.number;
    }
  }
  return "";
}

std::string document_source(const DocumentRecord& d, const DomainData& domain) {
  std::string designation = document_designation(d, domain);
  if (!designation.empty()) return designation;
  return d.title.empty() ? d.id : d.title;
}

std::string citation_text(const ParagraphRecord& p, const DocumentRecord& d, std::optional<std::size_t> preamble_ordinal,
                          const DomainData& domain) {
  std::string out = document_source(d, domain);
  if (p.kind == "footnote" && !p.label.empty()) {
    out += ", " + form(domain, "footnote", d.lang) + " " + p.label;
  } else if (!p.label.empty()) {
    out += ", " + form(domain, "paragraph", d.lang) + " " + p.label;
  } else if (p.kind == "preambular") {
    out += ", " + form(domain, "preamble", d.lang);
    if (preamble_ordinal) out += ", " + form(domain, "paragraph", d.lang) + " " + std::to_string(*preamble_ordinal);
  }
  if (d.unofficial_translation) out += " (" + form(domain, "unofficial", d.lang) + ")";
  return out;
}

}  // namespace palermo
