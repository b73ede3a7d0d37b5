#include "store/heartbeat_writer.h"

#include <string>
#include <utility>
#include <vector>

#include "ledger/entry.h"
#include "store/batch_rows.h"
#include "store/ledger_appender.h"
#include "store/ledger_nodes.h"

namespace signtrail {
namespace {

// Each source's coverage end: the latest window end of its sign-in batches,
// or max_time + 1 µs for a batch without a window, sorted by source name
// (SQLite's BINARY collation compares bytes, as std::string does).
Result<std::vector<SourceCoverageEnd>> ReadCoverageEnds(SqliteDatabase& database) {
  Result<SqliteStatement> select = database.Prepare(R"sql(
      SELECT source, max(coalesce(window_end, max_time + 1)) FROM batches
      WHERE kind = ?1 GROUP BY source ORDER BY source)sql");
  if (!select.ok()) return select.status();
  select->Bind(1, kSignInBatchKind);

  std::vector<SourceCoverageEnd> sources;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return sources;
    SourceCoverageEnd source;
    source.source = select->Text(0);
    if (std::optional<int64_t> end = select->OptionalInt(1)) {
      source.coverage_end = Instant::FromMicros(*end);
    }
    sources.push_back(std::move(source));
  }
}

Result<int64_t> InsertHeartbeatRows(SqliteDatabase& database, Instant time,
                                    const std::vector<SourceCoverageEnd>& sources) {
  Result<int64_t> last_batch_id = database.QueryInt("SELECT coalesce(max(id), 0) FROM batches");
  if (!last_batch_id.ok()) return last_batch_id.status();

  Result<SqliteStatement> insert =
      database.Prepare("INSERT INTO heartbeats (time, last_batch_id) VALUES (?1, ?2)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, time).Bind(2, *last_batch_id);
  Status inserted = insert->Run();
  if (!inserted.ok()) return inserted;
  const int64_t heartbeat_id = database.LastInsertId();

  Result<SqliteStatement> insert_source = database.Prepare(R"sql(
      INSERT INTO heartbeat_sources (heartbeat_id, source, coverage_end)
      VALUES (?1, ?2, ?3))sql");
  if (!insert_source.ok()) return insert_source.status();
  for (const SourceCoverageEnd& source : sources) {
    insert_source->Bind(1, heartbeat_id).Bind(2, source.source).Bind(3, source.coverage_end);
    inserted = insert_source->Run();
    if (!inserted.ok()) return inserted;
  }
  return heartbeat_id;
}

}  // namespace

Result<HeartbeatReport> WriteHeartbeat(SqliteDatabase& database, Instant time,
                                       const LedgerSigning& signing) {
  Result<SqliteTransaction> transaction = SqliteTransaction::Begin(database);
  if (!transaction.ok()) return transaction.status();

  // Step 1: each source's coverage end at this moment, as the heartbeat's rows.
  HeartbeatReport report;
  report.time = time;
  Result<std::vector<SourceCoverageEnd>> sources = ReadCoverageEnds(database);
  if (!sources.ok()) return sources.status();
  report.sources = std::move(*sources);
  Result<int64_t> heartbeat_id = InsertHeartbeatRows(database, time, report.sources);
  if (!heartbeat_id.ok()) return heartbeat_id.status();
  report.heartbeat_id = *heartbeat_id;

  // Step 2: its entry and the checkpoint of the grown tree, then commit.
  Result<uint64_t> size = ReadLedgerSize(database);
  if (!size.ok()) return size.status();
  report.entry_index = *size;
  const std::vector<EntryRow> rows = {
      EntryRow{std::string(ledger::kHeartbeatEntryType), *heartbeat_id}};
  Result<StoredCheckpoint> checkpoint = AppendRowsToLedger(database, rows, signing, time);
  if (!checkpoint.ok()) return checkpoint.status();
  report.checkpoint = std::move(*checkpoint);

  Status committed = transaction->Commit();
  if (!committed.ok()) return committed;
  return report;
}

}  // namespace signtrail
