#ifndef SIGNTRAIL_LEDGER_ENTRY_H_
#define SIGNTRAIL_LEDGER_ENTRY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/instant.h"
#include "model/status.h"

namespace signtrail::ledger {

// The canonical ledger entry encoding, version 1. docs/formats/ledger-entry.md
// describes it with a worked example. An entry is UTF-8 text: the line
// "signtrail-entry/v1 TYPE", then one "name=value" line per field in a fixed
// order per type, every field always present, each line ending in '\n'.
// The same record always encodes to the same bytes.

inline constexpr std::string_view kEntryVersion = "signtrail-entry/v1";

// The largest entry in bytes. Encoding a longer one is InvalidInput.
inline constexpr size_t kMaxEntryBytes = 65'535;

// Entry types: the word after the version on the first line.
inline constexpr std::string_view kEventEntryType = "event";
inline constexpr std::string_view kEventAmendmentEntryType = "event-amendment";
inline constexpr std::string_view kEventConflictEntryType = "event-conflict";
inline constexpr std::string_view kSignInBatchEntryType = "sign-in-batch";
inline constexpr std::string_view kDirectoryVersionEntryType = "directory-version";
inline constexpr std::string_view kDirectoryBatchEntryType = "directory-batch";
inline constexpr std::string_view kHeartbeatEntryType = "heartbeat";

// A sign-in event as first committed (before any later amendment).
struct EventEntry {
  int64_t batch = 0;  // id of the batch that added the event
  std::string source;
  std::string record_id;
  std::string kind;  // "sign-in", "sign-out", "failed-sign-in", "session"
  Instant time;
  std::optional<Instant> end_time;
  std::string end_kind;  // "recorded", "approximate", "inferred", "open"
  std::string end_note;
  std::string user_id;
  std::string login_name;
  std::string display_name;
  std::string session_key;
  std::string client_address;
  std::string application;
  std::string result_code;
  std::string failure_reason;
  std::string location;
  std::string sign_in_type;
  std::string raw_sha256;  // lower-case hex SHA-256 of the raw record bytes
  int64_t raw_length = 0;  // length of the raw record in bytes
  int64_t line = 0;
  int64_t offset = 0;
};

// A later export that filled a blank field of a stored event.
struct EventAmendmentEntry {
  int64_t batch = 0;  // id of the batch that made the change
  std::string source;
  std::string record_id;
  std::string field;      // "end_time", "end_kind", "end_note"
  std::string old_value;  // empty when the field was blank
  std::string new_value;
};

// A later export that disagreed with a stored event; the stored value stays.
struct EventConflictEntry {
  int64_t batch = 0;
  std::string source;
  std::string record_id;
  std::string field;  // the events column: "time", "end_time", "user_id", ...
  std::string stored_value;
  std::string incoming_value;
  std::string incoming_raw_sha256;  // lower-case hex SHA-256 of the later export's raw record
};

// A rejected input record, as the rejects digest covers it.
struct RejectDigestInput {
  int64_t line = 0;
  int64_t offset = 0;
  std::string_view reason;
  std::string_view raw;
};

// The record of one committed sign-in file.
struct SignInBatchEntry {
  int64_t batch = 0;
  std::string source;
  std::string format;
  std::string file_name;
  std::string file_sha256;
  Instant committed_at;
  int64_t rows_read = 0;
  int64_t added = 0;
  int64_t duplicate = 0;
  int64_t updated = 0;
  int64_t rejected = 0;
  std::optional<Instant> min_time;
  std::optional<Instant> max_time;
  // The coverage window [window_start, window_end); both absent without one.
  std::optional<Instant> window_start;
  std::optional<Instant> window_end;
  // "declared", "file-name", "query-rule" or "inferred"; empty without a window.
  std::string window_basis;
  bool row_cap_reached = false;
  std::vector<std::string> sign_in_types;
  std::string rejects_sha256;  // RejectsDigest of the batch's rejects
  std::vector<std::string> doubtful_reasons;
  std::vector<std::string> warnings;
};

// One version of a directory account, as a snapshot added it.
struct DirectoryVersionEntry {
  int64_t batch = 0;
  std::string source;
  std::string format;
  std::string account_id;
  std::string object_id;
  std::string login;
  std::string display_name;
  std::string email;
  std::optional<bool> enabled;
  std::string provider;
  std::string user_type;
  Instant effective_from;
  std::string raw_sha256;
  int64_t raw_length = 0;
  int64_t line = 0;
  int64_t offset = 0;
};

// The record of one committed directory snapshot.
struct DirectoryBatchEntry {
  int64_t batch = 0;
  std::string source;
  std::string format;
  std::string file_name;
  std::string file_sha256;
  Instant effective_time;
  Instant committed_at;
  int64_t rows_read = 0;
  int64_t added = 0;
  int64_t changed = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  std::string rejects_sha256;
  std::vector<std::string> warnings;
};

// One source's coverage end in a heartbeat.
struct HeartbeatSource {
  std::string source;
  std::optional<Instant> coverage_end;  // absent when no batch of the source states a period
};

// A sign of life: the time and what the log held then.
struct HeartbeatEntry {
  int64_t heartbeat = 0;  // id of the heartbeat
  Instant time;
  // Id of the newest batch committed before the heartbeat; 0 when none.
  int64_t last_batch = 0;
  std::vector<HeartbeatSource> sources;  // sorted by source name
};

// Encodes an entry. InvalidInput, naming the record and its longest field,
// when the entry would be longer than kMaxEntryBytes.
Result<std::string> EncodeEntry(const EventEntry& entry);
Result<std::string> EncodeEntry(const EventAmendmentEntry& entry);
Result<std::string> EncodeEntry(const EventConflictEntry& entry);
Result<std::string> EncodeEntry(const SignInBatchEntry& entry);
Result<std::string> EncodeEntry(const DirectoryVersionEntry& entry);
Result<std::string> EncodeEntry(const DirectoryBatchEntry& entry);
Result<std::string> EncodeEntry(const HeartbeatEntry& entry);

// Escapes a field value: `\` as `\\`, LF as `\n`, CR as `\r`, TAB as `\t`,
// other bytes below 0x20 and 0x7F as `\xHH` (lower-case hex). Every other
// byte, UTF-8 included, is copied as it is.
std::string EscapeEntryValue(std::string_view value);

// An instant as RFC 3339 UTC with exactly six fraction digits:
// "2024-06-01T08:00:00.000000Z".
std::string FormatEntryInstant(Instant instant);

// The lower-case hex SHA-256 of the rejects listing: one line per reject, in
// stored order, "LINE OFFSET SHA256(raw) REASON\n" with the reason escaped
// as a field value. Empty when there are no rejects.
std::string RejectsDigest(const std::vector<RejectDigestInput>& rejects);

}  // namespace signtrail::ledger

#endif  // SIGNTRAIL_LEDGER_ENTRY_H_
