#include "model/instant.h"

#include <chrono>

#include <date/date.h>
#include <fmt/format.h>

namespace signtrail {

std::string FormatUtc(Instant instant) {
  using std::chrono::microseconds;
  const date::sys_time<microseconds> time{microseconds(instant.micros())};
  const auto day = date::floor<date::days>(time);
  const date::year_month_day ymd(day);
  const date::hh_mm_ss<microseconds> clock(time - day);

  std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", int(ymd.year()),
                                 unsigned(ymd.month()), unsigned(ymd.day()), clock.hours().count(),
                                 clock.minutes().count(), clock.seconds().count());
  const int64_t fraction = clock.subseconds().count();
  if (fraction != 0) text += fmt::format(".{:06}", fraction);
  text += 'Z';
  return text;
}

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

bool WriteUtcDigits(Instant instant, char* text) {
  using std::chrono::microseconds;
  const date::sys_time<microseconds> time{microseconds(instant.micros())};
  const date::sys_days day = date::floor<date::days>(time);
  const date::year_month_day ymd(day);
  const int year = int(ymd.year());
  if (year < 0 || year > 9999) return false;

  const int64_t micros_of_day = (time - day).count();
  const int64_t seconds_of_day = micros_of_day / kMicrosPerSecond;
  WriteDigits(text, year, 4);
  text[4] = '-';
  WriteDigits(text + 5, unsigned(ymd.month()), 2);
  text[7] = '-';
  WriteDigits(text + 8, unsigned(ymd.day()), 2);
  text[10] = 'T';
  WriteDigits(text + 11, seconds_of_day / 3600, 2);
  text[13] = ':';
  WriteDigits(text + 14, seconds_of_day / 60 % 60, 2);
  text[16] = ':';
  WriteDigits(text + 17, seconds_of_day % 60, 2);
  text[19] = '.';
  WriteDigits(text + 20, micros_of_day % kMicrosPerSecond, 6);
  return true;
}

}  // namespace signtrail
