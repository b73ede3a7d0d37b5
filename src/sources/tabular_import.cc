#include "sources/tabular_import.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <utility>

namespace signtrail {
namespace {

std::string_view Trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool IsGuidShaped(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position) {
      if (text[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<MatchedTable> ReadMatchedTable(std::string_view bytes, const std::vector<ColumnSpec>& specs,
                                      std::string_view file_name) {
  Result<Table> table = ReadTable(bytes, file_name);
  if (!table.ok()) return table.status();

  Result<ColumnMap> columns = ColumnMap::Match(table->header, specs, file_name);
  if (!columns.ok()) return columns.status();

  return MatchedTable{std::move(table).value(), std::move(columns).value()};
}

Result<DateOrder> DecideFileDateOrder(const MatchedTable& input,
                                      const std::vector<std::string_view>& time_roles,
                                      const ImportOptions& options) {
  std::vector<std::string_view> values;
  for (const TableRow& row : input.table.rows) {
    for (std::string_view role : time_roles) {
      std::string_view cell = TrimmedCell(row, input.columns, role);
      if (!cell.empty()) values.push_back(cell);
    }
  }

  Result<DateOrder> order = DecideDateOrder(values, options.date_order);
  if (!order.ok()) {
    return Status::InvalidInput(fmt::format("{}: {}", options.file_name, order.status().message()));
  }
  return order;
}

std::optional<std::string> FindDisplayFormatValue(const MatchedTable& input,
                                                  const std::vector<std::string_view>& time_roles) {
  for (const TableRow& row : input.table.rows) {
    for (std::string_view role : time_roles) {
      std::string_view cell = TrimmedCell(row, input.columns, role);
      if (!cell.empty() && IsDisplayFormat(cell)) return std::string(cell);
    }
  }
  return std::nullopt;
}

std::string_view TrimmedCell(const TableRow& row, const ColumnMap& columns, std::string_view role) {
  return Trim(columns.Cell(row.cells, role));
}

Result<std::optional<Instant>> TimeCellParser::Parse(const TableRow& row, const ColumnMap& columns,
                                                     std::string_view role) {
  std::string_view cell = TrimmedCell(row, columns, role);
  if (cell.empty()) return std::optional<Instant>();

  bool ambiguous = false;
  Result<Instant> instant = ParseTimestamp(cell, rule_, &ambiguous);
  if (!instant.ok()) {
    return Status::InvalidInput(
        fmt::format("column '{}': {}", columns.HeaderName(role), instant.status().message()));
  }

  if (ambiguous) {
    if (overlap_count_ == 0) {
      first_overlap_line_ = row.line;
      first_overlap_value_ = std::string(cell);
    }
    ++overlap_count_;
  }
  return std::optional<Instant>(*instant);
}

Result<Instant> TimeCellParser::ParseRequired(const TableRow& row, const ColumnMap& columns,
                                              std::string_view role, std::string_view noun) {
  Result<std::optional<Instant>> instant = Parse(row, columns, role);
  if (!instant.ok()) return instant.status();
  if (!instant->has_value()) {
    return Status::InvalidInput(fmt::format("column '{}': empty value (every row needs a {})",
                                            columns.HeaderName(role), noun));
  }
  return **instant;
}

std::optional<std::string> TimeCellParser::OverlapWarning(std::string_view file_name) const {
  if (overlap_count_ == 0) return std::nullopt;

  const std::string zone = rule_.zone != nullptr ? rule_.zone->name() : std::string("UTC");
  return fmt::format(
      "{}: {} zone-less time(s) fall in the hour that {} repeats when the clocks go back, and "
      "were read as the earlier instant (first: line {}, value '{}')",
      file_name, FormatCount(overlap_count_), zone, first_overlap_line_, first_overlap_value_);
}

Status RejectRow(const TableRow& row, std::string reason, const ImportOptions& options,
                 ImportOutput& output) {
  if (options.on_error == OnError::kFail) {
    return Status::InvalidInput(fmt::format("{}:{}: {}", options.file_name, row.line, reason));
  }

  RejectedRecord reject;
  reject.line = row.line;
  reject.offset = row.offset;
  reject.reason = std::move(reason);
  reject.raw = row.raw;
  output.rejects.push_back(std::move(reject));
  return Status::Ok();
}

void SetRowOrigin(const TableRow& row, SignInEvent& event) {
  event.raw = row.raw;
  event.line = row.line;
  event.offset = row.offset;
}

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

std::string CanonicalId(std::string_view id) {
  const std::string_view trimmed = Trim(id);
  if (IsGuidShaped(trimmed)) return LowerAscii(trimmed);

  const bool braced = trimmed.size() == 38 && trimmed.front() == '{' && trimmed.back() == '}';
  if (braced && IsGuidShaped(trimmed.substr(1, 36))) return LowerAscii(trimmed.substr(1, 36));
  return std::string(trimmed);
}

std::string ContentKey(std::initializer_list<std::string_view> parts) {
  std::string key;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) key += '|';
    first = false;
    for (char c : part) {
      if (c == '\\' || c == '|') key += '\\';
      key += c;
    }
  }
  return key;
}

std::optional<bool> ParseYesNo(std::string_view text) {
  const std::string value = LowerAscii(Trim(text));
  if (value == "yes" || value == "true" || value == "1") return true;
  if (value == "no" || value == "false" || value == "0") return false;
  return std::nullopt;
}

std::optional<Instant> EarliestTime(const std::vector<SignInEvent>& events) {
  std::optional<Instant> earliest;
  for (const SignInEvent& event : events) {
    if (!earliest.has_value() || event.time < *earliest) earliest = event.time;
  }
  return earliest;
}

std::string FormatCount(int64_t count) {
  std::string digits = std::to_string(count < 0 ? -count : count);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return count < 0 ? "-" + grouped : grouped;
}

std::string JoinHeader(const std::vector<std::string>& header) { return ListFoundColumns(header); }

}  // namespace signtrail
