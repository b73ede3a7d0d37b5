#ifndef SIGNTRAIL_QUERY_TIME_ARGUMENTS_H_
#define SIGNTRAIL_QUERY_TIME_ARGUMENTS_H_

#include <optional>
#include <string_view>

#include <date/tz.h>

#include "model/instant.h"
#include "model/status.h"

namespace signtrail {

// Parses a TIME given on the command line (--end, --start). Accepted:
//   2026-11-08                 midnight UTC, or midnight in `zone` when given
//   2026-11-08T13:00:00Z       an absolute instant
//   2026-11-08T13:00:00+01:00  an absolute instant
//   2026-11-08T13:00[:00]      zone-less: read in `zone`, else UTC
// A space may replace the `T`. InvalidArgument names the option and value.
Result<Instant> ParseTimeArgument(std::string_view option, std::string_view text,
                                  const date::time_zone* zone);

// A query window [start, end). Defaults: end = now, start = end - 7 days.
struct Window {
  Instant start;
  Instant end;
};

// Builds the window from --end, --days and --start (at most one of the last
// two). Rejects days < 1 and a start that is not before the end. With a
// zone, --days counts calendar days on that zone's clock, so 7 days before
// midnight is midnight a week earlier, even across a daylight-saving change.
// Such a window is 167 or 169 hours long. Without a zone, a day is 24 hours.
Result<Window> ResolveWindow(std::optional<Instant> end, std::optional<int> days,
                             std::optional<Instant> start, Instant now,
                             const date::time_zone* zone = nullptr);

// The current time, truncated to microseconds.
Instant Now();

}  // namespace signtrail

#endif  // SIGNTRAIL_QUERY_TIME_ARGUMENTS_H_
