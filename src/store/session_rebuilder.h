#ifndef SIGNTRAIL_STORE_SESSION_REBUILDER_H_
#define SIGNTRAIL_STORE_SESSION_REBUILDER_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/event.h"
#include "model/instant.h"
#include "model/status.h"
#include "store/sqlite_database.h"

namespace signtrail {

// One sessions row as the rules below derive it, without its source.
struct SessionRow {
  std::string format;
  bool grouped = false;
  std::string session_key;
  std::string record_id;
  std::string user_id;
  std::string login_name;
  std::string display_name;
  Instant start;
  std::optional<Instant> end;
  std::string end_kind;
  std::string end_note;
  Instant last_activity;
  std::string client_address;
  std::string application;
  std::string sign_in_type;
};

// The latest instant inside the session (sessions.last_instant): end - 1 µs
// for a session with a known end [start, end), or the last sign-in for one
// without. It is never before the start, so a zero-length session [s, s) is
// the point s. A session meets the window [ws, we) exactly when start < we
// and last_instant >= ws, so one index serves both kinds of session.
int64_t LastInstant(const SessionRow& row);

// The event columns, over events `e` joined with their batch `b`, that
// GroupedSessionBuilder::Add reads.
inline constexpr std::string_view kGroupedSessionColumns =
    "e.record_id, e.time, e.user_id, e.login_name, e.display_name, e.client_address, "
    "e.application, e.sign_in_type, b.format";

// Derives the grouped session of one session key from its sign-ins, in any
// order: the earliest by (time, record_id) gives the session its fields, and
// the latest time its last activity. Record ids compare byte by byte, as
// SQLite's BINARY collation does.
class GroupedSessionBuilder {
 public:
  explicit GroupedSessionBuilder(std::string session_key) : session_key_(std::move(session_key)) {}

  // Adds the sign-in in `row`, whose columns from `first` on are
  // kGroupedSessionColumns.
  void Add(const SqliteStatement& row, int first);

  // The session; nullopt before the first Add.
  const std::optional<SessionRow>& row() const { return row_; }

 private:
  std::string session_key_;
  std::optional<SessionRow> row_;
};

// The event columns, over events `e` joined with their batch `b`, that
// SingleSessionFromRow reads.
inline constexpr std::string_view kSingleSessionColumns =
    "e.kind, e.session_key, e.time, e.end_time, e.end_kind, e.end_note, e.user_id, "
    "e.login_name, e.display_name, e.client_address, e.application, e.sign_in_type, b.format";

// The one-record session of the event `record_id` in `row`, whose columns
// from `first` on are kSingleSessionColumns; nullopt when the event forms no
// session of its own.
std::optional<SessionRow> SingleSessionFromRow(const SqliteStatement& row, int first,
                                               const std::string& record_id);

// Every sessions column but id, in the order SessionRowEquals reads them.
inline constexpr std::string_view kSessionRowColumns =
    "source, format, grouped, session_key, record_id, user_id, login_name, display_name, "
    "start_time, end_time, end_kind, end_note, last_activity, last_instant, client_address, "
    "application, result, failure_reason, sign_in_type";

// True when the stored sessions row `stored`, selected as kSessionRowColumns,
// holds exactly what RebuildSessions inserts for `row` of `source`: every
// value equal and of the same SQLite type.
bool SessionRowEquals(const SqliteStatement& stored, std::string_view source,
                      const SessionRow& row);

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
// format of the batch that added them. Other events are left to
// InsertNewSingleSessions.
Status MergeNewGroupedSignIns(SqliteDatabase& database, const std::string& source,
                              const std::string& format,
                              const std::vector<const SignInEvent*>& added);

// Inserts the one-record session of each event in `added` that forms one
// (a session record, or a sign-in without a session key), the same row
// that RebuildSessions derives from the stored event. The events must be
// new to the store, so no session row has their record id yet. `format` is
// the format of the batch that added them.
Status InsertNewSingleSessions(SqliteDatabase& database, const std::string& source,
                               const std::string& format,
                               const std::vector<const SignInEvent*>& added);

// Rebuilds, as RebuildSessions does, the sessions of the events that
// sign-in batch `batch_id` amended: their groups and their one-record
// sessions. The sessions of the events it added were merged or inserted
// part by part. Reads the amendments in key order, so the rebuild visits
// the indexes in order.
Status RebuildBatchSessions(SqliteDatabase& database, const std::string& source,
                            int64_t batch_id);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SESSION_REBUILDER_H_
