#ifndef SIGNTRAIL_STORE_LEDGER_ENTRIES_H_
#define SIGNTRAIL_STORE_LEDGER_ENTRIES_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/hash.h"
#include "model/status.h"
#include "store/sqlite_database.h"

namespace signtrail {

// The link between ledger leaves and the rows they commit to. Every entry is
// re-derived from its row (docs/formats/ledger-entry.md), both when it is
// appended and when it is read back, so the two always agree.

// One row of ledger_leaves.
struct LeafRow {
  uint64_t index = 0;
  std::string entry_type;  // ledger::kEventEntryType, ...
  int64_t row_id = 0;      // id of the row in EntryTableName(entry_type)
  ledger::Hash leaf_hash{};
};

// A row that is an entry: its type and its id in the type's table.
struct EntryRow {
  std::string entry_type;
  int64_t row_id = 0;

  bool operator==(const EntryRow&) const = default;
};

// The table that contains the rows of `entry_type`: "events",
// "event_amendments", "conflicts", "batches" (both batch types),
// "directory_versions" or "heartbeats". nullopt for an unknown type.
std::optional<std::string_view> EntryTableName(std::string_view entry_type);

// The events columns an event entry is derived from, in the order
// EntryDeriver::DeriveEvent reads them.
inline constexpr std::string_view kEventEntryColumns =
    "batch_id, source, record_id, kind, time, end_time, end_kind, end_note, user_id, "
    "login_name, display_name, session_key, client_address, application, result_code, "
    "failure_reason, location, sign_in_type, raw_sha256, raw_length, line, byte_offset";

// The NotFound status of a missing row, as EntryDeriver::Derive returns it.
Status EntryRowNotFound(const SqliteDatabase& database, std::string_view table, int64_t row_id);

// Re-derives entries from rows, keeping its prepared statements for reuse.
// Borrows the connection, which must outlive it.
class EntryDeriver {
 public:
  static Result<EntryDeriver> Prepare(SqliteDatabase& database);

  // Derives the canonical bytes of the entry of type `entry_type` from row
  // `row_id` of its table. Errors: NotFound when the row, or the event an
  // amendment or conflict refers to, is gone; InvalidInput when the type is
  // unknown or the entry is longer than ledger::kMaxEntryBytes; StoreError
  // when reading fails.
  //
  // An event entry is the event as first committed: the amendments that
  // later filled its end are undone, each only when the row still contains
  // the amendment's new value. A batch row is encoded as its kind column
  // says (sign-in-batch or directory-batch), whichever batch type is asked
  // for, so a changed kind gives a changed entry.
  Result<std::string> Derive(std::string_view entry_type, int64_t row_id);

  // Derives the entry of events row `row_id` from `row`, whose first columns
  // are kEventEntryColumns, as Derive would. The event's amendments are
  // read and undone only when `has_amendments`, which the caller must have
  // read from event_amendments in the same transaction.
  Result<std::string> DeriveEvent(const SqliteStatement& row, int64_t row_id,
                                  bool has_amendments);

  EntryDeriver(EntryDeriver&&) noexcept;
  EntryDeriver& operator=(EntryDeriver&&) noexcept;
  ~EntryDeriver();

 private:
  struct Statements;
  explicit EntryDeriver(std::unique_ptr<Statements> statements);

  std::unique_ptr<Statements> statements_;
};

// One-off form of EntryDeriver::Derive for a leaf.
Result<std::string> DeriveEntry(SqliteDatabase& database, const LeafRow& leaf);

// Visits every ledger_leaves row in index order. A visitor error stops the
// scan and is returned.
Status ScanLeaves(SqliteDatabase& database, const std::function<Status(const LeafRow&)>& visit);

// The entry rows of one batch in the order they were appended. For a
// sign-in batch: the events it added, then its amendments, then its
// conflicts (each by row id), then the batch row. For a directory batch: the
// versions it added, then the batch row. NotFound when the batch row is gone.
Result<std::vector<EntryRow>> ListBatchEntryRows(SqliteDatabase& database, int64_t batch_id);

// The entry rows of a batch that ScanBatchEntryRows visits.
enum class BatchEntryRows {
  kAll,
  kAfterEvents,  // all but the events, which a sign-in batch appends as it inserts them
};

// Visits the entry rows of one batch in the order ListBatchEntryRows lists
// them, without holding them all. The visitor may write to other tables.
Status ScanBatchEntryRows(SqliteDatabase& database, int64_t batch_id,
                          const std::function<Status(const EntryRow&)>& visit,
                          BatchEntryRows which = BatchEntryRows::kAll);

// Visits every row that should be a ledger entry, in the order it was
// appended: batch by batch in id order, each as ListBatchEntryRows lists it,
// and each heartbeat (in id order) before the first batch whose id is above
// the heartbeat's last_batch_id. Rows whose batch row is gone are not
// visited. A visitor error stops the scan and is returned.
Status ScanEntryRows(SqliteDatabase& database, const std::function<Status(const EntryRow&)>& visit);

// The tables that ScanUncoveredRows reads.
enum class UncoveredRowTables {
  kAll,
  kAllButEvents,  // for a caller that knows every events row is covered
};

// Visits every row of the entry tables that no ledger_leaves row refers to,
// table by table in row id order. The batches table counts both batch types.
Status ScanUncoveredRows(SqliteDatabase& database,
                         const std::function<Status(const EntryRow&)>& visit,
                         UncoveredRowTables tables = UncoveredRowTables::kAll);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_LEDGER_ENTRIES_H_
