// signtrail: a tamper-evident audit trail of user sign-ins.
//
// Exit codes: 0 success, 1 user error (bad arguments or input), 2 internal or
// store error, 3 a check found tampering, damage or an invalid proof.

#include <iostream>
#include <new>

#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "export/terminal_text.h"

namespace {

constexpr int kExitSuccess = 0;
constexpr int kExitUserError = 1;
constexpr int kExitInternalError = 2;

constexpr const char* kFooter =
    "Exit codes: 0 success, 1 user error (bad arguments or input), "
    "2 internal or store error, 3 verify or check-proof found tampering, damage or an "
    "invalid proof.\n"
    "Store: --db PATH, else $SIGNTRAIL_DB, else ./signtrail.db.\n"
    "Signer key: --key PATH, else $SIGNTRAIL_KEY, else the store path + .key.";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("signtrail keeps a tamper-evident audit trail of user sign-ins.", "signtrail");
  app.footer(kFooter);
  app.require_subcommand(1);
  app.set_version_flag("--version", "signtrail 0.1.0");

  signtrail::cli::CommandAction selected;
  signtrail::cli::AddInitCommand(app, &selected);
  signtrail::cli::AddIngestCommand(app, &selected);
  signtrail::cli::AddUsersCommand(app, &selected);
  signtrail::cli::AddSignInsCommand(app, &selected);
  signtrail::cli::AddExportCommand(app, &selected);
  signtrail::cli::AddKeyCommand(app, &selected);
  signtrail::cli::AddCheckpointCommand(app, &selected);
  signtrail::cli::AddEntryCommand(app, &selected);
  signtrail::cli::AddProveCommand(app, &selected);
  signtrail::cli::AddCheckProofCommand(app, &selected);
  signtrail::cli::AddVerifyCommand(app, &selected);
  signtrail::cli::AddCoverageCommand(app, &selected);
  signtrail::cli::AddStatusCommand(app, &selected);
  signtrail::cli::AddWatchCommand(app, &selected);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "signtrail: error: " << e.what() << "\n"
              << "Run 'signtrail --help' or 'signtrail COMMAND --help' for the options.\n";
    return kExitUserError;
  }

  if (!selected) return kExitSuccess;
  signtrail::Result<int> exit_code = signtrail::Status::Internal("the command did not run");
  try {
    exit_code = selected();
  } catch (const std::bad_alloc&) {
    std::cerr << "signtrail: error: out of memory; nothing more was stored (the batch in "
                 "progress was rolled back)\n";
    return kExitInternalError;
  }
  if (exit_code.ok()) return *exit_code;

  const signtrail::Status& status = exit_code.status();
  std::cerr << "signtrail: error: " << signtrail::EscapeForTerminal(status.message()) << "\n";
  return status.IsUserError() ? kExitUserError : kExitInternalError;
}
