#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/checkpoint.h"
#include "ledger/hash.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

// RFC 6962 section 2.1 Merkle Tree Hash of leaves [begin, end), written out
// recursively so that it shares no code with the store's incremental tree.
ledger::Hash TreeHash(const std::vector<ledger::Hash>& leaves, size_t begin, size_t end) {
  if (begin == end) return ledger::EmptyRoot();
  if (end - begin == 1) return leaves[begin];
  size_t split = 1;
  while (split * 2 < end - begin) split *= 2;
  return ledger::HashChildren(TreeHash(leaves, begin, begin + split),
                              TreeHash(leaves, begin + split, end));
}

class StoreLedgerTreeTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  // Five commits of 3, 1, 7 and 0 new events (the last repeats a file) and
  // one directory snapshot: 17 entries.
  void CommitSeveralBatches() {
    int next = 0;
    for (int count : {3, 1, 7}) {
      std::vector<SignInEvent> events;
      for (int i = 0; i < count; ++i, ++next) {
        events.push_back(SignIn(fmt::format("r{}", next), Utc(2024, 6, 3).PlusMicros(next),
                                fmt::format("u{}", next % 4)));
      }
      ASSERT_TRUE(store_
                      ->CommitSignInBatch(
                          Batch(std::move(events), "entra:test", fmt::format("{:064x}", next)))
                      .ok());
    }
    ASSERT_TRUE(store_->CommitSignInBatch(Batch({SignIn("r0", Utc(2024, 6, 3), "u0")})).ok());

    DirectoryUser user;
    user.account_id = "u1";
    user.display_name = "User One";
    user.raw = "u1,User One";
    user.line = 2;
    DirectoryBatch snapshot;
    snapshot.source = "entra-users:test";
    snapshot.format = "entra-users";
    snapshot.file_name = "users.csv";
    snapshot.file_sha256 = std::string(64, 'e');
    snapshot.effective_time = Utc(2024, 6, 1);
    snapshot.import.users = {user};
    ASSERT_TRUE(store_->CommitDirectoryBatch(snapshot).ok());
  }

  // HashLeaf of every entry as ReadEntry re-derives it.
  std::vector<ledger::Hash> LeafHashes() {
    Result<uint64_t> size = store_->LedgerSize();
    EXPECT_TRUE(size.ok()) << size.status().message();
    std::vector<ledger::Hash> leaves;
    for (uint64_t index = 0; size.ok() && index < *size; ++index) {
      Result<std::string> entry = store_->ReadEntry(index);
      EXPECT_TRUE(entry.ok()) << entry.status().message();
      if (entry.ok()) leaves.push_back(ledger::HashLeaf(*entry));
    }
    return leaves;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
};

TEST_F(StoreLedgerTreeTest, SizeAfterSeveralBatches) {
  CommitSeveralBatches();

  // 11 events + 4 sign-in batch entries + 1 version + 1 directory batch.
  Result<uint64_t> size = store_->LedgerSize();
  ASSERT_TRUE(size.ok()) << size.status().message();
  EXPECT_EQ(*size, 17u);
}

TEST_F(StoreLedgerTreeTest, RootMatchesRecomputedRoot) {
  CommitSeveralBatches();
  const std::vector<ledger::Hash> leaves = LeafHashes();
  ASSERT_EQ(leaves.size(), 17u);
  const ledger::Hash expected = TreeHash(leaves, 0, leaves.size());

  Result<ledger::Hash> root = ledger::RootAt(store_->Nodes(), leaves.size());
  Result<std::vector<StoredCheckpoint>> checkpoints = store_->ListCheckpoints();

  ASSERT_TRUE(root.ok()) << root.status().message();
  EXPECT_EQ(ledger::ToHex(*root), ledger::ToHex(expected));
  ASSERT_TRUE(checkpoints.ok()) << checkpoints.status().message();
  ASSERT_FALSE(checkpoints->empty());
  EXPECT_EQ(checkpoints->back().tree_size, 17u);
  EXPECT_EQ(ledger::ToHex(checkpoints->back().root), ledger::ToHex(expected));
}

TEST_F(StoreLedgerTreeTest, StoredLeafHashesMatchEntries) {
  CommitSeveralBatches();
  const std::vector<ledger::Hash> leaves = LeafHashes();

  std::vector<std::string> expected;
  for (const ledger::Hash& leaf : leaves) expected.push_back("'" + ledger::ToHex(leaf) + "'");
  EXPECT_EQ(QueryRows(db_path(), "SELECT lower(hex(leaf_hash)) FROM ledger_leaves ORDER BY idx"),
            expected);
}

TEST_F(StoreLedgerTreeTest, CheckpointPerCommit) {
  CommitSeveralBatches();
  const std::vector<ledger::Hash> leaves = LeafHashes();
  Result<LedgerIdentity> identity = store_->Identity();
  ASSERT_TRUE(identity.ok()) << identity.status().message();

  Result<std::vector<StoredCheckpoint>> checkpoints = store_->ListCheckpoints();

  ASSERT_TRUE(checkpoints.ok()) << checkpoints.status().message();
  std::vector<uint64_t> sizes;
  for (const StoredCheckpoint& checkpoint : *checkpoints) sizes.push_back(checkpoint.tree_size);
  EXPECT_EQ(sizes, (std::vector<uint64_t>{0, 4, 6, 14, 15, 17}));
  for (const StoredCheckpoint& checkpoint : *checkpoints) {
    SCOPED_TRACE(fmt::format("checkpoint {} of size {}", checkpoint.id, checkpoint.tree_size));
    Result<std::string> body = ledger::OpenNote(checkpoint.signed_note, identity->verifier);
    ASSERT_TRUE(body.ok()) << body.status().message();
    Result<ledger::Checkpoint> parsed = ledger::ParseCheckpointBody(*body);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(parsed->origin, kTestOrigin);
    EXPECT_EQ(parsed->size, checkpoint.tree_size);
    EXPECT_EQ(ledger::ToHex(parsed->root),
              ledger::ToHex(TreeHash(leaves, 0, checkpoint.tree_size)));
    EXPECT_EQ(ledger::ToHex(checkpoint.root), ledger::ToHex(parsed->root));
    EXPECT_EQ(checkpoint.signed_at, kTestCommitTime);
  }
}

TEST_F(StoreLedgerTreeTest, NodesAreThePerfectSubtrees) {
  CommitSeveralBatches();
  const std::vector<ledger::Hash> leaves = LeafHashes();

  // Every perfect subtree of level 1 or more inside the tree, in primary
  // key order (level, then index).
  std::vector<std::string> expected;
  for (int level = 1; (size_t{1} << level) <= leaves.size(); ++level) {
    const size_t width = size_t{1} << level;
    for (size_t index = 0; (index + 1) * width <= leaves.size(); ++index) {
      expected.push_back(
          fmt::format("{}|{}|'{}'", level, index,
                      ledger::ToHex(TreeHash(leaves, index * width, (index + 1) * width))));
    }
  }
  EXPECT_EQ(expected.size(), 8u + 4u + 2u + 1u);
  EXPECT_EQ(QueryRows(db_path(), "SELECT level, idx, lower(hex(hash)) FROM ledger_nodes"),
            expected);
}

TEST_F(StoreLedgerTreeTest, SignCheckpointWithoutGrowth) {
  CommitSeveralBatches();
  const int64_t rows_before = QueryInt(db_path(), "SELECT count(*) FROM checkpoints");

  Result<StoredCheckpoint> checkpoint = store_->SignCheckpoint();

  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().message();
  EXPECT_EQ(checkpoint->tree_size, 17u);
  EXPECT_EQ(checkpoint->id, rows_before);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM checkpoints"), rows_before);
}

TEST_F(StoreLedgerTreeTest, AlteredCheckpointBlocksSigning) {
  CommitSeveralBatches();
  ExecuteSql(db_path(), "UPDATE checkpoints SET root = zeroblob(32) WHERE tree_size = 17");
  const std::string dump_before = DumpDatabase(db_path());

  Result<BatchReport> report = store_->CommitSignInBatch(
      Batch({SignIn("late", Utc(2024, 6, 4), "u1")}, "entra:test", std::string(64, '9')));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kStoreError);
  EXPECT_NE(
      report.status().message().find(
          "but checkpoint 6 of that size signed AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=; "
          "signing a new checkpoint would contradict it, so none is signed"),
      std::string::npos)
      << report.status().message();
  EXPECT_EQ(DumpDatabase(db_path()), dump_before);
}

TEST_F(StoreLedgerTreeTest, TruncatedLeavesBlockSigning) {
  CommitSeveralBatches();
  ExecuteSql(db_path(), "DELETE FROM ledger_leaves WHERE idx >= 15");

  Result<BatchReport> report = store_->CommitSignInBatch(
      Batch({SignIn("late", Utc(2024, 6, 4), "u1")}, "entra:test", std::string(64, '9')));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kStoreError);
}

}  // namespace
}  // namespace signtrail::testing
