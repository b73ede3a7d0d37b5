// Verify recomputes the derived rows (sessions, directory validity) from the
// entries and reports stored rows that differ. Ledger, by leaf index:
//   0 s1 (session event), 1 batch; 2 e1, 3 e2 (sign-ins of session k1),
//   4 batch; 5 a1 (directory version), 6 batch; 7 a1 renamed, 8 batch.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store_test_support.h"
#include "testing/test_files.h"
#include "verify_test_support.h"

namespace signtrail::testing {
namespace {

DirectoryBatch OneAccountSnapshot(std::string display_name, Instant effective_time,
                                  std::string file_sha256) {
  DirectoryUser user;
  user.account_id = "a1";
  user.login = "a1";
  user.display_name = std::move(display_name);
  user.raw = "a1," + user.display_name;
  user.line = 2;

  DirectoryBatch batch;
  batch.source = "d365-users:test";
  batch.format = "d365-users";
  batch.file_name = "users.csv";
  batch.file_sha256 = std::move(file_sha256);
  batch.effective_time = effective_time;
  batch.import.rows_read = 1;
  batch.import.users = {user};
  return batch;
}

class VerifyDerivedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenTestStore(db());
    ASSERT_NE(store_, nullptr);
    ASSERT_TRUE(store_
                    ->CommitSignInBatch(Batch({Session("s1", Utc(2024, 6, 3, 8),
                                                       Utc(2024, 6, 3, 9), "u1")},
                                              "lcs:test", std::string(64, '1')))
                    .ok());
    ASSERT_TRUE(store_
                    ->CommitSignInBatch(Batch({SignIn("e1", Utc(2024, 6, 4, 8), "u3", "k1"),
                                               SignIn("e2", Utc(2024, 6, 4, 9), "u3", "k1")},
                                              "entra:test", std::string(64, '2')))
                    .ok());
    ASSERT_TRUE(store_
                    ->CommitDirectoryBatch(
                        OneAccountSnapshot("Ann", Utc(2024, 6, 1), std::string(64, '3')))
                    .ok());
    ASSERT_TRUE(store_
                    ->CommitDirectoryBatch(
                        OneAccountSnapshot("Ann Lee", Utc(2024, 6, 5), std::string(64, '4')))
                    .ok());
  }

  std::filesystem::path db() const { return dir_ / "store.db"; }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(VerifyDerivedTest, IntactStorePasses) {
  VerifyReport report = VerifyOrFail(*store_);

  EXPECT_TRUE(report.ok()) << ::testing::PrintToString(FindingHeads(report));
  EXPECT_EQ(report.entries, 9u);
}

TEST_F(VerifyDerivedTest, ChangedSessionEnd) {
  ExecuteSql(db(), "UPDATE sessions SET end_time = end_time + 1 WHERE record_id = 's1'");

  VerifyReport report = VerifyOrFail(*store_);

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"derived-data-differs at index 0"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            "sessions row (source 'lcs:test', record id 's1') differs from the session "
            "recomputed from its events");
}

TEST_F(VerifyDerivedTest, ChangedGroupedSessionActivity) {
  ExecuteSql(db(), "UPDATE sessions SET last_activity = last_activity - 1 WHERE record_id = 'e1'");

  VerifyReport report = VerifyOrFail(*store_);

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"derived-data-differs at index 2"});
}

TEST_F(VerifyDerivedTest, DeletedSession) {
  ExecuteSql(db(), "DELETE FROM sessions WHERE record_id = 'e1'");

  VerifyReport report = VerifyOrFail(*store_);

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"derived-data-differs at index 2"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            "the events give a session (source 'entra:test', record id 'e1') that the sessions "
            "table lacks");
}

TEST_F(VerifyDerivedTest, InsertedSession) {
  ExecuteSql(db(), R"sql(
      INSERT INTO sessions (source, format, grouped, session_key, record_id, user_id, login_name,
                            display_name, start_time, end_time, end_kind, end_note,
                            last_activity, last_instant, client_address, application, result,
                            failure_reason, sign_in_type)
      SELECT source, format, grouped, session_key, 'ghost', user_id, login_name, display_name,
             start_time, end_time, end_kind, end_note, last_activity, last_instant,
             client_address, application, result, failure_reason, sign_in_type
      FROM sessions WHERE record_id = 's1')sql");

  VerifyReport report = VerifyOrFail(*store_);

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"derived-data-differs"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            "sessions row (source 'lcs:test', record id 'ghost') is not given by any stored "
            "event");
}

TEST_F(VerifyDerivedTest, ChangedEffectiveTo) {
  ExecuteSql(db(), fmt::format("UPDATE directory_versions SET effective_to = {} WHERE id = 1",
                               Utc(2024, 6, 9).micros()));

  VerifyReport report = VerifyOrFail(*store_);

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"derived-data-differs at index 5"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            "directory_versions row 1 (source 'd365-users:test', account 'a1'): effective_to is "
            "2024-06-09T00:00:00Z but the account's next version starts at 2024-06-05T00:00:00Z");
}

TEST_F(VerifyDerivedTest, ClosedCurrentVersion) {
  ExecuteSql(db(), fmt::format("UPDATE directory_versions SET effective_to = {} WHERE id = 2",
                               Utc(2024, 6, 9).micros()));

  VerifyReport report = VerifyOrFail(*store_);

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"derived-data-differs at index 7"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            "directory_versions row 2 (source 'd365-users:test', account 'a1'): effective_to is "
            "2024-06-09T00:00:00Z but the account's next version starts at none");
}

}  // namespace
}  // namespace signtrail::testing
