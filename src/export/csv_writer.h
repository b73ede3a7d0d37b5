#ifndef SIGNTRAIL_EXPORT_CSV_WRITER_H_
#define SIGNTRAIL_EXPORT_CSV_WRITER_H_

#include <ostream>
#include <string>
#include <string_view>

#include <date/tz.h>

#include "query/signin_report.h"

namespace signtrail {

struct CsvOptions {
  bool byte_order_mark = false;             // start with EF BB BF so Excel reads UTF-8
  const date::time_zone* zone = nullptr;    // null: times in UTC
};

// Writes a report as RFC 4180 CSV with CRLF line ends: the header line, then
// one line per row. docs/formats/report-csv.md describes the output. Lines
// are collected in a buffer of about 64 KiB that goes to the stream when it
// fills and at Finish. The stream must outlive the writer.
class CsvReportWriter : public ReportSink {
 public:
  CsvReportWriter(std::ostream& out, CsvOptions options) : out_(out), options_(options) {}

  // Return IoError when the stream fails.
  Status AddRow(const ReportRow& row) override;
  Status Finish(const ReportSummary& summary) override;

 private:
  void WriteHeaderOnce();
  Status WriteBuffer();
  Status CheckStream() const;

  std::ostream& out_;
  CsvOptions options_;
  bool header_written_ = false;
  std::string buffer_;  // lines not yet written to out_
};

// True for a plain decimal number such as "-1", "50140", "+2.5" or "1e-3".
bool IsCsvNumber(std::string_view text);

// Prefixes `'` to a text that starts with `=`, `+`, `-`, `@`, tab or carriage
// return, unless it is a number, so spreadsheets do not run it as a formula.
std::string NeutraliseFormula(std::string_view text);

// Quotes a field that contains `,`, `"`, CR or LF, doubling its quotes.
std::string QuoteCsvField(std::string_view text);

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_CSV_WRITER_H_
