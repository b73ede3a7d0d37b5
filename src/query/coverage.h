#ifndef SIGNTRAIL_QUERY_COVERAGE_H_
#define SIGNTRAIL_QUERY_COVERAGE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/instant.h"
#include "model/status.h"
#include "store/store.h"

namespace signtrail {

// The evidence state of a stretch of a source's timeline.
enum class CoverageState {
  kCovered,   // a batch without doubts states this period is complete
  kDoubtful,  // only batches with doubts (inferred window, row cap, skipped records) reach it
  kGap,       // no batch is evidence for it
};

// "covered", "doubtful" or "gap".
std::string_view CoverageStateName(CoverageState state);

// One stretch [start, end) of a source's timeline in one state.
struct CoverageInterval {
  Instant start;
  Instant end;
  CoverageState state = CoverageState::kGap;
  // Distinct reasons of the batches behind a doubtful interval, or the reason
  // a gap is known to be missing (a row cap). Empty for covered intervals and
  // for gaps that no batch explains.
  std::vector<std::string> reasons;
  // Ascending ids of the batches behind the state: the covering batches of a
  // covered interval, the doubtful ones of a doubtful interval, the capped
  // batches that explain a gap.
  std::vector<int64_t> batch_ids;
};

// A source's timeline, intervals in time order, contiguous and not
// overlapping.
struct SourceCoverage {
  std::string source;
  std::vector<CoverageInterval> intervals;
};

// The period a coverage query looks at, [start, end). An absent bound leaves
// that side open: the timeline then starts at the source's first batch or
// ends at its last one.
struct CoverageRange {
  std::optional<Instant> start;
  std::optional<Instant> end;
};

// The reason added to a batch whose window was inferred from its first and
// last event (no window stored, or WindowBasis::kInferred), unless its
// doubtful reasons already contain it or one that starts with "inferred".
// The ingest stores the same text with every inferred window.
inline constexpr std::string_view kInferredReason = kInferredWindowReason;

// True when a doubtful reason states that the export hit a row cap: it contains the
// word "cap", "caps" or "capped" in any letter case ("row cap reached",
// "the Lifecycle Services export cap", "a download cap of the Entra admin
// center"). Only batches with BatchInfo::row_cap_reached count as capped;
// this picks the reasons that their cap explains.
bool IsRowCapReason(std::string_view reason);

// Computes each source's timeline from its batches.
//
// A batch is evidence for its window [window_start, window_end). A batch
// with no stored window but with events uses [min_time, max_time + 1 µs) and
// is doubtful with kInferredReason. A batch with neither adds nothing.
//
// A batch whose window was not inferred and that hit a row cap
// (BatchInfo::row_cap_reached) contains only the newest rows of its window. So
// [earliest event, window_end) counts without the cap reason, and
// [window_start, earliest event) is a gap whose reason names the cap and the
// earliest covered time.
// When its earliest event is not after window_start, the whole window is
// doubtful with the cap reason, since nothing proves that rows are complete.
//
// Where batches overlap, covered wins over doubtful and doubtful over a gap.
// Adjacent intervals merge when their states match and, except for covered
// intervals, their reasons match too. Every stretch between the start and
// the end of the timeline that no batch reaches is a gap.
//
// With a range, intervals are clipped to it and gaps reach its edges; a
// source with no batch inside a closed range is one gap. Sources are sorted
// by name; `source`, when set, keeps only that source. Returns
// InvalidArgument when the range start is not before its end.
Result<std::vector<SourceCoverage>> ComputeCoverage(const std::vector<BatchInfo>& batches,
                                                    const CoverageRange& range,
                                                    const std::optional<std::string>& source);

// Lists a notice per source (or only `source`, when set) for the gaps and
// doubtful stretches inside [window_start, window_end), such as
// "lcs-logins:default has no data for [2024-09-01T00:00:00Z, 2024-11-01T00:00:00Z)".
// Each interval's reasons follow it in parentheses. Only batches with a stored
// window count: a batch written before windows were recorded gives no
// period it covers. Notices are sorted by source.
std::vector<std::string> FindCoverageNotices(const std::vector<BatchInfo>& batches,
                                             Instant window_start, Instant window_end,
                                             const std::optional<std::string>& source);

}  // namespace signtrail

#endif  // SIGNTRAIL_QUERY_COVERAGE_H_
