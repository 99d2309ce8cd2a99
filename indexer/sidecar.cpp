#include "indexer/sidecar.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace palermo {
namespace {

bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

std::string string_field(const nlohmann::json& value, const std::string& key) {
  if (!value.is_string()) throw std::invalid_argument("\"" + key + "\" must be a string");
  return value.get<std::string>();
}

}  // namespace

void apply_sidecar(const std::string& json, DocumentMeta& meta) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::invalid_argument(std::string("not valid JSON: ") + e.what());
  }
  if (!j.is_object()) throw std::invalid_argument("must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (key == "symbol") {
      meta.symbol = string_field(value, key);
    } else if (key == "lang") {
      meta.lang = string_field(value, key);
    } else if (key == "original_lang") {
      meta.original_lang = string_field(value, key);
    } else if (key == "type") {
      meta.type = string_field(value, key);
    } else if (key == "number") {
      meta.number = string_field(value, key);
    } else if (key == "title") {
      meta.title = string_field(value, key);
    } else if (key == "place") {
      meta.place = string_field(value, key);
    } else if (key == "date") {
      meta.date = string_field(value, key);
      if (!is_iso_date(meta.date)) throw std::invalid_argument("\"date\" must be YYYY-MM-DD, not \"" + meta.date + "\"");
      meta.year = std::stoi(meta.date.substr(0, 4));
    } else if (key == "session") {
      if (!value.is_number_integer() || value.get<int>() < 1) {
        throw std::invalid_argument("\"session\" must be a positive integer");
      }
      meta.session = value.get<int>();
    } else if (key == "translation") {
      // "unofficial": a working translation made for the collection (corpus/README.md), which the
      // page and every citation mark as such. "official" is the default.
      const std::string kind = string_field(value, key);
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
