#ifndef SIGNTRAIL_STORE_VERIFY_SESSIONS_H_
#define SIGNTRAIL_STORE_VERIFY_SESSIONS_H_

#include "model/status.h"
#include "store/sqlite_database.h"

namespace signtrail {

// Compares the stored sessions with the sessions that RebuildSessions
// derives from the events, in ordered passes that write nothing: the
// grouped sessions by (source, session key), then the one-record sessions
// by (source, record id). Returns true only when every stored row equals a
// derived one, value and type, and every derived row is stored. False means
// the stored sessions may differ: the caller then runs the full comparison,
// which names the rows. A value of an unexpected type, or a sessions table
// with other columns, also gives false.
// Runs inside the caller's read transaction.
Result<bool> StoredSessionsMatchEvents(SqliteDatabase& database);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_VERIFY_SESSIONS_H_
