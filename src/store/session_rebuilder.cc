#include "store/session_rebuilder.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "model/event.h"
#include "model/instant.h"

namespace signtrail {
namespace {

// The value of sessions.result for every derived session; failed sign-ins
// are read from events, never from sessions.
constexpr std::string_view kSuccessResult = "success";

// One sessions row as it will be inserted.
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

// The latest instant inside the session: end - 1 µs for a session with a
// known end [start, end), or the last sign-in for one without. It is never
// before the start, so a zero-length session [s, s) is the point s. A
// session meets the window [ws, we) exactly when start < we and
// last_instant >= ws, so one index serves both kinds of session.
int64_t LastInstant(const SessionRow& row) {
  if (row.end.has_value()) return std::max(row.start.micros(), row.end->micros() - 1);
  return std::max(row.start.micros(), row.last_activity.micros());
}

constexpr std::string_view kInsertSessionSql = R"sql(
    INSERT INTO sessions (source, format, grouped, session_key, record_id, user_id, login_name,
                          display_name, start_time, end_time, end_kind, end_note, last_activity,
                          last_instant, client_address, application, result, failure_reason,
                          sign_in_type)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, '',
            ?18))sql";

struct RebuildStatements {
  SqliteStatement delete_group;
  SqliteStatement select_group;
  SqliteStatement delete_single;
  SqliteStatement select_single;
  SqliteStatement insert;
};

Result<RebuildStatements> PrepareRebuildStatements(SqliteDatabase& database) {
  Result<SqliteStatement> delete_group = database.Prepare(R"sql(
      DELETE FROM sessions WHERE source = ?1 AND session_key = ?2 AND grouped = 1)sql");
  if (!delete_group.ok()) return delete_group.status();

  // Without INDEXED BY, SQLite 3.40 reads the group through events_kind_time,
  // which visits every sign-in of the store. `session_key <> ''` is what lets
  // the partial index events_session_key serve the query.
  Result<SqliteStatement> select_group = database.Prepare(R"sql(
      SELECT e.record_id, e.time, e.user_id, e.login_name, e.display_name, e.client_address,
             e.application, e.sign_in_type, b.format
      FROM events e INDEXED BY events_session_key JOIN batches b ON b.id = e.batch_id
      WHERE e.source = ?1 AND e.session_key = ?2 AND e.session_key <> ''
        AND e.kind = 'sign-in'
      ORDER BY e.time, e.record_id)sql");
  if (!select_group.ok()) return select_group.status();

  Result<SqliteStatement> delete_single = database.Prepare(R"sql(
      DELETE FROM sessions WHERE source = ?1 AND record_id = ?2 AND grouped = 0)sql");
  if (!delete_single.ok()) return delete_single.status();

  Result<SqliteStatement> select_single = database.Prepare(R"sql(
      SELECT e.kind, e.session_key, e.time, e.end_time, e.end_kind, e.end_note, e.user_id,
             e.login_name, e.display_name, e.client_address, e.application, e.sign_in_type,
             b.format
      FROM events e JOIN batches b ON b.id = e.batch_id
      WHERE e.source = ?1 AND e.record_id = ?2)sql");
  if (!select_single.ok()) return select_single.status();

  Result<SqliteStatement> insert = database.Prepare(kInsertSessionSql);
  if (!insert.ok()) return insert.status();

  return RebuildStatements{std::move(*delete_group), std::move(*select_group),
                           std::move(*delete_single), std::move(*select_single),
                           std::move(*insert)};
}

Status InsertSession(SqliteStatement& insert, const std::string& source, const SessionRow& row) {
  insert.Bind(1, source)
      .Bind(2, row.format)
      .Bind(3, int64_t{row.grouped ? 1 : 0})
      .Bind(4, row.session_key)
      .Bind(5, row.record_id)
      .Bind(6, row.user_id)
      .Bind(7, row.login_name)
      .Bind(8, row.display_name)
      .Bind(9, row.start)
      .Bind(10, row.end)
      .Bind(11, row.end_kind)
      .Bind(12, row.end_note)
      .Bind(13, row.last_activity)
      .Bind(14, LastInstant(row))
      .Bind(15, row.client_address)
      .Bind(16, row.application)
      .Bind(17, kSuccessResult)
      .Bind(18, row.sign_in_type);
  return insert.Run();
}

Status RebuildGroup(RebuildStatements& statements, const std::string& source,
                    const std::string& session_key) {
  statements.delete_group.Bind(1, source).Bind(2, session_key);
  Status deleted = statements.delete_group.Run();
  if (!deleted.ok()) return deleted;

  // The first row, in start order, gives the session its fields; the last
  // gives its latest activity.
  SqliteStatement& select = statements.select_group;
  select.Bind(1, source).Bind(2, session_key);
  std::optional<SessionRow> row;
  while (true) {
    Result<bool> step = select.Step();
    if (!step.ok()) {
      select.Reset();
      return step.status();
    }
    if (!*step) break;
    if (row.has_value()) {
      row->last_activity = Instant::FromMicros(select.Int(1));
      continue;
    }
    row.emplace();
    row->grouped = true;
    row->session_key = session_key;
    row->record_id = select.Text(0);
    row->start = Instant::FromMicros(select.Int(1));
    row->last_activity = row->start;
    row->user_id = select.Text(2);
    row->login_name = select.Text(3);
    row->display_name = select.Text(4);
    row->client_address = select.Text(5);
    row->application = select.Text(6);
    row->sign_in_type = select.Text(7);
    row->format = select.Text(8);
    row->end_kind = EndKindName(EndKind::kOpen);
  }
  select.Reset();

  if (!row.has_value()) return Status::Ok();
  return InsertSession(statements.insert, source, *row);
}

// True for the events that form a session on their own.
bool IsSingleSession(std::string_view kind, std::string_view session_key) {
  if (kind == EventKindName(EventKind::kSession)) return true;
  return kind == EventKindName(EventKind::kSignIn) && session_key.empty();
}

Status RebuildSingle(RebuildStatements& statements, const std::string& source,
                     const std::string& record_id) {
  statements.delete_single.Bind(1, source).Bind(2, record_id);
  Status deleted = statements.delete_single.Run();
  if (!deleted.ok()) return deleted;

  SqliteStatement& select = statements.select_single;
  select.Bind(1, source).Bind(2, record_id);
  Result<bool> step = select.Step();
  if (!step.ok() || !*step || !IsSingleSession(select.Text(0), select.Text(1))) {
    select.Reset();
    return step.ok() ? Status::Ok() : step.status();
  }

  SessionRow row;
  row.session_key = select.Text(1);
  row.record_id = record_id;
  row.start = Instant::FromMicros(select.Int(2));
  if (std::optional<int64_t> end = select.OptionalInt(3)) row.end = Instant::FromMicros(*end);
  row.end_kind = select.Text(4);
  row.end_note = select.Text(5);
  row.last_activity = row.start;
  row.user_id = select.Text(6);
  row.login_name = select.Text(7);
  row.display_name = select.Text(8);
  row.client_address = select.Text(9);
  row.application = select.Text(10);
  row.sign_in_type = select.Text(11);
  row.format = select.Text(12);
  select.Reset();

  return InsertSession(statements.insert, source, row);
}

// The earliest and the latest new sign-in of one session key.
struct NewGroup {
  const SignInEvent* first = nullptr;
  Instant last;
};

bool StartsBefore(const SignInEvent& event, Instant start, std::string_view record_id) {
  return event.time < start || (event.time == start && event.record_id < record_id);
}

SessionRow RowOfFirstSignIn(const NewGroup& group, const std::string& format) {
  const SignInEvent& first = *group.first;
  SessionRow row;
  row.format = format;
  row.grouped = true;
  row.session_key = first.session_key;
  row.record_id = first.record_id;
  row.user_id = first.user_id;
  row.login_name = first.login_name;
  row.display_name = first.display_name;
  row.start = first.time;
  row.end_kind = EndKindName(EndKind::kOpen);
  row.last_activity = group.last;
  row.client_address = first.client_address;
  row.application = first.application;
  row.sign_in_type = first.sign_in_type;
  return row;
}

// Merges one group of new sign-ins into its stored sessions row, or inserts
// the row when the key is new.
Status MergeGroup(SqliteDatabase& database, const std::string& source, const std::string& format,
                  const std::string& session_key, const NewGroup& group) {
  Result<SqliteStatement*> select = database.PrepareCached(R"sql(
      SELECT id, start_time, record_id, last_activity FROM sessions
      WHERE source = ?1 AND session_key = ?2 AND grouped = 1)sql");
  if (!select.ok()) return select.status();
  (*select)->Bind(1, source).Bind(2, session_key);
  Result<bool> found = (*select)->Step();
  if (!found.ok() || !*found) {
    (*select)->Reset();
    if (!found.ok()) return found.status();
    Result<SqliteStatement*> insert = database.PrepareCached(kInsertSessionSql);
    if (!insert.ok()) return insert.status();
    return InsertSession(**insert, source, RowOfFirstSignIn(group, format));
  }
  const int64_t id = (*select)->Int(0);
  const Instant start = Instant::FromMicros((*select)->Int(1));
  const std::string record_id = (*select)->Text(2);
  const Instant last_activity = Instant::FromMicros((*select)->Int(3));
  (*select)->Reset();

  NewGroup merged = group;
  merged.last = std::max(group.last, last_activity);
  if (StartsBefore(*group.first, start, record_id)) {
    // The new first sign-in gives the session all its fields.
    Result<SqliteStatement*> update = database.PrepareCached(R"sql(
        UPDATE sessions
        SET format = ?2, record_id = ?3, user_id = ?4, login_name = ?5, display_name = ?6,
            start_time = ?7, last_activity = ?8, last_instant = ?9, client_address = ?10,
            application = ?11, sign_in_type = ?12
        WHERE id = ?1)sql");
    if (!update.ok()) return update.status();
    const SessionRow row = RowOfFirstSignIn(merged, format);
    (*update)
        ->Bind(1, id)
        .Bind(2, row.format)
        .Bind(3, row.record_id)
        .Bind(4, row.user_id)
        .Bind(5, row.login_name)
        .Bind(6, row.display_name)
        .Bind(7, row.start)
        .Bind(8, row.last_activity)
        .Bind(9, LastInstant(row))
        .Bind(10, row.client_address)
        .Bind(11, row.application)
        .Bind(12, row.sign_in_type);
    return (*update)->Run();
  }
  if (merged.last == last_activity) return Status::Ok();
  Result<SqliteStatement*> update = database.PrepareCached(
      "UPDATE sessions SET last_activity = ?2, last_instant = ?3 WHERE id = ?1");
  if (!update.ok()) return update.status();
  (*update)
      ->Bind(1, id)
      .Bind(2, merged.last)
      .Bind(3, std::max(start.micros(), merged.last.micros()));
  return (*update)->Run();
}

}  // namespace

Status MergeNewGroupedSignIns(SqliteDatabase& database, const std::string& source,
                              const std::string& format,
                              const std::vector<const SignInEvent*>& added) {
  std::map<std::string, NewGroup> groups;
  for (const SignInEvent* event : added) {
    if (event->kind != EventKind::kSignIn || event->session_key.empty()) continue;
    NewGroup& group = groups[event->session_key];
    if (group.first == nullptr) {
      group = NewGroup{event, event->time};
      continue;
    }
    if (StartsBefore(*event, group.first->time, group.first->record_id)) group.first = event;
    group.last = std::max(group.last, event->time);
  }
  for (const auto& [session_key, group] : groups) {
    Status merged = MergeGroup(database, source, format, session_key, group);
    if (!merged.ok()) return merged;
  }
  return Status::Ok();
}

Status RebuildSessions(SqliteDatabase& database, const std::string& source,
                       const TouchedSessions& touched) {
  Result<RebuildStatements> statements = PrepareRebuildStatements(database);
  if (!statements.ok()) return statements.status();

  for (const std::string& session_key : touched.session_keys) {
    Status rebuilt = RebuildGroup(*statements, source, session_key);
    if (!rebuilt.ok()) return rebuilt;
  }
  for (const std::string& record_id : touched.record_ids) {
    Status rebuilt = RebuildSingle(*statements, source, record_id);
    if (!rebuilt.ok()) return rebuilt;
  }
  return Status::Ok();
}

Status RebuildBatchSessions(SqliteDatabase& database, const std::string& source,
                            int64_t batch_id) {
  // The one-record sessions the batch added or amended, and the groups of
  // the events it amended (MergeNewGroupedSignIns kept the groups of the
  // events it added), each in order so that the rebuild walks the indexes
  // in order too.
  static constexpr const char* kGroupKeys = R"sql(
      SELECT e.session_key FROM event_amendments a JOIN events e ON e.id = a.event_id
      WHERE a.batch_id = ?1 AND e.kind = 'sign-in' AND e.session_key <> ''
      ORDER BY 1)sql";
  static constexpr const char* kSingleIds = R"sql(
      SELECT e.record_id FROM events e
      WHERE e.batch_id = ?1 AND (e.kind = 'session' OR (e.kind = 'sign-in' AND e.session_key = ''))
      UNION
      SELECT e.record_id FROM event_amendments a JOIN events e ON e.id = a.event_id
      WHERE a.batch_id = ?1 AND (e.kind = 'session' OR (e.kind = 'sign-in' AND e.session_key = ''))
      ORDER BY 1)sql";

  Result<RebuildStatements> statements = PrepareRebuildStatements(database);
  if (!statements.ok()) return statements.status();
  const auto rebuild_each = [&](const char* sql, auto rebuild) -> Status {
    Result<SqliteStatement> select = database.Prepare(sql);
    if (!select.ok()) return select.status();
    select->Bind(1, batch_id);
    while (true) {
      Result<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
      Status rebuilt = rebuild(*statements, source, select->Text(0));
      if (!rebuilt.ok()) return rebuilt;
    }
  };
  Status rebuilt = rebuild_each(kGroupKeys, RebuildGroup);
  if (rebuilt.ok()) rebuilt = rebuild_each(kSingleIds, RebuildSingle);
  return rebuilt;
}

}  // namespace signtrail
