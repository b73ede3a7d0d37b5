#include <fmt/format.h>
#include <gtest/gtest.h>

#include "ledger/hash.h"
#include "ledger/note.h"
#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

class StoreLedgerOpenTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  // Creates the store with TestSigner and commits one batch.
  void CreateStoreWithOneBatch() {
    std::unique_ptr<SqliteStore> store = OpenTestStore(db_path());
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3), "u1")})).ok());
  }

  Result<std::unique_ptr<SqliteStore>> OpenWith(const StoreOptions& options) {
    return SqliteStore::Open(db_path(), options, [] { return kTestCommitTime; });
  }

  TempDir dir_;
};

TEST_F(StoreLedgerOpenTest, NewStoreIdentity) {
  std::unique_ptr<SqliteStore> store = OpenTestStore(db_path());
  ASSERT_NE(store, nullptr);

  Result<LedgerIdentity> identity = store->Identity();

  ASSERT_TRUE(identity.ok()) << identity.status().message();
  EXPECT_EQ(identity->origin, kTestOrigin);
  EXPECT_EQ(ledger::FormatVerifierKey(identity->verifier),
            ledger::FormatVerifierKey(ledger::VerifierFor(TestSigner(db_path()))));
  EXPECT_EQ(QueryRows(db_path(), "SELECT origin, verifier_key FROM ledger_meta"),
            std::vector<std::string>{fmt::format("'{}'|'{}'", kTestOrigin,
                                                 ledger::FormatVerifierKey(identity->verifier))});
}

TEST_F(StoreLedgerOpenTest, NewStoreSignsEmptyTree) {
  std::unique_ptr<SqliteStore> store = OpenTestStore(db_path());
  ASSERT_NE(store, nullptr);

  Result<uint64_t> size = store->LedgerSize();
  Result<std::vector<StoredCheckpoint>> checkpoints = store->ListCheckpoints();

  ASSERT_TRUE(size.ok()) << size.status().message();
  EXPECT_EQ(*size, 0u);
  ASSERT_TRUE(checkpoints.ok()) << checkpoints.status().message();
  ASSERT_EQ(checkpoints->size(), 1u);
  EXPECT_EQ(checkpoints->front().tree_size, 0u);
  EXPECT_EQ(ledger::ToHex(checkpoints->front().root),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_TRUE(checkpoints->front().signed_note.starts_with(
      "test.example/signtrail\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— "
      "test.example/signtrail "))
      << checkpoints->front().signed_note;
}

TEST_F(StoreLedgerOpenTest, DefaultOriginWhenNoneGiven) {
  StoreOptions options;
  options.signer = TestSigner(db_path());

  Result<std::unique_ptr<SqliteStore>> store = OpenWith(options);

  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<LedgerIdentity> identity = (*store)->Identity();
  ASSERT_TRUE(identity.ok()) << identity.status().message();
  EXPECT_NE(identity->origin.find("/signtrail/"), std::string::npos) << identity->origin;
}

TEST_F(StoreLedgerOpenTest, InvalidOriginRejected) {
  StoreOptions options = TestStoreOptions(db_path());
  options.origin = "two words";

  Result<std::unique_ptr<SqliteStore>> store = OpenWith(options);

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.status().message(),
            "origin 'two words' is not valid: an origin is one non-empty line with no spaces and "
            "no '+', e.g. example.com/signtrail");
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM ledger_meta"), 0);
}

TEST_F(StoreLedgerOpenTest, NewStoreNeedsSigner) {
  Result<std::unique_ptr<SqliteStore>> store = OpenWith(StoreOptions{});

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.status().message(),
            db_path().string() +
                ": a new store needs a signing key; pass --key PATH or set SIGNTRAIL_KEY");
  EXPECT_FALSE(std::filesystem::exists(db_path()));
}

TEST_F(StoreLedgerOpenTest, OtherKeyIsConflict) {
  CreateStoreWithOneBatch();
  Result<ledger::SignerKey> other = ledger::GenerateSignerKey(kTestOrigin);
  ASSERT_TRUE(other.ok()) << other.status().message();
  StoreOptions options;
  options.signer = *other;
  options.signer_file = dir_ / "other.key";

  Result<std::unique_ptr<SqliteStore>> store = OpenWith(options);

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kConflict);
  EXPECT_EQ(store.status().message(),
            fmt::format("the key in {} does not match this store's key (store key id {:08x}, "
                        "file key id {:08x}); pass the key file {} was created with",
                        (dir_ / "other.key").string(), TestSigner(db_path()).key_id, other->key_id,
                        db_path().string()));
}

TEST_F(StoreLedgerOpenTest, ReadWithoutSigner) {
  CreateStoreWithOneBatch();

  Result<std::unique_ptr<SqliteStore>> store = OpenWith(StoreOptions{});

  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<uint64_t> size = (*store)->LedgerSize();
  ASSERT_TRUE(size.ok()) << size.status().message();
  EXPECT_EQ(*size, 2u);
  Result<std::string> entry = (*store)->ReadEntry(0);
  ASSERT_TRUE(entry.ok()) << entry.status().message();
  EXPECT_TRUE(entry->starts_with("signtrail-entry/v1 event\n")) << *entry;
  Result<StoredCheckpoint> latest = (*store)->SignCheckpoint();
  ASSERT_TRUE(latest.ok()) << latest.status().message();
  EXPECT_EQ(latest->tree_size, 2u);
}

TEST_F(StoreLedgerOpenTest, CommitWithoutSignerChangesNothing) {
  CreateStoreWithOneBatch();
  const std::string dump_before = DumpDatabase(db_path());
  Result<std::unique_ptr<SqliteStore>> store = OpenWith(StoreOptions{});
  ASSERT_TRUE(store.ok()) << store.status().message();

  Result<BatchReport> report =
      (*store)->CommitSignInBatch(Batch({SignIn("r2", Utc(2024, 6, 3), "u2")}));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(report.status().message(),
            "this command writes to the store and needs its signing key; pass --key PATH or set "
            "SIGNTRAIL_KEY");
  EXPECT_EQ(DumpDatabase(db_path()), dump_before);
}

TEST_F(StoreLedgerOpenTest, DirectoryWithoutSignerFails) {
  CreateStoreWithOneBatch();
  Result<std::unique_ptr<SqliteStore>> store = OpenWith(StoreOptions{});
  ASSERT_TRUE(store.ok()) << store.status().message();
  DirectoryBatch snapshot;
  snapshot.source = "entra-users:test";
  snapshot.format = "entra-users";
  snapshot.file_name = "users.csv";
  snapshot.file_sha256 = std::string(64, 'e');
  snapshot.effective_time = Utc(2024, 6, 1);

  Result<DirectoryReport> report = (*store)->CommitDirectoryBatch(snapshot);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM batches"), 1);
}

TEST_F(StoreLedgerOpenTest, ReopenKeepsLedger) {
  CreateStoreWithOneBatch();

  std::unique_ptr<SqliteStore> reopened = OpenTestStore(db_path());
  ASSERT_NE(reopened, nullptr);
  ASSERT_TRUE(reopened
                  ->CommitSignInBatch(Batch({SignIn("r2", Utc(2024, 6, 3), "u2")}, "entra:test",
                                            std::string(64, '2')))
                  .ok());

  Result<std::vector<StoredCheckpoint>> checkpoints = reopened->ListCheckpoints();
  ASSERT_TRUE(checkpoints.ok()) << checkpoints.status().message();
  std::vector<uint64_t> sizes;
  for (const StoredCheckpoint& checkpoint : *checkpoints) sizes.push_back(checkpoint.tree_size);
  EXPECT_EQ(sizes, (std::vector<uint64_t>{0, 2, 4}));
}

}  // namespace
}  // namespace signtrail::testing
