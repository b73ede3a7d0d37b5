#ifndef SIGNTRAIL_EXPORT_TABLE_WRITER_H_
#define SIGNTRAIL_EXPORT_TABLE_WRITER_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "query/signin_report.h"

namespace signtrail {

// Writes a report as an aligned text table for a terminal, followed by a
// footer with the summary. Captions are the readable names of the report
// columns. A "User type" column (from the directory, e.g. Guest), a "Type"
// column (the sign-in type) and a "Note" column (the end note, or else the
// failure reason) are added when any row has a value for them. Columns
// widen to their longest value, measured in terminal columns (DisplayWidth:
// wide CJK characters take two), and nothing is truncated. Control
// characters show as escapes (\n, \t, \x1b) so a value cannot move the
// cursor. Rows are kept until Finish
// because the widths depend on every row. The stream must outlive the writer.
class TableReportWriter : public ReportSink {
 public:
  TableReportWriter(std::ostream& out, const date::time_zone* zone) : out_(out), zone_(zone) {}

  Status AddRow(const ReportRow& row) override;

  // Writes the table and the footer; returns IoError when the stream fails.
  Status Finish(const ReportSummary& summary) override;

 private:
  std::ostream& out_;
  const date::time_zone* zone_;
  std::vector<std::vector<std::string>> rows_;  // display cells: the report columns, Type, Note
};

// Names the query and its window: "sessions overlapping [START, END)",
// "sign-ins started in [START, END)" or "failed sign-ins in [START, END)",
// with times formatted by FormatReportTime.
std::string DescribeQueryWindow(QueryKind kind, Instant window_start, Instant window_end,
                                const date::time_zone* zone);

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_TABLE_WRITER_H_
