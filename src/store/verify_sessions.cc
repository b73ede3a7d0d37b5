#include "store/verify_sessions.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

#include "store/session_rebuilder.h"

namespace signtrail {
namespace {

// The sign-ins of every session key, grouped by (source, session key).
// Columns: source, session_key, then kGroupedSessionColumns. The table is
// read in file order and sorted, because reading it in the order of
// events_session_key costs one random page read per row. SQLite's sorter
// spills to temporary files beyond the page cache size, so memory stays
// bounded.
constexpr std::string_view kGroupedSignInsSql = R"sql(
    SELECT e.source, e.session_key, {}
    FROM events e NOT INDEXED JOIN batches b ON b.id = e.batch_id
    WHERE e.session_key <> '' AND e.kind = 'sign-in'
    ORDER BY e.source, e.session_key)sql";

constexpr std::string_view kStoredGroupedSql = R"sql(
    SELECT {} FROM sessions WHERE grouped = 1 ORDER BY source, session_key)sql";

// The events that form a session of their own, by (source, record id).
// Columns: source, record_id, then kSingleSessionColumns. The full scan
// sorts only these rows, where the (source, record_id) index would fetch
// the row of every event to test its kind.
constexpr std::string_view kSingleEventsSql = R"sql(
    SELECT e.source, e.record_id, {}
    FROM events e NOT INDEXED JOIN batches b ON b.id = e.batch_id
    WHERE e.kind = 'session' OR (e.kind = 'sign-in' AND e.session_key = '')
    ORDER BY e.source, e.record_id)sql";

// `grouped IS NOT 1` also selects rows whose grouped value is damaged.
constexpr std::string_view kStoredSinglesSql = R"sql(
    SELECT {} FROM sessions NOT INDEXED WHERE grouped IS NOT 1 ORDER BY source, record_id)sql";

bool IsText(const SqliteStatement& row, int column) { return row.Type(column) == SQLITE_TEXT; }

// True when a row of kGroupedSignInsSql has a text source, key and record id
// and an integer time. Values of other types would be grouped or ordered
// otherwise than RebuildSessions groups and orders them in SQL.
bool HasGroupingTypes(const SqliteStatement& row) {
  return IsText(row, 0) && IsText(row, 1) && IsText(row, 2) && row.Type(3) == SQLITE_INTEGER;
}

// True when main.sessions has exactly the columns kSessionRowColumns names,
// after id, so that comparing those columns compares whole rows.
Result<bool> SessionColumnsAreKnown(SqliteDatabase& database) {
  Result<SqliteStatement> columns = database.Prepare(
      "SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_table_info('sessions', "
      "'main') WHERE cid > 0 ORDER BY cid)");
  if (!columns.ok()) return columns.status();
  Result<bool> row = columns->Step();
  if (!row.ok()) return row.status();
  return *row && columns->TextView(0) == kSessionRowColumns;
}

// Steps the stored rows alongside the derived ones. Compare returns false
// at the first stored row that is missing or differs.
class StoredSessionCursor {
 public:
  explicit StoredSessionCursor(SqliteStatement select) : select_(std::move(select)) {}

  // True when the next stored row equals `row` of `source`.
  Result<bool> Compare(std::string_view source, const SessionRow& row) {
    Result<bool> stepped = select_.Step();
    if (!stepped.ok()) return stepped.status();
    return *stepped && SessionRowEquals(select_, source, row);
  }

  // True when every stored row was compared.
  Result<bool> Exhausted() {
    Result<bool> stepped = select_.Step();
    if (!stepped.ok()) return stepped.status();
    return !*stepped;
  }

 private:
  SqliteStatement select_;
};

Result<bool> GroupedSessionsMatch(SqliteDatabase& database) {
  Result<SqliteStatement> events =
      database.Prepare(fmt::format(kGroupedSignInsSql, kGroupedSessionColumns));
  if (!events.ok()) return events.status();
  Result<SqliteStatement> stored =
      database.Prepare(fmt::format(kStoredGroupedSql, kSessionRowColumns));
  if (!stored.ok()) return stored.status();
  StoredSessionCursor cursor(std::move(*stored));

  Result<bool> row = events->Step();
  while (true) {
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (!HasGroupingTypes(*events)) return false;
    const std::string source(events->TextView(0));
    GroupedSessionBuilder group{std::string(events->TextView(1))};
    while (true) {
      if (!HasGroupingTypes(*events)) return false;
      group.Add(*events, 2);
      row = events->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      if (events->TextView(0) != source || events->TextView(1) != group.row()->session_key) break;
    }
    Result<bool> equal = cursor.Compare(source, *group.row());
    if (!equal.ok() || !*equal) return equal;
  }
  return cursor.Exhausted();
}

Result<bool> SingleSessionsMatch(SqliteDatabase& database) {
  Result<SqliteStatement> events =
      database.Prepare(fmt::format(kSingleEventsSql, kSingleSessionColumns));
  if (!events.ok()) return events.status();
  Result<SqliteStatement> stored =
      database.Prepare(fmt::format(kStoredSinglesSql, kSessionRowColumns));
  if (!stored.ok()) return stored.status();
  StoredSessionCursor cursor(std::move(*stored));

  while (true) {
    Result<bool> row = events->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (!IsText(*events, 0) || !IsText(*events, 1)) return false;
    const std::optional<SessionRow> session =
        SingleSessionFromRow(*events, 2, std::string(events->TextView(1)));
    if (!session.has_value()) return false;
    Result<bool> equal = cursor.Compare(events->TextView(0), *session);
    if (!equal.ok() || !*equal) return equal;
  }
  return cursor.Exhausted();
}

}  // namespace

Result<bool> StoredSessionsMatchEvents(SqliteDatabase& database) {
  Result<bool> known = SessionColumnsAreKnown(database);
  if (!known.ok() || !*known) return known;
  Result<bool> grouped = GroupedSessionsMatch(database);
  if (!grouped.ok() || !*grouped) return grouped;
  return SingleSessionsMatch(database);
}

}  // namespace signtrail
