#include "sources/timestamp.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "testing/test_files.h"

namespace signtrail {
namespace {

constexpr std::string_view kExpected =
    " is not a valid timestamp (expected ISO 8601, M/D/YYYY h:mm[:ss] AM/PM, D.M.YYYY "
    "HH:mm[:ss] or YYYY-MM-DD HH:mm:ss)";

// Parses with the given rule and formats the instant, or returns the error text.
std::string Parse(std::string_view text, TimeRule rule = {}) {
  const Result<Instant> instant = ParseTimestamp(text, rule);
  if (!instant.ok()) return "error: " + instant.status().message();
  return FormatUtc(*instant);
}

std::string ParseMdy(std::string_view text) { return Parse(text, {nullptr, DateOrder::kMdy}); }
std::string ParseDmy(std::string_view text) { return Parse(text, {nullptr, DateOrder::kDmy}); }

std::string Invalid(std::string_view text) {
  return "error: value '" + std::string(text) + "'" + std::string(kExpected);
}

const date::time_zone* Zone(std::string_view name) {
  const Result<const date::time_zone*> zone = LocateZone(name);
  EXPECT_TRUE(zone.ok()) << zone.status().message();
  return zone.ok() ? *zone : nullptr;
}

// --- ISO 8601 / RFC 3339 ---

TEST(ParseTimestampIso, Utc) { EXPECT_EQ(Parse("2026-11-08T13:00:00Z"), "2026-11-08T13:00:00Z"); }

TEST(ParseTimestampIso, LowercaseSeparatorAndZ) {
  EXPECT_EQ(Parse("2026-11-08t13:00:00z"), "2026-11-08T13:00:00Z");
}

TEST(ParseTimestampIso, SpaceInsteadOfT) {
  EXPECT_EQ(Parse("2026-11-08 13:00:00Z"), "2026-11-08T13:00:00Z");
}

TEST(ParseTimestampIso, NoZoneIsUtcByDefault) {
  EXPECT_EQ(Parse("2026-11-08T13:00:00"), "2026-11-08T13:00:00Z");
}

TEST(ParseTimestampIso, WithoutSeconds) {
  EXPECT_EQ(Parse("2026-11-08T13:05"), "2026-11-08T13:05:00Z");
}

TEST(ParseTimestampIso, SqlStyle) {
  EXPECT_EQ(Parse("2024-07-15 18:09:15"), "2024-07-15T18:09:15Z");
}

TEST(ParseTimestampIso, SqlStyleWithoutSeconds) {
  EXPECT_EQ(Parse("2024-07-15 18:09"), "2024-07-15T18:09:00Z");
}

TEST(ParseTimestampIso, FractionDigits) {
  EXPECT_EQ(Parse("2024-07-15T18:09:15Z"), "2024-07-15T18:09:15Z");
  EXPECT_EQ(Parse("2024-07-15T18:09:15.1Z"), "2024-07-15T18:09:15.100000Z");
  EXPECT_EQ(Parse("2024-07-15T18:09:15.12Z"), "2024-07-15T18:09:15.120000Z");
  EXPECT_EQ(Parse("2024-07-15T18:09:15.123Z"), "2024-07-15T18:09:15.123000Z");
  EXPECT_EQ(Parse("2024-07-15T18:09:15.123456Z"), "2024-07-15T18:09:15.123456Z");
  EXPECT_EQ(Parse("2024-07-15T18:09:15.1234567Z"), "2024-07-15T18:09:15.123456Z");
  EXPECT_EQ(Parse("2024-07-15T18:09:15.123456789Z"), "2024-07-15T18:09:15.123456Z");
}

TEST(ParseTimestampIso, FractionTruncatesNotRounds) {
  EXPECT_EQ(Parse("2024-07-15T18:09:15.9999999Z"), "2024-07-15T18:09:15.999999Z");
}

TEST(ParseTimestampIso, TenFractionDigitsRejected) {
  EXPECT_EQ(Parse("2024-07-15T18:09:15.1234567891Z"), Invalid("2024-07-15T18:09:15.1234567891Z"));
}

TEST(ParseTimestampIso, EmptyFractionRejected) {
  EXPECT_EQ(Parse("2024-07-15T18:09:15.Z"), Invalid("2024-07-15T18:09:15.Z"));
}

TEST(ParseTimestampIso, PositiveOffset) {
  EXPECT_EQ(Parse("2024-07-15T20:09:15+02:00"), "2024-07-15T18:09:15Z");
}

TEST(ParseTimestampIso, NegativeOffset) {
  EXPECT_EQ(Parse("2019-10-18T04:45:48.0729893-05:00"), "2019-10-18T09:45:48.072989Z");
}

TEST(ParseTimestampIso, OffsetWithoutColon) {
  EXPECT_EQ(Parse("2024-07-15T19:09:15+0100"), "2024-07-15T18:09:15Z");
  EXPECT_EQ(Parse("2024-07-15T13:39:15-0430"), "2024-07-15T18:09:15Z");
}

TEST(ParseTimestampIso, OffsetHoursOnly) {
  EXPECT_EQ(Parse("2024-07-15T19:09:15+01"), "2024-07-15T18:09:15Z");
}

TEST(ParseTimestampIso, OffsetCrossesDate) {
  EXPECT_EQ(Parse("2024-01-01T00:30:00+01:00"), "2023-12-31T23:30:00Z");
}

TEST(ParseTimestampIso, ZeroOffset) {
  EXPECT_EQ(Parse("2007-01-09T09:41:00.992099+00:00"), "2007-01-09T09:41:00.992099Z");
}

TEST(ParseTimestampIso, SurroundingSpacesTrimmed) {
  EXPECT_EQ(Parse("  2024-07-15T18:09:15Z \t"), "2024-07-15T18:09:15Z");
}

TEST(ParseTimestampIso, LeapDayValid) {
  EXPECT_EQ(Parse("2024-02-29T12:00:00Z"), "2024-02-29T12:00:00Z");
  EXPECT_EQ(Parse("2000-02-29T12:00:00Z"), "2000-02-29T12:00:00Z");
}

TEST(ParseTimestampIso, LeapDayInvalid) {
  EXPECT_EQ(Parse("2023-02-29T12:00:00Z"), Invalid("2023-02-29T12:00:00Z"));
  EXPECT_EQ(Parse("1900-02-29T12:00:00Z"), Invalid("1900-02-29T12:00:00Z"));
}

TEST(ParseTimestampIso, RangesChecked) {
  EXPECT_EQ(Parse("2024-13-01T00:00:00Z"), Invalid("2024-13-01T00:00:00Z"));
  EXPECT_EQ(Parse("2024-00-01T00:00:00Z"), Invalid("2024-00-01T00:00:00Z"));
  EXPECT_EQ(Parse("2024-04-31T00:00:00Z"), Invalid("2024-04-31T00:00:00Z"));
  EXPECT_EQ(Parse("2024-04-00T00:00:00Z"), Invalid("2024-04-00T00:00:00Z"));
  EXPECT_EQ(Parse("2024-04-30T00:60:00Z"), Invalid("2024-04-30T00:60:00Z"));
  EXPECT_EQ(Parse("2024-04-30T00:00:60Z"), Invalid("2024-04-30T00:00:60Z"));
  EXPECT_EQ(Parse("2024-04-30T00:00:00+24:00"), Invalid("2024-04-30T00:00:00+24:00"));
}

TEST(ParseTimestampIso, Hour24Rejected) {
  EXPECT_EQ(Parse("2024-04-30T24:00:00Z"), Invalid("2024-04-30T24:00:00Z"));
  EXPECT_EQ(Parse("2024-04-30 24:00"), Invalid("2024-04-30 24:00"));
}

TEST(ParseTimestampIso, MalformedRejected) {
  EXPECT_EQ(Parse(""), Invalid(""));
  EXPECT_EQ(Parse("yesterday"), Invalid("yesterday"));
  EXPECT_EQ(Parse("2024-07-15"), Invalid("2024-07-15"));
  EXPECT_EQ(Parse("2024-7-15T10:00:00Z"), Invalid("2024-7-15T10:00:00Z"));
  EXPECT_EQ(Parse("2024-07-15T10:00:00Zjunk"), Invalid("2024-07-15T10:00:00Zjunk"));
  EXPECT_EQ(Parse("2024-07-15T10:00:00 PM"), Invalid("2024-07-15T10:00:00 PM"));
  EXPECT_EQ(Parse("15-07-2024 10:00"), Invalid("15-07-2024 10:00"));
}

// --- slash dates ---

TEST(ParseTimestampSlash, MonthFirst) {
  EXPECT_EQ(ParseMdy("3/4/2024 10:00"), "2024-03-04T10:00:00Z");
}

TEST(ParseTimestampSlash, DayFirst) {
  EXPECT_EQ(ParseDmy("3/4/2024 10:00"), "2024-04-03T10:00:00Z");
}

TEST(ParseTimestampSlash, TwoDigitParts) {
  EXPECT_EQ(ParseMdy("03/04/2024 10:00:30"), "2024-03-04T10:00:30Z");
  EXPECT_EQ(ParseDmy("31/12/2024 23:59:59"), "2024-12-31T23:59:59Z");
}

TEST(ParseTimestampSlash, AmPm) {
  EXPECT_EQ(ParseMdy("7/15/2024 6:09:15 PM"), "2024-07-15T18:09:15Z");
  EXPECT_EQ(ParseMdy("7/15/2024 6:09 am"), "2024-07-15T06:09:00Z");
}

TEST(ParseTimestampSlash, TwelveAm) {
  EXPECT_EQ(ParseMdy("7/15/2024 12:05 AM"), "2024-07-15T00:05:00Z");
}

TEST(ParseTimestampSlash, TwelvePm) {
  EXPECT_EQ(ParseMdy("7/15/2024 12:05 PM"), "2024-07-15T12:05:00Z");
}

TEST(ParseTimestampSlash, AmPmHourRange) {
  EXPECT_EQ(ParseMdy("7/15/2024 0:05 AM"), Invalid("7/15/2024 0:05 AM"));
  EXPECT_EQ(ParseMdy("7/15/2024 13:05 PM"), Invalid("7/15/2024 13:05 PM"));
}

TEST(ParseTimestampSlash, TwentyFourHourClock) {
  EXPECT_EQ(ParseMdy("7/15/2024 18:09"), "2024-07-15T18:09:00Z");
  EXPECT_EQ(ParseMdy("7/15/2024 24:00"), Invalid("7/15/2024 24:00"));
}

TEST(ParseTimestampSlash, Offset) {
  EXPECT_EQ(ParseMdy("1/9/2007 10:41:00 AM +01:00"), "2007-01-09T09:41:00Z");
  EXPECT_EQ(ParseMdy("1/9/2007 4:41:00 AM -05:00"), "2007-01-09T09:41:00Z");
}

TEST(ParseTimestampSlash, LeapDay) {
  EXPECT_EQ(ParseMdy("2/29/2024 10:00"), "2024-02-29T10:00:00Z");
  EXPECT_EQ(ParseMdy("2/29/2023 10:00"), Invalid("2/29/2023 10:00"));
  EXPECT_EQ(ParseDmy("31/02/2024 10:00"), Invalid("31/02/2024 10:00"));
}

TEST(ParseTimestampSlash, MonthOutOfRangeForOrder) {
  EXPECT_EQ(ParseMdy("13/1/2024 10:00"), Invalid("13/1/2024 10:00"));
}

TEST(ParseTimestampSlash, UnknownOrderRejected) {
  EXPECT_EQ(Parse("3/4/2024 10:00"),
            "error: value '3/4/2024 10:00' has an ambiguous day/month order; "
            "pass --date-order mdy or --date-order dmy");
}

TEST(ParseTimestampSlash, SameDayAndMonthNeedNoOrder) {
  EXPECT_EQ(Parse("4/4/2024 10:00"), "2024-04-04T10:00:00Z");
}

TEST(ParseTimestampSlash, YmdOrderRejectsYearLast) {
  EXPECT_EQ(Parse("3/4/2024 10:00", {nullptr, DateOrder::kYmd}),
            "error: value '3/4/2024 10:00' has an ambiguous day/month order; "
            "pass --date-order mdy or --date-order dmy");
}

TEST(ParseTimestampSlash, YearFirst) {
  EXPECT_EQ(Parse("2024/03/04 10:00", {nullptr, DateOrder::kYmd}), "2024-03-04T10:00:00Z");
  EXPECT_EQ(Parse("2024/3/4 10:00:05"), "2024-03-04T10:00:05Z");
}

TEST(ParseTimestampSlash, DateOnlyRejected) {
  EXPECT_EQ(ParseMdy("3/4/2024"), Invalid("3/4/2024"));
}

TEST(ParseTimestampSlash, TwoDigitYearRejected) {
  EXPECT_EQ(ParseMdy("3/4/24 10:00"), Invalid("3/4/24 10:00"));
}

// --- dot dates ---

TEST(ParseTimestampDot, DayFirst) {
  EXPECT_EQ(Parse("15.7.2024 18:09"), "2024-07-15T18:09:00Z");
  EXPECT_EQ(Parse("05.07.2024 18:09:15"), "2024-07-05T18:09:15Z");
}

TEST(ParseTimestampDot, IgnoresDateOrder) {
  EXPECT_EQ(ParseMdy("5.7.2024 18:09"), "2024-07-05T18:09:00Z");
}

TEST(ParseTimestampDot, RangesChecked) {
  EXPECT_EQ(Parse("7.15.2024 18:09"), Invalid("7.15.2024 18:09"));
  EXPECT_EQ(Parse("29.2.2023 18:09"), Invalid("29.2.2023 18:09"));
  EXPECT_EQ(Parse("5.7.2024 24:00"), Invalid("5.7.2024 24:00"));
}

TEST(ParseTimestampDot, AmPmRejected) {
  EXPECT_EQ(Parse("5.7.2024 6:09 PM"), Invalid("5.7.2024 6:09 PM"));
}

// --- the real corner-case file: every line is 2007-01-09T09:41Z ---

TEST(ParseTimestampReal, TimeFormatCornerCases) {
  const std::string bytes =
      testing::ReadFileBytes(testing::RealDataPath("entra/test-time-formats-corner-cases.log"));
  // The `time` value of each line, in file order, and its expected instant.
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"01/09/2007 09:41:00", "2007-01-09T09:41:00Z"},
      {"1/9/2007 09:41:00", "2007-01-09T09:41:00Z"},
      {"01/09/2007 09:41:00 AM", "2007-01-09T09:41:00Z"},
      {"1/9/2007 9:41:00 AM", "2007-01-09T09:41:00Z"},
      {"1/9/2007 10:41:00 AM +01:00", "2007-01-09T09:41:00Z"},
      {"2007-01-09T09:41:00", "2007-01-09T09:41:00Z"},
      {"2007-01-09T09:41:00.22Z", "2007-01-09T09:41:00.220000Z"},
      {"2007-01-09T09:41:00.6816663Z", "2007-01-09T09:41:00.681666Z"},
      {"2007-01-09T09:41:00.535404056Z", "2007-01-09T09:41:00.535404Z"},
      {"2007-01-09T09:41:00.992099+00:00", "2007-01-09T09:41:00.992099Z"},
      {"2007-01-09T11:41:00+02:00", "2007-01-09T09:41:00Z"},
  };
  std::vector<std::string> times;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    const std::string line = bytes.substr(start, end - start);
    const std::string key = "\"time\": \"";
    const size_t value_start = line.find(key) + key.size();
    times.push_back(line.substr(value_start, line.find('"', value_start) - value_start));
    start = end + 1;
  }
  ASSERT_EQ(times.size(), expected.size());
  for (size_t i = 0; i < times.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(i + 1));
    EXPECT_EQ(times[i], expected[i].first);
    EXPECT_EQ(ParseMdy(times[i]), expected[i].second);
  }
}

// --- zones ---

TEST(ParseTimestampZone, LocalTimeShifted) {
  EXPECT_EQ(Parse("2024-07-15 20:09:15", {Zone("Europe/Amsterdam"), DateOrder::kUnknown}),
            "2024-07-15T18:09:15Z");
}

TEST(ParseTimestampZone, FractionKeptInZone) {
  EXPECT_EQ(Parse("2024-01-15 10:00:00.5", {Zone("Europe/Amsterdam"), DateOrder::kUnknown}),
            "2024-01-15T09:00:00.500000Z");
}

TEST(ParseTimestampZone, GapRejected) {
  EXPECT_EQ(Parse("2024-03-31 02:30", {Zone("Europe/Amsterdam"), DateOrder::kUnknown}),
            "error: value '2024-03-31 02:30' does not exist in Europe/Amsterdam "
            "(daylight-saving gap); check the value and the source's time zone");
}

TEST(ParseTimestampZone, GapIsInvalidInput) {
  const Result<Instant> instant =
      ParseTimestamp("2024-03-31 02:30", {Zone("Europe/Amsterdam"), DateOrder::kUnknown});
  ASSERT_FALSE(instant.ok());
  EXPECT_EQ(instant.status().code(), StatusCode::kInvalidInput);
}

TEST(ParseTimestampZone, AmbiguousTakesEarlier) {
  bool ambiguous = false;
  const Result<Instant> instant = ParseTimestamp(
      "2024-10-27 02:30", {Zone("Europe/Amsterdam"), DateOrder::kUnknown}, &ambiguous);
  ASSERT_TRUE(instant.ok()) << instant.status().message();
  EXPECT_EQ(FormatUtc(*instant), "2024-10-27T00:30:00Z");
  EXPECT_TRUE(ambiguous);
}

TEST(ParseTimestampZone, AmbiguousNewYork) {
  bool ambiguous = false;
  const Result<Instant> instant =
      ParseTimestamp("11/3/2024 1:30 AM", {Zone("America/New_York"), DateOrder::kMdy}, &ambiguous);
  ASSERT_TRUE(instant.ok()) << instant.status().message();
  EXPECT_EQ(FormatUtc(*instant), "2024-11-03T05:30:00Z");
  EXPECT_TRUE(ambiguous);
}

TEST(ParseTimestampZone, UniqueClearsFlag) {
  bool ambiguous = true;
  const Result<Instant> instant = ParseTimestamp(
      "2024-10-27 03:30", {Zone("Europe/Amsterdam"), DateOrder::kUnknown}, &ambiguous);
  ASSERT_TRUE(instant.ok()) << instant.status().message();
  EXPECT_EQ(FormatUtc(*instant), "2024-10-27T02:30:00Z");
  EXPECT_FALSE(ambiguous);
}

TEST(ParseTimestampZone, ExplicitZNeverShifted) {
  bool ambiguous = true;
  const Result<Instant> instant = ParseTimestamp(
      "2024-10-27T02:30:00Z", {Zone("Europe/Amsterdam"), DateOrder::kUnknown}, &ambiguous);
  ASSERT_TRUE(instant.ok()) << instant.status().message();
  EXPECT_EQ(FormatUtc(*instant), "2024-10-27T02:30:00Z");
  EXPECT_FALSE(ambiguous);
}

TEST(ParseTimestampZone, ExplicitOffsetNeverShifted) {
  EXPECT_EQ(Parse("2024-03-31T02:30:00+05:00", {Zone("Europe/Amsterdam"), DateOrder::kUnknown}),
            "2024-03-30T21:30:00Z");
}

TEST(LocateZone, KnownNames) {
  const Result<const date::time_zone*> zone = LocateZone("Europe/Amsterdam");
  ASSERT_TRUE(zone.ok()) << zone.status().message();
  EXPECT_EQ((*zone)->name(), "Europe/Amsterdam");
  EXPECT_TRUE(LocateZone("UTC").ok());
}

TEST(LocateZone, UnknownName) {
  const Result<const date::time_zone*> zone = LocateZone("Mars/Olympus");
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(zone.status().message(),
            "unknown time zone 'Mars/Olympus' (expected an IANA name such as Europe/Amsterdam "
            "or UTC)");
}

TEST(LocateZone, EmptyName) {
  const Result<const date::time_zone*> zone = LocateZone("");
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.status().code(), StatusCode::kInvalidArgument);
}

// --- helpers ---

TEST(HasExplicitZone, Forms) {
  EXPECT_TRUE(HasExplicitZone("2024-07-15T18:09:15Z"));
  EXPECT_TRUE(HasExplicitZone("2024-07-15T18:09:15.5+01:00"));
  EXPECT_TRUE(HasExplicitZone("2024-07-15T18:09:15-0500"));
  EXPECT_TRUE(HasExplicitZone("1/9/2007 10:41:00 AM +01:00"));
  EXPECT_FALSE(HasExplicitZone("2024-07-15T18:09:15"));
  EXPECT_FALSE(HasExplicitZone("1/9/2007 10:41:00 AM"));
  EXPECT_FALSE(HasExplicitZone("not a time Z"));
}

TEST(IsDisplayFormat, Forms) {
  EXPECT_TRUE(IsDisplayFormat("1/9/2007 10:41:00 AM"));
  EXPECT_TRUE(IsDisplayFormat("9.1.2007 10:41"));
  EXPECT_TRUE(IsDisplayFormat("2007/01/09 10:41"));
  EXPECT_FALSE(IsDisplayFormat("2007-01-09 10:41"));
  EXPECT_FALSE(IsDisplayFormat("2007-01-09T10:41:00Z"));
  EXPECT_FALSE(IsDisplayFormat("garbage"));
}

TEST(DateOrderName, Names) {
  EXPECT_EQ(DateOrderName(DateOrder::kMdy), "mdy");
  EXPECT_EQ(DateOrderName(DateOrder::kDmy), "dmy");
  EXPECT_EQ(DateOrderName(DateOrder::kYmd), "ymd");
  EXPECT_EQ(DateOrderName(DateOrder::kUnknown), "unknown");
}

TEST(ParseDateOrder, Names) {
  EXPECT_EQ(ParseDateOrder("mdy"), DateOrder::kMdy);
  EXPECT_EQ(ParseDateOrder("DMY"), DateOrder::kDmy);
  EXPECT_EQ(ParseDateOrder("ymd"), DateOrder::kYmd);
  EXPECT_EQ(ParseDateOrder("unknown"), std::nullopt);
  EXPECT_EQ(ParseDateOrder("m/d/y"), std::nullopt);
}

// --- DecideDateOrder ---

TEST(DecideDateOrder, ProvenMdy) {
  const Result<DateOrder> order = DecideDateOrder(
      {"3/4/2024 10:00", "3/14/2024 10:00", "2024-03-04T10:00:00Z"}, DateOrder::kUnknown);
  ASSERT_TRUE(order.ok()) << order.status().message();
  EXPECT_EQ(*order, DateOrder::kMdy);
}

TEST(DecideDateOrder, ProvenDmy) {
  const Result<DateOrder> order =
      DecideDateOrder({"3/4/2024 10:00", "14/3/2024 10:00"}, DateOrder::kUnknown);
  ASSERT_TRUE(order.ok()) << order.status().message();
  EXPECT_EQ(*order, DateOrder::kDmy);
}

TEST(DecideDateOrder, Undecidable) {
  const Result<DateOrder> order =
      DecideDateOrder({"4/4/2024 10:00", "3/4/2024 10:00", "5/4/2024 10:00"}, DateOrder::kUnknown);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(order.status().message(),
            "value '3/4/2024 10:00' has an ambiguous day/month order and no value in the file "
            "decides it; pass --date-order mdy or --date-order dmy");
}

TEST(DecideDateOrder, Contradicting) {
  const Result<DateOrder> order =
      DecideDateOrder({"3/14/2024 10:00", "14/3/2024 10:00"}, DateOrder::kUnknown);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(order.status().message(),
            "values '14/3/2024 10:00' (day first) and '3/14/2024 10:00' (month first) mix two "
            "day/month orders; split the file by order and pass --date-order mdy|dmy for each "
            "part");
}

TEST(DecideDateOrder, RequestedWinsWhenConsistent) {
  const Result<DateOrder> order = DecideDateOrder({"3/4/2024 10:00"}, DateOrder::kDmy);
  ASSERT_TRUE(order.ok()) << order.status().message();
  EXPECT_EQ(*order, DateOrder::kDmy);
}

TEST(DecideDateOrder, RequestedWinsWithoutSlashDates) {
  const Result<DateOrder> order = DecideDateOrder({"2024-03-04T10:00:00Z"}, DateOrder::kMdy);
  ASSERT_TRUE(order.ok()) << order.status().message();
  EXPECT_EQ(*order, DateOrder::kMdy);
}

TEST(DecideDateOrder, RequestedMdyContradicted) {
  const Result<DateOrder> order =
      DecideDateOrder({"3/4/2024 10:00", "14/3/2024 10:00"}, DateOrder::kMdy);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().message(),
            "value '14/3/2024 10:00' cannot be month first, which contradicts --date-order mdy; "
            "pass --date-order dmy");
}

TEST(DecideDateOrder, RequestedDmyContradicted) {
  const Result<DateOrder> order = DecideDateOrder({"3/14/2024 10:00"}, DateOrder::kDmy);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().message(),
            "value '3/14/2024 10:00' cannot be day first, which contradicts --date-order dmy; "
            "pass --date-order mdy");
}

TEST(DecideDateOrder, RequestedYmdContradicted) {
  const Result<DateOrder> order = DecideDateOrder({"3/14/2024 10:00"}, DateOrder::kYmd);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().message(),
            "value '3/14/2024 10:00' puts the year last, which contradicts --date-order ymd; "
            "pass --date-order mdy or --date-order dmy");
}

TEST(DecideDateOrder, NoSlashDates) {
  const Result<DateOrder> order = DecideDateOrder(
      {"2024-03-04T10:00:00Z", "4.3.2024 10:00", "2024/03/04 10:00"}, DateOrder::kUnknown);
  ASSERT_TRUE(order.ok()) << order.status().message();
  EXPECT_EQ(*order, DateOrder::kUnknown);
}

TEST(DecideDateOrder, SameDayAndMonthOnly) {
  const Result<DateOrder> order =
      DecideDateOrder({"1/1/2024 10:00", "2/2/2024 10:00"}, DateOrder::kUnknown);
  ASSERT_TRUE(order.ok()) << order.status().message();
  EXPECT_EQ(*order, DateOrder::kUnknown);
}

TEST(DecideDateOrder, RealCornerCasesNeedOrder) {
  const Result<DateOrder> order =
      DecideDateOrder({"01/09/2007 09:41:00", "1/9/2007 9:41:00 AM", "2007-01-09T09:41:00.22Z"},
                      DateOrder::kUnknown);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().message(),
            "value '01/09/2007 09:41:00' has an ambiguous day/month order and no value in the "
            "file decides it; pass --date-order mdy or --date-order dmy");
}

// --- FormatUtc round trip ---

TEST(FormatUtcRoundTrip, ParsesBack) {
  const std::vector<int64_t> micros = {0,
                                       1,
                                       -1,
                                       1'721'066'955'107'896,
                                       1'168'335'660'000'000,
                                       951'782'400'000'000,
                                       -2'208'988'800'000'000};
  for (const int64_t value : micros) {
    SCOPED_TRACE(value);
    const std::string text = FormatUtc(Instant::FromMicros(value));
    const Result<Instant> parsed = ParseTimestamp(text, {});
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->micros(), value);
  }
}

// --- Years 1 to 9999 in UTC ---

std::string OutsideYears(std::string_view text) {
  return "error: value '" + std::string(text) +
         "' is outside the years 1 to 9999 once converted to UTC; check the value and its offset";
}

TEST(ParseTimestampYears, OffsetPastYear9999) {
  EXPECT_EQ(Parse("9999-12-31T23:59:59-01:00"), OutsideYears("9999-12-31T23:59:59-01:00"));
}

TEST(ParseTimestampYears, OffsetBeforeYear1) {
  EXPECT_EQ(Parse("0001-01-01T00:30:00+01:00"), OutsideYears("0001-01-01T00:30:00+01:00"));
}

TEST(ParseTimestampYears, YearZero) {
  EXPECT_EQ(Parse("0000-06-01 12:00:00"), OutsideYears("0000-06-01 12:00:00"));
}

TEST(ParseTimestampYears, SourceZonePastYear9999) {
  const TimeRule rule{Zone("America/New_York"), DateOrder::kUnknown};
  EXPECT_EQ(Parse("9999-12-31 23:00:00", rule), OutsideYears("9999-12-31 23:00:00"));
}

TEST(ParseTimestampYears, LastInstantKept) {
  EXPECT_EQ(Parse("9999-12-31T23:59:59.999999Z"), "9999-12-31T23:59:59.999999Z");
}

TEST(ParseTimestampYears, FirstInstantKept) {
  EXPECT_EQ(Parse("0001-01-01T00:00:00Z"), "0001-01-01T00:00:00Z");
}

TEST(ParseTimestampYears, OffsetBackIntoRange) {
  EXPECT_EQ(Parse("0001-01-01T00:30:00-01:00"), "0001-01-01T01:30:00Z");
}

}  // namespace
}  // namespace signtrail
