#ifndef SIGNTRAIL_STORE_LEDGER_APPENDER_H_
#define SIGNTRAIL_STORE_LEDGER_APPENDER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "model/instant.h"
#include "model/status.h"
#include "store/ledger_checkpoints.h"
#include "store/ledger_entries.h"
#include "store/ledger_types.h"
#include "store/sqlite_database.h"

namespace signtrail {

// Appends entries to the ledger one by one inside the caller's
// transaction, then signs a checkpoint of the grown tree. Each entry gets a
// ledger_leaves row, and every perfect subtree of level 1 or more that an
// append completes gets a ledger_nodes row. Keeps `database`, which must
// outlive it.
class LedgerAppender {
 public:
  // Reads the right edge of the stored tree.
  static Result<std::unique_ptr<LedgerAppender>> Start(SqliteDatabase& database);
  ~LedgerAppender();

  // Appends `entry`, the canonical bytes of `row`. The caller must give
  // exactly what EntryDeriver derives from the stored row, or verify will
  // report the leaf as changed.
  Status Append(const EntryRow& row, std::string_view entry);

  // Derives the entry of `row` from the stored rows and appends it.
  Status AppendDerived(const EntryRow& row);

  // Signs a checkpoint of the grown tree, unless nothing was appended since
  // the latest checkpoint.
  Result<StoredCheckpoint> Finish(const LedgerSigning& signing, Instant signed_at);

 private:
  struct State;
  explicit LedgerAppender(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

// Appends the entries of batch `batch_id` to the ledger and signs a
// checkpoint of the grown tree, inside the caller's transaction. The batch's
// rows must be complete (totals included), because each entry is derived
// from them in the order ListBatchEntryRows gives. Writes one ledger_leaves
// row per entry and every perfect subtree of level 1 or more the appends
// complete to ledger_nodes. An entry longer than ledger::kMaxEntryBytes is
// InvalidInput, and the caller's transaction must then roll back.
Result<StoredCheckpoint> AppendBatchToLedger(SqliteDatabase& database, int64_t batch_id,
                                             const LedgerSigning& signing, Instant signed_at);

// Appends the entries of `rows`, in that order, and signs a checkpoint of
// the grown tree, like AppendBatchToLedger.
Result<StoredCheckpoint> AppendRowsToLedger(SqliteDatabase& database,
                                            const std::vector<EntryRow>& rows,
                                            const LedgerSigning& signing, Instant signed_at);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_LEDGER_APPENDER_H_
