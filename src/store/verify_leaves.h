#ifndef SIGNTRAIL_STORE_VERIFY_LEAVES_H_
#define SIGNTRAIL_STORE_VERIFY_LEAVES_H_

#include <cstdint>
#include <set>

#include "model/status.h"
#include "store/sqlite_database.h"
#include "store/verify_checkpoints.h"
#include "store/verify_findings.h"

namespace signtrail {

// Walks ledger_leaves in index order. For each leaf it re-derives the entry
// from its row, compares the leaf hash with the stored one, and checks the
// raw record of events and directory versions. It also builds two trees.
// Every completed node of the tree of stored leaf hashes is compared with
// ledger_nodes. The roots of the tree of re-derived hashes at
// `claimed_sizes` go into *tree, and the number of event leaves whose events
// row exists into *event_rows_found. Those rows are distinct, because
// ledger_leaves keeps (entry_type, row_id) unique.
Status VerifyLeaves(SqliteDatabase& database, const std::set<uint64_t>& claimed_sizes,
                    FindingCollector& findings, RecomputedTree* tree,
                    uint64_t* event_rows_found);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_VERIFY_LEAVES_H_
