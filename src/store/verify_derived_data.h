#ifndef SIGNTRAIL_STORE_VERIFY_DERIVED_DATA_H_
#define SIGNTRAIL_STORE_VERIFY_DERIVED_DATA_H_

#include <optional>

#include "model/status.h"
#include "store/sqlite_database.h"
#include "store/verify_findings.h"

namespace signtrail {

// Recomputes the derived data from the entry rows and reports every stored
// row that differs as kDerivedDataDiffers, indexed by the leaf of the entry
// it derives from:
//   - the sessions table, against the sessions RebuildSessions (the code
//     each commit runs) derives from the events. Ordered passes decide
//     whether any row differs; only then are the sessions rebuilt into a
//     TEMP table that shadows the stored one, to name the rows;
//   - directory_versions.effective_to, which must equal the effective_from
//     of the account's next version, or be NULL for its latest one.
// `sessions_match` is the result of StoredSessionsMatchEvents for the same
// snapshot when the caller already has it; nullopt runs it here.
// Runs inside the caller's read transaction and writes only to the
// connection's temp schema, which it leaves as it found it.
Status CheckDerivedData(SqliteDatabase& database, std::optional<bool> sessions_match,
                        FindingCollector& findings);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_VERIFY_DERIVED_DATA_H_
