#include "export/report_writer.h"

#include "export/csv_writer.h"
#include "export/jsonl_writer.h"
#include "export/table_writer.h"

namespace signtrail {

std::string_view ReportFormatName(ReportFormat format) {
  switch (format) {
    case ReportFormat::kTable:
      return "table";
    case ReportFormat::kCsv:
      return "csv";
    case ReportFormat::kJsonl:
      return "jsonl";
  }
  return "unknown";
}

std::optional<ReportFormat> ParseReportFormat(std::string_view name) {
  for (ReportFormat format : {ReportFormat::kTable, ReportFormat::kCsv, ReportFormat::kJsonl}) {
    if (ReportFormatName(format) == name) return format;
  }
  return std::nullopt;
}

std::unique_ptr<ReportSink> MakeReportWriter(ReportFormat format, std::ostream& out,
                                             const ReportWriterOptions& options) {
  switch (format) {
    case ReportFormat::kCsv:
      return std::make_unique<CsvReportWriter>(
          out, CsvOptions{.byte_order_mark = options.byte_order_mark, .zone = options.zone});
    case ReportFormat::kJsonl:
      return std::make_unique<JsonlReportWriter>(out, options.zone);
    case ReportFormat::kTable:
      break;
  }
  return std::make_unique<TableReportWriter>(out, options.zone);
}

}  // namespace signtrail
