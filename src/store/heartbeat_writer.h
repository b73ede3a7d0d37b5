#ifndef SIGNTRAIL_STORE_HEARTBEAT_WRITER_H_
#define SIGNTRAIL_STORE_HEARTBEAT_WRITER_H_

#include "model/instant.h"
#include "model/status.h"
#include "store/ledger_checkpoints.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// Writes one heartbeat in one transaction. It inserts a heartbeats row with
// `time` and the newest batch id, and a heartbeat_sources row with the
// coverage end of each source of sign-in batches. Then it appends the
// heartbeat's ledger entry and signs a checkpoint of the grown tree with
// `signing` at `time`. Any failure rolls everything back.
Result<HeartbeatReport> WriteHeartbeat(SqliteDatabase& database, Instant time,
                                       const LedgerSigning& signing);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_HEARTBEAT_WRITER_H_
