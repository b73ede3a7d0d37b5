// The finance and operations User log (SysUserLog) export: one row per
// session. docs/formats/d365-userlog.md documents the accepted shape.

#include <fmt/format.h>

#include <utility>

#include "sources/importers.h"
#include "sources/tabular_import.h"

namespace signtrail {
namespace {

constexpr std::string_view kUserId = "user id";
constexpr std::string_view kUserName = "user name";
constexpr std::string_view kSessionId = "session id";
constexpr std::string_view kLogon = "logon";
constexpr std::string_view kLogoff = "logoff";
constexpr std::string_view kCleanLogoff = "clean logoff";
constexpr std::string_view kClientType = "client type";
constexpr std::string_view kComputer = "computer name";

// The client refreshes the logoff time every 15 minutes while it runs, so a
// logoff is only known to within that interval.
constexpr std::string_view kApproximateLogoffNote = "logoff approximate (±15 min)";
constexpr std::string_view kUncleanLogoffNote = "not logged off cleanly";

// Grids show times in the exporting user's time zone, which the file does
// not record. Data entities and the Excel add-in write ISO-style UTC values.
Status RequireZoneForDisplayTimes(const MatchedTable& input, const ImportOptions& options) {
  if (options.source_zone != nullptr) return Status::Ok();

  const std::optional<std::string> example = FindDisplayFormatValue(input, {kLogon, kLogoff});
  if (!example.has_value()) return Status::Ok();

  return Status::InvalidInput(fmt::format(
      "{}: times like '{}' are shown in the exporting user's time zone; pass --source-tz ZONE "
      "(for example --source-tz Australia/Brisbane)",
      options.file_name, *example));
}

// The session id restarts every day, so the logon date (UTC) is part of the key.
std::string SessionRecordId(std::string_view user_id, Instant logon, std::string_view session_id) {
  const std::string logon_text = FormatUtc(logon);  // YYYY-MM-DDTHH:mm:ss[.ffffff]Z
  return ContentKey({user_id, std::string_view(logon_text).substr(0, 10), session_id});
}

Result<std::optional<bool>> ParseCleanLogoff(const TableRow& row, const ColumnMap& columns) {
  std::string_view cell = TrimmedCell(row, columns, kCleanLogoff);
  if (cell.empty()) return std::optional<bool>();

  std::optional<bool> clean = ParseYesNo(cell);
  if (!clean.has_value()) {
    return Status::InvalidInput(
        fmt::format("column '{}': value '{}' is not valid (expected Yes/No, True/False or 1/0)",
                    columns.HeaderName(kCleanLogoff), cell));
  }
  return std::optional<bool>(clean);
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
  const std::string session_id(TrimmedCell(row, columns, kSessionId));
  if (session_id.empty()) {
    return Status::InvalidInput(fmt::format(
        "column '{}': empty value (every row needs a session id)", columns.HeaderName(kSessionId)));
  }

  Result<Instant> logon = times.ParseRequired(row, columns, kLogon, "logon time");
  if (!logon.ok()) return logon.status();
  event.time = *logon;

  Result<std::optional<Instant>> logoff = times.Parse(row, columns, kLogoff);
  if (!logoff.ok()) return logoff.status();
  if (logoff->has_value() && **logoff < event.time) {
    return Status::InvalidInput(fmt::format(
        "column '{}': value '{}' is before the logon '{}'; the session cannot end before it starts",
        columns.HeaderName(kLogoff), TrimmedCell(row, columns, kLogoff),
        TrimmedCell(row, columns, kLogon)));
  }

  Result<std::optional<bool>> clean = ParseCleanLogoff(row, columns);
  if (!clean.ok()) return clean.status();
  const bool unclean = clean->has_value() && !**clean;

  event.end = *logoff;
  if (logoff->has_value()) {
    event.end_kind = EndKind::kApproximate;
    event.end_note = unclean ? fmt::format("{}, {}", kApproximateLogoffNote, kUncleanLogoffNote)
                             : std::string(kApproximateLogoffNote);
  } else {
    event.end_kind = EndKind::kOpen;
    event.end_note = unclean ? std::string(kUncleanLogoffNote) : std::string();
  }

  event.login_name = event.user_id;
  event.display_name = std::string(TrimmedCell(row, columns, kUserName));
  event.session_key = session_id;
  event.application = std::string(TrimmedCell(row, columns, kClientType));
  event.client_address = std::string(TrimmedCell(row, columns, kComputer));
  event.record_id = SessionRecordId(event.user_id, event.time, session_id);
  SetRowOrigin(row, event);
  return event;
}

}  // namespace

const std::vector<ColumnSpec>& D365UserLogColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {kUserId, {"User ID", "UserId", "User"}, true},
      {kUserName, {"User name", "UserName", "Name"}},
      {kSessionId, {"Session ID", "SessionId", "Session"}, true},
      {kLogon,
       {"Created date and time", "CreatedDateTime", "Logon date and time", "Logon", "Login time"},
       true},
      {kLogoff,
       {"Logoff date time", "Logoff date and time", "LogoutDateTime", "Logout date and time",
        "Logoff"}},
      {kCleanLogoff, {"Logged off cleanly", "Clean logoff", "Clean"}},
      {kClientType, {"Client type", "ClientType"}},
      {kComputer, {"Computer name", "Computer", "Client computer", "ComputerName"}},
  };
  return kColumns;
}

Result<ImportOutput> ImportD365UserLog(std::string_view bytes, const ImportOptions& options) {
  Result<MatchedTable> input = ReadMatchedTable(bytes, D365UserLogColumns(), options.file_name);
  if (!input.ok()) return input.status();

  Status zone_status = RequireZoneForDisplayTimes(*input, options);
  if (!zone_status.ok()) return zone_status;

  Result<DateOrder> order = DecideFileDateOrder(*input, {kLogon, kLogoff}, options);
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

  if (std::optional<std::string> warning = times.OverlapWarning(options.file_name)) {
    output.warnings.push_back(std::move(*warning));
  }
  return output;
}

}  // namespace signtrail
