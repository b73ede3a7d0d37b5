#include "export/time_format.h"

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

namespace signtrail {
namespace {

// Writes `value` as exactly `width` decimal digits at `out`, zero-padded.
// Precondition: 0 <= value < 10^width.
void WriteDigits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

}  // namespace

void AppendUtcTime(std::string& out, Instant instant) {
  using std::chrono::microseconds;
  const date::sys_time<microseconds> time{microseconds(instant.micros())};
  const date::sys_days day = date::floor<date::days>(time);
  const date::year_month_day ymd(day);
  const int year = int(ymd.year());
  // FormatUtc pads years to four digits and signs negative ones; only years
  // that fit four digits take the fast path.
  if (year < 0 || year > 9999) {
    out += FormatUtc(instant);
    return;
  }

  const int64_t micros_of_day = (time - day).count();
  const int64_t seconds_of_day = micros_of_day / kMicrosPerSecond;
  const int64_t fraction = micros_of_day % kMicrosPerSecond;

  // "YYYY-MM-DDTHH:MM:SS", then ".ffffff" when the fraction is not zero.
  char text[27] = "0000-00-00T00:00:00.000000";
  WriteDigits(text, year, 4);
  WriteDigits(text + 5, unsigned(ymd.month()), 2);
  WriteDigits(text + 8, unsigned(ymd.day()), 2);
  WriteDigits(text + 11, seconds_of_day / 3600, 2);
  WriteDigits(text + 14, seconds_of_day / 60 % 60, 2);
  WriteDigits(text + 17, seconds_of_day % 60, 2);
  size_t length = 19;
  if (fraction != 0) {
    WriteDigits(text + 20, fraction, 6);
    length = 26;
  }
  out.append(text, length);
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
