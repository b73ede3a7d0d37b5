
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/import_options.h"
#include "cli/watch_folder.h"
#include "cli/watch_log.h"
#include "cli/watch_loop.h"
#include "ingest/source_name.h"
#include "query/source_status.h"
#include "sources/format_registry.h"

namespace signtrail::cli {
namespace {

struct WatchOptions {
  StoreLocation store;
  std::string folder;
  std::string format;
  std::string source;
  InputOptions input;
  double settle_seconds = 10;
  double poll_seconds = 2;
  bool once = false;
  std::string heartbeat;  // --heartbeat DURATION; empty when off
};

std::optional<std::string> NonEmpty(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

// Checks --format up front, so that a wrong name stops the watch instead of
// sending every file to rejected/.
Status CheckFormat(const std::optional<std::string>& name) {
  if (!name.has_value()) return Status::Ok();
  Result<FormatInfo> format = FindFormat(*name);
  if (!format.ok()) return Status::InvalidArgument("--format: " + format.status().message());
  if (format->kind != FormatKind::kSignIns) {
    return Status::InvalidArgument(fmt::format(
        "--format: '{}' reads directory exports; watch ingests sign-ins, so choose a sign-in "
        "format",
        *name));
  }
  return Status::Ok();
}

// Checks --source up front: against --format when given, else against the
// sign-in format whose source kind it names (any of them when it names none).
Status CheckSource(const std::optional<std::string>& source,
                   const std::optional<std::string>& format_name) {
  if (!source.has_value()) return Status::Ok();
  if (format_name.has_value()) {
    Result<FormatInfo> format = FindFormat(*format_name);
    if (!format.ok()) return format.status();
    return ResolveSourceName(*format, source).status();
  }

  const size_t colon = source->find(':');
  const std::string_view kind =
      colon == std::string::npos ? std::string_view() : std::string_view(*source).substr(0, colon);
  std::vector<std::string_view> kinds;
  for (const FormatInfo& format : Formats()) {
    if (format.kind != FormatKind::kSignIns) continue;
    if (kind.empty() || format.source_kind == kind)
      return ResolveSourceName(format, source).status();
    if (std::find(kinds.begin(), kinds.end(), format.source_kind) == kinds.end()) {
      kinds.push_back(format.source_kind);
    }
  }
  return Status::InvalidArgument(
      fmt::format("--source '{}': no sign-in format has source kind '{}' (expected {}); give only "
                  "the instance name, e.g. --source contoso",
                  *source, kind, fmt::join(kinds, ", ")));
}

// Accepts a number of seconds, fractions allowed: greater than 0, or also 0
// when `allow_zero`.
CLI::Validator SecondsValidator(bool allow_zero) {
  return CLI::Validator(
      [allow_zero](std::string& text) -> std::string {
        char* end = nullptr;
        const double seconds = std::strtod(text.c_str(), &end);
        const bool parsed = !text.empty() && end == text.c_str() + text.size();
        if (parsed && std::isfinite(seconds) && (seconds > 0 || (allow_zero && seconds == 0))) {
          return "";
        }
        return fmt::format("value '{}' is not valid: expected a number of seconds {}, e.g. 0.5",
                           text, allow_zero ? "of 0 or more" : "greater than 0");
      },
      "SECONDS");
}

Result<int> RunWatchCommand(const WatchOptions& options) {
  WatchSettings settings;
  settings.format = NonEmpty(options.format);
  settings.source = NonEmpty(options.source);
  settings.settle_seconds = options.settle_seconds;
  settings.poll_seconds = options.poll_seconds;
  settings.once = options.once;
  settings.store_path = ResolveStorePath(options.store.db);
  if (!options.heartbeat.empty()) {
    Result<int64_t> interval = ParseDuration("--heartbeat", options.heartbeat);
    if (!interval.ok()) return interval.status();
    settings.heartbeat_micros = *interval;
  }

  Result<ImportOptions> import_options = ResolveInputOptions(options.input);
  if (!import_options.ok()) return import_options.status();
  settings.import_options = *import_options;
  Status checked = CheckFormat(settings.format);
  if (!checked.ok()) return checked;
  checked = CheckSource(settings.source, settings.format);
  if (!checked.ok()) return checked;

  DropFolder folder(options.folder, std::chrono::duration_cast<WatchClock::duration>(
                                        std::chrono::duration<double>(options.settle_seconds)));
  Status prepared = folder.Prepare();
  if (!prepared.ok()) return prepared;
  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kWrite);
  if (!store.ok()) return store.status();

  WatchLog log;
  return RunWatch(**store, folder, settings, log);
}

}  // namespace

void AddWatchCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<WatchOptions>();
  CLI::App* command = app.add_subcommand(
      "watch",
      "Ingest every sign-in export dropped into a folder once it stops changing, then move it "
      "to processed/ or rejected/");
  command->footer(
      "Each file is one batch. A file is read once its size and modification time have not "
      "changed for --settle seconds. A stored file moves to DIR/processed/, a file that cannot "
      "be imported moves to DIR/rejected/ with NAME.reason.txt beside it, and an existing name "
      "gets a suffix .1, .2, ... instead of being replaced. Files starting with '.' or ending "
      "in .tmp or .part are never read. The batch commits before the file moves, so a watch "
      "killed in between ingests the file again at restart, which adds no events. Logs go to "
      "standard error.");
  AddStoreOptions(*command, &options->store);
  command->add_option("--format", options->format,
                      "Input format of every file (default: detected per file): lcs-logins, "
                      "d365-userlog, entra-json, entra-csv");
  command->add_option("--source", options->source,
                      "Source instance name, e.g. contoso or entra:contoso "
                      "(default: KIND:default, where KIND follows each file's format)");
  AddInputOptions(*command, &options->input);
  command
      ->add_option("--settle", options->settle_seconds,
                   "Seconds a file's size and modification time must stay unchanged before it "
                   "is read (fractions allowed)")
      ->capture_default_str()
      ->check(SecondsValidator(/*allow_zero=*/true));
  command
      ->add_option("--poll", options->poll_seconds,
                   "Seconds between two scans of the folder (fractions allowed)")
      ->capture_default_str()
      ->check(SecondsValidator(/*allow_zero=*/false));
  command->add_option("--heartbeat", options->heartbeat,
                      "Append a heartbeat entry and sign a checkpoint after the first poll and "
                      "then every DURATION (7d, 1h, 30m, 1h30m), so the checkpoints show the "
                      "watch was alive even when no file arrived (default: off; with --once, "
                      "one heartbeat at the end)");
  command->add_flag("--once", options->once,
                    "Scan for one settle time, ingest the files that did not change in it, and "
                    "exit: 0 when all were processed, 1 when any was rejected, 2 on a store error");
  command->add_option("DIR", options->folder, "The drop folder")->required();

  command->callback(
      [options, selected] { *selected = [options] { return RunWatchCommand(*options); }; });
}

}  // namespace signtrail::cli
