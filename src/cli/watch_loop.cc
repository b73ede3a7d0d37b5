#include "cli/watch_loop.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "ingest/ingest.h"
#include "query/source_status.h"

namespace signtrail::cli {
namespace {

// Characters of the SHA-256 hex digest that a log line shows.
constexpr size_t kShaPrefixLength = 12;

// The maximum sleep between two checks for a stop signal.
constexpr std::chrono::milliseconds kStopCheckInterval{50};

// The signal that asked the watch to stop; 0 while none has arrived.
volatile std::sig_atomic_t stop_signal = 0;

extern "C" void RecordStopSignal(int signal_number) { stop_signal = signal_number; }

// SA_RESETHAND restores the default action after the first signal, so a
// second SIGTERM or SIGINT ends the process at once; SA_RESTART keeps the
// current file's reads and SQLite calls from failing with EINTR.
void InstallStopHandlers() {
  struct sigaction action {};
  action.sa_handler = RecordStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

bool StopRequested() { return stop_signal != 0; }

std::string_view StopSignalName() { return stop_signal == SIGINT ? "SIGINT" : "SIGTERM"; }

WatchClock::duration Seconds(double seconds) {
  return std::chrono::duration_cast<WatchClock::duration>(std::chrono::duration<double>(seconds));
}

void SleepUnlessStopped(WatchClock::duration wait) {
  const WatchClock::time_point deadline = WatchClock::now() + wait;
  while (!StopRequested()) {
    const WatchClock::time_point now = WatchClock::now();
    if (now >= deadline) return;
    std::this_thread::sleep_for(std::min<WatchClock::duration>(deadline - now, kStopCheckInterval));
  }
}

Instant WallClockNow() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Instant::FromMicros(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

std::string FormatTimeRange(const BatchReport& report) {
  if (!report.min_time.has_value() || !report.max_time.has_value()) return "none";
  return fmt::format("{} to {}", FormatUtc(*report.min_time), FormatUtc(*report.max_time));
}

// The committed batch and, when the same file was ingested into the same
// source before, that earlier batch's id.
struct BatchLookup {
  std::optional<BatchInfo> batch;
  std::optional<int64_t> earlier_batch_id;
};

BatchLookup FindBatch(const std::vector<BatchInfo>& batches, int64_t batch_id) {
  BatchLookup lookup;
  for (const BatchInfo& batch : batches) {
    if (batch.batch_id == batch_id) lookup.batch = batch;
  }
  if (!lookup.batch.has_value()) return lookup;
  for (const BatchInfo& batch : batches) {
    if (batch.batch_id < batch_id && batch.source == lookup.batch->source &&
        batch.file_sha256 == lookup.batch->file_sha256) {
      lookup.earlier_batch_id = batch.batch_id;
      break;
    }
  }
  return lookup;
}

// One line per committed file: what was read and what the store added.
// Rejected records are counted here; their reasons, which quote record
// contents, are stored with the batch and not logged.
std::string BatchSummary(const DroppedFile& file, const BatchReport& report,
                         const BatchLookup& lookup) {
  std::string line;
  if (lookup.earlier_batch_id.has_value()) {
    line = fmt::format("already ingested {} as batch {} (same SHA-256 and source); recorded as ",
                       file.name, *lookup.earlier_batch_id);
  } else {
    line = fmt::format("ingested {}: ", file.name);
  }
  line += fmt::format("batch {}, {} bytes", report.batch_id, file.stamp.size);
  if (lookup.batch.has_value()) {
    line += fmt::format(", sha256 {}, source {}, format {}",
                        lookup.batch->file_sha256.substr(0, kShaPrefixLength), lookup.batch->source,
                        lookup.batch->format);
  }
  line +=
      fmt::format(", rows read {}, added {}, duplicate {}, updated {}, rejected {}, event times {}",
                  report.rows_read, report.added, report.duplicate, report.updated, report.rejected,
                  FormatTimeRange(report));
  return line;
}

// "entra:contoso until T, lcs-logins:default (no coverage)".
std::string DescribeCoverageEnds(const std::vector<SourceCoverageEnd>& sources) {
  if (sources.empty()) return "no sources";
  std::string text;
  for (size_t i = 0; i < sources.size(); ++i) {
    if (i > 0) text += ", ";
    text += sources[i].coverage_end.has_value()
                ? fmt::format("{} until {}", sources[i].source, FormatUtc(*sources[i].coverage_end))
                : fmt::format("{} (no coverage)", sources[i].source);
  }
  return text;
}

std::string FolderRelative(const std::filesystem::path& path, const DropFolder& folder) {
  return path.lexically_relative(folder.folder()).string();
}

class Watcher {
 public:
  Watcher(Store& store, DropFolder& folder, const WatchSettings& settings, WatchLog& log)
      : store_(store), folder_(folder), settings_(settings), log_(log) {}

  Result<int> Run() {
    LogStart();
    const WatchClock::time_point started = WatchClock::now();
    const WatchClock::duration settle = Seconds(settings_.settle_seconds);

    while (true) {
      Status polled = Poll();
      if (polled.ok() && !settings_.once) polled = HeartbeatIfDue();
      if (!polled.ok()) return GiveUp(polled);
      if (StopRequested()) break;

      WatchClock::duration wait = Seconds(settings_.poll_seconds);
      if (settings_.once) {
        // Poll once more when the settle time has passed since the start,
        // so that the files present at the start are settled, then stop.
        const WatchClock::duration elapsed = WatchClock::now() - started;
        if (elapsed >= settle) break;
        wait = std::min(wait, settle - elapsed);
      }
      SleepUnlessStopped(wait);
      if (StopRequested()) break;
    }
    if (settings_.once && settings_.heartbeat_micros.has_value()) {
      Status written = Heartbeat();
      if (!written.ok()) return GiveUp(written);
    }
    return Finish();
  }

 private:
  void LogStart() {
    std::error_code error;
    std::string line = fmt::format("watch started: folder {}, store {}, settle {} s, poll {} s",
                                   std::filesystem::absolute(folder_.folder(), error).string(),
                                   std::filesystem::absolute(settings_.store_path, error).string(),
                                   settings_.settle_seconds, settings_.poll_seconds);
    if (settings_.format.has_value()) line += fmt::format(", format {}", *settings_.format);
    if (settings_.source.has_value()) line += fmt::format(", source {}", *settings_.source);
    if (settings_.heartbeat_micros.has_value()) {
      line += fmt::format(", heartbeat every {}", FormatDuration(*settings_.heartbeat_micros));
    }
    if (settings_.once) line += ", once";
    log_.Info(line);
  }

  // Scans the folder and handles each settled file, oldest first, until a
  // failure or a stop signal. Returns a failure only when the watch must
  // stop; any other failure leaves its file for the next poll.
  Status Poll() {
    log_.ReportRepeats(false);
    Result<FolderScan> scan = folder_.Scan(WatchClock::now());
    if (!scan.ok()) {
      log_.RecurringError(scan.status().message());
      return CountFailure(scan.status());
    }

    for (const DroppedFile& file : scan->new_files) {
      log_.Info(fmt::format("found {} ({} bytes); it is ingested once unchanged for {} s",
                            file.name, file.stamp.size, settings_.settle_seconds));
    }
    for (const DroppedFile& file : scan->settled) {
      if (StopRequested()) break;
      Status handled = Handle(file);
      if (!handled.ok()) return CountFailure(handled);
      consecutive_failures_ = 0;
    }
    return Status::Ok();
  }

  // Writes a heartbeat when one is due: at the first call, then once the
  // interval has passed since the last one. Returns a failure only when the
  // watch must stop (see CountFailure).
  Status HeartbeatIfDue() {
    if (!settings_.heartbeat_micros.has_value()) return Status::Ok();
    const WatchClock::time_point now = WatchClock::now();
    if (last_heartbeat_.has_value() &&
        now - *last_heartbeat_ < std::chrono::microseconds(*settings_.heartbeat_micros)) {
      return Status::Ok();
    }
    Status written = Heartbeat();
    if (!written.ok()) return CountFailure(written);
    consecutive_failures_ = 0;
    return Status::Ok();
  }

  Status Heartbeat() {
    Result<HeartbeatReport> heartbeat = store_.AppendHeartbeat(WallClockNow());
    if (!heartbeat.ok()) {
      log_.RecurringError(
          fmt::format("cannot write a heartbeat: {}", heartbeat.status().message()));
      return heartbeat.status();
    }
    last_heartbeat_ = WatchClock::now();
    log_.Info(fmt::format("heartbeat {} at {}: entry {}, signed checkpoint of tree size {}; {}",
                          heartbeat->heartbeat_id, FormatUtc(heartbeat->time),
                          heartbeat->entry_index, heartbeat->checkpoint.tree_size,
                          DescribeCoverageEnds(heartbeat->sources)));
    return Status::Ok();
  }

  // Counts a failure that left a file in place. Returns it when the watch
  // must stop: at once with --once, else after kMaxConsecutiveFailures.
  Status CountFailure(const Status& failure) {
    ++consecutive_failures_;
    if (settings_.once || consecutive_failures_ >= kMaxConsecutiveFailures) return failure;
    return Status::Ok();
  }

  // Ingests one settled file and moves it. Returns a failure when the file
  // stays in the folder for a later poll; Ok when it was moved, or when it
  // changed or vanished while being read.
  Status Handle(const DroppedFile& file) {
    log_.Info(fmt::format("ingesting {} ({} bytes)", file.name, file.stamp.size));
    IngestRequest request;
    request.path = file.path;
    request.format = settings_.format;
    request.source = settings_.source;
    request.options = settings_.import_options;
    request.options.file_name = file.name;
    Result<BatchReport> report = IngestSignInFile(store_, request);

    if (!report.ok() && !report.status().IsUserError()) {
      log_.RecurringError(fmt::format("cannot ingest {}: {}; the file stays in the folder",
                                      file.name, report.status().message()));
      return report.status();
    }

    // A file that changed while it was read is not moved: what was read may
    // be a partial copy, and the rest is read when the file settles again.
    Result<std::optional<FileStamp>> stamp = folder_.CurrentStamp(file);
    if (!stamp.ok()) {
      log_.RecurringError(stamp.status().message());
      return stamp.status();
    }
    if (!stamp->has_value()) {
      log_.Warn(fmt::format("{} left the folder while it was read; nothing moved", file.name));
      folder_.Forget(file.name);
      return Status::Ok();
    }
    if (**stamp != file.stamp) {
      log_.Warn(
          fmt::format("{} changed while it was read; it is read again once it settles", file.name));
      folder_.Forget(file.name);
      return Status::Ok();
    }

    if (!report.ok()) return Reject(file, report.status());
    return Accept(file, *report);
  }

  Status Accept(const DroppedFile& file, const BatchReport& report) {
    BatchLookup lookup;
    Result<std::vector<BatchInfo>> batches = store_.ListBatches();
    if (batches.ok()) {
      lookup = FindBatch(*batches, report.batch_id);
    } else {
      log_.Error(fmt::format("cannot list batches after storing {}: {}", file.name,
                             batches.status().message()));
    }
    log_.Info(BatchSummary(file, report, lookup));
    for (const std::string& warning : report.warnings) {
      log_.Warn(fmt::format("{}: {}", file.name, warning));
    }

    Result<std::filesystem::path> moved = folder_.MoveToProcessed(file);
    if (!moved.ok()) {
      log_.RecurringError(fmt::format(
          "{} is stored as batch {} but cannot be moved: {}; it stays in the folder, and "
          "ingesting it again adds no events",
          file.name, report.batch_id, moved.status().message()));
      return moved.status();
    }
    log_.Info(fmt::format("moved {} to {}", file.name, FolderRelative(*moved, folder_)));
    ++processed_count_;
    return Status::Ok();
  }

  Status Reject(const DroppedFile& file, const Status& error) {
    log_.Error(fmt::format("rejected {}: {}", file.name, error.message()));
    Result<std::filesystem::path> moved =
        folder_.MoveToRejected(file, error.message(), WallClockNow());
    if (!moved.ok()) {
      log_.RecurringError(fmt::format("{} cannot be moved to rejected/: {}; it stays in the folder",
                                      file.name, moved.status().message()));
      return moved.status();
    }
    log_.Info(fmt::format("moved {} to {} (reason in {})", file.name,
                          FolderRelative(*moved, folder_),
                          FolderRelative(DropFolder::ReasonPath(*moved), folder_)));
    ++rejected_count_;
    return Status::Ok();
  }

  Status GiveUp(const Status& failure) {
    log_.ReportRepeats(true);
    const std::string message =
        settings_.once ? fmt::format("watch --once stopped: {}", failure.message())
                       : fmt::format("watch stopped after {} failures in a row; the last: {}",
                                     consecutive_failures_, failure.message());
    log_.Error(message);
    return Status(failure.code(), message);
  }

  Result<int> Finish() {
    log_.ReportRepeats(true);
    const std::string counts =
        fmt::format("{} file(s) processed, {} rejected", processed_count_, rejected_count_);
    if (StopRequested()) {
      log_.Info(fmt::format("watch stopped on {}: {}", StopSignalName(), counts));
    } else {
      log_.Info(fmt::format("watch --once finished: {}", counts));
    }
    if (settings_.once && rejected_count_ > 0) return 1;
    return 0;
  }

  Store& store_;
  DropFolder& folder_;
  const WatchSettings& settings_;
  WatchLog& log_;
  int consecutive_failures_ = 0;
  std::optional<WatchClock::time_point> last_heartbeat_;
  int64_t processed_count_ = 0;
  int64_t rejected_count_ = 0;
};

}  // namespace

Result<int> RunWatch(Store& store, DropFolder& folder, const WatchSettings& settings,
                     WatchLog& log) {
  InstallStopHandlers();
  return Watcher(store, folder, settings, log).Run();
}

}  // namespace signtrail::cli
