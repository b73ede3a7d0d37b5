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
#include "ledger/merkle.h"
#include "sources/import_options.h"
#include "store/ledger_types.h"
#include "store/raw_dictionary.h"

namespace signtrail {

// The rule that decided a batch's coverage window.
enum class WindowBasis {
  kDeclared,   // `ingest --window START/END`
  kFileName,   // the export's file name states it (Entra download)
  kQueryRule,  // the export's query rule (LCS: the 7 days before the end date)
  kInferred,   // first to last event: an empty stretch inside is not proven empty
};

// "declared", "file-name", "query-rule" or "inferred".
std::string_view WindowBasisName(WindowBasis basis);

// The doubtful reason of a window inferred from the first and last event.
inline constexpr std::string_view kInferredWindowReason =
    "window inferred from the first and last event; an empty stretch inside it is not proven "
    "empty";

// The period a sign-in batch is evidence for, [window_start, window_end), how
// it was decided, and why it is doubtful. docs/formats/sqlite-schema.md
// (table batches) describes each rule.
struct BatchCoverage {
  // Both set or both absent; absent for a file with no events and no
  // declared window. Invariant: window_start < window_end.
  std::optional<Instant> window_start;
  std::optional<Instant> window_end;
  WindowBasis window_basis = WindowBasis::kInferred;
  // Reasons that records of the window may be missing; empty when it is trusted.
  std::vector<std::string> doubtful_reasons;
  // The export hit a known row cap (see ImportOutput::row_cap_reached).
  bool row_cap_reached = false;
};

// One input file of sign-ins, ready to commit as one batch.
struct SignInBatch {
  std::string source;       // "entra:contoso"
  std::string format;       // importer name, "entra-json"
  std::string file_name;
  std::string file_sha256;  // lower-case hex of the file's bytes
  ImportOutput import;
  BatchCoverage coverage;   // stored as given; the ingest decides it
};

// A later export that disagrees with a stored event on a field that never
// changes silently; the stored value stays.
struct EventConflict {
  std::string record_id;
  std::string field;     // the events column: "time", "end_time", "user_id", ...
  std::string stored;    // times as RFC 3339 UTC, other fields as stored
  std::string incoming;  // in the same form as `stored`
};

// The outcome of committing one sign-in batch.
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

  // The period this batch is evidence for, [window_start, window_end), and
  // how it was decided. Absent for a batch with no events and no declared
  // window.
  std::optional<Instant> window_start;
  std::optional<Instant> window_end;
  WindowBasis window_basis = WindowBasis::kInferred;
  // Why the window is doubtful (row cap reached, truncated tail, corrupt or
  // skipped records, inferred window); empty when it is fully trusted.
  std::vector<std::string> doubtful_reasons;
  // The export hit a known row cap: it kept the newest records, so
  // [window_start, min_time) is missing. One of doubtful_reasons then starts
  // with kRowCapReasonPrefix.
  bool row_cap_reached = false;
};

// A source's coverage end as a heartbeat records it: the latest window_end of
// its sign-in batches (max_time + 1 µs for a batch without a window).
struct SourceCoverageEnd {
  std::string source;
  std::optional<Instant> coverage_end;  // absent when no batch states any period
};

// The result of one heartbeat: its entry and the checkpoint signed after it.
struct HeartbeatReport {
  int64_t heartbeat_id = 0;
  uint64_t entry_index = 0;  // the heartbeat entry's leaf index
  Instant time;
  std::vector<SourceCoverageEnd> sources;  // sorted by name
  StoredCheckpoint checkpoint;             // signed after the entry
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

// The start of a sign-in batch that is committed in parts
// (Store::BeginSignInBatch), so that a large file is never held whole.
struct SignInBatchStart {
  std::string source;
  std::string format;
  std::string file_name;
};

// An event's raw record as the store keeps it: zstd-compressed, with the
// SHA-256 of the uncompressed bytes as lower-case hex.
struct StoredRaw {
  std::string zstd;
  std::string sha256;
};

// Compresses (with `dictionary` unless it is nullptr) and hashes the raw
// record of every event, in order, so that another thread can do that work
// while the store writes. Safe to call from any thread.
Result<std::vector<StoredRaw>> PrepareStoredRaws(const std::vector<SignInEvent>& events,
                                                 const RawDictionary* dictionary = nullptr);

// How a sign-in batch stream compresses raw records, known when it starts:
// with the store's dictionary for the format, or, when the store has none
// and the stream trains one, with a new dictionary whose id is `next_id`.
// A stream that does not train has `may_train` false.
struct RawDictionaryPlan {
  std::shared_ptr<const RawDictionary> dictionary;
  bool may_train = false;
  uint32_t next_id = 0;
};

// The dictionary that the first part of a batch under `plan` uses: the
// plan's own, or one trained from the first part's events, or nullptr for
// plain frames. Later parts use what the first part used.
Result<std::shared_ptr<const RawDictionary>> ChooseRawDictionary(
    const RawDictionaryPlan& plan, const std::vector<SignInEvent>& first_part_events);

// One part of a sign-in batch: what the importer read from one part of the
// file. `raws` is empty, or PrepareStoredRaws(import.events, dictionary)
// with the dictionary that ChooseRawDictionary chose for the batch. The
// first part carries that dictionary in `trained_dictionary` when it was
// trained for this batch.
struct SignInBatchPart {
  ImportOutput import;
  std::vector<StoredRaw> raws;
  std::shared_ptr<const RawDictionary> trained_dictionary;
};

// The facts known once every part is read.
struct SignInBatchEnd {
  std::string file_sha256;            // lower-case hex of the whole file's bytes
  BatchCoverage coverage;             // decided over every part
  std::vector<std::string> warnings;  // added after the parts' own warnings
};

// A sign-in batch being committed in parts, inside one transaction. The
// result equals one CommitSignInBatch of all the parts' events, rejects and
// warnings in order. Destroying it before Commit stores nothing of the batch.
class SignInBatchStream {
 public:
  virtual ~SignInBatchStream() = default;

  virtual Status Add(SignInBatchPart part) = 0;
  virtual Result<BatchReport> Commit(const SignInBatchEnd& end) = 0;

  // How the parts' raw records are to be compressed; a stream that
  // compresses them itself returns an empty plan.
  virtual RawDictionaryPlan raw_dictionary_plan() const { return {}; }
};

// The audit store. Every Commit* call is one transaction: all of the batch
// or none of it. Scan* calls visit rows sorted by start, then user id, then
// record id; a visitor returning an error stops the scan with that error.
class Store {
 public:
  virtual ~Store() = default;

  virtual Result<BatchReport> CommitSignInBatch(const SignInBatch& batch) = 0;

  // Starts a sign-in batch committed in parts. The SQLite store locks itself
  // for writing until the stream commits or is destroyed. This default keeps
  // the parts in memory and calls CommitSignInBatch at the commit.
  virtual Result<std::unique_ptr<SignInBatchStream>> BeginSignInBatch(
      const SignInBatchStart& start);
  virtual Result<DirectoryReport> CommitDirectoryBatch(const DirectoryBatch& batch) = 0;

  virtual Status ScanSessions(const SessionFilter& filter,
                              const std::function<Status(const StoredSession&)>& visit) = 0;

  // Failed sign-ins whose instant is inside the window (started_within is moot).
  virtual Status ScanFailedSignIns(const SessionFilter& filter,
                                   const std::function<Status(const StoredSession&)>& visit) = 0;

  // Every version of every directory account whose object id or account id
  // equals `id`, oldest first. The lookups leave each user's raw record
  // empty.
  virtual Result<std::vector<DirectoryVersion>> FindDirectoryVersions(const std::string& id) = 0;

  // Every version of every directory account whose account id, object id,
  // login or email equals `text`, ignoring ASCII case; for `--user`.
  virtual Result<std::vector<DirectoryVersion>> FindDirectoryVersionsMatching(
      const std::string& text) = 0;

  virtual Result<std::vector<BatchInfo>> ListBatches() = 0;

  // Ledger. Every record a report relies on is an entry (docs/formats/
  // ledger-entry.md), appended in commit order inside the batch's
  // transaction, and every commit ends with a new signed checkpoint.

  virtual Result<LedgerIdentity> Identity() = 0;
  virtual Result<uint64_t> LedgerSize() = 0;

  // Entry `index`'s canonical bytes, re-derived from the stored rows.
  virtual Result<std::string> ReadEntry(uint64_t index) = 0;

  // The leaf index of the event (source, record id); NotFound when absent.
  virtual Result<uint64_t> FindEventEntry(const std::string& source,
                                          const std::string& record_id) = 0;

  // Every stored checkpoint, oldest first.
  virtual Result<std::vector<StoredCheckpoint>> ListCheckpoints() = 0;

  // Stored node hashes, for proofs.
  virtual ledger::NodeSource& Nodes() = 0;

  // Signs a checkpoint of the current tree when the latest checkpoint does
  // not already cover it (the first checkpoint of an empty log, at init).
  virtual Result<StoredCheckpoint> SignCheckpoint() = 0;

  // Appends a heartbeat entry (docs/formats/ledger-entry.md) stating `time`
  // and each source's coverage end, then signs a checkpoint of the grown
  // tree, in one transaction. It signs even when no batch arrived since the
  // last checkpoint, so the checkpoints show the log was alive and what it
  // held at each heartbeat. Needs the signer key, like a commit.
  virtual Result<HeartbeatReport> AppendHeartbeat(Instant time) = 0;

  // Re-derives every entry from the stored rows and raw records, rebuilds the
  // tree, and checks every stored checkpoint (signature with the store's
  // key, root at its size) and each trusted checkpoint (signed note text,
  // checked against the store's key). Fails closed: anything it cannot
  // check is a finding. Only a failure to read the store is an error Status.
  virtual Result<VerifyReport> Verify(
      const std::vector<TrustedCheckpoint>& trusted_checkpoints) = 0;
};

// How to open a store.
struct StoreOptions {
  // Signs a checkpoint after each commit. Required for commits; a store
  // opened without it can be read, proven and verified, and commits fail
  // with InvalidArgument naming --key.
  std::optional<ledger::SignerKey> signer;
  // The origin for a new store's log identity; ignored for an existing
  // store. Default: ledger::DefaultOrigin().
  std::optional<std::string> origin;
  // The file the signer was read from; named in the message when it does
  // not match the store's key. May be empty.
  std::filesystem::path signer_file;
  // When false, a missing or zero-length store file is NotFound and no file
  // is created: commands that only read must not leave an empty store behind.
  bool create_if_missing = true;
  // Reads up to this many bytes of the store through a memory map (PRAGMA
  // mmap_size) instead of read calls, which speeds up reports and verify on
  // a large store. The mapped pages count as the process's memory, so
  // commands whose memory must stay bounded, such as ingest, leave it 0.
  int64_t map_bytes = 0;
};

// Opens the SQLite store at `path`, creating the file and schema when absent
// (unless options.create_if_missing is false: NotFound). A new store records
// the signer's public key and the origin as its log identity and signs the
// checkpoint of the empty tree. Opening an existing store with a signer
// whose key differs from its identity is Conflict. Without a signer, a store
// file that this user cannot write is opened read-only.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                               const StoreOptions& options = {});

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_STORE_H_
