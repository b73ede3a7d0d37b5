#include "sources/format_registry.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "model/instant.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using testing::ReadFileBytes;
using testing::TestDataPath;

constexpr std::string_view kD365UsersCsv =
    "User ID,User name,Email,Telemetry ID,Enabled,Provider\r\n"
    "fmartin,Frank Martin,fmartin@contoso.example,00000000-0000-0000-0000-000000000021,Yes,"
    "https://sts.windows.net/\r\n";
constexpr std::string_view kEntraUsersCsv =
    "id,userPrincipalName,displayName,mail,accountEnabled,userType\n"
    "00000000-0000-0000-0000-000000000011,dana_partner.example#EXT#@contoso.onmicrosoft.com,"
    "Dana,dana@partner.example,True,Guest\n";

std::string Fixture(std::string_view relative) { return ReadFileBytes(TestDataPath(relative)); }

std::string DetectedName(std::string_view bytes, FormatKind kind = FormatKind::kSignIns) {
  Result<FormatInfo> format = DetectFormat(bytes, "input", kind);
  if (!format.ok()) return "error: " + format.status().message();
  return std::string(format->name);
}

TEST(Formats, NamesInHelpOrder) {
  std::string names;
  for (const FormatInfo& format : Formats()) names += std::string(format.name) + " ";
  EXPECT_EQ(names, "lcs-logins d365-userlog entra-json entra-csv d365-users entra-users ");
}

TEST(Formats, EntraFormatsShareSourceKind) {
  Result<FormatInfo> json = FindFormat("entra-json");
  Result<FormatInfo> csv = FindFormat("entra-csv");
  ASSERT_TRUE(json.ok()) << json.status().message();
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_EQ(json->source_kind, "entra");
  EXPECT_EQ(csv->source_kind, "entra");
}

TEST(Formats, DirectoryKinds) {
  Result<FormatInfo> d365 = FindFormat("d365-users");
  ASSERT_TRUE(d365.ok()) << d365.status().message();
  EXPECT_EQ(d365->kind, FormatKind::kDirectory);
  EXPECT_EQ(d365->source_kind, "d365-users");
}

TEST(FindFormat, UnknownName) {
  Result<FormatInfo> format = FindFormat("lcs");
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(format.status().message(),
            "unknown format 'lcs' (expected one of: lcs-logins, d365-userlog, entra-json, "
            "entra-csv, d365-users, entra-users)");
}

TEST(DetectFormat, LcsLoginsCsv) {
  EXPECT_EQ(DetectedName(Fixture("lcs-logins/user-login-events.csv")), "lcs-logins");
}

TEST(DetectFormat, LcsLoginsSemicolon) {
  EXPECT_EQ(DetectedName(Fixture("lcs-logins/aliases-semicolon.csv")), "lcs-logins");
}

TEST(DetectFormat, LcsLoginsUtf16) {
  EXPECT_EQ(DetectedName(Fixture("lcs-logins/utf16le.csv")), "lcs-logins");
}

TEST(DetectFormat, LcsLoginsXlsx) {
  EXPECT_EQ(DetectedName(Fixture("lcs-logins/user-login-events.xlsx")), "lcs-logins");
}

TEST(DetectFormat, D365UserLogCsv) {
  EXPECT_EQ(DetectedName(Fixture("d365-userlog/user-log.csv")), "d365-userlog");
}

TEST(DetectFormat, D365UserLogDataEntity) {
  EXPECT_EQ(DetectedName(Fixture("d365-userlog/data-entity.csv")), "d365-userlog");
}

TEST(DetectFormat, D365UserLogXlsx) {
  EXPECT_EQ(DetectedName(Fixture("d365-userlog/user-log.xlsx")), "d365-userlog");
}

TEST(DetectFormat, EntraCsvDownload) {
  EXPECT_EQ(DetectedName(Fixture("entra-csv/InteractiveSignIns_2024-06-01_2024-06-02.csv")),
            "entra-csv");
}

TEST(DetectFormat, EntraCsvServicePrincipals) {
  EXPECT_EQ(DetectedName(Fixture("entra-csv/ApplicationSignIns_2024-06-01_2024-06-02.csv")),
            "entra-csv");
}

TEST(DetectFormat, EntraCsvByteOrderMark) {
  EXPECT_EQ(DetectedName(Fixture("entra-csv/bom-minimal.csv")), "entra-csv");
}

TEST(DetectFormat, EntraCsvUtf16) {
  EXPECT_EQ(DetectedName(Fixture("entra-csv/bom-minimal-utf16le.csv")), "entra-csv");
}

TEST(DetectFormat, EntraJsonGraphPage) {
  EXPECT_EQ(DetectedName("\xEF\xBB\xBF  \r\n{\"value\":[]}"), "entra-json");
}

TEST(DetectFormat, EntraJsonArray) { EXPECT_EQ(DetectedName("[\n]"), "entra-json"); }

TEST(DetectFormat, EntraJsonRealRecords) {
  EXPECT_EQ(DetectedName(ReadFileBytes(testing::RealDataPath("entra/test-signinlogs-raw.log"))),
            "entra-json");
}

TEST(DetectFormat, D365UsersCsv) {
  EXPECT_EQ(DetectedName(kD365UsersCsv, FormatKind::kDirectory), "d365-users");
}

TEST(DetectFormat, EntraUsersCsv) {
  EXPECT_EQ(DetectedName(kEntraUsersCsv, FormatKind::kDirectory), "entra-users");
}

TEST(DetectFormat, OtherImportersFixtures) {
  struct Case {
    std::string_view fixture;
    FormatKind kind;
    std::string_view expected;
  };
  const Case cases[] = {
      {"d365-users/users.csv", FormatKind::kDirectory, "d365-users"},
      {"d365-users/users.xlsx", FormatKind::kDirectory, "d365-users"},
      {"d365-users/aliases_semicolon.csv", FormatKind::kDirectory, "d365-users"},
      {"entra-users/users.csv", FormatKind::kDirectory, "entra-users"},
      {"entra-users/users_utf16.txt", FormatKind::kDirectory, "entra-users"},
      {"entra-json/graph-page.json", FormatKind::kSignIns, "entra-json"},
      {"entra-json/plain-array.json", FormatKind::kSignIns, "entra-json"},
      {"entra-json/diagnostic-records.json", FormatKind::kSignIns, "entra-json"},
      {"entra-json/crlf.ndjson", FormatKind::kSignIns, "entra-json"},
      {"entra-json/bom.json", FormatKind::kSignIns, "entra-json"},
  };
  for (const Case& test_case : cases) {
    SCOPED_TRACE(test_case.fixture);
    EXPECT_EQ(DetectedName(Fixture(test_case.fixture), test_case.kind), test_case.expected);
  }
}

TEST(DetectFormat, ContentNotExtension) {
  Result<FormatInfo> format = DetectFormat(Fixture("lcs-logins/user-login-events.csv"),
                                           "signins.json", FormatKind::kSignIns);
  ASSERT_TRUE(format.ok()) << format.status().message();
  EXPECT_EQ(format->name, "lcs-logins");
}

TEST(DetectFormat, NoCandidate) {
  Result<FormatInfo> format =
      DetectFormat("Foo,Bar,Baz\n1,2,3\n", "mystery.csv", FormatKind::kSignIns);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(format.status().message(),
            "mystery.csv: cannot tell the format from its columns (found: Foo, Bar, Baz); pass "
            "--format NAME (one of: lcs-logins, d365-userlog, entra-json, entra-csv)");
}

TEST(DetectFormat, TieBetweenFormats) {
  // Date, User and Session ID fit entra-csv; User, Session ID and Logon fit
  // d365-userlog: three columns each.
  Result<FormatInfo> format =
      DetectFormat("Date,User,Session ID,Logon\n", "tie.csv", FormatKind::kSignIns);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.status().message(),
            "tie.csv: cannot tell the format from its columns (found: Date, User, Session ID, "
            "Logon); pass --format NAME (one of: lcs-logins, d365-userlog, entra-json, "
            "entra-csv)");
}

TEST(DetectFormat, DirectoryNoCandidate) {
  Result<FormatInfo> format = DetectFormat("Foo\n", "mystery.csv", FormatKind::kDirectory);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.status().message(),
            "mystery.csv: cannot tell the format from its columns (found: Foo); pass --format "
            "NAME (one of: d365-users, entra-users)");
}

TEST(DetectFormat, SignInsGivenAsDirectory) {
  Result<FormatInfo> format =
      DetectFormat(Fixture("d365-userlog/user-log.csv"), "user-log.csv", FormatKind::kDirectory);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(format.status().message(),
            "user-log.csv: this is a sign-in export (d365-userlog), not a user directory export; "
            "import it with 'signtrail ingest'");
}

TEST(DetectFormat, DirectoryGivenAsSignIns) {
  Result<FormatInfo> format = DetectFormat(kD365UsersCsv, "users.csv", FormatKind::kSignIns);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.status().message(),
            "users.csv: this is a user directory export (d365-users), not a sign-in export; "
            "import it with 'signtrail users import'");
}

TEST(DetectFormat, JsonGivenAsDirectory) {
  Result<FormatInfo> format =
      DetectFormat("{\"value\":[]}", "signins.json", FormatKind::kDirectory);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.status().message(),
            "signins.json: this is a sign-in export (entra-json), not a user directory export; "
            "import it with 'signtrail ingest'");
}

TEST(DetectFormat, EmptyFile) {
  Result<FormatInfo> format = DetectFormat("\xEF\xBB\xBF \r\n", "empty.csv", FormatKind::kSignIns);
  ASSERT_FALSE(format.ok());
  EXPECT_EQ(format.status().message(), "empty.csv: the file is empty; nothing to import");
}

TEST(ImportSignIns, DispatchesByFormat) {
  Result<FormatInfo> format = FindFormat("entra-csv");
  ASSERT_TRUE(format.ok()) << format.status().message();
  ImportOptions options;
  options.file_name = "bom-minimal.csv";
  Result<ImportOutput> output =
      ImportSignIns(*format, Fixture("entra-csv/bom-minimal.csv"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-06-01T08:00:00Z");
}

TEST(ImportSignIns, RejectsDirectoryFormat) {
  Result<FormatInfo> format = FindFormat("d365-users");
  ASSERT_TRUE(format.ok()) << format.status().message();
  Result<ImportOutput> output = ImportSignIns(*format, kD365UsersCsv, ImportOptions());
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(output.status().message(),
            "format 'd365-users' reads a user directory, not sign-ins; import it with 'signtrail "
            "users import' (sign-in formats: lcs-logins, d365-userlog, entra-json, entra-csv)");
}

TEST(ImportDirectory, DispatchesByFormat) {
  Result<FormatInfo> format = FindFormat("d365-users");
  ASSERT_TRUE(format.ok()) << format.status().message();
  ImportOptions options;
  options.file_name = "users.csv";
  Result<DirectoryImportOutput> output = ImportDirectory(*format, kD365UsersCsv, options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 1u);
  EXPECT_EQ(output->users[0].account_id, "fmartin");
}

TEST(ImportDirectory, RejectsSignInFormat) {
  Result<FormatInfo> format = FindFormat("lcs-logins");
  ASSERT_TRUE(format.ok()) << format.status().message();
  Result<DirectoryImportOutput> output = ImportDirectory(*format, "", ImportOptions());
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(output.status().message(),
            "format 'lcs-logins' reads sign-ins, not a user directory; import it with 'signtrail "
            "ingest' (directory formats: d365-users, entra-users)");
}

}  // namespace
}  // namespace signtrail
