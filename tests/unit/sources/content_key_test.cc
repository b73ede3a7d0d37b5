// Record keys that must match when one record arrives in two shapes, and
// content keys that must differ when the records differ.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "model/instant.h"
#include "sources/importers.h"
#include "sources/tabular_import.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using ::signtrail::testing::ReadFileBytes;
using ::signtrail::testing::TestDataPath;

ImportOptions OptionsFor(std::string_view file_name) {
  ImportOptions options;
  options.file_name = std::string(file_name);
  return options;
}

// --- ContentKey and CanonicalId ---

TEST(ContentKey, PlainPartsJoined) {
  EXPECT_EQ(ContentKey({"fmartin", "2024-06-01", "5"}), "fmartin|2024-06-01|5");
}

TEST(ContentKey, PipeEscaped) { EXPECT_EQ(ContentKey({"a|b", "c"}), "a\\|b|c"); }

TEST(ContentKey, BackslashEscaped) { EXPECT_EQ(ContentKey({"a\\", "b"}), "a\\\\|b"); }

TEST(ContentKey, ShiftedPipeDiffers) {
  EXPECT_NE(ContentKey({"a|b", "c"}), ContentKey({"a", "b|c"}));
}

TEST(ContentKey, ShiftedBackslashDiffers) {
  EXPECT_NE(ContentKey({"a\\", "|b"}), ContentKey({"a", "\\|b"}));
}

TEST(CanonicalId, GuidLowerCased) {
  EXPECT_EQ(CanonicalId(" 7A1E3C52-9B4D-4F0E-8C21-5D6F7A8B9C01 "),
            "7a1e3c52-9b4d-4f0e-8c21-5d6f7a8b9c01");
}

TEST(CanonicalId, BracesStripped) {
  EXPECT_EQ(CanonicalId("{7A1E3C52-9B4D-4F0E-8C21-5D6F7A8B9C01}"),
            "7a1e3c52-9b4d-4f0e-8c21-5d6f7a8b9c01");
}

TEST(CanonicalId, OtherIdsKeepCase) {
  EXPECT_EQ(CanonicalId("{FMartin}"), "{FMartin}");
  EXPECT_EQ(CanonicalId("FMartin"), "FMartin");
  EXPECT_EQ(CanonicalId("{7A1E3C52-9B4D-4F0E-8C21-5D6F7A8B9C01"),
            "{7A1E3C52-9B4D-4F0E-8C21-5D6F7A8B9C01");
}

// --- lcs-logins: CSV with microseconds, XLSX with milliseconds ---

Result<ImportOutput> ImportLcs(std::string_view name) {
  return ImportLcsLogins(ReadFileBytes(TestDataPath("hardening/" + std::string(name))),
                         OptionsFor(name));
}

TEST(LcsLoginsKey, CsvAndXlsxAgree) {
  const Result<ImportOutput> csv = ImportLcs("lcs-precision.csv");
  const Result<ImportOutput> xlsx = ImportLcs("lcs-precision.xlsx");
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().message();
  ASSERT_EQ(csv->events.size(), 3u);
  ASSERT_EQ(xlsx->events.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(csv->events[i].record_id, xlsx->events[i].record_id) << "row " << i;
  }
}

TEST(LcsLoginsKey, StartTruncatedToMilliseconds) {
  const Result<ImportOutput> csv = ImportLcs("lcs-precision.csv");
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  ASSERT_EQ(csv->events.size(), 3u);
  EXPECT_EQ(csv->events[0].record_id,
            "7a1e3c52-9b4d-4f0e-8c21-5d6f7a8b9c01|2024-06-10T12:00:00.123000Z");
  EXPECT_EQ(csv->events[1].record_id,
            "7a1e3c52-9b4d-4f0e-8c21-5d6f7a8b9c01|2024-06-11T08:00:00.999000Z");
  EXPECT_EQ(csv->events[2].record_id, "7a1e3c52-9b4d-4f0e-8c21-5d6f7a8b9c01|2024-06-12T09:15:00Z");
}

TEST(LcsLoginsKey, EventTimeKeepsMicroseconds) {
  const Result<ImportOutput> csv = ImportLcs("lcs-precision.csv");
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  ASSERT_EQ(csv->events.size(), 3u);
  EXPECT_EQ(FormatUtc(csv->events[0].time), "2024-06-10T12:00:00.123456Z");
  ASSERT_TRUE(csv->events[0].end.has_value());
  EXPECT_EQ(FormatUtc(*csv->events[0].end), "2024-06-10T13:30:00.005999Z");
}

TEST(LcsLoginsKey, XlsxTimeInMilliseconds) {
  const Result<ImportOutput> xlsx = ImportLcs("lcs-precision.xlsx");
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().message();
  ASSERT_EQ(xlsx->events.size(), 3u);
  EXPECT_EQ(FormatUtc(xlsx->events[0].time), "2024-06-10T12:00:00.123000Z");
  EXPECT_EQ(FormatUtc(xlsx->events[1].time), "2024-06-11T08:00:00.999000Z");
}

TEST(LcsLoginsKey, PipeInUserIdEscaped) {
  const Result<ImportOutput> output =
      ImportLcsLogins("UserId,StartTime\nfmartin|x,2024-06-10 12:00:00\n", OptionsFor("pipe.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "fmartin\\|x|2024-06-10T12:00:00Z");
}

// --- d365-userlog: parts that contain '|' ---

TEST(D365UserLogKey, PipesCannotMergeSessions) {
  // Unescaped, both rows would have the key fmartin|2024-06-01|2024-06-01|5.
  const std::string csv =
      "User ID,Session ID,Created date and time\n"
      "fmartin|2024-06-01,5,2024-06-01 08:00:00\n"
      "fmartin,2024-06-01|5,2024-06-01 09:00:00\n";
  const Result<ImportOutput> output = ImportD365UserLog(csv, OptionsFor("userlog.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(output->events[0].record_id, "fmartin\\|2024-06-01|2024-06-01|5");
  EXPECT_EQ(output->events[1].record_id, "fmartin|2024-06-01|2024-06-01\\|5");
}

TEST(D365UserLogKey, BackslashEscaped) {
  const Result<ImportOutput> output = ImportD365UserLog(
      "User ID,Session ID,Created date and time\nCONTOSO\\fmartin,5,2024-06-01 08:00:00\n",
      OptionsFor("userlog.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "CONTOSO\\\\fmartin|2024-06-01|5");
}

// --- entra-csv: content key without a Request ID ---

TEST(EntraCsvKey, PipeInApplicationEscaped) {
  const Result<ImportOutput> output = ImportEntraCsv(
      "Date (UTC),User ID,Application,Status,IP address\n"
      "2024-06-01T08:00:00Z,user-1,App|One,Success,192.0.2.1\n",
      OptionsFor("signins.csv"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "2024-06-01T08:00:00Z|user-1|App\\|One|Success|192.0.2.1");
}

// --- Entra: one sign-in exported as CSV and as JSON ---

constexpr std::string_view kSignInCsv =
    "Date (UTC),Request ID,User ID,Username,Application,Status,Sign-in error code,Session ID\n"
    "2024-06-01T08:00:00Z,5D1C3B9E-7A41-4C55-9A0E-2F6B1D0C0101,"
    "{00000000-0000-0000-0000-0000000000AB},dana@contoso.example,Portal,Success,0,"
    "9A7E0C51-1111-4B2A-8C3D-0000000000CD\n";

constexpr std::string_view kSignInJson =
    R"({"id":"{5D1C3B9E-7A41-4C55-9A0E-2F6B1D0C0101}","createdDateTime":"2024-06-01T08:00:00Z",)"
    R"("userId":"00000000-0000-0000-0000-0000000000AB","userPrincipalName":"dana@contoso.example",)"
    R"("appDisplayName":"Portal","status":{"errorCode":0},)"
    R"("sessionId":"{9a7e0c51-1111-4b2a-8c3d-0000000000cd}"})";

struct BothShapes {
  SignInEvent csv;
  SignInEvent json;
};

BothShapes ImportBoth() {
  const Result<ImportOutput> csv = ImportEntraCsv(kSignInCsv, OptionsFor("signins.csv"));
  const Result<ImportOutput> json = ImportEntraJson(kSignInJson, OptionsFor("signins.json"));
  EXPECT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_TRUE(json.ok()) << json.status().message();
  if (!csv.ok() || !json.ok() || csv->events.size() != 1 || json->events.size() != 1) return {};
  return {csv->events[0], json->events[0]};
}

TEST(EntraKey, RecordIdAgrees) {
  const BothShapes events = ImportBoth();
  EXPECT_EQ(events.csv.record_id, "5d1c3b9e-7a41-4c55-9a0e-2f6b1d0c0101");
  EXPECT_EQ(events.json.record_id, "5d1c3b9e-7a41-4c55-9a0e-2f6b1d0c0101");
}

TEST(EntraKey, UserIdAgrees) {
  const BothShapes events = ImportBoth();
  EXPECT_EQ(events.csv.user_id, "00000000-0000-0000-0000-0000000000ab");
  EXPECT_EQ(events.json.user_id, "00000000-0000-0000-0000-0000000000ab");
}

TEST(EntraKey, SessionIdAgrees) {
  const BothShapes events = ImportBoth();
  EXPECT_EQ(events.csv.session_key, "9a7e0c51-1111-4b2a-8c3d-0000000000cd");
  EXPECT_EQ(events.json.session_key, "9a7e0c51-1111-4b2a-8c3d-0000000000cd");
}

}  // namespace
}  // namespace signtrail
