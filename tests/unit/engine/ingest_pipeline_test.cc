#include <gtest/gtest.h>

#include "ingest/ingest.h"
#include "store/sha256.h"
#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

class IngestPipelineTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  static IngestRequest SignIns(const std::filesystem::path& path) {
    IngestRequest request;
    request.path = path;
    return request;
  }

  static DirectoryImportRequest Users(const std::filesystem::path& path, Instant when) {
    DirectoryImportRequest request;
    request.path = path;
    request.effective_time = when;
    return request;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
};

TEST_F(IngestPipelineTest, DetectsFormatAndCommits) {
  const std::filesystem::path path = TestDataPath("ingest/signins.ndjson");

  Result<BatchReport> report = IngestSignInFile(*store_, SignIns(path));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->rows_read, 3);
  EXPECT_EQ(report->added, 3);
  Result<std::vector<BatchInfo>> batches = store_->ListBatches();
  ASSERT_TRUE(batches.ok());
  ASSERT_EQ(batches->size(), 1u);
  EXPECT_EQ((*batches)[0].source, "entra:default");
  EXPECT_EQ((*batches)[0].format, "entra-json");
  EXPECT_EQ((*batches)[0].file_name, path.string());
  EXPECT_EQ((*batches)[0].file_sha256, *Sha256Hex(ReadFileBytes(path)));
}

TEST_F(IngestPipelineTest, SessionsAndFailuresAreQueryable) {
  ASSERT_TRUE(IngestSignInFile(*store_, SignIns(TestDataPath("ingest/signins.ndjson"))).ok());
  const SessionFilter day = Window(Utc(2024, 6, 3), Utc(2024, 6, 4));

  EXPECT_EQ(ScannedRecordIds(*store_, day),
            (std::vector<std::string>{"11111111-0000-4000-8000-000000000001",
                                      "11111111-0000-4000-8000-000000000002"}));
  std::vector<std::string> failed;
  ASSERT_TRUE(store_
                  ->ScanFailedSignIns(day,
                                      [&](const StoredSession& attempt) {
                                        failed.push_back(attempt.result);
                                        return Status::Ok();
                                      })
                  .ok());
  EXPECT_EQ(failed, std::vector<std::string>{"50126"});
}

TEST_F(IngestPipelineTest, ReingestAddsNothing) {
  const IngestRequest request = SignIns(TestDataPath("ingest/signins.ndjson"));
  ASSERT_TRUE(IngestSignInFile(*store_, request).ok());

  Result<BatchReport> again = IngestSignInFile(*store_, request);

  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->duplicate, 3);
  EXPECT_EQ(
      again->warnings,
      std::vector<std::string>{"file already ingested as batch 1 (same SHA-256); no events added"});
}

// The five diagnostic records of this file carry one anonymised id, so the
// store keeps the first and counts the other four as duplicates. Each of the
// four differs from the first in login name and sign-in type, and each
// difference is reported as a conflict.
TEST_F(IngestPipelineTest, RealEntraRecordsShareOneId) {
  IngestRequest request = SignIns(RealDataPath("entra/test-signinlogs-raw.log"));
  request.source = "contoso";

  Result<BatchReport> first = IngestSignInFile(*store_, request);
  Result<BatchReport> second = IngestSignInFile(*store_, request);

  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->rows_read, 5);
  EXPECT_EQ(first->added, 1);
  EXPECT_EQ(first->duplicate, 4);
  ASSERT_EQ(first->conflicts.size(), 8u);
  EXPECT_EQ(first->conflicts[0].field, "login_name");
  EXPECT_EQ(first->conflicts[0].stored, "test@elastic.co");
  EXPECT_EQ(first->conflicts[0].incoming, "c3813493-bf92-5123-2717-8a8b2979c38b");
  EXPECT_EQ(first->conflicts[1].field, "sign_in_type");
  EXPECT_EQ(first->conflicts[1].stored, "interactiveUser");
  EXPECT_EQ(first->conflicts[1].incoming, "nonInteractiveUser");
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->duplicate, 5);

  std::vector<StoredSession> failed;
  ASSERT_TRUE(store_
                  ->ScanFailedSignIns(Window(Utc(2019, 10, 18), Utc(2019, 10, 19)),
                                      [&](const StoredSession& attempt) {
                                        failed.push_back(attempt);
                                        return Status::Ok();
                                      })
                  .ok());
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].source, "entra:contoso");
  EXPECT_EQ(failed[0].record_id, "8a4de8b5-095c-47d0-a96f-a75130c61d53");
  EXPECT_EQ(FormatUtc(failed[0].start), "2019-10-18T09:45:48.072989Z");
  EXPECT_EQ(failed[0].result, "50140");
}

TEST_F(IngestPipelineTest, ExplicitFormatAndSource) {
  IngestRequest request = SignIns(TestDataPath("ingest/signins.ndjson"));
  request.format = "entra-json";
  request.source = "entra:tenant-eu";
  request.options.file_name = "signins.ndjson";

  Result<BatchReport> report = IngestSignInFile(*store_, request);

  ASSERT_TRUE(report.ok()) << report.status().message();
  Result<std::vector<BatchInfo>> batches = store_->ListBatches();
  ASSERT_TRUE(batches.ok());
  EXPECT_EQ((*batches)[0].source, "entra:tenant-eu");
  EXPECT_EQ((*batches)[0].file_name, "signins.ndjson");
}

TEST_F(IngestPipelineTest, MissingFileIsIoError) {
  const std::filesystem::path path = dir_ / "missing.csv";

  Result<BatchReport> report = IngestSignInFile(*store_, SignIns(path));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kIoError);
  EXPECT_EQ(report.status().message(),
            "cannot read " + path.string() + ": No such file or directory");
}

TEST_F(IngestPipelineTest, FolderIsIoError) {
  Result<BatchReport> report = IngestSignInFile(*store_, SignIns(dir_.path()));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kIoError);
  EXPECT_EQ(report.status().message(), "cannot read " + dir_.path().string() + ": Is a directory");
}

TEST_F(IngestPipelineTest, UnknownFormatIsNotFound) {
  IngestRequest request = SignIns(TestDataPath("ingest/signins.ndjson"));
  request.format = "okta-json";

  Result<BatchReport> report = IngestSignInFile(*store_, request);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kNotFound);
}

TEST_F(IngestPipelineTest, DirectoryFormatIsRejected) {
  IngestRequest request = SignIns(TestDataPath("ingest/users-june.csv"));
  request.format = "entra-users";
  request.options.file_name = "users-june.csv";

  Result<BatchReport> report = IngestSignInFile(*store_, request);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(report.status().message(),
            "users-june.csv: format 'entra-users' reads directory exports, not sign-ins; choose "
            "a sign-in format");
}

TEST_F(IngestPipelineTest, SourceOfOtherKindIsRejected) {
  IngestRequest request = SignIns(TestDataPath("ingest/signins.ndjson"));
  request.source = "lcs-logins:default";

  Result<BatchReport> report = IngestSignInFile(*store_, request);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM batches"), 0);
}

TEST_F(IngestPipelineTest, ImporterFailureWritesNothing) {
  ASSERT_TRUE(IngestSignInFile(*store_, SignIns(TestDataPath("ingest/signins.ndjson"))).ok());
  const std::string before = DumpDatabase(db_path());

  Result<BatchReport> report =
      IngestSignInFile(*store_, SignIns(TestDataPath("ingest/signins-bad-last-row.ndjson")));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(report.status().message().find("2024-06-31T10:00:00Z"), std::string::npos)
      << report.status().message();
  EXPECT_EQ(DumpDatabase(db_path()), before);
}

TEST_F(IngestPipelineTest, SkipStoresRejects) {
  IngestRequest request = SignIns(TestDataPath("ingest/signins-bad-last-row.ndjson"));
  request.options.on_error = OnError::kSkip;

  Result<BatchReport> report = IngestSignInFile(*store_, request);

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->rows_read, 3);
  EXPECT_EQ(report->added, 2);
  EXPECT_EQ(report->rejected, 1);
  ASSERT_EQ(report->rejects.size(), 1u);
  EXPECT_EQ(report->rejects[0].line, 3);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM rejects WHERE batch_id = 1 AND line = 3"), 1);
}

TEST_F(IngestPipelineTest, DirectorySnapshotsVersionNames) {
  Result<DirectoryReport> june =
      ImportDirectoryFile(*store_, Users(TestDataPath("ingest/users-june.csv"), Utc(2024, 6, 1)));
  Result<DirectoryReport> july =
      ImportDirectoryFile(*store_, Users(TestDataPath("ingest/users-july.csv"), Utc(2024, 7, 1)));

  ASSERT_TRUE(june.ok()) << june.status().message();
  EXPECT_EQ(june->added, 2);
  ASSERT_TRUE(july.ok()) << july.status().message();
  EXPECT_EQ(july->changed, 1);
  EXPECT_EQ(july->unchanged, 1);
  Result<std::vector<DirectoryVersion>> versions =
      store_->FindDirectoryVersions("00000000-0000-0000-0000-000000000021");
  ASSERT_TRUE(versions.ok()) << versions.status().message();
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].source, "entra-users:default");
  EXPECT_EQ((*versions)[0].user.display_name, "Frank Martin");
  EXPECT_EQ((*versions)[1].user.display_name, "Frank Martin-Jansen");
}

TEST_F(IngestPipelineTest, OlderDirectorySnapshotIsConflict) {
  ASSERT_TRUE(
      ImportDirectoryFile(*store_, Users(TestDataPath("ingest/users-july.csv"), Utc(2024, 7, 1)))
          .ok());

  Result<DirectoryReport> june =
      ImportDirectoryFile(*store_, Users(TestDataPath("ingest/users-june.csv"), Utc(2024, 6, 1)));

  ASSERT_FALSE(june.ok());
  EXPECT_EQ(june.status().code(), StatusCode::kConflict);
}

TEST_F(IngestPipelineTest, SignInFormatIsNotDirectory) {
  DirectoryImportRequest request = Users(TestDataPath("ingest/signins.ndjson"), Utc(2024, 6, 1));
  request.format = "entra-json";
  request.options.file_name = "signins.ndjson";

  Result<DirectoryReport> report = ImportDirectoryFile(*store_, request);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(report.status().message(),
            "signins.ndjson: format 'entra-json' reads sign-ins, not directory exports; choose "
            "a directory format");
}

}  // namespace
}  // namespace signtrail::testing
