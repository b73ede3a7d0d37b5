#include "export/coverage_writer.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>

#include "export/csv_writer.h"
#include "export/jsonl_writer.h"
#include "export/table_writer.h"
#include "export/terminal_text.h"
#include "export/time_format.h"

namespace signtrail {
namespace {

constexpr std::string_view kCsvLineEnd = "\r\n";
constexpr std::string_view kColumnGap = "  ";

Status CheckStream(std::ostream& out, std::string_view what) {
  if (out.good()) return Status::Ok();
  return Status::IoError(fmt::format(
      "writing the {} failed; check the free space and permissions of the output", what));
}

std::string JoinReasons(const std::vector<std::string>& reasons) {
  return fmt::format("{}", fmt::join(reasons, "; "));
}

std::string JoinBatchIds(const std::vector<int64_t>& batch_ids) {
  return fmt::format("{}", fmt::join(batch_ids, " "));
}

// Replaces control characters with visible escapes so a value cannot move
// the terminal's cursor.
std::string MakeDisplayable(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      escaped += "\\n";
    } else if (c == '\r') {
      escaped += "\\r";
    } else if (c == '\t') {
      escaped += "\\t";
    } else if (byte < 0x20 || byte == 0x7F) {
      escaped += fmt::format("\\x{:02x}", byte);
    } else {
      escaped += c;
    }
  }
  return escaped;
}

// Writes rows under captions, each column as wide as its longest cell in
// terminal columns (DisplayWidth), with no trailing spaces.
void WriteAlignedTable(std::ostream& out, const std::vector<std::string>& captions,
                       const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const std::string& caption : captions) widths.push_back(DisplayWidth(caption));
  for (const std::vector<std::string>& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  }

  const auto write_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) line += kColumnGap;
      line += cells[i];
      line.append(widths[i] - DisplayWidth(cells[i]), ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  };
  write_line(captions);
  for (const std::vector<std::string>& row : rows) write_line(row);
}

// Coverage.

void WriteCoverageCsv(std::ostream& out, const std::vector<SourceCoverage>& coverage,
                      const date::time_zone* zone) {
  out << "source,start,end,state,reason,batches" << kCsvLineEnd;
  for (const SourceCoverage& source : coverage) {
    for (const CoverageInterval& interval : source.intervals) {
      out << QuoteCsvField(NeutraliseFormula(source.source)) << ','
          << FormatReportTime(interval.start, zone) << ',' << FormatReportTime(interval.end, zone)
          << ',' << CoverageStateName(interval.state) << ','
          << QuoteCsvField(NeutraliseFormula(JoinReasons(interval.reasons))) << ','
          << JoinBatchIds(interval.batch_ids) << kCsvLineEnd;
    }
  }
}

void WriteCoverageJsonl(std::ostream& out, const std::vector<SourceCoverage>& coverage,
                        const date::time_zone* zone) {
  for (const SourceCoverage& source : coverage) {
    for (const CoverageInterval& interval : source.intervals) {
      out << fmt::format(
          "{{\"source\":{},\"start\":\"{}\",\"end\":\"{}\",\"state\":\"{}\",\"reason\":{},"
          "\"batches\":[{}]}}\n",
          QuoteJsonString(source.source), FormatReportTime(interval.start, zone),
          FormatReportTime(interval.end, zone), CoverageStateName(interval.state),
          QuoteJsonString(JoinReasons(interval.reasons)), fmt::join(interval.batch_ids, ","));
    }
  }
}

void WriteCoverageTable(std::ostream& out, const std::vector<SourceCoverage>& coverage,
                        const date::time_zone* zone) {
  std::vector<std::vector<std::string>> rows;
  for (const SourceCoverage& source : coverage) {
    for (const CoverageInterval& interval : source.intervals) {
      rows.push_back(
          {MakeDisplayable(source.source), FormatReportTime(interval.start, zone),
           FormatReportTime(interval.end, zone), std::string(CoverageStateName(interval.state)),
           JoinBatchIds(interval.batch_ids), MakeDisplayable(JoinReasons(interval.reasons))});
    }
  }
  if (coverage.empty()) {
    out << "No sources: ingest an export first.\n";
    return;
  }
  WriteAlignedTable(out, {"Source", "Start", "End", "State", "Batches", "Reason"}, rows);
  out << fmt::format("\nIntervals are [start, end), {}.\n", DescribeTimeZone(zone));
}

// Status.

std::string FormatOptionalTime(const std::optional<Instant>& instant) {
  return instant ? FormatUtc(*instant) : std::string("none");
}

// A duration for a person to read: whole seconds, rounded down.
std::string FormatWholeDuration(int64_t micros) {
  return FormatDuration(micros - micros % kMicrosPerSecond);
}

void WriteStatusTable(std::ostream& out, const StatusReport& report) {
  std::vector<std::vector<std::string>> rows;
  for (const SourceStatus& source : report.sources) {
    rows.push_back({MakeDisplayable(source.source), FormatOptionalTime(source.coverage_end),
                    source.age_micros ? FormatWholeDuration(*source.age_micros) : std::string("-"),
                    FormatWholeDuration(source.gap_micros),
                    FormatWholeDuration(source.doubtful_micros),
                    std::string(FreshnessName(source.freshness))});
  }
  if (report.sources.empty()) {
    out << "No sources: nothing is collected yet; ingest an export first.\n";
  } else {
    WriteAlignedTable(out, {"Source", "Coverage end", "Age", "Gap", "Doubtful", "Status"}, rows);
    out << '\n';
  }
  out << fmt::format("Now {}; warn after {}, stale after {}; overall: {}.\n", FormatUtc(report.now),
                     FormatDuration(report.thresholds.warn_age_micros),
                     FormatDuration(report.thresholds.max_age_micros),
                     FreshnessName(report.overall));
}

std::string JsonTimeOrNull(const std::optional<Instant>& instant) {
  return instant ? QuoteJsonString(FormatUtc(*instant)) : std::string("null");
}

void WriteStatusJson(std::ostream& out, const StatusReport& report) {
  std::vector<std::string> sources;
  for (const SourceStatus& source : report.sources) {
    sources.push_back(
        fmt::format("{{\"source\":{},\"coverage_start\":{},\"coverage_end\":{},\"age_seconds\":{},"
                    "\"gap_seconds\":{},\"doubtful_seconds\":{},\"status\":\"{}\"}}",
                    QuoteJsonString(source.source), JsonTimeOrNull(source.coverage_start),
                    JsonTimeOrNull(source.coverage_end),
                    source.age_micros ? FormatSeconds(*source.age_micros) : std::string("null"),
                    FormatSeconds(source.gap_micros), FormatSeconds(source.doubtful_micros),
                    FreshnessName(source.freshness)));
  }
  out << fmt::format(
      "{{\"generated\":\"{}\",\"warn_age_seconds\":{},\"max_age_seconds\":{},\"status\":\"{}\","
      "\"sources\":[{}]}}\n",
      FormatUtc(report.now), FormatSeconds(report.thresholds.warn_age_micros),
      FormatSeconds(report.thresholds.max_age_micros), FreshnessName(report.overall),
      fmt::join(sources, ","));
}

// One metric family: its HELP and TYPE lines, then one sample per source that
// has a value for it.
template <typename ValueOf>
void WriteSourceGauge(std::ostream& out, const StatusReport& report, std::string_view name,
                      std::string_view help, ValueOf value_of) {
  out << fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
  for (const SourceStatus& source : report.sources) {
    const std::optional<std::string> value = value_of(source);
    if (!value) continue;
    out << fmt::format("{}{{source=\"{}\"}} {}\n", name, EscapePrometheusLabel(source.source),
                       *value);
  }
}

void WriteStatusPrometheus(std::ostream& out, const StatusReport& report) {
  using Value = std::optional<std::string>;
  WriteSourceGauge(out, report, "signtrail_source_coverage_end_seconds",
                   "End of the source's coverage, as Unix seconds.",
                   [](const SourceStatus& s) -> Value {
                     if (!s.coverage_end) return std::nullopt;
                     return FormatSeconds(s.coverage_end->micros());
                   });
  WriteSourceGauge(out, report, "signtrail_source_coverage_age_seconds",
                   "Seconds from the end of the source's coverage to now.",
                   [](const SourceStatus& s) -> Value {
                     if (!s.age_micros) return std::nullopt;
                     return FormatSeconds(*s.age_micros);
                   });
  WriteSourceGauge(out, report, "signtrail_source_gap_seconds_total",
                   "Seconds without data between the source's first coverage start and now.",
                   [](const SourceStatus& s) -> Value { return FormatSeconds(s.gap_micros); });
  WriteSourceGauge(
      out, report, "signtrail_source_doubtful_seconds_total",
      "Seconds covered only by doubtful batches between the source's first coverage start and "
      "now.",
      [](const SourceStatus& s) -> Value { return FormatSeconds(s.doubtful_micros); });
  WriteSourceGauge(out, report, "signtrail_source_status",
                   "Freshness of the source's coverage: 0 fresh, 1 warn, 2 stale.",
                   [](const SourceStatus& s) -> Value {
                     return fmt::format("{}", static_cast<int>(s.freshness));
                   });
  out << "# HELP signtrail_status_generated_seconds When this status was computed, as Unix "
         "seconds.\n"
      << "# TYPE signtrail_status_generated_seconds gauge\n"
      << "signtrail_status_generated_seconds " << FormatSeconds(report.now.micros()) << '\n';
}

}  // namespace

std::optional<CoverageFormat> ParseCoverageFormat(std::string_view name) {
  if (name == "table") return CoverageFormat::kTable;
  if (name == "csv") return CoverageFormat::kCsv;
  if (name == "jsonl") return CoverageFormat::kJsonl;
  return std::nullopt;
}

Status WriteCoverage(std::ostream& out, CoverageFormat format,
                     const std::vector<SourceCoverage>& coverage, const date::time_zone* zone) {
  switch (format) {
    case CoverageFormat::kTable:
      WriteCoverageTable(out, coverage, zone);
      break;
    case CoverageFormat::kCsv:
      WriteCoverageCsv(out, coverage, zone);
      break;
    case CoverageFormat::kJsonl:
      WriteCoverageJsonl(out, coverage, zone);
      break;
  }
  out.flush();
  return CheckStream(out, "coverage");
}

std::optional<StatusFormat> ParseStatusFormat(std::string_view name) {
  if (name == "table") return StatusFormat::kTable;
  if (name == "json") return StatusFormat::kJson;
  if (name == "prometheus") return StatusFormat::kPrometheus;
  return std::nullopt;
}

Status WriteStatus(std::ostream& out, StatusFormat format, const StatusReport& report) {
  switch (format) {
    case StatusFormat::kTable:
      WriteStatusTable(out, report);
      break;
    case StatusFormat::kJson:
      WriteStatusJson(out, report);
      break;
    case StatusFormat::kPrometheus:
      WriteStatusPrometheus(out, report);
      break;
  }
  out.flush();
  return CheckStream(out, "status");
}

std::string FormatSeconds(int64_t micros) {
  const std::string sign = micros < 0 ? "-" : "";
  const uint64_t magnitude =
      micros < 0 ? uint64_t{0} - static_cast<uint64_t>(micros) : static_cast<uint64_t>(micros);
  const uint64_t whole = magnitude / kMicrosPerSecond;
  const uint64_t fraction = magnitude % kMicrosPerSecond;
  if (fraction == 0) return fmt::format("{}{}", sign, whole);

  std::string fraction_text = fmt::format("{:06}", fraction);
  fraction_text.erase(fraction_text.find_last_not_of('0') + 1);
  return fmt::format("{}{}.{}", sign, whole, fraction_text);
}

std::string EscapePrometheusLabel(std::string_view value) {
  std::string escaped;
  for (char c : value) {
    if (c == '\\') {
      escaped += "\\\\";
    } else if (c == '"') {
      escaped += "\\\"";
    } else if (c == '\n') {
      escaped += "\\n";
    } else {
      escaped += c;
    }
  }
  return escaped;
}

}  // namespace signtrail
