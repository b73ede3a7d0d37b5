#ifndef SIGNTRAIL_INGEST_BATCH_WINDOW_H_
#define SIGNTRAIL_INGEST_BATCH_WINDOW_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/instant.h"
#include "model/status.h"
#include "sources/import_options.h"
#include "store/store.h"

namespace signtrail {

// A half-open period [start, end), as `ingest --window START/END` gives it or
// a file name states it.
struct TimeWindow {
  Instant start;
  Instant end;
};

// A batch's coverage and the warnings deciding it produced.
struct WindowDecision {
  BatchCoverage coverage;
  std::vector<std::string> warnings;  // each starts with "FILE: "
};

// The facts of a file's import that the window decision needs, gathered
// part by part when a large file is read in parts.
struct ImportSummary {
  struct Range {
    Instant first;
    Instant last;
  };
  std::optional<Range> events;   // the earliest and latest event time
  int64_t rejected = 0;
  std::vector<std::string> doubtful_reasons;  // the importer's, in part order
  bool row_cap_reached = false;
  int64_t outside_declared = 0;  // events outside `declared`

  void Add(const ImportOutput& part, const std::optional<TimeWindow>& declared);
};

// Decides the window of a sign-in batch, from the first rule that applies:
//   1. `declared`, from `ingest --window` (WindowBasis::kDeclared);
//   2. the file name of an Entra admin center download, for the entra-csv
//      and entra-json formats (kFileName; see WindowFromEntraFileName);
//   3. for lcs-logins, the Lifecycle Services query rule (kQueryRule). The
//      query covers the 7 days before an end date, so the window ends at the
//      midnight UTC after the last session start. It starts 7 days earlier,
//      or at the midnight UTC that starts the first session's day when that
//      is earlier;
//   4. [first event, last event + 1 µs) (kInferred), with the doubtful reason
//      kInferredWindowReason. A file without events then has no window.
// Doubtful reasons: the inferred window's, then the importer's (row cap,
// truncated tail, corrupt records), then "N rows rejected with --on-error
// skip" when records were rejected.
// Warnings: a row cap whose earliest event lies after a window start that
// was not inferred ("row count equals a known export cap and data does not
// reach the requested start; earliest covered T"), and events outside a
// declared window. InvalidArgument when `declared` is empty or reversed.
Result<WindowDecision> DecideBatchWindow(std::string_view format_name, std::string_view file_name,
                                         const ImportSummary& import,
                                         const std::optional<TimeWindow>& declared);

// The same decision over one whole import.
Result<WindowDecision> DecideBatchWindow(std::string_view format_name, std::string_view file_name,
                                         const ImportOutput& import,
                                         const std::optional<TimeWindow>& declared);

// The period an Entra admin center download's file name states, such as
// `InteractiveSignIns_2026-02-28_2026-03-30.csv`: the prefix
// InteractiveSignIns, NonInteractiveSignIns, ApplicationSignIns or
// MSISignIns, then `_FIRST_LAST` as UTC dates, then anything that does not
// start with a digit (an extension, " (1)"). Both dates are whole days of
// the download, so the window is [FIRST 00:00Z, LAST + 1 day 00:00Z).
// nullopt when the name has another shape, a date is invalid, or LAST is
// before FIRST. Folders in `file_name` are ignored.
std::optional<TimeWindow> WindowFromEntraFileName(std::string_view file_name);

}  // namespace signtrail

#endif  // SIGNTRAIL_INGEST_BATCH_WINDOW_H_
