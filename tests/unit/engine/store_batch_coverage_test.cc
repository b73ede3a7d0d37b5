// A sign-in batch's coverage window in the store and its ledger entry, and
// heartbeat entries.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_test_support.h"
#include "testing/test_files.h"
#include "verify_test_support.h"

namespace signtrail::testing {
namespace {

using Strings = std::vector<std::string>;

BatchCoverage Declared(Instant start, Instant end, Strings reasons = {}, bool capped = false) {
  BatchCoverage coverage;
  coverage.window_start = start;
  coverage.window_end = end;
  coverage.window_basis = WindowBasis::kDeclared;
  coverage.doubtful_reasons = std::move(reasons);
  coverage.row_cap_reached = capped;
  return coverage;
}

class StoreBatchCoverageTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  BatchReport Commit(SignInBatch batch) {
    Result<BatchReport> report = store_->CommitSignInBatch(batch);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : BatchReport{};
  }

  // Commits one sign-in of `source` at `time` with `coverage`.
  BatchReport CommitOne(std::string source, Instant time, BatchCoverage coverage,
                        std::string record_id) {
    SignInBatch batch = Batch({SignIn(record_id, time, "u1")}, std::move(source),
                              std::string(64, static_cast<char>('a' + ++batches_)));
    batch.coverage = std::move(coverage);
    return Commit(std::move(batch));
  }

  std::vector<BatchInfo> Batches() {
    Result<std::vector<BatchInfo>> batches = store_->ListBatches();
    EXPECT_TRUE(batches.ok()) << batches.status().message();
    return batches.ok() ? *batches : std::vector<BatchInfo>{};
  }

  std::string Entry(uint64_t index) {
    Result<std::string> entry = store_->ReadEntry(index);
    EXPECT_TRUE(entry.ok()) << entry.status().message();
    return entry.ok() ? *entry : "";
  }

  HeartbeatReport Heartbeat(Instant time) {
    Result<HeartbeatReport> heartbeat = store_->AppendHeartbeat(time);
    EXPECT_TRUE(heartbeat.ok()) << heartbeat.status().message();
    return heartbeat.ok() ? *heartbeat : HeartbeatReport{};
  }

  const Instant nine_ = Utc(2024, 6, 3, 9);
  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
  int batches_ = 0;
};

// --- the window in the batches table ---

TEST_F(StoreBatchCoverageTest, WindowListed) {
  CommitOne("lcs-logins:default", nine_,
            Declared(Utc(2024, 6, 1), Utc(2024, 7, 1), {"row cap reached: 5,000", "b\nc"}, true),
            "r1");

  const std::vector<BatchInfo> batches = Batches();

  ASSERT_EQ(batches.size(), 1u);
  const BatchInfo& batch = batches[0];
  ASSERT_TRUE(batch.window_start.has_value());
  ASSERT_TRUE(batch.window_end.has_value());
  EXPECT_EQ(*batch.window_start, Utc(2024, 6, 1));
  EXPECT_EQ(*batch.window_end, Utc(2024, 7, 1));
  EXPECT_EQ(WindowBasisName(batch.window_basis), "declared");
  EXPECT_TRUE(batch.row_cap_reached);
  EXPECT_EQ(batch.doubtful_reasons, (Strings{"row cap reached: 5,000", "b\nc"}));
}

TEST_F(StoreBatchCoverageTest, EachBasisListed) {
  for (WindowBasis basis : {WindowBasis::kDeclared, WindowBasis::kFileName, WindowBasis::kQueryRule,
                            WindowBasis::kInferred}) {
    BatchCoverage coverage = Declared(Utc(2024, 6, 1), Utc(2024, 6, 2));
    coverage.window_basis = basis;
    CommitOne("entra:test", nine_, coverage, "r" + std::to_string(batches_));
  }

  Strings names;
  for (const BatchInfo& batch : Batches()) {
    names.emplace_back(WindowBasisName(batch.window_basis));
  }

  EXPECT_EQ(names, (Strings{"declared", "file-name", "query-rule", "inferred"}));
  EXPECT_EQ(QueryRows(db_path(), "SELECT window_basis FROM batches ORDER BY id"),
            (Strings{"'declared'", "'file-name'", "'query-rule'", "'inferred'"}));
}

TEST_F(StoreBatchCoverageTest, NoWindowStoredAsNull) {
  CommitOne("entra:test", nine_, BatchCoverage{}, "r1");

  const std::vector<BatchInfo> batches = Batches();

  ASSERT_EQ(batches.size(), 1u);
  EXPECT_FALSE(batches[0].window_start.has_value());
  EXPECT_FALSE(batches[0].window_end.has_value());
  EXPECT_FALSE(batches[0].row_cap_reached);
  EXPECT_EQ(batches[0].doubtful_reasons, Strings{});
  EXPECT_EQ(QueryRows(db_path(),
                      "SELECT window_start, window_end, window_basis, row_cap_reached, "
                      "doubtful_reasons FROM batches"),
            Strings{"NULL|NULL|NULL|0|'[]'"});
}

TEST_F(StoreBatchCoverageTest, EmptyWindowRejected) {
  const std::string before = DumpDatabase(db_path());
  SignInBatch batch = Batch({SignIn("r1", nine_, "u1")});
  batch.coverage = Declared(Utc(2024, 6, 2), Utc(2024, 6, 2));

  Result<BatchReport> report = store_->CommitSignInBatch(batch);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(report.status().message(),
            "signins.json: the batch's window [2024-06-02T00:00:00Z, 2024-06-02T00:00:00Z) is "
            "empty; give a start before the end");
  EXPECT_EQ(DumpDatabase(db_path()), before);
}

TEST_F(StoreBatchCoverageTest, HalfWindowRejected) {
  SignInBatch batch = Batch({SignIn("r1", nine_, "u1")});
  batch.coverage.window_start = Utc(2024, 6, 2);

  Result<BatchReport> report = store_->CommitSignInBatch(batch);

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(),
            "signins.json: the batch's window has a start but no end; give both ends or neither");
}

// --- the sign-in-batch entry ---

TEST_F(StoreBatchCoverageTest, EntryCarriesWindow) {
  CommitOne("lcs-logins:default", nine_,
            Declared(Utc(2024, 6, 1), Utc(2024, 7, 1),
                     {"row cap reached: 5,000 data rows, the Lifecycle Services export cap; "
                      "earliest covered 2024-06-03T09:00:00Z"},
                     true),
            "r1");

  EXPECT_EQ(Entry(1),
            "signtrail-entry/v1 sign-in-batch\n"
            "batch=1\n"
            "source=lcs-logins:default\n"
            "format=entra-json\n"
            "file_name=signins.json\n"
            "file_sha256=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
            "committed_at=2030-03-17T17:46:40.000000Z\n"
            "rows_read=1\n"
            "added=1\n"
            "duplicate=0\n"
            "updated=0\n"
            "rejected=0\n"
            "min_time=2024-06-03T09:00:00.000000Z\n"
            "max_time=2024-06-03T09:00:00.000000Z\n"
            "window_start=2024-06-01T00:00:00.000000Z\n"
            "window_end=2024-07-01T00:00:00.000000Z\n"
            "window_basis=declared\n"
            "row_cap_reached=true\n"
            "sign_in_types=interactiveUser\n"
            "rejects_sha256=\n"
            "doubtful_reason=row cap reached: 5,000 data rows, the Lifecycle Services export "
            "cap; earliest covered 2024-06-03T09:00:00Z\n");
}

TEST_F(StoreBatchCoverageTest, EntryWithoutWindow) {
  CommitOne("entra:test", nine_, BatchCoverage{}, "r1");

  const std::string entry = Entry(1);

  EXPECT_NE(entry.find("\nmax_time=2024-06-03T09:00:00.000000Z\n"
                       "window_start=\n"
                       "window_end=\n"
                       "window_basis=\n"
                       "row_cap_reached=false\n"),
            std::string::npos)
      << entry;
}

// Coverage is tamper-evident: editing the stored window changes the entry.
TEST_F(StoreBatchCoverageTest, ChangedWindowFailsVerify) {
  CommitOne("lcs-logins:default", nine_, Declared(Utc(2024, 6, 1), Utc(2024, 7, 1)), "r1");
  ASSERT_TRUE(VerifyOrFail(*store_).ok());

  ExecuteSql(db_path(), "UPDATE batches SET window_start = window_start - 86400000000");

  EXPECT_EQ(FindingHeads(VerifyOrFail(*store_)),
            (Strings{"entry-changed at index 1", "checkpoints-inconsistent at index 1"}));
}

TEST_F(StoreBatchCoverageTest, DroppedReasonFailsVerify) {
  CommitOne("lcs-logins:default", nine_,
            Declared(Utc(2024, 6, 1), Utc(2024, 7, 1), {"row cap reached"}, true), "r1");

  ExecuteSql(db_path(), "UPDATE batches SET doubtful_reasons = '[]', row_cap_reached = 0");

  EXPECT_EQ(FindingHeads(VerifyOrFail(*store_)),
            (Strings{"entry-changed at index 1", "checkpoints-inconsistent at index 1"}));
}

// --- heartbeats ---

TEST_F(StoreBatchCoverageTest, HeartbeatOnEmptyStore) {
  const HeartbeatReport heartbeat = Heartbeat(Utc(2024, 6, 10, 12));

  EXPECT_EQ(heartbeat.heartbeat_id, 1);
  EXPECT_EQ(heartbeat.entry_index, 0u);
  EXPECT_EQ(heartbeat.time, Utc(2024, 6, 10, 12));
  EXPECT_TRUE(heartbeat.sources.empty());
  EXPECT_EQ(heartbeat.checkpoint.tree_size, 1u);
  EXPECT_EQ(heartbeat.checkpoint.signed_at, Utc(2024, 6, 10, 12));
  EXPECT_EQ(Entry(0),
            "signtrail-entry/v1 heartbeat\n"
            "heartbeat=1\n"
            "time=2024-06-10T12:00:00.000000Z\n"
            "last_batch=0\n");
}

TEST_F(StoreBatchCoverageTest, HeartbeatEntryBytes) {
  CommitOne("lcs-logins:default", nine_, Declared(Utc(2024, 6, 1), Utc(2024, 7, 1)), "r1");
  CommitOne("entra:contoso", nine_, BatchCoverage{}, "r2");
  CommitOne("lcs-logins:default", nine_, Declared(Utc(2024, 5, 1), Utc(2024, 6, 1)), "r3");

  const HeartbeatReport heartbeat = Heartbeat(Utc(2024, 7, 2, 8, 30));

  EXPECT_EQ(heartbeat.entry_index, 6u);
  EXPECT_EQ(heartbeat.checkpoint.tree_size, 7u);
  ASSERT_EQ(heartbeat.sources.size(), 2u);
  EXPECT_EQ(heartbeat.sources[0].source, "entra:contoso");
  EXPECT_EQ(heartbeat.sources[0].coverage_end, nine_.PlusMicros(1));
  EXPECT_EQ(heartbeat.sources[1].source, "lcs-logins:default");
  EXPECT_EQ(heartbeat.sources[1].coverage_end, Utc(2024, 7, 1));
  EXPECT_EQ(Entry(6),
            "signtrail-entry/v1 heartbeat\n"
            "heartbeat=1\n"
            "time=2024-07-02T08:30:00.000000Z\n"
            "last_batch=3\n"
            "source=entra:contoso\n"
            "coverage_end=2024-06-03T09:00:00.000001Z\n"
            "source=lcs-logins:default\n"
            "coverage_end=2024-07-01T00:00:00.000000Z\n");
}

// A batch with neither events nor a window gives its source no coverage end.
TEST_F(StoreBatchCoverageTest, HeartbeatSourceWithoutCoverage) {
  Commit(Batch({}, "entra:empty", std::string(64, 'e')));

  const HeartbeatReport heartbeat = Heartbeat(Utc(2024, 7, 2));

  ASSERT_EQ(heartbeat.sources.size(), 1u);
  EXPECT_EQ(heartbeat.sources[0].source, "entra:empty");
  EXPECT_FALSE(heartbeat.sources[0].coverage_end.has_value());
  EXPECT_EQ(Entry(heartbeat.entry_index),
            "signtrail-entry/v1 heartbeat\n"
            "heartbeat=1\n"
            "time=2024-07-02T00:00:00.000000Z\n"
            "last_batch=1\n"
            "source=entra:empty\n"
            "coverage_end=\n");
}

// Each heartbeat signs a checkpoint, even when nothing else arrived.
TEST_F(StoreBatchCoverageTest, HeartbeatSignsEachTime) {
  CommitOne("entra:test", nine_, BatchCoverage{}, "r1");
  const size_t before = store_->ListCheckpoints()->size();

  const HeartbeatReport first = Heartbeat(Utc(2024, 7, 2, 8));
  const HeartbeatReport second = Heartbeat(Utc(2024, 7, 2, 9));

  EXPECT_EQ(first.checkpoint.tree_size, 3u);
  EXPECT_EQ(second.checkpoint.tree_size, 4u);
  EXPECT_EQ(second.heartbeat_id, 2);
  Result<std::vector<StoredCheckpoint>> checkpoints = store_->ListCheckpoints();
  ASSERT_TRUE(checkpoints.ok());
  ASSERT_EQ(checkpoints->size(), before + 2);
  EXPECT_EQ(checkpoints->back().signed_note, second.checkpoint.signed_note);
  EXPECT_EQ(checkpoints->back().signed_at, Utc(2024, 7, 2, 9));
}

// Heartbeats between batches keep their place in the re-derived order.
TEST_F(StoreBatchCoverageTest, VerifyPassesAfterHeartbeats) {
  Heartbeat(Utc(2024, 6, 1));
  CommitOne("entra:test", nine_, BatchCoverage{}, "r1");
  Heartbeat(Utc(2024, 6, 4));
  Heartbeat(Utc(2024, 6, 5));
  CommitOne("lcs-logins:default", nine_, Declared(Utc(2024, 6, 1), Utc(2024, 6, 8)), "r2");
  CommitOne("lcs-logins:default", nine_, Declared(Utc(2024, 6, 8), Utc(2024, 6, 15)), "r3");
  Heartbeat(Utc(2024, 6, 16));

  const VerifyReport report = VerifyOrFail(*store_);

  EXPECT_EQ(FindingHeads(report), Strings{});
  EXPECT_EQ(report.entries, 10u);
  EXPECT_EQ(QueryRows(db_path(), "SELECT idx, entry_type, row_id FROM ledger_leaves ORDER BY idx"),
            (Strings{"0|'heartbeat'|1", "1|'event'|1", "2|'sign-in-batch'|1", "3|'heartbeat'|2",
                     "4|'heartbeat'|3", "5|'event'|2", "6|'sign-in-batch'|2", "7|'event'|3",
                     "8|'sign-in-batch'|3", "9|'heartbeat'|4"}));
}

TEST_F(StoreBatchCoverageTest, ChangedHeartbeatFailsVerify) {
  CommitOne("lcs-logins:default", nine_, Declared(Utc(2024, 6, 1), Utc(2024, 7, 1)), "r1");
  Heartbeat(Utc(2024, 7, 2));

  ExecuteSql(db_path(), "UPDATE heartbeat_sources SET coverage_end = coverage_end + 1");

  EXPECT_EQ(FindingHeads(VerifyOrFail(*store_)),
            (Strings{"entry-changed at index 2", "checkpoints-inconsistent at index 2"}));
}

TEST_F(StoreBatchCoverageTest, DeletedHeartbeatSourceFailsVerify) {
  CommitOne("lcs-logins:default", nine_, Declared(Utc(2024, 6, 1), Utc(2024, 7, 1)), "r1");
  Heartbeat(Utc(2024, 7, 2));

  ExecuteSql(db_path(), "DELETE FROM heartbeat_sources");

  EXPECT_EQ(FindingHeads(VerifyOrFail(*store_)),
            (Strings{"entry-changed at index 2", "checkpoints-inconsistent at index 2"}));
}

TEST_F(StoreBatchCoverageTest, ExtraHeartbeatFailsVerify) {
  Heartbeat(Utc(2024, 7, 2));

  ExecuteSql(db_path(), "INSERT INTO heartbeats (time, last_batch_id) VALUES (0, 0)");

  const VerifyReport report = VerifyOrFail(*store_);
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(FindingKindName(report.findings[0].kind), "extra-entry");
}

TEST_F(StoreBatchCoverageTest, HeartbeatNeedsSigner) {
  store_.reset();
  StoreOptions options;
  Result<std::unique_ptr<SqliteStore>> reader = SqliteStore::Open(db_path(), options);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  const std::string before = DumpDatabase(db_path());

  Result<HeartbeatReport> heartbeat = (*reader)->AppendHeartbeat(Utc(2024, 7, 2));

  ASSERT_FALSE(heartbeat.ok());
  EXPECT_EQ(heartbeat.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DumpDatabase(db_path()), before);
}

}  // namespace
}  // namespace signtrail::testing
