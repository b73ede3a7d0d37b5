#ifndef SIGNTRAIL_STORE_STORE_H_
#define SIGNTRAIL_STORE_STORE_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/directory_user.h"
#include "model/event.h"
#include "model/instant.h"
#include "model/status.h"
#include "sources/import_options.h"

namespace signtrail {

// One input file of sign-ins, ready to commit as one batch.
struct SignInBatch {
  std::string source;       // "entra:contoso"
  std::string format;       // importer name, "entra-json"
  std::string file_name;
  std::string file_sha256;  // lower-case hex of the file's bytes
  ImportOutput import;
};

// A later export that disagrees with a stored event on a field that never
// changes silently (the start time); the stored value stays.
struct EventConflict {
  std::string record_id;
  std::string field;     // "time"
  std::string stored;    // RFC 3339 UTC
  std::string incoming;  // RFC 3339 UTC
};

// What committing one sign-in batch did.
struct BatchReport {
  int64_t batch_id = 0;
  int64_t rows_read = 0;
  int64_t added = 0;      // new events
  int64_t duplicate = 0;  // events the store already held unchanged
  int64_t updated = 0;    // stored events whose blank end this batch filled
  int64_t rejected = 0;
  std::optional<Instant> min_time;
  std::optional<Instant> max_time;
  std::vector<std::string> warnings;
  std::vector<EventConflict> conflicts;
  std::vector<RejectedRecord> rejects;  // with --on-error skip: every record not imported
};

// One directory export, a snapshot of the directory at effective_time.
struct DirectoryBatch {
  std::string source;       // "d365-users:default", "entra-users:contoso"
  std::string format;
  std::string file_name;
  std::string file_sha256;
  Instant effective_time;   // when the snapshot was taken
  DirectoryImportOutput import;
};

struct DirectoryReport {
  int64_t batch_id = 0;
  int64_t rows_read = 0;
  int64_t added = 0;      // accounts not seen before
  int64_t changed = 0;    // accounts whose name, email or other field changed: old version closed
  int64_t unchanged = 0;
  int64_t rejected = 0;
  std::vector<std::string> warnings;
};

// A session as derived from stored events: one kSession record, or the
// successful point sign-ins that share a session key.
struct StoredSession {
  std::string source;
  std::string format;
  std::string record_id;      // the first event's record id
  std::string session_key;
  std::string user_id;
  std::string login_name;     // as the sign-in record carries it
  std::string display_name;   // as the sign-in record carries it
  Instant start;
  std::optional<Instant> end;
  EndKind end_kind = EndKind::kOpen;
  std::string end_note;
  Instant last_activity;      // the latest sign-in of the session; == start for one-record sessions
  std::string client_address;
  std::string application;
  std::string result;         // "success", or the failure code for failed sign-ins
  std::string failure_reason;
  std::string sign_in_type;
};

// A directory account version: the fields in effect during
// [effective_from, effective_to).
struct DirectoryVersion {
  std::string source;
  std::string format;
  DirectoryUser user;
  Instant effective_from;
  std::optional<Instant> effective_to;  // nullopt while current
};

// A committed sign-in batch, for reports and coverage notices.
struct BatchInfo {
  int64_t batch_id = 0;
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
  std::vector<std::string> sign_in_types;  // distinct non-empty types of the batch's events
  std::vector<std::string> warnings;
};

// Which sessions a query reads. The window is half-open [start, end).
//   A session with a known end (recorded, approximate, inferred) matches when
//   [start, end) overlaps the window.
//   A session with no known end matches when [start, last_activity] meets the
//   window: it starts inside it, or one of its sign-ins falls inside it. It
//   never stretches past its last sign-in into later windows.
//   With started_within, only sessions whose start is inside the window match.
struct SessionFilter {
  Instant window_start;
  Instant window_end;
  std::optional<std::string> source;  // exact source name
  bool started_within = false;
};

// The audit store. Every Commit* call is one transaction: all of the batch
// or none of it. Scan* calls visit rows sorted by start, then user id, then
// record id; a visitor returning an error stops the scan with that error.
class Store {
 public:
  virtual ~Store() = default;

  virtual Result<BatchReport> CommitSignInBatch(const SignInBatch& batch) = 0;
  virtual Result<DirectoryReport> CommitDirectoryBatch(const DirectoryBatch& batch) = 0;

  virtual Status ScanSessions(const SessionFilter& filter,
                              const std::function<Status(const StoredSession&)>& visit) = 0;

  // Failed sign-ins whose instant is inside the window (started_within is moot).
  virtual Status ScanFailedSignIns(const SessionFilter& filter,
                                   const std::function<Status(const StoredSession&)>& visit) = 0;

  // Every version of every directory account whose object id or account id
  // equals `id`, oldest first.
  virtual Result<std::vector<DirectoryVersion>> FindDirectoryVersions(const std::string& id) = 0;

  // Every version of every directory account whose account id, object id,
  // login or email equals `text`, ignoring ASCII case; for `--user`.
  virtual Result<std::vector<DirectoryVersion>> FindDirectoryVersionsMatching(
      const std::string& text) = 0;

  virtual Result<std::vector<BatchInfo>> ListBatches() = 0;
};

// Opens the SQLite store at `path`, creating the file and schema when absent.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_STORE_H_
