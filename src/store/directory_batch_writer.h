#ifndef SIGNTRAIL_STORE_DIRECTORY_BATCH_WRITER_H_
#define SIGNTRAIL_STORE_DIRECTORY_BATCH_WRITER_H_

#include "model/instant.h"
#include "model/status.h"
#include "store/ledger_checkpoints.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// Commits one directory snapshot in one transaction, with its ledger entries
// and a checkpoint signed with `signing`. Accounts are keyed on
// (source, account id), with the account id compared ignoring ASCII case:
//   - no current version: a version starting at effective_time (added);
//   - a current version whose account id, object id, login, display name,
//     email, enabled flag, provider and user type all equal the incoming
//     ones: nothing is written (unchanged);
//   - otherwise the current version ends at effective_time and a new one
//     starts there (changed). Versions are never overwritten.
// Accounts missing from the snapshot keep their current version, because an
// export may list only part of the directory; a warning counts them.
//
// Errors leave the store unchanged:
//   - InvalidInput, naming the lines, for an account id listed twice or empty;
//   - Conflict for a snapshot older than the latest one of the same source.
Result<DirectoryReport> WriteDirectoryBatch(SqliteDatabase& database, const DirectoryBatch& batch,
                                            Instant committed_at, const LedgerSigning& signing);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_DIRECTORY_BATCH_WRITER_H_
