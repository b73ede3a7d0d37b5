#include "export/csv_writer.h"

#include "export/report_columns.h"
#include "export/time_format.h"

namespace signtrail {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kLineEnd = "\r\n";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Advances `i` past a run of digits and returns how many there were.
size_t SkipDigits(std::string_view text, size_t& i) {
  const size_t begin = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  return i - begin;
}

// Lines wait in the buffer until it reaches this many bytes.
constexpr size_t kBufferBytes = 64 * 1024;

bool NeedsQuotes(std::string_view text) {
  // A plain loop: find_first_of calls memchr over the four characters for
  // every byte of the text.
  for (char c : text) {
    if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
  }
  return false;
}

bool NeedsFormulaPrefix(std::string_view text) {
  if (text.empty()) return false;
  const char first = text.front();
  const bool formula_lead =
      first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
      first == '\r';
  return formula_lead && !IsCsvNumber(text);
}

// Appends a field's text, doubling its quotes when the field is quoted.
void AppendFieldText(std::string& line, std::string_view text, bool quoted) {
  if (!quoted) {
    line.append(text);
    return;
  }
  for (char c : text) {
    if (c == '"') line += '"';
    line += c;
  }
}

// Appends a text cell as QuoteCsvField(NeutraliseFormula(text)) would
// write it, without building either string.
void AppendTextCell(std::string& line, std::string_view text) {
  const bool quoted = NeedsQuotes(text);
  if (quoted) line += '"';
  if (NeedsFormulaPrefix(text)) line += '\'';
  AppendFieldText(line, text, quoted);
  if (quoted) line += '"';
}

// Appends a time cell. A missing time is an empty cell.
void AppendTimeCell(std::string& line, std::optional<Instant> time, const date::time_zone* zone) {
  if (time) AppendReportTime(line, *time, zone);
}

// Appends one line in the column order of kReportColumns.
void AppendCsvLine(std::string& line, const ReportRow& row, const date::time_zone* zone) {
  static_assert(kReportColumns.size() == 11, "AppendCsvLine writes every report column");
  AppendTextCell(line, row.user_id);
  line += ',';
  AppendTextCell(line, row.login);
  line += ',';
  AppendTextCell(line, row.user_name);
  line += ',';
  AppendTextCell(line, row.email);
  line += ',';
  AppendTimeCell(line, row.session_start, zone);
  line += ',';
  AppendTimeCell(line, row.session_end, zone);
  line += ',';
  if (row.end_kind) AppendTextCell(line, EndKindName(*row.end_kind));
  line += ',';
  AppendTextCell(line, row.source);
  line += ',';
  AppendTextCell(line, row.client_ip);
  line += ',';
  AppendTextCell(line, row.application);
  line += ',';
  AppendTextCell(line, row.result);
  line += kLineEnd;
}

}  // namespace

bool IsCsvNumber(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;

  size_t digits = SkipDigits(text, i);
  if (i < text.size() && text[i] == '.') {
    ++i;
    digits += SkipDigits(text, i);
  }
  if (digits == 0) return false;

  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (SkipDigits(text, i) == 0) return false;
  }
  return i == text.size();
}

std::string NeutraliseFormula(std::string_view text) {
  std::string neutral;
  if (NeedsFormulaPrefix(text)) neutral += '\'';
  neutral.append(text);
  return neutral;
}

std::string QuoteCsvField(std::string_view text) {
  const bool quoted = NeedsQuotes(text);
  std::string field;
  if (quoted) field += '"';
  AppendFieldText(field, text, quoted);
  if (quoted) field += '"';
  return field;
}

Status CsvReportWriter::AddRow(const ReportRow& row) {
  WriteHeaderOnce();
  AppendCsvLine(buffer_, row, options_.zone);
  // A stream that failed on an earlier write fails this row too, even while
  // the line waits in the buffer.
  if (buffer_.size() < kBufferBytes) return CheckStream();
  return WriteBuffer();
}

Status CsvReportWriter::Finish(const ReportSummary& /*summary*/) {
  WriteHeaderOnce();
  if (Status written = WriteBuffer(); !written.ok()) return written;
  out_.flush();
  return CheckStream();
}

Status CsvReportWriter::WriteBuffer() {
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
  return CheckStream();
}

void CsvReportWriter::WriteHeaderOnce() {
  if (header_written_) return;
  header_written_ = true;

  std::string header;
  if (options_.byte_order_mark) header += kByteOrderMark;
  for (size_t i = 0; i < kReportColumns.size(); ++i) {
    if (i > 0) header += ',';
    header += kReportColumns[i].name;
  }
  header += kLineEnd;
  buffer_ += header;
}

Status CsvReportWriter::CheckStream() const {
  if (out_.good()) return Status::Ok();
  return Status::IoError(
      "writing the CSV report failed; check the free space and permissions of the output");
}

}  // namespace signtrail
