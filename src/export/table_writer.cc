#include "export/table_writer.h"

#include <algorithm>

#include <fmt/format.h>

#include "export/report_columns.h"
#include "export/terminal_text.h"
#include "export/time_format.h"

namespace signtrail {
namespace {

constexpr std::string_view kColumnGap = "  ";
constexpr size_t kUserTypeColumn = kReportColumns.size();
constexpr size_t kTypeColumn = kReportColumns.size() + 1;
constexpr size_t kNoteColumn = kReportColumns.size() + 2;

// Replaces control characters with visible escapes (see EscapeForTerminal).
std::string MakeDisplayable(std::string_view text) { return EscapeForTerminal(text); }

std::string_view QueryKindPhrase(QueryKind kind) {
  switch (kind) {
    case QueryKind::kSessionsOverlapping:
      return "sessions overlapping";
    case QueryKind::kSignInsStarted:
      return "sign-ins started in";
    case QueryKind::kFailedSignIns:
      return "failed sign-ins in";
  }
  return "rows in";
}

void AppendPadded(std::string& line, std::string_view cell, size_t width) {
  line += cell;
  line.append(width - DisplayWidth(cell), ' ');
}

// Joins cells with the column gap, padded to the widths, without trailing
// spaces.
std::string FormatTableLine(const std::vector<std::string>& cells,
                            const std::vector<size_t>& columns,
                            const std::vector<size_t>& widths) {
  std::string line;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) line += kColumnGap;
    AppendPadded(line, cells[columns[i]], widths[columns[i]]);
  }
  line.erase(line.find_last_not_of(' ') + 1);
  line += '\n';
  return line;
}

std::string FormatFooter(const ReportSummary& summary, const date::time_zone* zone) {
  std::string footer = "\n";
  footer += fmt::format("Rows: {}\n", summary.rows);
  footer += fmt::format("Distinct users: {}\n", summary.distinct_users);
  footer += fmt::format("Unmapped ids: {}\n", summary.unmapped_ids.size());
  const size_t listed = std::min(summary.unmapped_ids.size(), kUnmappedIdsListed);
  for (size_t i = 0; i < listed; ++i) {
    footer += fmt::format("  {}\n", MakeDisplayable(summary.unmapped_ids[i]));
  }
  if (listed < summary.unmapped_ids.size()) {
    footer += fmt::format("  ... and {} more; the user_id column of the rows names each\n",
                          summary.unmapped_ids.size() - listed);
  }
  for (const std::string& ambiguity : summary.ambiguities) {
    footer += fmt::format("Ambiguous: {}\n", MakeDisplayable(ambiguity));
  }
  for (const std::string& notice : summary.notices) {
    footer += fmt::format("Notice: {}\n", notice);
  }
  footer += fmt::format(
      "Window: {}, {}\n",
      DescribeQueryWindow(summary.kind, summary.window_start, summary.window_end, zone),
      DescribeTimeZone(zone));
  return footer;
}

}  // namespace

std::string DescribeQueryWindow(QueryKind kind, Instant window_start, Instant window_end,
                                const date::time_zone* zone) {
  return fmt::format("{} [{}, {})", QueryKindPhrase(kind), FormatReportTime(window_start, zone),
                     FormatReportTime(window_end, zone));
}

Status TableReportWriter::AddRow(const ReportRow& row) {
  std::vector<std::string> cells;
  cells.reserve(kNoteColumn + 1);
  for (std::string& cell : FormatReportCells(row, zone_)) {
    cells.push_back(MakeDisplayable(cell));
  }
  cells.push_back(MakeDisplayable(row.user_type));
  cells.push_back(MakeDisplayable(row.sign_in_type));
  cells.push_back(MakeDisplayable(row.end_note.empty() ? row.failure_reason : row.end_note));
  rows_.push_back(std::move(cells));
  return Status::Ok();
}

Status TableReportWriter::Finish(const ReportSummary& summary) {
  // Choose the columns: the report columns always; User type, Type and Note
  // when used.
  std::vector<std::string> captions;
  for (const ReportColumn& column : kReportColumns) captions.emplace_back(column.caption);
  captions.emplace_back("User type");
  captions.emplace_back("Type");
  captions.emplace_back("Note");

  std::vector<size_t> columns;
  for (size_t i = 0; i < kReportColumns.size(); ++i) columns.push_back(i);
  for (size_t optional_column : {kUserTypeColumn, kTypeColumn, kNoteColumn}) {
    const bool used = std::any_of(rows_.begin(), rows_.end(), [&](const auto& cells) {
      return !cells[optional_column].empty();
    });
    if (used) columns.push_back(optional_column);
  }

  // Measure every column over the caption and all rows.
  std::vector<size_t> widths(captions.size(), 0);
  for (size_t column : columns) {
    widths[column] = DisplayWidth(captions[column]);
    for (const auto& cells : rows_) {
      widths[column] = std::max(widths[column], DisplayWidth(cells[column]));
    }
  }

  // Caption line, rule, rows, footer.
  std::vector<std::string> rule(captions.size());
  for (size_t column : columns) rule[column] = std::string(widths[column], '-');

  out_ << FormatTableLine(captions, columns, widths);
  out_ << FormatTableLine(rule, columns, widths);
  for (const auto& cells : rows_) out_ << FormatTableLine(cells, columns, widths);
  out_ << FormatFooter(summary, zone_);
  out_.flush();

  if (out_.good()) return Status::Ok();
  return Status::IoError("writing the report table failed; check the output stream");
}

}  // namespace signtrail
