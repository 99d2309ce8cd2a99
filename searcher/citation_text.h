// The citation a delegate pastes, written in the language of the cited version:
// "CTOC/COP/2014/5, párr. 3", "resolución 10/3, párr. 1", "…, nota 2", and for an unnumbered
// preambular paragraph its ordinal: "resolución 6/4, preámbulo, párr. 3". A working translation
// (DocumentRecord::unofficial_translation) says so: "resolution 10/3, para. 1 (unofficial
// translation)". One rule for the API, the exports and the feed; forms from domain/
// citation_forms.tsv and citation_keywords.tsv.
#pragma once

#include <optional>
#include <string>

#include "analysis/records.h"
#include "domain/domain_data.h"

namespace palermo {

// "CTOC/COP/2014/5", or "resolución 10/3" for a resolution or decision without its own symbol
// (in the document's language), or empty: the document's designation, where a card shows it.
std::string document_designation(const DocumentRecord& document, const DomainData& domain);

// The designation, or its title, or its id: how a citation names the document.
std::string document_source(const DocumentRecord& document, const DomainData& domain);

// `preamble_ordinal`: the paragraph's place among its document's preambular paragraphs (from 1),
// used when the paragraph is preambular and has no label of its own.
std::string citation_text(const ParagraphRecord& paragraph, const DocumentRecord& document,
                          std::optional<std::size_t> preamble_ordinal, const DomainData& domain);

}  // namespace palermo
