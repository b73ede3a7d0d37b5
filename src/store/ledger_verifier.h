#ifndef SIGNTRAIL_STORE_LEDGER_VERIFIER_H_
#define SIGNTRAIL_STORE_LEDGER_VERIFIER_H_

#include <vector>

#include "model/status.h"
#include "store/ledger_types.h"
#include "store/sqlite_database.h"

namespace signtrail {

// Verifies the ledger of the store open on `database`, failing closed: what
// cannot be checked is a finding. In one read transaction it
//   1. re-derives every leaf's entry from its row, hashes it and compares the
//      hash with the stored leaf hash (entry-changed, entry-missing, or
//      entries-reordered when the hash is another leaf's). It checks each
//      event's and directory version's raw record against its SHA-256 and
//      length (raw-record-changed);
//   2. rebuilds the tree from the stored leaf hashes and compares every
//      stored interior node (tree-damaged);
//   3. rebuilds the tree from the re-derived hashes and checks every stored
//      checkpoint: signature with the store's key, origin, columns, sizes
//      that never shrink, and its root at its size (checkpoint-signature-
//      invalid, checkpoints-inconsistent);
//   4. reports rows of the entry tables that no leaf covers, and leaves that
//      no checkpoint covers (extra-entry);
//   5. recomputes the derived data (sessions, directory validity) and
//      compares it with the stored rows (derived-data-differs);
//   6. checks each trusted checkpoint: signature with the store's key,
//      origin, size (store-shorter-than-trusted) and root
//      (trusted-checkpoint-mismatch).
// Step 5 compares the sessions on a second thread, through a second
// connection whose read transaction reads the same snapshot (SnapshotPeer),
// or in the one transaction when that cannot be shown. A third thread
// decompresses and hashes the raw records of step 1.
// Only a failure to read the store is an error Status. Writes nothing to
// the store file; step 5 uses a TEMP table, when the sessions differ, that it
// drops again.
Result<VerifyReport> VerifyLedger(SqliteDatabase& database,
                                  const std::vector<TrustedCheckpoint>& trusted);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_LEDGER_VERIFIER_H_
