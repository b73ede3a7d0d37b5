#include "store/ledger_nodes.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

namespace signtrail {

Result<ledger::Hash> SqliteNodeSource::PerfectNode(int level, uint64_t index) {
  std::optional<SqliteStatement>& statement = level == 0 ? select_leaf_ : select_node_;
  if (!statement.has_value()) {
    Result<SqliteStatement> prepared =
        level == 0
            ? database_->Prepare("SELECT leaf_hash FROM ledger_leaves WHERE idx = ?1")
            : database_->Prepare("SELECT hash FROM ledger_nodes WHERE level = ?2 AND idx = ?1");
    if (!prepared.ok()) return prepared.status();
    statement.emplace(std::move(*prepared));
  }

  statement->Bind(1, static_cast<int64_t>(index));
  if (level != 0) statement->Bind(2, int64_t{level});
  Result<bool> row = statement->Step();
  if (!row.ok() || !*row) {
    statement->Reset();
    if (!row.ok()) return row.status();
    return Status::StoreError(fmt::format(
        "{}: ledger node at level {}, index {} is missing from {}; the store is damaged: run "
        "signtrail verify",
        database_->path(), level, index, level == 0 ? "ledger_leaves" : "ledger_nodes"));
  }
  const std::string blob = statement->Blob(0);
  statement->Reset();
  return HashFromBlob(*database_, blob,
                      fmt::format("ledger node at level {}, index {}", level, index));
}

Result<uint64_t> ReadLedgerSize(SqliteDatabase& database) {
  Result<int64_t> size = database.QueryInt("SELECT coalesce(max(idx) + 1, 0) FROM ledger_leaves");
  if (!size.ok()) return size.status();
  return static_cast<uint64_t>(*size);
}

Result<ledger::Hash> HashFromBlob(const SqliteDatabase& database, std::string_view blob,
                                  std::string_view what) {
  ledger::Hash hash{};
  if (blob.size() != hash.size()) {
    return Status::StoreError(
        fmt::format("{}: {} is {} bytes, expected {}; the store is damaged: run signtrail verify",
                    database.path(), what, blob.size(), hash.size()));
  }
  std::copy(blob.begin(), blob.end(), hash.begin());
  return hash;
}

}  // namespace signtrail
