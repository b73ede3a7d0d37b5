// A store whose file or folder the user cannot write: reads work where
// SQLite allows them, and errors name the fix. Each case opens the store
// in a child process as a user that does not own the files: "nobody" when
// the tests run as root (root ignores file modes), else the current user,
// from whom the test removes write permission.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>

#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

constexpr uid_t kNobody = 65534;

// Runs `body` in a child process as another user (see above) and returns
// the text it returned, or how the child failed.
std::string RunAsOtherUser(const std::function<std::string()>& body) {
  int output[2];
  if (pipe(output) != 0) return "pipe failed";
  const pid_t pid = fork();
  if (pid == 0) {
    close(output[0]);
    std::string text;
    if (geteuid() == 0 && (setgid(kNobody) != 0 || setuid(kNobody) != 0)) {
      text = "could not switch to user nobody";
    } else {
      text = body();
    }
    [[maybe_unused]] const ssize_t written = write(output[1], text.data(), text.size());
    _exit(0);
  }
  close(output[1]);

  std::string text;
  char buffer[4096];
  for (ssize_t size = read(output[0], buffer, sizeof buffer); size > 0;
       size = read(output[0], buffer, sizeof buffer)) {
    text.append(buffer, static_cast<size_t>(size));
  }
  close(output[0]);
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return "the child process failed";
  return text;
}

// Opens the store and returns the record ids of 2024-06-03, or the error.
std::string OpenAndScan(const std::filesystem::path& path, const StoreOptions& options) {
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path, options);
  if (!store.ok()) return store.status().message();
  std::string ids;
  Status scanned = (*store)->ScanSessions(Window(Utc(2024, 6, 3), Utc(2024, 6, 4)),
                                          [&ids](const StoredSession& session) {
                                            ids += session.record_id + ";";
                                            return Status::Ok();
                                          });
  return scanned.ok() ? ids : scanned.message();
}

class StoreReadOnlyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::unique_ptr<SqliteStore> store = OpenTestStore(path_);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3, 9), "u1")})).ok());
  }

  // The modes go back to the owner's, so that TempDir can remove the folder.
  void TearDown() override {
    chmod(dir_.path().c_str(), 0700);
    chmod(path_.c_str(), 0600);
  }

  void SetModes(mode_t folder, mode_t file) {
    ASSERT_EQ(chmod(dir_.path().c_str(), folder), 0);
    ASSERT_EQ(chmod(path_.c_str(), file), 0);
  }

  TempDir dir_;
  std::filesystem::path path_ = dir_ / "store.db";
  const StoreOptions write_options_ = TestStoreOptions(path_);
};

StoreOptions ReadOptions() {
  StoreOptions options;
  options.create_if_missing = false;
  return options;
}

TEST_F(StoreReadOnlyTest, ReadOnlyFileIsRead) {
  SetModes(0777, 0444);

  EXPECT_EQ(RunAsOtherUser([this] { return OpenAndScan(path_, ReadOptions()); }), "r1;");
}

TEST_F(StoreReadOnlyTest, ReadOnlyFileRefusesWrite) {
  SetModes(0777, 0444);

  EXPECT_EQ(
      RunAsOtherUser([this] { return OpenAndScan(path_, write_options_); }),
      path_.string() + ": the store file is read-only for this user; run as its owner or copy it");
}

// SQLite needs the -wal and -shm files to read a WAL store, and cannot
// create them here. The store was closed, so they do not exist.
TEST_F(StoreReadOnlyTest, ReadOnlyFolderNamesFix) {
  SetModes(0555, 0444);

  EXPECT_EQ(RunAsOtherUser([this] { return OpenAndScan(path_, ReadOptions()); }),
            path_.string() +
                ": the store's folder is read-only for this user, and SQLite must create the "
                "store's -wal and -shm files in it; run as the folder's owner or copy the store "
                "to a folder you can write to");
}

TEST_F(StoreReadOnlyTest, WritableFileInReadOnlyFolder) {
  SetModes(0555, 0666);

  EXPECT_EQ(RunAsOtherUser([this] { return OpenAndScan(path_, write_options_); }),
            path_.string() +
                ": the store's folder is read-only for this user, and SQLite must create the "
                "store's -wal and -shm files in it; run as the folder's owner or copy the store "
                "to a folder you can write to");
}

// A user who reads a store they cannot write leaves -wal and -shm files
// that they own, which the next writer cannot write.
TEST_F(StoreReadOnlyTest, ForeignWalFilesNameFix) {
  SetModes(0777, 0666);
  WriteFileBytes(dir_ / "store.db-wal", "");
  WriteFileBytes(dir_ / "store.db-shm", "");
  ASSERT_EQ(chmod((dir_ / "store.db-wal").c_str(), 0444), 0);
  ASSERT_EQ(chmod((dir_ / "store.db-shm").c_str(), 0444), 0);

  EXPECT_EQ(RunAsOtherUser([this] { return OpenAndScan(path_, write_options_); }),
            path_.string() +
                ": the store's -wal or -shm file is read-only for this user because another user "
                "created it (a user who reads a store they cannot write leaves both behind); when "
                "no process has the store open and the -wal file is empty, delete both files, or "
                "copy the store");
}

}  // namespace
}  // namespace signtrail::testing
