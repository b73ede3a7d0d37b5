// An ingest killed with SIGKILL at any moment leaves the whole batch
// (events, coverage, ledger leaves and nodes, checkpoint) or none of it, and
// verify passes afterwards.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>

#include "integration/ledger_test_support.h"
#include "integration/run_binary.h"
#include "model/instant.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

// Rows of the generated LCS export. NOTE: 30,000 rather than a few hundred
// thousand rows. Each kill waits a random part of one ingest's duration, so
// the run time grows with the row count. With 30,000 rows the test took 65
// seconds on a shared 2-core machine, and the batch is still one transaction
// that writes 30,000 events, their sessions, 30,001 ledger leaves and about
// as many tree nodes.
constexpr int kRows = 30'000;
constexpr int kKills = 50;
constexpr uint32_t kSeed = 20261204;

// An LCS "User Login Events" export of kRows sessions, one per minute.
std::string LargeLcsExport() {
  std::string csv = "AADUserID,SessionStartTime,SessionEndTime\n";
  constexpr int64_t kStart = 1'704'067'200;  // 2024-01-01T00:00:00Z
  for (int i = 0; i < kRows; ++i) {
    const int64_t start = kStart + int64_t{i} * 60;
    csv += fmt::format("00000000-0000-0000-0000-{:012d},{},{}\n", i % 500,
                       FormatUtc(Instant::FromSeconds(start)),
                       FormatUtc(Instant::FromSeconds(start + 1800)));
  }
  return csv;
}

// Starts `signtrail ARGS...` in `working_dir` with its output discarded and
// returns its process id without waiting for it.
pid_t StartSignTrail(const std::vector<std::string>& args,
                     const std::filesystem::path& working_dir) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int null_fd = open("/dev/null", O_RDWR);
  if (null_fd < 0 || chdir(working_dir.c_str()) != 0) _exit(127);
  dup2(null_fd, STDIN_FILENO);
  dup2(null_fd, STDOUT_FILENO);
  dup2(null_fd, STDERR_FILENO);
  unsetenv("SIGNTRAIL_DB");
  unsetenv("SIGNTRAIL_KEY");
  std::string binary = SIGNTRAIL_BINARY;
  std::vector<std::string> copies = args;
  std::vector<char*> argv{binary.data()};
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

class LedgerCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFileBytes(dir_ / "large.csv", LargeLcsExport());
    ASSERT_EQ(Run({"init", "--db", "audit.db", "--origin", "crash.test/log"}).exit_code, 0);
    RunResult sample = Run(
        {"ingest", "--db", "audit.db", SamplesPath("lcs-user-login-events.csv").string()});
    ASSERT_EQ(sample.exit_code, 0) << sample.err;
  }

  RunResult Run(const std::vector<std::string>& args) { return RunSignTrail(args, dir_.path()); }

  int64_t CountEvents() {
    return std::stoll(RunSqlite3(dir_ / "audit.db", "SELECT count(*) FROM events"));
  }

  int64_t CountDistinctEvents() {
    return std::stoll(RunSqlite3(
        dir_ / "audit.db", "SELECT count(*) FROM (SELECT DISTINCT source, record_id FROM events)"));
  }

  // The wall time of one complete ingest of the large file into a scratch
  // store, which the kill delays are spread over.
  std::chrono::milliseconds MeasureIngest() {
    EXPECT_EQ(Run({"init", "--db", "scratch.db", "--origin", "crash.test/log"}).exit_code, 0);
    const auto start = std::chrono::steady_clock::now();
    RunResult ingest = Run({"ingest", "--db", "scratch.db", "large.csv"});
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
    return std::chrono::duration_cast<std::chrono::milliseconds>(elapsed);
  }

  // Copies the store, closed by every process, so that each kill can hit an
  // ingest that adds the batch for the first time.
  void SaveStore() {
    ASSERT_FALSE(std::filesystem::exists(dir_ / "audit.db-wal"));
    std::filesystem::copy_file(dir_ / "audit.db", dir_ / "saved.db");
  }

  // Puts the saved store back, dropping what a killed process left in the
  // write-ahead log.
  void RestoreStore() {
    std::filesystem::remove(dir_ / "audit.db-wal");
    std::filesystem::remove(dir_ / "audit.db-shm");
    std::filesystem::copy_file(dir_ / "saved.db", dir_ / "audit.db",
                               std::filesystem::copy_options::overwrite_existing);
  }

  TempDir dir_;
};

TEST_F(LedgerCrashTest, KilledIngestLeavesWholeBatchOrNone) {
  const int64_t before = CountEvents();
  SaveStore();
  const std::chrono::milliseconds duration = MeasureIngest();
  std::mt19937 random(kSeed);
  // A little past the measured duration, so that some kills land after the
  // commit or miss a finished process.
  std::uniform_int_distribution<int64_t> delay_ms(0, duration.count() * 11 / 10);

  for (int kill_number = 0; kill_number < kKills; ++kill_number) {
    const pid_t child = StartSignTrail({"ingest", "--db", "audit.db", "large.csv"}, dir_.path());
    ASSERT_GT(child, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);

    RunResult verify = Run({"verify", "--db", "audit.db"});
    ASSERT_EQ(verify.exit_code, 0) << "after kill " << kill_number << ":\n" << verify.out;
    const int64_t events = CountEvents();
    ASSERT_TRUE(events == before || events == before + kRows)
        << "after kill " << kill_number << ": " << events << " events";

    if (events == before + kRows) {
      // The batch committed before the kill: running the ingest again adds
      // nothing. Then start the next kill from the store without the batch.
      RunResult again = Run({"ingest", "--db", "audit.db", "large.csv"});
      ASSERT_EQ(again.exit_code, 0) << again.err;
      ASSERT_EQ(CountEvents(), before + kRows) << "after kill " << kill_number;
      RestoreStore();
    }
  }

  // The store as the last kill left it: the ingest completes the batch once.
  RunResult complete = Run({"ingest", "--db", "audit.db", "large.csv"});
  ASSERT_EQ(complete.exit_code, 0) << complete.err;
  RunResult again = Run({"ingest", "--db", "audit.db", "large.csv"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(CountEvents(), before + kRows);
  EXPECT_EQ(CountDistinctEvents(), before + kRows);
  RunResult verify = Run({"verify", "--db", "audit.db"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

}  // namespace
}  // namespace signtrail::testing
