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

struct IngestOptions {
  StoreLocation store;
  std::string format;
  std::string source;
  InputOptions input;
  std::string window;  // --window START/END
  std::vector<std::string> files;
};

// Parses --window START/END, an ISO 8601 interval whose sides are TIMEs as
// `signins --start` accepts them (a zone-less side is UTC). END is
// exclusive and must be after START.
Result<TimeWindow> ParseWindowArgument(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos) {
    return Status::InvalidArgument(fmt::format(
        "--window: value '{}' is not an interval START/END; give two times joined by '/', e.g. "
        "--window 2024-06-01/2024-07-01",
        text));
  }
  Result<Instant> start = ParseTimeArgument("--window", text.substr(0, slash), nullptr);
  if (!start.ok()) return start.status();
  Result<Instant> end = ParseTimeArgument("--window", text.substr(slash + 1), nullptr);
  if (!end.ok()) return end.status();
  if (*start >= *end) {
    return Status::InvalidArgument(fmt::format(
        "--window: value '{}': the start {} is not before the end {}; the end is exclusive, so "
        "give a later end",
        text, FormatUtc(*start), FormatUtc(*end)));
  }
  return TimeWindow{*start, *end};
}

std::string FormatWindow(const BatchInfo& info) {
  if (!info.window_start.has_value() || !info.window_end.has_value()) return "none";
  return fmt::format("[{}, {}) {}", FormatUtc(*info.window_start), FormatUtc(*info.window_end),
                     WindowBasisName(info.window_basis));
}

std::string FormatTimeRange(const std::optional<Instant>& min, const std::optional<Instant>& max) {
  if (!min.has_value() || !max.has_value()) return "none";
  return fmt::format("{} to {}", FormatUtc(*min), FormatUtc(*max));
}

// Prints one file's batch summary: counts, time range, window and its
// doubtful reasons, warnings, conflicts.
void PrintBatchReport(const std::string& file, const BatchReport& report,
                      const BatchInfo* info) {
  std::cout << fmt::format("{}: batch {}", EscapeForTerminal(file), report.batch_id);
  if (info != nullptr) {
    std::cout << fmt::format(", format {}, source {}\n", info->format, info->source);
    std::cout << fmt::format("  sha256 {}\n", info->file_sha256);
  } else {
    std::cout << "\n";
  }
  std::cout << fmt::format("  rows read {}, added {}, duplicate {}, updated {}, rejected {}\n",
                           report.rows_read, report.added, report.duplicate, report.updated,
                           report.rejected);
  std::cout << fmt::format("  event times {}\n", FormatTimeRange(report.min_time, report.max_time));
  if (info != nullptr) {
    std::cout << fmt::format("  window {}\n", FormatWindow(*info));
    for (const std::string& reason : info->doubtful_reasons) {
      std::cout << "  doubtful: " << EscapeForTerminal(reason) << "\n";
    }
  }
  for (const std::string& warning : report.warnings) {
    std::cout << "  warning: " << EscapeForTerminal(warning) << "\n";
  }
  for (const EventConflict& conflict : report.conflicts) {
    std::cout << fmt::format(
        "  conflict: record {}: {} stored as {}, this file has {}; the stored value is kept\n",
        EscapeForTerminal(conflict.record_id), conflict.field, EscapeForTerminal(conflict.stored),
        EscapeForTerminal(conflict.incoming));
  }
}

// Prints each rejected record of a batch imported with --on-error skip.
void PrintRejects(const std::string& file, const BatchReport& report) {
  for (const RejectedRecord& reject : report.rejects) {
    std::cout << fmt::format("  rejected {}:{}: {}\n", EscapeForTerminal(file), reject.line,
                             EscapeForTerminal(reject.reason));
  }
}

const BatchInfo* FindBatch(const std::vector<BatchInfo>& batches, int64_t batch_id) {
  for (const BatchInfo& batch : batches) {
    if (batch.batch_id == batch_id) return &batch;
  }
  return nullptr;
}

Status RunIngest(const IngestOptions& options) {
  Result<ImportOptions> import_options = ResolveInputOptions(options.input);
  if (!import_options.ok()) return import_options.status();
  std::optional<TimeWindow> window;
  if (!options.window.empty()) {
    Result<TimeWindow> parsed = ParseWindowArgument(options.window);
    if (!parsed.ok()) return parsed.status();
    window = *parsed;
  }
  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kWrite);
  if (!store.ok()) return store.status();

  // Each file is its own batch; the first failure stops the run and leaves
  // the batches of earlier files committed.
  for (const std::string& file : options.files) {
    IngestRequest request;
    request.path = file;
    if (!options.format.empty()) request.format = options.format;
    if (!options.source.empty()) request.source = options.source;
    request.options = *import_options;
    request.options.file_name = file;
    request.window = window;

    Result<BatchReport> report = IngestSignInFile(**store, request);
    if (!report.ok()) return report.status();

    Result<std::vector<BatchInfo>> batches = (*store)->ListBatches();
    if (!batches.ok()) return batches.status();
    PrintBatchReport(file, *report, FindBatch(*batches, report->batch_id));
    PrintRejects(file, *report);
  }
  return Status::Ok();
}

}  // namespace

void AddIngestCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<IngestOptions>();
  CLI::App* command = app.add_subcommand(
      "ingest", "Import sign-in exports; each file is one batch, stored whole or not at all");
  AddStoreOptions(*command, &options->store);
  command->add_option("--format", options->format,
                      "Input format (default: detected from the content): lcs-logins, "
                      "d365-userlog, entra-json, entra-csv");
  command->add_option("--source", options->source,
                      "Source instance name, e.g. contoso or entra:contoso "
                      "(default: KIND:default, where KIND follows the format)");
  AddInputOptions(*command, &options->input);
  command->add_option("--window", options->window,
                      "The period every FILE covers, START/END with END exclusive, e.g. "
                      "2024-06-01/2024-07-01 (a date is midnight UTC). Default: from an Entra "
                      "download's file name, the Lifecycle Services 7-day rule, or the first "
                      "and last event");
  command->add_option("FILE", options->files, "Export files to import")->required();

  command->callback([options, selected] {
    *selected = StatusAction([options] { return RunIngest(*options); });
  });
}

}  // namespace signtrail::cli
