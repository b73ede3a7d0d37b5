#include <gtest/gtest.h>

#include "query/coverage.h"
#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::At;

constexpr std::string_view kLcs = "lcs-logins:default";
constexpr std::string_view kEntra = "entra:contoso";

// A batch that declares the window [start, end), with events at its edges.
BatchInfo Declared(int64_t id, std::string_view source, std::string_view start,
                   std::string_view end, std::vector<std::string> reasons = {}) {
  BatchInfo batch;
  batch.batch_id = id;
  batch.source = std::string(source);
  batch.window_start = At(start);
  batch.window_end = At(end);
  batch.min_time = At(start);
  batch.max_time = At(end).PlusMicros(-1);
  batch.window_basis = WindowBasis::kDeclared;
  batch.doubtful_reasons = std::move(reasons);
  return batch;
}

// A batch with events from `first` to `last` and no stored window.
BatchInfo Unwindowed(int64_t id, std::string_view source, std::string_view first,
                     std::string_view last) {
  BatchInfo batch;
  batch.batch_id = id;
  batch.source = std::string(source);
  batch.min_time = At(first);
  batch.max_time = At(last);
  return batch;
}

struct Expected {
  std::string_view start;
  std::string_view end;
  CoverageState state;
  std::vector<std::string> reasons;
  std::vector<int64_t> batch_ids;
};

// Checks one source's intervals field by field.
void ExpectIntervals(const SourceCoverage& coverage, const std::vector<Expected>& expected) {
  ASSERT_EQ(coverage.intervals.size(), expected.size()) << coverage.source;
  for (size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("interval " + std::to_string(i));
    const CoverageInterval& interval = coverage.intervals[i];
    EXPECT_EQ(FormatUtc(interval.start), expected[i].start);
    EXPECT_EQ(FormatUtc(interval.end), expected[i].end);
    EXPECT_EQ(CoverageStateName(interval.state), CoverageStateName(expected[i].state));
    EXPECT_EQ(interval.reasons, expected[i].reasons);
    EXPECT_EQ(interval.batch_ids, expected[i].batch_ids);
  }
}

std::vector<SourceCoverage> Compute(const std::vector<BatchInfo>& batches, CoverageRange range = {},
                                    std::optional<std::string> source = std::nullopt) {
  Result<std::vector<SourceCoverage>> coverage = ComputeCoverage(batches, range, source);
  EXPECT_TRUE(coverage.ok()) << coverage.status().message();
  return coverage.ok() ? *coverage : std::vector<SourceCoverage>{};
}

CoverageRange Range(std::string_view start, std::string_view end) {
  return CoverageRange{At(start), At(end)};
}

constexpr CoverageState kCovered = CoverageState::kCovered;
constexpr CoverageState kDoubtful = CoverageState::kDoubtful;
constexpr CoverageState kGap = CoverageState::kGap;

TEST(CoverageMerge, OverlappingWindowsMerge) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z"),
               Declared(2, kLcs, "2024-06-05T00:00:00Z", "2024-06-12T00:00:00Z")});

  ASSERT_EQ(coverage.size(), 1u);
  EXPECT_EQ(coverage[0].source, kLcs);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-06-12T00:00:00Z", kCovered, {}, {1, 2}}});
}

TEST(CoverageMerge, AdjacentWindowsMerge) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z"),
               Declared(2, kLcs, "2024-06-08T00:00:00Z", "2024-06-15T00:00:00Z")});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-06-15T00:00:00Z", kCovered, {}, {1, 2}}});
}

TEST(CoverageMerge, DisjointWindowsLeaveGap) {
  const auto coverage =
      Compute({Declared(2, kLcs, "2024-06-10T00:00:00Z", "2024-06-17T00:00:00Z"),
               Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z")});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z", kCovered, {}, {1}},
                   {"2024-06-08T00:00:00Z", "2024-06-10T00:00:00Z", kGap, {}, {}},
                   {"2024-06-10T00:00:00Z", "2024-06-17T00:00:00Z", kCovered, {}, {2}}});
}

TEST(CoverageMerge, OneMicrosecondApartIsGap) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z"),
               Declared(2, kLcs, "2024-06-08T00:00:00.000001Z", "2024-06-15T00:00:00Z")});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z", kCovered, {}, {1}},
                   {"2024-06-08T00:00:00Z", "2024-06-08T00:00:00.000001Z", kGap, {}, {}},
                   {"2024-06-08T00:00:00.000001Z", "2024-06-15T00:00:00Z", kCovered, {}, {2}}});
}

TEST(CoverageMerge, RangeEndingAtWindowStartIsGap) {
  const auto coverage = Compute({Declared(1, kLcs, "2024-06-08T00:00:00Z", "2024-06-15T00:00:00Z")},
                                Range("2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z"));

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z", kGap, {}, {}}});
}

TEST(CoverageMerge, RangeStartingAtWindowEndIsGap) {
  const auto coverage = Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z")},
                                Range("2024-06-08T00:00:00Z", "2024-06-09T00:00:00Z"));

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-06-08T00:00:00Z", "2024-06-09T00:00:00Z", kGap, {}, {}}});
}

TEST(CoverageMerge, LastMicrosecondOfWindowCovered) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z")},
              Range("2024-06-07T23:59:59.999999Z", "2024-06-08T00:00:00.000001Z"));

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-07T23:59:59.999999Z", "2024-06-08T00:00:00Z", kCovered, {}, {1}},
                   {"2024-06-08T00:00:00Z", "2024-06-08T00:00:00.000001Z", kGap, {}, {}}});
}

TEST(CoverageMerge, NoWindowIsInferredFromEvents) {
  const auto coverage =
      Compute({Unwindowed(4, kEntra, "2024-06-03T10:00:00Z", "2024-06-03T18:30:00Z")});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-06-03T10:00:00Z",
                                 "2024-06-03T18:30:00.000001Z",
                                 kDoubtful,
                                 {std::string(kInferredReason)},
                                 {4}}});
}

TEST(CoverageMerge, InferredBasisIsDoubtful) {
  BatchInfo batch = Declared(1, kEntra, "2024-06-03T10:00:00Z", "2024-06-03T18:30:00.000001Z");
  batch.window_basis = WindowBasis::kInferred;

  const auto coverage = Compute({batch});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-06-03T10:00:00Z",
                                 "2024-06-03T18:30:00.000001Z",
                                 kDoubtful,
                                 {std::string(kInferredReason)},
                                 {1}}});
}

TEST(CoverageMerge, StoredInferredReasonKept) {
  BatchInfo batch = Declared(1, kEntra, "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
                             {"inferred from the first and last sign-in"});
  batch.window_basis = WindowBasis::kInferred;

  const auto coverage = Compute({batch});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-06-03T10:00:00Z",
                                 "2024-06-03T11:00:00Z",
                                 kDoubtful,
                                 {"inferred from the first and last sign-in"},
                                 {1}}});
}

TEST(CoverageMerge, SkippedRecordsAreDoubtful) {
  const auto coverage = Compute({Declared(3, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z",
                                          {"2 records skipped with --on-error skip"})});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-06-01T00:00:00Z",
                                 "2024-06-08T00:00:00Z",
                                 kDoubtful,
                                 {"2 records skipped with --on-error skip"},
                                 {3}}});
}

TEST(CoverageMerge, TruncatedTailIsDoubtful) {
  BatchInfo batch = Declared(1, kEntra, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z",
                             {"truncated tail: the last record ends mid-object"});
  batch.window_basis = WindowBasis::kFileName;

  const auto coverage = Compute({batch});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-06-01T00:00:00Z",
                                 "2024-06-08T00:00:00Z",
                                 kDoubtful,
                                 {"truncated tail: the last record ends mid-object"},
                                 {1}}});
}

// A 5,000-row export, newest first, whose oldest row is 2024-06-10T12:00Z,
// for the requested window 2024-06-01..2024-07-01.
TEST(CoverageMerge, RowCapLeavesGapBeforeEarliest) {
  BatchInfo batch = Declared(7, kLcs, "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z",
                             {"row cap reached: 5,000 rows, the Lifecycle Services export cap"});
  batch.row_cap_reached = true;
  batch.rows_read = 5000;
  batch.min_time = At("2024-06-10T12:00:00Z");
  batch.max_time = At("2024-06-30T23:10:00Z");

  const auto coverage = Compute({batch});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z",
                    "2024-06-10T12:00:00Z",
                    kGap,
                    {"row count equals a known export cap and data does not reach the requested "
                     "start; earliest covered 2024-06-10T12:00:00Z"},
                    {7}},
                   {"2024-06-10T12:00:00Z", "2024-07-01T00:00:00Z", kCovered, {}, {7}}});
}

TEST(CoverageMerge, RowCapKeepsOtherReasons) {
  BatchInfo batch = Declared(7, kLcs, "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z",
                             {"export cap reached", "1 record skipped with --on-error skip"});
  batch.row_cap_reached = true;
  batch.min_time = At("2024-06-10T12:00:00Z");

  const auto coverage = Compute({batch});

  ASSERT_EQ(coverage.size(), 1u);
  ASSERT_EQ(coverage[0].intervals.size(), 2u);
  EXPECT_EQ(coverage[0].intervals[1].state, kDoubtful);
  EXPECT_EQ(coverage[0].intervals[1].reasons,
            std::vector<std::string>{"1 record skipped with --on-error skip"});
}

// Only the typed flag makes a batch capped; the word "cap" in a reason does not.
TEST(CoverageMerge, CapWordWithoutFlagIsDoubtful) {
  BatchInfo batch = Declared(7, kLcs, "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z",
                             {"the capacity planner changed the cap"});
  batch.min_time = At("2024-06-10T12:00:00Z");

  const auto coverage = Compute({batch});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-06-01T00:00:00Z",
                                 "2024-07-01T00:00:00Z",
                                 kDoubtful,
                                 {"the capacity planner changed the cap"},
                                 {7}}});
}

TEST(CoverageMerge, RowCapReachingStartIsDoubtful) {
  BatchInfo batch =
      Declared(7, kLcs, "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z", {"row cap reached"});
  batch.row_cap_reached = true;

  const auto coverage = Compute({batch});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(
      coverage[0],
      {{"2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z", kDoubtful, {"row cap reached"}, {7}}});
}

TEST(CoverageMerge, RowCapOnInferredWindowIsDoubtful) {
  BatchInfo batch = Unwindowed(2, kEntra, "2024-06-10T12:00:00Z", "2024-06-30T00:00:00Z");
  batch.doubtful_reasons = {"download cap of 250,000 rows reached"};
  batch.row_cap_reached = true;

  const auto coverage = Compute({batch});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-10T12:00:00Z",
                    "2024-06-30T00:00:00.000001Z",
                    kDoubtful,
                    {std::string(kInferredReason), "download cap of 250,000 rows reached"},
                    {2}}});
}

TEST(CoverageMerge, CoveredWinsOverDoubtful) {
  const auto coverage =
      Compute({Unwindowed(1, kEntra, "2024-06-01T00:00:00Z", "2024-06-09T23:59:59.999999Z"),
               Declared(2, kEntra, "2024-06-03T00:00:00Z", "2024-06-05T00:00:00Z")});

  ASSERT_EQ(coverage.size(), 1u);
  const std::vector<std::string> inferred = {std::string(kInferredReason)};
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-06-03T00:00:00Z", kDoubtful, inferred, {1}},
                   {"2024-06-03T00:00:00Z", "2024-06-05T00:00:00Z", kCovered, {}, {2}},
                   {"2024-06-05T00:00:00Z", "2024-06-10T00:00:00Z", kDoubtful, inferred, {1}}});
}

TEST(CoverageMerge, CoveredFillsCapGap) {
  BatchInfo capped =
      Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z", {"row cap reached"});
  capped.row_cap_reached = true;
  capped.min_time = At("2024-06-10T12:00:00Z");

  const auto coverage =
      Compute({capped, Declared(2, kLcs, "2024-06-01T00:00:00Z", "2024-06-11T00:00:00Z")});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z", kCovered, {}, {1, 2}}});
}

TEST(CoverageMerge, DifferentReasonsStaySeparate) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z", {"reason a"}),
               Declared(2, kLcs, "2024-06-08T00:00:00Z", "2024-06-15T00:00:00Z", {"reason b"})});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z", kDoubtful, {"reason a"}, {1}},
                   {"2024-06-08T00:00:00Z", "2024-06-15T00:00:00Z", kDoubtful, {"reason b"}, {2}}});
}

TEST(CoverageMerge, SameReasonsMerge) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z", {"reason a"}),
               Declared(2, kLcs, "2024-06-08T00:00:00Z", "2024-06-15T00:00:00Z", {"reason a"})});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(
      coverage[0],
      {{"2024-06-01T00:00:00Z", "2024-06-15T00:00:00Z", kDoubtful, {"reason a"}, {1, 2}}});
}

TEST(CoverageMerge, OverlappingDoubtsCombineReasons) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z", {"reason a"}),
               Declared(2, kLcs, "2024-06-05T00:00:00Z", "2024-06-10T00:00:00Z", {"reason b"})});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-06-05T00:00:00Z", kDoubtful, {"reason a"}, {1}},
                   {"2024-06-05T00:00:00Z",
                    "2024-06-08T00:00:00Z",
                    kDoubtful,
                    {"reason a", "reason b"},
                    {1, 2}},
                   {"2024-06-08T00:00:00Z", "2024-06-10T00:00:00Z", kDoubtful, {"reason b"}, {2}}});
}

TEST(CoverageMerge, TwoSourcesSideBySide) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z"),
               Declared(2, kEntra, "2024-06-04T00:00:00Z", "2024-06-06T00:00:00Z"),
               Declared(3, kLcs, "2024-06-10T00:00:00Z", "2024-06-12T00:00:00Z")});

  ASSERT_EQ(coverage.size(), 2u);
  EXPECT_EQ(coverage[0].source, kEntra);
  ExpectIntervals(coverage[0],
                  {{"2024-06-04T00:00:00Z", "2024-06-06T00:00:00Z", kCovered, {}, {2}}});
  EXPECT_EQ(coverage[1].source, kLcs);
  ExpectIntervals(coverage[1],
                  {{"2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z", kCovered, {}, {1}},
                   {"2024-06-08T00:00:00Z", "2024-06-10T00:00:00Z", kGap, {}, {}},
                   {"2024-06-10T00:00:00Z", "2024-06-12T00:00:00Z", kCovered, {}, {3}}});
}

TEST(CoverageMerge, RangeClipsAndAddsEdgeGaps) {
  const auto coverage = Compute({Declared(1, kLcs, "2024-05-20T00:00:00Z", "2024-06-05T00:00:00Z"),
                                 Declared(2, kLcs, "2024-06-10T00:00:00Z", "2024-06-12T00:00:00Z")},
                                Range("2024-06-01T00:00:00Z", "2024-06-20T00:00:00Z"));

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-06-01T00:00:00Z", "2024-06-05T00:00:00Z", kCovered, {}, {1}},
                                {"2024-06-05T00:00:00Z", "2024-06-10T00:00:00Z", kGap, {}, {}},
                                {"2024-06-10T00:00:00Z", "2024-06-12T00:00:00Z", kCovered, {}, {2}},
                                {"2024-06-12T00:00:00Z", "2024-06-20T00:00:00Z", kGap, {}, {}}});
}

TEST(CoverageMerge, LeadingEdgeGap) {
  const auto coverage = Compute({Declared(1, kLcs, "2024-06-05T00:00:00Z", "2024-06-20T00:00:00Z")},
                                Range("2024-06-01T00:00:00Z", "2024-06-10T00:00:00Z"));

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-06-05T00:00:00Z", kGap, {}, {}},
                   {"2024-06-05T00:00:00Z", "2024-06-10T00:00:00Z", kCovered, {}, {1}}});
}

TEST(CoverageMerge, NoDataInRangeIsOneGap) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z"),
               Declared(2, kEntra, "2024-07-01T00:00:00Z", "2024-07-08T00:00:00Z")},
              Range("2024-07-02T00:00:00Z", "2024-07-03T00:00:00Z"));

  ASSERT_EQ(coverage.size(), 2u);
  ExpectIntervals(coverage[0],
                  {{"2024-07-02T00:00:00Z", "2024-07-03T00:00:00Z", kCovered, {}, {2}}});
  ExpectIntervals(coverage[1], {{"2024-07-02T00:00:00Z", "2024-07-03T00:00:00Z", kGap, {}, {}}});
}

TEST(CoverageMerge, StartOnlyRange) {
  const auto coverage = Compute({Declared(1, kLcs, "2024-06-05T00:00:00Z", "2024-06-08T00:00:00Z")},
                                CoverageRange{At("2024-06-01T00:00:00Z"), std::nullopt});

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0],
                  {{"2024-06-01T00:00:00Z", "2024-06-05T00:00:00Z", kGap, {}, {}},
                   {"2024-06-05T00:00:00Z", "2024-06-08T00:00:00Z", kCovered, {}, {1}}});
}

TEST(CoverageMerge, EmptyBatchAddsNothing) {
  BatchInfo empty;
  empty.batch_id = 1;
  empty.source = std::string(kLcs);

  EXPECT_TRUE(Compute({empty})[0].intervals.empty());
  const auto ranged = Compute({empty}, Range("2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z"));
  ASSERT_EQ(ranged.size(), 1u);
  ExpectIntervals(ranged[0], {{"2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z", kGap, {}, {}}});
}

TEST(CoverageMerge, SourceFilter) {
  const auto coverage =
      Compute({Declared(1, kLcs, "2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z"),
               Declared(2, kEntra, "2024-06-04T00:00:00Z", "2024-06-06T00:00:00Z")},
              {}, std::string(kLcs));

  ASSERT_EQ(coverage.size(), 1u);
  EXPECT_EQ(coverage[0].source, kLcs);
}

TEST(CoverageMerge, ReversedRangeRejected) {
  Result<std::vector<SourceCoverage>> coverage =
      ComputeCoverage({}, Range("2024-06-02T00:00:00Z", "2024-06-01T00:00:00Z"), std::nullopt);

  ASSERT_FALSE(coverage.ok());
  EXPECT_EQ(coverage.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(coverage.status().message(),
            "the range start 2024-06-02T00:00:00Z is not before its end 2024-06-01T00:00:00Z; "
            "give a start earlier than the end");
}

// The Lifecycle Services query was retired in September 2024: an export
// whose query-rule window ends 2024-09-01 and nothing after it.
TEST(CoverageMerge, RetiredSourceShowsTrailingGap) {
  BatchInfo batch = Declared(1, kLcs, "2024-08-25T00:00:00Z", "2024-09-01T00:00:00Z");
  batch.window_basis = WindowBasis::kQueryRule;

  const auto coverage = Compute({batch}, Range("2024-08-01T00:00:00Z", "2024-11-01T00:00:00Z"));

  ASSERT_EQ(coverage.size(), 1u);
  ExpectIntervals(coverage[0], {{"2024-08-01T00:00:00Z", "2024-08-25T00:00:00Z", kGap, {}, {}},
                                {"2024-08-25T00:00:00Z", "2024-09-01T00:00:00Z", kCovered, {}, {1}},
                                {"2024-09-01T00:00:00Z", "2024-11-01T00:00:00Z", kGap, {}, {}}});
}

TEST(CoverageRowCap, RecognisedWords) {
  EXPECT_TRUE(IsRowCapReason("row cap reached"));
  EXPECT_TRUE(IsRowCapReason("logins.csv: 5,000 data rows, the Lifecycle Services export cap"));
  EXPECT_TRUE(IsRowCapReason("Download CAP of the Entra admin center"));
  EXPECT_TRUE(IsRowCapReason("the export was capped at 5,000 rows"));
  EXPECT_TRUE(IsRowCapReason("row caps"));
}

TEST(CoverageRowCap, OtherWordsIgnored) {
  EXPECT_FALSE(IsRowCapReason("capacity exceeded"));
  EXPECT_FALSE(IsRowCapReason("escape sequence"));
  EXPECT_FALSE(IsRowCapReason("recap"));
  EXPECT_FALSE(IsRowCapReason("ca"));
  EXPECT_FALSE(IsRowCapReason(""));
}

}  // namespace
}  // namespace signtrail
