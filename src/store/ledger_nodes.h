#ifndef SIGNTRAIL_STORE_LEDGER_NODES_H_
#define SIGNTRAIL_STORE_LEDGER_NODES_H_

#include <cstdint>
#include <optional>

#include "ledger/hash.h"
#include "ledger/merkle.h"
#include "model/status.h"
#include "store/sqlite_database.h"

namespace signtrail {

// Perfect subtree hashes read from the store: level 0 (the leaf hashes) from
// ledger_leaves.leaf_hash, higher levels from ledger_nodes. A node that
// should exist but does not, or a hash that is not 32 bytes, is a
// StoreError: the store is damaged. Borrows the connection, which must
// outlive it; reads see the connection's open transaction, if any.
class SqliteNodeSource final : public ledger::NodeSource {
 public:
  explicit SqliteNodeSource(SqliteDatabase& database) : database_(&database) {}

  Result<ledger::Hash> PerfectNode(int level, uint64_t index) override;

 private:
  SqliteDatabase* database_;
  std::optional<SqliteStatement> select_leaf_;
  std::optional<SqliteStatement> select_node_;
};

// The number of leaves: one more than the highest leaf index, 0 when empty.
Result<uint64_t> ReadLedgerSize(SqliteDatabase& database);

// Copies a 32-byte blob into a hash. StoreError naming `what` otherwise.
Result<ledger::Hash> HashFromBlob(const SqliteDatabase& database, std::string_view blob,
                                  std::string_view what);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_LEDGER_NODES_H_
