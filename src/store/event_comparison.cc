#include "store/event_comparison.h"

#include <string_view>

namespace signtrail {
namespace {

constexpr int64_t kMicrosPerMilli = 1'000;

// Rounds down, also for instants before 1970, so that both instants of a
// pair are cut the same way.
int64_t FloorDivide(int64_t value, int64_t unit) {
  const int64_t quotient = value / unit;
  return (value % unit != 0 && value < 0) ? quotient - 1 : quotient;
}

bool IsWhole(Instant instant, int64_t unit) { return instant.micros() % unit == 0; }

void CompareText(std::string_view field, const std::string& stored, std::string_view incoming,
                 std::vector<FieldDifference>& differences) {
  if (stored == incoming) return;
  differences.push_back({std::string(field), stored, std::string(incoming)});
}

void CompareTime(std::string_view field, Instant stored, Instant incoming,
                 std::vector<FieldDifference>& differences) {
  if (SameTimeAtCoarserPrecision(stored, incoming)) return;
  differences.push_back({std::string(field), FormatUtc(stored), FormatUtc(incoming)});
}

}  // namespace

bool SameTimeAtCoarserPrecision(Instant a, Instant b) {
  int64_t unit = 1;
  if (IsWhole(a, kMicrosPerSecond) || IsWhole(b, kMicrosPerSecond)) {
    unit = kMicrosPerSecond;
  } else if (IsWhole(a, kMicrosPerMilli) || IsWhole(b, kMicrosPerMilli)) {
    unit = kMicrosPerMilli;
  }
  return FloorDivide(a.micros(), unit) == FloorDivide(b.micros(), unit);
}

std::vector<FieldDifference> CompareWithStored(const StoredEvent& stored,
                                               const SignInEvent& incoming) {
  std::vector<FieldDifference> differences;
  CompareText("kind", stored.kind, EventKindName(incoming.kind), differences);
  CompareTime("time", stored.time, incoming.time, differences);
  if (stored.end.has_value() && incoming.end.has_value()) {
    CompareTime("end_time", *stored.end, *incoming.end, differences);
  }
  if (stored.end.has_value() == incoming.end.has_value()) {
    CompareText("end_kind", stored.end_kind, EndKindName(incoming.end_kind), differences);
  }
  CompareText("user_id", stored.user_id, incoming.user_id, differences);
  CompareText("login_name", stored.login_name, incoming.login_name, differences);
  CompareText("display_name", stored.display_name, incoming.display_name, differences);
  CompareText("session_key", stored.session_key, incoming.session_key, differences);
  CompareText("client_address", stored.client_address, incoming.client_address, differences);
  CompareText("application", stored.application, incoming.application, differences);
  CompareText("result_code", stored.result_code, incoming.result_code, differences);
  CompareText("failure_reason", stored.failure_reason, incoming.failure_reason, differences);
  CompareText("sign_in_type", stored.sign_in_type, incoming.sign_in_type, differences);
  return differences;
}

}  // namespace signtrail
