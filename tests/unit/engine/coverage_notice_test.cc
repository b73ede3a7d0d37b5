// The coverage notices a sign-in report's footer carries, through
// RunSignInReport on the fake store.

#include <gtest/gtest.h>

#include "fake_store.h"
#include "query/coverage.h"
#include "query/signin_report.h"
#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::At;
using testing::FakeStore;
using testing::MakeBatch;
using testing::RecordingSink;
using testing::SessionRecord;

constexpr char kAliceId[] = "00000000-0000-0000-0000-00000000000a";
constexpr char kBobId[] = "00000000-0000-0000-0000-00000000000b";

SignInQuery Window(std::string_view start, std::string_view end) {
  SignInQuery query;
  query.window_start = At(start);
  query.window_end = At(end);
  return query;
}

// An LCS export with 3 sessions up to 2024-08-31 and no later D365 source;
// its query-rule window ends the day after the last session.
class RetiredLcsSource : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        store_
            .CommitSignInBatch(MakeBatch("lcs-logins:default", "lcs-logins",
                                         {SessionRecord("r1", kAliceId, At("2024-08-26T09:00:00Z"),
                                                        At("2024-08-26T17:00:00Z")),
                                          SessionRecord("r2", kBobId, At("2024-08-29T08:00:00Z"),
                                                        At("2024-08-29T12:00:00Z")),
                                          SessionRecord("r3", kAliceId, At("2024-08-31T10:00:00Z"),
                                                        At("2024-08-31T11:00:00Z"))}))
            .ok());
    std::vector<BatchInfo> batches = *store_.ListBatches();
    batches[0].window_start = At("2024-08-25T00:00:00Z");
    batches[0].window_end = At("2024-09-01T00:00:00Z");
    batches[0].window_basis = WindowBasis::kQueryRule;
    store_.SetBatches(batches);
  }

  FakeStore store_;
  RecordingSink sink_;
};

TEST_F(RetiredLcsSource, GapAfterLastExportNoted) {
  Result<ReportSummary> summary =
      RunSignInReport(store_, Window("2024-08-01T00:00:00Z", "2024-11-01T00:00:00Z"), sink_);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(sink_.rows.size(), 3u);
  EXPECT_EQ(summary->notices,
            std::vector<std::string>{
                "lcs-logins:default has no data for [2024-08-01T00:00:00Z, 2024-08-25T00:00:00Z), "
                "[2024-09-01T00:00:00Z, 2024-11-01T00:00:00Z)"});
}

TEST_F(RetiredLcsSource, TrailingGapAlone) {
  Result<ReportSummary> summary =
      RunSignInReport(store_, Window("2024-08-25T00:00:00Z", "2024-11-01T00:00:00Z"), sink_);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->notices,
            std::vector<std::string>{"lcs-logins:default has no data for "
                                     "[2024-09-01T00:00:00Z, 2024-11-01T00:00:00Z)"});
}

TEST_F(RetiredLcsSource, CoveredWindowHasNoNotice) {
  Result<ReportSummary> summary =
      RunSignInReport(store_, Window("2024-08-26T00:00:00Z", "2024-09-01T00:00:00Z"), sink_);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_TRUE(summary->notices.empty());
}

TEST_F(RetiredLcsSource, OtherSourceFilterHasNoNotice) {
  SignInQuery query = Window("2024-08-01T00:00:00Z", "2024-11-01T00:00:00Z");
  query.source = "entra:contoso";

  Result<ReportSummary> summary = RunSignInReport(store_, query, sink_);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_TRUE(summary->notices.empty());
}

TEST_F(RetiredLcsSource, UnwindowedBatchIgnored) {
  store_.SetBatches({});
  ASSERT_TRUE(
      store_
          .CommitSignInBatch(MakeBatch("lcs-logins:default", "lcs-logins",
                                       {SessionRecord("r9", kBobId, At("2024-10-01T09:00:00Z"),
                                                      At("2024-10-01T10:00:00Z"))}))
          .ok());

  Result<ReportSummary> summary =
      RunSignInReport(store_, Window("2024-08-01T00:00:00Z", "2024-11-01T00:00:00Z"), sink_);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_TRUE(summary->notices.empty());
}

BatchInfo Windowed(int64_t id, std::string source, std::string_view start, std::string_view end,
                   std::vector<std::string> reasons) {
  BatchInfo batch;
  batch.batch_id = id;
  batch.source = std::move(source);
  batch.window_start = At(start);
  batch.window_end = At(end);
  batch.window_basis = WindowBasis::kDeclared;
  batch.doubtful_reasons = std::move(reasons);
  return batch;
}

TEST(CoverageNotice, RowCapGapWithReason) {
  BatchInfo capped = Windowed(1, "lcs-logins:default", "2024-06-01T00:00:00Z",
                              "2024-07-01T00:00:00Z", {"row cap reached: 5,000 rows"});
  capped.row_cap_reached = true;
  capped.min_time = At("2024-06-10T12:00:00Z");
  capped.max_time = At("2024-06-30T22:00:00Z");

  EXPECT_EQ(FindCoverageNotices({capped}, At("2024-06-01T00:00:00Z"), At("2024-07-01T00:00:00Z"),
                                std::nullopt),
            std::vector<std::string>{
                "lcs-logins:default has no data for [2024-06-01T00:00:00Z, "
                "2024-06-10T12:00:00Z) (row count equals a known export cap and data does not "
                "reach the requested start; earliest covered 2024-06-10T12:00:00Z)"});
}

TEST(CoverageNotice, DoubtfulWithReasons) {
  const std::vector<BatchInfo> batches = {
      Windowed(1, "entra:contoso", "2024-06-01T00:00:00Z", "2024-06-04T00:00:00Z",
               {"2 records skipped with --on-error skip"}),
      Windowed(2, "entra:contoso", "2024-06-04T00:00:00Z", "2024-06-08T00:00:00Z", {})};

  EXPECT_EQ(FindCoverageNotices(batches, At("2024-06-02T00:00:00Z"), At("2024-06-09T00:00:00Z"),
                                std::nullopt),
            std::vector<std::string>{
                "entra:contoso has no data for [2024-06-08T00:00:00Z, 2024-06-09T00:00:00Z) and "
                "doubtful coverage for [2024-06-02T00:00:00Z, 2024-06-04T00:00:00Z) (2 records "
                "skipped with --on-error skip)"});
}

TEST(CoverageNotice, OneLinePerSourceSorted) {
  const std::vector<BatchInfo> batches = {
      Windowed(1, "lcs-logins:default", "2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z", {}),
      Windowed(2, "entra:contoso", "2024-06-02T00:00:00Z", "2024-06-03T00:00:00Z", {})};

  EXPECT_EQ(FindCoverageNotices(batches, At("2024-06-01T00:00:00Z"), At("2024-06-03T00:00:00Z"),
                                std::nullopt),
            (std::vector<std::string>{
                "entra:contoso has no data for [2024-06-01T00:00:00Z, 2024-06-02T00:00:00Z)",
                "lcs-logins:default has no data for [2024-06-02T00:00:00Z, "
                "2024-06-03T00:00:00Z)"}));
}

TEST(CoverageNotice, EmptyWindowNoNotice) {
  const std::vector<BatchInfo> batches = {
      Windowed(1, "lcs-logins:default", "2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z", {})};

  EXPECT_TRUE(FindCoverageNotices(batches, At("2024-06-05T00:00:00Z"), At("2024-06-05T00:00:00Z"),
                                  std::nullopt)
                  .empty());
}

}  // namespace
}  // namespace signtrail
