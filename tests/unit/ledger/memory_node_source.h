#ifndef SIGNTRAIL_TESTS_UNIT_LEDGER_MEMORY_NODE_SOURCE_H_
#define SIGNTRAIL_TESTS_UNIT_LEDGER_MEMORY_NODE_SOURCE_H_

#include <string>
#include <string_view>
#include <vector>

#include "ledger/hash.h"
#include "ledger/merkle.h"

namespace signtrail::ledger::testing {

// A NodeSource over leaf hashes in memory. Every perfect subtree is computed
// up front. Asking for one outside the tree is an error, and reads are
// counted so tests can bound them.
class MemoryNodeSource : public NodeSource {
 public:
  explicit MemoryNodeSource(std::vector<Hash> leaf_hashes) {
    levels_.push_back(std::move(leaf_hashes));
    while (levels_.back().size() >= 2) {
      const std::vector<Hash>& below = levels_.back();
      std::vector<Hash> above;
      for (size_t i = 0; i + 1 < below.size(); i += 2) {
        above.push_back(HashChildren(below[i], below[i + 1]));
      }
      levels_.push_back(std::move(above));
    }
  }

  // Leaf hashes of the entries, as the ledger stores them.
  static MemoryNodeSource FromEntries(const std::vector<std::string>& entries) {
    std::vector<Hash> leaf_hashes;
    for (const std::string& entry : entries) leaf_hashes.push_back(HashLeaf(entry));
    return MemoryNodeSource(std::move(leaf_hashes));
  }

  Result<Hash> PerfectNode(int level, uint64_t index) override {
    ++reads_;
    if (level < 0 || static_cast<size_t>(level) >= levels_.size() ||
        index >= levels_[static_cast<size_t>(level)].size()) {
      return Status::NotFound("node at level " + std::to_string(level) + " index " +
                              std::to_string(index) + " is outside the tree of " +
                              std::to_string(levels_[0].size()) + " leaves");
    }
    return levels_[static_cast<size_t>(level)][index];
  }

  const std::vector<Hash>& leaf_hashes() const { return levels_[0]; }
  uint64_t reads() const { return reads_; }
  void ResetReads() { reads_ = 0; }

 private:
  std::vector<std::vector<Hash>> levels_;
  uint64_t reads_ = 0;
};

// Decodes test input written as an even number of hex digits.
inline std::string BytesFromHex(std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return bytes;
}

// The inputs of the RFC 6962 reference tree that the known-answer vectors
// are built over.
inline std::vector<std::string> ReferenceTreeEntries() {
  std::vector<std::string> entries;
  for (std::string_view hex : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                               "606162636465666768696a6b6c6d6e6f"}) {
    entries.push_back(BytesFromHex(hex));
  }
  return entries;
}

}  // namespace signtrail::ledger::testing

#endif  // SIGNTRAIL_TESTS_UNIT_LEDGER_MEMORY_NODE_SOURCE_H_
