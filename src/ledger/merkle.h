#ifndef SIGNTRAIL_LEDGER_MERKLE_H_
#define SIGNTRAIL_LEDGER_MERKLE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ledger/hash.h"
#include "model/status.h"

namespace signtrail::ledger {

// Node addressing: the perfect subtree at (level, index) covers the leaves
// [index * 2^level, (index + 1) * 2^level). Level 0 nodes are leaf hashes.
// Indices and sizes are 0-based and ranges half-open, as in RFC 9162.

// Reads stored perfect-subtree hashes. The store implements it over its node
// table; tests implement it over a vector of leaves.
class NodeSource {
 public:
  virtual ~NodeSource() = default;
  // The hash of the perfect subtree at (level, index). Callers only ask for
  // subtrees that lie wholly inside the tree.
  virtual Result<Hash> PerfectNode(int level, uint64_t index) = 0;
};

// The right edge of a tree: the roots of the perfect subtrees that the
// binary decomposition of its size gives, largest first. Appending a leaf
// costs O(1) hashes amortised and reports every perfect subtree it
// completes, so the caller can store it.
class CompactRange {
 public:
  using NodeCallback = std::function<void(int level, uint64_t index, const Hash& hash)>;

  CompactRange() = default;

  // Rebuilds the range of a tree of `size` leaves from stored nodes
  // (O(log size) reads).
  static Result<CompactRange> Load(NodeSource& source, uint64_t size);

  // Appends one leaf hash. `on_node` (may be empty) receives the leaf itself
  // (level 0) and each perfect subtree the append completes.
  void Append(const Hash& leaf_hash, const NodeCallback& on_node);

  uint64_t size() const { return size_; }

  // The RFC 6962 root of the tree: the range hashed right to left.
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  std::vector<Hash> hashes_;  // perfect subtree roots, largest (leftmost) first
};

// The root of the tree's first `size` leaves. Requires size <= tree size.
Result<Hash> RootAt(NodeSource& source, uint64_t size);

// RFC 9162 section 2.1.3.1 inclusion proof of leaf `index` in the tree of
// `size` leaves. Requires index < size. O(log size) node reads.
Result<std::vector<Hash>> InclusionProof(NodeSource& source, uint64_t index, uint64_t size);

// RFC 9162 section 2.1.4.1 consistency proof from size1 to size2. Requires
// 0 <= size1 <= size2; the proof is empty when size1 is 0 or equals size2.
Result<std::vector<Hash>> ConsistencyProof(NodeSource& source, uint64_t size1, uint64_t size2);

// Why a proof did not verify. Messages carry the numbers, e.g.
// "index 4 not in tree of size 4".
enum class ProofError {
  kIndexOutOfRange,
  kSizeOrder,       // size1 > size2
  kWrongProofSize,  // too few or too many hashes
  kRootMismatch,    // the computed root differs from the expected one
  kNonEmptyProof,   // a proof that must be empty (size1 == 0 or size1 == size2) is not
};

struct ProofFailure {
  ProofError error;
  std::string message;
};

// RFC 9162 section 2.1.3.2. Returns nullopt when the proof is valid.
std::optional<ProofFailure> VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                                            const std::vector<Hash>& proof, const Hash& root);

// RFC 9162 section 2.1.4.2, with the C2SP rule that a proof from size 0 is
// empty and that a size-0 root must be the empty-tree hash. Returns nullopt
// when the proof is valid.
std::optional<ProofFailure> VerifyConsistency(uint64_t size1, uint64_t size2,
                                              const std::vector<Hash>& proof, const Hash& root1,
                                              const Hash& root2);

}  // namespace signtrail::ledger

#endif  // SIGNTRAIL_LEDGER_MERKLE_H_
