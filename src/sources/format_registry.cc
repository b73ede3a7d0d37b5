#include "sources/format_registry.h"

#include <fmt/format.h>

#include <optional>
#include <string>

#include "sources/column_map.h"
#include "sources/importers.h"
#include "sources/table.h"
#include "sources/tabular_import.h"

namespace signtrail {
namespace {

constexpr std::string_view kLcsLogins = "lcs-logins";
constexpr std::string_view kD365UserLog = "d365-userlog";
constexpr std::string_view kEntraJson = "entra-json";
constexpr std::string_view kEntraCsv = "entra-csv";
constexpr std::string_view kD365Users = "d365-users";
constexpr std::string_view kEntraUsers = "entra-users";

// The header names the directory importers accept, used here only to tell a
// directory export from a sign-in export.
// NOTE: these copy the alias tables of d365_users.cc and entra_users.cc, so
// a change there must be made here too until those importers publish them.
const std::vector<ColumnSpec>& D365UsersDetectionColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {"user id", {"User ID", "UserId", "ID", "User"}, true},
      {"user name", {"User name", "UserName", "Name"}},
      {"email", {"Email", "E-mail", "Email address", "EmailAddress"}},
      {"object id",
       {"Object ID", "Telemetry ID", "TelemetryId", "ObjectId", "Microsoft Entra object ID"}},
      {"enabled", {"Enabled", "IsEnabled", "Status"}},
      {"provider", {"Provider", "Identity provider", "NetworkDomain", "Network domain"}},
  };
  return kColumns;
}

const std::vector<ColumnSpec>& EntraUsersDetectionColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {"id", {"id", "objectId", "Object ID"}, true},
      {"userPrincipalName", {"userPrincipalName", "User principal name", "UPN"}, true},
      {"displayName", {"displayName", "Display name", "Name"}},
      {"mail", {"mail", "Email"}},
      {"accountEnabled", {"accountEnabled", "Account enabled"}},
      {"userType", {"userType", "User type"}},
  };
  return kColumns;
}

// A format read from a header row, and the checks a header must pass to fit it.
struct TabularFormat {
  std::string_view name;
  const std::vector<ColumnSpec>& (*columns)();
  bool (*extra_check)(const ColumnMap&);  // nullptr when the required columns suffice
};

const std::vector<TabularFormat>& TabularFormats() {
  static const std::vector<TabularFormat> kFormats = {
      {kLcsLogins, &LcsLoginsColumns, nullptr},
      {kD365UserLog, &D365UserLogColumns, nullptr},
      {kEntraCsv, &EntraCsvColumns, &HasEntraUserColumn},
      {kD365Users, &D365UsersDetectionColumns, nullptr},
      {kEntraUsers, &EntraUsersDetectionColumns, nullptr},
  };
  return kFormats;
}

const FormatInfo& FormatNamed(std::string_view name) {
  for (const FormatInfo& format : Formats()) {
    if (format.name == name) return format;
  }
  return Formats().front();  // unreachable: every caller passes a listed name
}

std::string FormatNames(std::optional<FormatKind> kind) {
  std::string names;
  for (const FormatInfo& format : Formats()) {
    if (kind.has_value() && format.kind != *kind) continue;
    if (!names.empty()) names += ", ";
    names += format.name;
  }
  return names;
}

// The shape of a file as its first bytes show it: JSON, or a table with this header.
struct Sniffed {
  bool json = false;
  std::vector<std::string> header;
};

// The text up to and including the first line end outside quotes, so that
// detection parses only the header of a large CSV.
std::string_view FirstCsvRecord(std::string_view text) {
  bool in_quotes = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '"') in_quotes = !in_quotes;
    if (text[i] == '\n' && !in_quotes) return text.substr(0, i + 1);
  }
  return text;
}

Result<Sniffed> SniffContent(std::string_view bytes, std::string_view file_name) {
  Sniffed sniffed;
  if (LooksLikeZip(bytes)) {
    Result<Table> workbook = ReadXlsx(bytes, file_name);
    if (!workbook.ok()) return workbook.status();
    sniffed.header = std::move(workbook->header);
    return sniffed;
  }

  Result<std::string> text = DecodeText(bytes, file_name);
  if (!text.ok()) {
    // ReadTable names the legacy .xls and encrypted workbooks that fail decoding.
    Result<Table> table = ReadTable(bytes, file_name);
    return table.ok() ? text.status() : table.status();
  }

  const size_t first = text->find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return Status::InvalidInput(fmt::format("{}: the file is empty; nothing to import", file_name));
  }
  if ((*text)[first] == '{' || (*text)[first] == '[') {
    sniffed.json = true;
    return sniffed;
  }

  Result<Table> table = ReadCsv(FirstCsvRecord(*text), file_name);
  if (!table.ok()) return table.status();
  sniffed.header = std::move(table->header);
  return sniffed;
}

struct Candidate {
  const FormatInfo* format;
  size_t matched;  // specs whose column the header has
};

std::vector<Candidate> FindCandidates(const std::vector<std::string>& header,
                                      std::string_view file_name) {
  std::vector<Candidate> candidates;
  for (const TabularFormat& tabular : TabularFormats()) {
    Result<ColumnMap> columns = ColumnMap::Match(header, tabular.columns(), file_name);
    if (!columns.ok()) continue;
    if (tabular.extra_check != nullptr && !tabular.extra_check(*columns)) continue;
    candidates.push_back({&FormatNamed(tabular.name), columns->matched_count()});
  }
  return candidates;
}

// The candidates of `kind` that match the most specs; more than one is a tie.
std::vector<Candidate> BestOfKind(const std::vector<Candidate>& candidates, FormatKind kind) {
  std::vector<Candidate> best;
  for (const Candidate& candidate : candidates) {
    if (candidate.format->kind != kind) continue;
    if (!best.empty() && candidate.matched < best.front().matched) continue;
    if (!best.empty() && candidate.matched > best.front().matched) best.clear();
    best.push_back(candidate);
  }
  return best;
}

Status WrongKindError(std::string_view file_name, const FormatInfo& found, FormatKind wanted) {
  if (wanted == FormatKind::kDirectory) {
    return Status::InvalidInput(fmt::format(
        "{}: this is a sign-in export ({}), not a user directory export; import it with "
        "'signtrail ingest'",
        file_name, found.name));
  }
  return Status::InvalidInput(
      fmt::format("{}: this is a user directory export ({}), not a sign-in export; import it with "
                  "'signtrail users import'",
                  file_name, found.name));
}

Status UnknownColumnsError(std::string_view file_name, const std::vector<std::string>& header,
                           FormatKind kind) {
  return Status::InvalidInput(fmt::format(
      "{}: cannot tell the format from its columns (found: {}); pass --format NAME (one of: {})",
      file_name, JoinHeader(header), FormatNames(kind)));
}

FormatKind OtherKind(FormatKind kind) {
  return kind == FormatKind::kSignIns ? FormatKind::kDirectory : FormatKind::kSignIns;
}

}  // namespace

const std::vector<FormatInfo>& Formats() {
  static const std::vector<FormatInfo> kFormats = {
      {kLcsLogins, FormatKind::kSignIns, "lcs-logins",
       "Lifecycle Services User Login Events grid export (CSV or XLSX)"},
      {kD365UserLog, FormatKind::kSignIns, "d365-userlog",
       "finance and operations User log (SysUserLog) export (CSV or XLSX)"},
      {kEntraJson, FormatKind::kSignIns, "entra",
       "Microsoft Entra sign-ins as Graph JSON or Azure Monitor diagnostic records"},
      {kEntraCsv, FormatKind::kSignIns, "entra",
       "Microsoft Entra admin center sign-in log download (CSV)"},
      {kD365Users, FormatKind::kDirectory, "d365-users",
       "finance and operations Users page export (CSV or XLSX)"},
      {kEntraUsers, FormatKind::kDirectory, "entra-users", "Microsoft Entra users export (CSV)"},
  };
  return kFormats;
}

Result<FormatInfo> FindFormat(std::string_view name) {
  const std::string wanted = LowerAscii(name);
  for (const FormatInfo& format : Formats()) {
    if (format.name == wanted) return format;
  }
  return Status::NotFound(
      fmt::format("unknown format '{}' (expected one of: {})", name, FormatNames(std::nullopt)));
}

Result<FormatInfo> DetectFormat(std::string_view bytes, std::string_view file_name,
                                FormatKind kind) {
  Result<Sniffed> sniffed = SniffContent(bytes, file_name);
  if (!sniffed.ok()) return sniffed.status();

  if (sniffed->json) {
    const FormatInfo& entra_json = FormatNamed(kEntraJson);
    if (kind != entra_json.kind) return WrongKindError(file_name, entra_json, kind);
    return entra_json;
  }

  const std::vector<Candidate> candidates = FindCandidates(sniffed->header, file_name);
  const std::vector<Candidate> wanted = BestOfKind(candidates, kind);
  const std::vector<Candidate> other = BestOfKind(candidates, OtherKind(kind));

  // A header that fits a format of the other kind better is a file passed to
  // the wrong command, and saying so helps more than "cannot tell".
  const bool other_fits_better =
      !other.empty() && (wanted.empty() || other.front().matched > wanted.front().matched);
  if (other_fits_better) return WrongKindError(file_name, *other.front().format, kind);

  if (wanted.size() != 1) return UnknownColumnsError(file_name, sniffed->header, kind);
  return *wanted.front().format;
}

Result<ImportOutput> ImportSignIns(const FormatInfo& format, std::string_view bytes,
                                   const ImportOptions& options) {
  if (format.name == kLcsLogins) return ImportLcsLogins(bytes, options);
  if (format.name == kD365UserLog) return ImportD365UserLog(bytes, options);
  if (format.name == kEntraJson) return ImportEntraJson(bytes, options);
  if (format.name == kEntraCsv) return ImportEntraCsv(bytes, options);
  return Status::InvalidArgument(fmt::format(
      "format '{}' reads a user directory, not sign-ins; import it with 'signtrail users import' "
      "(sign-in formats: {})",
      format.name, FormatNames(FormatKind::kSignIns)));
}

Result<DirectoryImportOutput> ImportDirectory(const FormatInfo& format, std::string_view bytes,
                                              const ImportOptions& options) {
  if (format.name == kD365Users) return ImportD365Users(bytes, options);
  if (format.name == kEntraUsers) return ImportEntraUsers(bytes, options);
  return Status::InvalidArgument(fmt::format(
      "format '{}' reads sign-ins, not a user directory; import it with 'signtrail ingest' "
      "(directory formats: {})",
      format.name, FormatNames(FormatKind::kDirectory)));
}

}  // namespace signtrail
