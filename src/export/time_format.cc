#include "export/time_format.h"

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

namespace signtrail {

std::string FormatReportTime(Instant instant, const date::time_zone* zone) {
  if (zone == nullptr) return FormatUtc(instant);

  using std::chrono::microseconds;
  using std::chrono::minutes;
  const date::sys_time<microseconds> time{microseconds(instant.micros())};
  const date::sys_info info = zone->get_info(time);

  // RFC 3339 offsets have no seconds. Offsets with seconds (local mean time
  // before standard zones, mostly before 1900) are cut to whole minutes and
  // the wall clock follows the cut offset, so the text still names the exact
  // instant.
  const minutes offset = std::chrono::duration_cast<minutes>(info.offset);

  // The UTC text of the shifted instant is the wall-clock text; its `Z` gives
  // way to the offset.
  std::string text = FormatUtc(instant.PlusMicros(offset.count() * 60 * kMicrosPerSecond));
  text.pop_back();
  const int64_t offset_minutes = offset.count();
  text += fmt::format("{}{:02}:{:02}", offset_minutes < 0 ? '-' : '+',
                      std::abs(offset_minutes) / 60, std::abs(offset_minutes) % 60);
  return text;
}

std::string DescribeTimeZone(const date::time_zone* zone) {
  if (zone == nullptr) return "times in UTC";
  return fmt::format("times in {}", zone->name());
}

}  // namespace signtrail
