#ifndef SIGNTRAIL_SOURCES_TABULAR_IMPORT_H_
#define SIGNTRAIL_SOURCES_TABULAR_IMPORT_H_

// Steps shared by the CSV and XLSX sign-in importers (lcs-logins,
// d365-userlog, entra-csv): reading and matching the table, deciding the
// file's time rule, parsing cells and applying the OnError policy to bad rows.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/event.h"
#include "model/instant.h"
#include "model/status.h"
#include "sources/column_map.h"
#include "sources/import_options.h"
#include "sources/table.h"
#include "sources/timestamp.h"

namespace signtrail {

// Column specs of each tabular sign-in format. The importer and format
// detection read the same tables; docs/formats/<name>.md lists them.
const std::vector<ColumnSpec>& LcsLoginsColumns();
const std::vector<ColumnSpec>& D365UserLogColumns();
const std::vector<ColumnSpec>& EntraCsvColumns();

// True when an entra-csv header has at least one column that names the user
// (User ID, Username, User or a service principal column). ColumnMap can only
// require every one of a set, so the importer and detection check this too.
bool HasEntraUserColumn(const ColumnMap& columns);

// A file's rows with its header matched against an importer's specs.
struct MatchedTable {
  Table table;
  ColumnMap columns;
};

// Reads CSV or XLSX bytes and matches the header. Errors come from ReadTable
// and ColumnMap::Match and already name the file.
Result<MatchedTable> ReadMatchedTable(std::string_view bytes, const std::vector<ColumnSpec>& specs,
                                      std::string_view file_name);

// Decides the day/month order of the file from every non-empty cell of the
// timestamp columns `time_roles`, honouring options.date_order. The error
// starts with "FILE: " and tells the user to pass --date-order.
Result<DateOrder> DecideFileDateOrder(const MatchedTable& input,
                                      const std::vector<std::string_view>& time_roles,
                                      const ImportOptions& options);

// The first non-empty cell of the timestamp columns that IsDisplayFormat
// accepts, or nullopt when the file has none.
std::optional<std::string> FindDisplayFormatValue(const MatchedTable& input,
                                                  const std::vector<std::string_view>& time_roles);

// The cell for `role` without surrounding spaces; "" when the column is absent.
std::string_view TrimmedCell(const TableRow& row, const ColumnMap& columns, std::string_view role);

// Parses timestamp cells by one TimeRule and remembers values that fell in a
// daylight-saving overlap, so the importer can warn about them once.
class TimeCellParser {
 public:
  explicit TimeCellParser(TimeRule rule) : rule_(rule) {}

  // Parses the cell of `role`. An empty cell is nullopt. A bad value is
  // InvalidInput "column 'HEADER': value 'X' is not a valid timestamp
  // (expected ...)", using the header text as found in the file.
  Result<std::optional<Instant>> Parse(const TableRow& row, const ColumnMap& columns,
                                       std::string_view role);

  // Like Parse, but an empty cell is InvalidInput "column 'HEADER': empty
  // value (every row needs a NOUN)".
  Result<Instant> ParseRequired(const TableRow& row, const ColumnMap& columns,
                                std::string_view role, std::string_view noun);

  // A warning that names the first value that occurs twice in the zone and
  // counts all of them. Such values are read as the earlier instant. Returns
  // nullopt when there were none.
  std::optional<std::string> OverlapWarning(std::string_view file_name) const;

  const TimeRule& rule() const { return rule_; }

 private:
  TimeRule rule_;
  int64_t overlap_count_ = 0;
  int64_t first_overlap_line_ = 0;
  std::string first_overlap_value_;
};

// Applies options.on_error to a bad row. Under OnError::kFail returns
// InvalidInput "FILE:LINE: REASON"; under kSkip appends a RejectedRecord with
// the reason to output.rejects and returns Ok.
Status RejectRow(const TableRow& row, std::string reason, const ImportOptions& options,
                 ImportOutput& output);

// Copies the row's raw text, line and offset into the event.
void SetRowOrigin(const TableRow& row, SignInEvent& event);

// Trims spaces and rewrites an id shaped like a GUID (8-4-4-4-12 hexadecimal
// digits, with or without surrounding braces) in lower case without braces,
// so an object id exported in different casings joins. Other ids keep their
// case. Every sign-in importer, CSV, XLSX and JSON, applies it to record ids,
// user ids and session ids.
std::string CanonicalId(std::string_view id);

// Joins the parts of a content key with '|'. Inside each part a backslash
// is written as two backslashes and '|' as a backslash and '|', so two lists
// with the same number of parts give the same key only when every part is
// equal.
std::string ContentKey(std::initializer_list<std::string_view> parts);

// Lower-cases ASCII letters and leaves other bytes as they are.
std::string LowerAscii(std::string_view text);

// Reads Yes/No, True/False and 1/0 in any case; nullopt for anything else.
std::optional<bool> ParseYesNo(std::string_view text);

// The earliest event time, or nullopt when there are no events.
std::optional<Instant> EarliestTime(const std::vector<SignInEvent>& events);

// Formats a count with thousands separators: 250000 becomes "250,000".
std::string FormatCount(int64_t count);

// The header cells as "A, B, C", for messages that list the columns found;
// the same list as ListFoundColumns, so at most kMaxListedColumns names.
std::string JoinHeader(const std::vector<std::string>& header);

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_TABULAR_IMPORT_H_
