#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/command.h"
#include "query/time_arguments.h"

namespace signtrail::cli {
namespace {

struct CheckpointOptions {
  StoreLocation store;
  bool sign = false;
};

// "entra:contoso until 2024-06-08T00:00:00Z, lcs-logins:default (no coverage)".
std::string DescribeSources(const std::vector<SourceCoverageEnd>& sources) {
  if (sources.empty()) return "no sources";
  std::vector<std::string> parts;
  for (const SourceCoverageEnd& source : sources) {
    parts.push_back(source.coverage_end.has_value()
                        ? fmt::format("{} until {}", source.source, FormatUtc(*source.coverage_end))
                        : fmt::format("{} (no coverage)", source.source));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

Status WriteNote(const std::string& note) {
  std::cout.write(note.data(), static_cast<std::streamsize>(note.size()));
  std::cout.flush();
  if (!std::cout) return Status::IoError("writing the checkpoint to standard output failed");
  return Status::Ok();
}

// Appends a heartbeat entry, signs the checkpoint that covers it and prints
// that checkpoint; what the heartbeat recorded goes to standard error.
Status RunHeartbeat(const StoreLocation& location) {
  Result<std::unique_ptr<Store>> store = OpenStore(location, StoreAccess::kWrite);
  if (!store.ok()) return store.status();
  Result<HeartbeatReport> heartbeat = (*store)->AppendHeartbeat(Now());
  if (!heartbeat.ok()) return heartbeat.status();

  std::cerr << fmt::format("heartbeat {} at {}: entry {}, signed checkpoint of tree size {}; {}\n",
                           heartbeat->heartbeat_id, FormatUtc(heartbeat->time),
                           heartbeat->entry_index, heartbeat->checkpoint.tree_size,
                           DescribeSources(heartbeat->sources));
  return WriteNote(heartbeat->checkpoint.signed_note);
}

Status RunCheckpoint(const CheckpointOptions& options) {
  if (options.sign) return RunHeartbeat(options.store);
  const StoreLocation& location = options.store;
  Result<std::unique_ptr<Store>> store = OpenStore(location, StoreAccess::kRead);
  if (!store.ok()) return store.status();
  Result<std::vector<StoredCheckpoint>> checkpoints = (*store)->ListCheckpoints();
  if (!checkpoints.ok()) return checkpoints.status();
  if (checkpoints->empty()) {
    return Status::StoreError(
        fmt::format("store {} has no signed checkpoint, but every store has one from its "
                    "creation; run `signtrail verify` to check it",
                    ResolveStorePath(location.db).string()));
  }

  // Byte for byte as signed, so the output can be kept and compared later.
  return WriteNote(checkpoints->back().signed_note);
}

}  // namespace

void AddCheckpointCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<CheckpointOptions>();
  CLI::App* command = app.add_subcommand(
      "checkpoint",
      "Print the latest signed checkpoint byte for byte; keep copies outside the store and pass "
      "them to verify --trusted-checkpoint");
  AddStoreOptions(*command, &options->store);
  command->add_flag("--sign", options->sign,
                    "First append a heartbeat entry (the time and each source's coverage end) "
                    "and sign a new checkpoint, even when nothing new arrived; needs the key");

  command->callback([options, selected] {
    *selected = StatusAction([options] { return RunCheckpoint(*options); });
  });
}

}  // namespace signtrail::cli
