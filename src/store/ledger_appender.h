#ifndef SIGNTRAIL_STORE_LEDGER_APPENDER_H_
#define SIGNTRAIL_STORE_LEDGER_APPENDER_H_

#include <cstdint>
#include <vector>

#include "model/instant.h"
#include "model/status.h"
#include "store/ledger_checkpoints.h"
#include "store/ledger_entries.h"
#include "store/ledger_types.h"
#include "store/sqlite_database.h"

namespace signtrail {

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
