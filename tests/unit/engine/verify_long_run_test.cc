// Verify reads the events in one scan in id order and looks a row up only
// where the leaves ask for ids out of that order. These tests damage rows in
// the middle of a long run and move rows out of leaf order, so a scan that
// skipped or misread a row would show. The fixture's ledger, by leaf index:
//   0-99    events 1-100 (sign-ins e0-e99, sessions k0-k19), 100 batch 1
//   101-200 events 101-200 (sign-ins e100-e199, k20-k39), 201 batch 2
//   202-301 events 201-300 (session records s0-s99), 302 batch 3
// so events row N is leaf N - 1 up to row 100, N for rows 101-200 and N + 1
// for rows 201-300.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store_test_support.h"
#include "testing/test_files.h"
#include "verify_test_support.h"

namespace signtrail::testing {
namespace {

constexpr int kSignInsPerBatch = 100;

// Five sign-ins per session key, a minute apart, numbered from `first`.
std::vector<SignInEvent> SignIns(int first) {
  std::vector<SignInEvent> events;
  for (int i = first; i < first + kSignInsPerBatch; ++i) {
    events.push_back(SignIn(fmt::format("e{}", i), Utc(2024, 6, 4, 8, i % 60, i / 60),
                            fmt::format("u{}", i % 7), fmt::format("k{}", i / 5)));
  }
  return events;
}

std::vector<SignInEvent> Sessions() {
  std::vector<SignInEvent> events;
  for (int i = 0; i < kSignInsPerBatch; ++i) {
    events.push_back(Session(fmt::format("s{}", i), Utc(2024, 6, 5, 8, i % 60, i / 60),
                             Utc(2024, 6, 5, 10, i % 60), fmt::format("u{}", i % 7)));
  }
  return events;
}

// Gives events row `from` the id `to`, and moves its leaf along, so the
// store stays intact but its rows are in another order than its leaves.
std::string MoveEventSql(int from, int to) {
  return fmt::format(
      "UPDATE events SET id = {1} WHERE id = {0};"
      "UPDATE ledger_leaves SET row_id = {1} WHERE entry_type = 'event' AND row_id = {0};",
      from, to);
}

class VerifyLongRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenTestStore(db());
    ASSERT_NE(store_, nullptr);
    Commit(Batch(SignIns(0), "entra:test", std::string(64, '1')));
    Commit(Batch(SignIns(kSignInsPerBatch), "entra:test", std::string(64, '2')));
    Commit(Batch(Sessions(), "lcs:test", std::string(64, '3')));
  }

  void Commit(const SignInBatch& batch) {
    Result<BatchReport> report = store_->CommitSignInBatch(batch);
    ASSERT_TRUE(report.ok()) << report.status().message();
  }

  std::filesystem::path db() const { return dir_ / "store.db"; }
  VerifyReport Verify() { return VerifyOrFail(*store_); }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(VerifyLongRunTest, IntactStorePasses) {
  VerifyReport report = Verify();

  EXPECT_TRUE(report.ok()) << ::testing::PrintToString(FindingHeads(report));
  EXPECT_EQ(report.entries, 303u);
}

TEST_F(VerifyLongRunTest, ChangedRowMidRunIsEntryChanged) {
  // Row 146 is e145, the first sign-in of session k29, which takes its
  // login name.
  ExecuteSql(db(), "UPDATE events SET login_name = 'mallory' WHERE id = 146");

  VerifyReport report = Verify();

  EXPECT_EQ(
      FindingHeads(report),
      (std::vector<std::string>{"entry-changed at index 146", "derived-data-differs at index 146",
                                "checkpoints-inconsistent at index 146"}));
  ASSERT_FALSE(report.findings.empty());
  EXPECT_TRUE(report.findings[0].message.starts_with("events row 146 re-derives to leaf hash "))
      << report.findings[0].message;
}

TEST_F(VerifyLongRunTest, ChangedRawMidRunIsRawRecordChanged) {
  ExecuteSql(db(),
             "UPDATE events SET raw_zstd = (SELECT raw_zstd FROM events WHERE id = 240) "
             "WHERE id = 250");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"raw-record-changed at index 251"});
}

TEST_F(VerifyLongRunTest, ChangedLastSignInOfGroupIsDerivedDataDiffers) {
  // Session k29 is e145-e149 (leaves 146-150); its row names e145.
  ExecuteSql(db(),
             "UPDATE sessions SET last_activity = last_activity + 1 WHERE session_key = 'k29'");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"derived-data-differs at index 146"});
}

TEST_F(VerifyLongRunTest, ChangedSessionRecordMidRunIsDerivedDataDiffers) {
  ExecuteSql(db(), "UPDATE sessions SET end_note = 'edited' WHERE record_id = 's50'");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"derived-data-differs at index 252"});
}

TEST_F(VerifyLongRunTest, DeletedRunOfRowsIsEntryMissing) {
  // Session k5 (e25-e29, rows 26-30) loses its last sign-in, so its row,
  // named after e25 (leaf 25), differs.
  ExecuteSql(db(), "DELETE FROM events WHERE id BETWEEN 30 AND 170");

  VerifyReport report = Verify();

  EXPECT_EQ(
      FindingHeads(report),
      (std::vector<std::string>{"entry-missing at index 29", "derived-data-differs at index 25",
                                "checkpoints-inconsistent at index 29"}));
  ASSERT_FALSE(report.findings.empty());
  EXPECT_TRUE(
      report.findings[0].message.ends_with("(140 more entry-missing findings after this "
                                           "one)"))
      << report.findings[0].message;
}

TEST_F(VerifyLongRunTest, RowsOutOfLeafOrderPass) {
  // Row 10 swaps places with row 290, and rows 101-120 move past the end of
  // the table, so the leaves ask for ids behind, far ahead of and beyond the
  // scan.
  std::string sql = MoveEventSql(10, -10) + MoveEventSql(290, 10) + MoveEventSql(-10, 290);
  for (int id = 101; id <= 120; ++id) sql += MoveEventSql(id, id + 1000);
  ExecuteSql(db(), sql);

  VerifyReport report = Verify();

  EXPECT_TRUE(report.ok()) << ::testing::PrintToString(FindingHeads(report));
  EXPECT_EQ(report.entries, 303u);
}

TEST_F(VerifyLongRunTest, ChangedRowOutOfLeafOrderIsEntryChanged) {
  std::string sql = MoveEventSql(10, -10) + MoveEventSql(290, 10) + MoveEventSql(-10, 290);
  for (int id = 101; id <= 120; ++id) sql += MoveEventSql(id, id + 1000);
  // Row 290 now contains e9 (leaf 9) and row 1110 contains e109 (leaf 110).
  sql +=
      "UPDATE events SET user_id = 'mallory' WHERE id = 290;"
      "UPDATE events SET raw_length = raw_length + 1 WHERE id = 1110;";
  ExecuteSql(db(), sql);

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report),
            (std::vector<std::string>{"entry-changed at index 9", "raw-record-changed at index 110",
                                      "checkpoints-inconsistent at index 9"}));
  ASSERT_FALSE(report.findings.empty());
  EXPECT_TRUE(report.findings[0].message.starts_with("events row 290 re-derives to leaf hash "))
      << report.findings[0].message;
}

TEST_F(VerifyLongRunTest, UncoveredRowMidRunIsExtraEntry) {
  ExecuteSql(db(), R"sql(
      INSERT INTO events (id, batch_id, source, record_id, kind, time, end_time, end_kind,
                          end_note, user_id, login_name, display_name, session_key,
                          client_address, application, result_code, failure_reason, location,
                          sign_in_type, raw_zstd, raw_sha256, raw_length, line, byte_offset)
      SELECT 5000, batch_id, source, 'inserted', 'failed-sign-in', time, end_time, end_kind,
             end_note, user_id, login_name, display_name, session_key, client_address,
             application, '50126', failure_reason, location, sign_in_type, raw_zstd, raw_sha256,
             raw_length, line, byte_offset
      FROM events WHERE id = 150;
      UPDATE events SET id = 151 - 1000 WHERE id = 151;
      UPDATE ledger_leaves SET row_id = 151 - 1000 WHERE entry_type = 'event' AND row_id = 151;
      UPDATE events SET id = 151 WHERE id = 5000;)sql");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"extra-entry"});
  ASSERT_FALSE(report.findings.empty());
  EXPECT_EQ(report.findings[0].message,
            "events row 151 (event entry) is covered by no ledger leaf: it was added outside a "
            "commit");
}

}  // namespace
}  // namespace signtrail::testing
