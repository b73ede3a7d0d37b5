#include "export/time_format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::At;

TEST(FormatReportTime, UtcWithoutZone) {
  EXPECT_EQ(FormatReportTime(At("2024-03-31T01:30:00Z"), nullptr), "2024-03-31T01:30:00Z");
}

TEST(FormatReportTime, FractionOnlyWhenNonZero) {
  EXPECT_EQ(FormatReportTime(At("2024-03-31T01:30:00.000250Z"), nullptr),
            "2024-03-31T01:30:00.000250Z");
}

// Amsterdam moves from +01:00 to +02:00 at 01:00Z on 2024-03-31 and back at
// 01:00Z on 2024-10-27.
TEST(FormatReportTime, AmsterdamBeforeSpringChange) {
  EXPECT_EQ(FormatReportTime(At("2024-03-31T00:30:00Z"), date::locate_zone("Europe/Amsterdam")),
            "2024-03-31T01:30:00+01:00");
}

TEST(FormatReportTime, AmsterdamAfterSpringChange) {
  EXPECT_EQ(FormatReportTime(At("2024-03-31T01:30:00Z"), date::locate_zone("Europe/Amsterdam")),
            "2024-03-31T03:30:00+02:00");
}

TEST(FormatReportTime, AmsterdamRepeatedAutumnHour) {
  const date::time_zone* amsterdam = date::locate_zone("Europe/Amsterdam");
  EXPECT_EQ(FormatReportTime(At("2024-10-27T00:30:00Z"), amsterdam), "2024-10-27T02:30:00+02:00");
  EXPECT_EQ(FormatReportTime(At("2024-10-27T01:30:00Z"), amsterdam), "2024-10-27T02:30:00+01:00");
}

TEST(FormatReportTime, FractionInZone) {
  EXPECT_EQ(FormatReportTime(At("2024-03-31T01:30:00.000250Z"),
                             date::locate_zone("Europe/Amsterdam")),
            "2024-03-31T03:30:00.000250+02:00");
}

TEST(FormatReportTime, NegativeOffset) {
  EXPECT_EQ(FormatReportTime(At("2024-01-15T03:00:00Z"), date::locate_zone("America/New_York")),
            "2024-01-14T22:00:00-05:00");
}

TEST(FormatReportTime, HalfHourOffsets) {
  EXPECT_EQ(FormatReportTime(At("2024-01-15T12:00:00Z"), date::locate_zone("Asia/Kolkata")),
            "2024-01-15T17:30:00+05:30");
  EXPECT_EQ(FormatReportTime(At("2024-01-15T12:00:00Z"), date::locate_zone("America/St_Johns")),
            "2024-01-15T08:30:00-03:30");
}

TEST(FormatReportTime, UtcZoneShowsZeroOffset) {
  EXPECT_EQ(FormatReportTime(At("2024-01-15T12:00:00Z"), date::locate_zone("UTC")),
            "2024-01-15T12:00:00+00:00");
}

// AppendUtcTime writes years 0 to 9999 itself and must give FormatUtc's
// text for every instant, fractions, leap days and other years included.
TEST(AppendUtcTime, MatchesFormatUtc) {
  const int64_t day = kMicrosPerDay;
  const std::vector<int64_t> instants = {
      0,
      1,
      -1,
      999'999,
      1'717'401'600'000'000,                  // 2024-06-03T08:00:00Z
      1'717'401'600'000'000 + 250'000,        // with a fraction
      951'782'400'000'000 - 1,                // 2000-02-28T23:59:59.999999Z
      951'782'400'000'000 + day - 1,          // 2000-02-29T23:59:59.999999Z
      -62'167'219'200'000'000,                // 0000-01-01T00:00:00Z
      -62'167'219'200'000'000 - 1,            // the last microsecond of year -1
      253'402'300'799'999'999,                // 9999-12-31T23:59:59.999999Z
      253'402'300'800'000'000,                // 10000-01-01T00:00:00Z
  };
  for (int64_t micros : instants) {
    const Instant instant = Instant::FromMicros(micros);
    std::string text = "prefix ";
    AppendUtcTime(text, instant);
    EXPECT_EQ(text, "prefix " + FormatUtc(instant)) << micros;
  }
}

TEST(AppendReportTime, MatchesFormatReportTime) {
  const date::time_zone* amsterdam = date::locate_zone("Europe/Amsterdam");
  const Instant instant = At("2024-03-31T01:30:00.000250Z");
  std::string text;

  AppendReportTime(text, instant, amsterdam);

  EXPECT_EQ(text, "2024-03-31T03:30:00.000250+02:00");
}

TEST(DescribeTimeZone, NamesZone) {
  EXPECT_EQ(DescribeTimeZone(nullptr), "times in UTC");
  EXPECT_EQ(DescribeTimeZone(date::locate_zone("Europe/Amsterdam")),
            "times in Europe/Amsterdam");
}

}  // namespace
}  // namespace signtrail
