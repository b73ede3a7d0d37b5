#include "export/time_format.h"

#include <gtest/gtest.h>

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

TEST(DescribeTimeZone, NamesZone) {
  EXPECT_EQ(DescribeTimeZone(nullptr), "times in UTC");
  EXPECT_EQ(DescribeTimeZone(date::locate_zone("Europe/Amsterdam")),
            "times in Europe/Amsterdam");
}

}  // namespace
}  // namespace signtrail
