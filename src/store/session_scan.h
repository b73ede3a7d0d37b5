#ifndef SIGNTRAIL_STORE_SESSION_SCAN_H_
#define SIGNTRAIL_STORE_SESSION_SCAN_H_

#include <functional>

#include "model/status.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// Visits the derived sessions that SessionFilter selects, sorted by start,
// user id, record id and source. No row cap applies: rows reach the visitor
// one at a time. With sessions_long_span, the rows come in start index order,
// and only ties of start, user id and record id are sorted by source in
// memory. Without it, SQLite's sorter orders every match and spills to
// temporary files once they outgrow its cache. The visitor may call other store reads; an error from it ends
// the scan and is returned. The session passed to the visitor is reused for
// the next row, so the visitor must copy what it keeps.
Status ScanStoredSessions(SqliteDatabase& database, const SessionFilter& filter,
                          const std::function<Status(const StoredSession&)>& visit);

// Visits the failed sign-ins whose instant lies in [window_start, window_end),
// in the same order, as sessions with start == last_activity, no end, the
// source's result code as result, and the failure reason.
Status ScanStoredFailedSignIns(SqliteDatabase& database, const SessionFilter& filter,
                               const std::function<Status(const StoredSession&)>& visit);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SESSION_SCAN_H_
