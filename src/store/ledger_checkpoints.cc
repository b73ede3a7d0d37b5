#include "store/ledger_checkpoints.h"

#include <fmt/format.h>

#include <utility>

#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "store/ledger_nodes.h"

namespace signtrail {
namespace {

constexpr const char* kSelectCheckpoints =
    "SELECT id, tree_size, root, signed_note, signed_at FROM checkpoints";

Result<StoredCheckpoint> ReadCheckpointRow(SqliteDatabase& database, const SqliteStatement& row) {
  StoredCheckpoint checkpoint;
  checkpoint.id = row.Int(0);
  checkpoint.tree_size = static_cast<uint64_t>(row.Int(1));
  Result<ledger::Hash> root =
      HashFromBlob(database, row.Blob(2), fmt::format("the root of checkpoint {}", checkpoint.id));
  if (!root.ok()) return root.status();
  checkpoint.root = *root;
  checkpoint.signed_note = row.Text(3);
  checkpoint.signed_at = Instant::FromMicros(row.Int(4));
  return checkpoint;
}

Result<std::vector<StoredCheckpoint>> SelectCheckpoints(SqliteDatabase& database,
                                                        std::string_view order_and_limit) {
  Result<SqliteStatement> select =
      database.Prepare(fmt::format("{} {}", kSelectCheckpoints, order_and_limit));
  if (!select.ok()) return select.status();
  std::vector<StoredCheckpoint> checkpoints;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return checkpoints;
    Result<StoredCheckpoint> checkpoint = ReadCheckpointRow(database, *select);
    if (!checkpoint.ok()) return checkpoint.status();
    checkpoints.push_back(std::move(*checkpoint));
  }
}

// The tree must extend the latest checkpoint: same root at its size.
Status CheckExtendsCheckpoint(SqliteDatabase& database, const StoredCheckpoint& latest,
                              uint64_t size, const ledger::Hash& root) {
  if (latest.tree_size > size) {
    return Status::StoreError(fmt::format(
        "{}: the ledger has {} entries but its latest checkpoint (id {}) covers {}; entries are "
        "missing, so no new checkpoint is signed: run signtrail verify",
        database.path(), size, latest.id, latest.tree_size));
  }

  ledger::Hash root_at_latest = root;
  if (latest.tree_size < size) {
    SqliteNodeSource nodes(database);
    Result<ledger::Hash> computed = ledger::RootAt(nodes, latest.tree_size);
    if (!computed.ok()) return computed.status();
    root_at_latest = *computed;
  }
  if (root_at_latest == latest.root) return Status::Ok();
  return Status::StoreError(fmt::format(
      "{}: the ledger's root at size {} is {} but checkpoint {} of that size signed {}; signing "
      "a new checkpoint would contradict it, so none is signed: run signtrail verify",
      database.path(), latest.tree_size, ledger::ToBase64(root_at_latest), latest.id,
      ledger::ToBase64(latest.root)));
}

}  // namespace

Result<std::vector<StoredCheckpoint>> ListStoredCheckpoints(SqliteDatabase& database) {
  return SelectCheckpoints(database, "ORDER BY id");
}

Result<std::optional<StoredCheckpoint>> ReadLatestCheckpoint(SqliteDatabase& database) {
  Result<std::vector<StoredCheckpoint>> latest =
      SelectCheckpoints(database, "ORDER BY id DESC LIMIT 1");
  if (!latest.ok()) return latest.status();
  if (latest->empty()) return std::optional<StoredCheckpoint>();
  return std::optional<StoredCheckpoint>(std::move(latest->front()));
}

Result<StoredCheckpoint> SignCheckpointIfGrown(SqliteDatabase& database,
                                               const LedgerSigning& signing, uint64_t size,
                                               const ledger::Hash& root, Instant signed_at) {
  Result<std::optional<StoredCheckpoint>> latest = ReadLatestCheckpoint(database);
  if (!latest.ok()) return latest.status();
  if (latest->has_value()) {
    Status extends = CheckExtendsCheckpoint(database, **latest, size, root);
    if (!extends.ok()) return extends;
    if ((*latest)->tree_size == size) return std::move(**latest);
  }

  const ledger::Checkpoint body{signing.origin, size, root};
  Result<std::string> note = ledger::SignNote(ledger::FormatCheckpointBody(body), signing.signer);
  if (!note.ok()) return note.status();

  Result<SqliteStatement> insert = database.Prepare(R"sql(
      INSERT INTO checkpoints (tree_size, root, signed_note, signed_at)
      VALUES (?1, ?2, ?3, ?4))sql");
  if (!insert.ok()) return insert.status();
  const std::string_view root_bytes(reinterpret_cast<const char*>(root.data()), root.size());
  insert->Bind(1, static_cast<int64_t>(size))
      .BindBlob(2, root_bytes)
      .Bind(3, *note)
      .Bind(4, signed_at);
  Status inserted = insert->Run();
  if (!inserted.ok()) return inserted;

  StoredCheckpoint checkpoint;
  checkpoint.id = database.LastInsertId();
  checkpoint.tree_size = size;
  checkpoint.root = root;
  checkpoint.signed_note = std::move(*note);
  checkpoint.signed_at = signed_at;
  return checkpoint;
}

}  // namespace signtrail
