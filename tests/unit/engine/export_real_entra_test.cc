// Reports built from real Entra sign-in records in the Azure Monitor
// diagnostic format, copied from the elastic/integrations repository
// (packages/azure/data_stream/signinlogs test pipeline files). The test reads
// the few fields a report needs with simdjson, so it does not depend on the
// entra-json importer.

#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <simdjson.h>

#include "export/csv_writer.h"
#include "export/jsonl_writer.h"
#include "export/table_writer.h"
#include "fake_store.h"
#include "query/signin_report.h"
#include "report_fixtures.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using testing::Account;
using testing::At;
using testing::FakeStore;
using testing::MakeBatch;
using testing::MakeDirectoryBatch;
using testing::ReadFileBytes;
using testing::RealDataPath;

// The first line of a file of one-record-per-line JSON.
std::string FirstLine(const std::string& bytes) { return bytes.substr(0, bytes.find('\n')); }

std::string Text(simdjson::dom::element element, const char* key) {
  return std::string(element[key].get_string().value());
}

// Builds the event for one diagnostic record. `time` is the record's `time`
// value truncated to microseconds; the test checks the file's text first.
SignInEvent EventFromRecord(const std::string& json, Instant time) {
  simdjson::dom::parser parser;
  const simdjson::dom::element record = parser.parse(json).value();
  const simdjson::dom::element properties = record["properties"].value();
  const int64_t error_code = properties["status"]["errorCode"].get_int64().value();

  SignInEvent event;
  event.record_id = Text(properties, "id");
  event.kind = error_code == 0 ? EventKind::kSignIn : EventKind::kFailedSignIn;
  event.time = time;
  event.user_id = Text(properties, "userId");
  event.login_name = Text(properties, "userPrincipalName");
  event.display_name = Text(properties, "userDisplayName");
  event.client_address = Text(properties, "ipAddress");
  event.application = Text(properties, "appDisplayName");
  event.result_code = std::to_string(error_code);
  if (error_code != 0) event.failure_reason = Text(properties["status"], "failureReason");
  if (Text(record, "category") == "NonInteractiveUserSignInLogs") {
    event.sign_in_type = "nonInteractiveUser";
  }
  event.raw = json;
  return event;
}

TEST(RealEntraReport, FailedSignInAsCsv) {
  const std::string line =
      FirstLine(ReadFileBytes(RealDataPath("entra/test-signinlogs-raw.log")));
  ASSERT_NE(line.find("\"time\":\"2019-10-18T09:45:48.0729893Z\""), std::string::npos);
  FakeStore store;
  ASSERT_TRUE(store
                  .CommitSignInBatch(MakeBatch(
                      "entra:elastic", "entra-json",
                      {EventFromRecord(line, At("2019-10-18T09:45:48.072989Z"))}))
                  .ok());
  SignInQuery query;
  query.window_start = At("2019-10-18T00:00:00Z");
  query.window_end = At("2019-10-19T00:00:00Z");
  query.failed = true;
  std::ostringstream out;
  CsvReportWriter writer(out, {});

  Result<ReportSummary> summary = RunSignInReport(store, query, writer);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(out.str(),
            "user_id,login,user_name,email,session_start,session_end,end_kind,source,client_ip,"
            "application,result\r\n"
            "8a4de8b5-095c-47d0-a96f-a75130c61d53,,,,2019-10-18T09:45:48.072989Z,,,"
            "entra:elastic,81.2.69.144,Office 365,50140\r\n");
  EXPECT_EQ(summary->unmapped_ids,
            (std::vector<std::string>{"8a4de8b5-095c-47d0-a96f-a75130c61d53"}));
}

// The non-interactive record, mapped through a constructed Entra users export
// that lists its user.
class RealNonInteractive : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string json =
        ReadFileBytes(RealDataPath("entra/test-non-interactive-user-signin.log"));
    ASSERT_NE(json.find("\"time\":\"2022-03-17T09:44:46.3097429Z\""), std::string::npos);
    ASSERT_TRUE(store_
                    .CommitSignInBatch(MakeBatch(
                        "entra:cyberfort", "entra-json",
                        {EventFromRecord(json, At("2022-03-17T09:44:46.309742Z"))}))
                    .ok());
    DirectoryUser user = Account("da495378-1cbd-450f-997c-5393402e41f8",
                                 "da495378-1cbd-450f-997c-5393402e41f8",
                                 "nikhita.sethi@cyberfortgroup.com", "Nikhita Sethi",
                                 "nikhita.sethi@cyberfortgroup.com");
    user.user_type = "Member";
    ASSERT_TRUE(store_
                    .CommitDirectoryBatch(MakeDirectoryBatch("entra-users:cyberfort",
                                                             "entra-users",
                                                             At("2022-01-01T00:00:00Z"), {user}))
                    .ok());
    query_.window_start = At("2022-03-17T00:00:00Z");
    query_.window_end = At("2022-03-18T00:00:00Z");
  }

  FakeStore store_;
  SignInQuery query_;
};

TEST_F(RealNonInteractive, JsonLine) {
  std::ostringstream out;
  JsonlReportWriter writer(out, nullptr);

  Result<ReportSummary> summary = RunSignInReport(store_, query_, writer);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(out.str(),
            "{\"user_id\":\"da495378-1cbd-450f-997c-5393402e41f8\","
            "\"login\":\"nikhita.sethi@cyberfortgroup.com\",\"user_name\":\"Nikhita Sethi\","
            "\"email\":\"nikhita.sethi@cyberfortgroup.com\","
            "\"session_start\":\"2022-03-17T09:44:46.309742Z\",\"session_end\":null,"
            "\"end_kind\":\"open\",\"source\":\"entra:cyberfort\",\"client_ip\":\"81.2.69.143\","
            "\"application\":\"Microsoft Edge Enterprise New Tab Page\",\"result\":\"success\"}\n");
  EXPECT_TRUE(summary->notices.empty());
}

TEST_F(RealNonInteractive, TableInLondon) {
  std::ostringstream out;
  TableReportWriter writer(out, date::locate_zone("Europe/London"));

  ASSERT_TRUE(RunSignInReport(store_, query_, writer).ok());

  EXPECT_EQ(out.str(),
            "User ID                               Login                             Name         "
            "  Email                             Start                             End  End kind  "
            "Source           Client IP    Application                             Result   User type  "
            "Type\n"
            "------------------------------------  --------------------------------  -------------"
            "  --------------------------------  --------------------------------  ---  --------  "
            "---------------  -----------  --------------------------------------  -------  "
            "---------  ------------------\n"
            "da495378-1cbd-450f-997c-5393402e41f8  nikhita.sethi@cyberfortgroup.com  Nikhita Sethi"
            "  nikhita.sethi@cyberfortgroup.com  2022-03-17T09:44:46.309742+00:00       open      "
            "entra:cyberfort  81.2.69.143  Microsoft Edge Enterprise New Tab Page  success  "
            "Member     nonInteractiveUser\n"
            "\n"
            "Rows: 1\n"
            "Distinct users: 1\n"
            "Unmapped ids: 0\n"
            "Window: sessions overlapping [2022-03-17T00:00:00+00:00, 2022-03-18T00:00:00+00:00), "
            "times in Europe/London\n");
}

}  // namespace
}  // namespace signtrail
