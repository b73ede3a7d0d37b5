#include "export/jsonl_writer.h"

#include <fmt/format.h>

#include "export/report_columns.h"
#include "export/time_format.h"

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

// True for a byte that JSON takes as it is: printable ASCII other than `"`
// and `\`.
bool IsPlainJsonByte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
}

// Appends `text` as QuoteJsonString would write it. Runs of plain bytes
// are appended in one piece.
void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  size_t i = 0;
  while (i < text.size()) {
    size_t plain_end = i;
    while (plain_end < text.size() && IsPlainJsonByte(text[plain_end])) ++plain_end;
    out.append(text.data() + i, plain_end - i);
    i = plain_end;
    if (i == text.size()) break;

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
    out.append(text.data() + i, length);
    i += length;
  }
  out += '"';
}

// Appends the key of `column` and its colon, after a comma unless it is the
// first column. The column names need no escaping.
void AppendKey(std::string& line, size_t column) {
  if (column > 0) line += ',';
  line += '"';
  line.append(kReportColumns[column].name);
  line += "\":";
}

void AppendTextMember(std::string& line, size_t column, std::string_view text) {
  AppendKey(line, column);
  AppendJsonString(line, text);
}

void AppendTimeMember(std::string& line, size_t column, Instant time, const date::time_zone* zone) {
  AppendKey(line, column);
  line += '"';
  AppendReportTime(line, time, zone);
  line += '"';
}

// Appends one object in the column order of kReportColumns, as
// FormatReportCells would give its cells.
void AppendJsonLine(std::string& line, const ReportRow& row, const date::time_zone* zone) {
  static_assert(kReportColumns.size() == 11, "AppendJsonLine writes every report column");
  line += '{';
  AppendTextMember(line, 0, row.user_id);
  AppendTextMember(line, 1, row.login);
  AppendTextMember(line, 2, row.user_name);
  AppendTextMember(line, 3, row.email);
  AppendTimeMember(line, 4, row.session_start, zone);
  if (row.session_end) {
    AppendTimeMember(line, kSessionEndColumn, *row.session_end, zone);
  } else {
    AppendKey(line, kSessionEndColumn);
    line += "null";
  }
  AppendTextMember(line, 6, row.end_kind ? EndKindName(*row.end_kind) : std::string_view());
  AppendTextMember(line, 7, row.source);
  AppendTextMember(line, 8, row.client_ip);
  AppendTextMember(line, 9, row.application);
  AppendTextMember(line, 10, row.result);
  line += "}\n";
}

// Lines wait in the buffer until it reaches this many bytes.
constexpr size_t kBufferBytes = 64 * 1024;

}  // namespace

std::string QuoteJsonString(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

Status JsonlReportWriter::AddRow(const ReportRow& row) {
  AppendJsonLine(buffer_, row, zone_);
  // A stream that failed on an earlier write fails this row too, even while
  // the line waits in the buffer.
  if (buffer_.size() < kBufferBytes) return CheckStream();
  return WriteBuffer();
}

Status JsonlReportWriter::Finish(const ReportSummary& /*summary*/) {
  if (Status written = WriteBuffer(); !written.ok()) return written;
  out_.flush();
  return CheckStream();
}

Status JsonlReportWriter::WriteBuffer() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  return CheckStream();
}

Status JsonlReportWriter::CheckStream() const {
  if (out_.good()) return Status::Ok();
  return Status::IoError(
      "writing the JSON Lines report failed; check the free space and permissions of the output");
}

}  // namespace signtrail
