#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <utility>
#include <vector>

#include "unit/ledger/memory_node_source.h"

namespace signtrail::ledger {
namespace {

using testing::MemoryNodeSource;
using testing::ReferenceTreeEntries;

constexpr uint64_t kMaxExhaustiveSize = 40;

const std::vector<std::string> kReferenceRoots = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

// The RFC 9162 section 2.1 definitions written as literally as possible,
// over a slice [begin, end) of leaf hashes, to check the library against.
class ReferenceTree {
 public:
  explicit ReferenceTree(std::vector<Hash> leaf_hashes) : leaves_(std::move(leaf_hashes)) {}

  Hash Mth(uint64_t begin, uint64_t end) const {
    const uint64_t n = end - begin;
    if (n == 0) return EmptyRoot();
    if (n == 1) return leaves_[begin];
    const uint64_t k = std::bit_floor(n - 1);
    return HashChildren(Mth(begin, begin + k), Mth(begin + k, end));
  }

  std::vector<Hash> Path(uint64_t m, uint64_t begin, uint64_t end) const {
    const uint64_t n = end - begin;
    if (n == 1) return {};
    const uint64_t k = std::bit_floor(n - 1);
    std::vector<Hash> path;
    if (m < k) {
      path = Path(m, begin, begin + k);
      path.push_back(Mth(begin + k, end));
    } else {
      path = Path(m - k, begin + k, end);
      path.push_back(Mth(begin, begin + k));
    }
    return path;
  }

  std::vector<Hash> SubProof(uint64_t m, uint64_t begin, uint64_t end, bool b) const {
    const uint64_t n = end - begin;
    if (m == n) {
      if (b) return {};
      return {Mth(begin, end)};
    }
    const uint64_t k = std::bit_floor(n - 1);
    std::vector<Hash> proof;
    if (m <= k) {
      proof = SubProof(m, begin, begin + k, b);
      proof.push_back(Mth(begin + k, end));
    } else {
      proof = SubProof(m - k, begin + k, end, false);
      proof.push_back(Mth(begin, begin + k));
    }
    return proof;
  }

 private:
  std::vector<Hash> leaves_;
};

std::vector<std::string> NumberedEntries(uint64_t count) {
  std::vector<std::string> entries;
  for (uint64_t i = 0; i < count; ++i) entries.push_back("entry " + std::to_string(i));
  return entries;
}

// A NodeSource for trees too large to hold: each node's hash is derived from
// its position, so proofs are not meaningful, but reads can be counted and
// checked to lie inside the tree.
class PositionNodeSource : public NodeSource {
 public:
  explicit PositionNodeSource(uint64_t size) : size_(size) {}

  Result<Hash> PerfectNode(int level, uint64_t index) override {
    ++reads_;
    const uint64_t end = (index + 1) << level;
    if (end > size_ || (end >> level) != index + 1) {
      return Status::Internal("node outside the tree: level " + std::to_string(level) +
                              " index " + std::to_string(index));
    }
    return Sha256(std::to_string(level) + "/" + std::to_string(index));
  }

  uint64_t reads() const { return reads_; }

 private:
  uint64_t size_;
  uint64_t reads_ = 0;
};

// A NodeSource whose every read fails, as a damaged store would.
class FailingNodeSource : public NodeSource {
 public:
  Result<Hash> PerfectNode(int, uint64_t) override {
    return Status::StoreError("node table is unreadable");
  }
};

TEST(CompactRange, ReferenceRoots) {
  const std::vector<std::string> entries = ReferenceTreeEntries();
  CompactRange range;
  EXPECT_EQ(ToHex(range.Root()), kReferenceRoots[0]);
  for (size_t i = 0; i < entries.size(); ++i) {
    range.Append(HashLeaf(entries[i]), nullptr);
    EXPECT_EQ(range.size(), i + 1);
    EXPECT_EQ(ToHex(range.Root()), kReferenceRoots[i + 1]) << "size " << i + 1;
  }
}

TEST(CompactRange, ReportsCompletedNodes) {
  std::vector<std::pair<int, uint64_t>> reported;
  CompactRange range;
  for (int i = 0; i < 4; ++i) {
    range.Append(Sha256(std::to_string(i)),
                 [&](int level, uint64_t index, const Hash&) { reported.emplace_back(level, index); });
  }
  const std::vector<std::pair<int, uint64_t>> expected = {
      {0, 0}, {0, 1}, {1, 0}, {0, 2}, {0, 3}, {1, 1}, {2, 0}};
  EXPECT_EQ(reported, expected);
}

TEST(CompactRange, ReportedNodesMatchTree) {
  const std::vector<std::string> entries = NumberedEntries(kMaxExhaustiveSize);
  MemoryNodeSource source = MemoryNodeSource::FromEntries(entries);
  CompactRange range;
  size_t reported = 0;
  for (const std::string& entry : entries) {
    range.Append(HashLeaf(entry), [&](int level, uint64_t index, const Hash& hash) {
      ++reported;
      Result<Hash> stored = source.PerfectNode(level, index);
      ASSERT_TRUE(stored.ok()) << stored.status().message();
      EXPECT_EQ(hash, *stored) << "level " << level << " index " << index;
    });
  }
  // A tree of n leaves has 2n - popcount(n) perfect subtrees.
  EXPECT_EQ(reported, 2 * kMaxExhaustiveSize - std::popcount(kMaxExhaustiveSize));
}

TEST(CompactRange, EmptyCallbackAllowed) {
  CompactRange range;
  range.Append(Sha256("a"), CompactRange::NodeCallback());
  range.Append(Sha256("b"), CompactRange::NodeCallback());
  EXPECT_EQ(range.Root(), HashChildren(Sha256("a"), Sha256("b")));
}

TEST(CompactRange, LoadMatchesAppend) {
  const std::vector<std::string> entries = NumberedEntries(kMaxExhaustiveSize + 1);
  MemoryNodeSource source = MemoryNodeSource::FromEntries(entries);
  CompactRange appended;
  for (uint64_t size = 0; size <= kMaxExhaustiveSize; ++size) {
    Result<CompactRange> loaded = CompactRange::Load(source, size);
    ASSERT_TRUE(loaded.ok()) << loaded.status().message();
    EXPECT_EQ(loaded->size(), size);
    EXPECT_EQ(loaded->Root(), appended.Root()) << "size " << size;

    // Appending after a load continues the same tree.
    loaded->Append(HashLeaf(entries[size]), nullptr);
    appended.Append(HashLeaf(entries[size]), nullptr);
    EXPECT_EQ(loaded->Root(), appended.Root()) << "size " << size + 1;
  }
}

TEST(CompactRange, LoadReadsOneNodePerSetBit) {
  PositionNodeSource source(1'000'003);
  Result<CompactRange> loaded = CompactRange::Load(source, 1'000'003);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(source.reads(), static_cast<uint64_t>(std::popcount(uint64_t{1'000'003})));
}

TEST(CompactRange, LoadPassesSourceError) {
  FailingNodeSource source;
  Result<CompactRange> loaded = CompactRange::Load(source, 3);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kStoreError);
}

TEST(RootAt, ReferenceRoots) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(ReferenceTreeEntries());
  for (uint64_t size = 0; size < kReferenceRoots.size(); ++size) {
    Result<Hash> root = RootAt(source, size);
    ASSERT_TRUE(root.ok()) << root.status().message();
    EXPECT_EQ(ToHex(*root), kReferenceRoots[size]) << "size " << size;
  }
}

TEST(RootAt, EveryPrefixMatchesReference) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(kMaxExhaustiveSize));
  const ReferenceTree reference(source.leaf_hashes());
  for (uint64_t size = 0; size <= kMaxExhaustiveSize; ++size) {
    Result<Hash> root = RootAt(source, size);
    ASSERT_TRUE(root.ok()) << root.status().message();
    EXPECT_EQ(*root, reference.Mth(0, size)) << "size " << size;
  }
}

TEST(RootAt, SizeBeyondTreeFails) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(3));
  EXPECT_FALSE(RootAt(source, 4).ok());
}

TEST(InclusionProof, MatchesReferenceUpTo40) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(kMaxExhaustiveSize));
  const ReferenceTree reference(source.leaf_hashes());
  for (uint64_t size = 1; size <= kMaxExhaustiveSize; ++size) {
    for (uint64_t index = 0; index < size; ++index) {
      Result<std::vector<Hash>> proof = InclusionProof(source, index, size);
      ASSERT_TRUE(proof.ok()) << proof.status().message();
      EXPECT_EQ(*proof, reference.Path(index, 0, size)) << "index " << index << " size " << size;
    }
  }
}

TEST(InclusionProof, VerifiesUpTo40) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(kMaxExhaustiveSize));
  const ReferenceTree reference(source.leaf_hashes());
  for (uint64_t size = 1; size <= kMaxExhaustiveSize; ++size) {
    const Hash root = reference.Mth(0, size);
    for (uint64_t index = 0; index < size; ++index) {
      Result<std::vector<Hash>> proof = InclusionProof(source, index, size);
      ASSERT_TRUE(proof.ok()) << proof.status().message();
      const Hash& leaf = source.leaf_hashes()[index];
      const std::optional<ProofFailure> failure = VerifyInclusion(leaf, index, size, *proof, root);
      EXPECT_FALSE(failure.has_value())
          << "index " << index << " size " << size << ": " << failure->message;

      // The same proof must not verify another leaf at the same index.
      const Hash& other_leaf = source.leaf_hashes()[(index + 1) % kMaxExhaustiveSize];
      EXPECT_TRUE(VerifyInclusion(other_leaf, index, size, *proof, root).has_value())
          << "index " << index << " size " << size;
    }
  }
}

TEST(InclusionProof, ReadsAreLogarithmic) {
  for (uint64_t size : {uint64_t{1} << 20, (uint64_t{1} << 20) + 1, (uint64_t{1} << 20) - 1,
                        uint64_t{1'000'003}, (uint64_t{1} << 40) + 12'345}) {
    const uint64_t bound = 2 * static_cast<uint64_t>(std::bit_width(size - 1));
    for (uint64_t index : {uint64_t{0}, size / 2, size - 2, size - 1}) {
      PositionNodeSource source(size);
      Result<std::vector<Hash>> proof = InclusionProof(source, index, size);
      ASSERT_TRUE(proof.ok()) << "index " << index << " size " << size << ": "
                              << proof.status().message();
      EXPECT_LE(source.reads(), bound) << "index " << index << " size " << size;
    }
  }
}

TEST(InclusionProof, IndexAtSizeRejected) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(4));
  Result<std::vector<Hash>> proof = InclusionProof(source, 4, 4);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(proof.status().message(),
            "cannot prove inclusion of index 4 in a tree of size 4: the index must be below the "
            "size");
}

TEST(InclusionProof, PassesSourceError) {
  FailingNodeSource source;
  Result<std::vector<Hash>> proof = InclusionProof(source, 1, 5);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.status().code(), StatusCode::kStoreError);
}

TEST(ConsistencyProof, MatchesReferenceUpTo40) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(kMaxExhaustiveSize));
  const ReferenceTree reference(source.leaf_hashes());
  for (uint64_t size2 = 0; size2 <= kMaxExhaustiveSize; ++size2) {
    for (uint64_t size1 = 0; size1 <= size2; ++size1) {
      Result<std::vector<Hash>> proof = ConsistencyProof(source, size1, size2);
      ASSERT_TRUE(proof.ok()) << proof.status().message();
      const std::vector<Hash> expected = (size1 == 0 || size1 == size2)
                                             ? std::vector<Hash>()
                                             : reference.SubProof(size1, 0, size2, true);
      EXPECT_EQ(*proof, expected) << "size1 " << size1 << " size2 " << size2;
    }
  }
}

TEST(ConsistencyProof, VerifiesUpTo40) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(kMaxExhaustiveSize));
  const ReferenceTree reference(source.leaf_hashes());
  for (uint64_t size2 = 0; size2 <= kMaxExhaustiveSize; ++size2) {
    const Hash root2 = reference.Mth(0, size2);
    for (uint64_t size1 = 0; size1 <= size2; ++size1) {
      const Hash root1 = reference.Mth(0, size1);
      Result<std::vector<Hash>> proof = ConsistencyProof(source, size1, size2);
      ASSERT_TRUE(proof.ok()) << proof.status().message();
      const std::optional<ProofFailure> failure =
          VerifyConsistency(size1, size2, *proof, root1, root2);
      EXPECT_FALSE(failure.has_value())
          << "size1 " << size1 << " size2 " << size2 << ": " << failure->message;

      // A root from another tree at size1 must not verify.
      if (size1 > 0) {
        const Hash other_root = HashChildren(root1, root1);
        EXPECT_TRUE(VerifyConsistency(size1, size2, *proof, other_root, root2).has_value())
            << "size1 " << size1 << " size2 " << size2;
      }
    }
  }
}

TEST(ConsistencyProof, ReadsAreLogarithmic) {
  const uint64_t size2 = (uint64_t{1} << 40) + 12'345;
  const uint64_t bound = 2 * static_cast<uint64_t>(std::bit_width(size2 - 1)) + 1;
  for (uint64_t size1 : {uint64_t{1}, uint64_t{3}, uint64_t{1} << 39, (uint64_t{1} << 40) - 1,
                         uint64_t{1} << 40, size2 - 1}) {
    PositionNodeSource source(size2);
    Result<std::vector<Hash>> proof = ConsistencyProof(source, size1, size2);
    ASSERT_TRUE(proof.ok()) << "size1 " << size1 << ": " << proof.status().message();
    EXPECT_LE(source.reads(), bound) << "size1 " << size1;
  }
}

TEST(ConsistencyProof, SizeOrderRejected) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(8));
  Result<std::vector<Hash>> proof = ConsistencyProof(source, 5, 3);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(proof.status().message(), "cannot prove consistency from size 5 to the smaller size 3");
}

TEST(ConsistencyProof, PassesSourceError) {
  FailingNodeSource source;
  Result<std::vector<Hash>> proof = ConsistencyProof(source, 3, 7);
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.status().code(), StatusCode::kStoreError);
}

// Known cases of the size-0 rule: the empty tree has one root, every tree
// extends it, and the proof from it is empty.
TEST(VerifyConsistency, SizeZeroToZero) {
  EXPECT_FALSE(VerifyConsistency(0, 0, {}, EmptyRoot(), EmptyRoot()).has_value());
}

TEST(VerifyConsistency, SizeZeroNeedsEmptyRoot) {
  const Hash other = Sha256("not the empty tree");
  const std::optional<ProofFailure> failure = VerifyConsistency(0, 0, {}, other, other);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kRootMismatch);
}

TEST(VerifyConsistency, SizeZeroToFiveAccepted) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(5));
  Result<Hash> root5 = RootAt(source, 5);
  ASSERT_TRUE(root5.ok());
  EXPECT_FALSE(VerifyConsistency(0, 5, {}, EmptyRoot(), *root5).has_value());
}

TEST(VerifyConsistency, SizeZeroWithOtherRootRejected) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(5));
  Result<Hash> root5 = RootAt(source, 5);
  ASSERT_TRUE(root5.ok());
  const std::optional<ProofFailure> failure =
      VerifyConsistency(0, 5, {}, Sha256("not the empty tree"), *root5);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kRootMismatch);
}

TEST(VerifyConsistency, SizeZeroNonEmptyProofRejected) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(NumberedEntries(5));
  Result<Hash> root5 = RootAt(source, 5);
  ASSERT_TRUE(root5.ok());
  const std::optional<ProofFailure> failure =
      VerifyConsistency(0, 5, {EmptyRoot()}, EmptyRoot(), *root5);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kNonEmptyProof);
  EXPECT_EQ(failure->message, "a consistency proof from size 0 to 5 must be empty, but it has 1 hashes");
}

TEST(VerifyConsistency, OneToTwo) {
  const std::vector<std::string> entries = ReferenceTreeEntries();
  const Hash root1 = HashLeaf(entries[0]);
  const Hash root2 = HashChildren(HashLeaf(entries[0]), HashLeaf(entries[1]));
  // H(0x00 || d1): the second leaf's hash is the whole proof.
  EXPECT_FALSE(VerifyConsistency(1, 2, {HashLeaf(entries[1])}, root1, root2).has_value());
}

TEST(VerifyConsistency, OneToTwoEmptyProofRejected) {
  const std::vector<std::string> entries = ReferenceTreeEntries();
  const Hash root1 = HashLeaf(entries[0]);
  const Hash root2 = HashChildren(HashLeaf(entries[0]), HashLeaf(entries[1]));
  const std::optional<ProofFailure> failure = VerifyConsistency(1, 2, {}, root1, root2);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kWrongProofSize);
  EXPECT_EQ(failure->message, "consistency proof from size 1 to 2 has 0 hashes, but needs 1");
}

TEST(VerifyConsistency, OneToTwoRootAsProofRejected) {
  const std::vector<std::string> entries = ReferenceTreeEntries();
  const Hash root1 = HashLeaf(entries[0]);
  const Hash root2 = HashChildren(HashLeaf(entries[0]), HashLeaf(entries[1]));
  const std::optional<ProofFailure> failure = VerifyConsistency(1, 2, {root1}, root1, root2);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kRootMismatch);
}

TEST(VerifyConsistency, ProofBoundToBothSizes) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(ReferenceTreeEntries());
  Result<std::vector<Hash>> proof = ConsistencyProof(source, 3, 7);
  ASSERT_TRUE(proof.ok()) << proof.status().message();
  Result<Hash> root3 = RootAt(source, 3);
  Result<Hash> root6 = RootAt(source, 6);
  Result<Hash> root7 = RootAt(source, 7);
  Result<Hash> root8 = RootAt(source, 8);
  ASSERT_TRUE(root3.ok());
  ASSERT_TRUE(root6.ok());
  ASSERT_TRUE(root7.ok());
  ASSERT_TRUE(root8.ok());

  EXPECT_FALSE(VerifyConsistency(3, 7, *proof, *root3, *root7).has_value());
  EXPECT_TRUE(VerifyConsistency(3, 8, *proof, *root3, *root8).has_value());
  EXPECT_TRUE(VerifyConsistency(3, 6, *proof, *root3, *root6).has_value());
}

TEST(VerifyConsistency, SameSizeRootsMustMatch) {
  const std::optional<ProofFailure> failure =
      VerifyConsistency(4, 4, {}, Sha256("a"), Sha256("b"));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kRootMismatch);
}

TEST(VerifyConsistency, SameSizeNonEmptyProofRejected) {
  const std::optional<ProofFailure> failure =
      VerifyConsistency(4, 4, {Sha256("a")}, Sha256("a"), Sha256("a"));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kNonEmptyProof);
}

TEST(VerifyConsistency, SizeOrderRejected) {
  const std::optional<ProofFailure> failure =
      VerifyConsistency(5, 4, {}, Sha256("a"), Sha256("b"));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kSizeOrder);
  EXPECT_EQ(failure->message,
            "cannot prove consistency from size 5 to 4: the old size is larger than the new size");
}

TEST(VerifyInclusion, IndexFourInSizeFive) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(ReferenceTreeEntries());
  Result<std::vector<Hash>> proof = InclusionProof(source, 4, 5);
  Result<Hash> root5 = RootAt(source, 5);
  ASSERT_TRUE(proof.ok());
  ASSERT_TRUE(root5.ok());
  EXPECT_FALSE(
      VerifyInclusion(source.leaf_hashes()[4], 4, 5, *proof, *root5).has_value());
}

TEST(VerifyInclusion, IndexFourInSizeFourRejected) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(ReferenceTreeEntries());
  Result<std::vector<Hash>> proof = InclusionProof(source, 4, 5);
  Result<Hash> root4 = RootAt(source, 4);
  ASSERT_TRUE(proof.ok());
  ASSERT_TRUE(root4.ok());
  const std::optional<ProofFailure> failure =
      VerifyInclusion(source.leaf_hashes()[4], 4, 4, *proof, *root4);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kIndexOutOfRange);
  EXPECT_EQ(failure->message, "index 4 not in tree of size 4");
}

TEST(VerifyInclusion, WrongProofSizeNamesNumbers) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(ReferenceTreeEntries());
  Result<std::vector<Hash>> proof = InclusionProof(source, 2, 5);
  Result<Hash> root5 = RootAt(source, 5);
  ASSERT_TRUE(proof.ok());
  ASSERT_TRUE(root5.ok());
  ASSERT_EQ(proof->size(), 3u);
  std::vector<Hash> short_proof(proof->begin(), proof->end() - 1);
  const std::optional<ProofFailure> failure =
      VerifyInclusion(source.leaf_hashes()[2], 2, 5, short_proof, *root5);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kWrongProofSize);
  EXPECT_EQ(failure->message,
            "inclusion proof has 2 hashes, but index 2 in a tree of size 5 needs 3");
}

TEST(VerifyInclusion, ExtraHashRejected) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(ReferenceTreeEntries());
  Result<std::vector<Hash>> proof = InclusionProof(source, 2, 5);
  Result<Hash> root5 = RootAt(source, 5);
  ASSERT_TRUE(proof.ok());
  ASSERT_TRUE(root5.ok());
  std::vector<Hash> long_proof = *proof;
  long_proof.push_back(*root5);
  const std::optional<ProofFailure> failure =
      VerifyInclusion(source.leaf_hashes()[2], 2, 5, long_proof, *root5);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kWrongProofSize);
}

TEST(VerifyInclusion, OtherRootRejected) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(ReferenceTreeEntries());
  Result<std::vector<Hash>> proof = InclusionProof(source, 2, 5);
  ASSERT_TRUE(proof.ok());
  const std::optional<ProofFailure> failure =
      VerifyInclusion(source.leaf_hashes()[2], 2, 5, *proof, Sha256("another root"));
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kRootMismatch);
}

TEST(VerifyInclusion, SingleLeafTree) {
  const Hash leaf = HashLeaf("data");
  EXPECT_FALSE(VerifyInclusion(leaf, 0, 1, {}, leaf).has_value());
}

}  // namespace
}  // namespace signtrail::ledger
