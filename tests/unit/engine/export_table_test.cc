#include "export/table_writer.h"

#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::At;

ReportRow Row(std::string user_id, std::string name, std::string_view start,
              std::optional<std::string_view> end) {
  ReportRow row;
  row.user_id = std::move(user_id);
  row.user_name = std::move(name);
  row.session_start = At(start);
  if (end) row.session_end = At(*end);
  row.end_kind = end ? EndKind::kRecorded : EndKind::kOpen;
  row.source = "lcs:contoso";
  row.result = "success";
  return row;
}

ReportSummary Summary(QueryKind kind, int64_t rows, int64_t users) {
  ReportSummary summary;
  summary.kind = kind;
  summary.window_start = At("2024-06-03T12:00:00Z");
  summary.window_end = At("2024-06-03T13:00:00Z");
  summary.rows = rows;
  summary.distinct_users = users;
  return summary;
}

std::string WriteTable(const std::vector<ReportRow>& rows, const ReportSummary& summary,
                       const date::time_zone* zone = nullptr) {
  std::ostringstream out;
  TableReportWriter writer(out, zone);
  for (const ReportRow& row : rows) EXPECT_TRUE(writer.AddRow(row).ok());
  EXPECT_TRUE(writer.Finish(summary).ok());
  return out.str();
}

TEST(TableReportWriter, AlignsColumnsAndFooter) {
  ReportRow alice = Row("alice-id", "Alice Adams", "2024-06-03T09:00:00Z", "2024-06-03T17:00:00Z");
  alice.login = "alice";
  alice.email = "alice@contoso.example";
  alice.client_ip = "2001:db8::10";
  alice.application = "Finance and Operations";
  const ReportRow bob = Row("bob-id", "", "2024-06-03T12:30:00Z", std::nullopt);
  ReportSummary summary = Summary(QueryKind::kSessionsOverlapping, 2, 2);
  summary.unmapped_ids = {"bob-id"};

  EXPECT_EQ(
      WriteTable({alice, bob}, summary),
      "User ID   Login  Name         Email                  Start                 End         "
      "          End kind  Source       Client IP     Application             Result\n"
      "--------  -----  -----------  ---------------------  --------------------  ------------"
      "--------  --------  -----------  ------------  ----------------------  -------\n"
      "alice-id  alice  Alice Adams  alice@contoso.example  2024-06-03T09:00:00Z  2024-06-03T1"
      "7:00:00Z  recorded  lcs:contoso  2001:db8::10  Finance and Operations  success\n"
      "bob-id                                               2024-06-03T12:30:00Z              "
      "          open      lcs:contoso                                        success\n"
      "\n"
      "Rows: 2\n"
      "Distinct users: 2\n"
      "Unmapped ids: 1\n"
      "  bob-id\n"
      "Window: sessions overlapping [2024-06-03T12:00:00Z, 2024-06-03T13:00:00Z), times in UTC\n");
}

TEST(TableReportWriter, EmptyReportKeepsCaptions) {
  EXPECT_EQ(WriteTable({}, Summary(QueryKind::kSignInsStarted, 0, 0)),
            "User ID  Login  Name  Email  Start  End  End kind  Source  Client IP  Application  "
            "Result\n"
            "-------  -----  ----  -----  -----  ---  --------  ------  ---------  -----------  "
            "------\n"
            "\n"
            "Rows: 0\n"
            "Distinct users: 0\n"
            "Unmapped ids: 0\n"
            "Window: sign-ins started in [2024-06-03T12:00:00Z, 2024-06-03T13:00:00Z), times in "
            "UTC\n");
}

TEST(TableReportWriter, TypeAndNoteColumns) {
  ReportRow refresh = Row("a", "", "2024-06-03T12:10:00Z", std::nullopt);
  refresh.sign_in_type = "nonInteractiveUser";
  ReportRow heartbeat = Row("b", "", "2024-06-03T12:20:00Z", "2024-06-03T12:35:00Z");
  heartbeat.end_kind = EndKind::kApproximate;
  heartbeat.end_note = "not logged off cleanly";

  const std::string table =
      WriteTable({refresh, heartbeat}, Summary(QueryKind::kSessionsOverlapping, 2, 2));

  EXPECT_EQ(table.substr(0, table.find("\n\n") + 1),
            "User ID  Login  Name  Email  Start                 End                   End kind    "
            " Source       Client IP  Application  Result   Type                Note\n"
            "-------  -----  ----  -----  --------------------  --------------------  -----------"
            "  -----------  ---------  -----------  -------  ------------------  ----------------"
            "------\n"
            "a                            2024-06-03T12:10:00Z                        open        "
            " lcs:contoso                          success  nonInteractiveUser\n"
            "b                            2024-06-03T12:20:00Z  2024-06-03T12:35:00Z  approximate "
            " lcs:contoso                          success                      not logged off "
            "cleanly\n");
}

TEST(TableReportWriter, FailureReasonIsNote) {
  ReportRow failed = Row("a", "", "2024-06-03T12:10:00Z", std::nullopt);
  failed.end_kind.reset();
  failed.result = "50126";
  failed.failure_reason = "Invalid username or password.";

  const std::string table = WriteTable({failed}, Summary(QueryKind::kFailedSignIns, 1, 1));

  EXPECT_EQ(table,
            "User ID  Login  Name  Email  Start                 End  End kind  Source       "
            "Client IP  Application  Result  Note\n"
            "-------  -----  ----  -----  --------------------  ---  --------  -----------  "
            "---------  -----------  ------  -----------------------------\n"
            "a                            2024-06-03T12:10:00Z                 lcs:contoso  "
            "                        50126   Invalid username or password.\n"
            "\n"
            "Rows: 1\n"
            "Distinct users: 1\n"
            "Unmapped ids: 0\n"
            "Window: failed sign-ins in [2024-06-03T12:00:00Z, 2024-06-03T13:00:00Z), times in "
            "UTC\n");
}

// "Zoë Ångström" is 12 code points in 15 bytes; the column is 12 wide.
TEST(TableReportWriter, WidthCountsCodePoints) {
  const ReportRow zoe = Row("z", "Zoë Ångström", "2024-06-03T12:10:00Z", std::nullopt);
  const ReportRow al = Row("al", "Al", "2024-06-03T12:20:00Z", std::nullopt);

  const std::string table = WriteTable({zoe, al}, Summary(QueryKind::kSessionsOverlapping, 2, 2));

  EXPECT_EQ(table.substr(0, table.find("\n\n") + 1),
            "User ID  Login  Name          Email  Start                 End  End kind  Source      "
            " Client IP  Application  Result\n"
            "-------  -----  ------------  -----  --------------------  ---  --------  ----------- "
            " ---------  -----------  -------\n"
            "z               Zoë Ångström         2024-06-03T12:10:00Z       open      lcs:contoso "
            "                         success\n"
            "al              Al                   2024-06-03T12:20:00Z       open      lcs:contoso "
            "                         success\n");
}

TEST(TableReportWriter, LongValuesAreNotTruncated) {
  const std::string long_id(80, 'f');
  ReportRow row = Row(long_id, "", "2024-06-03T12:10:00Z", std::nullopt);
  row.client_ip = "2001:0db8:85a3:0000:0000:8a2e:0370:7334";

  const std::string table = WriteTable({row}, Summary(QueryKind::kSessionsOverlapping, 1, 1));

  const size_t row_start = table.find(long_id + "  ");
  ASSERT_NE(row_start, std::string::npos);
  EXPECT_NE(table.find("  2001:0db8:85a3:0000:0000:8a2e:0370:7334  ", row_start), std::string::npos);
}

TEST(TableReportWriter, ControlCharactersEscaped) {
  const ReportRow row = Row("a", "evil\x1b[2Jname\n", "2024-06-03T12:10:00Z", std::nullopt);

  const std::string table = WriteTable({row}, Summary(QueryKind::kSessionsOverlapping, 1, 1));

  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_NE(table.find("  evil\\x1b[2Jname\\n  "), std::string::npos);
}

TEST(TableReportWriter, FooterListsEverything) {
  ReportSummary summary = Summary(QueryKind::kSessionsOverlapping, 3, 3);
  summary.window_start = At("2024-03-30T23:00:00Z");
  summary.window_end = At("2024-03-31T22:00:00Z");
  summary.unmapped_ids = {"00000000-0000-0000-0000-000000000098",
                          "00000000-0000-0000-0000-000000000099"};
  summary.ambiguities = {
      "2 D365 accounts share object id 00000000-0000-0000-0000-000000000031: jlee, jlee2"};
  summary.notices = {
      "non-interactive sign-ins not loaded for source entra:contoso in this window; load its "
      "non-interactive sign-in export too"};

  const std::string table = WriteTable({}, summary, date::locate_zone("Europe/Amsterdam"));

  EXPECT_EQ(table.substr(table.find("\n\n") + 2),
            "Rows: 3\n"
            "Distinct users: 3\n"
            "Unmapped ids: 2\n"
            "  00000000-0000-0000-0000-000000000098\n"
            "  00000000-0000-0000-0000-000000000099\n"
            "Ambiguous: 2 D365 accounts share object id 00000000-0000-0000-0000-000000000031: "
            "jlee, jlee2\n"
            "Notice: non-interactive sign-ins not loaded for source entra:contoso in this window; "
            "load its non-interactive sign-in export too\n"
            "Window: sessions overlapping [2024-03-31T00:00:00+01:00, 2024-04-01T00:00:00+02:00), "
            "times in Europe/Amsterdam\n");
}

TEST(TableReportWriter, FooterListsTwentyUnmappedIds) {
  ReportSummary summary = Summary(QueryKind::kSessionsOverlapping, 25, 25);
  for (int i = 0; i < 25; ++i) summary.unmapped_ids.push_back(fmt::format("id-{:02d}", i));

  const std::string table = WriteTable({}, summary);

  EXPECT_NE(table.find("Unmapped ids: 25\n  id-00\n"), std::string::npos);
  EXPECT_NE(table.find("  id-19\n  ... and 5 more; the user_id column of the rows names each\n"),
            std::string::npos);
  EXPECT_EQ(table.find("id-20"), std::string::npos);
}

TEST(TableReportWriter, WideNamesKeepColumnsAligned) {
  const ReportRow tanaka = Row("t-id", "田中太郎", "2024-06-03T12:10:00Z", std::nullopt);
  const ReportRow zoe = Row("z-id", "Zoë Ödegård", "2024-06-03T12:20:00Z", std::nullopt);

  const std::string table =
      WriteTable({tanaka, zoe}, Summary(QueryKind::kSessionsOverlapping, 2, 2));

  // 田中太郎 takes eight terminal columns and Zoë Ödegård eleven, so the
  // Name column is eleven wide and the wide name gets three spaces.
  EXPECT_EQ(table.substr(0, table.find("\n\n") + 1),
            "User ID  Login  Name         Email  Start                 End  End kind  Source"
            "       Client IP  Application  Result\n"
            "-------  -----  -----------  -----  --------------------  ---  --------  -----------"
            "  ---------  -----------  -------\n"
            "t-id            田中太郎            2024-06-03T12:10:00Z       open      "
            "lcs:contoso                          success\n"
            "z-id            Zoë Ödegård         2024-06-03T12:20:00Z       open      "
            "lcs:contoso                          success\n");
}

TEST(DescribeQueryWindow, NamesEachKind) {
  const Instant start = At("2024-06-03T12:00:00Z");
  const Instant end = At("2024-06-03T13:00:00Z");
  EXPECT_EQ(DescribeQueryWindow(QueryKind::kSessionsOverlapping, start, end, nullptr),
            "sessions overlapping [2024-06-03T12:00:00Z, 2024-06-03T13:00:00Z)");
  EXPECT_EQ(DescribeQueryWindow(QueryKind::kSignInsStarted, start, end, nullptr),
            "sign-ins started in [2024-06-03T12:00:00Z, 2024-06-03T13:00:00Z)");
  EXPECT_EQ(DescribeQueryWindow(QueryKind::kFailedSignIns, start, end, nullptr),
            "failed sign-ins in [2024-06-03T12:00:00Z, 2024-06-03T13:00:00Z)");
}

}  // namespace
}  // namespace signtrail
