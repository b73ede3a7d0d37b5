// Coverage windows of ingested batches (`ingest --window`, file names, the
// LCS query rule), their doubtful reasons, and heartbeat checkpoints
// (`checkpoint --sign`, `watch --heartbeat`), run through the built binary.

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "integration/run_binary.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

constexpr std::string_view kCoverageHeader = "source,start,end,state,reason,batches\r\n";

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// An LCS export of `rows` sessions, newest first, one every 5 minutes from
// 2024-06-10T12:00:00Z.
std::string LcsExport(int rows) {
  std::ostringstream csv;
  csv << "AADUserID,SessionStartTime,SessionEndTime\n";
  for (int i = rows - 1; i >= 0; --i) {
    const int minutes = 12 * 60 + i * 5;
    csv << fmt::format("00000000-0000-0000-0000-{:012d},2024-06-{:02d}T{:02d}:{:02d}:00Z,\n",
                       i % 40, 10 + minutes / 1440, minutes % 1440 / 60, minutes % 60);
  }
  return csv.str();
}

class WindowsTest : public ::testing::Test {
 protected:
  // Runs signtrail on this test's own store.
  RunResult Run(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--db", (dir_ / "audit.db").string()});
    return RunSignTrail(args, dir_.path());
  }

  std::string RunOk(std::vector<std::string> args) {
    RunResult result = Run(std::move(args));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  // Copies a test data file into this test's folder under `name`.
  std::string CopyAs(std::string_view data, std::string_view name) {
    const std::filesystem::path path = dir_ / std::string(name);
    WriteFileBytes(path, ReadFileBytes(TestDataPath(std::string(data))));
    return path.string();
  }

  TempDir dir_;
};

// The known case: an export with exactly 5,000 rows, newest first, whose
// oldest row is 2024-06-10T12:00Z, ingested for 2024-06-01..2024-07-01.
TEST_F(WindowsTest, RowCapKnownAnswer) {
  WriteFileBytes(dir_ / "logins.csv", LcsExport(5000));

  const std::string out = RunOk({"ingest", "--window", "2024-06-01/2024-07-01", "logins.csv"});

  EXPECT_TRUE(Contains(out, "  window [2024-06-01T00:00:00Z, 2024-07-01T00:00:00Z) declared\n"))
      << out;
  EXPECT_TRUE(Contains(out,
                       "  doubtful: row cap reached: 5,000 data rows, the Lifecycle Services "
                       "export cap; earliest covered 2024-06-10T12:00:00Z\n"))
      << out;
  EXPECT_TRUE(Contains(out,
                       "  warning: logins.csv: row count equals a known export cap and data does "
                       "not reach the requested start; earliest covered 2024-06-10T12:00:00Z\n"))
      << out;
  EXPECT_EQ(RunOk({"coverage", "--format", "csv"}),
            std::string(kCoverageHeader) +
                "lcs-logins:default,2024-06-01T00:00:00Z,2024-06-10T12:00:00Z,gap,row count "
                "equals a known export cap and data does not reach the requested start; earliest "
                "covered 2024-06-10T12:00:00Z,1\r\n"
                "lcs-logins:default,2024-06-10T12:00:00Z,2024-07-01T00:00:00Z,covered,,1\r\n");
}

// The batch's ledger entry (index 5,000, after its events) contains the window,
// so coverage is as tamper-evident as the events.
TEST_F(WindowsTest, RowCapInEntry) {
  WriteFileBytes(dir_ / "logins.csv", LcsExport(5000));
  RunOk({"ingest", "--window", "2024-06-01T00:00:00Z/2024-07-01T00:00:00Z", "logins.csv"});

  const std::string entry = RunOk({"entry", "5000"});

  EXPECT_TRUE(Contains(entry,
                       "\nwindow_start=2024-06-01T00:00:00.000000Z\n"
                       "window_end=2024-07-01T00:00:00.000000Z\n"
                       "window_basis=declared\n"
                       "row_cap_reached=true\n"))
      << entry;
  EXPECT_TRUE(Contains(entry,
                       "\ndoubtful_reason=row cap reached: 5,000 data rows, the Lifecycle "
                       "Services export cap; earliest covered 2024-06-10T12:00:00Z\n"))
      << entry;
}

TEST_F(WindowsTest, WindowWithOffsets) {
  WriteFileBytes(dir_ / "logins.csv", LcsExport(3));

  const std::string out = RunOk(
      {"ingest", "--window", "2024-06-10T02:00:00+02:00/2024-06-11T00:00:00-01:00", "logins.csv"});

  EXPECT_TRUE(Contains(out, "  window [2024-06-10T00:00:00Z, 2024-06-11T01:00:00Z) declared\n"))
      << out;
}

TEST_F(WindowsTest, WindowWithoutSlashRejected) {
  WriteFileBytes(dir_ / "logins.csv", LcsExport(3));

  RunResult result = Run({"ingest", "--window", "2024-06-01", "logins.csv"});

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err,
                       "--window: value '2024-06-01' is not an interval START/END; give two "
                       "times joined by '/', e.g. --window 2024-06-01/2024-07-01"))
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "audit.db"));
}

TEST_F(WindowsTest, ReversedWindowRejected) {
  WriteFileBytes(dir_ / "logins.csv", LcsExport(3));

  RunResult result = Run({"ingest", "--window", "2024-07-01/2024-06-01", "logins.csv"});

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err,
                       "--window: value '2024-07-01/2024-06-01': the start 2024-07-01T00:00:00Z "
                       "is not before the end 2024-06-01T00:00:00Z"))
      << result.err;
}

TEST_F(WindowsTest, BadWindowTimeRejected) {
  WriteFileBytes(dir_ / "logins.csv", LcsExport(3));

  RunResult result = Run({"ingest", "--window", "2024-06-01/yesterday", "logins.csv"});

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, "--window")) << result.err;
  EXPECT_TRUE(Contains(result.err, "'yesterday'")) << result.err;
}

// An Entra download's file name states the days it covers.
TEST_F(WindowsTest, EntraFileNameWindow) {
  const std::string file = CopyAs("integration/InteractiveSignIns_2024-06-03_2024-06-04.csv",
                                  "InteractiveSignIns_2024-06-01_2024-06-07.csv");

  const std::string out = RunOk({"ingest", file});

  EXPECT_TRUE(Contains(out, "  window [2024-06-01T00:00:00Z, 2024-06-08T00:00:00Z) file-name\n"))
      << out;
  EXPECT_FALSE(Contains(out, "doubtful:")) << out;
  EXPECT_EQ(RunOk({"coverage", "--format", "csv"}),
            std::string(kCoverageHeader) +
                "entra:default,2024-06-01T00:00:00Z,2024-06-08T00:00:00Z,covered,,1\r\n");
}

// Without a stated window the batch spans its first to its last event, and
// coverage shows it as doubtful.
TEST_F(WindowsTest, InferredWindowIsDoubtful) {
  const std::string file =
      CopyAs("integration/InteractiveSignIns_2024-06-03_2024-06-04.csv", "signins.csv");

  const std::string out = RunOk({"ingest", file});

  EXPECT_TRUE(Contains(out, ") inferred\n")) << out;
  EXPECT_TRUE(Contains(out,
                       "  doubtful: window inferred from the first and last event; an empty "
                       "stretch inside it is not proven empty\n"))
      << out;
  const std::string coverage = RunOk({"coverage", "--format", "csv"});
  EXPECT_TRUE(Contains(coverage,
                       ",doubtful,window inferred from the first and last event; an empty "
                       "stretch inside it is not proven empty,1\r\n"))
      << coverage;
}

TEST_F(WindowsTest, LcsQueryRuleWindow) {
  const std::string out = RunOk({"ingest", TestDataPath("coverage/lcs-last-export.csv").string()});

  EXPECT_TRUE(Contains(out, "  window [2024-08-25T00:00:00Z, 2024-09-01T00:00:00Z) query-rule\n"))
      << out;
}

TEST_F(WindowsTest, SkippedRowsAreDoubtful) {
  std::string csv = LcsExport(2);
  csv += "00000000-0000-0000-0000-000000000009,not a time,\n";
  WriteFileBytes(dir_ / "logins.csv", csv);

  const std::string out =
      RunOk({"ingest", "--on-error", "skip", "--window", "2024-06-10/2024-06-11", "logins.csv"});

  EXPECT_TRUE(Contains(out, "  doubtful: 1 row rejected with --on-error skip\n")) << out;
  const std::string coverage = RunOk({"coverage", "--format", "csv"});
  EXPECT_EQ(coverage, std::string(kCoverageHeader) +
                          "lcs-logins:default,2024-06-10T00:00:00Z,2024-06-11T00:00:00Z,doubtful,"
                          "1 row rejected with --on-error skip,1\r\n");
}

// --- heartbeats ---

TEST_F(WindowsTest, CheckpointSignAppendsHeartbeat) {
  RunOk({"ingest", TestDataPath("coverage/lcs-last-export.csv").string()});

  RunResult signed_run = Run({"checkpoint", "--sign"});

  ASSERT_EQ(signed_run.exit_code, 0) << signed_run.err;
  EXPECT_TRUE(signed_run.out.find("\n5\n") != std::string::npos) << signed_run.out;
  EXPECT_TRUE(Contains(signed_run.err,
                       ": entry 4, signed checkpoint of tree size 5; lcs-logins:default "
                       "until 2024-09-01T00:00:00Z\n"))
      << signed_run.err;
  EXPECT_EQ(RunOk({"checkpoint"}), signed_run.out);
  const std::string entry = RunOk({"entry", "4"});
  EXPECT_EQ(entry.rfind("signtrail-entry/v1 heartbeat\nheartbeat=1\ntime=", 0), 0u) << entry;
  EXPECT_TRUE(Contains(entry,
                       "\nlast_batch=1\nsource=lcs-logins:default\n"
                       "coverage_end=2024-09-01T00:00:00.000000Z\n"))
      << entry;
}

TEST_F(WindowsTest, VerifyAfterHeartbeats) {
  RunOk({"checkpoint", "--sign"});
  RunOk({"ingest", TestDataPath("coverage/lcs-last-export.csv").string()});
  RunOk({"checkpoint", "--sign"});
  RunOk({"checkpoint", "--sign"});

  RunResult verify = Run({"verify"});

  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(WindowsTest, WatchHeartbeatOnce) {
  const std::filesystem::path inbox = dir_ / "inbox";
  std::filesystem::create_directories(inbox);
  WriteFileBytes(inbox / "logins.csv", LcsExport(3));

  RunResult watch = Run({"watch", inbox.string(), "--settle", "0.2", "--poll", "0.05",
                         "--heartbeat", "1h", "--once"});

  ASSERT_EQ(watch.exit_code, 0) << watch.err;
  EXPECT_TRUE(Contains(watch.err, "heartbeat every 1h")) << watch.err;
  EXPECT_TRUE(Contains(watch.err, "heartbeat 1 at ")) << watch.err;
  EXPECT_TRUE(Contains(watch.err,
                       ": entry 4, signed checkpoint of tree size 5; lcs-logins:default until "
                       "2024-06-11T00:00:00Z"))
      << watch.err;
  RunResult verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// Starts signtrail with `args` in `working_dir`, standard output and error
// appended to `log`, and returns its process id.
pid_t StartInBackground(const std::vector<std::string>& args,
                        const std::filesystem::path& working_dir,
                        const std::filesystem::path& log) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (log_fd < 0 || null_fd < 0 || chdir(working_dir.c_str()) != 0) _exit(127);
  dup2(null_fd, STDIN_FILENO);
  dup2(log_fd, STDOUT_FILENO);
  dup2(log_fd, STDERR_FILENO);
  std::string binary = SIGNTRAIL_BINARY;
  std::vector<std::string> copies = args;
  std::vector<char*> argv{binary.data()};
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

// A continuous watch writes a heartbeat after its first poll and again once
// the interval has passed, even with an empty inbox.
TEST_F(WindowsTest, WatchHeartbeatRepeats) {
  const std::filesystem::path inbox = dir_ / "inbox";
  const std::filesystem::path log = dir_ / "watch.log";
  std::filesystem::create_directories(inbox);
  const pid_t pid =
      StartInBackground({"watch", inbox.string(), "--db", (dir_ / "audit.db").string(), "--poll",
                         "0.05", "--heartbeat", "1s"},
                        dir_.path(), log);
  ASSERT_GT(pid, 0);

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::string text;
  while (std::chrono::steady_clock::now() < deadline) {
    text = std::filesystem::exists(log) ? ReadFileBytes(log) : std::string();
    if (Contains(text, "heartbeat 2 at ")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  text = ReadFileBytes(log);

  EXPECT_TRUE(WIFEXITED(status)) << text;
  EXPECT_EQ(WEXITSTATUS(status), 0) << text;
  EXPECT_TRUE(Contains(text, "heartbeat 1 at ")) << text;
  EXPECT_TRUE(Contains(text, "heartbeat 2 at ")) << text;
  EXPECT_TRUE(Contains(text, ": entry 0, signed checkpoint of tree size 1; no sources")) << text;
  EXPECT_TRUE(Contains(text, ": entry 1, signed checkpoint of tree size 2; no sources")) << text;
  RunResult verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(WindowsTest, WatchBadHeartbeatRejected) {
  const std::filesystem::path inbox = dir_ / "inbox";
  std::filesystem::create_directories(inbox);

  RunResult watch = Run({"watch", inbox.string(), "--heartbeat", "hourly", "--once"});

  EXPECT_EQ(watch.exit_code, 1);
  EXPECT_TRUE(Contains(watch.err, "--heartbeat: value 'hourly' is not a valid duration"))
      << watch.err;
}

}  // namespace
}  // namespace signtrail::testing
