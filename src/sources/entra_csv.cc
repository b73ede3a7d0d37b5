// The Microsoft Entra admin center sign-in log "Download" CSV: one row per
// sign-in. docs/formats/entra-csv.md documents the accepted shape.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "sources/doubtful_reasons.h"
#include "sources/importers.h"
#include "sources/tabular_import.h"

namespace signtrail {
namespace {

constexpr std::string_view kTime = "time";
constexpr std::string_view kRequestId = "request id";
constexpr std::string_view kUserId = "user id";
constexpr std::string_view kUsername = "username";
constexpr std::string_view kUser = "user";
constexpr std::string_view kServicePrincipalId = "service principal id";
constexpr std::string_view kServicePrincipalName = "service principal name";
constexpr std::string_view kApplication = "application";
constexpr std::string_view kIpAddress = "ip address";
constexpr std::string_view kLocation = "location";
constexpr std::string_view kStatus = "status";
constexpr std::string_view kErrorCode = "error code";
constexpr std::string_view kFailureReason = "failure reason";
constexpr std::string_view kSessionId = "session id";
constexpr std::string_view kSignInType = "sign-in type";

// The columns that can name the user, in the order user_id falls back on them.
constexpr std::array<std::string_view, 4> kUserRoles = {kUserId, kUsername, kUser,
                                                        kServicePrincipalId};

// Row counts at which the admin center stops writing a download: 5,000 in
// early versions and 250,000 as of 2019 (docs/formats/entra-csv.md).
constexpr std::array<int64_t, 2> kDownloadRowCaps = {5'000, 250'000};

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         LowerAscii(text.substr(0, prefix.size())) == LowerAscii(prefix);
}

// The admin center names each download after its tab, e.g.
// "NonInteractiveSignIns_2024-06-01_2024-06-08.csv".
std::string SignInTypeFromFileName(std::string_view file_name) {
  const size_t slash = file_name.find_last_of("/\\");
  const std::string_view base =
      slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kPrefixes = {{
      {"InteractiveSignIns", "interactiveUser"},
      {"NonInteractiveSignIns", "nonInteractiveUser"},
      {"ApplicationSignIns", "servicePrincipal"},
      {"MSISignIns", "managedIdentity"},
  }};
  for (const auto& [prefix, type] : kPrefixes) {
    if (StartsWithIgnoringCase(base, prefix)) return std::string(type);
  }
  return "";
}

// Maps the display text of a sign-in event type column to the Microsoft Graph
// signInEventTypes names. Unknown values are kept as written.
std::string NormalizeSignInType(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kNames = {{
      {"interactive", "interactiveUser"},
      {"interactive user", "interactiveUser"},
      {"non-interactive", "nonInteractiveUser"},
      {"non-interactive user", "nonInteractiveUser"},
      {"noninteractive", "nonInteractiveUser"},
      {"noninteractive user", "nonInteractiveUser"},
      {"service principal", "servicePrincipal"},
      {"managed identity", "managedIdentity"},
  }};
  const std::string lower = LowerAscii(text);
  for (const auto& [display, name] : kNames) {
    if (lower == display) return std::string(name);
  }
  return std::string(text);
}

// `Date (UTC)` states its zone in the header, so --source-tz does not apply.
TimeRule TimeRuleFor(const ColumnMap& columns, DateOrder order, const ImportOptions& options) {
  const bool utc_header = NormalizeHeader(columns.HeaderName(kTime)) == "date (utc)";
  return TimeRule{utc_header ? nullptr : options.source_zone, order};
}

Status RequireUserColumn(const MatchedTable& input, const ImportOptions& options) {
  if (HasEntraUserColumn(input.columns)) return Status::Ok();
  return Status::InvalidInput(fmt::format(
      "{}: required column 'user' not found (accepted names: User ID, Username, User principal "
      "name, User, Service principal ID); columns found: {}",
      options.file_name, JoinHeader(input.table.header)));
}

std::string UserIdOf(const TableRow& row, const ColumnMap& columns) {
  for (std::string_view role : kUserRoles) {
    std::string id = CanonicalId(columns.Cell(row.cells, role));
    if (!id.empty()) return id;
  }
  return "";
}

std::string EmptyUserReason(const ColumnMap& columns) {
  std::string names;
  for (std::string_view role : kUserRoles) {
    if (!columns.Find(role).has_value()) continue;
    if (!names.empty()) names += ", ";
    names += fmt::format("'{}'", columns.HeaderName(role));
  }
  return fmt::format("no user: every user column is empty ({})", names);
}

// Sets kind, result_code and failure_reason. A sign-in error code decides
// when present, and 0 is success. Without one, the Status text decides.
Status SetResult(const TableRow& row, const ColumnMap& columns, SignInEvent& event) {
  const std::string_view code = TrimmedCell(row, columns, kErrorCode);
  const std::string_view status = TrimmedCell(row, columns, kStatus);

  bool success = false;
  if (!code.empty()) {
    success = code == "0";
    event.result_code = std::string(code);
  } else if (!status.empty()) {
    success = LowerAscii(status) == "success";
    event.result_code = success ? "0" : LowerAscii(status);
  } else {
    return Status::InvalidInput(
        "no sign-in result: the status and sign-in error code are both empty or absent");
  }

  event.kind = success ? EventKind::kSignIn : EventKind::kFailedSignIn;
  if (!success) event.failure_reason = std::string(TrimmedCell(row, columns, kFailureReason));
  return Status::Ok();
}

// The request id keys a sign-in. A file without one keys it on its content.
std::string RecordIdOf(const TableRow& row, const ColumnMap& columns, const SignInEvent& event) {
  std::string request_id = CanonicalId(columns.Cell(row.cells, kRequestId));
  if (!request_id.empty()) return request_id;
  return ContentKey({FormatUtc(event.time), event.user_id, event.application,
                     TrimmedCell(row, columns, kStatus), event.client_address});
}

Result<SignInEvent> ParseSignInRow(const TableRow& row, const ColumnMap& columns,
                                   TimeCellParser& times, std::string_view file_sign_in_type) {
  SignInEvent event;

  Result<Instant> time = times.ParseRequired(row, columns, kTime, "sign-in time");
  if (!time.ok()) return time.status();
  event.time = *time;

  event.user_id = UserIdOf(row, columns);
  if (event.user_id.empty()) return Status::InvalidInput(EmptyUserReason(columns));

  Status result = SetResult(row, columns, event);
  if (!result.ok()) return result;

  event.login_name = std::string(TrimmedCell(row, columns, kUsername));
  event.display_name = std::string(TrimmedCell(row, columns, kUser));
  if (event.display_name.empty()) {
    event.display_name = std::string(TrimmedCell(row, columns, kServicePrincipalName));
  }
  event.application = std::string(TrimmedCell(row, columns, kApplication));
  event.client_address = std::string(TrimmedCell(row, columns, kIpAddress));
  event.location = std::string(TrimmedCell(row, columns, kLocation));
  event.session_key = CanonicalId(columns.Cell(row.cells, kSessionId));

  const std::string_view type_cell = TrimmedCell(row, columns, kSignInType);
  event.sign_in_type =
      type_cell.empty() ? std::string(file_sign_in_type) : NormalizeSignInType(type_cell);

  event.record_id = RecordIdOf(row, columns, event);
  SetRowOrigin(row, event);
  return event;
}

std::string RowCapWarning(const ImportOptions& options, const ImportOutput& output) {
  const std::optional<Instant> earliest = EarliestTime(output.events);
  const std::string earliest_text =
      earliest.has_value()
          ? fmt::format(" (earliest sign-in in the file: {})", FormatUtc(*earliest))
          : std::string();
  return fmt::format(
      "{}: {} data rows, a download cap of the Entra admin center; the download is probably "
      "truncated{}; narrow the date range and download again",
      options.file_name, FormatCount(output.rows_read), earliest_text);
}

}  // namespace

const std::vector<ColumnSpec>& EntraCsvColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {kTime, {"Date (UTC)", "Date", "CreatedDateTime"}, true},
      {kRequestId, {"Request ID"}},
      {kUserId, {"User ID"}},
      {kUsername, {"Username", "User principal name"}},
      {kUser, {"User"}},
      {kServicePrincipalId, {"Service principal ID"}},
      {kServicePrincipalName, {"Service principal name"}},
      {kApplication, {"Application"}},
      {kIpAddress, {"IP address"}},
      {kLocation, {"Location"}},
      {kStatus, {"Status"}},
      {kErrorCode, {"Sign-in error code"}},
      {kFailureReason, {"Failure reason"}},
      {kSessionId, {"Session ID"}},
      {kSignInType, {"Sign-in event type"}},
  };
  return kColumns;
}

bool HasEntraUserColumn(const ColumnMap& columns) {
  return std::any_of(kUserRoles.begin(), kUserRoles.end(),
                     [&](std::string_view role) { return columns.Find(role).has_value(); });
}

Result<ImportOutput> ImportEntraCsv(std::string_view bytes, const ImportOptions& options) {
  Result<MatchedTable> input = ReadMatchedTable(bytes, EntraCsvColumns(), options.file_name);
  if (!input.ok()) return input.status();

  Status user_status = RequireUserColumn(*input, options);
  if (!user_status.ok()) return user_status;

  Result<DateOrder> order = DecideFileDateOrder(*input, {kTime}, options);
  if (!order.ok()) return order.status();
  TimeCellParser times(TimeRuleFor(input->columns, *order, options));
  const std::string file_sign_in_type = SignInTypeFromFileName(options.file_name);

  ImportOutput output;
  for (const TableRow& row : input->table.rows) {
    ++output.rows_read;
    Result<SignInEvent> event = ParseSignInRow(row, input->columns, times, file_sign_in_type);
    if (!event.ok()) {
      Status status = RejectRow(row, event.status().message(), options, output);
      if (!status.ok()) return status;
      continue;
    }
    output.events.push_back(std::move(event).value());
  }

  const bool at_cap = std::find(kDownloadRowCaps.begin(), kDownloadRowCaps.end(),
                                output.rows_read) != kDownloadRowCaps.end();
  if (at_cap) {
    output.warnings.push_back(RowCapWarning(options, output));
    NoteRowCap(output, fmt::format("{} data rows, a download cap of the Entra admin center",
                                   FormatCount(output.rows_read)));
  }
  if (std::optional<std::string> warning = times.OverlapWarning(options.file_name)) {
    output.warnings.push_back(std::move(*warning));
  }
  return output;
}

}  // namespace signtrail
