#ifndef SIGNTRAIL_STORE_HEARTBEAT_WRITER_H_
#define SIGNTRAIL_STORE_HEARTBEAT_WRITER_H_

#include "model/instant.h"
#include "model/status.h"
#include "store/ledger_checkpoints.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// Writes one heartbeat in one transaction: a heartbeats row with `time` and
// the newest batch id, a heartbeat_sources row per source of sign-in
// batches with its coverage end, the heartbeat's ledger entry, and a
// checkpoint of the grown tree signed with `signing` at `time`. Any failure
// rolls everything back.
Result<HeartbeatReport> WriteHeartbeat(SqliteDatabase& database, Instant time,
                                       const LedgerSigning& signing);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_HEARTBEAT_WRITER_H_
