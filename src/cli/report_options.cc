#include "cli/report_options.h"

#include <set>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "query/time_arguments.h"
#include "sources/timestamp.h"

namespace signtrail::cli {

void AddReportOptions(CLI::App& command, ReportOptions* options) {
  command.add_option("--end", options->end,
                     "Window end, exclusive: 2026-11-08, 2026-11-08T13:00:00Z or "
                     "2026-11-08T13:00:00+01:00 (default: now)");
  command.add_option("--days", options->days, "Window length in days before --end (default: 7)");
  command.add_option("--start", options->start, "Window start, inclusive (instead of --days)");
  command.add_option("--user", options->user,
                     "Only this user: a user id, or a directory login or email");
  command.add_option("--source", options->source, "Only this source, e.g. entra:contoso");
  command.add_flag("--failed", options->failed, "List failed sign-ins instead of sessions");
  command.add_flag("--started-within", options->started_within,
                   "List only sessions that start inside the window");
  command.add_option("--tz", options->tz,
                     "IANA time zone for dates without a zone and for output times "
                     "(default: UTC)");
}

Result<ResolvedReport> ResolveReportOptions(const ReportOptions& options) {
  ResolvedReport resolved;
  if (!options.tz.empty()) {
    Result<const date::time_zone*> zone = LocateZone(options.tz);
    if (!zone.ok()) return Status::InvalidArgument("--tz: " + zone.status().message());
    resolved.zone = *zone;
  }

  std::optional<Instant> end;
  if (!options.end.empty()) {
    Result<Instant> parsed = ParseTimeArgument("--end", options.end, resolved.zone);
    if (!parsed.ok()) return parsed.status();
    end = *parsed;
  }
  std::optional<Instant> start;
  if (!options.start.empty()) {
    Result<Instant> parsed = ParseTimeArgument("--start", options.start, resolved.zone);
    if (!parsed.ok()) return parsed.status();
    start = *parsed;
  }
  Result<Window> window = ResolveWindow(end, options.days, start, Now(), resolved.zone);
  if (!window.ok()) return window.status();

  SignInQuery& query = resolved.query;
  query.window_start = window->start;
  query.window_end = window->end;
  if (!options.source.empty()) query.source = options.source;
  if (!options.user.empty()) query.user = options.user;
  query.failed = options.failed;
  query.started_within = options.started_within;
  if (query.failed && query.started_within) {
    return Status::InvalidArgument(
        "--failed and --started-within cannot be combined; failed sign-ins have no session");
  }
  return resolved;
}

Status ResolveSourceFilter(Store& store, SignInQuery* query) {
  if (!query->source.has_value()) return Status::Ok();
  Result<std::vector<BatchInfo>> batches = store.ListBatches();
  if (!batches.ok()) return batches.status();

  std::set<std::string> known;
  for (const BatchInfo& batch : *batches) known.insert(batch.source);
  const std::string& requested = *query->source;
  if (known.count(requested) > 0) return Status::Ok();

  std::vector<std::string> matches;
  if (requested.find(':') == std::string::npos) {
    for (const std::string& source : known) {
      if (source.substr(source.find(':') + 1) == requested) matches.push_back(source);
    }
  }
  if (matches.size() == 1) {
    query->source = matches.front();
    return Status::Ok();
  }

  const std::string listed = known.empty() ? "none yet" : fmt::format("{}", fmt::join(known, ", "));
  if (matches.size() > 1) {
    return Status::InvalidArgument(fmt::format(
        "--source: '{}' matches several sources ({}); give the full KIND:INSTANCE name",
        requested, fmt::join(matches, ", ")));
  }
  return Status::InvalidArgument(fmt::format(
      "--source: no source named '{}' in this store (known sources: {})", requested, listed));
}

}  // namespace signtrail::cli
