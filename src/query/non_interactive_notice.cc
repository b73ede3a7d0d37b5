#include "query/non_interactive_notice.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace signtrail {
namespace {

constexpr std::string_view kNonInteractiveType = "nonInteractiveUser";

bool IsEntraFormat(const std::string& format) {
  return format == "entra-json" || format == "entra-csv";
}

// A batch with a stored window meets the query window when the two
// half-open periods overlap; a batch without one when [min_time, max_time]
// does.
bool MeetsWindow(const BatchInfo& batch, Instant window_start, Instant window_end) {
  if (batch.window_start && batch.window_end) {
    return *batch.window_start < window_end && *batch.window_end > window_start;
  }
  if (!batch.min_time || !batch.max_time) return false;
  return *batch.min_time < window_end && *batch.max_time >= window_start;
}

bool CarriesNonInteractive(const BatchInfo& batch) {
  return std::find(batch.sign_in_types.begin(), batch.sign_in_types.end(), kNonInteractiveType) !=
         batch.sign_in_types.end();
}

}  // namespace

std::vector<std::string> FindNonInteractiveNotices(const std::vector<BatchInfo>& batches,
                                                   Instant window_start, Instant window_end,
                                                   const std::optional<std::string>& source) {
  // Per Entra source: whether a batch meeting the window states which sign-in
  // types it contains, and whether one carries non-interactive sign-ins. Without
  // a typed batch in the window nothing shows what is missing there, so the
  // source gets no notice. The map keeps sources sorted.
  struct SourceState {
    bool typed = false;
    bool covered = false;
  };
  std::map<std::string, SourceState> state_by_source;
  for (const BatchInfo& batch : batches) {
    if (!IsEntraFormat(batch.format)) continue;
    if (source && batch.source != *source) continue;
    SourceState& state = state_by_source[batch.source];
    if (!MeetsWindow(batch, window_start, window_end)) continue;
    if (!batch.sign_in_types.empty()) state.typed = true;
    if (CarriesNonInteractive(batch)) state.covered = true;
  }

  std::vector<std::string> notices;
  for (const auto& [name, state] : state_by_source) {
    if (!state.typed || state.covered) continue;
    notices.push_back(fmt::format(
        "non-interactive sign-ins not loaded for source {} in this window; load its "
        "non-interactive sign-in export too",
        name));
  }
  return notices;
}

}  // namespace signtrail
