#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.h"
#include "ledger/note.h"

namespace signtrail::cli {
namespace {

struct InitOptions {
  StoreLocation store;
  std::string origin;
};

Status RunInit(const InitOptions& options) {
  const std::filesystem::path path = ResolveStorePath(options.store.db);
  std::error_code error;
  const bool existed = std::filesystem::exists(path, error) &&
                       std::filesystem::file_size(path, error) > 0;
  std::optional<std::string> origin;
  if (!options.origin.empty()) origin = options.origin;

  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kCreate, origin);
  if (!store.ok()) return store.status();
  Result<LedgerIdentity> identity = (*store)->Identity();
  if (!identity.ok()) return identity.status();

  std::cout << fmt::format("{} store {}\n", existed ? "Opened existing" : "Created",
                           path.string());
  std::cout << fmt::format("Origin: {}\n", identity->origin);
  std::cout << fmt::format("Verifier key: {}\n", ledger::FormatVerifierKey(identity->verifier));
  if (!existed) {
    std::cout << fmt::format("Signer key file: {} (keep it private; commands that import "
                             "need it)\n",
                             ResolveKeyPath(options.store).string());
  }
  return Status::Ok();
}

}  // namespace

void AddInitCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = app.add_subcommand(
      "init",
      "Create an empty store and its log identity (ingest, users import and watch also create "
      "it on first use)");
  AddStoreOptions(*command, &options->store);
  command->add_option("--origin", options->origin,
                      "Log origin, the first line of every checkpoint; no spaces or '+' "
                      "(default: HOST/signtrail/RANDOM, or the name of an existing key file's "
                      "key)");

  command->callback([options, selected] {
    *selected = StatusAction([options] { return RunInit(*options); });
  });
}

}  // namespace signtrail::cli
