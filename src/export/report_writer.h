#ifndef SIGNTRAIL_EXPORT_REPORT_WRITER_H_
#define SIGNTRAIL_EXPORT_REPORT_WRITER_H_

#include <memory>
#include <optional>
#include <ostream>
#include <string_view>

#include <date/tz.h>

#include "query/signin_report.h"

namespace signtrail {

enum class ReportFormat { kTable, kCsv, kJsonl };

std::string_view ReportFormatName(ReportFormat format);  // "table", "csv", "jsonl"
std::optional<ReportFormat> ParseReportFormat(std::string_view name);

struct ReportWriterOptions {
  const date::time_zone* zone = nullptr;  // null: times in UTC
  bool byte_order_mark = false;           // CSV only: start with a UTF-8 BOM
};

// Makes the writer for `format` over `out`, which must outlive it.
std::unique_ptr<ReportSink> MakeReportWriter(ReportFormat format, std::ostream& out,
                                             const ReportWriterOptions& options);

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_REPORT_WRITER_H_
