// Turns one parsed paragraph into the Xapian document the index stores for it: text terms from
// the shared Analyzer, a boolean term per filter, its facet values packed into one value slot
// (analysis/facet_values.h), and its ParagraphRecord.
#pragma once

#include <xapian.h>

#include "analysis/analyzer.h"
#include "analysis/indexed_phrases.h"
#include "analysis/records.h"
#include "document/document.h"
#include "domain/domain_data.h"
#include "references/reference_finder.h"
#include "subjects/subject_finder.h"

namespace palermo {

// A paragraph's text as stored and shown is at most this long: a paragraph of megabytes (a table
// or a whole file without blank lines) would be sent whole in every answer that holds it. Its
// words are all indexed; the stored text is cut at a word boundary and ends in kCutMark. The
// indexer reports each paragraph so cut (IndexSummary::truncated).
inline constexpr std::size_t kMaxStoredTextBytes = 64 * 1024;
inline constexpr std::string_view kCutMark = " […]";

// `text` itself when it has at most kMaxStoredTextBytes bytes; else its beginning, cut after the
// last space in the limit (or at a UTF-8 boundary when there is none) and ended by kCutMark, at
// most kMaxStoredTextBytes bytes in all.
std::string stored_text(const std::string& text);

// The record stored once per document.
DocumentRecord document_record(const std::string& document_id, const std::string& file, const Document& document);

// The Xapian document that stores `record` (see schema::kRecordTerm): the record as JSON data, the
// record terms, and the document's number and symbol as record terms so that a citation finds the
// documents it names without reading their paragraphs. No text terms, no values.
Xapian::Document record_document(const DocumentRecord& record);

// `references` are what the paragraph mentions and cites (ReferenceFinder::find); `subjects` finds
// what it is about, from its words and its context (lead-in, headings, section's body, title);
// `phrases` are the index's held phrases (its kPhrasesKey metadata), whose terms it gets.
// Preconditions: analyzer.supports(document.meta.lang); `seq` indexes document.paragraphs.
Xapian::Document paragraph_document(const std::string& document_id, const Document& document, std::size_t seq,
                                    const ParagraphReferences& references, SubjectFinder& subjects, Analyzer& analyzer,
                                    const IndexedPhrases& phrases, SpellingCounts* spelling);

// The phrases a new index holds as terms (analysis/indexed_phrases.h): every form of two words or
// more of the bilingual glossary (domain/glossary.tsv), in either language, stemmed by each of
// `analyzer`'s languages (a query's words are stemmed by the language of the paragraphs searched,
// whatever language they are in).
IndexedPhrases glossary_phrases(const DomainData& domain, Analyzer& analyzer);

}  // namespace palermo
