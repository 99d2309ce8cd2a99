#include "indexer/paragraph_document.h"

#include <set>

#include <algorithm>
#include <string>
#include <vector>

#include "analysis/facet_values.h"
#include "analysis/schema.h"
#include "analysis/text.h"

namespace palermo {
namespace {

const schema::FacetField& facet(std::string_view name) {
  const schema::FacetField* f = schema::facet(name);
  if (f == nullptr) throw std::logic_error("schema has no facet " + std::string(name));
  return *f;
}

// Sets the facet's boolean terms and keeps its values for the pack (schema::kFacetSlot).
void add_facet(Xapian::Document& doc, FacetValues& facets, std::string_view name, const std::vector<std::string>& values) {
  const schema::FacetField& f = facet(name);
  std::vector<std::string>& kept = facets[static_cast<std::size_t>(&f - schema::kFacets.data())];
  std::set<std::string> added;  // a value named twice ("resolution 6/4", "decision 6/4") counts once
  for (const std::string& v : values) {
    if (v.empty() || !added.insert(schema::canonical_value(v)).second) continue;
    doc.add_boolean_term(schema::filter_term(f, v));
    kept.push_back(v);
  }
}

std::vector<std::string> one(const std::string& v) { return {v}; }
std::vector<std::string> one(const std::optional<int>& v) {
  return v ? std::vector<std::string>{std::to_string(*v)} : std::vector<std::string>{};
}

}  // namespace

std::string stored_text(const std::string& text) {
  if (text.size() <= kMaxStoredTextBytes) return text;
  std::size_t cut = kMaxStoredTextBytes - kCutMark.size();
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  if (const auto space = text.rfind(' ', cut); space != std::string::npos && space > cut / 2) cut = space;
  return text.substr(0, cut) + std::string(kCutMark);
}

namespace {

ParagraphRecord paragraph_record(const std::string& document_id, const Paragraph& p, std::size_t seq) {
  ParagraphRecord r;
  r.id = paragraph_id(document_id, p.anchor);
  r.doc = document_id;
  r.anchor = p.anchor;
  r.label = p.label;
  r.kind = to_string(p.kind);
  r.text = stored_text(p.text);  // every word is indexed from p.text
  r.section = p.section;
  r.verb = p.verb;
  r.verb_text = p.verb_text;
  r.body = p.body;
  r.footnotes = p.footnotes;
  r.cited_by = p.cited_by;
  r.seq = seq;
  return r;
}

constexpr Xapian::termpos kLeadInGap = 100;
// Anchors of the headings that hold agenda titles (DocumentParser).
constexpr std::string_view kAgendaAnchorPrefix = "agenda-";
// Terms (wdf summed: stems and exact forms) of a long paragraph, about 200 words.
constexpr Xapian::termcount kUsualParagraphTerms = 400;

// The paragraph an item belongs to, when that paragraph introduces items (ends with ':'): the
// parent of "13-a" is "13", of "b-iii" is "b" (whose own parent lead-in is not inherited).
const Paragraph* lead_in_of(const Document& document, const Paragraph& item) {
  const auto dash = item.anchor.rfind('-');
  if (dash == std::string::npos || item.anchor.starts_with("fn-")) return nullptr;
  const std::string parent = item.anchor.substr(0, dash);
  for (const Paragraph& p : document.paragraphs) {
    if (p.anchor != parent) continue;
    const auto end = p.text.find_last_not_of(" \t");
    return end != std::string::npos && p.text[end] == ':' ? &p : nullptr;
  }
  return nullptr;
}

// The subject facet counts and filters a subject with its broader ones (a paragraph on
// capacity_building is also on technical_assistance); per source, a term ranks own words above
// what the paragraph inherits (see QueryBuilder).
void add_subjects(Xapian::Document& doc, FacetValues& facets, const std::vector<SubjectAssignment>& assigned,
                  const DomainData& domain) {
  std::vector<std::string> facet_values;
  for (const SubjectAssignment& a : assigned) {
    for (const std::string& id : domain.subject_and_broader(a.id)) {
      if (std::find(facet_values.begin(), facet_values.end(), id) == facet_values.end()) facet_values.push_back(id);
      doc.add_boolean_term(std::string(schema::kSubjectSourcePrefix) + a.source + ":" + id);
    }
  }
  add_facet(doc, facets, "subject", facet_values);
}

std::string compact_date(const std::string& iso) {
  std::string out;
  for (char c : iso) {
    if (c != '-') out += c;
  }
  return out;
}

// schema::kDateOrderSlot's key: newest date first, then document id, then reading order.
std::string date_order_key(const std::string& date, const std::string& document_id, std::size_t seq) {
  std::string key;
  for (char c : date) key += (c >= '0' && c <= '9') ? static_cast<char>('9' - (c - '0')) : c;
  key += '~';
  key += document_id;
  key += '\0';
  key += Xapian::sortable_serialise(static_cast<double>(seq));
  return key;
}

}  // namespace

DocumentRecord document_record(const std::string& document_id, const std::string& file, const Document& document) {
  const DocumentMeta& m = document.meta;
  DocumentRecord d;
  d.id = document_id;
  d.file = file;
  d.lang = m.lang;
  d.original_lang = m.original_lang;
  d.symbol = m.symbol;
  d.title = m.title;
  d.type = m.type;
  d.number = m.number;
  d.date = m.date;
  d.session = m.session;
  d.year = m.year;
  d.place = m.place;
  d.session_start = m.session_start;
  d.session_end = m.session_end;
  for (const AgendaItem& a : m.agenda) d.agenda.push_back({a.item, a.title, a.sub_item});
  d.agenda_symbol = m.agenda_symbol;
  d.body = m.body;
  d.paragraphs = document.paragraphs.size();
  d.unofficial_translation = m.unofficial_translation;
  return d;
}


Xapian::Document record_document(const DocumentRecord& record) {
  Xapian::Document doc;
  doc.add_boolean_term(std::string(schema::kRecordTerm));
  doc.add_boolean_term(std::string(schema::kRecordIdPrefix) + record.id);
  if (!record.symbol.empty()) doc.add_boolean_term(std::string(schema::kRecordSymbolPrefix) + schema::canonical_value(record.symbol));
  if (const std::string number = citable_number(record.type, record.number); !number.empty()) {
    doc.add_boolean_term(std::string(schema::kRecordNumberPrefix) + schema::canonical_value(number));
  }
  set_record(doc, nlohmann::json(record).dump());
  return doc;
}

Xapian::Document paragraph_document(const std::string& document_id, const Document& document, std::size_t seq,
                                    const ParagraphReferences& references, SubjectFinder& subjects, Analyzer& analyzer,
                                    const IndexedPhrases& phrases, SpellingCounts* spelling) {
  const DocumentMeta& m = document.meta;
  const Paragraph& p = document.paragraphs.at(seq);
  ParagraphRecord record = paragraph_record(document_id, p, seq);
  record.protocols = references.protocols;
  record.citations = references.citations;
  const Paragraph* lead_in = lead_in_of(document, p);
  // A footnote ("United Nations, Treaty Series, vol. 2225") is about what it says, not about its document.
  const SubjectContext context = p.kind == ParagraphKind::footnote
                                     ? SubjectContext{}
                                     : SubjectContext{lead_in ? std::string_view(lead_in->text) : std::string_view(), p.section, p.body, m.title};
  record.subjects = subjects.assign(p.text, context, m.lang);

  Xapian::Document doc;
  doc.add_boolean_term(std::string(schema::kParagraphIdPrefix) + record.id);
  doc.add_value(schema::kParagraphIdSlot, record.id);
  doc.add_boolean_term(std::string(schema::kDocumentIdPrefix) + document_id);
  if (!m.symbol.empty()) doc.add_boolean_term(std::string(schema::kSymbolPrefix) + casefold(m.symbol));
  if (const std::string number = citable_number(m.type, m.number); !number.empty()) {
    doc.add_boolean_term(std::string(schema::kNumberPrefix) + schema::canonical_value(number));
  }

  std::vector<std::string> agenda;
  for (const AgendaItem& a : m.agenda) agenda.push_back(std::to_string(a.item));
  FacetValues facets;
  add_facet(doc, facets, "session", one(m.session));
  add_facet(doc, facets, "body", one(p.body));
  add_facet(doc, facets, "agenda", agenda);
  add_facet(doc, facets, "lang", one(m.lang));
  add_facet(doc, facets, "type", one(m.type));
  add_facet(doc, facets, "kind", one(record.kind));
  add_facet(doc, facets, "year", one(m.year));
  add_facet(doc, facets, "protocol", record.protocols);
  std::vector<std::string> cited;
  for (const Citation& c : record.citations) cited.push_back(c.value);
  add_facet(doc, facets, "cites", cited);
  // What a recommendation or decision asks for; preambular verbs ("Recalling") are not facets.
  if (p.kind == ParagraphKind::operative || p.kind == ParagraphKind::recommendation) add_facet(doc, facets, "verb", one(p.verb));
  add_subjects(doc, facets, record.subjects, subjects.domain());
  if (const std::string packed = pack_facet_values(facets); !packed.empty()) doc.add_value(schema::kFacetSlot, packed);

  // A document is dated by its own date, else by the last day of its session (a resolution).
  const std::string date = compact_date(!m.date.empty() ? m.date : m.session_end);
  if (!date.empty()) doc.add_value(schema::kDateSlot, date);
  if (m.session) doc.add_value(schema::kSessionSlot, Xapian::sortable_serialise(static_cast<double>(*m.session)));
  doc.add_value(schema::kDocumentSlot, document_id);
  doc.add_value(schema::kDateOrderSlot, date_order_key(date, document_id, seq));

  Xapian::termpos position = 1;
  analyzer.index_text(p.text, m.lang, doc, position, spelling, &phrases);
  // An item ("13 a)", "b) iii)") means what its lead-in says ("Alienta a los Estados ... a que:"):
  // the lead-in's words are the item's too. A gap in positions keeps phrases from spanning both.
  if (lead_in != nullptr) {
    position += kLeadInGap;
    analyzer.index_text(lead_in->text, m.lang, doc, position, nullptr, &phrases);
  }

  // An agenda item's title ("Technical assistance") is found, but ranks as a paragraph of usual
  // length would, not above the paragraphs that discuss the subject.
  if (p.anchor.starts_with(kAgendaAnchorPrefix)) {
    Xapian::termcount length = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) length += t.get_wdf();
    if (length < kUsualParagraphTerms) doc.add_term(std::string(schema::kLengthPaddingTerm), kUsualParagraphTerms - length);
  }

  set_record(doc, nlohmann::json(record).dump());
  return doc;
}

IndexedPhrases glossary_phrases(const DomainData& domain, Analyzer& analyzer) {
  std::vector<PhraseStems> phrases;
  for (const GlossaryEntry& entry : domain.glossary()) {
    for (const auto& [written_in, forms] : entry.forms) {
      for (const std::string& form : forms) {
        const std::vector<Word> words = analyzer.words(form);
        if (words.size() < 2) continue;
        for (const std::string& lang : analyzer.languages()) {
          PhraseStems stems;
          for (const Word& w : words) stems.push_back(analyzer.word_terms(w.form, lang).stem);
          phrases.push_back(std::move(stems));
        }
      }
    }
  }
  return IndexedPhrases(phrases);
}

}  // namespace palermo
