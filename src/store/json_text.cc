#include "store/json_text.h"

#include <fmt/format.h>
#include <simdjson.h>

namespace signtrail {
namespace {

// Writes invalid UTF-8 bytes as the visible text \xNN, so that the array
// stays valid JSON and the byte values stay readable.
std::string ValidUtf8(std::string_view text) {
  if (simdjson::validate_utf8(text.data(), text.size())) return std::string(text);
  std::string valid;
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x80) {
      valid += c;
    } else {
      valid += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    }
  }
  return valid;
}

void AppendJsonString(std::string_view raw_text, std::string& out) {
  const std::string text = ValidUtf8(raw_text);
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::string ToJsonStringArray(const std::vector<std::string>& values) {
  std::string json = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) json += ',';
    AppendJsonString(values[i], json);
  }
  json += ']';
  return json;
}

Result<std::vector<std::string>> ParseJsonStringArray(std::string_view json,
                                                      std::string_view column) {
  const Status invalid = Status::StoreError(
      fmt::format("stored {} value '{}' is not a JSON array of strings", column, json));

  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::dom::array array;
  if (parser.parse(padded).get_array().get(array) != simdjson::SUCCESS) return invalid;

  std::vector<std::string> values;
  for (simdjson::dom::element element : array) {
    std::string_view text;
    if (element.get_string().get(text) != simdjson::SUCCESS) return invalid;
    values.emplace_back(text);
  }
  return values;
}

}  // namespace signtrail
