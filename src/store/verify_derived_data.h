#ifndef SIGNTRAIL_STORE_VERIFY_DERIVED_DATA_H_
#define SIGNTRAIL_STORE_VERIFY_DERIVED_DATA_H_

#include "model/status.h"
#include "store/sqlite_database.h"
#include "store/verify_findings.h"

namespace signtrail {

// Recomputes the derived data from the entry rows and reports every stored
// row that differs as kDerivedDataDiffers, indexed by the leaf of the entry
// it derives from:
//   - the sessions table, rebuilt from the events by RebuildSessions (the
//     code each commit runs) into a TEMP table that shadows it;
//   - directory_versions.effective_to, which must equal the effective_from
//     of the account's next version, or be NULL for its latest one.
// Runs inside the caller's read transaction and writes only to the
// connection's temp schema, which it leaves as it found it.
Status CheckDerivedData(SqliteDatabase& database, FindingCollector& findings);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_VERIFY_DERIVED_DATA_H_
