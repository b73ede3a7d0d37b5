#include "store/session_rebuilder.h"

#include <fmt/format.h>

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
  Result<SqliteStatement> select_group = database.Prepare(fmt::format(R"sql(
      SELECT {}
      FROM events e INDEXED BY events_session_key JOIN batches b ON b.id = e.batch_id
      WHERE e.source = ?1 AND e.session_key = ?2 AND e.session_key <> ''
        AND e.kind = 'sign-in'
      ORDER BY e.time, e.record_id)sql",
                                                                      kGroupedSessionColumns));
  if (!select_group.ok()) return select_group.status();

  Result<SqliteStatement> delete_single = database.Prepare(R"sql(
      DELETE FROM sessions WHERE source = ?1 AND record_id = ?2 AND grouped = 0)sql");
  if (!delete_single.ok()) return delete_single.status();

  Result<SqliteStatement> select_single = database.Prepare(fmt::format(R"sql(
      SELECT {}
      FROM events e JOIN batches b ON b.id = e.batch_id
      WHERE e.source = ?1 AND e.record_id = ?2)sql",
                                                                       kSingleSessionColumns));
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

  SqliteStatement& select = statements.select_group;
  select.Bind(1, source).Bind(2, session_key);
  GroupedSessionBuilder builder(session_key);
  while (true) {
    Result<bool> step = select.Step();
    if (!step.ok()) {
      select.Reset();
      return step.status();
    }
    if (!*step) break;
    builder.Add(select, 0);
  }
  select.Reset();

  const std::optional<SessionRow>& row = builder.row();
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
  if (!step.ok() || !*step) {
    select.Reset();
    return step.ok() ? Status::Ok() : step.status();
  }
  const std::optional<SessionRow> row = SingleSessionFromRow(select, 0, record_id);
  select.Reset();

  if (!row.has_value()) return Status::Ok();
  return InsertSession(statements.insert, source, *row);
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

int64_t LastInstant(const SessionRow& row) {
  if (row.end.has_value()) return std::max(row.start.micros(), row.end->micros() - 1);
  return std::max(row.start.micros(), row.last_activity.micros());
}

void GroupedSessionBuilder::Add(const SqliteStatement& row, int first) {
  const Instant time = Instant::FromMicros(row.Int(first + 1));
  if (row_.has_value()) {
    row_->last_activity = std::max(row_->last_activity, time);
    const std::string_view record_id = row.TextView(first);
    if (!(time < row_->start || (time == row_->start && record_id < row_->record_id))) return;
  } else {
    row_.emplace();
    row_->grouped = true;
    row_->session_key = session_key_;
    row_->last_activity = time;
    row_->end_kind = EndKindName(EndKind::kOpen);
  }
  // The earliest sign-in so far gives the session its fields.
  row_->record_id = row.Text(first);
  row_->start = time;
  row_->user_id = row.Text(first + 2);
  row_->login_name = row.Text(first + 3);
  row_->display_name = row.Text(first + 4);
  row_->client_address = row.Text(first + 5);
  row_->application = row.Text(first + 6);
  row_->sign_in_type = row.Text(first + 7);
  row_->format = row.Text(first + 8);
}

std::optional<SessionRow> SingleSessionFromRow(const SqliteStatement& row, int first,
                                               const std::string& record_id) {
  if (!IsSingleSession(row.TextView(first), row.TextView(first + 1))) return std::nullopt;
  SessionRow session;
  session.session_key = row.Text(first + 1);
  session.record_id = record_id;
  session.start = Instant::FromMicros(row.Int(first + 2));
  if (std::optional<int64_t> end = row.OptionalInt(first + 3)) {
    session.end = Instant::FromMicros(*end);
  }
  session.end_kind = row.Text(first + 4);
  session.end_note = row.Text(first + 5);
  session.last_activity = session.start;
  session.user_id = row.Text(first + 6);
  session.login_name = row.Text(first + 7);
  session.display_name = row.Text(first + 8);
  session.client_address = row.Text(first + 9);
  session.application = row.Text(first + 10);
  session.sign_in_type = row.Text(first + 11);
  session.format = row.Text(first + 12);
  return session;
}

bool SessionRowEquals(const SqliteStatement& stored, std::string_view source,
                      const SessionRow& row) {
  const auto text_is = [&stored](int column, std::string_view value) {
    return stored.Type(column) == SQLITE_TEXT && stored.TextView(column) == value;
  };
  const auto int_is = [&stored](int column, int64_t value) {
    return stored.Type(column) == SQLITE_INTEGER && stored.Int(column) == value;
  };
  const bool end_equal =
      row.end.has_value() ? int_is(9, row.end->micros()) : stored.Type(9) == SQLITE_NULL;
  return text_is(0, source) && text_is(1, row.format) && int_is(2, row.grouped ? 1 : 0) &&
         text_is(3, row.session_key) && text_is(4, row.record_id) && text_is(5, row.user_id) &&
         text_is(6, row.login_name) && text_is(7, row.display_name) &&
         int_is(8, row.start.micros()) && end_equal && text_is(10, row.end_kind) &&
         text_is(11, row.end_note) && int_is(12, row.last_activity.micros()) &&
         int_is(13, LastInstant(row)) && text_is(14, row.client_address) &&
         text_is(15, row.application) && text_is(16, kSuccessResult) && text_is(17, "") &&
         text_is(18, row.sign_in_type);
}

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

Status InsertNewSingleSessions(SqliteDatabase& database, const std::string& source,
                               const std::string& format,
                               const std::vector<const SignInEvent*>& added) {
  Result<SqliteStatement*> insert = database.PrepareCached(kInsertSessionSql);
  if (!insert.ok()) return insert.status();
  SessionRow row;
  row.format = format;
  for (const SignInEvent* event : added) {
    if (!IsSingleSession(EventKindName(event->kind), event->session_key)) continue;
    // The fields SingleSessionFromRow reads from the stored event.
    row.session_key = event->session_key;
    row.record_id = event->record_id;
    row.start = event->time;
    row.end = event->end;
    row.end_kind = EndKindName(event->end_kind);
    row.end_note = event->end_note;
    row.last_activity = event->time;
    row.user_id = event->user_id;
    row.login_name = event->login_name;
    row.display_name = event->display_name;
    row.client_address = event->client_address;
    row.application = event->application;
    row.sign_in_type = event->sign_in_type;
    Status inserted = InsertSession(**insert, source, row);
    if (!inserted.ok()) return inserted;
  }
  return Status::Ok();
}

Status RebuildBatchSessions(SqliteDatabase& database, const std::string& source,
                            int64_t batch_id) {
  // The groups and the one-record sessions of the events the batch amended,
  // each in order so that the rebuild walks the indexes in order too. The
  // sessions of added events were written with each part, because finding
  // them here means reading every events row of the batch again.
  static constexpr const char* kGroupKeys = R"sql(
      SELECT e.session_key FROM event_amendments a JOIN events e ON e.id = a.event_id
      WHERE a.batch_id = ?1 AND e.kind = 'sign-in' AND e.session_key <> ''
      ORDER BY 1)sql";
  static constexpr const char* kSingleIds = R"sql(
      SELECT DISTINCT e.record_id FROM event_amendments a JOIN events e ON e.id = a.event_id
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
