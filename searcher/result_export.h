// The results of a search written for other programs: CSV (spreadsheets), an HTML document that
// Word and LibreOffice open as a document (".doc"), and an Atom feed (feed readers, mail clients).
// Each row or entry carries the paragraph's text, its citation (searcher/citation_text.h), the
// document's symbol and a link back to the paragraph on the page.
#pragma once

#include <string>
#include <vector>

#include "searcher/search_result.h"
#include "searcher/searcher.h"

namespace palermo {

// Exports hold every result up to this many paragraphs (all pages, 100 at a time).
inline constexpr std::size_t kMaxExportRows = 1000;
// A feed holds the newest this many paragraphs.
inline constexpr int kFeedEntries = 50;

// What an export holds: the first kMaxExportRows hits of `request` in its order (ungrouped; page
// and size ignored), and the total the search found.
struct ExportRows {
  SearchRequest request;
  std::vector<SearchHit> hits;
  std::size_t total = 0;
  // The shards left out (SearchResult::missing_shards): the rows are partial. The Word document
  // and the feed say so in their text; a CSV has no place for it (the server's Palermo-Partial
  // header does).
  std::vector<std::string> missing_shards;
};

// Runs `request` page after page on `searcher`. Throws as Searcher::search.
ExportRows collect_export(Searcher& searcher, SearchRequest request);

// `base_url`: the page's address without a trailing slash ("http://localhost:8080"); links back
// are base_url + "/doc/{doc}#p-{anchor}".

// Links back are percent-encoded as the page's own (a document id may hold spaces and accents).
// The symbol column is SearchHit::designation: the symbol, or "resolución 10/3" for a resolution
// without one.

// RFC 4180: a header row, then one row per paragraph; CRLF line ends; UTF-8 with a byte order
// mark (so that spreadsheet programs read the accents right). A field starting with = + - @ gets
// a leading apostrophe, so that no spreadsheet reads it as a formula.
std::string to_csv(const ExportRows& rows, const std::string& base_url);

// A complete HTML document (UTF-8) with a heading naming the search, how many paragraphs it
// holds and a table of the rows, its headings in the request's interface language; served as
// application/msword with a .doc name, which Word and LibreOffice open as a document.
std::string to_word_html(const ExportRows& rows, const std::string& base_url);

// The file name an export is saved under, from the words searched, so that several exports do not
// pile up as "palermo (1).csv": "palermo-resolucion-6-4.csv" for "resolución 6/4" (accents folded,
// anything but letters and digits a hyphen, at most kMaxFileNameWords bytes of words), "palermo.csv"
// for no words. `extension` without the dot: "csv", "doc".
inline constexpr std::size_t kMaxFileNameWords = 40;
std::string export_file_name(const SearchRequest& request, std::string_view extension);

// An Atom 1.0 feed (RFC 4287) of `result`'s hits, which the caller searched newest first:
// one entry per paragraph, its document's date as `updated`. `self_url` is the feed's own address.
std::string to_atom(const SearchResult& result, const std::string& base_url, const std::string& self_url);

}  // namespace palermo
