#include <gtest/gtest.h>

#include "query/source_status.h"
#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::At;

constexpr int64_t kHour = 3600 * kMicrosPerSecond;

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

const StatusThresholds kDefaults{5 * kMicrosPerDay, 7 * kMicrosPerDay};

// One source whose coverage ends 2024-09-01T00:00:00Z, judged at `now`.
Freshness FreshnessAt(Instant now) {
  const StatusReport report = ComputeStatus(
      {Declared(1, "lcs-logins:default", "2024-08-25T00:00:00Z", "2024-09-01T00:00:00Z")}, now,
      kDefaults);
  EXPECT_EQ(report.sources.size(), 1u);
  return report.overall;
}

const Instant kCoverageEnd = At("2024-09-01T00:00:00Z");

TEST(StatusThreshold, FreshBeforeWarnAge) {
  EXPECT_EQ(FreshnessAt(kCoverageEnd.PlusMicros(kMicrosPerDay)), Freshness::kFresh);
}

TEST(StatusThreshold, ExactlyAtWarnAgeIsFresh) {
  EXPECT_EQ(FreshnessAt(kCoverageEnd.PlusMicros(5 * kMicrosPerDay)), Freshness::kFresh);
}

TEST(StatusThreshold, PastWarnAgeWarns) {
  EXPECT_EQ(FreshnessAt(kCoverageEnd.PlusMicros(5 * kMicrosPerDay + 1)), Freshness::kWarn);
}

TEST(StatusThreshold, ExactlyAtMaxAgeWarns) {
  EXPECT_EQ(FreshnessAt(kCoverageEnd.PlusMicros(7 * kMicrosPerDay)), Freshness::kWarn);
}

TEST(StatusThreshold, PastMaxAgeIsStale) {
  EXPECT_EQ(FreshnessAt(kCoverageEnd.PlusMicros(7 * kMicrosPerDay + 1)), Freshness::kStale);
}

TEST(StatusThreshold, FutureEndIsAgeZero) {
  const StatusReport report =
      ComputeStatus({Declared(1, "entra:contoso", "2024-08-25T00:00:00Z", "2024-09-01T00:00:00Z")},
                    At("2024-08-30T00:00:00Z"), kDefaults);

  ASSERT_EQ(report.sources.size(), 1u);
  ASSERT_TRUE(report.sources[0].age_micros.has_value());
  EXPECT_EQ(*report.sources[0].age_micros, 0);
  EXPECT_EQ(report.sources[0].gap_micros, 0);
  EXPECT_EQ(report.sources[0].freshness, Freshness::kFresh);
}

TEST(SourceStatus, RetiredSourceGrowsGap) {
  const StatusReport report = ComputeStatus(
      {Declared(1, "lcs-logins:default", "2024-08-25T00:00:00Z", "2024-09-01T00:00:00Z")},
      At("2024-11-01T00:00:00Z"), kDefaults);

  ASSERT_EQ(report.sources.size(), 1u);
  const SourceStatus& status = report.sources[0];
  EXPECT_EQ(status.source, "lcs-logins:default");
  ASSERT_TRUE(status.coverage_start.has_value());
  EXPECT_EQ(*status.coverage_start, At("2024-08-25T00:00:00Z"));
  ASSERT_TRUE(status.coverage_end.has_value());
  EXPECT_EQ(*status.coverage_end, At("2024-09-01T00:00:00Z"));
  ASSERT_TRUE(status.age_micros.has_value());
  EXPECT_EQ(*status.age_micros, 61 * kMicrosPerDay);
  EXPECT_EQ(status.gap_micros, 61 * kMicrosPerDay);
  EXPECT_EQ(status.doubtful_micros, 0);
  EXPECT_EQ(status.freshness, Freshness::kStale);
  EXPECT_EQ(report.overall, Freshness::kStale);
}

TEST(SourceStatus, InnerGapAndDoubtCounted) {
  const StatusReport report =
      ComputeStatus({Declared(1, "entra:contoso", "2024-06-01T00:00:00Z", "2024-06-03T00:00:00Z"),
                     Declared(2, "entra:contoso", "2024-06-04T00:00:00Z", "2024-06-05T00:00:00Z",
                              {"3 records skipped with --on-error skip"})},
                    At("2024-06-05T06:00:00Z"), kDefaults);

  ASSERT_EQ(report.sources.size(), 1u);
  const SourceStatus& status = report.sources[0];
  EXPECT_EQ(status.gap_micros, kMicrosPerDay + 6 * kHour);
  EXPECT_EQ(status.doubtful_micros, kMicrosPerDay);
  ASSERT_TRUE(status.coverage_end.has_value());
  EXPECT_EQ(*status.coverage_end, At("2024-06-05T00:00:00Z"));
  EXPECT_EQ(status.freshness, Freshness::kFresh);
}

TEST(SourceStatus, CapGapCounted) {
  BatchInfo capped = Declared(1, "lcs-logins:default", "2024-06-01T00:00:00Z",
                              "2024-07-01T00:00:00Z", {"row cap reached"});
  capped.row_cap_reached = true;
  capped.min_time = At("2024-06-10T12:00:00Z");

  const StatusReport report = ComputeStatus({capped}, At("2024-07-01T00:00:00Z"), kDefaults);

  ASSERT_EQ(report.sources.size(), 1u);
  ASSERT_TRUE(report.sources[0].coverage_start.has_value());
  EXPECT_EQ(*report.sources[0].coverage_start, At("2024-06-01T00:00:00Z"));
  EXPECT_EQ(report.sources[0].gap_micros, 9 * kMicrosPerDay + 12 * kHour);
}

TEST(SourceStatus, WorstSourceDecides) {
  const StatusReport report = ComputeStatus(
      {Declared(1, "lcs-logins:default", "2024-08-25T00:00:00Z", "2024-09-01T00:00:00Z"),
       Declared(2, "entra:contoso", "2024-09-01T00:00:00Z", "2024-09-06T00:00:00Z")},
      At("2024-09-07T00:00:00Z"), kDefaults);

  ASSERT_EQ(report.sources.size(), 2u);
  EXPECT_EQ(report.sources[0].source, "entra:contoso");
  EXPECT_EQ(report.sources[0].freshness, Freshness::kFresh);
  EXPECT_EQ(report.sources[1].source, "lcs-logins:default");
  EXPECT_EQ(report.sources[1].freshness, Freshness::kWarn);
  EXPECT_EQ(report.overall, Freshness::kWarn);
}

TEST(SourceStatus, NoSourcesIsStale) {
  const StatusReport report = ComputeStatus({}, At("2024-09-07T00:00:00Z"), kDefaults);

  EXPECT_TRUE(report.sources.empty());
  EXPECT_EQ(report.overall, Freshness::kStale);
  EXPECT_EQ(report.now, At("2024-09-07T00:00:00Z"));
}

TEST(SourceStatus, SourceWithoutCoverageIsStale) {
  BatchInfo empty;
  empty.batch_id = 1;
  empty.source = "entra:contoso";

  const StatusReport report = ComputeStatus({empty}, At("2024-09-07T00:00:00Z"), kDefaults);

  ASSERT_EQ(report.sources.size(), 1u);
  EXPECT_FALSE(report.sources[0].coverage_start.has_value());
  EXPECT_FALSE(report.sources[0].coverage_end.has_value());
  EXPECT_FALSE(report.sources[0].age_micros.has_value());
  EXPECT_EQ(report.sources[0].freshness, Freshness::kStale);
}

TEST(StatusThresholds, Defaults) {
  Result<StatusThresholds> thresholds = ResolveThresholds(std::nullopt, std::nullopt);

  ASSERT_TRUE(thresholds.ok());
  EXPECT_EQ(thresholds->max_age_micros, 7 * kMicrosPerDay);
  EXPECT_EQ(thresholds->warn_age_micros, 5 * kMicrosPerDay);
}

TEST(StatusThresholds, WarnFollowsMaxAge) {
  Result<StatusThresholds> thresholds = ResolveThresholds(3 * kMicrosPerDay, std::nullopt);

  ASSERT_TRUE(thresholds.ok());
  EXPECT_EQ(thresholds->warn_age_micros, kMicrosPerDay);
}

TEST(StatusThresholds, ShortMaxAgeHalves) {
  Result<StatusThresholds> thresholds = ResolveThresholds(36 * kHour, std::nullopt);

  ASSERT_TRUE(thresholds.ok());
  EXPECT_EQ(thresholds->warn_age_micros, 18 * kHour);
}

TEST(StatusThresholds, ExplicitWarnAge) {
  Result<StatusThresholds> thresholds = ResolveThresholds(std::nullopt, 6 * kMicrosPerDay);

  ASSERT_TRUE(thresholds.ok());
  EXPECT_EQ(thresholds->warn_age_micros, 6 * kMicrosPerDay);
  EXPECT_EQ(thresholds->max_age_micros, 7 * kMicrosPerDay);
}

TEST(StatusThresholds, WarnAboveMaxRejected) {
  Result<StatusThresholds> thresholds = ResolveThresholds(2 * kMicrosPerDay, 3 * kMicrosPerDay);

  ASSERT_FALSE(thresholds.ok());
  EXPECT_EQ(thresholds.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(thresholds.status().message(),
            "--warn-age 3d is greater than --max-age 2d; give a warn age at most the max age");
}

TEST(ParseDuration, Accepted) {
  const std::vector<std::pair<std::string_view, int64_t>> cases = {
      {"7d", 7 * kMicrosPerDay},
      {"36h", 36 * kHour},
      {"90m", 90 * 60 * kMicrosPerSecond},
      {"1d12h", kMicrosPerDay + 12 * kHour},
      {"45s", 45 * kMicrosPerSecond},
      {"1d2h3m4s", kMicrosPerDay + 2 * kHour + 3 * 60 * kMicrosPerSecond + 4 * kMicrosPerSecond},
  };
  for (const auto& [text, micros] : cases) {
    Result<int64_t> parsed = ParseDuration("--max-age", text);
    ASSERT_TRUE(parsed.ok()) << text << ": " << parsed.status().message();
    EXPECT_EQ(*parsed, micros) << text;
  }
}

TEST(ParseDuration, Rejected) {
  for (std::string_view text :
       {"", "7", "d", "7x", "12h1d", "1d1d", "7D", "-1d", "1.5d", " 7d", "7d ", "1234567890d"}) {
    Result<int64_t> parsed = ParseDuration("--max-age", text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << text;
  }
}

TEST(ParseDuration, MessageNamesValue) {
  Result<int64_t> parsed = ParseDuration("--warn-age", "5 days");

  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "--warn-age: value '5 days' is not a valid duration (expected whole numbers with the "
            "units d, h, m or s, largest first, such as 7d, 36h, 90m or 1d12h)");
}

TEST(ParseDuration, ZeroRejected) {
  Result<int64_t> parsed = ParseDuration("--max-age", "0d");

  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "--max-age: value '0d' is zero; give a positive duration such as 7d");
}

TEST(ParseDuration, OverflowRejected) {
  Result<int64_t> largest = ParseDuration("--max-age", "100000000d");
  Result<int64_t> too_long = ParseDuration("--max-age", "999999999d");

  ASSERT_TRUE(largest.ok());
  EXPECT_EQ(*largest, 100'000'000 * kMicrosPerDay);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().message(),
            "--max-age: value '999999999d' is too long a duration; give at most 100000000d");
}

TEST(FormatDuration, Units) {
  EXPECT_EQ(FormatDuration(0), "0s");
  EXPECT_EQ(FormatDuration(5 * kMicrosPerDay), "5d");
  EXPECT_EQ(FormatDuration(kMicrosPerDay + 12 * kHour), "1d12h");
  EXPECT_EQ(FormatDuration(90 * 60 * kMicrosPerSecond), "1h30m");
  EXPECT_EQ(FormatDuration(kMicrosPerDay + 4 * kMicrosPerSecond), "1d4s");
  EXPECT_EQ(FormatDuration(1'500'000), "1.5s");
  EXPECT_EQ(FormatDuration(1), "0.000001s");
  EXPECT_EQ(FormatDuration(-kHour), "-1h");
}

TEST(FreshnessName, Names) {
  EXPECT_EQ(FreshnessName(Freshness::kFresh), "fresh");
  EXPECT_EQ(FreshnessName(Freshness::kWarn), "warn");
  EXPECT_EQ(FreshnessName(Freshness::kStale), "stale");
}

}  // namespace
}  // namespace signtrail
