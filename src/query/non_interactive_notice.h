#ifndef SIGNTRAIL_QUERY_NON_INTERACTIVE_NOTICE_H_
#define SIGNTRAIL_QUERY_NON_INTERACTIVE_NOTICE_H_

#include <optional>
#include <string>
#include <vector>

#include "model/instant.h"
#include "store/store.h"

namespace signtrail {

// Lists a notice for every Entra source (a source with entra-json or
// entra-csv batches) for which some batch meeting the window
// [window_start, window_end) states its sign-in types, but none meeting it
// carries non-interactive sign-ins ("nonInteractiveUser"). A batch with a
// stored window meets the query window when [window_start, window_end)
// overlaps it. A batch without one meets it when its [min_time, max_time]
// does, and a batch with neither meets no window.
// Entra keeps interactive and non-interactive sign-ins in separate exports, so
// a window read from the interactive export alone misses token refreshes.
// `source`, when set, limits the check to that source. Notices are sorted by
// source and read
// "non-interactive sign-ins not loaded for source entra:X in this window;
//  load its non-interactive sign-in export too".
std::vector<std::string> FindNonInteractiveNotices(const std::vector<BatchInfo>& batches,
                                                   Instant window_start, Instant window_end,
                                                   const std::optional<std::string>& source);

}  // namespace signtrail

#endif  // SIGNTRAIL_QUERY_NON_INTERACTIVE_NOTICE_H_
