#ifndef SIGNTRAIL_EXPORT_COVERAGE_WRITER_H_
#define SIGNTRAIL_EXPORT_COVERAGE_WRITER_H_

#include <date/tz.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/status.h"
#include "query/coverage.h"
#include "query/source_status.h"

namespace signtrail {

enum class CoverageFormat { kTable, kCsv, kJsonl };

// "table", "csv" or "jsonl"; nullopt for any other name.
std::optional<CoverageFormat> ParseCoverageFormat(std::string_view name);

// Writes every source's intervals, one line each, in the order given
// (docs/formats/coverage-csv.md):
//   csv    RFC 4180 with CRLF line ends and the header
//          `source,start,end,state,reason,batches`; reasons joined by "; ",
//          batch ids by spaces; text cells neutralised against formulas.
//   jsonl  one object per interval with the CSV column names as keys; batches
//          is an array of numbers, the rest are strings.
//   table  aligned columns for a terminal, then a line naming the time zone.
// Times are RFC 3339 in UTC, or in `zone` when it is not null. Returns
// IoError when the stream fails.
Status WriteCoverage(std::ostream& out, CoverageFormat format,
                     const std::vector<SourceCoverage>& coverage, const date::time_zone* zone);

enum class StatusFormat { kTable, kJson, kPrometheus };

// "table", "json" or "prometheus"; nullopt for any other name.
std::optional<StatusFormat> ParseStatusFormat(std::string_view name);

// Writes a status report (docs/formats/status-output.md):
//   table       one aligned line per source, durations rounded down to
//               whole seconds, and a line with now and the thresholds.
//   json        one object with the thresholds, the overall status and a
//               `sources` array.
//   prometheus  the text exposition format for the node exporter's textfile
//               collector: HELP and TYPE lines, then one sample per source
//               for each metric.
// Times are RFC 3339 UTC; durations are seconds in json and prometheus.
// Returns IoError when the stream fails.
Status WriteStatus(std::ostream& out, StatusFormat format, const StatusReport& report);

// Formats microseconds as decimal seconds, with a fraction only when the
// microseconds are not whole: "1725148800", "0.000001", "-1.5".
std::string FormatSeconds(int64_t micros);

// Escapes a Prometheus label value: `\` as `\\`, `"` as `\"` and a line
// feed as `\n`.
std::string EscapePrometheusLabel(std::string_view value);

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_COVERAGE_WRITER_H_
