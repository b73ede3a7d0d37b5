#include "export/csv_writer.h"

#include "export/report_columns.h"

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

void AppendCsvLine(std::string& line, const ReportCells& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    const bool is_text = kReportColumns[i].kind == CellKind::kText;
    line += QuoteCsvField(is_text ? NeutraliseFormula(cells[i]) : cells[i]);
  }
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
  if (text.empty()) return std::string();
  const char first = text.front();
  const bool formula_lead =
      first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
      first == '\r';
  if (!formula_lead || IsCsvNumber(text)) return std::string(text);
  return "'" + std::string(text);
}

std::string QuoteCsvField(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

Status CsvReportWriter::AddRow(const ReportRow& row) {
  WriteHeaderOnce();
  std::string line;
  AppendCsvLine(line, FormatReportCells(row, options_.zone));
  out_ << line;
  return CheckStream();
}

Status CsvReportWriter::Finish(const ReportSummary& /*summary*/) {
  WriteHeaderOnce();
  out_.flush();
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
  out_ << header;
}

Status CsvReportWriter::CheckStream() const {
  if (out_.good()) return Status::Ok();
  return Status::IoError(
      "writing the CSV report failed; check the free space and permissions of the output");
}

}  // namespace signtrail
