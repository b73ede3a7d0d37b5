#include "query/source_status.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

#include "query/coverage.h"

namespace signtrail {
namespace {

constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;

struct DurationUnit {
  char letter;
  int64_t micros;
};

constexpr std::array<DurationUnit, 4> kDurationUnits = {{{'d', kMicrosPerDay},
                                                         {'h', kMicrosPerHour},
                                                         {'m', kMicrosPerMinute},
                                                         {'s', kMicrosPerSecond}}};

// Keeps a number's parsing inside int64_t; the product with its unit is
// checked separately.
constexpr size_t kMaxDurationDigits = 9;

Status InvalidDuration(std::string_view option, std::string_view text) {
  return Status::InvalidArgument(fmt::format(
      "{}: value '{}' is not a valid duration (expected whole numbers with the units d, h, m "
      "or s, largest first, such as 7d, 36h, 90m or 1d12h)",
      option, text));
}

Freshness Judge(std::optional<int64_t> age_micros, const StatusThresholds& thresholds) {
  if (!age_micros) return Freshness::kStale;
  if (*age_micros > thresholds.max_age_micros) return Freshness::kStale;
  if (*age_micros > thresholds.warn_age_micros) return Freshness::kWarn;
  return Freshness::kFresh;
}

// Fills the coverage start and end, the age and the gap and doubtful time
// inside [coverage start, now) from one source's timeline.
SourceStatus MeasureSource(const SourceCoverage& coverage, Instant now) {
  SourceStatus status;
  status.source = coverage.source;
  if (coverage.intervals.empty()) return status;

  status.coverage_start = coverage.intervals.front().start;
  for (const CoverageInterval& interval : coverage.intervals) {
    if (interval.state != CoverageState::kGap) status.coverage_end = interval.end;

    const int64_t before_now = std::min(interval.end, now).micros() - interval.start.micros();
    if (before_now <= 0) continue;
    if (interval.state == CoverageState::kGap) status.gap_micros += before_now;
    if (interval.state == CoverageState::kDoubtful) status.doubtful_micros += before_now;
  }

  // Nothing arrived after the timeline's end: that stretch is a gap.
  const Instant timeline_end = coverage.intervals.back().end;
  if (now > timeline_end) status.gap_micros += now.micros() - timeline_end.micros();

  if (status.coverage_end) {
    status.age_micros = std::max<int64_t>(0, now.micros() - status.coverage_end->micros());
  }
  return status;
}

}  // namespace

std::string_view FreshnessName(Freshness freshness) {
  switch (freshness) {
    case Freshness::kFresh:
      return "fresh";
    case Freshness::kWarn:
      return "warn";
    case Freshness::kStale:
      return "stale";
  }
  return "unknown";
}

Result<StatusThresholds> ResolveThresholds(std::optional<int64_t> max_age_micros,
                                           std::optional<int64_t> warn_age_micros) {
  StatusThresholds thresholds;
  thresholds.max_age_micros = max_age_micros.value_or(kDefaultMaxAgeMicros);
  if (warn_age_micros) {
    thresholds.warn_age_micros = *warn_age_micros;
  } else if (thresholds.max_age_micros > kDefaultWarnMarginMicros) {
    thresholds.warn_age_micros = thresholds.max_age_micros - kDefaultWarnMarginMicros;
  } else {
    thresholds.warn_age_micros = thresholds.max_age_micros / 2;
  }

  if (thresholds.warn_age_micros > thresholds.max_age_micros) {
    return Status::InvalidArgument(fmt::format(
        "--warn-age {} is greater than --max-age {}; give a warn age at most the max "
        "age",
        FormatDuration(thresholds.warn_age_micros), FormatDuration(thresholds.max_age_micros)));
  }
  return thresholds;
}

StatusReport ComputeStatus(const std::vector<BatchInfo>& batches, Instant now,
                           const StatusThresholds& thresholds) {
  StatusReport report;
  report.now = now;
  report.thresholds = thresholds;

  // No range: each timeline runs from the source's first batch to its last.
  Result<std::vector<SourceCoverage>> coverage =
      ComputeCoverage(batches, CoverageRange{}, std::nullopt);
  if (!coverage.ok() || coverage->empty()) return report;

  report.overall = Freshness::kFresh;
  for (const SourceCoverage& source_coverage : *coverage) {
    SourceStatus status = MeasureSource(source_coverage, now);
    status.freshness = Judge(status.age_micros, thresholds);
    report.overall = std::max(report.overall, status.freshness);
    report.sources.push_back(std::move(status));
  }
  return report;
}

Result<int64_t> ParseDuration(std::string_view option, std::string_view text) {
  int64_t total = 0;
  size_t next_unit = 0;  // units must come largest first, each at most once
  size_t i = 0;
  while (i < text.size()) {
    const size_t digits_start = i;
    int64_t value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + (text[i] - '0');
      ++i;
      if (i - digits_start > kMaxDurationDigits) return InvalidDuration(option, text);
    }
    if (i == digits_start || i == text.size()) return InvalidDuration(option, text);

    const char letter = text[i++];
    while (next_unit < kDurationUnits.size() && kDurationUnits[next_unit].letter != letter) {
      ++next_unit;
    }
    if (next_unit == kDurationUnits.size()) return InvalidDuration(option, text);
    const int64_t unit_micros = kDurationUnits[next_unit].micros;
    if (value > (std::numeric_limits<int64_t>::max() - total) / unit_micros) {
      return Status::InvalidArgument(fmt::format(
          "{}: value '{}' is too long a duration; give at most 100000000d", option, text));
    }
    total += value * unit_micros;
    ++next_unit;
  }

  if (text.empty()) return InvalidDuration(option, text);
  if (total == 0) {
    return Status::InvalidArgument(
        fmt::format("{}: value '{}' is zero; give a positive duration such as 7d", option, text));
  }
  return total;
}

std::string FormatDuration(int64_t micros) {
  if (micros == 0) return "0s";
  std::string text = micros < 0 ? "-" : "";
  // Invariant: remaining >= 0. INT64_MIN is not a duration any caller forms.
  int64_t remaining = micros < 0 ? -micros : micros;

  for (const DurationUnit& unit : kDurationUnits) {
    if (unit.letter == 's') break;
    const int64_t count = remaining / unit.micros;
    remaining %= unit.micros;
    if (count > 0) text += fmt::format("{}{}", count, unit.letter);
  }
  if (remaining == 0) return text;

  const int64_t seconds = remaining / kMicrosPerSecond;
  const int64_t fraction = remaining % kMicrosPerSecond;
  if (fraction == 0) return text + fmt::format("{}s", seconds);
  std::string fraction_text = fmt::format("{:06}", fraction);
  fraction_text.erase(fraction_text.find_last_not_of('0') + 1);
  return text + fmt::format("{}.{}s", seconds, fraction_text);
}

}  // namespace signtrail
