// `signtrail coverage`, `signtrail status` and the coverage notices of
// `signins`, run through the built binary.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "integration/run_binary.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

constexpr std::string_view kCoverageHeader = "source,start,end,state,reason,batches\r\n";

class CoverageCommandTest : public ::testing::Test {
 protected:
  // Runs signtrail on this test's own store.
  RunResult Run(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--db", (dir_ / "audit.db").string()});
    return RunSignTrail(args, dir_.path());
  }

  // Runs a command that must succeed and returns its standard output.
  std::string RunOk(std::vector<std::string> args) {
    RunResult result = Run(std::move(args));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  static std::string Data(std::string_view name) {
    return TestDataPath(std::string("coverage/") + std::string(name)).string();
  }

  static bool Contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
  }

  static bool EndsWith(const std::string& text, std::string_view tail) {
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
  }

  int StatusExitAt(std::string_view now) {
    RunResult result = Run({"status", "--now", std::string(now)});
    return result.exit_code;
  }

  TempDir dir_;
};

// An LCS export with 3 sessions up to 2024-08-31 and no other D365 source:
// coverage ends 2024-09-01, the day after the last session, and the rest of
// the range is a gap.
TEST_F(CoverageCommandTest, RetiredLcsShowsGap) {
  RunOk({"ingest", Data("lcs-last-export.csv")});

  const std::string csv =
      RunOk({"coverage", "--start", "2024-08-01", "--end", "2024-11-01", "--format", "csv"});

  EXPECT_EQ(csv.rfind(kCoverageHeader, 0), 0u) << csv;
  EXPECT_TRUE(Contains(csv, ",2024-09-01T00:00:00Z,covered,,1\r\n")) << csv;
  EXPECT_TRUE(EndsWith(csv,
                       "lcs-logins:default,2024-09-01T00:00:00Z,2024-11-01T00:00:00Z,gap,,"
                       "\r\n"))
      << csv;
}

TEST_F(CoverageCommandTest, RetiredLcsIsStale) {
  RunOk({"ingest", Data("lcs-last-export.csv")});

  RunResult result = Run({"status", "--now", "2024-11-01", "--format", "json"});

  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(Contains(result.out, "\"coverage_end\":\"2024-09-01T00:00:00Z\"")) << result.out;
  EXPECT_TRUE(Contains(result.out, "\"age_seconds\":5270400,")) << result.out;
  EXPECT_TRUE(Contains(result.out, "\"status\":\"stale\"")) << result.out;
}

TEST_F(CoverageCommandTest, RetiredLcsNotedInSignIns) {
  RunOk({"ingest", Data("lcs-last-export.csv")});

  RunResult result =
      Run({"signins", "--start", "2024-08-01", "--end", "2024-11-01", "--format", "csv"});

  EXPECT_EQ(result.exit_code, 0) << result.err;
  const size_t notice = result.err.find("Notice: lcs-logins:default has no data for ");
  ASSERT_NE(notice, std::string::npos) << result.err;
  const std::string line = result.err.substr(notice, result.err.find('\n', notice) - notice);
  EXPECT_TRUE(EndsWith(line, "[2024-09-01T00:00:00Z, 2024-11-01T00:00:00Z)")) << line;
}

// A 5,000-row export, newest first, whose oldest row is 2024-06-10T12:00Z,
// for the requested window 2024-06-01..2024-07-01.
TEST_F(CoverageCommandTest, RowCapLeavesGap) {
  std::ostringstream csv;
  csv << "AADUserID,SessionStartTime,SessionEndTime\n";
  constexpr int kRows = 5000;
  for (int i = kRows - 1; i >= 0; --i) {
    const int minutes = i * 5;  // 2024-06-10T12:00Z plus 5 minutes per row
    const int day = 10 + (12 * 60 + minutes) / (24 * 60);
    const int minute_of_day = (12 * 60 + minutes) % (24 * 60);
    csv << fmt::format("00000000-0000-0000-0000-{:012d},2024-06-{:02d}T{:02d}:{:02d}:00Z,\n",
                       i % 40, day, minute_of_day / 60, minute_of_day % 60);
  }
  WriteFileBytes(dir_ / "logins.csv", csv.str());
  RunOk({"ingest", "--window", "2024-06-01T00:00:00Z/2024-07-01T00:00:00Z",
         (dir_ / "logins.csv").string()});

  const std::string coverage = RunOk({"coverage", "--format", "csv"});

  EXPECT_EQ(coverage,
            std::string(kCoverageHeader) +
                "lcs-logins:default,2024-06-01T00:00:00Z,2024-06-10T12:00:00Z,gap,row count "
                "equals a known export cap and data does not reach the requested start; earliest "
                "covered 2024-06-10T12:00:00Z,1\r\n"
                "lcs-logins:default,2024-06-10T12:00:00Z,2024-07-01T00:00:00Z,covered,,1\r\n");
}

// One Entra sign-in at 2024-06-03T10:00:00Z and no stated window: coverage
// ends one microsecond after it.
TEST_F(CoverageCommandTest, StatusExitCodesAroundThresholds) {
  RunOk({"ingest", Data("entra-one-signin.json")});

  EXPECT_EQ(StatusExitAt("2024-06-04T10:00:00Z"), 0);
  EXPECT_EQ(StatusExitAt("2024-06-08T10:00:00.000001Z"), 0);  // exactly the warn age
  EXPECT_EQ(StatusExitAt("2024-06-08T10:00:00.000002Z"), 1);  // 1 µs past it
  EXPECT_EQ(StatusExitAt("2024-06-10T10:00:00.000001Z"), 1);  // exactly the max age
  EXPECT_EQ(StatusExitAt("2024-06-10T10:00:00.000002Z"), 2);  // 1 µs past it
}

TEST_F(CoverageCommandTest, StatusCustomAges) {
  RunOk({"ingest", Data("entra-one-signin.json")});

  // At 2024-06-04T12:00Z the coverage is 26 hours old, less 1 µs.
  RunResult warn =
      Run({"status", "--now", "2024-06-04T12:00:00Z", "--max-age", "1d12h", "--warn-age", "1d"});
  RunResult half = Run({"status", "--now", "2024-06-04T12:00:00Z", "--max-age", "2d"});
  RunResult stale = Run({"status", "--now", "2024-06-04T12:00:00Z", "--max-age", "90m"});

  EXPECT_EQ(warn.exit_code, 1) << warn.err;
  EXPECT_EQ(half.exit_code, 1) << half.err;
  EXPECT_EQ(stale.exit_code, 2) << stale.err;
}

TEST_F(CoverageCommandTest, StatusPrometheusSample) {
  RunOk({"ingest", Data("entra-one-signin.json")});

  RunResult result = Run({"status", "--now", "2024-06-04T10:00:00Z", "--format", "prometheus"});

  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(Contains(result.out,
                       "\nsigntrail_source_coverage_end_seconds{source=\"entra:default\"} "
                       "1717408800.000001\n"))
      << result.out;
  EXPECT_TRUE(Contains(result.out, "\nsigntrail_source_status{source=\"entra:default\"} 0\n"))
      << result.out;
  EXPECT_TRUE(EndsWith(result.out, "\nsigntrail_status_generated_seconds 1717495200\n"))
      << result.out;
}

TEST_F(CoverageCommandTest, EmptyStoreStatusFails) {
  RunOk({"init"});

  RunResult result = Run({"status", "--now", "2024-06-04T10:00:00Z"});

  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(Contains(result.err, "the store holds no sign-in batches")) << result.err;
  EXPECT_TRUE(Contains(result.out, "No sources")) << result.out;
}

TEST_F(CoverageCommandTest, BadDurationIsUserError) {
  RunResult result = Run({"status", "--max-age", "7 days"});

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, "--max-age: value '7 days' is not a valid duration"))
      << result.err;
}

TEST_F(CoverageCommandTest, UnknownSourceIsUserError) {
  RunOk({"ingest", Data("entra-one-signin.json")});

  RunResult result = Run({"coverage", "--source", "entra:fabrikam"});

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err,
                       "--source: no batch of source 'entra:fabrikam' is stored; sources: "
                       "entra:default"))
      << result.err;
}

TEST_F(CoverageCommandTest, NoDataInRangeIsOneGap) {
  RunOk({"ingest", Data("entra-one-signin.json")});

  const std::string csv =
      RunOk({"coverage", "--start", "2024-07-01", "--end", "2024-07-02", "--format", "csv"});

  EXPECT_EQ(csv, std::string(kCoverageHeader) +
                     "entra:default,2024-07-01T00:00:00Z,2024-07-02T00:00:00Z,gap,,\r\n");
}

TEST_F(CoverageCommandTest, JsonLinesInZone) {
  RunOk({"ingest", Data("entra-one-signin.json")});

  const std::string jsonl =
      RunOk({"coverage", "--start", "2024-06-03", "--end", "2024-06-04", "--tz", "Europe/Amsterdam",
             "--format", "jsonl", "--source", "entra:default"});

  EXPECT_EQ(jsonl.rfind("{\"source\":\"entra:default\",\"start\":\"2024-06-03T00:00:00+02:00\","
                        "\"end\":\"2024-06-03T12:00:00+02:00\",\"state\":\"gap\",\"reason\":\"\","
                        "\"batches\":[]}\n",
                        0),
            0u)
      << jsonl;
}

}  // namespace
}  // namespace signtrail::testing
