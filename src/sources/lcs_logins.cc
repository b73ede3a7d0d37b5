// The Lifecycle Services "User Login Events" grid export: one row per session.
// docs/formats/lcs-logins.md documents the accepted shape.

#include <fmt/format.h>

#include <utility>

#include "sources/doubtful_reasons.h"
#include "sources/importers.h"
#include "sources/tabular_import.h"

namespace signtrail {
namespace {

constexpr std::string_view kUserId = "user id";
constexpr std::string_view kSessionStart = "session start";
constexpr std::string_view kSessionEnd = "session end";
constexpr std::string_view kUserName = "user name";
constexpr std::string_view kEmail = "email";

// The grid's "Export grid" button writes at most this many rows, so a file
// with exactly this many was probably cut off.
constexpr int64_t kExportRowCap = 5'000;

// The XLSX export stores times to the millisecond, as Excel does, while a CSV
// may carry microseconds. The content key uses whole milliseconds so that the
// same session read from either shape gets the same key.
// NOTE: this matches a workbook writer that cuts times to the millisecond. One
// that rounds gives a different key when the CSV's sub-millisecond part is
// 0.5 ms or more.
Instant TruncateToMillis(Instant instant) {
  constexpr int64_t kMicrosPerMilli = 1'000;
  // Rounds towards the past for instants before 1970 too.
  const int64_t below_milli =
      ((instant.micros() % kMicrosPerMilli) + kMicrosPerMilli) % kMicrosPerMilli;
  return Instant::FromMicros(instant.micros() - below_milli);
}

Result<SignInEvent> ParseSessionRow(const TableRow& row, const ColumnMap& columns,
                                    TimeCellParser& times) {
  SignInEvent event;
  event.kind = EventKind::kSession;

  event.user_id = CanonicalId(columns.Cell(row.cells, kUserId));
  if (event.user_id.empty()) {
    return Status::InvalidInput(fmt::format("column '{}': empty value (every row needs a user id)",
                                            columns.HeaderName(kUserId)));
  }

  Result<Instant> start = times.ParseRequired(row, columns, kSessionStart, "session start");
  if (!start.ok()) return start.status();
  event.time = *start;

  Result<std::optional<Instant>> end = times.Parse(row, columns, kSessionEnd);
  if (!end.ok()) return end.status();
  if (end->has_value() && **end < event.time) {
    return Status::InvalidInput(fmt::format(
        "column '{}': value '{}' is before the session start '{}'; the session cannot end before "
        "it starts",
        columns.HeaderName(kSessionEnd), TrimmedCell(row, columns, kSessionEnd),
        TrimmedCell(row, columns, kSessionStart)));
  }
  event.end = *end;
  event.end_kind = end->has_value() ? EndKind::kRecorded : EndKind::kOpen;

  event.display_name = std::string(TrimmedCell(row, columns, kUserName));
  event.login_name = std::string(TrimmedCell(row, columns, kEmail));

  // The export carries no record id, so a session is keyed on its content.
  event.record_id = ContentKey({event.user_id, FormatUtc(TruncateToMillis(event.time))});
  SetRowOrigin(row, event);
  return event;
}

std::string RowCapWarning(const ImportOptions& options, const ImportOutput& output) {
  const std::optional<Instant> earliest = EarliestTime(output.events);
  const std::string earliest_text =
      earliest.has_value()
          ? fmt::format(" (earliest session start in the file: {})", FormatUtc(*earliest))
          : std::string();
  return fmt::format(
      "{}: {} data rows, the Lifecycle Services export cap; the export is probably truncated{}; "
      "narrow the query window and export again",
      options.file_name, FormatCount(kExportRowCap), earliest_text);
}

}  // namespace

const std::vector<ColumnSpec>& LcsLoginsColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {kUserId,
       {"AADUserID", "AADUserId", "Microsoft Entra IDUserID", "EntraUserId", "UserId", "User ID"},
       true},
      {kSessionStart,
       {"SessionStartTime", "Session start time", "Start time", "StartTime", "LoginTime"},
       true},
      {kSessionEnd, {"SessionEndTime", "Session end time", "End time", "EndTime", "LogoutTime"}},
      {kUserName, {"UserName", "User name"}},
      {kEmail, {"Email", "E-mail", "EmailAddress"}},
  };
  return kColumns;
}

Result<ImportOutput> ImportLcsLogins(std::string_view bytes, const ImportOptions& options) {
  Result<MatchedTable> input = ReadMatchedTable(bytes, LcsLoginsColumns(), options.file_name);
  if (!input.ok()) return input.status();

  Result<DateOrder> order = DecideFileDateOrder(*input, {kSessionStart, kSessionEnd}, options);
  if (!order.ok()) return order.status();
  TimeCellParser times(TimeRule{options.source_zone, *order});

  ImportOutput output;
  for (const TableRow& row : input->table.rows) {
    ++output.rows_read;
    Result<SignInEvent> event = ParseSessionRow(row, input->columns, times);
    if (!event.ok()) {
      Status status = RejectRow(row, event.status().message(), options, output);
      if (!status.ok()) return status;
      continue;
    }
    output.events.push_back(std::move(event).value());
  }

  if (output.rows_read == kExportRowCap) {
    output.warnings.push_back(RowCapWarning(options, output));
    NoteRowCap(output, fmt::format("{} data rows, the Lifecycle Services export cap",
                                   FormatCount(kExportRowCap)));
  }
  if (std::optional<std::string> warning = times.OverlapWarning(options.file_name)) {
    output.warnings.push_back(std::move(*warning));
  }
  return output;
}

}  // namespace signtrail
