#ifndef SIGNTRAIL_TESTS_UNIT_ENGINE_REPORT_FIXTURES_H_
#define SIGNTRAIL_TESTS_UNIT_ENGINE_REPORT_FIXTURES_H_

#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>
#include <gtest/gtest.h>

#include "model/event.h"
#include "model/instant.h"
#include "query/signin_report.h"
#include "sources/timestamp.h"
#include "store/store.h"

namespace signtrail::testing {

// Parses "2024-06-01T09:00:00Z" (optionally with a fraction); fails the test
// on any other shape.
inline Instant At(std::string_view text) {
  const bool utc = !text.empty() && text.back() == 'Z';
  Result<Instant> instant = ParseTimestamp(text, TimeRule{});
  EXPECT_TRUE(utc) << "not a UTC time: " << text;
  EXPECT_TRUE(instant.ok()) << "not an RFC 3339 time: " << text;
  return instant.ok() ? *instant : Instant();
}

// A session record with a known end, as lcs-logins and d365-userlog produce.
inline SignInEvent SessionRecord(std::string record_id, std::string user_id, Instant start,
                                 std::optional<Instant> end,
                                 EndKind end_kind = EndKind::kRecorded) {
  SignInEvent event;
  event.record_id = std::move(record_id);
  event.kind = EventKind::kSession;
  event.user_id = std::move(user_id);
  event.time = start;
  event.end = end;
  event.end_kind = end ? end_kind : EndKind::kOpen;
  return event;
}

// A successful point sign-in, as the Entra formats produce.
inline SignInEvent PointSignIn(std::string record_id, std::string user_id, Instant time,
                               std::string sign_in_type, std::string session_key = "") {
  SignInEvent event;
  event.record_id = std::move(record_id);
  event.kind = EventKind::kSignIn;
  event.user_id = std::move(user_id);
  event.time = time;
  event.sign_in_type = std::move(sign_in_type);
  event.session_key = std::move(session_key);
  event.result_code = "0";
  return event;
}

inline SignInEvent FailedSignIn(std::string record_id, std::string user_id, Instant time,
                                std::string code, std::string reason) {
  SignInEvent event;
  event.record_id = std::move(record_id);
  event.kind = EventKind::kFailedSignIn;
  event.user_id = std::move(user_id);
  event.time = time;
  event.result_code = std::move(code);
  event.failure_reason = std::move(reason);
  return event;
}

inline SignInBatch MakeBatch(std::string source, std::string format,
                             std::vector<SignInEvent> events) {
  SignInBatch batch;
  batch.source = std::move(source);
  batch.format = std::move(format);
  batch.file_name = "fixture";
  batch.import.rows_read = static_cast<int64_t>(events.size());
  batch.import.events = std::move(events);
  return batch;
}

inline DirectoryUser Account(std::string account_id, std::string object_id, std::string login,
                             std::string display_name, std::string email) {
  DirectoryUser user;
  user.account_id = std::move(account_id);
  user.object_id = std::move(object_id);
  user.login = std::move(login);
  user.display_name = std::move(display_name);
  user.email = std::move(email);
  return user;
}

inline DirectoryBatch MakeDirectoryBatch(std::string source, std::string format,
                                         Instant effective_time,
                                         std::vector<DirectoryUser> users) {
  DirectoryBatch batch;
  batch.source = std::move(source);
  batch.format = std::move(format);
  batch.file_name = "fixture";
  batch.effective_time = effective_time;
  batch.import.rows_read = static_cast<int64_t>(users.size());
  batch.import.users = std::move(users);
  return batch;
}

// Keeps every row and the summary a report delivers.
class RecordingSink : public ReportSink {
 public:
  Status AddRow(const ReportRow& row) override {
    rows.push_back(row);
    return Status::Ok();
  }
  Status Finish(const ReportSummary& finished) override {
    summary = finished;
    ++finish_calls;
    return Status::Ok();
  }

  std::vector<ReportRow> rows;
  std::optional<ReportSummary> summary;
  int finish_calls = 0;
};

}  // namespace signtrail::testing

#endif  // SIGNTRAIL_TESTS_UNIT_ENGINE_REPORT_FIXTURES_H_
