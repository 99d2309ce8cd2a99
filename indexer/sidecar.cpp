#include "indexer/sidecar.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <set>
#include <stdexcept>

namespace palermo {
namespace {

// The Conference met first in 2004; the bounds only catch typos and hostile values.
constexpr int kFirstYear = 1990, kLastYear = 2100;
constexpr int kMaxSession = 100;

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < kFirstYear || year > kLastYear || month < 1 || month > 12 || day < 1) return false;
  return day <= kDays[month - 1] && (month != 2 || day <= 28 || leap);
}

// Every value is bounded (it becomes a term or a facet value, and Xapian refuses terms over 245
// bytes) and free of control characters (it is shown on the page and in citations).
std::string string_field(const nlohmann::json& value, const std::string& key, std::size_t max_bytes) {
  if (!value.is_string()) throw std::invalid_argument("\"" + key + "\" must be a string");
  std::string s = value.get<std::string>();
  if (s.empty()) throw std::invalid_argument("\"" + key + "\" must not be empty");
  if (s.size() > max_bytes) {
    throw std::invalid_argument("\"" + key + "\" is " + std::to_string(s.size()) + " bytes long; at most " +
                                std::to_string(max_bytes) + " are accepted");
  }
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) throw std::invalid_argument("\"" + key + "\" holds a control character");
  }
  return s;
}

std::string code_field(const nlohmann::json& value, const std::string& key) {
  std::string s = string_field(value, key, 3);
  for (char c : s) {
    if (c < 'a' || c > 'z') throw std::invalid_argument("\"" + key + "\" must be a language code such as \"es\", not \"" + s + "\"");
  }
  return s;
}

}  // namespace

void apply_sidecar(const std::string& json, const DomainData& domain, DocumentMeta& meta) {
  nlohmann::json j;
  // nlohmann keeps the last of two equal keys: {"date": "2014-06-12", "date": "2015-01-01"}
  // would silently say one of them. Keys of the top-level object are collected as they are read.
  std::set<std::string> keys;
  std::string twice;
  try {
    j = nlohmann::json::parse(json, [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
      if (event == nlohmann::json::parse_event_t::key && depth == 1 && !keys.insert(parsed.get<std::string>()).second &&
          twice.empty()) {
        twice = parsed.get<std::string>();
      }
      return true;
    });
  } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for a number like 8e888
    throw std::invalid_argument(std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw std::invalid_argument("must be a JSON object");
  if (!twice.empty()) throw std::invalid_argument("the key \"" + twice + "\" is given twice");
  for (const auto& [key, value] : j.items()) {
    if (key == "symbol") {
      meta.symbol = string_field(value, key, 80);
    } else if (key == "lang") {
      meta.lang = code_field(value, key);
    } else if (key == "original_lang") {
      meta.original_lang = code_field(value, key);
    } else if (key == "type") {
      meta.type = string_field(value, key, 40);
      if (!domain.is_document_type(meta.type)) {
        throw std::invalid_argument("\"type\" must be one of " + domain.document_type_list() + ", not \"" + meta.type + "\"");
      }
    } else if (key == "number") {
      meta.number = string_field(value, key, 20);
    } else if (key == "title") {
      meta.title = string_field(value, key, 2000);
    } else if (key == "place") {
      meta.place = string_field(value, key, 200);
    } else if (key == "date") {
      meta.date = string_field(value, key, 10);
      if (!is_iso_date(meta.date)) {
        throw std::invalid_argument("\"date\" must be a real date YYYY-MM-DD between " + std::to_string(kFirstYear) + " and " +
                                    std::to_string(kLastYear) + ", not \"" + meta.date + "\"");
      }
      meta.year = std::stoi(meta.date.substr(0, 4));
    } else if (key == "session") {
      // Compared as 64-bit: get<int>() of 4294967297 would wrap to 1.
      if (!value.is_number_integer() || value.get<std::int64_t>() < 1 || value.get<std::int64_t>() > kMaxSession) {
        throw std::invalid_argument("\"session\" must be a whole number from 1 to " + std::to_string(kMaxSession));
      }
      meta.session = static_cast<int>(value.get<std::int64_t>());
    } else if (key == "translation") {
      // "unofficial": a working translation made for the collection (corpus/README.md), which the
      // page and every citation mark as such. "official" is the default.
      const std::string kind = string_field(value, key, 20);
      if (kind != "unofficial" && kind != "official") {
        throw std::invalid_argument("\"translation\" must be \"unofficial\" or \"official\", not \"" + kind + "\"");
      }
      meta.unofficial_translation = kind == "unofficial";
    } else {
      throw std::invalid_argument("unknown key \"" + key +
                                  "\" (accepted: symbol, lang, original_lang, date, session, type, number, title, place, "
                                  "translation)");
    }
  }
}

}  // namespace palermo
