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

}  // namespace signtrail
