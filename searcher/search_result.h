// What a search returns: the ranked page of paragraphs with what a result card shows, exact
// totals and exact facet counts over all matches.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/records.h"
#include "searcher/search_request.h"

namespace palermo {

// A citation as the page shows it: a label in the UI language and, when the cited document is in
// the index, its id (the version in the citing paragraph's language when there is one).
struct CitationView {
  Citation citation;
  std::string label;
  std::optional<std::string> target;
};

// A subject of a paragraph as the page shows it: the label in the UI language and where it came
// from ("own", "lead_in", "heading", "body", "title").
struct SubjectView {
  std::string id;
  std::string label;
  std::string source;
};

struct SearchHit {
  ParagraphRecord paragraph;
  DocumentRecord document;
  std::string body_label;   // in the request's UI language
  std::string snippet;      // HTML-escaped, matched words in <mark>
  double score = 0;
  std::optional<std::string> counterpart;  // the same paragraph in the other language version
  std::vector<CitationView> citations;
  std::size_t document_matches = 0;  // grouped by document: the document's matching paragraphs; else 0
  std::string citation;  // as a delegate cites it (searcher/citation_text.h)
  std::string designation;  // the document's symbol, or "resolución 10/3", or empty (document_designation)
  std::vector<SubjectView> subjects;       // own subjects first
};

struct FacetValue {
  std::string value;
  std::string label;
  std::size_t count = 0;
};

// Facet name -> values by descending count; every facet of schema::kFacets is present.
using FacetCounts = std::map<std::string, std::vector<FacetValue>>;

// How the query's words were read (searcher/subject_query.h): the subjects they name and, for
// "recomendaciones sobre X", the kind of paragraph asked for. Labels in the UI language.
struct QueryReading {
  std::string kind;        // "recommendation", or empty
  std::string kind_label;
  std::vector<SubjectView> subjects;  // source empty
  std::string words;       // the words searched: the query after the opening phrase
  // Several subjects are read as all of them; when fewer than ten paragraphs are on all of them
  // (or hold every word), the answer adds those on any one (the relaxed pass): false then, and
  // `all_subjects_total` says how many of the answer are on all of them (or hold every word).
  bool all_subjects = true;
  std::size_t all_subjects_total = 0;
  // When the kind read ("recommendations on X") finds nothing: the same search without it, the
  // query `q` (the words after the opening phrase: "la trata de personas") and its exact `total`.
  struct WithoutKind {
    std::string q;
    std::size_t total = 0;
  };
  std::optional<WithoutKind> without_kind;
};

struct SearchResult {
  SearchRequest request;
  std::size_t total = 0;                  // exact
  double took_ms = 0;
  std::optional<std::string> suggestion;  // a corrected query when nothing matched
  bool all_words = true;  // false: under 10 paragraphs held every word, so those with some follow them
  std::size_t all_words_total = 0;  // paragraphs holding every word (the first ones when !all_words)
  std::optional<std::size_t> documents_total;  // grouped by document: documents with a match (exact)
  std::vector<SearchHit> hits;
  FacetCounts facets;
  std::optional<QueryReading> reading;  // absent when the words were taken as they are
  // Shards of a sharded index that could not be reached and were left out (stub lines): the
  // answer is partial. Empty for a complete answer.
  std::vector<std::string> missing_shards;
};

// One paragraph with its place in the document: GET /api/paragraphs/{id}.
struct ParagraphView {
  SearchHit hit;                    // snippet = the escaped text, score 0
  std::optional<std::string> prev;  // neighbouring paragraph ids in document order
  std::optional<std::string> next;
  std::string document_body_label;  // a paragraph's body may differ from its document's
};

struct DocumentParagraph {
  ParagraphRecord paragraph;
  std::optional<std::string> counterpart;  // as in SearchHit
  std::vector<CitationView> citations;
  std::string citation;  // as in SearchHit
};

// A paragraph elsewhere that cites a document.
struct CitingParagraph {
  std::string id;
  std::string doc;
  std::string label;
  std::string title;  // of the citing document
};

// A whole document in reading order: GET /api/documents/{doc}.
struct DocumentView {
  DocumentRecord document;
  std::string body_label;                  // in the request's UI language
  std::optional<std::string> counterpart;  // the other language version's document id
  std::vector<DocumentParagraph> paragraphs;
  std::vector<CitingParagraph> cited_by;  // paragraphs of other documents citing this one, in its language first
};

// What GET /api/health reports about the open index.
struct IndexStats {
  std::size_t documents = 0;
  std::size_t paragraphs = 0;
  unsigned long revision = 0;
};

}  // namespace palermo
