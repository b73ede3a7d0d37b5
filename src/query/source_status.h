#ifndef SIGNTRAIL_QUERY_SOURCE_STATUS_H_
#define SIGNTRAIL_QUERY_SOURCE_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/instant.h"
#include "model/status.h"
#include "store/store.h"

namespace signtrail {

// Freshness of a source's coverage, from best to worst. The values are the
// `status` exit codes and the Prometheus `signtrail_source_status` values.
enum class Freshness {
  kFresh = 0,  // age <= warn age
  kWarn = 1,   // warn age < age <= max age
  kStale = 2,  // age > max age, or no coverage at all
};

// "fresh", "warn" or "stale".
std::string_view FreshnessName(Freshness freshness);

// Ages at which a source turns from fresh to warn and from warn to stale, in
// microseconds. Invariant: 0 < warn_age <= max_age.
struct StatusThresholds {
  int64_t warn_age_micros = 0;
  int64_t max_age_micros = 0;
};

// 7 days: sign-in events older than that can no longer be exported from
// Lifecycle Services, so a gap that old cannot be filled any more.
inline constexpr int64_t kDefaultMaxAgeMicros = 7 * kMicrosPerDay;

// The warn margin below the max age when --warn-age is not given.
inline constexpr int64_t kDefaultWarnMarginMicros = 2 * kMicrosPerDay;

// Builds the thresholds from --max-age and --warn-age (microseconds; absent
// when not given). Default max age: kDefaultMaxAgeMicros. Default warn age:
// max age minus kDefaultWarnMarginMicros, or half the max age when that
// margin would leave nothing. Returns InvalidArgument when the warn age is
// greater than the max age.
Result<StatusThresholds> ResolveThresholds(std::optional<int64_t> max_age_micros,
                                           std::optional<int64_t> warn_age_micros);

// One source's freshness at `now`.
struct SourceStatus {
  std::string source;
  // Start of the source's first interval (covered, doubtful or a gap a
  // capped export explains); absent when no batch states any period.
  std::optional<Instant> coverage_start;
  // End of the source's last covered or doubtful interval.
  std::optional<Instant> coverage_end;
  // now - coverage_end, or 0 when the coverage ends after now; absent with
  // coverage_end.
  std::optional<int64_t> age_micros;
  // Gap and doubtful time inside [coverage_start, now): the stretch from the
  // coverage end to now counts as gap, so a source that stops delivering
  // shows a growing gap.
  int64_t gap_micros = 0;
  int64_t doubtful_micros = 0;
  Freshness freshness = Freshness::kStale;
};

// The freshness of every source.
struct StatusReport {
  Instant now;
  StatusThresholds thresholds;
  std::vector<SourceStatus> sources;  // sorted by name
  // The worst freshness of any source; kStale when there are no sources,
  // since then nothing is collected.
  Freshness overall = Freshness::kStale;
};

// Computes each source's coverage end, age, gap and doubtful time at `now`
// from its batches, with the rules of ComputeCoverage, and judges it against
// `thresholds`. A source with no coverage end is stale.
StatusReport ComputeStatus(const std::vector<BatchInfo>& batches, Instant now,
                           const StatusThresholds& thresholds);

// Parses a DURATION given on the command line: whole numbers with the units
// d, h, m and s, largest first, each at most once, such as `7d`, `36h`,
// `90m` or `1d12h`. Returns microseconds; InvalidArgument names the option
// and the value, and rejects a zero duration.
Result<int64_t> ParseDuration(std::string_view option, std::string_view text);

// Formats microseconds in the DURATION syntax, largest unit first and
// without zero units: `5d`, `1d12h`, `1h30m`, `0s`. Seconds keep a fraction
// when the microseconds are not whole: `1.5s`. Negative values get a `-`.
std::string FormatDuration(int64_t micros);

}  // namespace signtrail

#endif  // SIGNTRAIL_QUERY_SOURCE_STATUS_H_
