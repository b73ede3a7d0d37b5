#include <iostream>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/import_options.h"
#include "ingest/ingest.h"

namespace signtrail::cli {
namespace {

struct IngestOptions {
  std::string db;
  std::string format;
  std::string source;
  InputOptions input;
  std::vector<std::string> files;
};

std::string FormatTimeRange(const std::optional<Instant>& min, const std::optional<Instant>& max) {
  if (!min.has_value() || !max.has_value()) return "none";
  return fmt::format("{} to {}", FormatUtc(*min), FormatUtc(*max));
}

// Prints one file's batch summary: counts, time range, warnings, conflicts.
void PrintBatchReport(const std::string& file, const BatchReport& report,
                      const BatchInfo* info) {
  std::cout << fmt::format("{}: batch {}", file, report.batch_id);
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
  for (const std::string& warning : report.warnings) std::cout << "  warning: " << warning << "\n";
  for (const EventConflict& conflict : report.conflicts) {
    std::cout << fmt::format(
        "  conflict: record {}: {} stored as {}, this file has {}; the stored value is kept\n",
        conflict.record_id, conflict.field, conflict.stored, conflict.incoming);
  }
}

// Prints each rejected record of a batch imported with --on-error skip.
void PrintRejects(const std::string& file, const BatchReport& report) {
  for (const RejectedRecord& reject : report.rejects) {
    std::cout << fmt::format("  rejected {}:{}: {}\n", file, reject.line, reject.reason);
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
  Result<std::unique_ptr<Store>> store = OpenStore(options.db);
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
  AddStoreOption(*command, &options->db);
  command->add_option("--format", options->format,
                      "Input format (default: detected from the content): lcs-logins, "
                      "d365-userlog, entra-json, entra-csv");
  command->add_option("--source", options->source,
                      "Source instance name, e.g. contoso or entra:contoso "
                      "(default: KIND:default, where KIND follows the format)");
  AddInputOptions(*command, &options->input);
  command->add_option("FILE", options->files, "Export files to import")->required();

  command->callback([options, selected] {
    *selected = [options] { return RunIngest(*options); };
  });
}

}  // namespace signtrail::cli
