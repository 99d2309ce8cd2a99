#include "searcher/result_export.h"

#include <algorithm>

#include "analysis/text.h"
#include "searcher/citation_text.h"
#include "searcher/snippet.h"

namespace palermo {
namespace {

// RFC 3986 percent-encoding of everything but the unreserved characters, as the page's own links
// (encodeURIComponent): a document id may hold spaces and accents ("cop6.resolución 6-4"), which
// a spreadsheet or a mail program would cut a link at.
std::string url_component(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

std::string link_back(const SearchHit& h, const std::string& base_url) {
  return base_url + "/doc/" + url_component(h.paragraph.doc) + "#p-" + url_component(h.paragraph.anchor);
}

// The Word document's words, in the interface language of the request (the page's).
struct WordLabels {
  const char* paragraph;
  const char* citation;
  const char* symbol;
  const char* link;
  const char* paragraphs;  // "párrafos"
  const char* first;       // "los primeros {n} de": written around the numbers below
  const char* of;
  const char* partial;  // then the shards left out
};
std::string joined(const std::vector<std::string>& shards) {
  std::string out;
  for (const std::string& s : shards) out += (out.empty() ? "" : ", ") + s;
  return out;
}

const WordLabels& word_labels(const std::string& ui_lang) {
  static const WordLabels es{"Párrafo", "Cita", "Signatura", "Enlace", "párrafos", "los primeros", "de",
                                 "Resultados parciales: faltan los párrafos de los fragmentos del índice que no responden:"};
  static const WordLabels en{"Paragraph", "Citation", "Symbol", "Link", "paragraphs", "the first", "of",
                                 "Partial results: the paragraphs of the index's shards that did not answer are missing:"};
  return ui_lang == "en" ? en : es;
}

// The date a paragraph's document is dated by: its own, else its session's last day.
std::string dated(const DocumentRecord& d) { return d.date.empty() ? d.session_end : d.date; }

std::string csv_field(const std::string& text) {
  // A cell starting with = + - @ is a formula to a spreadsheet ("- i) promover…" would show
  // #NAME?, and a crafted one could run): an apostrophe keeps it text, as spreadsheets expect.
  const std::string value = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos
                                ? "'" + text
                                : text;
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string query_title(const SearchRequest& r) {
  std::string title = r.query.empty() ? "*" : r.query;
  for (const auto& [name, values] : r.filters) {
    for (const std::string& v : values) title += " " + name + ":" + v;
  }
  if (r.sessions) {
    title += " session:" + (r.sessions->from ? std::to_string(*r.sessions->from) : "") + ".." +
             (r.sessions->to ? std::to_string(*r.sessions->to) : "");
  }
  if (r.dates) title += " date:" + r.dates->from + ".." + r.dates->to;
  if (!r.document.empty()) title += " doc:" + r.document;
  return title;
}

// XML 1.0 cannot hold most control characters even escaped; text never should, but a feed must parse.
std::string xml_text(const std::string& s) {
  std::string clean;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    clean += c;
  }
  return html_escape(clean);
}

std::string atom_time(const std::string& iso_date) {
  return (iso_date.empty() ? std::string("1970-01-01") : iso_date) + "T00:00:00Z";
}

}  // namespace

ExportRows collect_export(Searcher& searcher, SearchRequest request) {
  request.group = Grouping::paragraphs;
  request.size = kMaxPageSize;
  ExportRows rows;
  for (request.page = 1; rows.hits.size() < kMaxExportRows; ++request.page) {
    SearchResult page = searcher.search(request);
    rows.total = page.total;
    rows.missing_shards = page.missing_shards;
    for (SearchHit& h : page.hits) {
      if (rows.hits.size() < kMaxExportRows) rows.hits.push_back(std::move(h));
    }
    if (static_cast<std::size_t>(request.page) * kMaxPageSize >= page.total) break;
  }
  request.page = 1;
  rows.request = request;
  return rows;
}

std::string to_csv(const ExportRows& rows, const std::string& base_url) {
  std::string out = "\xEF\xBB\xBF";
  out += "paragraph,citation,symbol,document,date,language,kind,link\r\n";
  for (const SearchHit& h : rows.hits) {
    const DocumentRecord& d = h.document;
    for (const std::string& field : {h.paragraph.text, h.citation, h.designation, d.title, dated(d), d.lang, h.paragraph.kind}) {
      out += csv_field(field) + ",";
    }
    out += csv_field(link_back(h, base_url)) + "\r\n";
  }
  return out;
}

std::string to_word_html(const ExportRows& rows, const std::string& base_url) {
  const std::string title = "Palermo: " + query_title(rows.request);
  std::string out = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html_escape(title) +
                    "</title>\n<style>body{font-family:Calibri,Arial,sans-serif;font-size:11pt}"
                    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4pt;vertical-align:top}"
                    "th{background:#eee;text-align:left}</style></head><body>\n";
  const WordLabels& words = word_labels(rows.request.ui_lang);
  const std::string count = rows.hits.size() < rows.total
                                ? std::string(words.first) + " " + std::to_string(rows.hits.size()) + " " + words.of + " " +
                                      std::to_string(rows.total) + " " + words.paragraphs
                                : std::to_string(rows.hits.size()) + " " + words.paragraphs;
  out += "<h1>" + html_escape(title) + "</h1>\n<p>" + count + "</p>\n";
  if (!rows.missing_shards.empty()) out += "<p><strong>" + html_escape(std::string(words.partial) + " " + joined(rows.missing_shards)) + "</strong></p>\n";
  out += std::string("<table>\n<tr><th>") + words.paragraph + "</th><th>" +
         words.citation + "</th><th>" + words.symbol + "</th><th>" + words.link + "</th></tr>\n";
  for (const SearchHit& h : rows.hits) {
    const std::string link = link_back(h, base_url);
    out += "<tr><td lang=\"" + html_escape(h.document.lang) + "\">" + html_escape(h.paragraph.text) + "</td><td>" +
           html_escape(h.citation) + "</td><td>" + html_escape(h.designation) + "</td><td><a href=\"" +
           html_escape(link) + "\">" + html_escape(link) + "</a></td></tr>\n";
  }
  return out + "</table>\n</body></html>\n";
}

std::string export_file_name(const SearchRequest& request, std::string_view extension) {
  std::string words;
  for (char c : fold(request.query)) {
    const bool kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (kept) {
      words += c;
    } else if (!words.empty() && words.back() != '-') {
      words += '-';
    }
    if (words.size() >= kMaxFileNameWords) break;
  }
  while (!words.empty() && words.back() == '-') words.pop_back();
  return (words.empty() ? std::string("palermo") : "palermo-" + words) + "." + std::string(extension);
}

std::string to_atom(const SearchResult& result, const std::string& base_url, const std::string& self_url) {
  std::string updated;
  for (const SearchHit& h : result.hits) updated = std::max(updated, dated(h.document));
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <title>" + xml_text("Palermo: " + query_title(result.request)) + "</title>\n";
  out += "  <id>" + xml_text(self_url) + "</id>\n";
  out += "  <link rel=\"self\" href=\"" + xml_text(self_url) + "\"/>\n";
  out += "  <link href=\"" + xml_text(base_url + "/") + "\"/>\n";
  if (!result.missing_shards.empty()) {
    out += "  <subtitle>" + xml_text(std::string(word_labels(result.request.ui_lang).partial) + " " + joined(result.missing_shards)) +
           "</subtitle>\n";
  }
  out += "  <updated>" + atom_time(updated) + "</updated>\n  <author><name>Palermo</name></author>\n";
  for (const SearchHit& h : result.hits) {
    const std::string link = link_back(h, base_url);
    out += "  <entry>\n    <title>" + xml_text(h.citation) + "</title>\n    <id>" + xml_text(link) + "</id>\n";
    out += "    <link href=\"" + xml_text(link) + "\"/>\n    <updated>" + atom_time(dated(h.document)) + "</updated>\n";
    out += "    <content type=\"text\" xml:lang=\"" + xml_text(h.document.lang) + "\">" + xml_text(h.paragraph.text) +
           "</content>\n  </entry>\n";
  }
  return out + "</feed>\n";
}

}  // namespace palermo
