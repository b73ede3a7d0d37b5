#include "store/batch_listing.h"

#include <optional>

#include "store/batch_rows.h"
#include "store/json_text.h"

namespace signtrail {
namespace {

std::optional<Instant> OptionalInstant(const SqliteStatement& row, int column) {
  std::optional<int64_t> micros = row.OptionalInt(column);
  if (!micros.has_value()) return std::nullopt;
  return Instant::FromMicros(*micros);
}

Result<BatchInfo> ReadBatch(const SqliteStatement& row) {
  BatchInfo batch;
  batch.batch_id = row.Int(0);
  batch.source = row.Text(1);
  batch.format = row.Text(2);
  batch.file_name = row.Text(3);
  batch.file_sha256 = row.Text(4);
  batch.committed_at = Instant::FromMicros(row.Int(5));
  batch.rows_read = row.Int(6);
  batch.added = row.Int(7);
  batch.duplicate = row.Int(8);
  batch.updated = row.Int(9);
  batch.rejected = row.Int(10);
  batch.min_time = OptionalInstant(row, 11);
  batch.max_time = OptionalInstant(row, 12);

  Result<std::vector<std::string>> types = ParseJsonStringArray(row.Text(13), "sign_in_types");
  if (!types.ok()) return types.status();
  batch.sign_in_types = std::move(*types);
  Result<std::vector<std::string>> warnings = ParseJsonStringArray(row.Text(14), "warnings");
  if (!warnings.ok()) return warnings.status();
  batch.warnings = std::move(*warnings);
  return batch;
}

}  // namespace

Result<std::vector<BatchInfo>> ListSignInBatches(SqliteDatabase& database) {
  Result<SqliteStatement> select = database.Prepare(R"sql(
      SELECT id, source, format, file_name, file_sha256, committed_at, rows_read, added,
             duplicate, updated, rejected, min_time, max_time, sign_in_types, warnings
      FROM batches WHERE kind = ?1 ORDER BY id)sql");
  if (!select.ok()) return select.status();
  select->Bind(1, kSignInBatchKind);

  std::vector<BatchInfo> batches;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return batches;
    Result<BatchInfo> batch = ReadBatch(*select);
    if (!batch.ok()) return batch.status();
    batches.push_back(std::move(*batch));
  }
}

}  // namespace signtrail
