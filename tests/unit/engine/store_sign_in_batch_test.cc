#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

class SignInBatchTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
};

const Instant kNine = Utc(2024, 6, 3, 9);

TEST_F(SignInBatchTest, FirstBatchAddsEveryEvent) {
  Result<BatchReport> report = store_->CommitSignInBatch(
      Batch({SignIn("r1", kNine, "u1"), SignIn("r2", kNine.PlusMicros(1), "u2")}));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->batch_id, 1);
  EXPECT_EQ(report->rows_read, 2);
  EXPECT_EQ(report->added, 2);
  EXPECT_EQ(report->duplicate, 0);
  EXPECT_EQ(report->updated, 0);
  EXPECT_TRUE(report->warnings.empty());
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM events"), 2);
}

TEST_F(SignInBatchTest, ReimportAddsNothing) {
  const SignInBatch batch =
      Batch({SignIn("r1", kNine, "u1"), SignIn("r2", kNine, "u2"), SignIn("r3", kNine, "u3")});
  ASSERT_TRUE(store_->CommitSignInBatch(batch).ok());

  Result<BatchReport> again = store_->CommitSignInBatch(batch);

  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->batch_id, 2);
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->duplicate, 3);
  ASSERT_EQ(again->warnings.size(), 1u);
  EXPECT_EQ(again->warnings[0], "file already ingested as batch 1 (same SHA-256); no events added");
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM events"), 3);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM batches"), 2);
}

TEST_F(SignInBatchTest, SameHashOfOtherSourceIsNoWarning) {
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({SignIn("r1", kNine, "u1")}, "entra:a")).ok());

  Result<BatchReport> other =
      store_->CommitSignInBatch(Batch({SignIn("r1", kNine, "u1")}, "entra:b"));

  ASSERT_TRUE(other.ok()) << other.status().message();
  EXPECT_EQ(other->added, 1);
  EXPECT_TRUE(other->warnings.empty());
}

TEST_F(SignInBatchTest, OverlappingBatchAddsOnlyNewIds) {
  std::vector<SignInEvent> first;
  std::vector<SignInEvent> second;
  for (int i = 0; i < 4; ++i) first.push_back(SignIn(fmt::format("r{}", i), kNine, "u1"));
  for (int i = 2; i < 6; ++i) second.push_back(SignIn(fmt::format("r{}", i), kNine, "u1"));
  ASSERT_TRUE(store_->CommitSignInBatch(Batch(first, "entra:test", std::string(64, 'a'))).ok());

  Result<BatchReport> report =
      store_->CommitSignInBatch(Batch(second, "entra:test", std::string(64, 'b')));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->added, 2);
  EXPECT_EQ(report->duplicate, 2);
  EXPECT_TRUE(report->warnings.empty());
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM events"), 6);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM events WHERE batch_id = 2"), 2);
}

TEST_F(SignInBatchTest, LaterBatchFillsBlankEnd) {
  const Instant end = kNine.PlusMicros(3600 * kMicrosPerSecond);
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({Session("s1", kNine, std::nullopt, "u1")})).ok());
  SignInEvent ended = Session("s1", kNine, end, "u1", EndKind::kRecorded);
  ended.end_note = "signed out";

  Result<BatchReport> report =
      store_->CommitSignInBatch(Batch({ended}, "entra:test", std::string(64, 'c')));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->updated, 1);
  EXPECT_EQ(report->added, 0);
  EXPECT_EQ(report->duplicate, 0);
  EXPECT_EQ(QueryInt(db_path(), "SELECT end_time FROM events WHERE record_id = 's1'"),
            end.micros());
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM event_amendments WHERE batch_id = 2"), 3);
  EXPECT_EQ(QueryInt(db_path(),
                     "SELECT count(*) FROM event_amendments WHERE field = 'end_time'"
                     " AND old_value IS NULL AND new_value = '2024-06-03T10:00:00Z'"),
            1);
  EXPECT_EQ(QueryInt(db_path(),
                     "SELECT count(*) FROM event_amendments WHERE field = 'end_kind'"
                     " AND old_value = 'open' AND new_value = 'recorded'"),
            1);

  const std::vector<StoredSession> sessions =
      ScanAll(*store_, Window(Utc(2024, 6, 3), Utc(2024, 6, 4)));
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].end_kind, EndKind::kRecorded);
  ASSERT_TRUE(sessions[0].end.has_value());
  EXPECT_EQ(*sessions[0].end, end);
  EXPECT_EQ(sessions[0].end_note, "signed out");
}

TEST_F(SignInBatchTest, BatchWithoutEndKeepsStoredEnd) {
  const Instant end = kNine.PlusMicros(60 * kMicrosPerSecond);
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({Session("s1", kNine, end, "u1")})).ok());

  Result<BatchReport> report = store_->CommitSignInBatch(
      Batch({Session("s1", kNine, std::nullopt, "u1")}, "entra:test", std::string(64, 'd')));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->duplicate, 1);
  EXPECT_EQ(report->updated, 0);
  EXPECT_EQ(QueryInt(db_path(), "SELECT end_time FROM events"), end.micros());
}

TEST_F(SignInBatchTest, ConflictingStartIsReported) {
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({SignIn("r1", kNine, "u1")})).ok());
  const Instant moved = kNine.PlusMicros(1'500'000);

  Result<BatchReport> report = store_->CommitSignInBatch(
      Batch({SignIn("r1", moved, "u1")}, "entra:test", std::string(64, 'e')));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->duplicate, 1);
  EXPECT_EQ(report->added, 0);
  ASSERT_EQ(report->conflicts.size(), 1u);
  EXPECT_EQ(report->conflicts[0].record_id, "r1");
  EXPECT_EQ(report->conflicts[0].field, "time");
  EXPECT_EQ(report->conflicts[0].stored, "2024-06-03T09:00:00Z");
  EXPECT_EQ(report->conflicts[0].incoming, "2024-06-03T09:00:01.500000Z");
  EXPECT_EQ(QueryInt(db_path(), "SELECT time FROM events"), kNine.micros());
  EXPECT_EQ(QueryInt(db_path(),
                     "SELECT count(*) FROM conflicts WHERE batch_id = 2"
                     " AND stored_value = '2024-06-03T09:00:00Z'"),
            1);

  const std::vector<StoredSession> sessions =
      ScanAll(*store_, Window(Utc(2024, 6, 3), Utc(2024, 6, 4)));
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].start, kNine);
}

TEST_F(SignInBatchTest, ConflictingEndIsReported) {
  const Instant end = kNine.PlusMicros(60 * kMicrosPerSecond);
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({Session("s1", kNine, end, "u1")})).ok());

  Result<BatchReport> report = store_->CommitSignInBatch(
      Batch({Session("s1", kNine, end.PlusMicros(kMicrosPerSecond), "u1")}, "entra:test",
            std::string(64, 'f')));

  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->conflicts.size(), 1u);
  EXPECT_EQ(report->conflicts[0].field, "end_time");
  EXPECT_EQ(report->conflicts[0].stored, "2024-06-03T09:01:00Z");
  EXPECT_EQ(report->conflicts[0].incoming, "2024-06-03T09:01:01Z");
  EXPECT_EQ(QueryInt(db_path(), "SELECT end_time FROM events"), end.micros());
}

TEST_F(SignInBatchTest, SameRecordTwiceInBatch) {
  Result<BatchReport> report =
      store_->CommitSignInBatch(Batch({SignIn("r1", kNine, "u1"), SignIn("r1", kNine, "u1")}));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->added, 1);
  EXPECT_EQ(report->duplicate, 1);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM events"), 1);
}

TEST_F(SignInBatchTest, RejectsAreStored) {
  SignInBatch batch = Batch({SignIn("r1", kNine, "u1")});
  batch.import.rows_read = 2;
  batch.import.rejects.push_back(
      {7, 312, "column 'createdDateTime': value 'yesterday' is not a valid timestamp", "raw"});

  Result<BatchReport> report = store_->CommitSignInBatch(batch);

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->rejected, 1);
  EXPECT_EQ(report->rows_read, 2);
  ASSERT_EQ(report->rejects.size(), 1u);
  EXPECT_EQ(report->rejects[0].line, 7);
  EXPECT_EQ(report->rejects[0].reason,
            "column 'createdDateTime': value 'yesterday' is not a valid timestamp");
  EXPECT_EQ(QueryInt(db_path(),
                     "SELECT count(*) FROM rejects WHERE batch_id = 1 AND line = 7"
                     " AND byte_offset = 312 AND raw = CAST('raw' AS BLOB)"),
            1);
}

TEST_F(SignInBatchTest, BatchRecordsItsCoverage) {
  SignInEvent late = SignIn("r2", kNine.PlusMicros(7200 * kMicrosPerSecond), "u2");
  late.sign_in_type = "nonInteractiveUser";
  SignInBatch batch = Batch({SignIn("r1", kNine, "u1"), late, SignIn("r3", kNine, "u3")});
  batch.import.warnings.push_back("importer warning");
  ASSERT_TRUE(store_->CommitSignInBatch(batch).ok());

  Result<std::vector<BatchInfo>> batches = store_->ListBatches();

  ASSERT_TRUE(batches.ok()) << batches.status().message();
  ASSERT_EQ(batches->size(), 1u);
  const BatchInfo& info = (*batches)[0];
  EXPECT_EQ(info.batch_id, 1);
  EXPECT_EQ(info.source, "entra:test");
  EXPECT_EQ(info.format, "entra-json");
  EXPECT_EQ(info.file_name, "signins.json");
  EXPECT_EQ(info.committed_at, kTestCommitTime);
  EXPECT_EQ(info.rows_read, 3);
  EXPECT_EQ(info.added, 3);
  ASSERT_TRUE(info.min_time.has_value());
  EXPECT_EQ(*info.min_time, kNine);
  ASSERT_TRUE(info.max_time.has_value());
  EXPECT_EQ(*info.max_time, late.time);
  EXPECT_EQ(info.sign_in_types,
            (std::vector<std::string>{"interactiveUser", "nonInteractiveUser"}));
  EXPECT_EQ(info.warnings, std::vector<std::string>{"importer warning"});
}

TEST_F(SignInBatchTest, ListBatchesOldestFirst) {
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({SignIn("r1", kNine, "u1")}, "entra:b")).ok());
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({SignIn("r1", kNine, "u1")}, "entra:a")).ok());

  Result<std::vector<BatchInfo>> batches = store_->ListBatches();

  ASSERT_TRUE(batches.ok()) << batches.status().message();
  ASSERT_EQ(batches->size(), 2u);
  EXPECT_EQ((*batches)[0].source, "entra:b");
  EXPECT_EQ((*batches)[1].source, "entra:a");
}

TEST_F(SignInBatchTest, WarningWithQuotesRoundTrips) {
  SignInBatch batch = Batch({});
  batch.import.warnings.push_back("header \"Date (UTC)\"\tfound\\twice\n");
  ASSERT_TRUE(store_->CommitSignInBatch(batch).ok());

  Result<std::vector<BatchInfo>> batches = store_->ListBatches();

  ASSERT_TRUE(batches.ok()) << batches.status().message();
  ASSERT_EQ(batches->size(), 1u);
  EXPECT_EQ((*batches)[0].warnings, batch.import.warnings);
  EXPECT_FALSE((*batches)[0].min_time.has_value());
}

TEST_F(SignInBatchTest, EmptyRecordIdWritesNothing) {
  Result<BatchReport> report =
      store_->CommitSignInBatch(Batch({SignIn("r1", kNine, "u1"), SignIn("", kNine, "u2")}));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInternal);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM batches"), 0);
}

}  // namespace
}  // namespace signtrail::testing
