#include "export/time_format.h"

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

namespace signtrail {

void AppendUtcTime(std::string& out, Instant instant) {
  // FormatUtc pads years to four digits and signs negative ones; only years
  // that fit four digits take the fast path.
  char text[kUtcDigitsLength];
  if (!WriteUtcDigits(instant, text)) {
    out += FormatUtc(instant);
    return;
  }

  // "YYYY-MM-DDTHH:MM:SS", then ".ffffff" when the fraction is not zero.
  const bool whole_second = instant.micros() % kMicrosPerSecond == 0;
  out.append(text, whole_second ? 19 : kUtcDigitsLength);
  out += 'Z';
}

void AppendReportTime(std::string& out, Instant instant, const date::time_zone* zone) {
  if (zone == nullptr) {
    AppendUtcTime(out, instant);
    return;
  }

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
  AppendUtcTime(out, instant.PlusMicros(offset.count() * 60 * kMicrosPerSecond));
  out.pop_back();
  const int64_t offset_minutes = offset.count();
  fmt::format_to(std::back_inserter(out), "{}{:02}:{:02}", offset_minutes < 0 ? '-' : '+',
                 std::abs(offset_minutes) / 60, std::abs(offset_minutes) % 60);
}

std::string FormatReportTime(Instant instant, const date::time_zone* zone) {
  std::string text;
  AppendReportTime(text, instant, zone);
  return text;
}

std::string DescribeTimeZone(const date::time_zone* zone) {
  if (zone == nullptr) return "times in UTC";
  return fmt::format("times in {}", zone->name());
}

}  // namespace signtrail
