#ifndef SIGNTRAIL_CLI_COMMAND_H_
#define SIGNTRAIL_CLI_COMMAND_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "model/status.h"
#include "store/store.h"

namespace signtrail::cli {

// The exit code of a check that ran to the end and found tampering, damage
// or an invalid proof (`verify`, `check-proof`).
constexpr int kExitCheckFailed = 3;

// The action of the subcommand the user chose; main runs it after parsing.
// It returns an error Status (exit 1 or 2), or the exit code it ended with:
// 0, or kExitCheckFailed.
using CommandAction = std::function<Result<int>()>;

// Wraps an action that judges nothing: exit 0 when it returns Ok.
CommandAction StatusAction(std::function<Status()> run);

// The paths of the store and its signer key, as typed on the command line.
struct StoreLocation {
  std::string db;   // --db
  std::string key;  // --key
};

// Adds `--db PATH` and `--key PATH` to a subcommand, bound to `*location`.
void AddStoreOptions(CLI::App& command, StoreLocation* location);

// The store path: --db, else $SIGNTRAIL_DB, else ./signtrail.db.
std::filesystem::path ResolveStorePath(const std::string& db_option);

// The signer key file: --key, else $SIGNTRAIL_KEY, else the store path with
// ".key" appended (signtrail.db.key).
std::filesystem::path ResolveKeyPath(const StoreLocation& location);

// The access a command needs. kWrite commits batches, so it loads the signer
// key. kRead opens the store without the key and never creates a store.
// kCreate (init) opens the store without the key and creates a missing one.
enum class StoreAccess { kRead, kWrite, kCreate };

// Opens the store named by the --db rule. For kWrite and kCreate, a store
// file that does not exist yet (or is empty) is created with a new log
// identity. Its origin is `origin`, else the name of an existing key file's
// key, else ledger::DefaultOrigin(). Its signer key is loaded from the key
// file when that exists, else generated and written there with mode 0600.
// For kRead, a missing or empty store file is NotFound, and neither the
// store nor a key file is written. An existing store opened for kWrite
// loads the key file, and NotFound names --key when the file is missing.
// An empty --db value or an empty $SIGNTRAIL_DB is InvalidArgument.
Result<std::unique_ptr<Store>> OpenStore(const StoreLocation& location, StoreAccess access,
                                         const std::optional<std::string>& origin = std::nullopt);

// Reads a whole file given on the command line. IoError names the option
// and the path.
Result<std::string> ReadInputFile(std::string_view option, const std::filesystem::path& path);

// One function per subcommand: each adds its options to `app` and, when the
// user picks it, stores its action in *selected.
void AddInitCommand(CLI::App& app, CommandAction* selected);
void AddIngestCommand(CLI::App& app, CommandAction* selected);
void AddUsersCommand(CLI::App& app, CommandAction* selected);
void AddSignInsCommand(CLI::App& app, CommandAction* selected);
void AddExportCommand(CLI::App& app, CommandAction* selected);
void AddKeyCommand(CLI::App& app, CommandAction* selected);
void AddCheckpointCommand(CLI::App& app, CommandAction* selected);
void AddEntryCommand(CLI::App& app, CommandAction* selected);
void AddProveCommand(CLI::App& app, CommandAction* selected);
void AddCheckProofCommand(CLI::App& app, CommandAction* selected);
void AddVerifyCommand(CLI::App& app, CommandAction* selected);
void AddCoverageCommand(CLI::App& app, CommandAction* selected);
void AddStatusCommand(CLI::App& app, CommandAction* selected);
void AddWatchCommand(CLI::App& app, CommandAction* selected);

}  // namespace signtrail::cli

#endif  // SIGNTRAIL_CLI_COMMAND_H_
