#include <iostream>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/import_options.h"
#include "ingest/ingest.h"
#include "query/time_arguments.h"
#include "export/terminal_text.h"

namespace signtrail::cli {
namespace {

struct UsersImportOptions {
  StoreLocation store;
  std::string format;
  std::string source;
  std::string effective;
  InputOptions input;
  std::vector<std::string> files;
};

void PrintDirectoryReport(const std::string& file, const DirectoryReport& report) {
  std::cout << fmt::format("{}: directory batch {}\n", EscapeForTerminal(file), report.batch_id);
  std::cout << fmt::format("  rows read {}, added {}, changed {}, unchanged {}, rejected {}\n",
                           report.rows_read, report.added, report.changed, report.unchanged,
                           report.rejected);
  for (const std::string& warning : report.warnings) {
    std::cout << "  warning: " << EscapeForTerminal(warning) << "\n";
  }
}

Status RunUsersImport(const UsersImportOptions& options) {
  Result<ImportOptions> import_options = ResolveInputOptions(options.input);
  if (!import_options.ok()) return import_options.status();

  std::optional<Instant> effective;
  if (!options.effective.empty()) {
    Result<Instant> parsed = ParseTimeArgument("--effective", options.effective, nullptr);
    if (!parsed.ok()) return parsed.status();
    effective = *parsed;
  }

  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kWrite);
  if (!store.ok()) return store.status();

  for (const std::string& file : options.files) {
    DirectoryImportRequest request;
    request.path = file;
    if (!options.format.empty()) request.format = options.format;
    if (!options.source.empty()) request.source = options.source;
    request.options = *import_options;
    request.options.file_name = file;
    request.effective_time = effective;

    Result<DirectoryReport> report = ImportDirectoryFile(**store, request);
    if (!report.ok()) return report.status();
    PrintDirectoryReport(file, *report);
  }
  return Status::Ok();
}

}  // namespace

void AddUsersCommand(CLI::App& app, CommandAction* selected) {
  CLI::App* users = app.add_subcommand("users", "Manage the user directory that maps ids to names");
  users->require_subcommand(1);

  auto options = std::make_shared<UsersImportOptions>();
  CLI::App* command = users->add_subcommand(
      "import", "Import a user directory export as a snapshot; changes are versioned");
  AddStoreOptions(*command, &options->store);
  command->add_option("--format", options->format,
                      "Directory format (default: detected from the content): d365-users, "
                      "entra-users");
  command->add_option("--source", options->source,
                      "Directory instance name, e.g. contoso (default: KIND:default)");
  command->add_option("--effective", options->effective,
                      "When the snapshot was taken, e.g. 2026-11-08T13:00:00Z (default: now)");
  AddInputOptions(*command, &options->input);
  command->add_option("FILE", options->files, "Directory export files")->required();

  command->callback([options, selected] {
    *selected = StatusAction([options] { return RunUsersImport(*options); });
  });
}

}  // namespace signtrail::cli
