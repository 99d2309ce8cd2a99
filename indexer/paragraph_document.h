// Turns one parsed paragraph into the Xapian document the index stores for it: text terms from
// the shared Analyzer, a boolean term per filter, a value per facet, and its ParagraphRecord.
#pragma once

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/records.h"
#include "document/document.h"
#include "references/reference_finder.h"
#include "subjects/subject_finder.h"

namespace palermo {

// The record stored once per document.
DocumentRecord document_record(const std::string& document_id, const std::string& file, const Document& document);

// The Xapian document that stores `record` (see schema::kRecordTerm): the record as JSON data, the
// record terms, and the document's number and symbol as record terms so that a citation finds the
// documents it names without reading their paragraphs. No text terms, no values.
Xapian::Document record_document(const DocumentRecord& record);

// `references` are what the paragraph mentions and cites (ReferenceFinder::find); `subjects` finds
// what it is about, from its words and its context (lead-in, headings, section's body, title).
// Preconditions: analyzer.supports(document.meta.lang); `seq` indexes document.paragraphs.
Xapian::Document paragraph_document(const std::string& document_id, const Document& document, std::size_t seq,
                                    const ParagraphReferences& references, SubjectFinder& subjects, Analyzer& analyzer,
                                    SpellingCounts* spelling);

}  // namespace palermo
