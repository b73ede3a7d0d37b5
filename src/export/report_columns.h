#ifndef SIGNTRAIL_EXPORT_REPORT_COLUMNS_H_
#define SIGNTRAIL_EXPORT_REPORT_COLUMNS_H_

#include <array>
#include <string>
#include <string_view>

#include <date/tz.h>

#include "query/signin_report.h"

namespace signtrail {

enum class CellKind {
  kText,  // free text from the source or the directory
  kTime,  // an RFC 3339 time that signtrail wrote
};

struct ReportColumn {
  std::string_view name;     // CSV header and JSON key
  std::string_view caption;  // table heading
  CellKind kind;
};

// The columns of every report format, in order; docs/formats/report-csv.md
// documents them.
inline constexpr std::array<ReportColumn, 11> kReportColumns = {{
    {"user_id", "User ID", CellKind::kText},
    {"login", "Login", CellKind::kText},
    {"user_name", "Name", CellKind::kText},
    {"email", "Email", CellKind::kText},
    {"session_start", "Start", CellKind::kTime},
    {"session_end", "End", CellKind::kTime},
    {"end_kind", "End kind", CellKind::kText},
    {"source", "Source", CellKind::kText},
    {"client_ip", "Client IP", CellKind::kText},
    {"application", "Application", CellKind::kText},
    {"result", "Result", CellKind::kText},
}};

inline constexpr size_t kSessionEndColumn = 5;

using ReportCells = std::array<std::string, kReportColumns.size()>;

// Formats a row's cells in column order. Times use FormatReportTime with
// `zone`; a missing end and the end kind of a failed sign-in are empty.
ReportCells FormatReportCells(const ReportRow& row, const date::time_zone* zone);

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_REPORT_COLUMNS_H_
