#include "store/long_session_index.h"

#include <fmt/format.h>

#include <string>

namespace signtrail {

static_assert(kLongSessionTerm == "last_instant - start_time >= 86400000000" &&
                  kLongSessionMicros == 86'400'000'000,
              "kLongSessionTerm must state kLongSessionMicros");

Status EnsureLongSessionIndex(SqliteDatabase& database) {
  // Keyed on last_instant first: a query wants the long sessions that reach
  // the window start, and start_time beside it filters them without reading
  // the table.
  const std::string sql =
      fmt::format("CREATE INDEX IF NOT EXISTS {} ON sessions (last_instant, start_time) WHERE {}",
                  kLongSessionIndexName, kLongSessionTerm);
  return database.Execute(sql.c_str());
}

Result<bool> HasLongSessionIndex(SqliteDatabase& database) {
  Result<SqliteStatement> select = database.Prepare(
      "SELECT 1 FROM main.sqlite_master WHERE type = 'index' AND name = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, std::string(kLongSessionIndexName));
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return *row;
}

}  // namespace signtrail
