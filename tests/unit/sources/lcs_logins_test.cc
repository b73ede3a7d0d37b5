#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "model/instant.h"
#include "sources/importers.h"
#include "sources/timestamp.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using testing::ReadFileBytes;
using testing::TestDataPath;

ImportOptions OptionsFor(std::string_view file_name) {
  ImportOptions options;
  options.file_name = std::string(file_name);
  return options;
}

std::string Fixture(std::string_view name) {
  return ReadFileBytes(TestDataPath(fmt::format("lcs-logins/{}", name)));
}

Result<ImportOutput> ImportFixture(std::string_view name) {
  return ImportLcsLogins(Fixture(name), OptionsFor(name));
}

std::string EndText(const SignInEvent& event) {
  return event.end.has_value() ? FormatUtc(*event.end) : "none";
}

// An export of `count` sessions, newest first, whose oldest session starts at
// 2024-06-10T12:00:00Z, as the grid writes it.
std::string GeneratedExport(int count) {
  const Instant oldest = Instant::FromSeconds(1'718'020'800);  // 2024-06-10T12:00:00Z
  std::string csv = "AADUserId,SessionStartTime,SessionEndTime\r\n";
  for (int i = count - 1; i >= 0; --i) {
    const Instant start = oldest.PlusMicros(int64_t{i} * 60 * kMicrosPerSecond);
    csv += fmt::format("00000000-0000-0000-0000-{:012d},{},\r\n", i, FormatUtc(start));
  }
  return csv;
}

TEST(LcsLogins, CanonicalColumns) {
  Result<ImportOutput> output = ImportFixture("user-login-events.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 3);
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.kind, EventKind::kSession);
  EXPECT_EQ(event.user_id, "7a1e3c52-9b4d-4f0e-8c21-5d6f7a8b9c01");
  EXPECT_EQ(FormatUtc(event.time), "2024-06-10T12:00:00Z");
  EXPECT_EQ(EndText(event), "2024-06-10T13:30:00Z");
  EXPECT_EQ(event.end_kind, EndKind::kRecorded);
  EXPECT_EQ(event.record_id, "7a1e3c52-9b4d-4f0e-8c21-5d6f7a8b9c01|2024-06-10T12:00:00Z");
  EXPECT_EQ(event.display_name, "Frank Martin");
  EXPECT_EQ(event.login_name, "fmartin@contoso.example");
  EXPECT_EQ(event.end_note, "");
}

TEST(LcsLogins, RowOriginAndRawText) {
  Result<ImportOutput> output = ImportFixture("user-login-events.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);

  const std::string header_line = "AADUserId,UserName,Email,SessionStartTime,SessionEndTime\r\n";
  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.line, 2);
  EXPECT_EQ(event.offset, static_cast<int64_t>(header_line.size()));
  EXPECT_EQ(event.raw,
            "7A1E3C52-9B4D-4F0E-8C21-5D6F7A8B9C01,Frank Martin,fmartin@contoso.example,"
            "6/10/2024 12:00:00 PM,6/10/2024 1:30:00 PM");
  EXPECT_EQ(output->events[2].line, 4);
}

TEST(LcsLogins, BlankEndIsOpen) {
  Result<ImportOutput> output = ImportFixture("user-login-events.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[1];
  EXPECT_EQ(FormatUtc(event.time), "2024-06-14T08:05:00Z");
  EXPECT_FALSE(event.end.has_value());
  EXPECT_EQ(event.end_kind, EndKind::kOpen);
}

TEST(LcsLogins, GuidCasingJoins) {
  Result<ImportOutput> output = ImportFixture("user-login-events.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);
  EXPECT_EQ(output->events[0].user_id, output->events[1].user_id);
}

TEST(LcsLogins, SecondsInDisplayTimes) {
  Result<ImportOutput> output = ImportFixture("user-login-events.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);
  EXPECT_EQ(FormatUtc(output->events[2].time), "2024-06-11T09:00:00Z");
  EXPECT_EQ(EndText(output->events[2]), "2024-06-11T17:15:30Z");
}

TEST(LcsLogins, SemicolonDelimiterAndAliases) {
  Result<ImportOutput> output = ImportFixture("aliases-semicolon.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].user_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-11T09:00:00Z");
  EXPECT_EQ(EndText(output->events[0]), "2024-06-11T17:15:30Z");
}

TEST(LcsLogins, TabDelimiterAndAliases) {
  Result<ImportOutput> output = ImportFixture("aliases-tab.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].user_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-11T09:00:00Z");
  EXPECT_EQ(EndText(output->events[0]), "2024-06-11T17:15:30Z");
}

TEST(LcsLogins, Utf8ByteOrderMark) {
  Result<ImportOutput> output = ImportFixture("bom-utf8.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].user_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-11T09:00:00Z");
}

TEST(LcsLogins, Utf16LittleEndian) {
  Result<ImportOutput> output = ImportFixture("utf16le.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].display_name, "Zo\u00eb M\u00fcller");
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-11T09:00:00Z");
  EXPECT_EQ(EndText(output->events[0]), "2024-06-11T17:15:30Z");
}

TEST(LcsLogins, QuotedNewlineKeepsLines) {
  Result<ImportOutput> output = ImportFixture("quoted-newline.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(output->events[0].display_name, "Dana\r\nLee");
  EXPECT_EQ(output->events[0].line, 2);
  EXPECT_EQ(output->events[1].line, 4);
  EXPECT_EQ(output->events[1].user_id, "00000000-0000-0000-0000-000000000022");
}

TEST(LcsLogins, EndBeforeStartFails) {
  Result<ImportOutput> output = ImportFixture("end-before-start.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "end-before-start.csv:2: column 'SessionEndTime': value '2024-06-11 09:00:00' is "
            "before the session start '2024-06-11 10:00:00'; the session cannot end before it "
            "starts");
}

TEST(LcsLogins, EndBeforeStartSkipped) {
  ImportOptions options = OptionsFor("end-before-start.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output = ImportLcsLogins(Fixture("end-before-start.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 2);
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].line, 2);
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(EndText(output->events[0]), "2024-06-11T10:00:00Z");
}

TEST(LcsLogins, BadTimestampFails) {
  Result<ImportOutput> output = ImportFixture("bad-timestamp.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "bad-timestamp.csv:3: column 'SessionStartTime': value '2024-02-30 10:00:00' is not a "
            "valid timestamp (expected ISO 8601, M/D/YYYY h:mm[:ss] AM/PM, D.M.YYYY HH:mm[:ss] or "
            "YYYY-MM-DD HH:mm:ss)");
}

TEST(LcsLogins, BadTimestampSkipped) {
  ImportOptions options = OptionsFor("bad-timestamp.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output = ImportLcsLogins(Fixture("bad-timestamp.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 3);
  EXPECT_EQ(output->events.size(), 2u);
  ASSERT_EQ(output->rejects.size(), 1u);

  const RejectedRecord& reject = output->rejects[0];
  EXPECT_EQ(reject.line, 3);
  EXPECT_EQ(reject.reason,
            "column 'SessionStartTime': value '2024-02-30 10:00:00' is not a valid timestamp "
            "(expected ISO 8601, M/D/YYYY h:mm[:ss] AM/PM, D.M.YYYY HH:mm[:ss] or YYYY-MM-DD "
            "HH:mm:ss)");
  EXPECT_EQ(reject.raw,
            "00000000-0000-0000-0000-000000000022,2024-02-30 10:00:00,2024-06-11 11:00:00");
  EXPECT_GT(reject.offset, 0);
}

TEST(LcsLogins, UndecidableDateOrderFails) {
  Result<ImportOutput> output = ImportFixture("ambiguous-order.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "ambiguous-order.csv: value '3/4/2024 10:00:00 AM' has an ambiguous day/month order "
            "and no value in the file decides it; pass --date-order mdy or --date-order dmy");
}

TEST(LcsLogins, RequestedDayFirstOrder) {
  ImportOptions options = OptionsFor("ambiguous-order.csv");
  options.date_order = DateOrder::kDmy;
  Result<ImportOutput> output = ImportLcsLogins(Fixture("ambiguous-order.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-04-03T10:00:00Z");
  EXPECT_EQ(FormatUtc(output->events[1].time), "2024-06-05T09:00:00Z");
}

TEST(LcsLogins, RequestedMonthFirstOrder) {
  ImportOptions options = OptionsFor("ambiguous-order.csv");
  options.date_order = DateOrder::kMdy;
  Result<ImportOutput> output = ImportLcsLogins(Fixture("ambiguous-order.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-03-04T10:00:00Z");
}

TEST(LcsLogins, DuplicateHeaderFirstWins) {
  Result<ImportOutput> output = ImportFixture("duplicate-header.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-11T09:00:00Z");
}

TEST(LcsLogins, HeaderSpacesIgnored) {
  Result<ImportOutput> output = ImportFixture("header-spacing.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].user_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(EndText(output->events[0]), "2024-06-11T10:00:00Z");
}

TEST(LcsLogins, MissingStartColumn) {
  Result<ImportOutput> output = ImportFixture("missing-start.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "missing-start.csv: required column 'session start' not found (accepted names: "
            "SessionStartTime, Session start time, Start time, StartTime, LoginTime); columns "
            "found: AADUserId, UserName, SessionEndTime");
}

TEST(LcsLogins, EmptyUserIdRejected) {
  ImportOptions options = OptionsFor("empty-user.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output =
      ImportLcsLogins("AADUserId,SessionStartTime\n ,2024-06-11T09:00:00Z\n", options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].reason,
            "column 'AADUserId': empty value (every row needs a user id)");
}

TEST(LcsLogins, SourceZoneShiftsZonelessTimes) {
  Result<const date::time_zone*> zone = LocateZone("Europe/Amsterdam");
  ASSERT_TRUE(zone.ok()) << zone.status().message();
  ImportOptions options = OptionsFor("aliases-semicolon.csv");
  options.source_zone = *zone;
  Result<ImportOutput> output = ImportLcsLogins(Fixture("aliases-semicolon.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-11T07:00:00Z");
  EXPECT_EQ(output->events[0].record_id,
            "00000000-0000-0000-0000-000000000021|2024-06-11T07:00:00Z");
}

TEST(LcsLogins, SourceZoneKeepsExplicitUtc) {
  Result<const date::time_zone*> zone = LocateZone("Europe/Amsterdam");
  ASSERT_TRUE(zone.ok()) << zone.status().message();
  ImportOptions options = OptionsFor("aliases-tab.csv");
  options.source_zone = *zone;
  Result<ImportOutput> output = ImportLcsLogins(Fixture("aliases-tab.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-11T09:00:00Z");
}

TEST(LcsLogins, RepeatedHourWarning) {
  Result<const date::time_zone*> zone = LocateZone("Europe/Amsterdam");
  ASSERT_TRUE(zone.ok()) << zone.status().message();
  ImportOptions options = OptionsFor("autumn.csv");
  options.source_zone = *zone;
  Result<ImportOutput> output = ImportLcsLogins(
      "AADUserId,SessionStartTime,SessionEndTime\n"
      "00000000-0000-0000-0000-000000000021,2024-10-27 02:30:00,2024-10-27 04:00:00\n",
      options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-10-27T00:30:00Z");
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            "autumn.csv: 1 zone-less time(s) fall in the hour that Europe/Amsterdam repeats when "
            "the clocks go back, and were read as the earlier instant (first: line 2, value "
            "'2024-10-27 02:30:00')");
}

TEST(LcsLogins, ExportCapWarning) {
  Result<ImportOutput> output = ImportLcsLogins(GeneratedExport(5'000), OptionsFor("week.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 5'000);
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            "week.csv: 5,000 data rows, the Lifecycle Services export cap; the export is probably "
            "truncated (earliest session start in the file: 2024-06-10T12:00:00Z); narrow the "
            "query window and export again");
}

TEST(LcsLogins, BelowCapNoWarning) {
  Result<ImportOutput> output = ImportLcsLogins(GeneratedExport(4'999), OptionsFor("week.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 4'999);
  EXPECT_TRUE(output->warnings.empty());
}

TEST(LcsLogins, XlsxExport) {
  Result<ImportOutput> output = ImportFixture("user-login-events.xlsx");
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 3);
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.user_id, "7a1e3c52-9b4d-4f0e-8c21-5d6f7a8b9c01");
  EXPECT_EQ(FormatUtc(event.time), "2024-06-10T12:00:00Z");
  EXPECT_EQ(EndText(event), "2024-06-10T13:30:00Z");
  EXPECT_EQ(event.display_name, "Frank Martin");
  EXPECT_EQ(event.line, 2);
  EXPECT_EQ(output->events[1].end_kind, EndKind::kOpen);
  EXPECT_EQ(FormatUtc(output->events[2].time), "2024-06-11T09:00:00Z");
}

}  // namespace
}  // namespace signtrail
