#ifndef SIGNTRAIL_STORE_LEDGER_IDENTITY_H_
#define SIGNTRAIL_STORE_LEDGER_IDENTITY_H_

#include <optional>

#include "model/instant.h"
#include "model/status.h"
#include "store/ledger_types.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// The store's log identity from ledger_meta; nullopt when the store has none
// yet. StoreError when the stored verifier key is not valid key text.
Result<std::optional<LedgerIdentity>> ReadLedgerIdentity(SqliteDatabase& database);

// Makes sure the store has a log identity and that options.signer belongs to
// it. A store without one gets the origin (options.origin, else
// ledger::DefaultOrigin()) and the signer's verifier key, and a signed
// checkpoint of the empty tree, in one transaction. Errors:
//   - InvalidArgument when the store has no identity and no signer is given,
//     or when options.origin is not a valid origin;
//   - Conflict when the signer's verifier key differs from the stored one.
Result<LedgerIdentity> PrepareLedgerIdentity(SqliteDatabase& database, const StoreOptions& options,
                                             Instant now);

// The InvalidArgument of a store that has no identity yet, opened without a
// signer.
Status NewStoreNeedsSignerError(const std::filesystem::path& path);

// The InvalidArgument of a write to a store opened without its signer.
Status WriteNeedsSignerError();

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_LEDGER_IDENTITY_H_
