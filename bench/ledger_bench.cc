// Micro-benchmarks of ledger appends: hashing an entry into a leaf, and
// appending that leaf to the tree's compact range while collecting the
// perfect subtrees that the store persists.

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "ledger/hash.h"
#include "ledger/merkle.h"

namespace signtrail::ledger {
namespace {

// About the size of a canonical sign-in entry.
constexpr size_t kEntryBytes = 300;

std::string MakeEntry(uint64_t number) {
  std::string entry(kEntryBytes, 'x');
  const std::string prefix = "entry " + std::to_string(number) + " ";
  entry.replace(0, prefix.size(), prefix);
  return entry;
}

void BM_HashLeaf(benchmark::State& state) {
  const std::string entry = MakeEntry(1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(HashLeaf(entry));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kEntryBytes));
}
BENCHMARK(BM_HashLeaf);

// The ledger work of an ingest per entry: hash it into a leaf, append the
// leaf, and pass every completed node to a callback. The store writes those
// nodes to its node table, and here they are only counted.
void BM_AppendLeaf(benchmark::State& state) {
  const std::string entry = MakeEntry(1);
  CompactRange range;
  uint64_t nodes = 0;
  const CompactRange::NodeCallback count_node = [&nodes](int, uint64_t, const Hash&) { ++nodes; };
  for (auto _ : state) {
    range.Append(HashLeaf(entry), count_node);
  }
  benchmark::DoNotOptimize(range.Root());
  state.SetItemsProcessed(state.iterations());
  state.counters["nodes_per_append"] =
      static_cast<double>(nodes) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_AppendLeaf);

// The append alone, over leaf hashes computed before timing starts.
void BM_AppendPrehashedLeaf(benchmark::State& state) {
  std::vector<Hash> leaves;
  for (uint64_t i = 0; i < 4096; ++i) leaves.push_back(HashLeaf(MakeEntry(i)));
  CompactRange range;
  size_t next = 0;
  for (auto _ : state) {
    range.Append(leaves[next], nullptr);
    next = (next + 1) % leaves.size();
  }
  benchmark::DoNotOptimize(range.Root());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AppendPrehashedLeaf);

}  // namespace
}  // namespace signtrail::ledger
