// The document side: any bytes a corpus file may hold, through what palermo-index does with them
// (the checks of read_source, the Markdown parser and the text reader, the reference finder, a
// sidecar). A crash, hang
// or sanitizer report here is a bug; SearchError-like rejections are the expected outcome.
#include <cstddef>
#include <cstdint>
#include <string>

#include "analysis/text.h"
#include "document/document_parser.h"
#include "domain/domain_data.h"
#include "indexer/sidecar.h"
#include "references/reference_finder.h"

namespace {

const palermo::DomainData& domain() {
  static const palermo::DomainData d = palermo::DomainData::load(PALERMO_SOURCE_DIR "/domain");
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  // As the indexer: only valid UTF-8 without NUL reaches the parser.
  if (bytes.find('\0') != std::string::npos || palermo::utf8_error(bytes)) return 0;
  static const palermo::DocumentParser parser(domain());
  static const palermo::ReferenceFinder references(domain());
  try {
    palermo::Document document = parser.parse(bytes, palermo::ParseOptions{size % 2 ? "es" : "en"});
    const palermo::DocumentContext context = references.context_of(document.meta.title);
    for (const palermo::Paragraph& p : document.paragraphs) references.find(p.text, context);
    // The same bytes as a .txt file: the text reader's own rules (columns, furniture, headings,
    // footnote labels) on lines of printed pages.
    const palermo::Document text = parser.parse_lines(palermo::plain_text_lines(bytes), palermo::ParseOptions{size % 2 ? "es" : "en"});
    for (const palermo::Paragraph& p : text.paragraphs) references.find(p.text, references.context_of(text.meta.title));
    palermo::DocumentMeta meta;
    try {
      palermo::apply_sidecar(bytes, meta);
    } catch (const std::invalid_argument&) {
    }
  } catch (const palermo::MalformedDocument&) {
  }
  return 0;
}
