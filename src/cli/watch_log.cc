#include "cli/watch_log.h"

#include <cstdlib>
#include <utility>

#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace signtrail::cli {
namespace {

constexpr const char* kTerminalPattern = "%Y-%m-%dT%H:%M:%S.%eZ %l: %v";
constexpr const char* kJournalPattern = "%l: %v";

}  // namespace

WatchLog::WatchLog()
    : logger_(std::make_shared<spdlog::logger>(
          "watch", std::make_shared<spdlog::sinks::stderr_color_sink_st>())) {
  const bool under_journald = std::getenv("JOURNAL_STREAM") != nullptr;
  logger_->set_pattern(under_journald ? kJournalPattern : kTerminalPattern,
                       spdlog::pattern_time_type::utc);
  logger_->set_level(spdlog::level::info);
  logger_->flush_on(spdlog::level::info);
}

void WatchLog::Info(const std::string& line) { logger_->info("{}", line); }

void WatchLog::Warn(const std::string& line) { logger_->warn("{}", line); }

void WatchLog::Error(const std::string& line) { logger_->error("{}", line); }

void WatchLog::RecurringError(const std::string& message) {
  const auto now = std::chrono::steady_clock::now();
  auto [error, inserted] = errors_.try_emplace(message, LoggedError{now, 0});
  if (!inserted && now - error->second.logged_at < kRepeatWindow) {
    ++error->second.repeats;
    return;
  }
  error->second = LoggedError{now, 0};
  logger_->error("{}", message);
}

void WatchLog::ReportRepeats(bool all) {
  const auto now = std::chrono::steady_clock::now();
  for (auto error = errors_.begin(); error != errors_.end();) {
    const LoggedError& logged = error->second;
    if (!all && now - logged.logged_at < kRepeatWindow) {
      ++error;
      continue;
    }
    if (logged.repeats > 0) {
      logger_->error(
          "repeated {} more time(s) in the last {} s: {}", logged.repeats,
          std::chrono::duration_cast<std::chrono::seconds>(now - logged.logged_at).count(),
          error->first);
    }
    error = errors_.erase(error);
  }
}

}  // namespace signtrail::cli
