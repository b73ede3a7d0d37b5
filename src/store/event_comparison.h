#ifndef SIGNTRAIL_STORE_EVENT_COMPARISON_H_
#define SIGNTRAIL_STORE_EVENT_COMPARISON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/event.h"
#include "model/instant.h"

namespace signtrail {

// The stored columns of an event that a later copy of the same record
// (same source and record id) is compared with.
struct StoredEvent {
  int64_t id = 0;
  std::string kind;
  Instant time;
  std::optional<Instant> end;
  std::string end_kind;
  std::string end_note;
  std::string user_id;
  std::string login_name;
  std::string display_name;
  std::string session_key;
  std::string client_address;
  std::string application;
  std::string result_code;
  std::string failure_reason;
  std::string sign_in_type;
};

// One field on which a later copy disagrees with the stored event, with
// both values as the conflicts table keeps them: instants as RFC 3339 UTC
// (FormatUtc), everything else as stored.
struct FieldDifference {
  std::string field;  // the events column: "time", "user_id", ...
  std::string stored;
  std::string incoming;
};

// True when `a` and `b` are the same time at the coarser precision of the
// two. When either has a zero sub-second part, both are cut to the second.
// Otherwise, when either has a zero sub-millisecond part, both are cut to
// the millisecond. Otherwise they must be equal. So 09:00:00Z and
// 09:00:00.734512Z are the same time (a portal CSV with whole seconds and
// the JSON of the same sign-in), while 09:00:01Z and 09:00:00.734512Z are
// not.
bool SameTimeAtCoarserPrecision(Instant a, Instant b);

// Every field on which `incoming` disagrees with `stored`, in the events
// table's column order: kind, time, end_time, end_kind, user_id,
// login_name, display_name, session_key, client_address, application,
// result_code, failure_reason, sign_in_type. Times are compared with
// SameTimeAtCoarserPrecision. end_time is compared only when both have an
// end, and end_kind only when both or neither have one, because a copy that
// brings the first known end fills it instead. end_note and location are
// not compared: they are descriptions that two exports of one record may
// word differently.
std::vector<FieldDifference> CompareWithStored(const StoredEvent& stored,
                                               const SignInEvent& incoming);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_EVENT_COMPARISON_H_
