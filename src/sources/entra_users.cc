// ImportEntraUsers: the Microsoft Entra users download (CSV, or XLSX saved
// from it) and tables with Microsoft Graph user property names.
// docs/formats/entra-users.md describes the accepted shape.

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

constexpr std::string_view kId = "id";
constexpr std::string_view kUserPrincipalName = "userPrincipalName";
constexpr std::string_view kDisplayName = "displayName";
constexpr std::string_view kMail = "mail";
constexpr std::string_view kAccountEnabled = "accountEnabled";
constexpr std::string_view kUserType = "userType";

const std::vector<ColumnSpec>& EntraUserColumns() {
  static const std::vector<ColumnSpec> columns = {
      {kId, {"id", "objectId", "Object ID"}, true},
      {kUserPrincipalName, {"userPrincipalName", "User principal name", "UPN"}, true},
      {kDisplayName, {"displayName", "Display name", "Name"}, false},
      {kMail, {"mail", "Email"}, false},
      {kAccountEnabled, {"accountEnabled", "Account enabled"}, false},
      {kUserType, {"userType", "User type"}, false},
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

// Reads accountEnabled; nullopt inside the result means the cell was blank.
std::optional<std::optional<bool>> ParseAccountEnabled(std::string_view text) {
  const std::string value = Lower(text);
  if (value.empty()) return std::optional<bool>();
  if (value == "true" || value == "yes" || value == "1") return true;
  if (value == "false" || value == "no" || value == "0") return false;
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
  const std::string_view id = TrimSpaces(columns.Cell(row.cells, kId));
  if (id.empty()) {
    return reject(fmt::format("column '{}': value is empty; every user needs an object id",
                              columns.HeaderName(kId)));
  }
  std::optional<std::string> guid = NormalizeGuid(id);
  if (!guid) {
    return reject(
        fmt::format("column '{}': value '{}' is not a valid object id (expected a GUID such as "
                    "00000000-0000-0000-0000-000000000000)",
                    columns.HeaderName(kId), id));
  }
  user.account_id = *guid;
  user.object_id = std::move(*guid);

  user.login = std::string(TrimSpaces(columns.Cell(row.cells, kUserPrincipalName)));
  if (user.login.empty()) {
    return reject(fmt::format("column '{}': value is empty; every user needs a user principal name",
                              columns.HeaderName(kUserPrincipalName)));
  }

  const std::string_view enabled = TrimSpaces(columns.Cell(row.cells, kAccountEnabled));
  std::optional<std::optional<bool>> parsed_enabled = ParseAccountEnabled(enabled);
  if (!parsed_enabled) {
    return reject(
        fmt::format("column '{}': value '{}' is not valid (expected True/False, Yes/No or 1/0)",
                    columns.HeaderName(kAccountEnabled), enabled));
  }
  user.enabled = *parsed_enabled;

  user.display_name = std::string(TrimSpaces(columns.Cell(row.cells, kDisplayName)));
  user.email = std::string(TrimSpaces(columns.Cell(row.cells, kMail)));
  user.user_type = std::string(TrimSpaces(columns.Cell(row.cells, kUserType)));
  user.raw = row.raw;
  user.line = row.line;
  user.offset = row.offset;
  return user;
}

}  // namespace

Result<DirectoryImportOutput> ImportEntraUsers(std::string_view bytes,
                                               const ImportOptions& options) {
  Result<Table> table = ReadTable(bytes, options.file_name);
  if (!table.ok()) return table.status();
  Result<ColumnMap> columns =
      ColumnMap::Match(table->header, EntraUserColumns(), options.file_name);
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
  return output;
}

}  // namespace signtrail
