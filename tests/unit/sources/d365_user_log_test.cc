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
  return ReadFileBytes(TestDataPath(fmt::format("d365-userlog/{}", name)));
}

Result<ImportOutput> ImportFixture(std::string_view name) {
  return ImportD365UserLog(Fixture(name), OptionsFor(name));
}

const date::time_zone* Brisbane() {
  Result<const date::time_zone*> zone = LocateZone("Australia/Brisbane");
  EXPECT_TRUE(zone.ok()) << zone.status().message();
  return zone.ok() ? *zone : nullptr;
}

std::string EndText(const SignInEvent& event) {
  return event.end.has_value() ? FormatUtc(*event.end) : "none";
}

TEST(D365UserLog, SessionIdResetsDaily) {
  Result<ImportOutput> output = ImportFixture("user-log.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);
  EXPECT_EQ(output->events[0].record_id, "fmartin|2024-06-01|5");
  EXPECT_EQ(output->events[1].record_id, "fmartin|2024-06-02|5");
}

TEST(D365UserLog, CleanLogoffIsApproximate) {
  Result<ImportOutput> output = ImportFixture("user-log.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.kind, EventKind::kSession);
  EXPECT_EQ(FormatUtc(event.time), "2024-06-01T08:00:00Z");
  EXPECT_EQ(EndText(event), "2024-06-01T09:14:00Z");
  EXPECT_EQ(event.end_kind, EndKind::kApproximate);
  EXPECT_EQ(event.end_note, "logoff approximate (\u00b115 min)");
}

TEST(D365UserLog, UncleanLogoffNote) {
  Result<ImportOutput> output = ImportFixture("user-log.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[1];
  EXPECT_EQ(FormatUtc(event.time), "2024-06-02T08:05:00Z");
  EXPECT_EQ(EndText(event), "2024-06-02T08:30:00Z");
  EXPECT_EQ(event.end_kind, EndKind::kApproximate);
  EXPECT_EQ(event.end_note, "logoff approximate (\u00b115 min), not logged off cleanly");
}

TEST(D365UserLog, BlankLogoffIsOpen) {
  Result<ImportOutput> output = ImportFixture("user-log.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[2];
  EXPECT_FALSE(event.end.has_value());
  EXPECT_EQ(event.end_kind, EndKind::kOpen);
  EXPECT_EQ(event.end_note, "");
  EXPECT_EQ(event.record_id, "dlee|2024-06-02|6");
}

TEST(D365UserLog, OptionalColumns) {
  Result<ImportOutput> output = ImportFixture("user-log.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.user_id, "fmartin");
  EXPECT_EQ(event.login_name, "fmartin");
  EXPECT_EQ(event.display_name, "Frank Martin");
  EXPECT_EQ(event.session_key, "5");
  EXPECT_EQ(event.application, "Web");
  EXPECT_EQ(event.client_address, "WKS-0142");
  EXPECT_EQ(event.line, 2);
  EXPECT_EQ(event.raw,
            "fmartin,Frank Martin,5,2024-06-01 08:00:00,2024-06-01 09:14:00,Yes,Web,WKS-0142");
}

TEST(D365UserLog, GridExportNeedsZone) {
  Result<ImportOutput> output = ImportFixture("grid-export-brisbane.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "grid-export-brisbane.csv: times like '5/1/2024 8:00:00 AM' are shown in the "
            "exporting user's time zone; pass --source-tz ZONE (for example --source-tz "
            "Australia/Brisbane)");
}

TEST(D365UserLog, GridExportInSourceZone) {
  ImportOptions options = OptionsFor("grid-export-brisbane.csv");
  options.source_zone = Brisbane();
  Result<ImportOutput> output = ImportD365UserLog(Fixture("grid-export-brisbane.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-04-30T22:00:00Z");
  EXPECT_EQ(EndText(output->events[0]), "2024-04-30T23:00:00Z");
  EXPECT_EQ(output->events[0].record_id, "fmartin|2024-04-30|7");
  EXPECT_EQ(FormatUtc(output->events[1].time), "2024-05-13T21:30:00Z");
}

TEST(D365UserLog, DataEntityIsUtc) {
  Result<ImportOutput> output = ImportFixture("data-entity.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-04-30T22:00:00Z");
  EXPECT_EQ(output->events[0].record_id, "fmartin|2024-04-30|7");
  EXPECT_EQ(output->events[0].display_name, "Frank Martin");
}

TEST(D365UserLog, GridAndEntityAgree) {
  ImportOptions grid_options = OptionsFor("grid-export-brisbane.csv");
  grid_options.source_zone = Brisbane();
  Result<ImportOutput> grid = ImportD365UserLog(Fixture("grid-export-brisbane.csv"), grid_options);
  Result<ImportOutput> entity = ImportFixture("data-entity.csv");
  ASSERT_TRUE(grid.ok()) << grid.status().message();
  ASSERT_TRUE(entity.ok()) << entity.status().message();
  ASSERT_FALSE(grid->events.empty());
  ASSERT_FALSE(entity->events.empty());
  EXPECT_EQ(grid->events[0].time, entity->events[0].time);
  EXPECT_EQ(grid->events[0].record_id, entity->events[0].record_id);
  EXPECT_EQ(grid->events[0].end, entity->events[0].end);
}

TEST(D365UserLog, SourceZoneAppliesToIsoValues) {
  ImportOptions options = OptionsFor("data-entity.csv");
  options.source_zone = Brisbane();
  Result<ImportOutput> output = ImportD365UserLog(Fixture("data-entity.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-04-30T12:00:00Z");
}

TEST(D365UserLog, SemicolonDelimiterAndAliases) {
  Result<ImportOutput> output = ImportFixture("semicolon.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "fmartin|2024-06-01|5");
  EXPECT_EQ(EndText(output->events[0]), "2024-06-01T09:14:00Z");
  EXPECT_EQ(output->events[0].end_note, "logoff approximate (\u00b115 min)");
}

TEST(D365UserLog, TabDelimiterAndAliases) {
  Result<ImportOutput> output = ImportFixture("tab.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].display_name, "Frank Martin");
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-01T08:00:00Z");
  EXPECT_EQ(output->events[0].end_note,
            "logoff approximate (\u00b115 min), not logged off cleanly");
}

TEST(D365UserLog, Utf8ByteOrderMark) {
  Result<ImportOutput> output = ImportFixture("bom-utf8.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].user_id, "fmartin");
  EXPECT_EQ(EndText(output->events[0]), "2024-06-01T09:14:00Z");
}

TEST(D365UserLog, Utf16LittleEndian) {
  Result<ImportOutput> output = ImportFixture("utf16le.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].display_name, "Zo\u00eb M\u00fcller");
  EXPECT_EQ(output->events[0].record_id, "zmuller|2024-06-01|12");
}

TEST(D365UserLog, QuotedNewlineKeepsLines) {
  Result<ImportOutput> output = ImportFixture("quoted-newline.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(output->events[0].display_name, "Frank\r\nMartin");
  EXPECT_EQ(output->events[1].line, 4);
  EXPECT_EQ(output->events[1].user_id, "dlee");
}

TEST(D365UserLog, LogoffBeforeLogonFails) {
  Result<ImportOutput> output = ImportFixture("end-before-start.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "end-before-start.csv:2: column 'Logoff date time': value '2024-06-01 07:45:00' is "
            "before the logon '2024-06-01 08:00:00'; the session cannot end before it starts");
}

TEST(D365UserLog, LogoffBeforeLogonSkipped) {
  ImportOptions options = OptionsFor("end-before-start.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output = ImportD365UserLog(Fixture("end-before-start.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 2);
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].line, 2);
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].user_id, "dlee");
}

TEST(D365UserLog, BadTimestampFails) {
  Result<ImportOutput> output = ImportFixture("bad-timestamp.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "bad-timestamp.csv:3: column 'Created date and time': value '2024-06-01 25:00:00' is "
            "not a valid timestamp (expected ISO 8601, M/D/YYYY h:mm[:ss] AM/PM, D.M.YYYY "
            "HH:mm[:ss] or YYYY-MM-DD HH:mm:ss)");
}

TEST(D365UserLog, BadTimestampSkipped) {
  ImportOptions options = OptionsFor("bad-timestamp.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output = ImportD365UserLog(Fixture("bad-timestamp.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 3);
  EXPECT_EQ(output->events.size(), 2u);
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].line, 3);
  EXPECT_EQ(output->rejects[0].raw, "dlee,6,2024-06-01 25:00:00,");
  EXPECT_EQ(output->rejects[0].reason,
            "column 'Created date and time': value '2024-06-01 25:00:00' is not a valid timestamp "
            "(expected ISO 8601, M/D/YYYY h:mm[:ss] AM/PM, D.M.YYYY HH:mm[:ss] or YYYY-MM-DD "
            "HH:mm:ss)");
}

TEST(D365UserLog, BadCleanValueFails) {
  Result<ImportOutput> output = ImportFixture("bad-clean-value.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            "bad-clean-value.csv:2: column 'Logged off cleanly': value 'maybe' is not valid "
            "(expected Yes/No, True/False or 1/0)");
}

TEST(D365UserLog, UndecidableDateOrderFails) {
  ImportOptions options = OptionsFor("ambiguous-order.csv");
  options.source_zone = Brisbane();
  Result<ImportOutput> output = ImportD365UserLog(Fixture("ambiguous-order.csv"), options);
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "ambiguous-order.csv: value '3/4/2024 8:00:00 AM' has an ambiguous day/month order "
            "and no value in the file decides it; pass --date-order mdy or --date-order dmy");
}

TEST(D365UserLog, RequestedDayFirstOrder) {
  ImportOptions options = OptionsFor("ambiguous-order.csv");
  options.source_zone = Brisbane();
  options.date_order = DateOrder::kDmy;
  Result<ImportOutput> output = ImportD365UserLog(Fixture("ambiguous-order.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-04-02T22:00:00Z");
  EXPECT_EQ(output->events[0].record_id, "fmartin|2024-04-02|5");
}

TEST(D365UserLog, DuplicateHeaderFirstWins) {
  Result<ImportOutput> output = ImportFixture("duplicate-header.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "fmartin|2024-06-01|5");
}

TEST(D365UserLog, HeaderSpacesIgnored) {
  Result<ImportOutput> output = ImportFixture("header-spacing.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "fmartin|2024-06-01|5");
  EXPECT_EQ(EndText(output->events[0]), "2024-06-01T09:14:00Z");
}

TEST(D365UserLog, EmptySessionIdRejected) {
  ImportOptions options = OptionsFor("empty-session.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output =
      ImportD365UserLog("User ID,Session ID,Logon\nfmartin,,2024-06-01 08:00:00\n", options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].reason,
            "column 'Session ID': empty value (every row needs a session id)");
}

TEST(D365UserLog, MissingSessionColumn) {
  Result<ImportOutput> output = ImportD365UserLog(
      "User ID,Created date and time\nfmartin,2024-06-01 08:00:00\n", OptionsFor("log.csv"));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            "log.csv: required column 'session id' not found (accepted names: Session ID, "
            "SessionId, Session); columns found: User ID, Created date and time");
}

TEST(D365UserLog, XlsxExport) {
  Result<ImportOutput> output = ImportFixture("user-log.xlsx");
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 3);
  ASSERT_EQ(output->events.size(), 3u);

  EXPECT_EQ(output->events[0].record_id, "fmartin|2024-06-01|5");
  EXPECT_EQ(EndText(output->events[0]), "2024-06-01T09:14:00Z");
  EXPECT_EQ(output->events[1].record_id, "fmartin|2024-06-02|5");
  EXPECT_EQ(output->events[1].end_note,
            "logoff approximate (\u00b115 min), not logged off cleanly");
  EXPECT_EQ(output->events[2].end_kind, EndKind::kOpen);
  EXPECT_EQ(output->events[2].line, 4);
}

}  // namespace
}  // namespace signtrail
