// signtrail: a tamper-evident audit trail of user sign-ins.
//
// Exit codes: 0 success, 1 user error (bad arguments or input), 2 internal or
// store error.

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/command.h"

namespace {

constexpr int kExitSuccess = 0;
constexpr int kExitUserError = 1;
constexpr int kExitInternalError = 2;

constexpr const char* kFooter =
    "Exit codes: 0 success, 1 user error (bad arguments or input), "
    "2 internal or store error.\n"
    "Store: --db PATH, else $SIGNTRAIL_DB, else ./signtrail.db.";

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

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUserError;
  }

  if (!selected) return kExitSuccess;
  const signtrail::Status status = selected();
  if (status.ok()) return kExitSuccess;

  std::cerr << "signtrail: error: " << status.message() << "\n";
  return status.IsUserError() ? kExitUserError : kExitInternalError;
}
