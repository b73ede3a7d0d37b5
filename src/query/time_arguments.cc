#include "query/time_arguments.h"

#include <chrono>
#include <regex>
#include <string>

#include <fmt/format.h>

#include "sources/timestamp.h"

namespace signtrail {
namespace {

constexpr int kDefaultWindowDays = 7;

bool IsDateOnly(std::string_view text) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
  return std::regex_match(text.begin(), text.end(), kDate);
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
                             std::optional<Instant> start, Instant now) {
  if (days.has_value() && start.has_value()) {
    return Status::InvalidArgument("--days and --start cannot be combined; give one of them");
  }
  if (days.has_value() && *days < 1) {
    return Status::InvalidArgument(
        fmt::format("--days: value {} is not valid (expected a whole number of days, 1 or more)",
                    *days));
  }

  Window window;
  window.end = end.value_or(now);
  if (start.has_value()) {
    window.start = *start;
  } else {
    window.start = window.end.PlusMicros(-int64_t{days.value_or(kDefaultWindowDays)} * kMicrosPerDay);
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
