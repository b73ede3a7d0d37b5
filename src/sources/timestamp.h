#ifndef SIGNTRAIL_SOURCES_TIMESTAMP_H_
#define SIGNTRAIL_SOURCES_TIMESTAMP_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/tz.h>

#include "model/instant.h"
#include "model/status.h"

namespace signtrail {

// The order of day, month and year in a numeric date such as 3/4/2024.
enum class DateOrder { kUnknown, kMdy, kDmy, kYmd };

std::string_view DateOrderName(DateOrder order);  // "mdy", "dmy", "ymd", "unknown"
std::optional<DateOrder> ParseDateOrder(std::string_view name);

// How to read the timestamps of one file: the zone for values that carry no
// offset (nullptr means UTC) and the day/month order for numeric dates.
struct TimeRule {
  const date::time_zone* zone = nullptr;
  DateOrder date_order = DateOrder::kUnknown;
};

// The timestamp shapes importers accept; docs/formats/timestamps.md lists them.
//   ISO 8601 / RFC 3339: 2026-11-08T13:00:00Z, 0 to 9 fraction digits,
//     `Z`, `+01:00`, `+0100` or no zone; a space may replace the `T`.
//   YYYY-MM-DD HH:mm[:ss]
//   M/D/YYYY h:mm[:ss] [AM|PM] [offset]  (or D/M/YYYY, by the file's date order)
//   D.M.YYYY HH:mm[:ss]
// Fractions beyond microseconds are truncated.
//
// Returns the instant, or an InvalidInput status whose message reads
// "value 'X' is not a valid timestamp (expected ...)"; callers prefix it with
// the file, line and column. A slash date needs rule.date_order to be kMdy or
// kDmy. A zone-less local time that falls in a daylight-saving gap is
// rejected; one that occurs twice resolves to the earlier instant and sets
// *ambiguous when the pointer is given. An instant outside the years 1 to
// 9999 in UTC (such as 9999-12-31T23:59:59-01:00) is rejected, so record ids
// and reports always hold a four-digit year.
Result<Instant> ParseTimestamp(std::string_view text, const TimeRule& rule,
                               bool* ambiguous = nullptr);

// True when the text carries `Z` or a numeric UTC offset.
bool HasExplicitZone(std::string_view text);

// True for the locale display forms (slash or dot dates) that grids show in
// the exporting user's time zone, as opposed to ISO-style values.
bool IsDisplayFormat(std::string_view text);

// True when `text` puts the year last after two numbers (`03/04/2024`), so
// reading it needs a day/month order.
bool NeedsDateOrder(std::string_view text);

// Decides the day/month order of a file from all of its timestamp values.
// A slash date whose first number exceeds 12 proves D/M, one whose second
// number exceeds 12 proves M/D. `requested` (from --date-order) wins when set,
// but values that contradict it are an error. Returns kUnknown when no value
// is a slash date; returns InvalidInput, asking for --date-order, when slash
// dates exist but none decides the order, or when both orders are proven.
Result<DateOrder> DecideDateOrder(const std::vector<std::string_view>& values,
                                  DateOrder requested);

// Looks up an IANA zone name such as "Europe/Amsterdam" or "UTC".
Result<const date::time_zone*> LocateZone(std::string_view name);

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_TIMESTAMP_H_
