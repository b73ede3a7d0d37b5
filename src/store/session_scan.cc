#include "store/session_scan.h"

#include <fmt/format.h>

#include <optional>
#include <string>

namespace signtrail {
namespace {

constexpr std::string_view kSessionColumns = R"sql(
    SELECT source, format, record_id, session_key, user_id, login_name, display_name,
           start_time, end_time, end_kind, end_note, last_activity, client_address,
           application, result, failure_reason, sign_in_type)sql";

constexpr std::string_view kSessionOrder = R"sql(
    ORDER BY start_time, user_id, record_id, source)sql";

// A session meets the window when start < window_end and last_instant >=
// window_start (see the sessions table in docs/formats/sqlite-schema.md).
// Without INDEXED BY, SQLite 3.40 picks the start index, which reads every
// session that started before the window end. The last_instant index reads
// only sessions that reach the window, which is few for recent windows; the
// matches are then sorted by start.
constexpr std::string_view kOverlapCondition = R"sql(
    FROM sessions INDEXED BY sessions_last_instant
    WHERE last_instant >= ?1 AND start_time < ?2 AND (?3 IS NULL OR source = ?3))sql";

// With started_within, the start index serves both the range and the order.
constexpr std::string_view kStartedWithinCondition = R"sql(
    FROM sessions INDEXED BY sessions_start
    WHERE start_time >= ?1 AND start_time < ?2 AND (?3 IS NULL OR source = ?3))sql";

constexpr std::string_view kFailedSignInQuery = R"sql(
    SELECT e.source, b.format, e.record_id, e.session_key, e.user_id, e.login_name,
           e.display_name, e.time, e.client_address, e.application, e.result_code,
           e.failure_reason, e.sign_in_type
    FROM events e JOIN batches b ON b.id = e.batch_id
    WHERE e.kind = 'failed-sign-in' AND e.time >= ?1 AND e.time < ?2
      AND (?3 IS NULL OR e.source = ?3)
    ORDER BY e.time, e.user_id, e.record_id, e.source)sql";

void BindFilter(SqliteStatement& statement, const SessionFilter& filter) {
  statement.Bind(1, filter.window_start).Bind(2, filter.window_end);
  if (filter.source.has_value()) {
    statement.Bind(3, *filter.source);
  } else {
    statement.BindNull(3);
  }
}

Result<StoredSession> ReadSession(const SqliteStatement& row, const std::string& store_path) {
  StoredSession session;
  session.source = row.Text(0);
  session.format = row.Text(1);
  session.record_id = row.Text(2);
  session.session_key = row.Text(3);
  session.user_id = row.Text(4);
  session.login_name = row.Text(5);
  session.display_name = row.Text(6);
  session.start = Instant::FromMicros(row.Int(7));
  if (std::optional<int64_t> end = row.OptionalInt(8)) session.end = Instant::FromMicros(*end);

  const std::string end_kind = row.Text(9);
  std::optional<EndKind> parsed = ParseEndKind(end_kind);
  if (!parsed.has_value()) {
    return Status::StoreError(fmt::format("{}: session {} of {} has unknown end kind '{}'",
                                          store_path, session.record_id, session.source, end_kind));
  }
  session.end_kind = *parsed;
  session.end_note = row.Text(10);
  session.last_activity = Instant::FromMicros(row.Int(11));
  session.client_address = row.Text(12);
  session.application = row.Text(13);
  session.result = row.Text(14);
  session.failure_reason = row.Text(15);
  session.sign_in_type = row.Text(16);
  return session;
}

StoredSession ReadFailedSignIn(const SqliteStatement& row) {
  StoredSession attempt;
  attempt.source = row.Text(0);
  attempt.format = row.Text(1);
  attempt.record_id = row.Text(2);
  attempt.session_key = row.Text(3);
  attempt.user_id = row.Text(4);
  attempt.login_name = row.Text(5);
  attempt.display_name = row.Text(6);
  attempt.start = Instant::FromMicros(row.Int(7));
  attempt.last_activity = attempt.start;
  attempt.end_kind = EndKind::kOpen;
  attempt.client_address = row.Text(8);
  attempt.application = row.Text(9);
  attempt.result = row.Text(10);
  attempt.failure_reason = row.Text(11);
  attempt.sign_in_type = row.Text(12);
  return attempt;
}

}  // namespace

Status ScanStoredSessions(SqliteDatabase& database, const SessionFilter& filter,
                          const std::function<Status(const StoredSession&)>& visit) {
  const std::string sql = fmt::format(
      "{}{}{}", kSessionColumns,
      filter.started_within ? kStartedWithinCondition : kOverlapCondition, kSessionOrder);
  Result<SqliteStatement> select = database.Prepare(sql);
  if (!select.ok()) return select.status();
  BindFilter(*select, filter);

  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    Result<StoredSession> session = ReadSession(*select, database.path());
    if (!session.ok()) return session.status();
    Status visited = visit(*session);
    if (!visited.ok()) return visited;
  }
}

Status ScanStoredFailedSignIns(SqliteDatabase& database, const SessionFilter& filter,
                               const std::function<Status(const StoredSession&)>& visit) {
  Result<SqliteStatement> select = database.Prepare(kFailedSignInQuery);
  if (!select.ok()) return select.status();
  BindFilter(*select, filter);

  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    Status visited = visit(ReadFailedSignIn(*select));
    if (!visited.ok()) return visited;
  }
}

}  // namespace signtrail
