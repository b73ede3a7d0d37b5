#ifndef SIGNTRAIL_SOURCES_COLUMN_MAP_H_
#define SIGNTRAIL_SOURCES_COLUMN_MAP_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/status.h"

namespace signtrail {

// A logical column an importer reads, and the header names it accepts.
struct ColumnSpec {
  std::string_view role;                  // e.g. "session start"; used in messages
  std::vector<std::string_view> aliases;  // accepted header names, first is the canonical one
  bool required = false;
};

// Trims, collapses runs of white space to one space and lower-cases ASCII, so
// `Autonomous system  number` and `Application ID ` match their aliases.
std::string NormalizeHeader(std::string_view header);

// Error messages list at most this many header names; a header of 100,000
// columns would otherwise give a message of several hundred kilobytes.
inline constexpr size_t kMaxListedColumns = 40;

// The header names for a "columns found" message, without a byte order mark
// that leaked into the first one: "A, B, C", or "none" when every name is
// empty. Past kMaxListedColumns names the list ends with "and N more".
std::string ListFoundColumns(const std::vector<std::string>& header);

// Which header position serves each ColumnSpec. When a header appears twice,
// the first position that no earlier spec took is used, so duplicated headers
// are told apart by position.
class ColumnMap {
 public:
  // Matches header against specs. A missing required column is InvalidInput:
  // "FILE: required column 'ROLE' not found (accepted names: A, B); columns
  // found: X, Y, Z", the found names listed by ListFoundColumns.
  static Result<ColumnMap> Match(const std::vector<std::string>& header,
                                 const std::vector<ColumnSpec>& specs,
                                 std::string_view file_name);

  // Position of the column for `role`, or nullopt when the file lacks it.
  std::optional<size_t> Find(std::string_view role) const;

  // The cell for `role` in a row, or "" when the column or cell is absent.
  std::string_view Cell(const std::vector<std::string>& cells, std::string_view role) const;

  // The header text as found in the file for `role` (for messages).
  std::string_view HeaderName(std::string_view role) const;

  // Number of specs that matched (for format detection).
  size_t matched_count() const { return matched_.size(); }

 private:
  struct Matched {
    std::string role;
    size_t position;
    std::string header;
  };
  std::vector<Matched> matched_;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_COLUMN_MAP_H_
