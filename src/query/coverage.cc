#include "query/coverage.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <utility>

namespace signtrail {
namespace {

// One batch's statement about one stretch of its source's timeline.
struct Claim {
  Instant start;
  Instant end;
  CoverageState state = CoverageState::kCovered;
  std::vector<std::string> reasons;
  int64_t batch_id = 0;
};

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The batch's window and whether it was inferred from its events.
struct BatchWindow {
  Instant start;
  Instant end;
  bool inferred = false;
};

std::optional<BatchWindow> WindowOf(const BatchInfo& batch) {
  if (batch.window_start && batch.window_end) {
    if (*batch.window_start >= *batch.window_end) return std::nullopt;
    return BatchWindow{*batch.window_start, *batch.window_end,
                       batch.window_basis == WindowBasis::kInferred};
  }
  if (batch.min_time && batch.max_time) {
    return BatchWindow{*batch.min_time, batch.max_time->PlusMicros(1), true};
  }
  return std::nullopt;
}

std::vector<std::string> DoubtfulReasons(const BatchInfo& batch, bool inferred) {
  std::vector<std::string> reasons;
  const bool has_inferred_reason = std::any_of(
      batch.doubtful_reasons.begin(), batch.doubtful_reasons.end(), [](const std::string& reason) {
        return reason == kInferredReason || StartsWith(reason, "inferred");
      });
  if (inferred && !has_inferred_reason) reasons.emplace_back(kInferredReason);
  for (const std::string& reason : batch.doubtful_reasons) {
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
      reasons.push_back(reason);
    }
  }
  return reasons;
}

Claim MakeClaim(Instant start, Instant end, std::vector<std::string> reasons, int64_t batch_id) {
  const CoverageState state = reasons.empty() ? CoverageState::kCovered : CoverageState::kDoubtful;
  return Claim{start, end, state, std::move(reasons), batch_id};
}

// Splits a capped export's window at its earliest event: the export kept the
// newest rows, so the stretch before the earliest event is missing.
std::vector<Claim> CappedClaims(const BatchInfo& batch, const BatchWindow& window,
                                std::vector<std::string> reasons) {
  const Instant earliest = *batch.min_time;
  if (earliest <= window.start || earliest >= window.end) {
    return {MakeClaim(window.start, window.end, std::move(reasons), batch.batch_id)};
  }

  std::vector<std::string> other_reasons;
  for (std::string& reason : reasons) {
    if (!IsRowCapReason(reason)) other_reasons.push_back(std::move(reason));
  }
  Claim missing{window.start,
                earliest,
                CoverageState::kGap,
                {fmt::format("row count equals a known export cap and data does not reach the "
                             "requested start; earliest covered {}",
                             FormatUtc(earliest))},
                batch.batch_id};
  return {std::move(missing),
          MakeClaim(earliest, window.end, std::move(other_reasons), batch.batch_id)};
}

std::vector<Claim> ClaimsOf(const BatchInfo& batch) {
  const std::optional<BatchWindow> window = WindowOf(batch);
  if (!window) return {};

  std::vector<std::string> reasons = DoubtfulReasons(batch, window->inferred);
  if (batch.row_cap_reached && !window->inferred && batch.min_time) {
    return CappedClaims(batch, *window, std::move(reasons));
  }
  return {MakeClaim(window->start, window->end, std::move(reasons), batch.batch_id)};
}

// The state, reasons and batches of one elementary stretch, from the claims
// that cover all of it: the best state wins and brings its claims' reasons.
CoverageInterval ResolvePiece(Instant start, Instant end, const std::vector<const Claim*>& active) {
  CoverageInterval piece{start, end, CoverageState::kGap, {}, {}};
  if (active.empty()) return piece;

  std::vector<const Claim*> winners;
  for (const Claim* claim : active) piece.state = std::min(piece.state, claim->state);
  for (const Claim* claim : active) {
    if (claim->state == piece.state) winners.push_back(claim);
  }
  std::sort(winners.begin(), winners.end(),
            [](const Claim* a, const Claim* b) { return a->batch_id < b->batch_id; });

  for (const Claim* claim : winners) {
    if (piece.batch_ids.empty() || piece.batch_ids.back() != claim->batch_id) {
      piece.batch_ids.push_back(claim->batch_id);
    }
    for (const std::string& reason : claim->reasons) {
      if (std::find(piece.reasons.begin(), piece.reasons.end(), reason) == piece.reasons.end()) {
        piece.reasons.push_back(reason);
      }
    }
  }
  return piece;
}

bool CanMerge(const CoverageInterval& previous, const CoverageInterval& next) {
  if (previous.end != next.start || previous.state != next.state) return false;
  return previous.state == CoverageState::kCovered || previous.reasons == next.reasons;
}

void MergeBatchIds(std::vector<int64_t>& into, const std::vector<int64_t>& more) {
  std::vector<int64_t> merged;
  std::set_union(into.begin(), into.end(), more.begin(), more.end(), std::back_inserter(merged));
  into = std::move(merged);
}

// Cuts [low, high) at every claim edge, resolves each piece from the claims
// that cover it, and merges neighbours that read the same.
std::vector<CoverageInterval> BuildTimeline(std::vector<Claim> claims, Instant low, Instant high) {
  std::vector<Instant> cuts = {low, high};
  for (const Claim& claim : claims) {
    for (Instant edge : {claim.start, claim.end}) {
      if (edge > low && edge < high) cuts.push_back(edge);
    }
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::sort(claims.begin(), claims.end(),
            [](const Claim& a, const Claim& b) { return a.start < b.start; });

  // Sweep the pieces in order. Invariant: `active` contains exactly the claims
  // with start <= piece start < end, which therefore cover the whole piece.
  std::vector<CoverageInterval> timeline;
  std::vector<const Claim*> active;
  size_t next_claim = 0;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    const Instant piece_start = cuts[i];
    while (next_claim < claims.size() && claims[next_claim].start <= piece_start) {
      active.push_back(&claims[next_claim++]);
    }
    std::erase_if(active, [&](const Claim* claim) { return claim->end <= piece_start; });

    CoverageInterval piece = ResolvePiece(piece_start, cuts[i + 1], active);
    if (!timeline.empty() && CanMerge(timeline.back(), piece)) {
      timeline.back().end = piece.end;
      MergeBatchIds(timeline.back().batch_ids, piece.batch_ids);
    } else {
      timeline.push_back(std::move(piece));
    }
  }
  return timeline;
}

std::vector<CoverageInterval> SourceTimeline(std::vector<Claim> claims,
                                             const CoverageRange& range) {
  if (claims.empty()) {
    if (range.start && range.end) {
      return {CoverageInterval{*range.start, *range.end, CoverageState::kGap, {}, {}}};
    }
    return {};
  }

  Instant low = claims.front().start;
  Instant high = claims.front().end;
  for (const Claim& claim : claims) {
    low = std::min(low, claim.start);
    high = std::max(high, claim.end);
  }
  if (range.start) low = *range.start;
  if (range.end) high = *range.end;
  if (low >= high) return {};
  return BuildTimeline(std::move(claims), low, high);
}

std::string FormatInterval(const CoverageInterval& interval) {
  std::string text = fmt::format("[{}, {})", FormatUtc(interval.start), FormatUtc(interval.end));
  if (!interval.reasons.empty()) text += fmt::format(" ({})", fmt::join(interval.reasons, "; "));
  return text;
}

// "S has no data for [A, B) and doubtful coverage for [C, D) (reason)", or an empty
// string when the whole window is covered.
std::string DescribeMissing(const SourceCoverage& coverage) {
  std::vector<std::string> gaps;
  std::vector<std::string> doubtful;
  for (const CoverageInterval& interval : coverage.intervals) {
    if (interval.state == CoverageState::kGap) gaps.push_back(FormatInterval(interval));
    if (interval.state == CoverageState::kDoubtful) doubtful.push_back(FormatInterval(interval));
  }

  std::vector<std::string> parts;
  if (!gaps.empty()) parts.push_back(fmt::format("no data for {}", fmt::join(gaps, ", ")));
  if (!doubtful.empty()) {
    parts.push_back(fmt::format("doubtful coverage for {}", fmt::join(doubtful, ", ")));
  }
  if (parts.empty()) return std::string();
  return fmt::format("{} has {}", coverage.source, fmt::join(parts, " and "));
}

}  // namespace

std::string_view CoverageStateName(CoverageState state) {
  switch (state) {
    case CoverageState::kCovered:
      return "covered";
    case CoverageState::kDoubtful:
      return "doubtful";
    case CoverageState::kGap:
      return "gap";
  }
  return "unknown";
}

bool IsRowCapReason(std::string_view reason) {
  for (size_t at = 0; at + 3 <= reason.size(); ++at) {
    if (at > 0 && IsLetter(reason[at - 1])) continue;
    size_t end = at;
    std::string word;
    while (end < reason.size() && IsLetter(reason[end])) word += LowerAscii(reason[end++]);
    if (word == "cap" || word == "caps" || word == "capped") return true;
  }
  return false;
}

Result<std::vector<SourceCoverage>> ComputeCoverage(const std::vector<BatchInfo>& batches,
                                                    const CoverageRange& range,
                                                    const std::optional<std::string>& source) {
  if (range.start && range.end && *range.start >= *range.end) {
    return Status::InvalidArgument(fmt::format(
        "the range start {} is not before its end {}; give a start earlier than the end",
        FormatUtc(*range.start), FormatUtc(*range.end)));
  }

  // Every source with a batch gets an entry, even when its batches add no
  // claim, so that a closed range shows it as one gap. The map sorts by name.
  std::map<std::string, std::vector<Claim>> claims_by_source;
  for (const BatchInfo& batch : batches) {
    if (source && batch.source != *source) continue;
    std::vector<Claim>& claims = claims_by_source[batch.source];
    for (Claim& claim : ClaimsOf(batch)) claims.push_back(std::move(claim));
  }

  std::vector<SourceCoverage> coverage;
  for (auto& [name, claims] : claims_by_source) {
    coverage.push_back({name, SourceTimeline(std::move(claims), range)});
  }
  return coverage;
}

std::vector<std::string> FindCoverageNotices(const std::vector<BatchInfo>& batches,
                                             Instant window_start, Instant window_end,
                                             const std::optional<std::string>& source) {
  if (window_start >= window_end) return {};
  std::vector<BatchInfo> windowed;
  for (const BatchInfo& batch : batches) {
    if (batch.window_start && batch.window_end) windowed.push_back(batch);
  }

  Result<std::vector<SourceCoverage>> coverage =
      ComputeCoverage(windowed, CoverageRange{window_start, window_end}, source);
  if (!coverage.ok()) return {};

  std::vector<std::string> notices;
  for (const SourceCoverage& source_coverage : *coverage) {
    std::string notice = DescribeMissing(source_coverage);
    if (!notice.empty()) notices.push_back(std::move(notice));
  }
  return notices;
}

}  // namespace signtrail
