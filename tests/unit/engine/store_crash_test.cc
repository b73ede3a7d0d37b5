#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

constexpr int kLargeBatchEvents = 100'000;

SignInBatch LargeBatch() {
  std::vector<SignInEvent> events;
  events.reserve(kLargeBatchEvents);
  for (int i = 0; i < kLargeBatchEvents; ++i) {
    events.push_back(SignIn(fmt::format("crash-{}", i), Utc(2024, 6, 3).PlusMicros(i),
                            fmt::format("user-{}", i % 100), i % 2 == 0 ? "" : "key"));
  }
  return Batch(std::move(events), "entra:test", std::string(64, 'c'));
}

// A process killed while it commits a batch leaves either none of the batch
// or all of it, and a store that opens and passes SQLite's integrity check.
TEST(StoreCrash, KillDuringCommit) {
  TempDir dir;
  const std::filesystem::path db_path = dir / "store.db";
  {
    std::unique_ptr<SqliteStore> store = OpenTestStore(db_path);
    ASSERT_TRUE(store->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 2), "u1")})).ok());
  }
  const SignInBatch batch = LargeBatch();
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);

  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::unique_ptr<SqliteStore> store = OpenTestStore(db_path);
    const char started = 's';
    if (write(ready[1], &started, 1) != 1) _exit(2);
    const bool committed = store->CommitSignInBatch(batch).ok();
    _exit(committed ? 0 : 1);
  }

  char started = 0;
  ASSERT_EQ(read(ready[0], &started, 1), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int child_status = 0;
  ASSERT_EQ(waitpid(child, &child_status, 0), child);
  close(ready[0]);
  close(ready[1]);

  std::unique_ptr<SqliteStore> reopened = OpenTestStore(db_path);
  ASSERT_NE(reopened, nullptr);
  const int64_t batches = QueryInt(db_path, "SELECT count(*) FROM batches");
  const int64_t events = QueryInt(db_path, "SELECT count(*) FROM events");
  const int64_t sessions = QueryInt(db_path, "SELECT count(*) FROM sessions");
  if (batches == 1) {
    EXPECT_EQ(events, 1);
    EXPECT_EQ(sessions, 1);
  } else {
    // A machine fast enough to finish 100,000 events in 100 ms leaves the
    // whole batch; that is the other outcome the transaction allows.
    EXPECT_EQ(batches, 2);
    EXPECT_EQ(events, 1 + kLargeBatchEvents);
  }
  EXPECT_EQ(QueryInt(db_path,
                     "SELECT count(*) FROM pragma_integrity_check"
                     " WHERE integrity_check = 'ok'"),
            1);
}

}  // namespace
}  // namespace signtrail::testing
