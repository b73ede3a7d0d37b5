#include <gtest/gtest.h>

#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

// The store's files as bytes: the main file and the write-ahead log.
std::string FileBytes(const std::filesystem::path& db_path) {
  std::string bytes = ReadFileBytes(db_path);
  const std::filesystem::path wal = db_path.string() + "-wal";
  if (std::filesystem::exists(wal)) bytes += "\n-- wal --\n" + ReadFileBytes(wal);
  return bytes;
}

class StoreAtomicityTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
};

TEST_F(StoreAtomicityTest, FailureOnLastEventChangesNothing) {
  const Instant nine = Utc(2024, 6, 3, 9);
  ASSERT_TRUE(
      store_
          ->CommitSignInBatch(Batch({Session("open", nine, std::nullopt, "u1"),
                                     SignIn("r1", nine, "u1", "key"), SignIn("r2", nine, "u2")}))
          .ok());
  ExecuteSql(db_path(),
             "CREATE TRIGGER fail_on_r9 BEFORE INSERT ON events WHEN NEW.record_id = 'r9' "
             "BEGIN SELECT RAISE(ABORT, 'injected failure on r9'); END");
  const std::string dump_before = DumpDatabase(db_path());
  const std::string bytes_before = FileBytes(db_path());

  // Every kind of write happens before the last event fails: new events, a
  // filled end, a conflict, a grouped session change and rejects.
  SignInBatch batch = Batch(
      {SignIn("r3", nine, "u3"), SignIn("r4", nine.PlusMicros(60 * kMicrosPerSecond), "u1", "key"),
       Session("open", nine, Utc(2024, 6, 3, 10), "u1"), SignIn("r2", nine.PlusMicros(1), "u2"),
       SignIn("r9", nine, "u9")},
      "entra:test", std::string(64, 'f'));
  batch.import.rejects.push_back(
      {4, 100, "column 'time': value 'x' is not a valid timestamp", "x"});
  Result<BatchReport> report = store_->CommitSignInBatch(batch);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kStoreError);
  EXPECT_NE(report.status().message().find("injected failure on r9"), std::string::npos)
      << report.status().message();
  EXPECT_EQ(FileBytes(db_path()), bytes_before);
  EXPECT_EQ(DumpDatabase(db_path()), dump_before);
}

TEST_F(StoreAtomicityTest, StoreWorksAfterFailure) {
  ExecuteSql(db_path(),
             "CREATE TRIGGER fail_on_r9 BEFORE INSERT ON events WHEN NEW.record_id = 'r9' "
             "BEGIN SELECT RAISE(ABORT, 'injected failure on r9'); END");
  ASSERT_FALSE(store_
                   ->CommitSignInBatch(Batch(
                       {SignIn("r1", Utc(2024, 6, 3), "u1"), SignIn("r9", Utc(2024, 6, 3), "u9")}))
                   .ok());

  Result<BatchReport> report =
      store_->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3), "u1")}));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->batch_id, 1);
  EXPECT_EQ(report->added, 1);
  EXPECT_TRUE(report->warnings.empty());
}

TEST_F(StoreAtomicityTest, DirectoryFailureChangesNothing) {
  DirectoryUser first;
  first.account_id = "fmartin";
  first.display_name = "Fred Martin";
  first.line = 2;
  DirectoryBatch snapshot;
  snapshot.source = "d365-users:default";
  snapshot.format = "d365-users";
  snapshot.file_name = "users.csv";
  snapshot.file_sha256 = std::string(64, '0');
  snapshot.effective_time = Utc(2024, 6, 1);
  snapshot.import.users = {first};
  ASSERT_TRUE(store_->CommitDirectoryBatch(snapshot).ok());
  ExecuteSql(db_path(),
             "CREATE TRIGGER fail_on_last BEFORE INSERT ON directory_versions "
             "WHEN NEW.account_id = 'last' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  const std::string dump_before = DumpDatabase(db_path());
  const std::string bytes_before = FileBytes(db_path());

  DirectoryUser renamed = first;
  renamed.display_name = "Frederique Martin";
  DirectoryUser last;
  last.account_id = "last";
  last.line = 3;
  snapshot.effective_time = Utc(2024, 7, 1);
  snapshot.import.users = {renamed, last};
  Result<DirectoryReport> report = store_->CommitDirectoryBatch(snapshot);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kStoreError);
  EXPECT_EQ(FileBytes(db_path()), bytes_before);
  EXPECT_EQ(DumpDatabase(db_path()), dump_before);
}

}  // namespace
}  // namespace signtrail::testing
