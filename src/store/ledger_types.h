#ifndef SIGNTRAIL_STORE_LEDGER_TYPES_H_
#define SIGNTRAIL_STORE_LEDGER_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/hash.h"
#include "ledger/note.h"
#include "model/instant.h"

namespace signtrail {

// The log identity kept in the store: its origin line and public key. The
// private key lives in a separate file, never in the store.
struct LedgerIdentity {
  std::string origin;
  ledger::VerifierKey verifier;
};

// A signed checkpoint as stored: one per committed batch, never deleted.
struct StoredCheckpoint {
  int64_t id = 0;
  uint64_t tree_size = 0;
  ledger::Hash root{};
  std::string signed_note;  // byte for byte as signed
  Instant signed_at;
};

// What `verify` found wrong. One finding names the first failing index of
// its kind; docs/formats/verify-report.md lists the kinds.
enum class FindingKind {
  kEntryChanged,            // a row's re-derived entry no longer hashes to its leaf
  kEntryMissing,            // a leaf's row is gone
  kEntriesReordered,        // leaves' rows are in another order than committed
  kExtraEntry,              // a row that no leaf covers
  kRawRecordChanged,        // stored raw bytes no longer match their SHA-256
  kDerivedDataDiffers,      // sessions or directory validity differ from a recomputation
  kTreeDamaged,             // a stored interior hash differs from the recomputed one
  kCheckpointSignatureInvalid,
  kCheckpointsInconsistent, // a checkpoint's root is not the tree's root at its size
  kStoreShorterThanTrusted, // a trusted checkpoint covers more entries than the store
  kTrustedCheckpointMismatch,  // the store's tree at a trusted size has another root
};

std::string_view FindingKindName(FindingKind kind);  // "entry-changed", ...

struct VerifyFinding {
  FindingKind kind;
  std::optional<uint64_t> index;  // the first failing leaf index, when one applies
  std::string message;            // names the table, row, values and what to do
};

// A checkpoint kept outside the store, as `verify --trusted-checkpoint` reads
// it.
struct TrustedCheckpoint {
  std::string name;         // where it came from (a file path), for messages
  std::string signed_note;  // the signed checkpoint text, byte for byte
};

struct VerifyReport {
  uint64_t entries = 0;      // leaves checked
  uint64_t checkpoints = 0;  // stored checkpoints checked
  uint64_t trusted_checkpoints = 0;
  std::vector<VerifyFinding> findings;  // empty when everything passed

  bool ok() const { return findings.empty(); }
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_LEDGER_TYPES_H_
