#ifndef SIGNTRAIL_CLI_WATCH_LOG_H_
#define SIGNTRAIL_CLI_WATCH_LOG_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace signtrail::cli {

// The log of `signtrail watch`: one line per event on standard error, through
// spdlog, flushed at every line. Lines carry a UTC time stamp, except under
// systemd (JOURNAL_STREAM set), where journald stamps them itself.
//
// RecurringError rate-limits repeats by message text. spdlog's dup_filter_sink only
// drops a repeat that directly follows its original, and the watch loop
// writes other lines between two attempts at the same file.
class WatchLog {
 public:
  // An identical error logged within this window is counted instead.
  static constexpr std::chrono::seconds kRepeatWindow{60};

  WatchLog();

  void Info(const std::string& line);
  void Warn(const std::string& line);
  void Error(const std::string& line);

  // Logs an error that may recur at every poll: in full, unless the same
  // message was logged less than kRepeatWindow ago, in which case it only
  // counts the repeat.
  void RecurringError(const std::string& message);

  // Logs the count of unlogged repeats of each error whose window has ended,
  // or of every error when `all` is true. The next occurrence of such an
  // error is logged in full again.
  void ReportRepeats(bool all);

 private:
  struct LoggedError {
    std::chrono::steady_clock::time_point logged_at;
    int64_t repeats = 0;
  };

  std::shared_ptr<spdlog::logger> logger_;
  std::map<std::string, LoggedError> errors_;
};

}  // namespace signtrail::cli

#endif  // SIGNTRAIL_CLI_WATCH_LOG_H_
