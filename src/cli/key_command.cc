#include <iostream>
#include <memory>

#include "cli/command.h"
#include "ledger/note.h"

namespace signtrail::cli {
namespace {

Status RunKey(const StoreLocation& location) {
  Result<std::unique_ptr<Store>> store = OpenStore(location, StoreAccess::kRead);
  if (!store.ok()) return store.status();
  Result<LedgerIdentity> identity = (*store)->Identity();
  if (!identity.ok()) return identity.status();
  std::cout << ledger::FormatVerifierKey(identity->verifier) << "\n";
  return Status::Ok();
}

}  // namespace

void AddKeyCommand(CLI::App& app, CommandAction* selected) {
  auto location = std::make_shared<StoreLocation>();
  CLI::App* command = app.add_subcommand(
      "key", "Print the log's verifier key (NAME+KEYID+BASE64), which checks its checkpoints");
  AddStoreOptions(*command, location.get());

  command->callback([location, selected] {
    *selected = StatusAction([location] { return RunKey(*location); });
  });
}

}  // namespace signtrail::cli
