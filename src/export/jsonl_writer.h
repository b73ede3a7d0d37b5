#ifndef SIGNTRAIL_EXPORT_JSONL_WRITER_H_
#define SIGNTRAIL_EXPORT_JSONL_WRITER_H_

#include <ostream>
#include <string>
#include <string_view>

#include <date/tz.h>

#include "query/signin_report.h"

namespace signtrail {

// Writes a report as JSON Lines: one object per row with the CSV column names
// as keys, in column order, each line ending in LF. Every value is a string
// except session_end, which is null when the session has no known end. Lines
// are collected in a buffer of about 64 KiB that goes to the stream when it
// fills and at Finish. The stream must outlive the writer.
class JsonlReportWriter : public ReportSink {
 public:
  JsonlReportWriter(std::ostream& out, const date::time_zone* zone) : out_(out), zone_(zone) {}

  // Return IoError when the stream fails.
  Status AddRow(const ReportRow& row) override;
  Status Finish(const ReportSummary& summary) override;

 private:
  Status WriteBuffer();
  Status CheckStream() const;

  std::ostream& out_;
  const date::time_zone* zone_;
  std::string buffer_;  // lines not yet written to out_
};

// Quotes `text` as a JSON string (RFC 8259): `"` and `\` escaped, control
// characters as \n, \r, \t, \b, \f or \u00XX, valid UTF-8 passed through.
// Bytes that are not valid UTF-8 become U+FFFD so the line stays valid JSON.
std::string QuoteJsonString(std::string_view text);

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_JSONL_WRITER_H_
