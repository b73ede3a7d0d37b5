#ifndef SIGNTRAIL_MODEL_EVENT_H_
#define SIGNTRAIL_MODEL_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/instant.h"

namespace signtrail {

enum class EventKind {
  kSignIn,        // a successful sign-in at one instant (Entra)
  kSignOut,       // a sign-out at one instant
  kFailedSignIn,  // a rejected sign-in attempt
  kSession,       // one record holding a session's start and, when known, its end
};

// How a session's end is known.
enum class EndKind {
  kRecorded,     // the source recorded the sign-out
  kApproximate,  // the end is a heartbeat, not an exact sign-out
  kInferred,     // derived from a reboot, crash or next boot
  kOpen,         // no end is known: still signed in, or the source records none
};

std::string_view EventKindName(EventKind kind);  // "sign-in", "sign-out", "failed-sign-in", "session"
std::string_view EndKindName(EndKind kind);      // "recorded", "approximate", "inferred", "open"
std::optional<EventKind> ParseEventKind(std::string_view name);
std::optional<EndKind> ParseEndKind(std::string_view name);

// One normalised sign-in record as an importer produces it. The source name
// (kind and instance) belongs to the batch, so it is not repeated here.
struct SignInEvent {
  // The source's own id for the record, or a content key built from the
  // fields named in the importer's format document when the source has none.
  std::string record_id;

  EventKind kind = EventKind::kSignIn;
  Instant time;                // the sign-in instant, or the session start
  std::optional<Instant> end;  // the session end for kSession records
  EndKind end_kind = EndKind::kOpen;
  std::string end_note;        // why the end is what it is, e.g. "not logged off cleanly"

  std::string user_id;         // the identity the source reports (Entra object id where known)
  std::string login_name;      // the sign-in name the record carries (UPN, D365 user id)
  std::string display_name;
  std::string session_key;     // groups point events into one session; empty when none
  std::string client_address;
  std::string application;
  std::string result_code;     // "0" or empty for success; the source's code otherwise
  std::string failure_reason;
  std::string location;
  std::string sign_in_type;    // e.g. "interactiveUser", "nonInteractiveUser"; empty when unknown

  std::string raw;             // the record's exact bytes in the input file
  int64_t line = 0;            // 1-based line of the record's first byte
  int64_t offset = 0;          // byte offset of the record's first byte
};

}  // namespace signtrail

#endif  // SIGNTRAIL_MODEL_EVENT_H_
