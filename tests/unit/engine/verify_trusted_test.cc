// Verify with trusted checkpoints, kept outside the store. Ledger, by leaf
// index: 0 s1, 1 s2, 2 batch (checkpoint size 3); 3 s3, 4 batch
// (checkpoint size 5). The trusted checkpoint is the one of size 5.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ledger/checkpoint.h"
#include "ledger/hash.h"
#include "ledger/note.h"
#include "store_test_support.h"
#include "testing/test_files.h"
#include "verify_test_support.h"

namespace signtrail::testing {
namespace {

class VerifyTrustedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenTestStore(db());
    ASSERT_NE(store_, nullptr);
    Commit({Session("s1", Utc(2024, 6, 3, 8), Utc(2024, 6, 3, 9), "u1"),
            Session("s2", Utc(2024, 6, 3, 10), Utc(2024, 6, 3, 11), "u2")},
           '1');
    Commit({Session("s3", Utc(2024, 6, 4, 8), Utc(2024, 6, 4, 9), "u1")}, '2');
    trusted_ = TrustedCheckpoint{"trusted.txt", LatestNote()};
  }

  void Commit(std::vector<SignInEvent> events, char file_digit) {
    Result<BatchReport> report = store_->CommitSignInBatch(
        Batch(std::move(events), "lcs:test", std::string(64, file_digit)));
    ASSERT_TRUE(report.ok()) << report.status().message();
  }

  std::string LatestNote() {
    Result<std::vector<StoredCheckpoint>> checkpoints = store_->ListCheckpoints();
    EXPECT_TRUE(checkpoints.ok());
    EXPECT_FALSE(checkpoints.ok() && checkpoints->empty());
    return checkpoints.ok() && !checkpoints->empty() ? checkpoints->back().signed_note : "";
  }

  // Deletes the second batch and every row that depends on it, as someone
  // with write access to the file would, leaving a consistent store of 3
  // entries.
  void DeleteNewestBatch() {
    ExecuteSql(db(), R"sql(
        DELETE FROM sessions WHERE record_id = 's3';
        DELETE FROM events WHERE record_id = 's3';
        DELETE FROM batches WHERE id = 2;
        DELETE FROM ledger_leaves WHERE idx >= 3;
        DELETE FROM ledger_nodes WHERE ((idx + 1) << level) > 3;
        DELETE FROM checkpoints WHERE tree_size > 3;)sql");
  }

  // Signs `body` with the store's own key.
  std::string SignWithStoreKey(const std::string& body) {
    Result<std::string> note = ledger::SignNote(body, TestSigner(db()));
    EXPECT_TRUE(note.ok()) << note.status().message();
    return note.ok() ? *note : "";
  }

  std::filesystem::path db() const { return dir_ / "store.db"; }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  TrustedCheckpoint trusted_;
};

TEST_F(VerifyTrustedTest, LatestCheckpointPasses) {
  VerifyReport report = VerifyOrFail(*store_, {trusted_});

  EXPECT_TRUE(report.ok()) << ::testing::PrintToString(FindingHeads(report));
  EXPECT_EQ(report.trusted_checkpoints, 1u);
}

TEST_F(VerifyTrustedTest, EmptyTreeCheckpointPasses) {
  ledger::Checkpoint empty{std::string(kTestOrigin), 0, ledger::EmptyRoot()};
  TrustedCheckpoint trusted{"empty.txt", SignWithStoreKey(ledger::FormatCheckpointBody(empty))};

  VerifyReport report = VerifyOrFail(*store_, {trusted});

  EXPECT_TRUE(report.ok()) << ::testing::PrintToString(FindingHeads(report));
}

TEST_F(VerifyTrustedTest, EmptyTreeWithOtherRoot) {
  ledger::Checkpoint forged{std::string(kTestOrigin), 0, ledger::HashLeaf("")};
  TrustedCheckpoint trusted{"zero.txt", SignWithStoreKey(ledger::FormatCheckpointBody(forged))};

  VerifyReport report = VerifyOrFail(*store_, {trusted});

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"trusted-checkpoint-mismatch"});
}

TEST_F(VerifyTrustedTest, TailDeletionIsStoreShorter) {
  DeleteNewestBatch();

  VerifyReport report = VerifyOrFail(*store_, {trusted_});

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"store-shorter-than-trusted at index 3"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            "store has 3 entries but trusted checkpoint trusted.txt has 5: the newest entries "
            "were deleted");
}

// Without a checkpoint kept elsewhere, a consistent deletion of the newest
// entries leaves nothing to detect it by.
TEST_F(VerifyTrustedTest, TailDeletionUnanchoredPasses) {
  DeleteNewestBatch();

  VerifyReport report = VerifyOrFail(*store_);

  EXPECT_TRUE(report.ok()) << ::testing::PrintToString(FindingHeads(report));
  EXPECT_EQ(report.entries, 3u);
}

TEST_F(VerifyTrustedTest, ForgedTailIsMismatch) {
  DeleteNewestBatch();
  Commit({Session("s4", Utc(2024, 6, 4, 8), Utc(2024, 6, 4, 10), "u1")}, '3');

  VerifyReport report = VerifyOrFail(*store_, {trusted_});

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"trusted-checkpoint-mismatch"});
  EXPECT_TRUE(VerifyOrFail(*store_).ok());
}

TEST_F(VerifyTrustedTest, DeletedMiddleEntry) {
  ExecuteSql(db(), R"sql(
      DELETE FROM sessions WHERE record_id = 's2';
      DELETE FROM events WHERE record_id = 's2';
      DELETE FROM ledger_leaves WHERE idx = 1;)sql");

  VerifyReport report = VerifyOrFail(*store_, {trusted_});

  EXPECT_EQ(FindingHeads(report),
            (std::vector<std::string>{"entry-missing at index 1",
                                      "checkpoints-inconsistent at index 1",
                                      "trusted-checkpoint-mismatch at index 1"}));
}

// Rewriting the log identity with a new key and signing every checkpoint
// again passes on its own; only a checkpoint kept elsewhere reveals it.
TEST_F(VerifyTrustedTest, ReplacedKeyIsSignatureInvalid) {
  Result<ledger::SignerKey> new_key = ledger::GenerateSignerKey(kTestOrigin);
  ASSERT_TRUE(new_key.ok());
  const ledger::VerifierKey new_verifier = ledger::VerifierFor(*new_key);
  ExecuteSql(db(), fmt::format("UPDATE ledger_meta SET verifier_key = '{}'",
                               ledger::FormatVerifierKey(new_verifier)));
  Result<std::vector<StoredCheckpoint>> checkpoints = store_->ListCheckpoints();
  ASSERT_TRUE(checkpoints.ok());
  for (const StoredCheckpoint& checkpoint : *checkpoints) {
    Result<std::string> note = ledger::SignNote(NoteBody(checkpoint.signed_note), *new_key);
    ASSERT_TRUE(note.ok());
    ExecuteSql(db(), fmt::format("UPDATE checkpoints SET signed_note = '{}' WHERE id = {}", *note,
                                 checkpoint.id));
  }
  ASSERT_TRUE(VerifyOrFail(*store_).ok());

  VerifyReport report = VerifyOrFail(*store_, {trusted_});

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"checkpoint-signature-invalid"});
  ASSERT_EQ(report.findings.size(), 1u);
  const std::string old_id = fmt::format("{:08x}", TestSigner(db()).key_id);
  const std::string new_id = fmt::format("{:08x}", new_verifier.key_id);
  EXPECT_TRUE(report.findings[0].message.starts_with(fmt::format(
      "trusted checkpoint trusted.txt does not verify with the store's key {}+{} (key id {}): it "
      "is signed by {}+{}; ",
      kTestOrigin, new_id, new_id, kTestOrigin, old_id)))
      << report.findings[0].message;
}

TEST_F(VerifyTrustedTest, OtherOriginIsMismatch) {
  ledger::Checkpoint other{"other.example/log", 5, ledger::EmptyRoot()};
  TrustedCheckpoint trusted{"other.txt", SignWithStoreKey(ledger::FormatCheckpointBody(other))};

  VerifyReport report = VerifyOrFail(*store_, {trusted});

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"trusted-checkpoint-mismatch"});
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].message,
            fmt::format("trusted checkpoint other.txt has origin 'other.example/log' but the "
                        "store's origin is '{}'",
                        kTestOrigin));
}

TEST_F(VerifyTrustedTest, TextThatIsNoNote) {
  TrustedCheckpoint trusted{"notes.txt", "not a checkpoint\n"};

  VerifyReport report = VerifyOrFail(*store_, {trusted, trusted_});

  EXPECT_EQ(FindingHeads(report), std::vector<std::string>{"checkpoint-signature-invalid"});
  EXPECT_EQ(report.trusted_checkpoints, 2u);
}

TEST_F(VerifyTrustedTest, EachTrustedFileReported) {
  DeleteNewestBatch();
  TrustedCheckpoint copy{"copy.txt", trusted_.signed_note};

  VerifyReport report = VerifyOrFail(*store_, {trusted_, copy});

  EXPECT_EQ(FindingHeads(report),
            (std::vector<std::string>{"store-shorter-than-trusted at index 3",
                                      "store-shorter-than-trusted at index 3"}));
}

}  // namespace
}  // namespace signtrail::testing
