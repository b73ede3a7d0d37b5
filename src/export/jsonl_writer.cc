#include "export/jsonl_writer.h"

#include <fmt/format.h>

#include "export/report_columns.h"

namespace signtrail {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Returns the length of the valid UTF-8 sequence that starts at text[i], or 0
// when the bytes there are not one (overlong forms, surrogates and values
// above U+10FFFF included).
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) min_second = 0xA0;  // overlong
    if (lead == 0xED) max_second = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) min_second = 0x90;  // overlong
    if (lead == 0xF4) max_second = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

void AppendEscapedAscii(std::string& out, char c) {
  switch (c) {
    case '"':
      out += "\\\"";
      return;
    case '\\':
      out += "\\\\";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    default:
      break;
  }
  if (static_cast<unsigned char>(c) < 0x20) {
    out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
    return;
  }
  out += c;
}

}  // namespace

std::string QuoteJsonString(std::string_view text) {
  std::string out = "\"";
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      AppendEscapedAscii(out, text[i]);
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += kReplacementCharacter;
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  out += '"';
  return out;
}

Status JsonlReportWriter::AddRow(const ReportRow& row) {
  const ReportCells cells = FormatReportCells(row, zone_);
  std::string line = "{";
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    line += QuoteJsonString(kReportColumns[i].name);
    line += ':';
    const bool absent_end = i == kSessionEndColumn && !row.session_end;
    line += absent_end ? "null" : QuoteJsonString(cells[i]);
  }
  line += "}\n";
  out_ << line;
  return CheckStream();
}

Status JsonlReportWriter::Finish(const ReportSummary& /*summary*/) {
  out_.flush();
  return CheckStream();
}

Status JsonlReportWriter::CheckStream() const {
  if (out_.good()) return Status::Ok();
  return Status::IoError(
      "writing the JSON Lines report failed; check the free space and permissions of the output");
}

}  // namespace signtrail
