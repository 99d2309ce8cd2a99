// The parsed form of one corpus document: its metadata and its paragraphs in reading order.
// Produced by DocumentParser; consumed by the indexer. Unknown values stay empty, never guessed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palermo {

enum class ParagraphKind { heading, preambular, operative, recommendation, narrative, footnote };

// "heading", "preambular", ... as used in filters and the API.
const char* to_string(ParagraphKind kind);
std::optional<ParagraphKind> paragraph_kind_from_string(std::string_view name);

struct AgendaItem {
  int item = 0;
  std::string sub_item;  // "b" for "Item 2 (b)"; empty for a whole item
  std::string title;     // plain text; empty when the document does not give it
};

struct Paragraph {
  std::string anchor;                // unique in the document, URL-safe: "4", "13-a", "b-iii", "fn-1", "s3"
  std::string label;                 // as cited: "4", "13 a)", "b) iii)"; footnotes "1", "*"; else empty
  ParagraphKind kind = ParagraphKind::narrative;
  std::string text;                  // plain text, no Markdown, footnote markers removed
  std::vector<std::string> section;  // heading path, outermost first, document title excluded
  std::string verb;                  // canonical verb id ("urges") or empty
  std::string verb_text;             // the verb as written ("Insta", "Recordando también") or empty
  std::string body;                  // body id ("WG.4", "COP", "SEC") or empty when unknown
  std::vector<std::string> footnotes;  // labels of the footnotes this paragraph cites
  std::vector<std::string> cited_by;   // footnotes only: anchors of the paragraphs citing it
};

struct DocumentMeta {
  std::string lang;                  // "es" | "en"
  std::string original_lang;         // "en" for "Original: inglés"; empty if not stated
  std::string date;                  // distribution date, ISO "2014-06-12"; empty if not stated
  std::optional<int> session;        // 12 for "12º período de sesiones" or "Resolución 12/1"
  std::optional<int> year;           // from date, else the session's year
  std::string place;                 // "Viena" / "Vienna"
  std::string session_start;         // ISO dates of the session, empty if not stated
  std::string session_end;
  std::vector<AgendaItem> agenda;
  std::string agenda_symbol;         // symbol of the provisional agenda ("CTOC/COP/2014/1")
  std::string type;                  // "resolution" | "decision" | "report" | "note" | empty
  std::string number;                // "6/4" for resolutions and decisions
  std::string symbol;                // the document's own symbol; empty unless stated or supplied
  std::string title;
  bool unofficial_translation = false;  // a working translation, not a UN text (sidecar "translation")
  std::string body;                  // issuing body: "COP" for resolutions, "SEC" for notes...
};

struct Document {
  DocumentMeta meta;
  std::vector<Paragraph> paragraphs;
};

}  // namespace palermo
