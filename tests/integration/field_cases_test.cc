// Inputs that broke other sign-in tools, run through the built binary, each
// asserting the value signtrail must produce.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "integration/run_binary.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

constexpr std::string_view kCsvHeader =
    "user_id,login,user_name,email,session_start,session_end,end_kind,source,client_ip,"
    "application,result\r\n";

class FieldCaseTest : public ::testing::Test {
 protected:
  // Runs signtrail on this test's own store.
  RunResult Run(std::vector<std::string> args,
                const std::map<std::string, std::string>& environment = {}) {
    const size_t after_command = args[0] == "users" ? 2 : 1;
    args.insert(args.begin() + after_command, {"--db", (dir_ / "audit.db").string()});
    return RunSignTrail(args, dir_.path(), environment);
  }

  // Runs a command that must succeed and returns its standard output.
  std::string RunOk(std::vector<std::string> args,
                    const std::map<std::string, std::string>& environment = {}) {
    RunResult result = Run(std::move(args), environment);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  static std::string Data(std::string_view name) {
    return TestDataPath(std::string("integration/") + std::string(name)).string();
  }

  static bool Contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
  }

  TempDir dir_;
};

// alice 09:00-17:00 and bob 12:30-12:40, window 12:00-13:00.
TEST_F(FieldCaseTest, OverlappingWindowListsBoth) {
  RunOk({"ingest", Data("window-lcs.csv")});
  std::string out = RunOk({"signins", "--start", "2024-05-06T12:00:00Z", "--end",
                           "2024-05-06T13:00:00Z", "--format", "csv"});
  EXPECT_EQ(out, std::string(kCsvHeader) +
                     "00000000-0000-0000-0000-00000000000a,,,,2024-05-06T09:00:00Z,"
                     "2024-05-06T17:00:00Z,recorded,lcs-logins:default,,,success\r\n"
                     "00000000-0000-0000-0000-00000000000b,,,,2024-05-06T12:30:00Z,"
                     "2024-05-06T12:40:00Z,recorded,lcs-logins:default,,,success\r\n");
}

TEST_F(FieldCaseTest, StartedWithinListsOnlyBob) {
  RunOk({"ingest", Data("window-lcs.csv")});
  std::string out = RunOk({"signins", "--start", "2024-05-06T12:00:00Z", "--end",
                           "2024-05-06T13:00:00Z", "--started-within", "--format", "csv"});
  EXPECT_EQ(out, std::string(kCsvHeader) +
                     "00000000-0000-0000-0000-00000000000b,,,,2024-05-06T12:30:00Z,"
                     "2024-05-06T12:40:00Z,recorded,lcs-logins:default,,,success\r\n");
}

TEST_F(FieldCaseTest, QueryKindsNamedDistinctly) {
  RunOk({"ingest", Data("window-lcs.csv")});
  std::string overlapping = RunOk({"signins", "--start", "2024-05-06T12:00:00Z", "--end",
                                   "2024-05-06T13:00:00Z", "--format", "table"});
  std::string started = RunOk({"signins", "--start", "2024-05-06T12:00:00Z", "--end",
                               "2024-05-06T13:00:00Z", "--started-within", "--format", "table"});
  EXPECT_TRUE(Contains(overlapping,
                       "sessions overlapping [2024-05-06T12:00:00Z, 2024-05-06T13:00:00Z)"))
      << overlapping;
  EXPECT_TRUE(Contains(started, "sign-ins started in [2024-05-06T12:00:00Z, 2024-05-06T13:00:00Z)"))
      << started;
}

// Only the interactive download is loaded: nobody, and a notice saying why.
TEST_F(FieldCaseTest, InteractiveOnlyNamesMissingData) {
  RunOk({"ingest", Data("InteractiveSignIns_2024-06-03_2024-06-04.csv")});
  std::string out = RunOk({"signins", "--start", "2024-06-03T09:00:00Z", "--end",
                           "2024-06-03T17:00:00Z", "--format", "table"});
  EXPECT_TRUE(Contains(out, "Rows: 0\n")) << out;
  EXPECT_TRUE(Contains(out, "non-interactive sign-ins not loaded for source entra:default"))
      << out;
}

TEST_F(FieldCaseTest, NonInteractiveSignInsListAlice) {
  RunOk({"ingest", Data("InteractiveSignIns_2024-06-03_2024-06-04.csv"),
         Data("NonInteractiveSignIns_2024-06-03_2024-06-04.csv")});
  std::string csv = RunOk({"signins", "--start", "2024-06-03T09:00:00Z", "--end",
                           "2024-06-03T17:00:00Z", "--format", "csv"});
  const std::string alice = "00000000-0000-0000-0000-0000000000a1,,,,";
  const std::string tail = ",,open,entra:default,192.0.2.10,Office 365,success\r\n";
  EXPECT_EQ(csv, std::string(kCsvHeader) + alice + "2024-06-03T09:10:00Z" + tail + alice +
                     "2024-06-03T11:20:00Z" + tail + alice + "2024-06-03T14:30:00Z" + tail);

  std::string table = RunOk({"signins", "--start", "2024-06-03T09:00:00Z", "--end",
                             "2024-06-03T17:00:00Z", "--format", "table"});
  EXPECT_TRUE(Contains(table, "nonInteractiveUser")) << table;
  EXPECT_FALSE(Contains(table, "not loaded")) << table;
}

// A guest's sign-in carries their email as UPN; the join is on userId.
TEST_F(FieldCaseTest, GuestJoinedOnObjectId) {
  RunOk({"users", "import", Data("guest-directory.csv")});
  RunOk({"ingest", Data("guest-signin.json")});
  std::string out = RunOk({"signins", "--end", "2024-06-06", "--format", "csv"});
  EXPECT_EQ(out, std::string(kCsvHeader) +
                     "00000000-0000-0000-0000-000000000011,"
                     "dana_partner.example#EXT#@contoso.onmicrosoft.com,Dana Okafor,"
                     "dana@partner.example,2024-06-05T10:00:00Z,,open,entra:default,"
                     "198.51.100.7,Microsoft Teams,success\r\n");

  std::string table = RunOk({"signins", "--end", "2024-06-06", "--format", "table"});
  EXPECT_TRUE(Contains(table, "Guest")) << table;
}

// Zone-less query times are UTC whatever the machine's zone is.
TEST_F(FieldCaseTest, ZoneLessQueryIsUtc) {
  RunOk({"ingest", Data("zone-less-query.json")});
  std::string out = RunOk({"signins", "--start", "2025-07-10 00:00", "--end", "2025-07-11 00:00",
                           "--format", "csv"},
                          {{"TZ", "Europe/Amsterdam"}});
  EXPECT_EQ(out, std::string(kCsvHeader) +
                     "00000000-0000-0000-0000-0000000000c2,,,,2025-07-10T23:30:00Z,,open,"
                     "entra:default,192.0.2.32,Office 365,success\r\n");
}

TEST_F(FieldCaseTest, ZoneLessQueryInGivenZone) {
  RunOk({"ingest", Data("zone-less-query.json")});
  std::string out = RunOk({"signins", "--start", "2025-07-10 00:00", "--end", "2025-07-11 00:00",
                           "--tz", "Europe/Amsterdam", "--format", "csv"});
  EXPECT_EQ(out, std::string(kCsvHeader) +
                     "00000000-0000-0000-0000-0000000000c1,,,,2025-07-10T00:30:00+02:00,,open,"
                     "entra:default,192.0.2.31,Office 365,success\r\n");

  std::string table = RunOk({"signins", "--start", "2025-07-10 00:00", "--end",
                             "2025-07-11 00:00", "--tz", "Europe/Amsterdam", "--format", "table"});
  EXPECT_TRUE(Contains(table, "times in Europe/Amsterdam")) << table;
}

// A blank object id is never guessed; an unknown one is listed as unmapped.
TEST_F(FieldCaseTest, UnmappedObjectIdListed) {
  RunOk({"users", "import", Data("mapping-users.csv")});
  RunOk({"ingest", Data("mapping-logins.csv")});
  std::string csv = RunOk({"signins", "--end", "2024-06-11", "--format", "csv"});
  EXPECT_EQ(csv, std::string(kCsvHeader) +
                     "00000000-0000-0000-0000-000000000021,fmartin,Florence Martin,"
                     "florence.martin@contoso.example,2024-06-10T08:00:00Z,2024-06-10T09:00:00Z,"
                     "recorded,lcs-logins:default,,,success\r\n"
                     "00000000-0000-0000-0000-000000000099,,,,2024-06-10T08:30:00Z,"
                     "2024-06-10T09:30:00Z,recorded,lcs-logins:default,,,success\r\n"
                     "00000000-0000-0000-0000-000000000031,,,,2024-06-10T10:00:00Z,"
                     "2024-06-10T11:00:00Z,recorded,lcs-logins:default,,,success\r\n");

  std::string table = RunOk({"signins", "--end", "2024-06-11", "--format", "table"});
  EXPECT_TRUE(Contains(table, "Unmapped ids: 1\n  00000000-0000-0000-0000-000000000099\n"))
      << table;
  EXPECT_FALSE(Contains(table, "admin")) << table;
}

// Two D365 accounts share one object id: a warning, never a silent pick.
TEST_F(FieldCaseTest, SharedObjectIdReported) {
  RunOk({"users", "import", Data("mapping-users.csv")});
  RunOk({"ingest", Data("mapping-logins.csv")});
  std::string table = RunOk({"signins", "--end", "2024-06-11", "--format", "table"});
  EXPECT_TRUE(Contains(table,
                       "2 D365 accounts share object id "
                       "00000000-0000-0000-0000-000000000031: jlee, jlee2"))
      << table;
}

// A grid export in the user's zone and a UTC data-entity export of the same
// session are one event.
TEST_F(FieldCaseTest, GridAndEntityExportsDedupe) {
  std::string grid = RunOk({"ingest", "--source-tz", "Australia/Brisbane", "--date-order", "mdy",
                            Data("userlog-grid.csv")});
  EXPECT_TRUE(Contains(grid, "event times 2024-04-30T22:00:00Z to 2024-04-30T22:00:00Z")) << grid;
  std::string entity = RunOk({"ingest", Data("userlog-entity.csv")});
  EXPECT_TRUE(Contains(entity, "rows read 1, added 0, duplicate 1, updated 0, rejected 0"))
      << entity;
}

TEST_F(FieldCaseTest, GridExportWithoutZoneRejected) {
  RunResult result = Run({"ingest", Data("userlog-grid.csv")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err,
                       "userlog-grid.csv: times like '5/1/2024 8:00:00 AM' are shown in the "
                       "exporting user's time zone; pass --source-tz ZONE"))
      << result.err;
}

TEST_F(FieldCaseTest, UndecidableDateOrderRejected) {
  RunResult result = Run({"ingest", "--source-tz", "Australia/Brisbane", Data("userlog-grid.csv")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, "pass --date-order mdy or --date-order dmy")) << result.err;
}

// The User log's session id restarts every day; the logoff is a heartbeat.
TEST_F(FieldCaseTest, DailySessionIdsStaySeparate) {
  RunOk({"ingest", Data("userlog-daily-reset.csv")});
  std::string csv = RunOk({"signins", "--end", "2024-06-03", "--format", "csv"});
  EXPECT_EQ(csv, std::string(kCsvHeader) +
                     "fmartin,,,,2024-06-01T08:00:00Z,2024-06-01T09:14:00Z,approximate,"
                     "d365-userlog:default,,,success\r\n"
                     "fmartin,,,,2024-06-02T08:05:00Z,2024-06-02T08:30:00Z,approximate,"
                     "d365-userlog:default,,,success\r\n");
  std::string table = RunOk({"signins", "--end", "2024-06-03", "--format", "table"});
  EXPECT_TRUE(Contains(table, "logoff approximate (±15 min), not logged off cleanly")) << table;
}

// Text cells that a spreadsheet would run are neutralised; numbers are not.
TEST_F(FieldCaseTest, ExportNeutralisesFormulas) {
  RunOk({"users", "import", Data("formula-directory.csv")});
  RunOk({"ingest", Data("formula-signins.json")});
  RunOk({"export", "--end", "2024-06-13", "--out", "sessions.csv"});
  EXPECT_EQ(ReadFileBytes(dir_ / "sessions.csv"),
            "\xEF\xBB\xBF" + std::string(kCsvHeader) +
                "00000000-0000-0000-0000-0000000000d1,gus@contoso.example,"
                "\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"open\"\")\",'+cmd@contoso.example,"
                "2024-06-12T09:00:00Z,,open,entra:default,'-2+3,'@SUM(1),success\r\n");

  RunOk({"export", "--end", "2024-06-13", "--failed", "--out", "failed.csv"});
  EXPECT_EQ(ReadFileBytes(dir_ / "failed.csv"),
            "\xEF\xBB\xBF" + std::string(kCsvHeader) +
                "00000000-0000-0000-0000-0000000000d2,,,,2024-06-12T09:05:00Z,,,entra:default,"
                "192.0.2.44,'\tTabbed app,-1\r\n");
}

// A BOM before `Date (UTC)` must not hide the header; UTF-16 reads the same.
TEST_F(FieldCaseTest, ByteOrderMarksRead) {
  std::string utf8 = RunOk({"ingest", Data("bom-signins.csv")});
  EXPECT_TRUE(Contains(utf8, "rows read 1, added 1, duplicate 0")) << utf8;
  std::string utf16 = RunOk({"ingest", Data("utf16-signins.csv")});
  EXPECT_TRUE(Contains(utf16, "rows read 1, added 0, duplicate 1")) << utf16;
  std::string csv = RunOk({"signins", "--end", "2024-06-02", "--format", "csv"});
  EXPECT_EQ(csv, std::string(kCsvHeader) +
                     "alice@contoso.example,,,,2024-06-01T08:00:00Z,,open,entra:default,,,"
                     "success\r\n");
}

// The same file twice adds nothing; an overlapping file adds only new ids.
TEST_F(FieldCaseTest, ReingestionAddsNoDuplicates) {
  std::string first = RunOk({"ingest", Data("rerun-a.jsonl")});
  EXPECT_TRUE(Contains(first, "rows read 4, added 4, duplicate 0")) << first;
  std::string second = RunOk({"ingest", Data("rerun-a.jsonl")});
  EXPECT_TRUE(Contains(second, "rows read 4, added 0, duplicate 4")) << second;
  std::string third = RunOk({"ingest", Data("rerun-b.jsonl")});
  EXPECT_TRUE(Contains(third, "rows read 4, added 2, duplicate 2")) << third;

  std::string csv = RunOk({"signins", "--end", "2024-07-02", "--format", "csv"});
  size_t rows = 0;
  for (char c : csv) rows += c == '\n';
  EXPECT_EQ(rows, 7u) << csv;  // the header and 6 distinct sign-ins
}

// A bad last row under --on-error fail stores nothing at all.
TEST_F(FieldCaseTest, BadLastRowStoresNothing) {
  RunOk({"ingest", Data("window-lcs.csv")});
  const std::string before = ReadFileBytes(dir_ / "audit.db");

  RunResult result = Run({"ingest", Data("bad-last-row.csv")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err,
                       "bad-last-row.csv:5: column 'SessionEndTime': value "
                       "'2024-06-31T13:00:00Z' is not a valid timestamp"))
      << result.err;
  EXPECT_EQ(ReadFileBytes(dir_ / "audit.db"), before);
}

TEST_F(FieldCaseTest, SkipListsRejectedRows) {
  std::string out = RunOk({"ingest", "--on-error", "skip", Data("bad-last-row.csv")});
  EXPECT_TRUE(Contains(out, "rows read 4, added 3, duplicate 0, updated 0, rejected 1")) << out;
  EXPECT_TRUE(Contains(out, "bad-last-row.csv:5: column 'SessionEndTime': value "
                            "'2024-06-31T13:00:00Z' is not a valid timestamp"))
      << out;
}

TEST_F(FieldCaseTest, MissingColumnsNamed) {
  TempDir input;
  const auto path = input / "logins.csv";
  WriteFileBytes(path, "AADUserID,Began\r\n00000000-0000-0000-0000-000000000021,2024-06-10\r\n");
  RunResult result = Run({"ingest", "--format", "lcs-logins", path.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, "SessionStartTime")) << result.err;
  EXPECT_TRUE(Contains(result.err, "Began")) << result.err;
}

TEST_F(FieldCaseTest, BadArgumentsExitOne) {
  RunResult days = Run({"signins", "--days", "0"});
  EXPECT_EQ(days.exit_code, 1);
  RunResult zone = Run({"signins", "--tz", "Mars/Olympus"});
  EXPECT_EQ(zone.exit_code, 1);
  EXPECT_TRUE(Contains(zone.err, "Mars/Olympus")) << zone.err;
  RunResult extension = Run({"export", "--out", "report.xlsx"});
  EXPECT_EQ(extension.exit_code, 1);
  RunResult missing = Run({"ingest", "does-not-exist.csv"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(Contains(missing.err, "does-not-exist.csv")) << missing.err;
}

TEST_F(FieldCaseTest, DamagedStoreExitsTwo) {
  WriteFileBytes(dir_ / "audit.db", std::string(4096, 'x'));
  RunResult result = Run({"signins", "--end", "2024-06-11"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_TRUE(Contains(result.err, "audit.db")) << result.err;
}

TEST_F(FieldCaseTest, BareSourceInstanceResolved) {
  RunOk({"ingest", "--source", "east", Data("window-lcs.csv")});
  std::string out = RunOk({"signins", "--start", "2024-05-06T12:00:00Z", "--end",
                           "2024-05-06T13:00:00Z", "--source", "east", "--format", "csv"});
  EXPECT_TRUE(Contains(out, "lcs-logins:east")) << out;
}

TEST_F(FieldCaseTest, UnknownSourceListsKnownOnes) {
  RunOk({"ingest", Data("window-lcs.csv")});
  RunResult result = Run({"signins", "--end", "2024-05-07", "--source", "entra:contoso"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, "no source named 'entra:contoso' in this store (known sources: "
                                   "lcs-logins:default)"))
      << result.err;
}

TEST_F(FieldCaseTest, AmbiguousSourceInstanceRejected) {
  RunOk({"ingest", Data("window-lcs.csv"), Data("guest-signin.json")});
  RunResult result = Run({"signins", "--end", "2024-05-07", "--source", "default"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(Contains(result.err, "matches several sources (entra:default, lcs-logins:default)"))
      << result.err;
}

TEST_F(FieldCaseTest, ControlCharactersEscapedInErrors) {
  TempDir input;
  const auto path = input / "escape.csv";
  WriteFileBytes(path,
                 "AADUserID,SessionStartTime\r\n00000000-0000-0000-0000-000000000021,"
                 "\x1b]0;owned\x07\x1b[2J\r\n");
  RunResult result = Run({"ingest", "--format", "lcs-logins", path.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(result.err.find('\x1b'), std::string::npos) << result.err;
  EXPECT_TRUE(Contains(result.err, "\\x1b]0;owned\\x07")) << result.err;
}

}  // namespace
}  // namespace signtrail::testing
