#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <set>

#include "cli/command.h"
#include "export/coverage_writer.h"
#include "query/coverage.h"
#include "query/time_arguments.h"
#include "sources/timestamp.h"

namespace signtrail::cli {
namespace {

struct CoverageOptions {
  StoreLocation store;
  std::string source;
  std::string start;
  std::string end;
  std::string format;
  std::string tz;
};

Result<CoverageFormat> ResolveFormat(const std::string& name) {
  if (name.empty()) return isatty(STDOUT_FILENO) ? CoverageFormat::kTable : CoverageFormat::kCsv;
  std::optional<CoverageFormat> format = ParseCoverageFormat(name);
  if (format) return *format;
  return Status::InvalidArgument(
      fmt::format("--format: value '{}' is not valid (expected table, csv or jsonl)", name));
}

Result<std::optional<Instant>> ParseOptionalTime(std::string_view option, const std::string& text,
                                                 const date::time_zone* zone) {
  if (text.empty()) return std::optional<Instant>();
  Result<Instant> parsed = ParseTimeArgument(option, text, zone);
  if (!parsed.ok()) return parsed.status();
  return std::optional<Instant>(*parsed);
}

// A --source that names no stored source is more likely a typo than a
// source that never delivered, so it is an error that lists the names.
Status CheckSourceKnown(const std::vector<BatchInfo>& batches, const std::string& source) {
  std::set<std::string> names;
  for (const BatchInfo& batch : batches) {
    if (batch.source == source) return Status::Ok();
    names.insert(batch.source);
  }
  return Status::NotFound(
      fmt::format("--source: no batch of source '{}' is stored; sources: {}", source,
                  names.empty() ? "none" : fmt::to_string(fmt::join(names, ", "))));
}

Status RunCoverage(const CoverageOptions& options) {
  Result<CoverageFormat> format = ResolveFormat(options.format);
  if (!format.ok()) return format.status();

  const date::time_zone* zone = nullptr;
  if (!options.tz.empty()) {
    Result<const date::time_zone*> located = LocateZone(options.tz);
    if (!located.ok()) return Status::InvalidArgument("--tz: " + located.status().message());
    zone = *located;
  }

  // A range with a start and no end runs to now, so that a source that
  // stopped delivering shows its gap up to today.
  CoverageRange range;
  Result<std::optional<Instant>> start = ParseOptionalTime("--start", options.start, zone);
  if (!start.ok()) return start.status();
  Result<std::optional<Instant>> end = ParseOptionalTime("--end", options.end, zone);
  if (!end.ok()) return end.status();
  range.start = *start;
  range.end = *end;
  if (range.start && !range.end) range.end = Now();

  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kRead);
  if (!store.ok()) return store.status();
  Result<std::vector<BatchInfo>> batches = (*store)->ListBatches();
  if (!batches.ok()) return batches.status();

  std::optional<std::string> source;
  if (!options.source.empty()) {
    if (Status known = CheckSourceKnown(*batches, options.source); !known.ok()) return known;
    source = options.source;
  }
  Result<std::vector<SourceCoverage>> coverage = ComputeCoverage(*batches, range, source);
  if (!coverage.ok()) return coverage.status();
  return WriteCoverage(std::cout, *format, *coverage, zone);
}

}  // namespace

void AddCoverageCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<CoverageOptions>();
  CLI::App* command = app.add_subcommand(
      "coverage", "List per source the periods covered, doubtful (with reasons) and missing");
  AddStoreOptions(*command, &options->store);
  command->add_option("--source", options->source, "Only this source, e.g. lcs-logins:default");
  command->add_option("--start", options->start,
                      "Range start, inclusive: 2026-11-08 or 2026-11-08T13:00:00Z; gaps before "
                      "a source's first batch are listed from here");
  command->add_option("--end", options->end,
                      "Range end, exclusive (default: now when --start is given, else each "
                      "source's last batch)");
  command->add_option("--format", options->format,
                      "table, csv or jsonl (default: table on a terminal, csv otherwise)");
  command->add_option("--tz", options->tz,
                      "IANA time zone for dates without a zone and for output times "
                      "(default: UTC)");

  command->callback([options, selected] {
    *selected = StatusAction([options] { return RunCoverage(*options); });
  });
}

}  // namespace signtrail::cli
