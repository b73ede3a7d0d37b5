#include "store/ledger_appender.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ledger/hash.h"
#include "ledger/merkle.h"
#include "store/ledger_entries.h"
#include "store/ledger_nodes.h"

namespace signtrail {
namespace {

std::string_view HashBytes(const ledger::Hash& hash) {
  return std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size());
}

// Writes leaves and the interior nodes their appends complete.
class LeafWriter {
 public:
  static Result<LeafWriter> Prepare(SqliteDatabase& database) {
    Result<SqliteStatement> insert_leaf = database.Prepare(R"sql(
        INSERT INTO ledger_leaves (idx, entry_type, row_id, leaf_hash)
        VALUES (?1, ?2, ?3, ?4))sql");
    if (!insert_leaf.ok()) return insert_leaf.status();
    Result<SqliteStatement> insert_node = database.Prepare(R"sql(
        INSERT INTO ledger_nodes (level, idx, hash) VALUES (?1, ?2, ?3))sql");
    if (!insert_node.ok()) return insert_node.status();
    return LeafWriter(std::move(*insert_leaf), std::move(*insert_node));
  }

  Status Append(const EntryRow& row, const ledger::Hash& leaf_hash, ledger::CompactRange& range) {
    insert_leaf_.Bind(1, static_cast<int64_t>(range.size()))
        .Bind(2, row.entry_type)
        .Bind(3, row.row_id)
        .BindBlob(4, HashBytes(leaf_hash));
    Status written = insert_leaf_.Run();
    if (!written.ok()) return written;

    // Level 0 is the leaf itself, already stored in ledger_leaves.
    range.Append(leaf_hash, [&](int level, uint64_t index, const ledger::Hash& hash) {
      if (level == 0 || !written.ok()) return;
      insert_node_.Bind(1, int64_t{level})
          .Bind(2, static_cast<int64_t>(index))
          .BindBlob(3, HashBytes(hash));
      written = insert_node_.Run();
    });
    return written;
  }

 private:
  LeafWriter(SqliteStatement insert_leaf, SqliteStatement insert_node)
      : insert_leaf_(std::move(insert_leaf)), insert_node_(std::move(insert_node)) {}

  SqliteStatement insert_leaf_;
  SqliteStatement insert_node_;
};

// Visits entry rows in append order; see AppendToLedger.
using EntryRowScan = std::function<Status(const std::function<Status(const EntryRow&)>&)>;

// Appends one leaf per row that `scan` visits, each entry derived from its
// row, then signs a checkpoint of the grown tree.
Result<StoredCheckpoint> AppendToLedger(SqliteDatabase& database, const EntryRowScan& scan,
                                        const LedgerSigning& signing, Instant signed_at) {
  Result<std::unique_ptr<LedgerAppender>> appender = LedgerAppender::Start(database);
  if (!appender.ok()) return appender.status();
  Status appended = scan([&](const EntryRow& row) { return (*appender)->AppendDerived(row); });
  if (!appended.ok()) return appended;
  return (*appender)->Finish(signing, signed_at);
}

}  // namespace

struct LedgerAppender::State {
  SqliteDatabase& database;
  ledger::CompactRange range;
  EntryDeriver deriver;
  LeafWriter writer;
};

Result<std::unique_ptr<LedgerAppender>> LedgerAppender::Start(SqliteDatabase& database) {
  // The right edge of the stored tree.
  Result<uint64_t> size = ReadLedgerSize(database);
  if (!size.ok()) return size.status();
  SqliteNodeSource nodes(database);
  Result<ledger::CompactRange> range = ledger::CompactRange::Load(nodes, *size);
  if (!range.ok()) return range.status();

  Result<EntryDeriver> deriver = EntryDeriver::Prepare(database);
  if (!deriver.ok()) return deriver.status();
  Result<LeafWriter> writer = LeafWriter::Prepare(database);
  if (!writer.ok()) return writer.status();
  return std::unique_ptr<LedgerAppender>(new LedgerAppender(std::make_unique<State>(
      State{database, std::move(*range), std::move(*deriver), std::move(*writer)})));
}

LedgerAppender::LedgerAppender(std::unique_ptr<State> state) : state_(std::move(state)) {}

LedgerAppender::~LedgerAppender() = default;

Status LedgerAppender::Append(const EntryRow& row, std::string_view entry) {
  return state_->writer.Append(row, ledger::HashLeaf(entry), state_->range);
}

Status LedgerAppender::AppendDerived(const EntryRow& row) {
  Result<std::string> entry = state_->deriver.Derive(row.entry_type, row.row_id);
  if (!entry.ok()) return entry.status();
  return Append(row, *entry);
}

Result<StoredCheckpoint> LedgerAppender::Finish(const LedgerSigning& signing, Instant signed_at) {
  return SignCheckpointIfGrown(state_->database, signing, state_->range.size(),
                               state_->range.Root(), signed_at);
}

Result<StoredCheckpoint> AppendBatchToLedger(SqliteDatabase& database, int64_t batch_id,
                                             const LedgerSigning& signing, Instant signed_at) {
  const EntryRowScan scan = [&](const std::function<Status(const EntryRow&)>& visit) {
    return ScanBatchEntryRows(database, batch_id, visit);
  };
  return AppendToLedger(database, scan, signing, signed_at);
}

Result<StoredCheckpoint> AppendRowsToLedger(SqliteDatabase& database,
                                            const std::vector<EntryRow>& rows,
                                            const LedgerSigning& signing, Instant signed_at) {
  const EntryRowScan scan = [&](const std::function<Status(const EntryRow&)>& visit) {
    for (const EntryRow& row : rows) {
      Status visited = visit(row);
      if (!visited.ok()) return visited;
    }
    return Status::Ok();
  };
  return AppendToLedger(database, scan, signing, signed_at);
}

}  // namespace signtrail
