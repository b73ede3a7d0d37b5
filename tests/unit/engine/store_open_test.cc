#include <gtest/gtest.h>

#include "store/sqlite_schema.h"
#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

TEST(StoreOpen, CreatesCurrentSchema) {
  TempDir dir;
  Result<std::unique_ptr<Store>> store =
      OpenSqliteStore(dir / "new.db", TestStoreOptions(dir / "new.db"));

  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(QueryInt(dir / "new.db", "PRAGMA user_version"), 1);
  EXPECT_EQ(QueryInt(dir / "new.db", "PRAGMA application_id"), 0x73677472);
  EXPECT_EQ(QueryInt(dir / "new.db",
                     "SELECT count(*) FROM pragma_journal_mode"
                     " WHERE journal_mode = 'wal'"),
            1);
  EXPECT_EQ(QueryInt(dir / "new.db", "SELECT count(*) FROM sqlite_master WHERE type = 'table'"),
            13);
}

TEST(StoreOpen, NewStoreHasLargePages) {
  TempDir dir;
  Result<std::unique_ptr<Store>> store =
      OpenSqliteStore(dir / "new.db", TestStoreOptions(dir / "new.db"));

  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(QueryInt(dir / "new.db", "PRAGMA page_size"), 16384);
}

// An empty file already in WAL mode can no longer change its page size, as
// with a store made before new stores had large pages: it is used as it is.
TEST(StoreOpen, KeepsPageSizeOfWalFile) {
  TempDir dir;
  ExecuteSql(dir / "old.db", "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL");

  Result<std::unique_ptr<Store>> store =
      OpenSqliteStore(dir / "old.db", TestStoreOptions(dir / "old.db"));

  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(QueryInt(dir / "old.db", "PRAGMA page_size"), 4096);
  EXPECT_EQ(QueryInt(dir / "old.db", "PRAGMA user_version"), 1);
}

TEST(StoreOpen, ReopenKeepsData) {
  TempDir dir;
  {
    std::unique_ptr<SqliteStore> store = OpenTestStore(dir / "store.db");
    ASSERT_TRUE(store->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3), "u1")})).ok());
  }

  std::unique_ptr<SqliteStore> reopened = OpenTestStore(dir / "store.db");

  ASSERT_NE(reopened, nullptr);
  Result<std::vector<BatchInfo>> batches = reopened->ListBatches();
  ASSERT_TRUE(batches.ok()) << batches.status().message();
  EXPECT_EQ(batches->size(), 1u);
  EXPECT_EQ(ScannedRecordIds(*reopened, Window(Utc(2024, 6, 3), Utc(2024, 6, 4))),
            std::vector<std::string>{"r1"});
}

TEST(StoreOpen, TwoConnectionsShareStore) {
  TempDir dir;
  std::unique_ptr<SqliteStore> writer = OpenTestStore(dir / "store.db");
  std::unique_ptr<SqliteStore> reader = OpenTestStore(dir / "store.db");

  ASSERT_TRUE(writer->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3), "u1")})).ok());

  EXPECT_EQ(ScannedRecordIds(*reader, Window(Utc(2024, 6, 3), Utc(2024, 6, 4))),
            std::vector<std::string>{"r1"});
}

TEST(StoreOpen, TextFileIsNotAStore) {
  TempDir dir;
  const std::string text = "user_id,login\r\n" + std::string(4096, 'x');
  WriteFileBytes(dir / "users.csv", text);

  Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir / "users.csv");

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kStoreError);
  EXPECT_EQ(store.status().message(),
            (dir / "users.csv").string() +
                " is not a signtrail store: the file is not a SQLite database; choose a new "
                "file or an existing signtrail store");
  EXPECT_EQ(ReadFileBytes(dir / "users.csv"), text);
}

TEST(StoreOpen, OtherSqliteDatabaseIsNotAStore) {
  TempDir dir;
  ExecuteSql(dir / "other.db", "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('x')");
  const std::string before = ReadFileBytes(dir / "other.db");

  Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir / "other.db");

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kStoreError);
  EXPECT_EQ(store.status().message(),
            (dir / "other.db").string() +
                " is a SQLite database but not a signtrail store (application id 0, 1 schema "
                "objects); choose a new file or an existing signtrail store");
  EXPECT_EQ(ReadFileBytes(dir / "other.db"), before);
}

TEST(StoreOpen, NewerSchemaIsRejected) {
  TempDir dir;
  { ASSERT_NE(OpenTestStore(dir / "store.db"), nullptr); }
  ExecuteSql(dir / "store.db", "PRAGMA user_version = 2");

  Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir / "store.db");

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kStoreError);
  EXPECT_EQ(store.status().message(),
            (dir / "store.db").string() +
                ": store schema version 2 is newer than this signtrail supports (1); upgrade "
                "signtrail to open it");
}

StoreOptions ReadOptions() {
  StoreOptions options;
  options.create_if_missing = false;
  return options;
}

TEST(StoreOpen, MissingStoreIsNotFound) {
  TempDir dir;

  Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir / "typo.db", ReadOptions());

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store.status().message(),
            "store " + (dir / "typo.db").string() +
                " not found; create it with 'signtrail init' or 'signtrail ingest', or check "
                "--db and SIGNTRAIL_DB");
  EXPECT_FALSE(std::filesystem::exists(dir / "typo.db"));
}

TEST(StoreOpen, EmptyFileIsNotFound) {
  TempDir dir;
  WriteFileBytes(dir / "empty.db", "");

  Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir / "empty.db", ReadOptions());

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store.status().message(),
            "store " + (dir / "empty.db").string() +
                " not found (the file is empty); create it with 'signtrail init' or 'signtrail "
                "ingest', or check --db and SIGNTRAIL_DB");
  EXPECT_EQ(std::filesystem::file_size(dir / "empty.db"), 0u);
}

TEST(StoreOpen, NoCreateEvenWithSigner) {
  TempDir dir;
  StoreOptions options = TestStoreOptions(dir / "new.db");
  options.create_if_missing = false;

  Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir / "new.db", options);

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir / "new.db"));
}

TEST(StoreOpen, ExistingStoreOpensWithoutCreate) {
  TempDir dir;
  {
    std::unique_ptr<SqliteStore> store = OpenTestStore(dir / "store.db");
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3), "u1")})).ok());
  }

  Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir / "store.db", ReadOptions());

  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(ScannedRecordIds(**store, Window(Utc(2024, 6, 3), Utc(2024, 6, 4))),
            std::vector<std::string>{"r1"});
}

TEST(StoreOpen, MissingFolderIsStoreError) {
  TempDir dir;
  const std::filesystem::path path = dir / "no-such-folder" / "store.db";
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path, TestStoreOptions(path));

  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kStoreError);
  EXPECT_EQ(store.status().message(),
            "cannot open store " + (dir / "no-such-folder" / "store.db").string() +
                ": unable to open database file (check that the folder exists and is writable)");
}

}  // namespace
}  // namespace signtrail::testing
