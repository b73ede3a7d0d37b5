// ImportD365Users: the finance and operations Users page export (CSV or
// XLSX). docs/formats/d365-users.md describes the accepted shape.

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/column_map.h"
#include "sources/importers.h"
#include "sources/table.h"

namespace signtrail {
namespace {

constexpr std::string_view kUserId = "User ID";
constexpr std::string_view kUserName = "User name";
constexpr std::string_view kEmail = "Email";
constexpr std::string_view kObjectId = "Object ID";
constexpr std::string_view kEnabled = "Enabled";
constexpr std::string_view kProvider = "Provider";

// Users named in the warning about missing object ids, before "and N more".
constexpr size_t kMaxUsersNamedInWarning = 10;

const std::vector<ColumnSpec>& D365UserColumns() {
  static const std::vector<ColumnSpec> columns = {
      {kUserId, {"User ID", "UserId", "ID", "User"}, true},
      {kUserName, {"User name", "UserName", "Name"}, false},
      {kEmail, {"Email", "E-mail", "Email address", "EmailAddress"}, false},
      {kObjectId,
       {"Object ID", "Telemetry ID", "TelemetryId", "ObjectId", "Microsoft Entra object ID"},
       false},
      {kEnabled, {"Enabled", "IsEnabled", "Status"}, false},
      {kProvider, {"Provider", "Identity provider", "NetworkDomain", "Network domain"}, false},
  };
  return columns;
}

std::string_view TrimSpaces(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// Returns the GUID in lower case without braces, or nullopt when the text is
// not in the 8-4-4-4-12 hexadecimal form (braces allowed).
std::optional<std::string> NormalizeGuid(std::string_view text) {
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') {
    text = text.substr(1, 36);
  }
  if (text.size() != 36) return std::nullopt;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = text[i];
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash_position ? c != '-' : !hex) return std::nullopt;
  }
  return Lower(text);
}

// Reads an enabled flag; nullopt inside the result means the cell was blank.
std::optional<std::optional<bool>> ParseEnabled(std::string_view text) {
  const std::string value = Lower(text);
  if (value.empty()) return std::optional<bool>();
  if (value == "yes" || value == "true" || value == "1" || value == "enabled") return true;
  if (value == "no" || value == "false" || value == "0" || value == "disabled") return false;
  return std::nullopt;
}

// Turns one row into a user, or returns the reason it was rejected, without
// the file and line prefix.
Result<DirectoryUser> ReadUser(const TableRow& row, const ColumnMap& columns, size_t header_size,
                               bool check_extra_cells, char delimiter) {
  const auto reject = [](std::string reason) { return Status::InvalidInput(std::move(reason)); };

  // In CSV, extra non-empty cells mean a value held an unquoted delimiter
  // and every later column has shifted.
  if (check_extra_cells) {
    for (size_t i = header_size; i < row.cells.size(); ++i) {
      if (TrimSpaces(row.cells[i]).empty()) continue;
      return reject(fmt::format(
          "row has {} cells but the header has {}; quote values that contain the delimiter '{}'",
          row.cells.size(), header_size,
          delimiter == '\t' ? std::string("\\t") : std::string(1, delimiter)));
    }
  }

  DirectoryUser user;
  user.account_id = std::string(TrimSpaces(columns.Cell(row.cells, kUserId)));
  if (user.account_id.empty()) {
    return reject(fmt::format("column '{}': value is empty; every user needs a User ID",
                              columns.HeaderName(kUserId)));
  }
  user.login = user.account_id;

  // A blank object id stays blank, because a guessed one could map another
  // person's sign-ins to this account.
  const std::string_view object_id = TrimSpaces(columns.Cell(row.cells, kObjectId));
  if (!object_id.empty()) {
    std::optional<std::string> guid = NormalizeGuid(object_id);
    if (!guid) {
      return reject(
          fmt::format("column '{}': value '{}' is not a valid object id (expected a GUID such as "
                      "00000000-0000-0000-0000-000000000000, or a blank cell)",
                      columns.HeaderName(kObjectId), object_id));
    }
    user.object_id = std::move(*guid);
  }

  const std::string_view enabled = TrimSpaces(columns.Cell(row.cells, kEnabled));
  std::optional<std::optional<bool>> parsed_enabled = ParseEnabled(enabled);
  if (!parsed_enabled) {
    return reject(
        fmt::format("column '{}': value '{}' is not valid (expected Yes/No, True/False, 1/0 or "
                    "Enabled/Disabled)",
                    columns.HeaderName(kEnabled), enabled));
  }
  user.enabled = *parsed_enabled;

  user.display_name = std::string(TrimSpaces(columns.Cell(row.cells, kUserName)));
  user.email = std::string(TrimSpaces(columns.Cell(row.cells, kEmail)));
  user.provider = std::string(TrimSpaces(columns.Cell(row.cells, kProvider)));
  user.raw = row.raw;
  user.line = row.line;
  user.offset = row.offset;
  return user;
}

// Warns about users that no sign-in can reach because they have no object id.
void AddObjectIdWarnings(const ColumnMap& columns, std::string_view file_name,
                         DirectoryImportOutput& output) {
  if (!columns.Find(kObjectId)) {
    std::string accepted;
    for (const ColumnSpec& spec : D365UserColumns()) {
      if (spec.role != kObjectId) continue;
      for (std::string_view alias : spec.aliases) {
        if (!accepted.empty()) accepted += ", ";
        accepted += alias;
      }
    }
    output.warnings.push_back(fmt::format(
        "{}: no object id column (accepted names: {}), so sign-ins keyed on the Microsoft Entra "
        "object id cannot be matched to these users; export the Users page with that column",
        file_name, accepted));
    return;
  }

  std::vector<std::string_view> without;
  for (const DirectoryUser& user : output.users) {
    if (user.object_id.empty()) without.push_back(user.account_id);
  }
  if (without.empty()) return;

  std::string names;
  for (size_t i = 0; i < without.size() && i < kMaxUsersNamedInWarning; ++i) {
    if (i > 0) names += ", ";
    names += without[i];
  }
  if (without.size() > kMaxUsersNamedInWarning) {
    names += fmt::format(" and {} more", without.size() - kMaxUsersNamedInWarning);
  }
  output.warnings.push_back(fmt::format(
      "{}: {} {} no object id, so sign-ins cannot be matched to {}: {}", file_name, without.size(),
      without.size() == 1 ? "user has" : "users have", without.size() == 1 ? "it" : "them", names));
}

}  // namespace

Result<DirectoryImportOutput> ImportD365Users(std::string_view bytes,
                                              const ImportOptions& options) {
  Result<Table> table = ReadTable(bytes, options.file_name);
  if (!table.ok()) return table.status();
  Result<ColumnMap> columns = ColumnMap::Match(table->header, D365UserColumns(), options.file_name);
  if (!columns.ok()) return columns.status();

  DirectoryImportOutput output;
  const bool check_extra_cells = !LooksLikeZip(bytes);
  for (const TableRow& row : table->rows) {
    ++output.rows_read;
    Result<DirectoryUser> user =
        ReadUser(row, *columns, table->header.size(), check_extra_cells, table->delimiter);
    if (user.ok()) {
      output.users.push_back(std::move(*user));
      continue;
    }
    if (options.on_error == OnError::kFail) {
      return Status::InvalidInput(
          fmt::format("{}:{}: {}", options.file_name, row.line, user.status().message()));
    }
    output.rejects.push_back({row.line, row.offset, user.status().message(), row.raw});
  }

  AddObjectIdWarnings(*columns, options.file_name, output);
  return output;
}

}  // namespace signtrail
