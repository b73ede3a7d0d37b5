#ifndef SIGNTRAIL_STORE_VERIFY_CHECKPOINTS_H_
#define SIGNTRAIL_STORE_VERIFY_CHECKPOINTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/hash.h"
#include "model/status.h"
#include "store/ledger_types.h"
#include "store/sqlite_database.h"
#include "store/verify_findings.h"

namespace signtrail {

// The tree size and root that a checkpoint with a valid signature claims.
struct CheckpointClaim {
  bool trusted = false;  // kept outside the store
  std::string label;     // "checkpoint 7" or "trusted checkpoint FILE", for messages
  uint64_t size = 0;
  ledger::Hash root{};
};

// The tree rebuilt from the re-derived entries, at the sizes the claims
// name.
struct RecomputedTree {
  uint64_t size = 0;  // leaves in the store: one more than the highest leaf index
  std::map<uint64_t, ledger::Hash> roots;  // only sizes the rebuild reached
  // The first leaf without a re-derived hash (its row is gone or does not
  // encode): the tree cannot be rebuilt past it.
  std::optional<uint64_t> unavailable_from;
  // The first leaf whose re-derived hash is missing or differs from the
  // stored one: every root above it differs from the committed one.
  std::optional<uint64_t> first_divergence;
};

// The store's log identity from ledger_meta. nullopt, with a
// checkpoint-signature-invalid finding, when the row is missing or its key
// does not parse: no signature can be checked then.
Result<std::optional<LedgerIdentity>> ReadLedgerIdentity(SqliteDatabase& database,
                                                         FindingCollector& findings);

// Checks every stored checkpoint: its signature with the store's key, its
// body, that the columns tree_size and root repeat the body, the origin, and
// that sizes never shrink from one checkpoint to the next. Returns the
// claims of the checkpoints whose signature verified; *count receives the
// number of stored checkpoints and *latest_size the tree_size of the newest.
Result<std::vector<CheckpointClaim>> OpenStoredCheckpoints(
    SqliteDatabase& database, const std::optional<LedgerIdentity>& identity,
    FindingCollector& findings, uint64_t* count, std::optional<uint64_t>* latest_size);

// Checks each trusted checkpoint's signature with the store's key (a
// replaced key shows here, with both key ids) and origin. Returns the claims
// of those that pass.
std::vector<CheckpointClaim> OpenTrustedCheckpoints(const std::vector<TrustedCheckpoint>& trusted,
                                                    const std::optional<LedgerIdentity>& identity,
                                                    FindingCollector& findings);

// Compares each claim with the recomputed tree. A size beyond the store, a
// size the tree could not be rebuilt to, or another root is a finding:
// checkpoints-inconsistent for a stored checkpoint, and
// store-shorter-than-trusted or trusted-checkpoint-mismatch for a trusted one.
void CompareClaims(const std::vector<CheckpointClaim>& claims, const RecomputedTree& tree,
                   FindingCollector& findings);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_VERIFY_CHECKPOINTS_H_
