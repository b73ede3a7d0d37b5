#include "store/session_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/long_session_index.h"

namespace signtrail {
namespace {

constexpr std::string_view kSessionColumns = R"sql(
    SELECT source, format, record_id, session_key, user_id, login_name, display_name,
           start_time, end_time, end_kind, end_note, last_activity, client_address,
           application, result, failure_reason, sign_in_type)sql";

constexpr std::string_view kSessionOrder = R"sql(
    ORDER BY start_time, user_id, record_id, source)sql";

// The order of the start index. SQLite 3.40 sorts the ties of a partial
// ORDER BY group by group: in its shell, that sort took 0.2 s of CPU for a
// 43,000-row window, more than reading the rows. VisitInStartIndexOrder
// orders the ties by source instead.
constexpr std::string_view kStartIndexOrder = R"sql(
    ORDER BY start_time, user_id, record_id)sql";

// Parameters of the session queries: ?1 window start, ?2 window end, ?3
// source or NULL, ?4 window start minus kLongSessionMicros.
//
// A session meets the window when start < window_end and last_instant >=
// window_start (see the sessions table in docs/formats/sqlite-schema.md).
// One that starts before ?4 and meets the window lasts at least
// kLongSessionMicros, so sessions_long_span contains it. Every other match
// starts in [?4, window_end), a range of the start index that returns rows
// in report order but for ties. The long sessions all start before that
// range, so they are listed first.
constexpr std::string_view kLongSessionCondition = R"sql(
    FROM sessions INDEXED BY sessions_long_span
    WHERE {} AND last_instant >= ?1 AND start_time < ?4 AND start_time < ?2
      AND (?3 IS NULL OR source = ?3))sql";

constexpr std::string_view kStartRangeCondition = R"sql(
    FROM sessions INDEXED BY sessions_start
    WHERE start_time >= ?4 AND start_time < ?2 AND last_instant >= ?1
      AND (?3 IS NULL OR source = ?3))sql";

// The plan for a store without sessions_long_span. Without INDEXED BY,
// SQLite 3.40 picks the start index, which reads every session that started
// before the window end. The last_instant index reads only sessions that
// reach the window. For a window in the middle of the data, that is every
// later session too, and the matches are then sorted by start.
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

using SessionVisitor = std::function<Status(const StoredSession&)>;

// window_start - kLongSessionMicros, or the earliest instant when that is
// out of range.
Instant LongSessionBound(Instant window_start) {
  constexpr int64_t kEarliest = std::numeric_limits<int64_t>::min();
  if (window_start.micros() < kEarliest + kLongSessionMicros) return Instant::FromMicros(kEarliest);
  return window_start.PlusMicros(-kLongSessionMicros);
}

void BindFilter(SqliteStatement& statement, const SessionFilter& filter) {
  statement.Bind(1, filter.window_start).Bind(2, filter.window_end);
  if (filter.source.has_value()) {
    statement.Bind(3, *filter.source);
  } else {
    statement.BindNull(3);
  }
}

// Reads the current row into `session`, whose strings keep their capacity
// from row to row.
Status ReadSession(const SqliteStatement& row, const std::string& store_path,
                   StoredSession& session) {
  session.source.assign(row.TextView(0));
  session.format.assign(row.TextView(1));
  session.record_id.assign(row.TextView(2));
  session.session_key.assign(row.TextView(3));
  session.user_id.assign(row.TextView(4));
  session.login_name.assign(row.TextView(5));
  session.display_name.assign(row.TextView(6));
  session.start = Instant::FromMicros(row.Int(7));
  session.end.reset();
  if (std::optional<int64_t> end = row.OptionalInt(8)) session.end = Instant::FromMicros(*end);

  const std::string_view end_kind = row.TextView(9);
  std::optional<EndKind> parsed = ParseEndKind(end_kind);
  if (!parsed.has_value()) {
    return Status::StoreError(fmt::format("{}: session {} of {} has unknown end kind '{}'",
                                          store_path, session.record_id, session.source, end_kind));
  }
  session.end_kind = *parsed;
  session.end_note.assign(row.TextView(10));
  session.last_activity = Instant::FromMicros(row.Int(11));
  session.client_address.assign(row.TextView(12));
  session.application.assign(row.TextView(13));
  session.result.assign(row.TextView(14));
  session.failure_reason.assign(row.TextView(15));
  session.sign_in_type.assign(row.TextView(16));
  return Status::Ok();
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

// Prepares the session query with `condition` and `order`, and binds the
// filter. `long_session_bound` is ?4, for the conditions that use it.
Result<SqliteStatement> PrepareSessionQuery(SqliteDatabase& database, std::string_view condition,
                                            std::string_view order, const SessionFilter& filter,
                                            std::optional<Instant> long_session_bound) {
  const std::string sql = fmt::format("{}{}{}", kSessionColumns, condition, order);
  Result<SqliteStatement> select = database.Prepare(sql);
  if (!select.ok()) return select.status();
  BindFilter(*select, filter);
  if (long_session_bound.has_value()) select->Bind(4, *long_session_bound);
  return select;
}

// Visits the rows of a query sorted in report order.
Status VisitInOrder(SqliteDatabase& database, SqliteStatement& select,
                    const SessionVisitor& visit) {
  StoredSession session;
  while (true) {
    Result<bool> row = select.Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    if (Status read = ReadSession(select, database.path(), session); !read.ok()) return read;
    Status visited = visit(session);
    if (!visited.ok()) return visited;
  }
}

bool SameStartUserRecord(const StoredSession& a, const StoredSession& b) {
  return a.start == b.start && a.user_id == b.user_id && a.record_id == b.record_id;
}

// Visits the rows of a query sorted by start, user id and record id, putting
// each run of ties in source order. Rows are read into a ring of reused
// sessions, so no session is copied or moved: the run is `count` slots from
// `first`, and the next row goes into the slot after it.
Status VisitInStartIndexOrder(SqliteDatabase& database, SqliteStatement& select,
                              const SessionVisitor& visit) {
  std::vector<StoredSession> slots(2);
  size_t first = 0;
  size_t count = 0;
  std::vector<const StoredSession*> run;
  const auto visit_run = [&]() -> Status {
    if (count == 1) return visit(slots[first]);
    run.clear();
    for (size_t i = 0; i < count; ++i) run.push_back(&slots[(first + i) % slots.size()]);
    std::sort(run.begin(), run.end(),
              [](const StoredSession* a, const StoredSession* b) { return a->source < b->source; });
    for (const StoredSession* session : run) {
      if (Status visited = visit(*session); !visited.ok()) return visited;
    }
    return Status::Ok();
  };

  while (true) {
    Result<bool> row = select.Step();
    if (!row.ok()) return row.status();
    if (!*row) return count == 0 ? Status::Ok() : visit_run();
    if (count == slots.size()) {
      // Every slot contains a tie, so put the run at the front and add a slot.
      std::rotate(slots.begin(), slots.begin() + static_cast<std::ptrdiff_t>(first), slots.end());
      first = 0;
      slots.emplace_back();
    }
    const size_t next = (first + count) % slots.size();
    StoredSession& session = slots[next];
    if (Status read = ReadSession(select, database.path(), session); !read.ok()) return read;
    if (count == 0 || SameStartUserRecord(slots[first], session)) {
      ++count;
      continue;
    }
    // The new row starts the next run.
    if (Status visited = visit_run(); !visited.ok()) return visited;
    first = next;
    count = 1;
  }
}

// Runs the session query with `condition` and visits its rows in report
// order. `long_session_bound` is ?4, for the conditions that use it.
Status VisitSessions(SqliteDatabase& database, std::string_view condition,
                     const SessionFilter& filter, std::optional<Instant> long_session_bound,
                     const SessionVisitor& visit) {
  Result<SqliteStatement> select =
      PrepareSessionQuery(database, condition, kSessionOrder, filter, long_session_bound);
  if (!select.ok()) return select.status();
  return VisitInOrder(database, *select, visit);
}

}  // namespace

Status ScanStoredSessions(SqliteDatabase& database, const SessionFilter& filter,
                          const SessionVisitor& visit) {
  if (filter.started_within) {
    Result<SqliteStatement> select = PrepareSessionQuery(
        database, kStartedWithinCondition, kStartIndexOrder, filter, std::nullopt);
    if (!select.ok()) return select.status();
    return VisitInStartIndexOrder(database, *select, visit);
  }

  Result<bool> indexed = HasLongSessionIndex(database);
  if (!indexed.ok()) return indexed.status();
  if (!*indexed) return VisitSessions(database, kOverlapCondition, filter, std::nullopt, visit);

  const Instant bound = LongSessionBound(filter.window_start);
  const std::string long_sessions = fmt::format(kLongSessionCondition, kLongSessionTerm);
  Status scanned = VisitSessions(database, long_sessions, filter, bound, visit);
  if (!scanned.ok()) return scanned;
  Result<SqliteStatement> select =
      PrepareSessionQuery(database, kStartRangeCondition, kStartIndexOrder, filter, bound);
  if (!select.ok()) return select.status();
  return VisitInStartIndexOrder(database, *select, visit);
}

Status ScanStoredFailedSignIns(SqliteDatabase& database, const SessionFilter& filter,
                               const SessionVisitor& visit) {
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
