#ifndef SIGNTRAIL_CLI_WATCH_LOOP_H_
#define SIGNTRAIL_CLI_WATCH_LOOP_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "cli/watch_folder.h"
#include "cli/watch_log.h"
#include "model/status.h"
#include "sources/import_options.h"
#include "store/store.h"

namespace signtrail::cli {

// Failures in a row that leave a file in the drop folder (a store error, a
// file that cannot be moved, a folder that cannot be listed) after which a
// continuous watch gives up.
constexpr int kMaxConsecutiveFailures = 5;

// Settings of one `signtrail watch` run, resolved from its options.
struct WatchSettings {
  std::filesystem::path store_path;   // for the start line
  std::optional<std::string> format;  // --format; detected per file when absent
  std::optional<std::string> source;  // --source
  ImportOptions import_options;       // file_name is set per file
  double settle_seconds = 10;
  double poll_seconds = 2;
  bool once = false;
  // --heartbeat: microseconds between two heartbeat checkpoints; off when
  // absent.
  std::optional<int64_t> heartbeat_micros;
};

// Watches a prepared drop folder: every poll, ingests each settled file as
// one batch, then moves it to processed/ (stored, or already stored) or to
// rejected/ with a reason file (a user error from ingest). A file is moved
// only after its batch has committed, so a crash between the two leaves the
// file in place, and ingesting it again adds no events because the store
// deduplicates them.
//
// A store error, or a file that cannot be moved, leaves the file in place
// and ends the poll; the next poll retries it. After kMaxConsecutiveFailures
// such failures in a row the watch stops with the last failure's status.
// SIGTERM and SIGINT stop it after the current file; a second signal ends
// the process at once.
//
// With a heartbeat interval it appends a heartbeat entry and signs a
// checkpoint (Store::AppendHeartbeat) after the first poll. It writes the
// next one after the first poll that comes at least one interval later. With
// `once` it writes one heartbeat, after the last poll. A failed heartbeat
// counts as a failure like a store error and is tried again after the next
// poll.
//
// Without `once` it returns 0 when stopped by a signal. With `once` it polls
// for one settle time, so that files present at the start can settle. It
// then returns 0 when every settled file was processed, or 1 when any was
// rejected. The first failure ends a `once` run with that failure's status.
Result<int> RunWatch(Store& store, DropFolder& folder, const WatchSettings& settings,
                     WatchLog& log);

}  // namespace signtrail::cli

#endif  // SIGNTRAIL_CLI_WATCH_LOOP_H_
