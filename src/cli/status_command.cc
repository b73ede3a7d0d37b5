#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cli/command.h"
#include "export/coverage_writer.h"
#include "query/source_status.h"
#include "query/time_arguments.h"

namespace signtrail::cli {
namespace {

struct StatusOptions {
  StoreLocation store;
  std::string max_age;
  std::string warn_age;
  std::string now;
  std::string format = "table";
};

Result<std::optional<int64_t>> ParseOptionalDuration(std::string_view option,
                                                     const std::string& text) {
  if (text.empty()) return std::optional<int64_t>();
  Result<int64_t> parsed = ParseDuration(option, text);
  if (!parsed.ok()) return parsed.status();
  return std::optional<int64_t>(*parsed);
}

// Prints the report and returns the exit code its overall freshness gives:
// 0 fresh, 1 warn, 2 stale or no sources.
Result<int> RunStatus(const StatusOptions& options) {
  std::optional<StatusFormat> format = ParseStatusFormat(options.format);
  if (!format) {
    return Status::InvalidArgument(fmt::format(
        "--format: value '{}' is not valid (expected table, json or prometheus)", options.format));
  }

  Result<std::optional<int64_t>> max_age = ParseOptionalDuration("--max-age", options.max_age);
  if (!max_age.ok()) return max_age.status();
  Result<std::optional<int64_t>> warn_age = ParseOptionalDuration("--warn-age", options.warn_age);
  if (!warn_age.ok()) return warn_age.status();
  Result<StatusThresholds> thresholds = ResolveThresholds(*max_age, *warn_age);
  if (!thresholds.ok()) return thresholds.status();

  Instant now = Now();
  if (!options.now.empty()) {
    Result<Instant> parsed = ParseTimeArgument("--now", options.now, nullptr);
    if (!parsed.ok()) return parsed.status();
    now = *parsed;
  }

  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kRead);
  if (!store.ok()) return store.status();
  Result<std::vector<BatchInfo>> batches = (*store)->ListBatches();
  if (!batches.ok()) return batches.status();

  const StatusReport report = ComputeStatus(*batches, now, *thresholds);
  if (Status written = WriteStatus(std::cout, *format, report); !written.ok()) return written;
  if (report.sources.empty()) {
    std::cerr << "signtrail: status: the store holds no sign-in batches, so nothing is "
                 "collected; ingest an export or start `signtrail watch`\n";
  }
  return static_cast<int>(report.overall);
}

}  // namespace

void AddStatusCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<StatusOptions>();
  CLI::App* command = app.add_subcommand(
      "status",
      "Show per source when its coverage ends and how old that is; exit 0 fresh, 1 "
      "warn, 2 stale");
  AddStoreOptions(*command, &options->store);
  command->add_option("--max-age", options->max_age,
                      "Age after which a source is stale (exit 2): 7d, 36h, 90m or 1d12h "
                      "(default: 7d)");
  command->add_option("--warn-age", options->warn_age,
                      "Age after which a source needs attention (exit 1) (default: --max-age "
                      "minus 2 days, or half of it when that leaves nothing)");
  command->add_option("--now", options->now,
                      "The time to judge ages at, e.g. 2024-11-01T00:00:00Z (default: now)");
  command->add_option("--format", options->format, "table, json or prometheus (default: table)");
  command->footer(
      "Exit codes: 0 every source fresh, 1 a source older than the warn age, 2 a source older "
      "than the max age, no sources, or a store error; 1 also for bad arguments.");

  command->callback([options, selected] { *selected = [options] { return RunStatus(*options); }; });
}

}  // namespace signtrail::cli
