// `signtrail watch DIR`, run as the built binary: settling, moving to
// processed/ and rejected/, duplicates, store failures, and SIGKILL in the
// middle of a batch followed by a restart.

#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "integration/run_binary.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

using std::chrono::milliseconds;
namespace fs = std::filesystem;

constexpr std::string_view kLcsHeader = "AADUserID,SessionStartTime,SessionEndTime\n";

constexpr std::string_view kCsvHeader =
    "user_id,login,user_name,email,session_start,session_end,end_kind,source,client_ip,"
    "application,result\r\n";

constexpr std::string_view kWindowLcsRows =
    "00000000-0000-0000-0000-00000000000a,,,,2024-05-06T09:00:00Z,"
    "2024-05-06T17:00:00Z,recorded,lcs-logins:default,,,success\r\n"
    "00000000-0000-0000-0000-00000000000b,,,,2024-05-06T12:30:00Z,"
    "2024-05-06T12:40:00Z,recorded,lcs-logins:default,,,success\r\n";

// Polls `done` every 20 ms until it returns true or `timeout` passes.
bool WaitUntil(const std::function<bool()>& done, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return true;
}

size_t CountOccurrences(const std::string& text, std::string_view part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
    ++count;
  }
  return count;
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// LCS session rows with distinct users and start times: row `first + i`
// starts `first + i` minutes after 2024-05-01T00:00:00Z and lasts 30 s.
std::string LcsRows(int first, int count) {
  std::string rows;
  for (int row = first; row < first + count; ++row) {
    const int day = 1 + row / 1440;
    const int hour = (row % 1440) / 60;
    const int minute = row % 60;
    const std::string start = fmt::format("2024-05-{:02}T{:02}:{:02}", day, hour, minute);
    rows += fmt::format("00000000-0000-0000-0000-{:012},{}:00Z,{}:30Z\n", row, start, start);
  }
  return rows;
}

// A `signtrail watch` running in the background, its standard output and
// error in one log file. The destructor kills it if it still runs.
class WatchProcess {
 public:
  WatchProcess(const std::vector<std::string>& args, const fs::path& working_dir,
               const fs::path& log_path)
      : log_path_(log_path) {
    pid_ = fork();
    if (pid_ == 0) ExecChild(args, working_dir);
  }

  ~WatchProcess() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      Wait();
    }
  }

  WatchProcess(const WatchProcess&) = delete;
  WatchProcess& operator=(const WatchProcess&) = delete;

  void Signal(int signal_number) const { kill(pid_, signal_number); }

  // The exit code, or 128 + the signal that ended the process.
  int Wait() {
    int status = 0;
    if (waitpid(pid_, &status, 0) != pid_) return -1;
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  // Waits for the process to exit by itself; -1 after `timeout`.
  int WaitFor(milliseconds timeout) {
    int status = 0;
    const bool ended = WaitUntil([&] { return waitpid(pid_, &status, WNOHANG) == pid_; }, timeout);
    if (!ended) return -1;
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  std::string Log() const {
    std::error_code error;
    if (!fs::exists(log_path_, error)) return "";
    return ReadFileBytes(log_path_);
  }

  bool WaitForLog(std::string_view text, size_t occurrences = 1,
                  milliseconds timeout = milliseconds(20'000)) const {
    return WaitUntil([&] { return CountOccurrences(Log(), text) >= occurrences; }, timeout);
  }

 private:
  [[noreturn]] void ExecChild(const std::vector<std::string>& args, const fs::path& working_dir) {
    const int log_fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    const int null_fd = open("/dev/null", O_RDONLY);
    if (log_fd < 0 || null_fd < 0) _exit(127);
    dup2(null_fd, STDIN_FILENO);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    if (chdir(working_dir.c_str()) != 0) _exit(127);
    unsetenv("SIGNTRAIL_DB");

    std::string binary = SIGNTRAIL_BINARY;
    std::vector<std::string> copies = args;
    std::vector<char*> argv{binary.data()};
    for (std::string& arg : copies) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }

  fs::path log_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

class WatchTest : public ::testing::Test {
 protected:
  void SetUp() override { fs::create_directories(inbox_); }

  // The watch arguments on this test's inbox and store, polling every 50 ms.
  std::vector<std::string> WatchArgs(const std::string& settle) const {
    return {"watch", inbox_.string(), "--db", db_.string(), "--settle", settle, "--poll", "0.05"};
  }

  RunResult RunOnce(const std::string& settle = "0.3") {
    std::vector<std::string> args = WatchArgs(settle);
    args.push_back("--once");
    return RunSignTrail(args, dir_.path());
  }

  std::unique_ptr<WatchProcess> StartWatch(const std::string& log_name,
                                           const std::string& settle = "0.3") {
    return std::make_unique<WatchProcess>(WatchArgs(settle), dir_.path(), dir_ / log_name);
  }

  // Every stored session as CSV.
  std::string SignInsCsv() {
    RunResult result =
        RunSignTrail({"signins", "--db", db_.string(), "--start", "2024-01-01T00:00:00Z", "--end",
                      "2025-01-01T00:00:00Z", "--format", "csv"},
                     dir_.path());
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  size_t StoredSessionCount() { return CountOccurrences(SignInsCsv(), "\r\n") - 1; }

  void Drop(std::string_view fixture, std::string_view name) {
    fs::copy_file(TestDataPath(std::string("integration/") + std::string(fixture)), inbox_ / name);
  }

  // Runs SQL on the store with the SQLite library, outside signtrail.
  void RunSql(const std::string& sql) {
    sqlite3* database = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &database), SQLITE_OK);
    char* error = nullptr;
    const int result = sqlite3_exec(database, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error != nullptr ? error : "";
    sqlite3_free(error);
    sqlite3_close(database);
    ASSERT_EQ(result, SQLITE_OK) << message;
  }

  // Makes every new batch fail inside the store's transaction.
  void BreakStore() {
    RunSql(
        "CREATE TRIGGER watch_test_failure BEFORE INSERT ON batches "
        "BEGIN SELECT RAISE(ABORT, 'injected store failure'); END;");
  }

  // Files directly in `folder`, sorted, dot-files included.
  static std::vector<std::string> FileNames(const fs::path& folder) {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
      if (entry.is_regular_file()) names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  TempDir dir_;
  fs::path inbox_ = dir_ / "inbox";
  fs::path db_ = dir_ / "audit.db";
};

TEST_F(WatchTest, GoodFileMovesToProcessed) {
  Drop("window-lcs.csv", "window-lcs.csv");

  RunResult result = RunOnce();

  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(fs::exists(inbox_ / "processed" / "window-lcs.csv"));
  EXPECT_FALSE(fs::exists(inbox_ / "window-lcs.csv"));
  EXPECT_EQ(SignInsCsv(), std::string(kCsvHeader) + std::string(kWindowLcsRows));
}

TEST_F(WatchTest, GoodFileLogsBatchSummary) {
  Drop("window-lcs.csv", "window-lcs.csv");

  RunResult result = RunOnce();

  EXPECT_TRUE(Contains(result.err, "watch started: folder " + inbox_.string())) << result.err;
  EXPECT_TRUE(Contains(result.err, "ingested window-lcs.csv: batch 1, 203 bytes, sha256 "))
      << result.err;
  EXPECT_TRUE(Contains(result.err,
                       "rows read 2, added 2, duplicate 0, updated 0, rejected 0, event times "
                       "2024-05-06T09:00:00Z to 2024-05-06T12:30:00Z"))
      << result.err;
  EXPECT_TRUE(Contains(result.err, "moved window-lcs.csv to processed/window-lcs.csv"))
      << result.err;
  EXPECT_TRUE(Contains(result.err, "watch --once finished: 1 file(s) processed, 0 rejected"))
      << result.err;
}

TEST_F(WatchTest, BadFileMovesToRejected) {
  Drop("bad-last-row.csv", "bad.csv");

  RunResult result = RunOnce();

  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_TRUE(fs::exists(inbox_ / "rejected" / "bad.csv"));
  EXPECT_FALSE(fs::exists(inbox_ / "bad.csv"));
  EXPECT_EQ(SignInsCsv(), kCsvHeader);
}

TEST_F(WatchTest, RejectReasonNamesLineAndValue) {
  Drop("bad-last-row.csv", "bad.csv");

  RunOnce();

  const std::string reason = ReadFileBytes(inbox_ / "rejected" / "bad.csv.reason.txt");
  EXPECT_TRUE(Contains(reason, "file: bad.csv\n")) << reason;
  EXPECT_TRUE(Contains(reason, "error: bad.csv:5: ")) << reason;
  EXPECT_TRUE(Contains(reason, "'2024-06-31T13:00:00Z'")) << reason;
  EXPECT_TRUE(Contains(reason, "rejected at: 20")) << reason;
}

TEST_F(WatchTest, SameFileTwiceAddsNothing) {
  Drop("window-lcs.csv", "window-lcs.csv");
  ASSERT_EQ(RunOnce().exit_code, 0);
  Drop("window-lcs.csv", "window-lcs.csv");

  RunResult second = RunOnce();

  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(FileNames(inbox_ / "processed"),
            (std::vector<std::string>{"window-lcs.csv", "window-lcs.csv.1"}));
  EXPECT_TRUE(Contains(second.err,
                       "already ingested window-lcs.csv as batch 1 (same SHA-256 "
                       "and source); recorded as batch 2"))
      << second.err;
  EXPECT_TRUE(Contains(second.err, "rows read 2, added 0, duplicate 2")) << second.err;
  EXPECT_EQ(SignInsCsv(), std::string(kCsvHeader) + std::string(kWindowLcsRows));
}

// The state a kill between the commit and the move leaves behind.
TEST_F(WatchTest, CommittedFileOnlyMoves) {
  Drop("window-lcs.csv", "window-lcs.csv");
  RunResult ingest = RunSignTrail(
      {"ingest", "--db", db_.string(), (inbox_ / "window-lcs.csv").string()}, dir_.path());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;

  RunResult result = RunOnce();

  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(FileNames(inbox_ / "processed"), std::vector<std::string>{"window-lcs.csv"});
  EXPECT_TRUE(Contains(result.err, "already ingested window-lcs.csv as batch 1")) << result.err;
  EXPECT_EQ(SignInsCsv(), std::string(kCsvHeader) + std::string(kWindowLcsRows));
}

TEST_F(WatchTest, IgnoredNamesStayInPlace) {
  for (const char* name : {".hidden.csv", "copying.csv.tmp", "download.csv.part"}) {
    Drop("window-lcs.csv", name);
  }
  fs::create_directories(inbox_ / "processed");
  Drop("window-lcs.csv", "processed/nested.csv");

  RunResult result = RunOnce();

  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(FileNames(inbox_), (std::vector<std::string>{".hidden.csv", ".signtrail-watch.lock",
                                                         "copying.csv.tmp", "download.csv.part"}));
  EXPECT_EQ(FileNames(inbox_ / "processed"), std::vector<std::string>{"nested.csv"});
  EXPECT_EQ(SignInsCsv(), kCsvHeader);
}

TEST_F(WatchTest, GrowingFileWaitsUntilSettled) {
  const fs::path file = inbox_ / "growing.csv";
  auto watch = StartWatch("watch.log", "1");
  ASSERT_TRUE(watch->WaitForLog("watch started")) << watch->Log();

  // Three appends 0.4 s apart: each comes before the file has been
  // unchanged for the 1 s settle time.
  WriteFileBytes(file, std::string(kLcsHeader) + LcsRows(0, 2));
  ASSERT_TRUE(watch->WaitForLog("found growing.csv")) << watch->Log();
  for (int part = 1; part <= 2; ++part) {
    std::this_thread::sleep_for(milliseconds(400));
    WriteFileBytes(file, ReadFileBytes(file) + LcsRows(2 * part, 2));
  }
  std::this_thread::sleep_for(milliseconds(400));
  EXPECT_TRUE(fs::exists(file));
  EXPECT_FALSE(Contains(watch->Log(), "ingesting growing.csv")) << watch->Log();

  ASSERT_TRUE(watch->WaitForLog("moved growing.csv to processed/growing.csv")) << watch->Log();
  watch->Signal(SIGTERM);
  EXPECT_EQ(watch->Wait(), 0);
  EXPECT_TRUE(Contains(watch->Log(), "rows read 6, added 6")) << watch->Log();
  EXPECT_TRUE(Contains(watch->Log(), "watch stopped on SIGTERM: 1 file(s) processed, 0 rejected"))
      << watch->Log();
  EXPECT_EQ(StoredSessionCount(), 6u);
}

// SIGTERM while a batch is being written: that file is finished and moved,
// and the next one is not started.
TEST_F(WatchTest, SigtermFinishesCurrentFile) {
  constexpr int kRowsPerFile = 4000;
  for (int index = 0; index < 2; ++index) {
    WriteFileBytes(inbox_ / fmt::format("export-{}.csv", index),
                   std::string(kLcsHeader) + LcsRows(index * kRowsPerFile, kRowsPerFile));
  }
  auto watch = StartWatch("watch.log", "0.1");
  ASSERT_TRUE(watch->WaitForLog("ingesting export-0.csv")) << watch->Log();

  watch->Signal(SIGTERM);

  EXPECT_EQ(watch->Wait(), 0);
  const std::string log = watch->Log();
  EXPECT_TRUE(Contains(log, "moved export-0.csv to processed/export-0.csv")) << log;
  EXPECT_TRUE(Contains(log, "watch stopped on SIGTERM: 1 file(s) processed, 0 rejected")) << log;
  EXPECT_FALSE(Contains(log, "ingesting export-1.csv")) << log;
  EXPECT_TRUE(fs::exists(inbox_ / "export-1.csv"));
  EXPECT_EQ(StoredSessionCount(), static_cast<size_t>(kRowsPerFile));
}

TEST_F(WatchTest, SecondWatchOnFolderFails) {
  auto watch = StartWatch("watch.log");
  ASSERT_TRUE(watch->WaitForLog("watch started")) << watch->Log();

  RunResult second = RunOnce();

  EXPECT_EQ(second.exit_code, 1);
  EXPECT_TRUE(Contains(second.err, "is already watched by another signtrail watch")) << second.err;
  watch->Signal(SIGINT);
  EXPECT_EQ(watch->Wait(), 0);
  EXPECT_TRUE(Contains(watch->Log(), "watch stopped on SIGINT")) << watch->Log();
}

TEST_F(WatchTest, MissingFolderIsUserError) {
  RunResult result = RunSignTrail(
      {"watch", (dir_ / "absent").string(), "--db", db_.string(), "--once"}, dir_.path());

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, "drop folder " + (dir_ / "absent").string() + " not found"))
      << result.err;
}

TEST_F(WatchTest, OnceStoreErrorExitsTwo) {
  ASSERT_EQ(RunOnce().exit_code, 0);  // creates the store
  BreakStore();
  Drop("window-lcs.csv", "window-lcs.csv");

  RunResult broken = RunOnce();

  EXPECT_EQ(broken.exit_code, 2) << broken.err;
  EXPECT_TRUE(fs::exists(inbox_ / "window-lcs.csv"));
  EXPECT_TRUE(Contains(broken.err, "cannot ingest window-lcs.csv: ")) << broken.err;
  EXPECT_TRUE(Contains(broken.err, "injected store failure")) << broken.err;

  RunSql("DROP TRIGGER watch_test_failure;");
  RunResult repaired = RunOnce();
  EXPECT_EQ(repaired.exit_code, 0) << repaired.err;
  EXPECT_TRUE(fs::exists(inbox_ / "processed" / "window-lcs.csv"));
  EXPECT_EQ(SignInsCsv(), std::string(kCsvHeader) + std::string(kWindowLcsRows));
}

TEST_F(WatchTest, StoreFailuresStopAfterFive) {
  ASSERT_EQ(RunOnce().exit_code, 0);
  BreakStore();
  Drop("window-lcs.csv", "window-lcs.csv");

  auto watch = StartWatch("watch.log", "0");
  const int exit_code = watch->WaitFor(milliseconds(20'000));

  EXPECT_EQ(exit_code, 2) << watch->Log();
  const std::string log = watch->Log();
  EXPECT_EQ(CountOccurrences(log, "error: cannot ingest window-lcs.csv: "), 1u) << log;
  EXPECT_EQ(CountOccurrences(log, "error: repeated 4 more time(s) in the last "), 1u) << log;
  EXPECT_TRUE(Contains(log, "watch stopped after 5 failures in a row")) << log;
  EXPECT_TRUE(fs::exists(inbox_ / "window-lcs.csv"));
}

// SIGKILL at growing delays after a batch starts, then restart, until the
// inbox is empty: every file lands in processed/ once, every row is stored
// once, and the ledger still verifies.
TEST_F(WatchTest, KillAndRestartLosesNothing) {
  constexpr int kFiles = 4;
  constexpr int kRowsPerFile = 4000;
  for (int index = 0; index < kFiles; ++index) {
    // Written under a .tmp name and renamed, as a careful copier does.
    const fs::path partial = inbox_ / fmt::format("export-{}.csv.tmp", index);
    WriteFileBytes(partial, std::string(kLcsHeader) + LcsRows(index * kRowsPerFile, kRowsPerFile));
    fs::rename(partial, inbox_ / fmt::format("export-{}.csv", index));
  }

  std::string first_round_log;
  for (int round = 0; round < 2 * kFiles && fs::exists(inbox_ / "export-3.csv"); ++round) {
    auto watch = StartWatch(fmt::format("watch-{}.log", round), "0.1");
    ASSERT_TRUE(watch->WaitForLog("ingesting export-")) << watch->Log();
    std::this_thread::sleep_for(milliseconds(300 * round));
    watch->Signal(SIGKILL);
    ASSERT_EQ(watch->Wait(), 128 + SIGKILL);
    if (round == 0) first_round_log = watch->Log();
  }
  RunResult last = RunOnce("0.1");

  // The first kill comes while the first batch is being written.
  EXPECT_FALSE(Contains(first_round_log, "ingested export-0.csv")) << first_round_log;
  EXPECT_EQ(last.exit_code, 0) << last.err;
  EXPECT_EQ(
      FileNames(inbox_ / "processed"),
      (std::vector<std::string>{"export-0.csv", "export-1.csv", "export-2.csv", "export-3.csv"}));
  EXPECT_EQ(FileNames(inbox_), std::vector<std::string>{".signtrail-watch.lock"});
  EXPECT_EQ(FileNames(inbox_ / "rejected"), std::vector<std::string>{});
  EXPECT_EQ(StoredSessionCount(), static_cast<size_t>(kFiles * kRowsPerFile));
  RunResult verify = RunSignTrail({"verify", "--db", db_.string()}, dir_.path());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace signtrail::testing
