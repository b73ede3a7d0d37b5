#include "export/file_export.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include <gtest/gtest.h>

#include "export/atomic_file.h"
#include "export/csv_writer.h"
#include "fake_store.h"
#include "report_fixtures.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using testing::At;
using testing::FakeStore;
using testing::MakeBatch;
using testing::ReadFileBytes;
using testing::SessionRecord;
using testing::TempDir;
using testing::WriteFileBytes;

constexpr char kCsvHeader[] =
    "user_id,login,user_name,email,session_start,session_end,end_kind,source,client_ip,"
    "application,result\r\n";

std::vector<std::string> FileNames(const std::filesystem::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class FileExport : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_
                    .CommitSignInBatch(MakeBatch(
                        "lcs:contoso", "lcs-logins",
                        {SessionRecord("r1", "alice-id", At("2024-06-03T09:00:00Z"),
                                       At("2024-06-03T17:00:00Z")),
                         SessionRecord("r2", "bob-id", At("2024-06-03T12:30:00Z"),
                                       At("2024-06-03T12:40:00Z"))}))
                    .ok());
    query_.window_start = At("2024-06-03T00:00:00Z");
    query_.window_end = At("2024-06-04T00:00:00Z");
  }

  FakeStore store_;
  SignInQuery query_;
  TempDir dir_;
};

TEST_F(FileExport, CsvHasBomAndRows) {
  Result<ReportSummary> summary = ExportSignInReport(store_, query_, dir_ / "signins.csv", nullptr);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->rows, 2);
  EXPECT_EQ(ReadFileBytes(dir_ / "signins.csv"),
            std::string("\xEF\xBB\xBF") + kCsvHeader +
                "alice-id,,,,2024-06-03T09:00:00Z,2024-06-03T17:00:00Z,recorded,lcs:contoso,,,"
                "success\r\n"
                "bob-id,,,,2024-06-03T12:30:00Z,2024-06-03T12:40:00Z,recorded,lcs:contoso,,,"
                "success\r\n");
  EXPECT_EQ(FileNames(dir_.path()), (std::vector<std::string>{"signins.csv"}));
}

TEST_F(FileExport, JsonlInZone) {
  query_.user = "bob-id";

  Result<ReportSummary> summary = ExportSignInReport(store_, query_, dir_ / "signins.jsonl",
                                                     date::locate_zone("Europe/Amsterdam"));

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(ReadFileBytes(dir_ / "signins.jsonl"),
            "{\"user_id\":\"bob-id\",\"login\":\"\",\"user_name\":\"\",\"email\":\"\","
            "\"session_start\":\"2024-06-03T14:30:00+02:00\","
            "\"session_end\":\"2024-06-03T14:40:00+02:00\",\"end_kind\":\"recorded\","
            "\"source\":\"lcs:contoso\",\"client_ip\":\"\",\"application\":\"\","
            "\"result\":\"success\"}\n");
}

TEST_F(FileExport, ExtensionIgnoresCase) {
  Result<ReportSummary> summary = ExportSignInReport(store_, query_, dir_ / "SIGNINS.CSV", nullptr);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(ReadFileBytes(dir_ / "SIGNINS.CSV").substr(0, 3), "\xEF\xBB\xBF");
}

TEST_F(FileExport, UnsupportedExtension) {
  const std::filesystem::path out = dir_ / "signins.xlsx";

  Result<ReportSummary> summary = ExportSignInReport(store_, query_, out, nullptr);

  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(summary.status().message(),
            "export file '" + out.string() +
                "': extension '.xlsx' is not supported; use .csv or .jsonl");
  EXPECT_TRUE(FileNames(dir_.path()).empty());
  EXPECT_EQ(store_.scan_calls, 0);
}

TEST_F(FileExport, MissingExtension) {
  const std::filesystem::path out = dir_ / "signins";

  Result<ReportSummary> summary = ExportSignInReport(store_, query_, out, nullptr);

  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(),
            "export file '" + out.string() + "' has no extension; end the name in .csv or .jsonl");
}

TEST_F(FileExport, FailureKeepsOldFile) {
  const std::filesystem::path out = dir_ / "signins.csv";
  WriteFileBytes(out, "previous export\r\n");
  store_.FailScansAfter(1, Status::StoreError("database disk image is malformed"));

  Result<ReportSummary> summary = ExportSignInReport(store_, query_, out, nullptr);

  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kStoreError);
  EXPECT_EQ(ReadFileBytes(out), "previous export\r\n");
  EXPECT_EQ(FileNames(dir_.path()), (std::vector<std::string>{"signins.csv"}));
}

TEST_F(FileExport, FailureLeavesNoFile) {
  store_.FailScansAfter(1, Status::StoreError("database disk image is malformed"));

  Result<ReportSummary> summary = ExportSignInReport(store_, query_, dir_ / "signins.jsonl", nullptr);

  ASSERT_FALSE(summary.ok());
  EXPECT_TRUE(FileNames(dir_.path()).empty());
}

TEST_F(FileExport, MissingFolder) {
  const std::filesystem::path out = dir_ / "absent" / "signins.csv";

  Result<ReportSummary> summary = ExportSignInReport(store_, query_, out, nullptr);

  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kIoError);
  EXPECT_EQ(summary.status().message(),
            "cannot create a file in folder '" + (dir_ / "absent").string() + "' for '" +
                out.string() +
                "': No such file or directory; check that the folder exists and is writable");
}

// /dev/full accepts writes and fails each with ENOSPC, as a full disk does.
TEST(FdStreamBuffer, FullDeviceKeepsErrno) {
  const int fd = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  if (fd < 0) GTEST_SKIP() << "/dev/full cannot be opened";
  FdStreamBuffer buffer(fd);
  std::ostream stream(&buffer);
  CsvReportWriter writer(stream, {});

  const Status finished = writer.Finish(ReportSummary{});
  ::close(fd);

  EXPECT_EQ(finished.code(), StatusCode::kIoError);
  EXPECT_EQ(buffer.write_error(), ENOSPC);
}

// The worked example of docs/formats/report-csv.md.
class DocumentedExample : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_
                    .CommitDirectoryBatch(testing::MakeDirectoryBatch(
                        "d365-users:default", "d365-users", At("2024-01-01T00:00:00Z"),
                        {testing::Account("alice", "00000000-0000-0000-0000-00000000000a",
                                          "alice", "Alice Adams", "alice@contoso.example")}))
                    .ok());
    ASSERT_TRUE(store_
                    .CommitSignInBatch(MakeBatch(
                        "lcs:contoso", "lcs-logins",
                        {SessionRecord("r1", "00000000-0000-0000-0000-00000000000a",
                                       At("2024-06-03T09:00:00Z"), At("2024-06-03T17:00:00Z"))}))
                    .ok());
    query_.window_start = At("2024-06-03T00:00:00Z");
    query_.window_end = At("2024-06-04T00:00:00Z");
  }

  FakeStore store_;
  SignInQuery query_;
  TempDir dir_;
};

TEST_F(DocumentedExample, Csv) {
  ASSERT_TRUE(ExportSignInReport(store_, query_, dir_ / "signins.csv", nullptr).ok());

  EXPECT_EQ(ReadFileBytes(dir_ / "signins.csv"),
            std::string("\xEF\xBB\xBF") + kCsvHeader +
                "00000000-0000-0000-0000-00000000000a,alice,Alice Adams,alice@contoso.example,"
                "2024-06-03T09:00:00Z,2024-06-03T17:00:00Z,recorded,lcs:contoso,,,success\r\n");
}

TEST_F(DocumentedExample, JsonlInAmsterdam) {
  ASSERT_TRUE(ExportSignInReport(store_, query_, dir_ / "signins.jsonl",
                                 date::locate_zone("Europe/Amsterdam"))
                  .ok());

  EXPECT_EQ(ReadFileBytes(dir_ / "signins.jsonl"),
            "{\"user_id\":\"00000000-0000-0000-0000-00000000000a\",\"login\":\"alice\","
            "\"user_name\":\"Alice Adams\",\"email\":\"alice@contoso.example\","
            "\"session_start\":\"2024-06-03T11:00:00+02:00\","
            "\"session_end\":\"2024-06-03T19:00:00+02:00\",\"end_kind\":\"recorded\","
            "\"source\":\"lcs:contoso\",\"client_ip\":\"\",\"application\":\"\","
            "\"result\":\"success\"}\n");
}

TEST(ExportFormatForPath, Formats) {
  ASSERT_TRUE(ExportFormatForPath("a/b.csv").ok());
  EXPECT_EQ(*ExportFormatForPath("a/b.csv"), ReportFormat::kCsv);
  ASSERT_TRUE(ExportFormatForPath("b.JsonL").ok());
  EXPECT_EQ(*ExportFormatForPath("b.JsonL"), ReportFormat::kJsonl);
  EXPECT_FALSE(ExportFormatForPath("b.json").ok());
  EXPECT_FALSE(ExportFormatForPath("b.csv.gz").ok());
}

TEST(ReportFormatName, RoundTrips) {
  for (ReportFormat format : {ReportFormat::kTable, ReportFormat::kCsv, ReportFormat::kJsonl}) {
    EXPECT_EQ(ParseReportFormat(ReportFormatName(format)), format);
  }
  EXPECT_EQ(ParseReportFormat("xlsx"), std::nullopt);
}

}  // namespace
}  // namespace signtrail
