#include "store/verify_derived_data.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ledger/entry.h"
#include "model/event.h"
#include "model/instant.h"
#include "store/session_rebuilder.h"
#include "store/verify_sessions.h"

namespace signtrail {
namespace {

// One stored row that differs from its recomputation.
struct Difference {
  std::optional<uint64_t> index;  // the leaf of the entry the row derives from
  std::string message;
};

void Report(std::vector<Difference> differences, FindingCollector& findings) {
  // Lowest index first, rows without a leaf last, so the finding names the
  // first failing index.
  std::stable_sort(differences.begin(), differences.end(),
                   [](const Difference& a, const Difference& b) {
                     if (a.index.has_value() != b.index.has_value()) return a.index.has_value();
                     return a.index.has_value() && *a.index < *b.index;
                   });
  for (Difference& difference : differences) {
    findings.Add(FindingKind::kDerivedDataDiffers, difference.index,
                 std::move(difference.message));
  }
}

Result<std::optional<uint64_t>> StepOptionalIndex(SqliteStatement& statement) {
  Result<bool> row = statement.Step();
  std::optional<uint64_t> index;
  if (row.ok() && *row) index = static_cast<uint64_t>(statement.Int(0));
  statement.Reset();
  if (!row.ok()) return row.status();
  return index;
}

// The TEMP table `sessions`, which hides main.sessions from unqualified
// names while it exists, so RebuildSessions writes into it. Dropped on
// destruction.
class ShadowSessions {
 public:
  explicit ShadowSessions(SqliteDatabase& database) : database_(database) {}
  ~ShadowSessions() {
    if (created_) database_.Execute("DROP TABLE IF EXISTS temp.sessions");
  }
  ShadowSessions(const ShadowSessions&) = delete;
  ShadowSessions& operator=(const ShadowSessions&) = delete;

  // Creates the table with the stored table's definition, and an index for
  // the rebuilder's deletes by session key.
  Status Create() {
    Result<SqliteStatement> ddl = database_.Prepare(
        "SELECT sql FROM main.sqlite_master WHERE type = 'table' AND name = 'sessions'");
    if (!ddl.ok()) return ddl.status();
    Result<bool> row = ddl->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::StoreError(database_.path() + ": the sessions table is missing");
    std::string sql = ddl->Text(0);
    constexpr std::string_view kCreate = "CREATE TABLE";
    if (sql.compare(0, kCreate.size(), kCreate) != 0) {
      return Status::StoreError(database_.path() +
                                ": the sessions table has an unexpected definition");
    }
    sql.replace(0, kCreate.size(), "CREATE TEMP TABLE");

    created_ = true;
    Status status = database_.Execute(sql.c_str());
    if (!status.ok()) return status;
    return database_.Execute(
        "CREATE INDEX temp.verify_sessions_key ON sessions (source, session_key, grouped)");
  }

 private:
  SqliteDatabase& database_;
  bool created_ = false;
};

Result<std::vector<std::string>> ReadTextColumn(SqliteStatement& statement) {
  std::vector<std::string> values;
  while (true) {
    Result<bool> row = statement.Step();
    if (!row.ok()) {
      statement.Reset();
      return row.status();
    }
    if (!*row) break;
    values.push_back(statement.Text(0));
  }
  statement.Reset();
  return values;
}

// Rebuilds every session of every source into the shadow table, as one
// commit that added every stored event would.
Status RebuildAllSessions(SqliteDatabase& database) {
  Result<SqliteStatement> sources = database.Prepare("SELECT DISTINCT source FROM events");
  if (!sources.ok()) return sources.status();
  Result<SqliteStatement> keys = database.Prepare(R"sql(
      SELECT DISTINCT session_key FROM events
      WHERE source = ?1 AND kind = ?2 AND session_key <> '')sql");
  if (!keys.ok()) return keys.status();
  Result<SqliteStatement> records = database.Prepare(R"sql(
      SELECT record_id FROM events
      WHERE source = ?1 AND (kind = ?3 OR (kind = ?2 AND session_key = '')))sql");
  if (!records.ok()) return records.status();

  Result<std::vector<std::string>> source_names = ReadTextColumn(*sources);
  if (!source_names.ok()) return source_names.status();
  const std::string_view sign_in = EventKindName(EventKind::kSignIn);
  const std::string_view session = EventKindName(EventKind::kSession);
  for (const std::string& source : *source_names) {
    keys->Bind(1, source).Bind(2, sign_in);
    Result<std::vector<std::string>> session_keys = ReadTextColumn(*keys);
    if (!session_keys.ok()) return session_keys.status();
    records->Bind(1, source).Bind(2, sign_in).Bind(3, session);
    Result<std::vector<std::string>> record_ids = ReadTextColumn(*records);
    if (!record_ids.ok()) return record_ids.status();

    TouchedSessions touched;
    touched.session_keys.insert(session_keys->begin(), session_keys->end());
    touched.record_ids.insert(record_ids->begin(), record_ids->end());
    Status rebuilt = RebuildSessions(database, source, touched);
    if (!rebuilt.ok()) return rebuilt;
  }
  return Status::Ok();
}

// The stored sessions columns other than the row id, comma-separated.
Result<std::string> SessionColumns(SqliteDatabase& database) {
  Result<SqliteStatement> statement = database.Prepare(
      "SELECT name FROM pragma_table_info('sessions', 'main') WHERE name <> 'id' ORDER BY cid");
  if (!statement.ok()) return statement.status();
  Result<std::vector<std::string>> names = ReadTextColumn(*statement);
  if (!names.ok()) return names.status();
  std::string columns;
  for (const std::string& name : *names) {
    if (!columns.empty()) columns += ", ";
    columns += name;
  }
  return columns;
}

// The (source, record id) keys of the rows of `from` that `other` lacks
// with every column equal.
Result<std::vector<std::pair<std::string, std::string>>> RowsOnlyIn(
    SqliteDatabase& database, const std::string& columns, std::string_view from,
    std::string_view other) {
  Result<SqliteStatement> statement = database.Prepare(fmt::format(
      "SELECT source, record_id FROM (SELECT {0} FROM {1} EXCEPT SELECT {0} FROM {2}) "
      "ORDER BY source, record_id",
      columns, from, other));
  if (!statement.ok()) return statement.status();
  std::vector<std::pair<std::string, std::string>> keys;
  while (true) {
    Result<bool> row = statement->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    keys.emplace_back(statement->Text(0), statement->Text(1));
  }
  return keys;
}

Result<std::vector<Difference>> CompareSessions(SqliteDatabase& database) {
  Result<std::string> columns = SessionColumns(database);
  if (!columns.ok()) return columns.status();
  Result<std::vector<std::pair<std::string, std::string>>> stored_only =
      RowsOnlyIn(database, *columns, "main.sessions", "temp.sessions");
  if (!stored_only.ok()) return stored_only.status();
  Result<std::vector<std::pair<std::string, std::string>>> derived_only =
      RowsOnlyIn(database, *columns, "temp.sessions", "main.sessions");
  if (!derived_only.ok()) return derived_only.status();

  Result<SqliteStatement> in_temp = database.Prepare(
      "SELECT 1 FROM temp.sessions WHERE source = ?1 AND record_id = ?2");
  if (!in_temp.ok()) return in_temp.status();
  Result<SqliteStatement> in_main = database.Prepare(
      "SELECT 1 FROM main.sessions WHERE source = ?1 AND record_id = ?2");
  if (!in_main.ok()) return in_main.status();
  Result<SqliteStatement> leaf = database.Prepare(R"sql(
      SELECT l.idx FROM main.events e
      JOIN ledger_leaves l ON l.entry_type = ?3 AND l.row_id = e.id
      WHERE e.source = ?1 AND e.record_id = ?2)sql");
  if (!leaf.ok()) return leaf.status();

  std::vector<Difference> differences;
  for (const auto& [source, record_id] : *stored_only) {
    in_temp->Bind(1, source).Bind(2, record_id);
    Result<std::optional<uint64_t>> recomputed = StepOptionalIndex(*in_temp);
    if (!recomputed.ok()) return recomputed.status();
    leaf->Bind(1, source).Bind(2, record_id).Bind(3, ledger::kEventEntryType);
    Result<std::optional<uint64_t>> index = StepOptionalIndex(*leaf);
    if (!index.ok()) return index.status();
    const std::string message =
        recomputed->has_value()
            ? fmt::format("sessions row (source '{}', record id '{}') differs from the session "
                          "recomputed from its events",
                          source, record_id)
            : fmt::format("sessions row (source '{}', record id '{}') is not given by any "
                          "stored event",
                          source, record_id);
    differences.push_back(Difference{*index, message});
  }
  for (const auto& [source, record_id] : *derived_only) {
    in_main->Bind(1, source).Bind(2, record_id);
    Result<std::optional<uint64_t>> stored = StepOptionalIndex(*in_main);
    if (!stored.ok()) return stored.status();
    if (stored->has_value()) continue;  // reported above as a row that differs
    leaf->Bind(1, source).Bind(2, record_id).Bind(3, ledger::kEventEntryType);
    Result<std::optional<uint64_t>> index = StepOptionalIndex(*leaf);
    if (!index.ok()) return index.status();
    differences.push_back(Difference{
        *index, fmt::format("the events give a session (source '{}', record id '{}') that the "
                            "sessions table lacks",
                            source, record_id)});
  }
  return differences;
}

std::string DescribeEnd(const std::optional<int64_t>& micros) {
  if (!micros.has_value()) return "none";
  return FormatUtc(Instant::FromMicros(*micros));
}

// Each version's effective_to must be the next version's effective_from,
// in the order the directory writer closes them.
Result<std::vector<Difference>> CompareDirectoryValidity(SqliteDatabase& database) {
  Result<SqliteStatement> statement = database.Prepare(R"sql(
      SELECT v.id, v.source, v.account_id, v.effective_to, v.next_from, l.idx
      FROM (SELECT id, source, account_id, effective_to,
                   lead(effective_from) OVER (PARTITION BY source, account_id COLLATE NOCASE
                                              ORDER BY effective_from, id) AS next_from
            FROM directory_versions) v
      LEFT JOIN ledger_leaves l ON l.entry_type = ?1 AND l.row_id = v.id
      WHERE v.effective_to IS NOT v.next_from
      ORDER BY v.id)sql");
  if (!statement.ok()) return statement.status();
  statement->Bind(1, ledger::kDirectoryVersionEntryType);

  std::vector<Difference> differences;
  while (true) {
    Result<bool> row = statement->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    std::optional<uint64_t> index;
    if (std::optional<int64_t> idx = statement->OptionalInt(5)) index = *idx;
    differences.push_back(Difference{
        index,
        fmt::format("directory_versions row {} (source '{}', account '{}'): effective_to is {} "
                    "but the account's next version starts at {}",
                    statement->Int(0), statement->Text(1), statement->Text(2),
                    DescribeEnd(statement->OptionalInt(3)),
                    DescribeEnd(statement->OptionalInt(4)))});
  }
  return differences;
}

}  // namespace

Status CheckDerivedData(SqliteDatabase& database, std::optional<bool> sessions_match,
                        FindingCollector& findings) {
  std::vector<Difference> differences;
  if (!sessions_match.has_value()) {
    Result<bool> matched = StoredSessionsMatchEvents(database);
    if (!matched.ok()) return matched.status();
    sessions_match = *matched;
  }
  if (!*sessions_match) {
    // Only the full rebuild names the rows that differ.
    ShadowSessions shadow(database);
    Status status = shadow.Create();
    if (!status.ok()) return status;
    status = RebuildAllSessions(database);
    if (!status.ok()) return status;
    Result<std::vector<Difference>> sessions = CompareSessions(database);
    if (!sessions.ok()) return sessions.status();
    differences = std::move(*sessions);
  }

  Result<std::vector<Difference>> directory = CompareDirectoryValidity(database);
  if (!directory.ok()) return directory.status();
  differences.insert(differences.end(), std::make_move_iterator(directory->begin()),
                     std::make_move_iterator(directory->end()));
  Report(std::move(differences), findings);
  return Status::Ok();
}

}  // namespace signtrail
