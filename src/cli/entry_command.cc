#include <cstdint>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.h"

namespace signtrail::cli {
namespace {

struct EntryOptions {
  StoreLocation store;
  uint64_t index = 0;
};

Status RunEntry(const EntryOptions& options) {
  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kRead);
  if (!store.ok()) return store.status();
  Result<uint64_t> size = (*store)->LedgerSize();
  if (!size.ok()) return size.status();
  if (options.index >= *size) {
    return Status::NotFound(fmt::format(
        "entry {} does not exist: the ledger has {} entries{}", options.index, *size,
        *size == 0 ? "" : fmt::format(" (indices 0 to {})", *size - 1)));
  }

  Result<std::string> entry = (*store)->ReadEntry(options.index);
  if (!entry.ok()) return entry.status();
  std::cout.write(entry->data(), static_cast<std::streamsize>(entry->size()));
  std::cout.flush();
  if (!std::cout) return Status::IoError("writing the entry to standard output failed");
  return Status::Ok();
}

}  // namespace

void AddEntryCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<EntryOptions>();
  CLI::App* command = app.add_subcommand(
      "entry",
      "Write ledger entry N's exact bytes to standard output; its leaf hash is "
      "SHA-256(0x00 || bytes)");
  AddStoreOptions(*command, &options->store);
  command->add_option("N", options->index, "Entry index, from 0")->required();

  command->callback([options, selected] {
    *selected = StatusAction([options] { return RunEntry(*options); });
  });
}

}  // namespace signtrail::cli
