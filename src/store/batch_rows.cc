#include "store/batch_rows.h"

#include "store/json_text.h"

namespace signtrail {

Result<int64_t> InsertBatchRow(SqliteDatabase& database, const BatchHeader& header) {
  Result<SqliteStatement> insert = database.Prepare(R"sql(
      INSERT INTO batches (kind, source, format, file_name, file_sha256, committed_at,
                           effective_time, rows_read)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql");
  if (!insert.ok()) return insert.status();

  insert->Bind(1, header.kind)
      .Bind(2, header.source)
      .Bind(3, header.format)
      .Bind(4, header.file_name)
      .Bind(5, header.file_sha256)
      .Bind(6, header.committed_at)
      .Bind(7, header.effective_time)
      .Bind(8, header.rows_read);
  Status inserted = insert->Run();
  if (!inserted.ok()) return inserted;
  return database.LastInsertId();
}

Status UpdateBatchTotals(SqliteDatabase& database, int64_t batch_id, const BatchTotals& totals) {
  Result<SqliteStatement> update = database.Prepare(R"sql(
      UPDATE batches
      SET added = ?2, duplicate = ?3, updated = ?4, rejected = ?5, min_time = ?6, max_time = ?7,
          sign_in_types = ?8, warnings = ?9
      WHERE id = ?1)sql");
  if (!update.ok()) return update.status();

  update->Bind(1, batch_id)
      .Bind(2, totals.added)
      .Bind(3, totals.duplicate)
      .Bind(4, totals.updated)
      .Bind(5, totals.rejected)
      .Bind(6, totals.min_time)
      .Bind(7, totals.max_time)
      .Bind(8, ToJsonStringArray(totals.sign_in_types))
      .Bind(9, ToJsonStringArray(totals.warnings));
  return update->Run();
}

Status UpdateBatchFile(SqliteDatabase& database, int64_t batch_id, std::string_view file_sha256,
                       int64_t rows_read) {
  Result<SqliteStatement> update = database.Prepare(
      "UPDATE batches SET file_sha256 = ?2, rows_read = ?3 WHERE id = ?1");
  if (!update.ok()) return update.status();
  update->Bind(1, batch_id).Bind(2, file_sha256).Bind(3, rows_read);
  return update->Run();
}

Status UpdateBatchCoverage(SqliteDatabase& database, int64_t batch_id,
                           const BatchCoverage& coverage) {
  Result<SqliteStatement> update = database.Prepare(R"sql(
      UPDATE batches
      SET window_start = ?2, window_end = ?3, window_basis = ?4, row_cap_reached = ?5,
          doubtful_reasons = ?6
      WHERE id = ?1)sql");
  if (!update.ok()) return update.status();

  const bool has_window = coverage.window_start.has_value() && coverage.window_end.has_value();
  update->Bind(1, batch_id)
      .Bind(2, has_window ? coverage.window_start : std::nullopt)
      .Bind(3, has_window ? coverage.window_end : std::nullopt)
      .Bind(5, int64_t{coverage.row_cap_reached ? 1 : 0})
      .Bind(6, ToJsonStringArray(coverage.doubtful_reasons));
  if (has_window) {
    update->Bind(4, WindowBasisName(coverage.window_basis));
  } else {
    update->BindNull(4);
  }
  return update->Run();
}

Status InsertRejects(SqliteDatabase& database, int64_t batch_id,
                     const std::vector<RejectedRecord>& rejects) {
  if (rejects.empty()) return Status::Ok();
  Result<SqliteStatement> insert = database.Prepare(R"sql(
      INSERT INTO rejects (batch_id, line, byte_offset, reason, raw)
      VALUES (?1, ?2, ?3, ?4, ?5))sql");
  if (!insert.ok()) return insert.status();

  for (const RejectedRecord& reject : rejects) {
    insert->Bind(1, batch_id)
        .Bind(2, reject.line)
        .Bind(3, reject.offset)
        .Bind(4, reject.reason)
        .BindBlob(5, reject.raw);
    Status inserted = insert->Run();
    if (!inserted.ok()) return inserted;
  }
  return Status::Ok();
}

Result<std::optional<int64_t>> FindBatchOfSameFile(SqliteDatabase& database, std::string_view kind,
                                                   std::string_view source,
                                                   std::string_view file_sha256) {
  Result<SqliteStatement> select = database.Prepare(R"sql(
      SELECT min(id) FROM batches WHERE source = ?1 AND file_sha256 = ?2 AND kind = ?3)sql");
  if (!select.ok()) return select.status();

  select->Bind(1, source).Bind(2, file_sha256).Bind(3, kind);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return select->OptionalInt(0);
}

}  // namespace signtrail
