#include "query/time_arguments.h"

#include <gtest/gtest.h>

#include "sources/timestamp.h"

namespace signtrail {
namespace {

const date::time_zone* Amsterdam() { return *LocateZone("Europe/Amsterdam"); }

std::string ParseToUtc(std::string_view text, const date::time_zone* zone = nullptr) {
  Result<Instant> instant = ParseTimeArgument("--end", text, zone);
  if (!instant.ok()) return "error: " + instant.status().message();
  return FormatUtc(*instant);
}

TEST(ParseTimeArgument, DateAloneIsUtcMidnight) {
  EXPECT_EQ(ParseToUtc("2026-11-08"), "2026-11-08T00:00:00Z");
}

TEST(ParseTimeArgument, DateAloneInZone) {
  EXPECT_EQ(ParseToUtc("2026-11-08", Amsterdam()), "2026-11-07T23:00:00Z");
}

TEST(ParseTimeArgument, ExplicitZoneNeverShifted) {
  EXPECT_EQ(ParseToUtc("2026-11-08T13:00:00Z", Amsterdam()), "2026-11-08T13:00:00Z");
  EXPECT_EQ(ParseToUtc("2026-11-08T13:00:00+01:00"), "2026-11-08T12:00:00Z");
}

TEST(ParseTimeArgument, ZoneLessTimeIsUtc) {
  EXPECT_EQ(ParseToUtc("2025-07-10 00:00"), "2025-07-10T00:00:00Z");
  EXPECT_EQ(ParseToUtc("2025-07-10 00:00", Amsterdam()), "2025-07-09T22:00:00Z");
}

TEST(ParseTimeArgument, InvalidNamesOptionAndValue) {
  Result<Instant> instant = ParseTimeArgument("--start", "next tuesday", nullptr);
  ASSERT_FALSE(instant.ok());
  EXPECT_EQ(instant.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(instant.status().message().find("--start: value 'next tuesday'"), std::string::npos)
      << instant.status().message();
}

TEST(ResolveWindow, DefaultIsSevenDaysBeforeNow) {
  const Instant now = Instant::FromSeconds(1'700'000'000);
  Result<Window> window = ResolveWindow(std::nullopt, std::nullopt, std::nullopt, now);
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window->end, now);
  EXPECT_EQ(window->start, now.PlusMicros(-7 * kMicrosPerDay));
}

TEST(ResolveWindow, StartOverridesDays) {
  const Instant end = Instant::FromSeconds(1'700'000'000);
  const Instant start = Instant::FromSeconds(1'699'000'000);
  Result<Window> window = ResolveWindow(end, std::nullopt, start, end);
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(window->start, start);
}

TEST(ResolveWindow, DaysAndStartRejected) {
  const Instant end = Instant::FromSeconds(1'700'000'000);
  Result<Window> window = ResolveWindow(end, 3, end.PlusMicros(-1), end);
  EXPECT_FALSE(window.ok());
}

TEST(ResolveWindow, ZeroDaysRejected) {
  Result<Window> window = ResolveWindow(std::nullopt, 0, std::nullopt, Instant());
  ASSERT_FALSE(window.ok());
  EXPECT_EQ(window.status().code(), StatusCode::kInvalidArgument);
}

TEST(ResolveWindow, HugeDaysRejected) {
  Result<Window> window = ResolveWindow(std::nullopt, 213'503'983, std::nullopt, Instant());
  ASSERT_FALSE(window.ok());
  EXPECT_EQ(window.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(window.status().message().find("from 1 to 3652425"), std::string::npos)
      << window.status().message();
}

TEST(ResolveWindow, StartAfterEndRejected) {
  const Instant end = Instant::FromSeconds(1'700'000'000);
  Result<Window> window = ResolveWindow(end, std::nullopt, end, end);
  EXPECT_FALSE(window.ok());
}

// The week before 2024-04-01 in Amsterdam spans the change to summer time on
// 2024-03-31, so it is 167 hours long and starts at local midnight.
TEST(ResolveWindow, LocalDaysAcrossDaylightSaving) {
  const date::time_zone* zone = Amsterdam();
  Result<Instant> end = ParseTimeArgument("--end", "2024-04-01", zone);
  ASSERT_TRUE(end.ok());
  Result<Window> window = ResolveWindow(*end, std::nullopt, std::nullopt, *end, zone);
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(FormatUtc(window->end), "2024-03-31T22:00:00Z");
  EXPECT_EQ(FormatUtc(window->start), "2024-03-24T23:00:00Z");
  EXPECT_EQ(window->end.micros() - window->start.micros(), 167 * 3600 * kMicrosPerSecond);
}

TEST(ResolveWindow, LocalDayEndingOnChangeDay) {
  const date::time_zone* zone = Amsterdam();
  Result<Instant> end = ParseTimeArgument("--end", "2024-10-28", zone);
  ASSERT_TRUE(end.ok());
  Result<Window> window = ResolveWindow(*end, 1, std::nullopt, *end, zone);
  ASSERT_TRUE(window.ok());
  EXPECT_EQ(FormatUtc(window->start), "2024-10-26T22:00:00Z");
  EXPECT_EQ(FormatUtc(window->end), "2024-10-27T23:00:00Z");
}

}  // namespace
}  // namespace signtrail
