#include "sources/json_checks.h"

#include <fmt/format.h>

#include <unordered_set>
#include <utility>

namespace signtrail {
namespace {

namespace dom = simdjson::dom;

std::string MemberPath(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

std::optional<std::string> FindDuplicateKeyAt(dom::element value, const std::string& path);

// The object's own keys are checked before those of its members.
std::optional<std::string> FindDuplicateKeyIn(dom::object object, const std::string& path) {
  std::unordered_set<std::string_view> keys;
  for (dom::key_value_pair field : object) {
    if (!keys.insert(field.key).second) return MemberPath(path, field.key);
  }
  for (dom::key_value_pair field : object) {
    std::optional<std::string> found = FindDuplicateKeyAt(field.value, MemberPath(path, field.key));
    if (found.has_value()) return found;
  }
  return std::nullopt;
}

std::optional<std::string> FindDuplicateKeyAt(dom::element value, const std::string& path) {
  dom::object object;
  if (value.get_object().get(object) == simdjson::SUCCESS) return FindDuplicateKeyIn(object, path);

  dom::array array;
  if (value.get_array().get(array) == simdjson::SUCCESS) {
    size_t index = 0;
    for (dom::element element : array) {
      std::optional<std::string> found =
          FindDuplicateKeyAt(element, fmt::format("{}[{}]", path, index));
      if (found.has_value()) return found;
      ++index;
    }
  }
  return std::nullopt;
}

// True for text that follows the JSON number grammar (RFC 8259, section 6):
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool IsJsonNumber(std::string_view text) {
  size_t pos = 0;
  const auto digits = [&]() {
    const size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    return pos - start;
  };

  if (pos < text.size() && text[pos] == '-') ++pos;
  if (pos < text.size() && text[pos] == '0') {
    ++pos;
  } else if (digits() == 0) {
    return false;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (digits() == 0) return false;
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    if (digits() == 0) return false;
  }
  return pos == text.size();
}

// True for a token that simdjson 3.0 may reject: one that breaks the JSON
// grammar, has 19 or more digits (the 64-bit ranges end near 9.2e18 and
// 1.8e19) or has an exponent (which can pass the range of a double). Other
// tokens always parse, so the scan parses only these.
bool MayBeRejected(std::string_view token) {
  size_t digits = 0;
  for (char c : token) {
    if (c == 'e' || c == 'E') return true;
    if (c >= '0' && c <= '9') ++digits;
  }
  return digits >= 19 || !IsJsonNumber(token);
}

bool IsNumberCharacter(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// An object or array that the scan has entered and not yet left.
struct Frame {
  bool is_object = false;
  bool expect_key = false;  // objects: the next string is a key
  std::string key;          // objects: the key of the current member
  size_t index = 0;         // arrays: the index of the current element
};

std::string PathOf(const std::vector<Frame>& frames) {
  std::string path;
  for (const Frame& frame : frames) {
    if (frame.is_object) {
      path = MemberPath(path, frame.key);
    } else {
      path += fmt::format("[{}]", frame.index);
    }
  }
  return path;
}

// Returns the offset after the string that opens at json[pos], or the end of
// the text when the string is not closed.
size_t StringEnd(std::string_view json, size_t pos) {
  for (size_t i = pos + 1; i < json.size(); ++i) {
    if (json[i] == '\\') {
      ++i;
    } else if (json[i] == '"') {
      return i + 1;
    }
  }
  return json.size();
}

}  // namespace

std::optional<std::string> FindDuplicateKey(dom::object object) {
  return FindDuplicateKeyIn(object, "");
}

std::vector<RejectedNumber> FindRejectedNumbers(std::string_view json) {
  std::vector<RejectedNumber> rejected;
  std::vector<Frame> frames;
  dom::parser token_parser;
  size_t pos = 0;
  while (pos < json.size()) {
    const char c = json[pos];
    if (c == '"') {
      const size_t end = StringEnd(json, pos);
      if (!frames.empty() && frames.back().is_object && frames.back().expect_key) {
        frames.back().key = std::string(json.substr(pos + 1, end - pos - 2));
      }
      pos = end;
      continue;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t end = pos;
      while (end < json.size() && IsNumberCharacter(json[end])) ++end;
      const std::string_view token = json.substr(pos, end - pos);
      if (MayBeRejected(token)) {
        const simdjson::padded_string padded(token);
        dom::element parsed;
        if (token_parser.parse(padded).get(parsed) != simdjson::SUCCESS) {
          rejected.push_back({pos, std::string(token), PathOf(frames), IsJsonNumber(token)});
        }
      }
      pos = end;
      continue;
    }

    if (c == '{' || c == '[') {
      frames.push_back({c == '{', c == '{', "", 0});
    } else if ((c == '}' || c == ']') && !frames.empty()) {
      frames.pop_back();
    } else if (c == ':' && !frames.empty()) {
      frames.back().expect_key = false;
    } else if (c == ',' && !frames.empty()) {
      if (frames.back().is_object) {
        frames.back().expect_key = true;
      } else {
        ++frames.back().index;
      }
    }
    ++pos;
  }
  return rejected;
}

std::string QuoteValidNumbers(std::string_view json, const std::vector<RejectedNumber>& numbers) {
  std::string quoted;
  quoted.reserve(json.size() + 2 * numbers.size());
  size_t copied = 0;
  for (const RejectedNumber& number : numbers) {
    if (!number.valid) continue;
    quoted.append(json.substr(copied, number.offset - copied));
    quoted += '"';
    quoted += number.text;
    quoted += '"';
    copied = number.offset + number.text.size();
  }
  quoted.append(json.substr(copied));
  return quoted;
}

}  // namespace signtrail
