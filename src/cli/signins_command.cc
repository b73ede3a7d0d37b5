#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/command.h"
#include "cli/report_options.h"
#include "export/file_export.h"
#include "export/report_writer.h"
#include "export/table_writer.h"
#include "export/time_format.h"
#include "export/terminal_text.h"

namespace signtrail::cli {
namespace {

// Prints the facts a table footer shows, for output formats that have no
// footer of their own.
void PrintSummary(std::ostream& out, const ReportSummary& summary, const date::time_zone* zone) {
  out << fmt::format("Window: {}, {}\n",
                     DescribeQueryWindow(summary.kind, summary.window_start, summary.window_end,
                                         zone),
                     DescribeTimeZone(zone));
  out << fmt::format("Rows: {}, distinct users: {}\n", summary.rows, summary.distinct_users);
  if (!summary.unmapped_ids.empty()) {
    const size_t listed = std::min(summary.unmapped_ids.size(), kUnmappedIdsListed);
    std::string ids = fmt::format(
        "{}", fmt::join(summary.unmapped_ids.begin(), summary.unmapped_ids.begin() + listed, ", "));
    if (listed < summary.unmapped_ids.size()) {
      ids += fmt::format(" and {} more (the user_id column of the rows names each)",
                         summary.unmapped_ids.size() - listed);
    }
    out << fmt::format("Unmapped user ids ({}): {}\n", summary.unmapped_ids.size(),
                       EscapeForTerminal(ids));
  }
  for (const std::string& line : summary.ambiguities) {
    out << "Ambiguous: " << EscapeForTerminal(line) << "\n";
  }
  for (const std::string& line : summary.notices) {
    out << "Notice: " << EscapeForTerminal(line) << "\n";
  }
}

Status RunSignIns(const ReportOptions& options, const std::string& format_name) {
  ReportFormat format = isatty(STDOUT_FILENO) ? ReportFormat::kTable : ReportFormat::kCsv;
  if (!format_name.empty()) {
    std::optional<ReportFormat> parsed = ParseReportFormat(format_name);
    if (!parsed.has_value()) {
      return Status::InvalidArgument(fmt::format(
          "--format: value '{}' is not valid (expected table, csv or jsonl)", format_name));
    }
    format = *parsed;
  }

  Result<ResolvedReport> resolved = ResolveReportOptions(options);
  if (!resolved.ok()) return resolved.status();
  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kRead);
  if (!store.ok()) return store.status();
  if (Status source = ResolveSourceFilter(**store, &resolved->query); !source.ok()) return source;

  ReportWriterOptions writer_options;
  writer_options.zone = resolved->zone;
  std::unique_ptr<ReportSink> writer = MakeReportWriter(format, std::cout, writer_options);
  Result<ReportSummary> summary = RunSignInReport(**store, resolved->query, *writer);
  if (!summary.ok()) return summary.status();
  std::cout.flush();

  // CSV and JSON Lines stay pure data on standard output; the summary (and
  // any warning about missing or ambiguous data) goes to standard error.
  if (format != ReportFormat::kTable) PrintSummary(std::cerr, *summary, resolved->zone);
  return Status::Ok();
}

Status RunExport(const ReportOptions& options, const std::string& out) {
  Result<ReportFormat> format = ExportFormatForPath(out);
  if (!format.ok()) return format.status();
  Result<ResolvedReport> resolved = ResolveReportOptions(options);
  if (!resolved.ok()) return resolved.status();
  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kRead);
  if (!store.ok()) return store.status();
  if (Status source = ResolveSourceFilter(**store, &resolved->query); !source.ok()) return source;

  Result<ReportSummary> summary = ExportSignInReport(**store, resolved->query, out, resolved->zone);
  if (!summary.ok()) return summary.status();
  std::cout << fmt::format("Wrote {} rows to {}\n", summary->rows, out);
  PrintSummary(std::cout, *summary, resolved->zone);
  return Status::Ok();
}

}  // namespace

void AddSignInsCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<ReportOptions>();
  auto format = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "signins", "List who signed in during a window (default: the 7 days before now)");
  AddStoreOptions(*command, &options->store);
  AddReportOptions(*command, options.get());
  command->add_option("--format", *format,
                      "table, csv or jsonl (default: table on a terminal, csv otherwise)");

  command->callback([options, format, selected] {
    *selected = StatusAction([options, format] { return RunSignIns(*options, *format); });
  });
}

void AddExportCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<ReportOptions>();
  auto out = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "export", "Write the sign-ins of a window to a .csv or .jsonl file, with no row cap");
  AddStoreOptions(*command, &options->store);
  AddReportOptions(*command, options.get());
  command->add_option("--out", *out, "Output file; the format follows the extension: .csv or .jsonl")
      ->required();

  command->callback([options, out, selected] {
    *selected = StatusAction([options, out] { return RunExport(*options, *out); });
  });
}

}  // namespace signtrail::cli
