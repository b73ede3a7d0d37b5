#ifndef SIGNTRAIL_CLI_COMMAND_H_
#define SIGNTRAIL_CLI_COMMAND_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "model/status.h"
#include "store/store.h"

namespace signtrail::cli {

// The action of the subcommand the user chose; main runs it after parsing.
using CommandAction = std::function<Status()>;

// Adds `--db PATH` to a subcommand, bound to `*db`.
void AddStoreOption(CLI::App& command, std::string* db);

// The store path: --db, else $SIGNTRAIL_DB, else ./signtrail.db.
std::filesystem::path ResolveStorePath(const std::string& db_option);

// Opens (and on first use creates) the store named by the --db rule.
Result<std::unique_ptr<Store>> OpenStore(const std::string& db_option);

// One function per subcommand: each adds its options to `app` and, when the
// user picks it, stores its action in *selected.
void AddInitCommand(CLI::App& app, CommandAction* selected);
void AddIngestCommand(CLI::App& app, CommandAction* selected);
void AddUsersCommand(CLI::App& app, CommandAction* selected);
void AddSignInsCommand(CLI::App& app, CommandAction* selected);
void AddExportCommand(CLI::App& app, CommandAction* selected);

}  // namespace signtrail::cli

#endif  // SIGNTRAIL_CLI_COMMAND_H_
