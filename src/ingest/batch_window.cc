#include "ingest/batch_window.h"

#include <date/date.h>
#include <fmt/format.h>

#include <array>
#include <utility>

namespace signtrail {
namespace {

// The Lifecycle Services query returns the sign-ins of the 7 days before
// its end date.
constexpr int64_t kLcsQueryDays = 7;

// Midnight UTC at the start of the day that contains `instant`.
Instant StartOfDay(Instant instant) {
  int64_t day = instant.micros() / kMicrosPerDay;
  if (instant.micros() % kMicrosPerDay < 0) --day;
  return Instant::FromMicros(day * kMicrosPerDay);
}


char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (LowerAscii(text[i]) != LowerAscii(prefix[i])) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads YYYY-MM-DD at the start of `text` as midnight UTC of that day.
std::optional<Instant> ReadDate(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) return std::nullopt;
  }
  const auto number = [&](size_t at, size_t length) {
    int value = 0;
    for (size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const date::year_month_day day{date::year(number(0, 4)),
                                 date::month(static_cast<unsigned>(number(5, 2))),
                                 date::day(static_cast<unsigned>(number(8, 2)))};
  if (!day.ok()) return std::nullopt;
  const int64_t days = date::sys_days(day).time_since_epoch().count();
  return Instant::FromMicros(days * kMicrosPerDay);
}

std::string Plural(int64_t count, std::string_view noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

// The window by the first rule that applies; see DecideBatchWindow.
void ChooseWindow(std::string_view format_name, std::string_view file_name,
                  const std::optional<ImportSummary::Range>& events,
                  const std::optional<TimeWindow>& declared, BatchCoverage& coverage) {
  std::optional<TimeWindow> window;
  if (declared.has_value()) {
    window = declared;
    coverage.window_basis = WindowBasis::kDeclared;
  } else if (format_name == "entra-csv" || format_name == "entra-json") {
    window = WindowFromEntraFileName(file_name);
    coverage.window_basis = WindowBasis::kFileName;
  }

  if (!window.has_value() && format_name == "lcs-logins" && events.has_value()) {
    const Instant end = StartOfDay(events->last).PlusMicros(kMicrosPerDay);
    const Instant start =
        std::min(end.PlusMicros(-kLcsQueryDays * kMicrosPerDay), StartOfDay(events->first));
    window = TimeWindow{start, end};
    coverage.window_basis = WindowBasis::kQueryRule;
  }

  if (!window.has_value() && events.has_value()) {
    window = TimeWindow{events->first, events->last.PlusMicros(1)};
    coverage.window_basis = WindowBasis::kInferred;
  }

  if (!window.has_value()) {
    coverage.window_basis = WindowBasis::kInferred;
    return;
  }
  coverage.window_start = window->start;
  coverage.window_end = window->end;
}

// Events of the file that lie outside a declared window. They are stored,
// but the window does not vouch for their period.
std::optional<std::string> OutsideWindowWarning(std::string_view file_name, int64_t outside,
                                                const TimeWindow& window) {
  if (outside == 0) return std::nullopt;
  return fmt::format(
      "{}: {} {} outside the window [{}, {}) given with --window; they are stored, but the "
      "batch covers only that window",
      file_name, Plural(outside, "sign-in"), outside == 1 ? "is" : "are", FormatUtc(window.start),
      FormatUtc(window.end));
}

}  // namespace

std::optional<TimeWindow> WindowFromEntraFileName(std::string_view file_name) {
  const size_t slash = file_name.find_last_of("/\\");
  std::string_view rest = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);

  static constexpr std::array<std::string_view, 4> kPrefixes = {
      "InteractiveSignIns_", "NonInteractiveSignIns_", "ApplicationSignIns_", "MSISignIns_"};
  bool matched = false;
  for (std::string_view prefix : kPrefixes) {
    if (StartsWithIgnoringCase(rest, prefix)) {
      rest.remove_prefix(prefix.size());
      matched = true;
      break;
    }
  }
  if (!matched) return std::nullopt;

  // FIRST_LAST, then nothing or a non-digit.
  const std::optional<Instant> first = ReadDate(rest);
  if (!first.has_value() || rest.size() < 11 || rest[10] != '_') return std::nullopt;
  rest.remove_prefix(11);
  const std::optional<Instant> last = ReadDate(rest);
  if (!last.has_value() || (rest.size() > 10 && IsDigit(rest[10]))) return std::nullopt;
  if (*last < *first) return std::nullopt;
  return TimeWindow{*first, last->PlusMicros(kMicrosPerDay)};
}

void ImportSummary::Add(const ImportOutput& part, const std::optional<TimeWindow>& declared) {
  for (const SignInEvent& event : part.events) {
    if (!events.has_value()) events = Range{event.time, event.time};
    events->first = std::min(events->first, event.time);
    events->last = std::max(events->last, event.time);
    if (declared.has_value() && (event.time < declared->start || event.time >= declared->end)) {
      ++outside_declared;
    }
  }
  rejected += static_cast<int64_t>(part.rejects.size());
  for (const std::string& reason : part.doubtful_reasons) doubtful_reasons.push_back(reason);
  row_cap_reached = row_cap_reached || part.row_cap_reached;
}

Result<WindowDecision> DecideBatchWindow(std::string_view format_name, std::string_view file_name,
                                         const ImportOutput& import,
                                         const std::optional<TimeWindow>& declared) {
  ImportSummary summary;
  summary.Add(import, declared);
  return DecideBatchWindow(format_name, file_name, summary, declared);
}

Result<WindowDecision> DecideBatchWindow(std::string_view format_name, std::string_view file_name,
                                         const ImportSummary& import,
                                         const std::optional<TimeWindow>& declared) {
  if (declared.has_value() && declared->start >= declared->end) {
    return Status::InvalidArgument(fmt::format(
        "--window: the start {} is not before the end {}; give START/END with START earlier",
        FormatUtc(declared->start), FormatUtc(declared->end)));
  }

  WindowDecision decision;
  BatchCoverage& coverage = decision.coverage;
  const std::optional<ImportSummary::Range>& events = import.events;
  ChooseWindow(format_name, file_name, events, declared, coverage);
  const bool has_window = coverage.window_start.has_value();
  const bool inferred = coverage.window_basis == WindowBasis::kInferred;

  // Doubtful reasons: the window's own, then the importer's, then rejects.
  if (has_window && inferred) coverage.doubtful_reasons.emplace_back(kInferredWindowReason);
  for (const std::string& reason : import.doubtful_reasons) {
    coverage.doubtful_reasons.push_back(reason);
  }
  if (import.rejected > 0) {
    coverage.doubtful_reasons.push_back(
        fmt::format("{} rejected with --on-error skip", Plural(import.rejected, "row")));
  }
  coverage.row_cap_reached = import.row_cap_reached;

  // Warnings about what the window cannot vouch for.
  if (coverage.row_cap_reached && has_window && !inferred && events.has_value() &&
      events->first > *coverage.window_start) {
    decision.warnings.push_back(
        fmt::format("{}: row count equals a known export cap and data does not reach the "
                    "requested start; earliest covered {}",
                    file_name, FormatUtc(events->first)));
  }
  if (declared.has_value()) {
    if (std::optional<std::string> warning =
            OutsideWindowWarning(file_name, import.outside_declared, *declared)) {
      decision.warnings.push_back(std::move(*warning));
    }
  }
  return decision;
}

}  // namespace signtrail
