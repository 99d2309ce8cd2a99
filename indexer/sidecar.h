// Sidecar metadata: `<name>.<lang>.meta.json` beside a document supplies or corrects what its
// text does not state, e.g. {"symbol": "CTOC/COP/2014/5", "date": "2014-06-12"}.
#pragma once

#include <string>

#include "document/document.h"
#include "domain/domain_data.h"

namespace palermo {

// Overwrites the fields present in `json`. Accepted keys: symbol, lang, original_lang, date,
// session, type, number, title, place, translation ("unofficial" | "official": a working
// translation made for the collection, see corpus/README.md). Throws std::invalid_argument naming the offending key or
// value (unknown key, wrong type, malformed or impossible date, session outside 1..100, a string
// empty, too long (symbol 80 bytes, number 20, type 40, title 2000, place 200) or holding control
// characters, a language that is not a lowercase code, a type not in domain/document_types.tsv,
// a key given twice), so a typo is reported rather than ignored.
void apply_sidecar(const std::string& json, const DomainData& domain, DocumentMeta& meta);

}  // namespace palermo
