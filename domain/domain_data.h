// Domain knowledge of the CTOC corpus (bodies, sessions, months, verbs, document types, labels,
// the Convention and its Protocols, citation words, the bilingual glossary, the subject thesaurus
// and the query phrases that ask for a kind of paragraph on a subject),
// read from the tab-separated files in this folder by one loader. Nothing here is hard-coded.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palermo {

// Display text in the two interface languages.
struct Label {
  std::string es;
  std::string en;
  const std::string& in(std::string_view ui_lang) const { return ui_lang == "en" ? en : es; }
};

struct Body {
  std::string id;                     // "WG.4", "COP", "SEC"
  Label name;                         // full name
  std::vector<std::string> patterns;  // folded phrases that name this body in text, both languages
  std::vector<std::string> subjects;  // ids of subjects.tsv its sections and its name imply
};

struct Session {
  int number = 0;
  int year = 0;
  std::vector<std::string> ordinals;  // folded spellings: "septimo", "seventh", "12o", "twelfth"...
  Label name;                         // "Séptimo período de sesiones" / "Seventh session"
  std::string start;                  // first and last day, ISO "2014-10-06", or empty when not known
  std::string end;
};

struct Verb {
  std::string id;                     // canonical, shared by both languages: "urges", "recalling"
  std::string kind;                   // "preambular" or "operative"
  std::vector<std::string> forms;     // folded leading words in both languages: "insta", "urges"
  Label name;
};

// A row of protocols.tsv: one of the Convention and its Protocols with the phrases that name it,
// or a special row: "*" (all three Protocols), "=" (the Protocol of the document's title), "-"
// (other instruments, set aside before matching), "2" (the two Protocols whose subjects the text names).
struct InstrumentName {
  std::string id;                     // "convention", "trafficking", "migrants", "firearms", "*", "=", "-", "2"
  Label name;
  std::vector<std::string> patterns;  // folded phrases
  std::vector<std::string> subjects;  // folded phrases naming what a Protocol is about: "trata de personas"
  bool special() const { return id == "*" || id == "=" || id == "-" || id == "2"; }
};

// A word that introduces a citation (citation_keywords.tsv).
struct CitationKeyword {
  std::string id;                     // "resolution", "decision", "article"
  Label name;
  std::vector<std::string> forms;     // folded single words: "resolucion", "resolutions", "art."
};

// Who adopted a cited resolution or decision (citation_issuers.tsv).
struct CitationIssuer {
  std::string id;                     // "cop", "ga", "ecosoc", "sc", ...
  std::string format;                 // the cited value, {} = the number: "A/RES/{}"
  Label name;
  std::vector<std::string> before;    // folded phrases right before the keyword
  std::vector<std::string> after;     // folded phrases right after the keyword or its numbers
};

// A term of the bilingual glossary (glossary.tsv): its forms as written in each language.
struct GlossaryEntry {
  std::string id;
  std::string category;  // "instrument", "body", "concept", "crime", "procedure", "actor"
  std::map<std::string, std::vector<std::string>> forms;  // language code -> forms, preferred first
};

// A subject of the thesaurus (subjects.tsv): what a paragraph is about.
struct Subject {
  std::string id;        // "technical_assistance"
  // Ids of the broader subjects, usually one; none for a top subject, several where a subject
  // belongs under two (financial investigations: proceeds of crime and money-laundering).
  std::vector<std::string> broader;
  Label name;
  // Entry terms as written, per language code: the glossary forms it names first, then its own,
  // then its label in that language (the one shown on cards and in the sidebar) unless already there.
  std::map<std::string, std::vector<std::string>> terms;
};

// A row of section_kinds.tsv: the kind of the paragraphs under a heading such as "Recommendations
// adopted by the Working Group", and the phrases of the paragraph that only introduces them.
struct SectionKind {
  std::string kind;                  // a paragraph kind: "recommendation"
  std::vector<std::string> lead_ins; // folded phrases: "the following recommendations"
  // Whether `folded_text` (a paragraph's text, folded) introduces the section's paragraphs
  // ("The Working Group adopted the following recommendations:") instead of being one.
  bool is_lead_in(std::string_view folded_text) const;
};

// A phrase that opens (or ends) a query asking for one kind of paragraph on a subject
// (query_intents.tsv): "recomendaciones sobre" -> kind "recommendation".
struct QueryIntent {
  std::string kind;                                         // a paragraph kind: "recommendation"
  bool at_start = true;                                     // else the phrase ends the query
  std::map<std::string, std::vector<std::string>> phrases;  // language code -> phrases as written
};

// Loaded once at program start; immutable afterwards, so it may be shared across threads.
class DomainData {
 public:
  // Reads every table from `dir`. Throws std::runtime_error naming the file and line on bad data.
  static DomainData load(const std::filesystem::path& dir);

  const std::vector<Body>& bodies() const { return bodies_; }
  const Body* body(std::string_view id) const;            // case-insensitive id; nullptr if unknown
  // The bodies whose patterns occur in `folded_text` (already passed through palermo::fold).
  std::vector<const Body*> bodies_named_in(std::string_view folded_text) const;

  const Session* session(int number) const;
  std::optional<int> session_from_ordinal(std::string_view folded_word) const;

  std::optional<int> month(std::string_view folded_name) const;   // "junio", "june" -> 6

  // The verb that `folded_words` (the paragraph's first words, folded) begins with, longest match.
  const Verb* verb_at_start(std::string_view folded_words) const;
  const Verb* verb(std::string_view id) const;

  // Language code ("es", "en") named by a header line such as "Español" or "English".
  std::optional<std::string> language_named(std::string_view folded_line) const;

  // The document type ("resolution", "note"...) whose marker `folded_line` begins with, with the
  // marker's length in bytes; nullopt if none.
  std::optional<std::pair<std::string, std::size_t>> document_type_at_start(std::string_view folded_line) const;

  // Whether `type` is a document type of document_types.tsv ("resolution", "note"...).
  bool is_document_type(std::string_view type) const;
  // The document types, in table order, for messages ("resolution, decision, note, …").
  std::string document_type_list() const;

  // The body that issues documents of `type` when the document does not say otherwise ("COP" for
  // resolutions, "SEC" for notes); nullptr when the type has no usual issuer.
  const Body* issuing_body(std::string_view type) const;

  // What a cover-block line says ("distribution", "original_language", "session", "agenda"), from
  // the phrase it begins or ends with (cover_lines.tsv); empty when it is none of these.
  std::string cover_line_meaning(std::string_view folded_line) const;

  const std::vector<InstrumentName>& instruments() const { return instruments_; }
  const InstrumentName* instrument(std::string_view id) const;  // nullptr if unknown
  const std::vector<GlossaryEntry>& glossary() const { return glossary_; }
  const std::vector<CitationKeyword>& citation_keywords() const { return citation_keywords_; }
  // The first issuer is the default one (an unqualified "resolución 7/1").
  const std::vector<CitationIssuer>& citation_issuers() const { return citation_issuers_; }

  // The kind of the paragraphs under a heading that begins with a marker of section_kinds.tsv
  // ("recommendation" under "Recommendations adopted by the Working Group"); nullptr when the
  // heading is no such heading. `folded_heading` may open with its numbering ("ii. recomendaciones").
  const SectionKind* section_kind(std::string_view folded_heading) const;

  const std::vector<Subject>& subjects() const { return subjects_; }
  const Subject* subject(std::string_view id) const;  // nullptr if unknown
  // `id` followed by its broader subjects up to the top, each once, nearest first: filtering on
  // any of them finds `id`. Empty when `id` is unknown.
  std::vector<std::string> subject_and_broader(std::string_view id) const;
  const std::vector<QueryIntent>& query_intents() const { return query_intents_; }

  // Label of a facet value ("kind"/"operative", "type"/"note", "lang"/"es"), or nullptr.
  const Label* facet_label(std::string_view facet, std::string_view value) const;

  // How a citation names a part of a document, in each language (citation_forms.tsv): "paragraph"
  // ("párr." / "para."), "footnote", "preamble", "unofficial". The four are always present (the
  // loader refuses a table without one); an unknown id throws std::out_of_range.
  const Label& citation_form(std::string_view id) const;

 private:
  std::vector<Body> bodies_;
  std::vector<Session> sessions_;
  std::vector<std::pair<std::string, int>> months_;
  std::vector<Verb> verbs_;
  std::vector<std::pair<std::string, std::string>> languages_;
  std::vector<std::pair<std::string, std::string>> document_types_;  // marker -> type, longest first
  std::vector<std::pair<std::string, std::string>> issuers_;         // type -> body id
  struct CoverMarker {
    std::string marker;
    bool at_start = true;  // else the line ends with it ("Tema 5 del programa provisional*")
    std::string meaning;
  };
  std::vector<CoverMarker> cover_lines_;
  std::vector<SectionKind> section_kind_rows_;
  std::vector<std::pair<std::string, std::size_t>> section_markers_;  // marker -> row of section_kind_rows_
  struct FacetLabel {
    std::string facet, value;
    Label label;
  };
  std::vector<FacetLabel> facet_labels_;
  std::vector<std::pair<std::string, Label>> citation_forms_;
  std::vector<InstrumentName> instruments_;
  std::vector<CitationKeyword> citation_keywords_;
  std::vector<CitationIssuer> citation_issuers_;
  std::vector<GlossaryEntry> glossary_;
  std::vector<Subject> subjects_;
  std::vector<QueryIntent> query_intents_;
};

}  // namespace palermo
