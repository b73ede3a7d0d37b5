// Verify on a store damaged through a second SQLite connection, one kind of
// damage per test. The fixture's ledger, by leaf index:
//   0 s1, 1 s2 (session events), 2 their batch        (checkpoint size 3)
//   3 e1, 4 e2 (sign-ins of session k1), 5 batch       (checkpoint size 6)
//   6 a1, 7 a2 (directory versions), 8 batch           (checkpoint size 9)
//   9 a1 renamed (closes version 6), 10 batch          (checkpoint size 11)

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store_test_support.h"
#include "testing/test_files.h"
#include "verify_test_support.h"

namespace signtrail::testing {
namespace {

DirectoryUser Account(std::string account_id, std::string display_name, int64_t line) {
  DirectoryUser user;
  user.account_id = account_id;
  user.object_id = "object-" + account_id;
  user.login = account_id;
  user.display_name = std::move(display_name);
  user.email = account_id + "@contoso.example";
  user.enabled = true;
  user.raw = fmt::format("{},{}", account_id, user.display_name);
  user.line = line;
  return user;
}

DirectoryBatch Snapshot(std::vector<DirectoryUser> users, Instant effective_time,
                        std::string file_sha256) {
  DirectoryBatch batch;
  batch.source = "d365-users:test";
  batch.format = "d365-users";
  batch.file_name = "users.csv";
  batch.file_sha256 = std::move(file_sha256);
  batch.effective_time = effective_time;
  batch.import.rows_read = static_cast<int64_t>(users.size());
  batch.import.users = std::move(users);
  return batch;
}

class VerifyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenTestStore(db());
    ASSERT_NE(store_, nullptr);
    Commit(Batch({Session("s1", Utc(2024, 6, 3, 8), Utc(2024, 6, 3, 9), "u1"),
                  Session("s2", Utc(2024, 6, 3, 10), Utc(2024, 6, 3, 11), "u2")},
                 "lcs:test", std::string(64, '1')));
    Commit(Batch({SignIn("e1", Utc(2024, 6, 4, 8), "u3", "k1"),
                  SignIn("e2", Utc(2024, 6, 4, 9), "u3", "k1")},
                 "entra:test", std::string(64, '2')));
    CommitDirectory(Snapshot({Account("a1", "Ann", 2), Account("a2", "Bob", 3)},
                             Utc(2024, 6, 1), std::string(64, '3')));
    CommitDirectory(
        Snapshot({Account("a1", "Ann Lee", 2)}, Utc(2024, 6, 5), std::string(64, '4')));
  }

  void Commit(const SignInBatch& batch) {
    Result<BatchReport> report = store_->CommitSignInBatch(batch);
    ASSERT_TRUE(report.ok()) << report.status().message();
  }

  void CommitDirectory(const DirectoryBatch& batch) {
    Result<DirectoryReport> report = store_->CommitDirectoryBatch(batch);
    ASSERT_TRUE(report.ok()) << report.status().message();
  }

  std::filesystem::path db() const { return dir_ / "store.db"; }
  VerifyReport Verify() { return VerifyOrFail(*store_); }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(VerifyStoreTest, IntactStorePasses) {
  VerifyReport report = Verify();

  EXPECT_TRUE(report.ok()) << ::testing::PrintToString(FindingHeads(report));
  EXPECT_EQ(report.entries, 11u);
  EXPECT_EQ(report.checkpoints, 5u);
  EXPECT_EQ(report.trusted_checkpoints, 0u);
}

TEST_F(VerifyStoreTest, ChangedUserIdIsEntryChanged) {
  ExecuteSql(db(), "UPDATE events SET user_id = 'u9' WHERE record_id = 's2'");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report),
            (std::vector<std::string>{"entry-changed at index 1", "derived-data-differs at index 1",
                                      "checkpoints-inconsistent at index 1"}));
  ASSERT_FALSE(report.findings.empty());
  EXPECT_TRUE(report.findings[0].message.starts_with("events row 2 re-derives to leaf hash "))
      << report.findings[0].message;
}

TEST_F(VerifyStoreTest, DeletedEventIsEntryMissing) {
  ExecuteSql(db(), "DELETE FROM events WHERE record_id = 's2'");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report),
            (std::vector<std::string>{"entry-missing at index 1", "derived-data-differs",
                                      "checkpoints-inconsistent at index 1"}));
}

TEST_F(VerifyStoreTest, SwappedEventsAreReordered) {
  // Every column but id, so that each row gets the other's whole content.
  const std::string columns =
      "batch_id, source, record_id, kind, time, end_time, end_kind, end_note, user_id, "
      "login_name, display_name, session_key, client_address, application, result_code, "
      "failure_reason, location, sign_in_type, raw_zstd, raw_sha256, raw_length, line, "
      "byte_offset";
  ExecuteSql(db(), fmt::format(R"sql(
      CREATE TEMP TABLE original AS SELECT * FROM events WHERE id IN (1, 2);
      UPDATE events SET record_id = 'moving-' || id WHERE id IN (1, 2);
      UPDATE events SET ({0}) = (SELECT {0} FROM original o WHERE o.id = 3 - events.id)
      WHERE id IN (1, 2);)sql",
                               columns));

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), (std::vector<std::string>{"entries-reordered at index 0",
                                                            "checkpoints-inconsistent at index 0"}));
  ASSERT_FALSE(report.findings.empty());
  EXPECT_EQ(report.findings[0].message,
            "events row 1 (leaf 0) re-derives to the entry committed as leaf 1: rows were swapped "
            "or reordered (1 more entries-reordered finding after this one)");
}

TEST_F(VerifyStoreTest, ReplacedRawIsRawRecordChanged) {
  ExecuteSql(db(), R"sql(
      UPDATE events SET raw_zstd = (SELECT raw_zstd FROM events WHERE record_id = 's1')
      WHERE record_id = 's2')sql");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"raw-record-changed at index 1"});
}

TEST_F(VerifyStoreTest, DamagedRawFrameIsRawRecordChanged) {
  ExecuteSql(db(), "UPDATE events SET raw_zstd = x'00' WHERE record_id = 'e2'");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"raw-record-changed at index 4"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_TRUE(report.findings[0].message.starts_with(
      "the raw record of events row 4 (leaf 4) cannot be decompressed: "))
      << report.findings[0].message;
}

TEST_F(VerifyStoreTest, ChangedDirectoryRawIsRawRecordChanged) {
  ExecuteSql(db(), R"sql(
      UPDATE directory_versions SET raw_zstd = (SELECT raw_zstd FROM events WHERE id = 1)
      WHERE id = 2)sql");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"raw-record-changed at index 7"});
}

TEST_F(VerifyStoreTest, InsertedEventIsExtraEntry) {
  ExecuteSql(db(), R"sql(
      INSERT INTO events (batch_id, source, record_id, kind, time, end_time, end_kind, end_note,
                          user_id, login_name, display_name, session_key, client_address,
                          application, result_code, failure_reason, location, sign_in_type,
                          raw_zstd, raw_sha256, raw_length, line, byte_offset)
      SELECT batch_id, source, 's3', kind, time, end_time, end_kind, end_note, user_id,
             login_name, display_name, session_key, client_address, application, result_code,
             failure_reason, location, sign_in_type, raw_zstd, raw_sha256, raw_length, line,
             byte_offset
      FROM events WHERE record_id = 's1')sql");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report),
            (std::vector<std::string>{"extra-entry", "derived-data-differs"}));
  ASSERT_FALSE(report.findings.empty());
  EXPECT_EQ(report.findings[0].message,
            "events row 5 (event entry) is covered by no ledger leaf: it was added outside a "
            "commit");
}

TEST_F(VerifyStoreTest, ChangedNodeIsTreeDamaged) {
  ExecuteSql(db(), "UPDATE ledger_nodes SET hash = zeroblob(32) WHERE level = 1 AND idx = 1");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"tree-damaged at index 2"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_TRUE(report.findings[0].message.starts_with(
      "ledger_nodes node at level 1, index 1 (leaves 2 to 3) is "
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= but the stored leaf hashes give "))
      << report.findings[0].message;
}

TEST_F(VerifyStoreTest, DeletedNodeIsTreeDamaged) {
  ExecuteSql(db(), "DELETE FROM ledger_nodes WHERE level = 2 AND idx = 1");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"tree-damaged at index 4"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            "ledger_nodes lacks the node at level 2, index 1 (leaves 4 to 7)");
}

TEST_F(VerifyStoreTest, NodeOutsideTreeIsTreeDamaged) {
  ExecuteSql(db(), "INSERT INTO ledger_nodes (level, idx, hash) VALUES (1, 40, zeroblob(32))");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"tree-damaged"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            "ledger_nodes contains 1 node outside the tree of 11 leaves (the first at level 1, "
            "index 40)");
}

TEST_F(VerifyStoreTest, ChangedLeafHashIsEntryChanged) {
  ExecuteSql(db(), "UPDATE ledger_leaves SET leaf_hash = zeroblob(32) WHERE idx = 4");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report),
            (std::vector<std::string>{"entry-changed at index 4", "tree-damaged at index 4"}));
}

TEST_F(VerifyStoreTest, DeletedLeafRowIsEntryMissing) {
  ExecuteSql(db(), "DELETE FROM ledger_leaves WHERE idx = 4");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report),
            (std::vector<std::string>{"entry-missing at index 4", "extra-entry",
                                      "checkpoints-inconsistent at index 4"}));
  ASSERT_FALSE(report.findings.empty());
  EXPECT_EQ(report.findings[0].message, "ledger_leaves has no row for index 4, below the leaf 5");
}

TEST_F(VerifyStoreTest, ChangedCheckpointNoteIsSignatureInvalid) {
  ExecuteSql(db(), R"sql(
      UPDATE checkpoints SET signed_note = replace(signed_note, char(10) || '6' || char(10),
                                                   char(10) || '7' || char(10))
      WHERE tree_size = 6)sql");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"checkpoint-signature-invalid"});
}

TEST_F(VerifyStoreTest, ChangedCheckpointColumnIsInconsistent) {
  ExecuteSql(db(), "UPDATE checkpoints SET root = zeroblob(32) WHERE tree_size = 6");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"checkpoints-inconsistent"});
}

TEST_F(VerifyStoreTest, ShrinkingCheckpointIsInconsistent) {
  ExecuteSql(db(), "UPDATE checkpoints SET tree_size = 2 WHERE tree_size = 6");

  VerifyReport report = Verify();

  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].kind, FindingKind::kCheckpointsInconsistent);
  EXPECT_TRUE(report.findings[0].message.starts_with(
      "checkpoint 3 has size 2, smaller than the size 3 of the checkpoint before it"))
      << report.findings[0].message;
}

TEST_F(VerifyStoreTest, DeletedIdentityIsSignatureInvalid) {
  ExecuteSql(db(), "DELETE FROM ledger_meta");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"checkpoint-signature-invalid"});
}

TEST_F(VerifyStoreTest, UncheckpointedLeavesAreExtra) {
  ExecuteSql(db(), "DELETE FROM checkpoints WHERE tree_size = 11");

  VerifyReport report = Verify();

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"extra-entry at index 9"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            "leaves 9 to 10 are covered by no checkpoint (the newest has size 9): they were "
            "appended outside a commit");
}

TEST_F(VerifyStoreTest, VerifyLeavesStoreUnchanged) {
  const std::string before = DumpDatabase(db());

  VerifyReport report = Verify();

  EXPECT_TRUE(report.ok());
  EXPECT_EQ(DumpDatabase(db()), before);
}

// Verify rebuilds sessions into a TEMP table named like the stored one; a
// commit after it must write the stored table again.
TEST_F(VerifyStoreTest, CommitAfterVerifyWritesSessions) {
  ASSERT_TRUE(Verify().ok());

  Commit(Batch({Session("s3", Utc(2024, 6, 6, 8), Utc(2024, 6, 6, 9), "u1")}, "lcs:test",
               std::string(64, '5')));

  EXPECT_EQ(QueryInt(db(), "SELECT count(*) FROM sessions WHERE record_id = 's3'"), 1);
  EXPECT_TRUE(Verify().ok());
}

}  // namespace
}  // namespace signtrail::testing
