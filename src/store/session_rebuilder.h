#ifndef SIGNTRAIL_STORE_SESSION_REBUILDER_H_
#define SIGNTRAIL_STORE_SESSION_REBUILDER_H_

#include <set>
#include <string>
#include <vector>

#include "model/event.h"
#include "model/status.h"
#include "store/sqlite_database.h"

namespace signtrail {

// The sessions of one source whose events a batch added or changed.
struct TouchedSessions {
  std::set<std::string> session_keys;  // sign-ins grouped by session key
  std::set<std::string> record_ids;    // one-record sessions: kSession, or a sign-in without key
};

// Rewrites the derived sessions rows of `source` named in `touched` from the
// stored events, so that the sessions table stays a function of the events
// table. The rules:
//   - a kSession event is one session, with its end, end kind and end note;
//   - kSignIn events sharing a session key form one open session: start is
//     the earliest sign-in, last_activity the latest, the other fields come
//     from the earliest (ties broken by record id);
//   - a kSignIn without a session key is a session of its own;
//   - kFailedSignIn events are not sessions.
// NOTE: kSignOut events are stored but not yet paired with sign-ins, so they
// form no session.
// Must run inside the batch's transaction.
Status RebuildSessions(SqliteDatabase& database, const std::string& source,
                       const TouchedSessions& touched);

// Keeps the grouped sessions of `source` equal to what RebuildSessions
// would derive after the sign-ins in `added` were inserted, without reading
// the group's older events. Each group's new earliest sign-in (by time,
// then record id) takes over the session's fields when it starts before the
// stored one, and the latest sign-in extends last_activity. `format` is the
// format of the batch that added them. Events that are not successful
// sign-ins with a session key are left to RebuildBatchSessions.
Status MergeNewGroupedSignIns(SqliteDatabase& database, const std::string& source,
                              const std::string& format,
                              const std::vector<const SignInEvent*>& added);

// Rebuilds, as RebuildSessions does, the one-record sessions that sign-in
// batch `batch_id` added or amended, and the groups of the events it
// amended. Reads them from the events and event_amendments tables in key
// order, so a batch of millions of events needs no list of them in memory
// and visits the indexes in order.
Status RebuildBatchSessions(SqliteDatabase& database, const std::string& source,
                            int64_t batch_id);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SESSION_REBUILDER_H_
