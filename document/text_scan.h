// Scanners over the plain text of one block (never over Markdown): words, numbers, dates, final
// punctuation, anchors. Private to document/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/text.h"  // words_of, starts_with_words: the one word rule
#include "domain/domain_data.h"

namespace palermo {

// One to four ASCII digits: a day, a paragraph or session number, a year.
bool is_number(std::string_view word);

// Ends with . ; : ! or ?, possibly followed by closing quotes or brackets: the sentence is over,
// so the block is not cut by a page break.
bool ends_with_final_punctuation(std::string_view text);

// The first `count` space-separated words of `text`, without trailing commas or semicolons.
std::string leading_words(std::string_view text, std::size_t count);

// A URL-safe anchor from a label: "13 a)" -> "13-a", "b) iii)" -> "b-iii".
std::string url_slug(std::string_view label);

// ISO dates read from folded text holding days, month names and a year in reading order:
// "12 de junio de 2014" (one day), "6 a 10 de octubre de 2014", "6-10 october 2014",
// "30 de septiembre a 2 de octubre de 2014". Nullopt unless it holds one or two valid dates.
struct DateSpan {
  std::string start, end;  // equal for a single date
};
std::optional<DateSpan> read_date_span(const DomainData& domain, std::string_view folded);

// What a heading's own numbering makes it, as UN documents number them: chapters "II. ",
// sections "A. ", subsections "1. " (I, V and X alone are chapters). Nullopt when the text opens
// with no such numbering. Smaller is higher.
enum class HeadingRank { chapter = 1, section = 2, subsection = 3 };
std::optional<HeadingRank> heading_rank(std::string_view text);

// The text is one document symbol and nothing else: "CTOC/COP/2014/1." -> "CTOC/COP/2014/1".
std::optional<std::string> lone_document_symbol(std::string_view text);

}  // namespace palermo
