// Several connections and processes on one store file: opening a store
// while another connection writes, and several processes creating the same
// new store at once.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

// Far below the 30 s busy timeout: an open that waited for the writer's lock
// would take the whole timeout.
constexpr auto kMaxOpenTime = std::chrono::seconds(5);

// A plain SQLite connection that holds a write transaction until destroyed.
class HeldWriteLock {
 public:
  explicit HeldWriteLock(const std::filesystem::path& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &database_, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(database_,
                           "BEGIN IMMEDIATE; "
                           "UPDATE checkpoints SET signed_at = signed_at + 1 WHERE id = 1",
                           nullptr, nullptr, nullptr),
              SQLITE_OK)
        << sqlite3_errmsg(database_);
  }
  ~HeldWriteLock() {
    sqlite3_exec(database_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close_v2(database_);
  }
  HeldWriteLock(const HeldWriteLock&) = delete;
  HeldWriteLock& operator=(const HeldWriteLock&) = delete;

 private:
  sqlite3* database_ = nullptr;
};

class StoreConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::unique_ptr<SqliteStore> store = OpenTestStore(path_);
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3, 9), "u1")})).ok());
  }

  // Opens the store and scans the day of r1, returning how long it took.
  std::chrono::steady_clock::duration OpenAndScan(const StoreOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path_, options);
    EXPECT_TRUE(store.ok()) << store.status().message();
    if (store.ok()) {
      EXPECT_EQ(ScannedRecordIds(**store, Window(Utc(2024, 6, 3), Utc(2024, 6, 4))),
                std::vector<std::string>{"r1"});
    }
    return std::chrono::steady_clock::now() - started;
  }

  TempDir dir_;
  std::filesystem::path path_ = dir_ / "store.db";
};

TEST_F(StoreConcurrencyTest, ReaderOpensDuringWrite) {
  HeldWriteLock writer(path_);
  StoreOptions read_options;
  read_options.create_if_missing = false;

  EXPECT_LT(OpenAndScan(read_options), kMaxOpenTime);
}

TEST_F(StoreConcurrencyTest, SignerOpensDuringWrite) {
  HeldWriteLock writer(path_);

  EXPECT_LT(OpenAndScan(TestStoreOptions(path_)), kMaxOpenTime);
}

// Forks `count` processes that wait on one pipe, then open the store at
// `path` at the same moment. Returns one line per process that failed.
std::vector<std::string> OpenFromProcesses(const std::filesystem::path& path,
                                           const StoreOptions& options, int count) {
  int start[2];
  int errors[2];
  if (pipe(start) != 0 || pipe(errors) != 0) return {"pipe failed"};

  std::vector<pid_t> children;
  for (int i = 0; i < count; ++i) {
    const pid_t pid = fork();
    if (pid == 0) {
      close(start[1]);
      close(errors[0]);
      char byte = 0;
      // Blocks until the parent closes its end, which releases every child.
      [[maybe_unused]] const ssize_t ignored = read(start[0], &byte, 1);
      Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path, options);
      if (store.ok()) _exit(0);
      const std::string line = store.status().message() + "\n";
      // One short write to a pipe is atomic, so lines do not interleave.
      [[maybe_unused]] const ssize_t written = write(errors[1], line.data(), line.size());
      _exit(1);
    }
    children.push_back(pid);
  }
  close(start[0]);
  close(start[1]);
  close(errors[1]);

  std::vector<std::string> failures;
  for (pid_t child : children) {
    int status = 0;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      failures.push_back("a process failed");
    }
  }
  std::string messages;
  char buffer[4096];
  for (ssize_t size = read(errors[0], buffer, sizeof buffer); size > 0;
       size = read(errors[0], buffer, sizeof buffer)) {
    messages.append(buffer, static_cast<size_t>(size));
  }
  close(errors[0]);
  if (!messages.empty()) failures.push_back(messages);
  return failures;
}

TEST(StoreCreation, ProcessesCreateOneStore) {
  constexpr int kRounds = 20;
  constexpr int kProcesses = 8;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE(round);
    TempDir dir;
    const std::filesystem::path path = dir / "store.db";
    // Every process gets the same signing key, as processes that share a key
    // file do.
    const StoreOptions options = TestStoreOptions(path);

    const std::vector<std::string> failures = OpenFromProcesses(path, options, kProcesses);

    EXPECT_TRUE(failures.empty()) << ::testing::PrintToString(failures);
    EXPECT_EQ(QueryInt(path, "PRAGMA user_version"), 1);
    EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM ledger_meta"), 1);
    EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM checkpoints"), 1);
  }
}

}  // namespace
}  // namespace signtrail::testing
