// Runs the built binary the way `make run` does, on the bundled samples, and
// compares the export with a file checked by hand.

#include <gtest/gtest.h>

#include "integration/run_binary.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

class DemoTest : public ::testing::Test {
 protected:
  RunResult Run(std::vector<std::string> args) {
    const size_t after_command = args[0] == "users" ? 2 : 1;
    args.insert(args.begin() + after_command, {"--db", (dir_ / "audit.db").string()});
    return RunSignTrail(args, dir_.path());
  }

  std::string Sample(std::string_view name) { return SamplesPath(name).string(); }

  TempDir dir_;
};

TEST_F(DemoTest, SamplesGiveCheckedExport) {
  RunResult users = Run({"users", "import", Sample("d365-users.csv"), Sample("entra-users.csv")});
  ASSERT_EQ(users.exit_code, 0) << users.err;

  RunResult ingest = Run({"ingest", Sample("lcs-user-login-events.csv"),
                          Sample("d365-user-log.csv"),
                          Sample("entra/test-non-interactive-user-signin.log"),
                          Sample("entra/test-signinlogs-raw.log"),
                          Sample("entra/graph-signins-constructed.json")});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.out.find("rows read 5, added 1, duplicate 4, updated 0, rejected 0"),
            std::string::npos)
      << ingest.out;

  RunResult exported = Run({"export", "--end", "2022-03-18", "--out", "signins.csv"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("Wrote 13 rows to signins.csv"), std::string::npos) << exported.out;

  EXPECT_EQ(ReadFileBytes(dir_ / "signins.csv"),
            ReadFileBytes(TestDataPath("integration/expected/demo-signins.csv")));
}

TEST_F(DemoTest, ReingestAddsNothing) {
  const std::string file = Sample("lcs-user-login-events.csv");
  ASSERT_EQ(Run({"ingest", file}).exit_code, 0);

  RunResult again = Run({"ingest", file});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("rows read 8, added 0, duplicate 8, updated 0, rejected 0"),
            std::string::npos)
      << again.out;
}

}  // namespace
}  // namespace signtrail::testing
