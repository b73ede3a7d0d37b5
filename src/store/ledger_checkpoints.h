#ifndef SIGNTRAIL_STORE_LEDGER_CHECKPOINTS_H_
#define SIGNTRAIL_STORE_LEDGER_CHECKPOINTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/hash.h"
#include "ledger/note.h"
#include "model/instant.h"
#include "model/status.h"
#include "store/ledger_types.h"
#include "store/sqlite_database.h"

namespace signtrail {

// The origin line and private key that sign a store's checkpoints.
struct LedgerSigning {
  std::string origin;
  ledger::SignerKey signer;
};

// Every row of the checkpoints table, oldest first.
Result<std::vector<StoredCheckpoint>> ListStoredCheckpoints(SqliteDatabase& database);

// The newest checkpoint; nullopt when the store has none.
Result<std::optional<StoredCheckpoint>> ReadLatestCheckpoint(SqliteDatabase& database);

// Signs and stores a checkpoint of the tree of `size` leaves with `root`,
// inside the caller's transaction, unless the latest checkpoint already has
// that size (then returns it). Before signing, checks that the tree's root at
// the latest checkpoint's size equals that checkpoint's root, so the store
// never signs two inconsistent checkpoints. A mismatch, or a tree smaller
// than the latest checkpoint, is a StoreError, and nothing is signed.
Result<StoredCheckpoint> SignCheckpointIfGrown(SqliteDatabase& database,
                                               const LedgerSigning& signing, uint64_t size,
                                               const ledger::Hash& root, Instant signed_at);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_LEDGER_CHECKPOINTS_H_
