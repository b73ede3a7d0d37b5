#include "ledger/merkle.h"

#include <algorithm>
#include <bit>

namespace signtrail::ledger {
namespace {

int LevelOf(uint64_t power_of_two) { return std::countr_zero(power_of_two); }

// The largest power of two smaller than `count`, where the RFC 6962 tree of
// `count` leaves splits into its left and right subtrees. Requires count >= 2.
uint64_t SplitPoint(uint64_t count) { return std::bit_floor(count - 1); }

// Reads the perfect subtrees that the binary decomposition of `count` gives
// for the leaves [begin, begin + count), largest (leftmost) first. Requires
// begin to be a multiple of the largest of them, so each is a stored node.
Result<std::vector<Hash>> ReadDecomposition(NodeSource& source, uint64_t begin, uint64_t count) {
  std::vector<Hash> hashes;
  for (int level = 63; level >= 0; --level) {
    const uint64_t width = uint64_t{1} << level;
    if ((count & width) == 0) continue;
    Result<Hash> node = source.PerfectNode(level, begin >> level);
    if (!node.ok()) return node.status();
    hashes.push_back(*node);
    begin += width;
  }
  return hashes;
}

// Folds perfect subtree roots, largest first, into the RFC 6962 hash of the
// leaves they cover: the rightmost two are joined first.
Hash FoldRightToLeft(const std::vector<Hash>& hashes) {
  Hash root = hashes.back();
  for (size_t i = hashes.size() - 1; i-- > 0;) root = HashChildren(hashes[i], root);
  return root;
}

// The RFC 6962 hash of the subtree over the leaves [begin, begin + count).
// Requires count >= 1 and begin to be a multiple of the smallest power of two
// >= count, which holds for every subtree the RFC's recursion visits. A
// perfect subtree costs one read. A subtree on the right border of the tree
// is composed from the perfect subtrees of its decomposition.
Result<Hash> SubtreeHash(NodeSource& source, uint64_t begin, uint64_t count) {
  if (std::has_single_bit(count)) return source.PerfectNode(LevelOf(count), begin / count);
  Result<std::vector<Hash>> pieces = ReadDecomposition(source, begin, count);
  if (!pieces.ok()) return pieces.status();
  return FoldRightToLeft(*pieces);
}

ProofFailure Failure(ProofError error, std::string message) { return {error, std::move(message)}; }

// Walks the RFC 9162 section 2.1.3.2 / 2.1.4.2 path from node `fn` up to the
// root, where `sn` is the last node of fn's level, and calls
// `step(hash_on_left)` once per proof hash: true when that hash is the left
// child at its step. Returns the number of proof hashes the path needs.
template <typename Step>
size_t WalkPath(uint64_t fn, uint64_t sn, Step step) {
  size_t steps = 0;
  while (sn != 0) {
    if ((fn & 1) != 0 || fn == sn) {
      step(/*hash_on_left=*/true);
      // On the right border (fn == sn), levels where fn has no sibling
      // take no proof hash.
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      step(/*hash_on_left=*/false);
    }
    fn >>= 1;
    sn >>= 1;
    ++steps;
  }
  return steps;
}

size_t PathLength(uint64_t fn, uint64_t sn) {
  return WalkPath(fn, sn, [](bool) {});
}

}  // namespace

Result<CompactRange> CompactRange::Load(NodeSource& source, uint64_t size) {
  CompactRange range;
  Result<std::vector<Hash>> hashes = ReadDecomposition(source, 0, size);
  if (!hashes.ok()) return hashes.status();
  range.hashes_ = std::move(*hashes);
  range.size_ = size;
  return range;
}

void CompactRange::Append(const Hash& leaf_hash, const NodeCallback& on_node) {
  if (on_node) on_node(0, size_, leaf_hash);

  // Each trailing 1 bit of the old size is a perfect subtree of that level
  // that the new leaf's subtree now completes into one twice as large.
  Hash hash = leaf_hash;
  uint64_t index = size_;
  int level = 0;
  while ((index & 1) != 0) {
    hash = HashChildren(hashes_.back(), hash);
    hashes_.pop_back();
    index >>= 1;
    ++level;
    if (on_node) on_node(level, index, hash);
  }
  hashes_.push_back(hash);
  ++size_;
}

Hash CompactRange::Root() const {
  if (hashes_.empty()) return EmptyRoot();
  return FoldRightToLeft(hashes_);
}

Result<Hash> RootAt(NodeSource& source, uint64_t size) {
  if (size == 0) return EmptyRoot();
  return SubtreeHash(source, 0, size);
}

Result<std::vector<Hash>> InclusionProof(NodeSource& source, uint64_t index, uint64_t size) {
  if (index >= size) {
    return Status::InvalidArgument("cannot prove inclusion of index " + std::to_string(index) +
                                   " in a tree of size " + std::to_string(size) +
                                   ": the index must be below the size");
  }

  // RFC 9162 section 2.1.3.1 PATH, unrolled from the root down: at each
  // split, the sibling of the subtree holding the leaf joins the proof. Only
  // the first right sibling can be a non-perfect subtree. Below it every
  // subtree is perfect, so the proof costs O(log size) reads.
  std::vector<Hash> top_down;
  uint64_t begin = 0;
  uint64_t count = size;
  uint64_t leaf = index;
  while (count > 1) {
    const uint64_t split = SplitPoint(count);
    if (leaf < split) {
      Result<Hash> right = SubtreeHash(source, begin + split, count - split);
      if (!right.ok()) return right.status();
      top_down.push_back(*right);
      count = split;
    } else {
      Result<Hash> left = source.PerfectNode(LevelOf(split), begin / split);
      if (!left.ok()) return left.status();
      top_down.push_back(*left);
      begin += split;
      leaf -= split;
      count -= split;
    }
  }
  std::reverse(top_down.begin(), top_down.end());
  return top_down;
}

Result<std::vector<Hash>> ConsistencyProof(NodeSource& source, uint64_t size1, uint64_t size2) {
  if (size1 > size2) {
    return Status::InvalidArgument("cannot prove consistency from size " + std::to_string(size1) +
                                   " to the smaller size " + std::to_string(size2));
  }
  if (size1 == 0 || size1 == size2) return std::vector<Hash>();

  // RFC 9162 section 2.1.4.1 SUBPROOF, unrolled from the root down.
  // `old_is_whole_tree` is the RFC's flag b: it stays true while the old tree
  // is a prefix ending on a left border, where the verifier knows its root.
  std::vector<Hash> top_down;
  uint64_t begin = 0;
  uint64_t count = size2;
  uint64_t old_count = size1;
  bool old_is_whole_tree = true;
  while (old_count != count) {
    const uint64_t split = SplitPoint(count);
    if (old_count <= split) {
      Result<Hash> right = SubtreeHash(source, begin + split, count - split);
      if (!right.ok()) return right.status();
      top_down.push_back(*right);
      count = split;
    } else {
      Result<Hash> left = source.PerfectNode(LevelOf(split), begin / split);
      if (!left.ok()) return left.status();
      top_down.push_back(*left);
      begin += split;
      old_count -= split;
      count -= split;
      old_is_whole_tree = false;
    }
  }
  if (!old_is_whole_tree) {
    Result<Hash> old_subtree = SubtreeHash(source, begin, count);
    if (!old_subtree.ok()) return old_subtree.status();
    top_down.push_back(*old_subtree);
  }
  std::reverse(top_down.begin(), top_down.end());
  return top_down;
}

std::optional<ProofFailure> VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                                            const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) {
    return Failure(ProofError::kIndexOutOfRange,
                   "index " + std::to_string(index) + " not in tree of size " + std::to_string(size));
  }
  const size_t expected = PathLength(index, size - 1);
  if (proof.size() != expected) {
    return Failure(ProofError::kWrongProofSize,
                   "inclusion proof has " + std::to_string(proof.size()) + " hashes, but index " +
                       std::to_string(index) + " in a tree of size " + std::to_string(size) +
                       " needs " + std::to_string(expected));
  }

  Hash computed = leaf_hash;
  size_t next = 0;
  WalkPath(index, size - 1, [&](bool hash_on_left) {
    const Hash& sibling = proof[next++];
    computed = hash_on_left ? HashChildren(sibling, computed) : HashChildren(computed, sibling);
  });
  if (computed != root) {
    return Failure(ProofError::kRootMismatch,
                   "inclusion proof of index " + std::to_string(index) + " gives root " +
                       ToBase64(computed) + ", but the tree of size " + std::to_string(size) +
                       " has root " + ToBase64(root));
  }
  return std::nullopt;
}

std::optional<ProofFailure> VerifyConsistency(uint64_t size1, uint64_t size2,
                                              const std::vector<Hash>& proof, const Hash& root1,
                                              const Hash& root2) {
  const std::string sizes = "from size " + std::to_string(size1) + " to " + std::to_string(size2);
  if (size1 > size2) {
    return Failure(ProofError::kSizeOrder, "cannot prove consistency " + sizes +
                                               ": the old size is larger than the new size");
  }
  if ((size1 == 0 || size1 == size2) && !proof.empty()) {
    return Failure(ProofError::kNonEmptyProof, "a consistency proof " + sizes +
                                                   " must be empty, but it has " +
                                                   std::to_string(proof.size()) + " hashes");
  }

  // The empty tree has exactly one root, and it is a prefix of every tree.
  if (size1 == 0 && root1 != EmptyRoot()) {
    return Failure(ProofError::kRootMismatch, "the root at size 0 is " + ToBase64(root1) +
                                                  ", but the empty tree's root is " +
                                                  ToBase64(EmptyRoot()));
  }
  if (size1 == size2) {
    if (root1 != root2) {
      return Failure(ProofError::kRootMismatch,
                     "two roots for size " + std::to_string(size1) + " differ: " +
                         ToBase64(root1) + " and " + ToBase64(root2));
    }
    return std::nullopt;
  }
  if (size1 == 0) return std::nullopt;

  // RFC 9162 section 2.1.4.2. When size1 is a power of two, the old root is
  // itself the first node of the path and the proof omits it.
  std::vector<Hash> path;
  if (std::has_single_bit(size1)) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());

  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  const size_t expected = 1 + PathLength(fn, sn) - (std::has_single_bit(size1) ? 1 : 0);
  if (proof.size() != expected) {
    return Failure(ProofError::kWrongProofSize, "consistency proof " + sizes + " has " +
                                                    std::to_string(proof.size()) +
                                                    " hashes, but needs " +
                                                    std::to_string(expected));
  }

  Hash old_root = path[0];
  Hash new_root = path[0];
  size_t next = 1;
  WalkPath(fn, sn, [&](bool hash_on_left) {
    const Hash& sibling = path[next++];
    if (hash_on_left) {
      old_root = HashChildren(sibling, old_root);
      new_root = HashChildren(sibling, new_root);
    } else {
      new_root = HashChildren(new_root, sibling);
    }
  });
  if (old_root != root1) {
    return Failure(ProofError::kRootMismatch, "consistency proof " + sizes + " gives root " +
                                                  ToBase64(old_root) + " at size " +
                                                  std::to_string(size1) + ", but the old root is " +
                                                  ToBase64(root1));
  }
  if (new_root != root2) {
    return Failure(ProofError::kRootMismatch, "consistency proof " + sizes + " gives root " +
                                                  ToBase64(new_root) + " at size " +
                                                  std::to_string(size2) + ", but the new root is " +
                                                  ToBase64(root2));
  }
  return std::nullopt;
}

}  // namespace signtrail::ledger
