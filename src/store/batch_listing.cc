#include "store/batch_listing.h"

#include <fmt/format.h>

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

Result<WindowBasis> ParseWindowBasis(const std::string& name, int64_t batch_id) {
  for (WindowBasis basis : {WindowBasis::kDeclared, WindowBasis::kFileName, WindowBasis::kQueryRule,
                            WindowBasis::kInferred}) {
    if (WindowBasisName(basis) == name) return basis;
  }
  return Status::StoreError(fmt::format(
      "batch {}: window_basis '{}' is not declared, file-name, query-rule or inferred; the store "
      "is damaged: run signtrail verify",
      batch_id, name));
}

// Reads columns 15 to 19: the window, its basis, the row cap flag and the
// doubtful reasons. A window needs both ends; a half-stored one is dropped.
Status ReadCoverage(const SqliteStatement& row, BatchInfo& batch) {
  const std::optional<Instant> start = OptionalInstant(row, 15);
  const std::optional<Instant> end = OptionalInstant(row, 16);
  if (start.has_value() && end.has_value()) {
    batch.window_start = start;
    batch.window_end = end;
  }
  if (!row.IsNull(17)) {
    Result<WindowBasis> basis = ParseWindowBasis(row.Text(17), batch.batch_id);
    if (!basis.ok()) return basis.status();
    batch.window_basis = *basis;
  }
  batch.row_cap_reached = row.Int(18) != 0;
  Result<std::vector<std::string>> reasons = ParseJsonStringArray(row.Text(19), "doubtful_reasons");
  if (!reasons.ok()) return reasons.status();
  batch.doubtful_reasons = std::move(*reasons);
  return Status::Ok();
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

  Status coverage = ReadCoverage(row, batch);
  if (!coverage.ok()) return coverage;
  return batch;
}

}  // namespace

Result<std::vector<BatchInfo>> ListSignInBatches(SqliteDatabase& database) {
  Result<SqliteStatement> select = database.Prepare(R"sql(
      SELECT id, source, format, file_name, file_sha256, committed_at, rows_read, added,
             duplicate, updated, rejected, min_time, max_time, sign_in_types, warnings,
             window_start, window_end, window_basis, row_cap_reached, doubtful_reasons
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
