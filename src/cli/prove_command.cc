#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/command.h"
#include "ledger/merkle.h"
#include "ledger/tlog_proof.h"

namespace signtrail::cli {
namespace {

struct ProveOptions {
  StoreLocation store;
  std::optional<uint64_t> index;
  std::string event;
  std::string source;
  std::vector<uint64_t> consistency;  // OLD_SIZE [NEW_SIZE]
};

Status WriteToStandardOutput(const std::string& text) {
  std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
  std::cout.flush();
  if (!std::cout) return Status::IoError("writing the proof to standard output failed");
  return Status::Ok();
}

Result<StoredCheckpoint> LatestCheckpoint(Store& store) {
  Result<std::vector<StoredCheckpoint>> checkpoints = store.ListCheckpoints();
  if (!checkpoints.ok()) return checkpoints.status();
  if (checkpoints->empty()) {
    return Status::StoreError(
        "the store has no signed checkpoint, so it is damaged; run `signtrail verify` to check "
        "it");
  }
  return checkpoints->back();
}

// The leaf index of the event with `record_id`, in --source or, without it,
// in the one source that has the record id.
Result<uint64_t> FindEvent(Store& store, const std::string& record_id, const std::string& source) {
  if (!source.empty()) {
    Result<uint64_t> index = store.FindEventEntry(source, record_id);
    if (index.ok() || index.status().code() != StatusCode::kNotFound) return index;
    return Status::NotFound(fmt::format(
        "--event: source '{}' has no event with record id '{}'", source, record_id));
  }

  Result<std::vector<BatchInfo>> batches = store.ListBatches();
  if (!batches.ok()) return batches.status();
  std::set<std::string> sources;
  for (const BatchInfo& batch : *batches) sources.insert(batch.source);

  std::vector<std::string> holding;
  uint64_t found = 0;
  for (const std::string& candidate : sources) {
    Result<uint64_t> index = store.FindEventEntry(candidate, record_id);
    if (!index.ok() && index.status().code() == StatusCode::kNotFound) continue;
    if (!index.ok()) return index.status();
    holding.push_back(candidate);
    found = *index;
  }
  if (holding.empty()) {
    return Status::NotFound(
        fmt::format("--event: no source has an event with record id '{}'", record_id));
  }
  if (holding.size() > 1) {
    return Status::InvalidArgument(
        fmt::format("--event: record id '{}' exists in {} sources ({}); pass --source NAME",
                    record_id, holding.size(), fmt::join(holding, ", ")));
  }
  return found;
}

Status ProveInclusion(Store& store, uint64_t index) {
  Result<StoredCheckpoint> checkpoint = LatestCheckpoint(store);
  if (!checkpoint.ok()) return checkpoint.status();
  if (index >= checkpoint->tree_size) {
    return Status::NotFound(
        fmt::format("entry {} is not covered by the latest checkpoint, whose tree has {} "
                    "entries",
                    index, checkpoint->tree_size));
  }

  Result<std::vector<ledger::Hash>> hashes =
      ledger::InclusionProof(store.Nodes(), index, checkpoint->tree_size);
  if (!hashes.ok()) return hashes.status();
  ledger::TlogProof proof;
  proof.index = index;
  proof.proof = std::move(*hashes);
  proof.signed_checkpoint = checkpoint->signed_note;
  return WriteToStandardOutput(ledger::FormatTlogProof(proof));
}

// The latest stored checkpoint of `size`, or an error that lists the nearest
// checkpointed sizes below and above it.
Result<StoredCheckpoint> CheckpointOfSize(const std::vector<StoredCheckpoint>& checkpoints,
                                          uint64_t size, std::string_view role) {
  const StoredCheckpoint* match = nullptr;
  std::optional<uint64_t> below;
  std::optional<uint64_t> above;
  for (const StoredCheckpoint& checkpoint : checkpoints) {
    const uint64_t candidate = checkpoint.tree_size;
    if (candidate == size) match = &checkpoint;
    if (candidate < size && (!below.has_value() || candidate > *below)) below = candidate;
    if (candidate > size && (!above.has_value() || candidate < *above)) above = candidate;
  }
  if (match != nullptr) return *match;

  std::vector<std::string> nearest;
  if (below.has_value()) nearest.push_back(std::to_string(*below));
  if (above.has_value()) nearest.push_back(std::to_string(*above));
  return Status::NotFound(
      fmt::format("--consistency: no stored checkpoint has {} size {}; the nearest checkpointed "
                  "sizes are {}",
                  role, size, fmt::join(nearest, " and ")));
}

Status ProveConsistency(Store& store, const std::vector<uint64_t>& sizes) {
  Result<std::vector<StoredCheckpoint>> checkpoints = store.ListCheckpoints();
  if (!checkpoints.ok()) return checkpoints.status();
  if (checkpoints->empty()) {
    return Status::StoreError(
        "the store has no signed checkpoint, so it is damaged; run `signtrail verify` to check "
        "it");
  }

  const uint64_t old_size = sizes[0];
  const uint64_t new_size = sizes.size() > 1 ? sizes[1] : checkpoints->back().tree_size;
  if (old_size > new_size) {
    return Status::InvalidArgument(fmt::format(
        "--consistency: old size {} is larger than new size {}", old_size, new_size));
  }
  Result<StoredCheckpoint> old_checkpoint = CheckpointOfSize(*checkpoints, old_size, "old");
  if (!old_checkpoint.ok()) return old_checkpoint.status();
  Result<StoredCheckpoint> new_checkpoint = CheckpointOfSize(*checkpoints, new_size, "new");
  if (!new_checkpoint.ok()) return new_checkpoint.status();

  Result<std::vector<ledger::Hash>> hashes =
      ledger::ConsistencyProof(store.Nodes(), old_size, new_size);
  if (!hashes.ok()) return hashes.status();
  ledger::ConsistencyProofText proof;
  proof.old_size = old_size;
  proof.new_size = new_size;
  proof.proof = std::move(*hashes);
  proof.signed_checkpoint = new_checkpoint->signed_note;
  return WriteToStandardOutput(ledger::FormatConsistencyProof(proof));
}

Status RunProve(const ProveOptions& options) {
  const int modes = (options.index.has_value() ? 1 : 0) + (options.event.empty() ? 0 : 1) +
                    (options.consistency.empty() ? 0 : 1);
  if (modes != 1) {
    return Status::InvalidArgument(
        "prove: pass exactly one of --index N, --event SOURCE_RECORD_ID or --consistency "
        "OLD_SIZE [NEW_SIZE]");
  }
  if (!options.source.empty() && options.event.empty()) {
    return Status::InvalidArgument("--source applies only with --event");
  }

  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kRead);
  if (!store.ok()) return store.status();
  if (!options.consistency.empty()) return ProveConsistency(**store, options.consistency);
  if (options.index.has_value()) return ProveInclusion(**store, *options.index);

  Result<uint64_t> index = FindEvent(**store, options.event, options.source);
  if (!index.ok()) return index.status();
  return ProveInclusion(**store, *index);
}

}  // namespace

void AddProveCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<ProveOptions>();
  CLI::App* command = app.add_subcommand(
      "prove",
      "Write a proof: a C2SP tlog-proof that an entry is in the latest checkpoint's tree, or a "
      "consistency proof between two checkpointed sizes");
  AddStoreOptions(*command, &options->store);
  command->add_option("--index", options->index, "Prove the inclusion of entry N (from 0)");
  command->add_option("--event", options->event,
                      "Prove the inclusion of the event with this source record id");
  command->add_option("--source", options->source,
                      "The event's source, e.g. entra:contoso, when several sources hold the "
                      "record id");
  command->add_option("--consistency", options->consistency,
                      "Prove that the tree of NEW_SIZE entries (default: the latest checkpoint's) "
                      "extends the tree of OLD_SIZE entries; both must be checkpointed sizes")
      ->expected(1, 2);

  command->callback([options, selected] {
    *selected = StatusAction([options] { return RunProve(*options); });
  });
}

}  // namespace signtrail::cli
