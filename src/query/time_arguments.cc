#include "query/time_arguments.h"

#include <chrono>
#include <regex>
#include <string>

#include <fmt/format.h>

#include "sources/timestamp.h"

namespace signtrail {
namespace {

constexpr int kDefaultWindowDays = 7;

// Days in 10,000 years: every window between the years 1 and 9999 fits, and
// the microsecond count of any such window fits in 64 bits.
constexpr int kMaxWindowDays = 3'652'425;

bool IsDateOnly(std::string_view text) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  return std::regex_match(text.begin(), text.end(), kDate);
}

// Moves `end` back by `days` calendar days on the zone's clock. A wall time
// that occurs twice resolves to its earlier instant; one that falls in a
// daylight-saving gap moves forward by the gap.
Instant SubtractLocalDays(Instant end, int days, const date::time_zone* zone) {
  using std::chrono::microseconds;
  const date::sys_time<microseconds> end_time{microseconds(end.micros())};
  const auto local_start = zone->to_local(end_time) - date::days(days);
  const auto start_time = zone->to_sys(local_start, date::choose::earliest);
  return Instant::FromMicros(start_time.time_since_epoch().count());
}

}  // namespace

Result<Instant> ParseTimeArgument(std::string_view option, std::string_view text,
                                  const date::time_zone* zone) {
  std::string value(text);
  if (IsDateOnly(text)) value += "T00:00:00";

  const TimeRule rule{zone, DateOrder::kYmd};
  bool ambiguous = false;
  Result<Instant> instant = ParseTimestamp(value, rule, &ambiguous);
  if (!instant.ok()) {
    return Status::InvalidArgument(fmt::format(
        "{}: value '{}' is not a valid time (expected 2026-11-08, 2026-11-08T13:00:00Z or "
        "2026-11-08T13:00:00+01:00): {}",
        option, text, instant.status().message()));
  }
  return instant;
}

Result<Window> ResolveWindow(std::optional<Instant> end, std::optional<int> days,
                             std::optional<Instant> start, Instant now,
                             const date::time_zone* zone) {
  if (days.has_value() && start.has_value()) {
    return Status::InvalidArgument("--days and --start cannot be combined; give one of them");
  }
  if (days.has_value() && (*days < 1 || *days > kMaxWindowDays)) {
    return Status::InvalidArgument(fmt::format(
        "--days: value {} is not valid (expected a whole number of days from 1 to {})", *days,
        kMaxWindowDays));
  }

  Window window;
  window.end = end.value_or(now);
  if (start.has_value()) {
    window.start = *start;
  } else if (zone != nullptr) {
    window.start = SubtractLocalDays(window.end, days.value_or(kDefaultWindowDays), zone);
  } else {
    window.start =
        window.end.PlusMicros(-int64_t{days.value_or(kDefaultWindowDays)} * kMicrosPerDay);
  }

  if (!(window.start < window.end)) {
    return Status::InvalidArgument(fmt::format(
        "the window start {} is not before its end {}; pass an earlier --start or a later --end",
        FormatUtc(window.start), FormatUtc(window.end)));
  }
  return window;
}

Instant Now() {
  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  using std::chrono::system_clock;
  return Instant::FromMicros(
      duration_cast<microseconds>(system_clock::now().time_since_epoch()).count());
}

}  // namespace signtrail
