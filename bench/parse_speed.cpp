// palermo-parse-bench FILE...: how fast each format is read into a Document, without indexing.
// Reads every file once into memory, then parses all of them repeatedly for about a second per
// format and prints documents/s, MB/s and, for PDF, pages/s. Reports, never asserts.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "document/document_parser.h"
#include "domain/domain_data.h"
#include "pdf/pdf_lines.h"

namespace {

constexpr double kSecondsPerFormat = 1.0;

struct Input {
  std::string bytes;
  std::string format;  // "md", "txt", "pdf"
};

std::size_t parse(const palermo::DocumentParser& parser, const Input& in, int& pages) {
  const palermo::ParseOptions options{"en"};
  if (in.format == "pdf") {
    palermo::PdfText pdf = palermo::pdf_lines(in.bytes);
    pages += pdf.pages;
    return parser.parse_lines(std::move(pdf.lines), options).paragraphs.size();
  }
  if (in.format == "txt") return parser.parse_lines(palermo::plain_text_lines(in.bytes), options).paragraphs.size();
  return parser.parse(in.bytes, options).paragraphs.size();
}

}  // namespace

int main(int argc, char** argv) {
  const auto domain = palermo::DomainData::load(std::filesystem::path(PALERMO_DATA_DIR) / "domain");
  const palermo::DocumentParser parser(domain);
  std::map<std::string, std::vector<Input>> by_format;
  for (int i = 1; i < argc; ++i) {
    std::ifstream file(argv[i], std::ios::binary);
    std::stringstream s;
    s << file.rdbuf();
    const std::string format = std::filesystem::path(argv[i]).extension().string().substr(1);
    by_format[format].push_back({s.str(), format});
  }
  std::printf("%-6s %6s %10s %10s %10s %12s\n", "format", "files", "docs/s", "MB/s", "pages/s", "paragraphs");
  for (const auto& [format, inputs] : by_format) {
    std::size_t bytes = 0, documents = 0, paragraphs = 0;
    int pages = 0;
    const auto start = std::chrono::steady_clock::now();
    double seconds = 0;
    while (seconds < kSecondsPerFormat) {
      for (const Input& in : inputs) {
        paragraphs += parse(parser, in, pages);
        bytes += in.bytes.size();
        ++documents;
      }
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    const std::string pages_per_second = format == "pdf" ? std::to_string(static_cast<int>(pages / seconds)) : "-";
    std::printf("%-6s %6zu %10.0f %10.2f %10s %12zu\n", format.c_str(), inputs.size(), static_cast<double>(documents) / seconds,
                static_cast<double>(bytes) / seconds / 1e6, pages_per_second.c_str(), paragraphs / documents);
  }
}
