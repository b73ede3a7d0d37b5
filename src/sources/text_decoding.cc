// DecodeText: turns the bytes of a text export into UTF-8. Excel saves
// "CSV UTF-8" with a byte order mark and "Unicode text" as UTF-16 LE with a
// byte order mark, so both are accepted.

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "sources/table.h"

namespace signtrail {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

enum class ByteOrder { kLittleEndian, kBigEndian };

// Returns the length of the valid UTF-8 sequence at text[pos], or 0 when the
// bytes there are not valid UTF-8 (overlong forms, surrogates and code points
// above U+10FFFF included).
size_t Utf8SequenceLength(std::string_view text, size_t pos) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return 1;

  size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;  // overlong below U+0800
    if (lead == 0xED) max_second = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;  // overlong below U+10000
    if (lead == 0xF4) max_second = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }

  if (pos + length > text.size()) return 0;
  if (byte(pos + 1) < min_second || byte(pos + 1) > max_second) return 0;
  for (size_t i = 2; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return 0;
  }
  return length;
}

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// Converts UTF-16 code units that follow a 2-byte BOM. Offsets in messages
// count from the start of the file, BOM included.
Result<std::string> DecodeUtf16(std::string_view bytes, ByteOrder order,
                                std::string_view file_name) {
  std::string_view units = bytes.substr(kUtf16LeBom.size());
  if (units.size() % 2 != 0) {
    return Status::InvalidInput(
        fmt::format("{}: UTF-16 text has an odd number of bytes ({}), so the file is truncated; "
                    "save it again as UTF-8 or UTF-16",
                    file_name, bytes.size()));
  }

  const auto unit_at = [&](size_t i) -> uint32_t {
    const auto first = static_cast<unsigned char>(units[i]);
    const auto second = static_cast<unsigned char>(units[i + 1]);
    return order == ByteOrder::kLittleEndian ? (first | (second << 8)) : ((first << 8) | second);
  };
  const auto unpaired = [&](size_t i, uint32_t unit) {
    return Status::InvalidInput(
        fmt::format("{}: invalid UTF-16 at byte offset {}: unpaired surrogate 0x{:04X}; "
                    "save the file as UTF-8 or UTF-16",
                    file_name, i + kUtf16LeBom.size(), unit));
  };

  std::string out;
  out.reserve(units.size() / 2);
  for (size_t i = 0; i < units.size(); i += 2) {
    const uint32_t unit = unit_at(i);
    if (unit < 0xD800 || unit > 0xDFFF) {
      AppendUtf8(unit, out);
      continue;
    }

    // A high surrogate must be followed by a low surrogate.
    if (unit > 0xDBFF || i + 2 >= units.size()) return unpaired(i, unit);
    const uint32_t low = unit_at(i + 2);
    if (low < 0xDC00 || low > 0xDFFF) return unpaired(i, unit);
    AppendUtf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), out);
    i += 2;
  }
  return out;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    // Plain ASCII is by far the most common case; skip it byte by byte.
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const size_t length = Utf8SequenceLength(text, pos);
    if (length == 0) return pos;
    pos += length;
  }
  return std::string_view::npos;
}

Result<std::string> DecodeText(std::string_view bytes, std::string_view file_name) {
  if (bytes.starts_with(kUtf16LeBom)) {
    return DecodeUtf16(bytes, ByteOrder::kLittleEndian, file_name);
  }
  if (bytes.starts_with(kUtf16BeBom)) {
    return DecodeUtf16(bytes, ByteOrder::kBigEndian, file_name);
  }

  const size_t bom_size = bytes.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  std::string_view text = bytes.substr(bom_size);
  const size_t invalid = FindInvalidUtf8(text);
  if (invalid != std::string_view::npos) {
    return Status::InvalidInput(
        fmt::format("{}: invalid UTF-8 at byte offset {}; save the file as UTF-8 or UTF-16",
                    file_name, invalid + bom_size));
  }
  return std::string(text);
}

}  // namespace signtrail
