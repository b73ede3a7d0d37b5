#ifndef SIGNTRAIL_STORE_SIGN_IN_BATCH_WRITER_H_
#define SIGNTRAIL_STORE_SIGN_IN_BATCH_WRITER_H_

#include <memory>

#include "model/instant.h"
#include "model/status.h"
#include "store/ledger_checkpoints.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// Commits one sign-in batch in one transaction: the batches row, each event
// merged with what the store holds, the rejects, the derived sessions the
// batch touched, the batch's ledger entries and a checkpoint signed with
// `signing`. Any failure rolls everything back.
//
// Each event is matched on (source, record_id):
//   - not stored yet: inserted (added);
//   - stored, and CompareWithStored finds fields that differ: a time beyond
//     the coarser precision of the two, or the user, kind, result, address,
//     application, names, session key, sign-in type or end kind. The stored
//     event stays, and one conflicts row per field records both values and
//     the incoming raw record. The event counts as a duplicate;
//   - stored without an end while this one has an end: the end, end kind and
//     end note are filled in, with one event_amendments row per changed
//     field (updated);
//   - otherwise: duplicate. The location, end note and raw bytes are not
//     compared, because two exports of one record may word them
//     differently.
// A record that appears twice in one batch is matched against its first
// copy the same way.
// Starts a sign-in batch committed in parts, inside a transaction that
// stays open until the stream commits or is destroyed. The stream keeps
// `database` and must not outlive it. WriteSignInBatch is one Add and the
// Commit of such a stream, so both merge events by the rules above.
Result<std::unique_ptr<SignInBatchStream>> BeginSignInBatchStream(
    SqliteDatabase& database, const SignInBatchStart& start, Instant committed_at,
    const LedgerSigning& signing);

Result<BatchReport> WriteSignInBatch(SqliteDatabase& database, const SignInBatch& batch,
                                     Instant committed_at, const LedgerSigning& signing);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SIGN_IN_BATCH_WRITER_H_
