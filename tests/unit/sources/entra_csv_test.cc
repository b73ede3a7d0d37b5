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

constexpr std::string_view kInteractive = "InteractiveSignIns_2024-06-01_2024-06-02.csv";
constexpr std::string_view kNonInteractive = "NonInteractiveSignIns_2024-06-01_2024-06-02.csv";
constexpr std::string_view kApplication = "ApplicationSignIns_2024-06-01_2024-06-02.csv";

ImportOptions OptionsFor(std::string_view file_name) {
  ImportOptions options;
  options.file_name = std::string(file_name);
  return options;
}

std::string Fixture(std::string_view name) {
  return ReadFileBytes(TestDataPath(fmt::format("entra-csv/{}", name)));
}

Result<ImportOutput> ImportFixture(std::string_view name) {
  return ImportEntraCsv(Fixture(name), OptionsFor(name));
}

const date::time_zone* Amsterdam() {
  Result<const date::time_zone*> zone = LocateZone("Europe/Amsterdam");
  EXPECT_TRUE(zone.ok()) << zone.status().message();
  return zone.ok() ? *zone : nullptr;
}

// A download of `count` sign-ins, newest first, whose oldest is at
// 2024-06-10T12:00:00Z.
std::string GeneratedDownload(int count) {
  const Instant oldest = Instant::FromSeconds(1'718'020'800);  // 2024-06-10T12:00:00Z
  std::string csv = "Date (UTC),Request ID,User,Status\r\n";
  for (int i = count - 1; i >= 0; --i) {
    const Instant time = oldest.PlusMicros(int64_t{i} * kMicrosPerSecond);
    csv += fmt::format("{},r{},alice@contoso.example,Success\r\n", FormatUtc(time), i);
  }
  return csv;
}

TEST(EntraCsv, ByteOrderMarkKnownAnswer) {
  Result<ImportOutput> output = ImportFixture("bom-minimal.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 1);
  ASSERT_EQ(output->events.size(), 1u);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.kind, EventKind::kSignIn);
  EXPECT_EQ(FormatUtc(event.time), "2024-06-01T08:00:00Z");
  EXPECT_EQ(event.user_id, "alice@contoso.example");
  EXPECT_EQ(event.display_name, "alice@contoso.example");
  EXPECT_EQ(event.result_code, "0");
  EXPECT_EQ(event.end_kind, EndKind::kOpen);
  EXPECT_EQ(event.raw, "2024-06-01T08:00:00Z,alice@contoso.example,Success");
}

TEST(EntraCsv, Utf16SameEvent) {
  Result<ImportOutput> utf8 = ImportFixture("bom-minimal.csv");
  Result<ImportOutput> utf16 = ImportFixture("bom-minimal-utf16le.csv");
  ASSERT_TRUE(utf8.ok()) << utf8.status().message();
  ASSERT_TRUE(utf16.ok()) << utf16.status().message();
  ASSERT_EQ(utf16->events.size(), 1u);
  ASSERT_EQ(utf8->events.size(), 1u);
  EXPECT_EQ(utf16->events[0].time, utf8->events[0].time);
  EXPECT_EQ(utf16->events[0].user_id, utf8->events[0].user_id);
  EXPECT_EQ(utf16->events[0].record_id, utf8->events[0].record_id);
  EXPECT_EQ(utf16->events[0].kind, EventKind::kSignIn);
}

TEST(EntraCsv, DownloadHeaderSuccess) {
  Result<ImportOutput> output = ImportFixture(kInteractive);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 3);
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.kind, EventKind::kSignIn);
  EXPECT_EQ(event.record_id, "0b6a3f5e-1c2d-4e5f-8a9b-0c1d2e3f4a01");
  EXPECT_EQ(FormatUtc(event.time), "2024-06-01T08:00:00Z");
  EXPECT_EQ(event.user_id, "5f1c2a3b-4d5e-4f60-8172-93a4b5c6d7e8");
  EXPECT_EQ(event.login_name, "dana@contoso.example");
  EXPECT_EQ(event.display_name, "Dana Lee");
  EXPECT_EQ(event.application, "Microsoft Teams");
  EXPECT_EQ(event.client_address, "203.0.113.10");
  EXPECT_EQ(event.location, "Melbourne, Victoria, AU");
  EXPECT_EQ(event.session_key, "9d2f6a1b-0c3e-4f5a-8b7c-6d5e4f3a2b1c");
  EXPECT_EQ(event.result_code, "0");
  EXPECT_EQ(event.failure_reason, "");
  EXPECT_EQ(event.sign_in_type, "interactiveUser");
  EXPECT_EQ(event.line, 2);
}

TEST(EntraCsv, DownloadHeaderFailure) {
  Result<ImportOutput> output = ImportFixture(kInteractive);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[1];
  EXPECT_EQ(event.kind, EventKind::kFailedSignIn);
  EXPECT_EQ(FormatUtc(event.time), "2024-06-01T08:05:12.345678Z");
  EXPECT_EQ(event.result_code, "50126");
  EXPECT_EQ(event.failure_reason,
            "Error validating credentials due to invalid username or password.");
  EXPECT_EQ(event.location, "Amsterdam, Noord-Holland, NL");
  EXPECT_EQ(event.user_id, output->events[0].user_id);
}

TEST(EntraCsv, InterruptedIsFailed) {
  Result<ImportOutput> output = ImportFixture(kInteractive);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);

  const SignInEvent& event = output->events[2];
  EXPECT_EQ(event.kind, EventKind::kFailedSignIn);
  EXPECT_EQ(event.result_code, "50074");
  EXPECT_EQ(event.failure_reason, "Strong Authentication is required.");
  EXPECT_EQ(event.session_key, "");
  EXPECT_EQ(event.login_name, "eli@partner.example");
}

TEST(EntraCsv, NonInteractiveFileName) {
  Result<ImportOutput> output = ImportFixture(kNonInteractive);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(output->events[0].sign_in_type, "nonInteractiveUser");
  EXPECT_EQ(output->events[1].sign_in_type, "nonInteractiveUser");
  EXPECT_EQ(FormatUtc(output->events[1].time), "2024-06-01T11:20:00Z");
  EXPECT_EQ(output->events[1].session_key, output->events[0].session_key);
}

TEST(EntraCsv, FileNameInsideFolder) {
  Result<ImportOutput> output = ImportEntraCsv(
      Fixture(kNonInteractive), OptionsFor(fmt::format("exports/june/{}", kNonInteractive)));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_FALSE(output->events.empty());
  EXPECT_EQ(output->events[0].sign_in_type, "nonInteractiveUser");
}

TEST(EntraCsv, UnknownFileNameNoType) {
  Result<ImportOutput> output = ImportEntraCsv(Fixture(kInteractive), OptionsFor("signins.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_FALSE(output->events.empty());
  EXPECT_EQ(output->events[0].sign_in_type, "");
}

TEST(EntraCsv, ServicePrincipalSignIn) {
  Result<ImportOutput> output = ImportFixture(kApplication);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.user_id, "c3d4e5f6-0000-4000-8000-00000000abcd");
  EXPECT_EQ(event.display_name, "Payroll sync");
  EXPECT_EQ(event.sign_in_type, "servicePrincipal");
  EXPECT_EQ(event.location, "Dublin, Dublin, IE");
}

TEST(EntraCsv, SemicolonDelimiter) {
  Result<ImportOutput> output = ImportFixture("semicolon.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "cc000000-0000-4000-8000-000000000001");
  EXPECT_EQ(output->events[0].user_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(output->events[0].login_name, "dana@contoso.example");
}

TEST(EntraCsv, TabDelimiterStatusOnly) {
  Result<ImportOutput> output = ImportFixture("tab.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.kind, EventKind::kFailedSignIn);
  EXPECT_EQ(event.result_code, "failure");
  EXPECT_EQ(event.user_id, "dana@contoso.example");
}

TEST(EntraCsv, QuotedNewlineKeepsLines) {
  Result<ImportOutput> output = ImportFixture("quoted-newline.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(output->events[0].failure_reason, "Account is locked.\r\nContact your administrator.");
  EXPECT_EQ(output->events[0].result_code, "50053");
  EXPECT_EQ(output->events[1].line, 4);
  EXPECT_EQ(output->events[1].kind, EventKind::kSignIn);
}

TEST(EntraCsv, ContentKeyWithoutRequestId) {
  Result<ImportOutput> output = ImportFixture("no-request-id.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id,
            "2024-06-01T08:00:00Z|00000000-0000-0000-0000-000000000021|Microsoft Teams|Success|"
            "203.0.113.10");
}

TEST(EntraCsv, BadTimestampFails) {
  Result<ImportOutput> output = ImportFixture("bad-timestamp.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "bad-timestamp.csv:3: column 'Date (UTC)': value 'yesterday' is not a valid timestamp "
            "(expected ISO 8601, M/D/YYYY h:mm[:ss] AM/PM, D.M.YYYY HH:mm[:ss] or YYYY-MM-DD "
            "HH:mm:ss)");
}

TEST(EntraCsv, BadTimestampSkipped) {
  ImportOptions options = OptionsFor("bad-timestamp.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output = ImportEntraCsv(Fixture("bad-timestamp.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 3);
  EXPECT_EQ(output->events.size(), 2u);
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].line, 3);
  EXPECT_EQ(output->rejects[0].raw,
            "yesterday,cc000000-0000-4000-8000-000000000006,00000000-0000-0000-0000-000000000021,"
            "Success");
  EXPECT_EQ(output->rejects[0].reason,
            "column 'Date (UTC)': value 'yesterday' is not a valid timestamp (expected ISO 8601, "
            "M/D/YYYY h:mm[:ss] AM/PM, D.M.YYYY HH:mm[:ss] or YYYY-MM-DD HH:mm:ss)");
}

TEST(EntraCsv, UndecidableDateOrderFails) {
  Result<ImportOutput> output = ImportFixture("ambiguous-order.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            "ambiguous-order.csv: value '3/4/2024 10:00:00 AM' has an ambiguous day/month order "
            "and no value in the file decides it; pass --date-order mdy or --date-order dmy");
}

TEST(EntraCsv, RequestedMonthFirstOrder) {
  ImportOptions options = OptionsFor("ambiguous-order.csv");
  options.date_order = DateOrder::kMdy;
  Result<ImportOutput> output = ImportEntraCsv(Fixture("ambiguous-order.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-03-04T10:00:00Z");
}

TEST(EntraCsv, ZonelessDateIsUtc) {
  Result<ImportOutput> output = ImportFixture("zoneless-date.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-01T10:00:00Z");
}

TEST(EntraCsv, ZonelessDateInSourceZone) {
  ImportOptions options = OptionsFor("zoneless-date.csv");
  options.source_zone = Amsterdam();
  Result<ImportOutput> output = ImportEntraCsv(Fixture("zoneless-date.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-01T08:00:00Z");
}

TEST(EntraCsv, UtcHeaderIgnoresSourceZone) {
  ImportOptions options = OptionsFor("utc-header.csv");
  options.source_zone = Amsterdam();
  Result<ImportOutput> output = ImportEntraCsv(
      "Date (UTC),User,Status\n2024-06-01 10:00:00,alice@contoso.example,Success\n", options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-01T10:00:00Z");
}

TEST(EntraCsv, EventTypeColumnWins) {
  Result<ImportOutput> output =
      ImportEntraCsv(Fixture("event-type-column.csv"), OptionsFor("InteractiveSignIns_x.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(output->events[0].sign_in_type, "nonInteractiveUser");
  EXPECT_EQ(output->events[1].sign_in_type, "interactiveUser");
}

TEST(EntraCsv, StatusTextWithoutCode) {
  ImportOptions options = OptionsFor("status-only.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output = ImportEntraCsv(Fixture("status-only.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.kind, EventKind::kFailedSignIn);
  EXPECT_EQ(event.result_code, "interrupted");
  EXPECT_EQ(event.failure_reason, "Strong Authentication is required.");
}

TEST(EntraCsv, NoResultRejected) {
  ImportOptions options = OptionsFor("status-only.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output = ImportEntraCsv(Fixture("status-only.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].line, 3);
  EXPECT_EQ(output->rejects[0].reason,
            "no sign-in result: the status and sign-in error code are both empty or absent");
}

TEST(EntraCsv, MissingUserColumn) {
  Result<ImportOutput> output = ImportFixture("no-user-column.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "no-user-column.csv: required column 'user' not found (accepted names: User ID, "
            "Username, User principal name, User, Service principal ID); columns found: Date "
            "(UTC), Request ID, Status");
}

TEST(EntraCsv, MissingTimeColumn) {
  Result<ImportOutput> output =
      ImportEntraCsv("User,Status\nalice@contoso.example,Success\n", OptionsFor("x.csv"));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            "x.csv: required column 'time' not found (accepted names: Date (UTC), Date, "
            "CreatedDateTime); columns found: User, Status");
}

TEST(EntraCsv, UserIdFallbacks) {
  ImportOptions options = OptionsFor("user-fallback.csv");
  options.on_error = OnError::kSkip;
  Result<ImportOutput> output = ImportEntraCsv(Fixture("user-fallback.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(output->events[0].user_id, "dana@contoso.example");
  EXPECT_EQ(output->events[1].user_id, "Dana Lee");
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].reason,
            "no user: every user column is empty ('User ID', 'Username', 'User')");
}

TEST(EntraCsv, FiveThousandRowCap) {
  Result<ImportOutput> output = ImportEntraCsv(GeneratedDownload(5'000), OptionsFor("june.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            "june.csv: 5,000 data rows, a download cap of the Entra admin center; the download "
            "is probably truncated (earliest sign-in in the file: 2024-06-10T12:00:00Z); narrow "
            "the date range and download again");
}

TEST(EntraCsv, QuarterMillionRowCap) {
  Result<ImportOutput> output = ImportEntraCsv(GeneratedDownload(250'000), OptionsFor("june.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 250'000);
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            "june.csv: 250,000 data rows, a download cap of the Entra admin center; the download "
            "is probably truncated (earliest sign-in in the file: 2024-06-10T12:00:00Z); narrow "
            "the date range and download again");
}

TEST(EntraCsv, BelowCapNoWarning) {
  Result<ImportOutput> output = ImportEntraCsv(GeneratedDownload(4'999), OptionsFor("june.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(output->warnings.empty());
}

}  // namespace
}  // namespace signtrail
