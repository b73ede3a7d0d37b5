#ifndef SIGNTRAIL_STORE_SESSION_REBUILDER_H_
#define SIGNTRAIL_STORE_SESSION_REBUILDER_H_

#include <set>
#include <string>

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

// Rebuilds the sessions of every event that sign-in batch `batch_id` added
// or amended, as RebuildSessions does. Reads them from the events and
// event_amendments tables in key order, so a batch of millions of events
// needs no list of them in memory and visits the indexes in order.
Status RebuildBatchSessions(SqliteDatabase& database, const std::string& source,
                            int64_t batch_id);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SESSION_REBUILDER_H_
