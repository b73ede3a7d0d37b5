#ifndef SIGNTRAIL_CLI_REPORT_OPTIONS_H_
#define SIGNTRAIL_CLI_REPORT_OPTIONS_H_

#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <date/tz.h>

#include "cli/command.h"
#include "model/status.h"
#include "query/signin_report.h"
#include "store/store.h"

namespace signtrail::cli {

// The filters `signins` and `export` share, as typed on the command line.
struct ReportOptions {
  StoreLocation store;
  std::string end;
  std::optional<int> days;
  std::string start;
  std::string user;
  std::string source;
  bool failed = false;
  bool started_within = false;
  std::string tz;
};

// Adds the shared filter options to a subcommand.
void AddReportOptions(CLI::App& command, ReportOptions* options);

// The query and output zone the options describe, checked.
struct ResolvedReport {
  SignInQuery query;
  const date::time_zone* zone = nullptr;  // --tz; nullptr for UTC
};
Result<ResolvedReport> ResolveReportOptions(const ReportOptions& options);

// Checks --source against the sources the store holds. A bare instance name
// (`contoso`) becomes the one source with that instance (`entra:contoso`).
// InvalidArgument lists the known sources when the name matches none, or
// several.
Status ResolveSourceFilter(Store& store, SignInQuery* query);

}  // namespace signtrail::cli

#endif  // SIGNTRAIL_CLI_REPORT_OPTIONS_H_
