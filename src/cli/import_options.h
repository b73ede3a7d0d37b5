#ifndef SIGNTRAIL_CLI_IMPORT_OPTIONS_H_
#define SIGNTRAIL_CLI_IMPORT_OPTIONS_H_

#include <string>

#include <CLI/CLI.hpp>

#include "model/status.h"
#include "sources/import_options.h"

namespace signtrail::cli {

// How to read input files, as typed on the command line.
struct InputOptions {
  std::string source_tz;
  std::string date_order;
  std::string on_error = "fail";
};

// Adds --source-tz, --date-order and --on-error to a subcommand.
void AddInputOptions(CLI::App& command, InputOptions* options);

// Checks the values and turns them into ImportOptions (without file_name).
Result<ImportOptions> ResolveInputOptions(const InputOptions& options);

}  // namespace signtrail::cli

#endif  // SIGNTRAIL_CLI_IMPORT_OPTIONS_H_
