// The built binary on stores that are missing, misnamed or fed a changed
// copy of a stored sign-in.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "integration/run_binary.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

constexpr std::string_view kTypoNotFound =
    "signtrail: error: store typo.db not found; create it with 'signtrail init' or 'signtrail "
    "ingest', or check --db and SIGNTRAIL_DB\n";

std::string Data(std::string_view name) {
  return TestDataPath(std::string("store-hardening/") + std::string(name)).string();
}

bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

// The names of the files in `folder`, sorted.
std::vector<std::string> FileNames(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(MissingStore, ReadCommandsExitOne) {
  const std::vector<std::vector<std::string>> commands = {
      {"signins", "--db", "typo.db"}, {"export", "--db", "typo.db", "--out", "signins.csv"},
      {"verify", "--db", "typo.db"},  {"checkpoint", "--db", "typo.db"},
      {"key", "--db", "typo.db"},     {"status", "--db", "typo.db"},
  };
  for (const std::vector<std::string>& command : commands) {
    SCOPED_TRACE(command[0]);
    TempDir dir;

    RunResult result = RunSignTrail(command, dir.path());

    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.err, kTypoNotFound);
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{});
  }
}

TEST(MissingStore, EmptyFileStaysEmpty) {
  TempDir dir;
  WriteFileBytes(dir / "empty.db", "");

  RunResult result = RunSignTrail({"signins", "--db", "empty.db"}, dir.path());

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err,
            "signtrail: error: store empty.db not found (the file is empty); create it with "
            "'signtrail init' or 'signtrail ingest', or check --db and SIGNTRAIL_DB\n");
  EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{"empty.db"});
  EXPECT_EQ(ReadFileBytes(dir / "empty.db"), "");
}

TEST(MissingStore, EmptyDbOptionIsError) {
  TempDir dir;

  RunResult result = RunSignTrail({"signins", "--db", ""}, dir.path());

  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err,
                       "--db: the value is empty; give the store file path, or leave out --db "
                       "to use $SIGNTRAIL_DB or ./signtrail.db"))
      << result.err;
  EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{});
}

TEST(MissingStore, EmptyEnvironmentIsError) {
  TempDir dir;
  const std::vector<std::vector<std::string>> commands = {
      {"signins"},
      {"ingest", Data("signin-same.json")},
      {"init"},
  };
  for (const std::vector<std::string>& command : commands) {
    SCOPED_TRACE(command[0]);

    RunResult result = RunSignTrail(command, dir.path(), {{"SIGNTRAIL_DB", ""}});

    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.err,
              "signtrail: error: SIGNTRAIL_DB is set but empty; set it to the store file path, "
              "or unset it to use ./signtrail.db\n");
    EXPECT_EQ(FileNames(dir.path()), std::vector<std::string>{});
  }
}

TEST(MissingStore, InitAndIngestCreate) {
  TempDir dir;

  RunResult init = RunSignTrail({"init", "--db", "made.db"}, dir.path());
  RunResult ingest =
      RunSignTrail({"ingest", "--db", "ingested.db", Data("signin-same.json")}, dir.path());

  EXPECT_EQ(init.exit_code, 0) << init.err;
  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_EQ(FileNames(dir.path()),
            (std::vector<std::string>{"ingested.db", "ingested.db.key", "made.db", "made.db.key"}));
  RunResult read = RunSignTrail({"signins", "--db", "made.db", "--format", "csv"}, dir.path());
  EXPECT_EQ(read.exit_code, 0) << read.err;
}

class ConflictReportTest : public ::testing::Test {
 protected:
  RunResult Ingest(std::string_view name) {
    return RunSignTrail({"ingest", "--db", "audit.db", "--source", "contoso", Data(name)},
                        dir_.path());
  }

  TempDir dir_;
};

// The portal CSV has whole seconds, the JSON of the same sign-in
// microseconds: one sign-in, no conflict.
TEST_F(ConflictReportTest, CsvThenJsonIsDuplicate) {
  ASSERT_EQ(Ingest("InteractiveSignIns_2024-06-03_2024-06-04.csv").exit_code, 0);

  RunResult json = Ingest("signin-same.json");

  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(Contains(json.out, "rows read 1, added 0, duplicate 1, updated 0, rejected 0"))
      << json.out;
  EXPECT_FALSE(Contains(json.out, "conflict")) << json.out;
}

TEST_F(ConflictReportTest, ChangedAddressIsShown) {
  ASSERT_EQ(Ingest("InteractiveSignIns_2024-06-03_2024-06-04.csv").exit_code, 0);

  RunResult json = Ingest("signin-other-address.json");

  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_TRUE(Contains(json.out,
                       "  conflict: record 5c1a7b2e-41d0-4a3e-9c5f-2b8d6e0f1a01: client_address "
                       "stored as 192.0.2.10, this file has 198.51.100.7; the stored value is "
                       "kept\n"))
      << json.out;
  RunResult signins = RunSignTrail({"signins", "--db", "audit.db", "--start", "2024-06-03", "--end",
                                    "2024-06-04", "--format", "csv"},
                                   dir_.path());
  EXPECT_TRUE(Contains(signins.out, ",192.0.2.10,")) << signins.out;
}

TEST_F(ConflictReportTest, EntryNamesIncomingRaw) {
  ASSERT_EQ(Ingest("InteractiveSignIns_2024-06-03_2024-06-04.csv").exit_code, 0);
  ASSERT_EQ(Ingest("signin-other-address.json").exit_code, 0);
  // Leaves: the event and batch 1, then batch 2's conflict and batch row.

  RunResult entry = RunSignTrail({"entry", "--db", "audit.db", "2"}, dir_.path());

  EXPECT_EQ(entry.exit_code, 0) << entry.err;
  // The SHA-256 of the JSON line without its line end, computed with
  // sha256sum.
  EXPECT_EQ(entry.out,
            "signtrail-entry/v1 event-conflict\n"
            "batch=2\n"
            "source=entra:contoso\n"
            "record_id=5c1a7b2e-41d0-4a3e-9c5f-2b8d6e0f1a01\n"
            "field=client_address\n"
            "stored_value=192.0.2.10\n"
            "incoming_value=198.51.100.7\n"
            "incoming_raw_sha256="
            "4746407c7fc45e40c93be87e37b50a2c0019ef93c6cda4cbffc8a30cd1926b84\n");
  RunResult verify = RunSignTrail({"verify", "--db", "audit.db"}, dir_.path());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

}  // namespace
}  // namespace signtrail::testing
