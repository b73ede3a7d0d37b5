// Micro-benchmarks of the canonical ledger entry encoding
// (docs/formats/ledger-entry.md): encoding a sign-in event entry and a
// directory version entry, and an event entry's whole ledger step of
// encoding plus leaf hashing.

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/entry.h"
#include "ledger/hash.h"

namespace signtrail::ledger {
namespace {

// Entries are encoded in turn from a pool of distinct ones, so the figures
// include reading different field values rather than one cached entry.
constexpr size_t kPoolSize = 1024;

constexpr int64_t kFirstSignInMicros = 1'718'611'200LL * kMicrosPerSecond;  // 2024-06-17T08:00:00Z

// A lower-case hex text of `digits` digits drawn from `seed`, standing in
// for GUIDs and SHA-256 digests.
std::string HexText(uint64_t seed, size_t digits) {
  std::string text;
  while (text.size() < digits) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    text += fmt::format("{:016x}", seed);
  }
  text.resize(digits);
  return text;
}

std::string GuidText(uint64_t seed) {
  const std::string hex = HexText(seed, 32);
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4),
                     hex.substr(16, 4), hex.substr(20, 12));
}

// An Entra sign-in event entry with typical field lengths. Every 12th one
// is a failed sign-in with a failure reason.
EventEntry MakeEventEntry(uint64_t n) {
  const bool failed = n % 12 == 0;
  EventEntry entry;
  entry.batch = 7;
  entry.source = "entra:contoso";
  entry.record_id = GuidText(n * 4 + 1);
  entry.kind = failed ? "failed-sign-in" : "sign-in";
  entry.time = Instant::FromMicros(kFirstSignInMicros + static_cast<int64_t>(n) * 1'234'567);
  entry.end_kind = "open";
  entry.user_id = GuidText(n % 2000 * 4 + 2);
  entry.login_name = fmt::format("frank.martin{}@contoso.example", n % 2000);
  entry.display_name = "Frank Martin";
  entry.session_key = GuidText(n / 3 * 4 + 3);
  entry.client_address = fmt::format("203.0.113.{}", 1 + n % 254);
  entry.application = "Microsoft Dynamics 365 Finance and Operations";
  entry.result_code = failed ? "50126" : "0";
  entry.failure_reason =
      failed ? "Error validating credentials due to invalid username or password." : "";
  entry.location = "Amsterdam, Noord-Holland, NL";
  entry.sign_in_type = "interactiveUser";
  entry.raw_sha256 = HexText(n * 4 + 4, 64);
  entry.raw_length = 1500 + static_cast<int64_t>(n % 200);
  entry.line = static_cast<int64_t>(n) + 1;
  entry.offset = static_cast<int64_t>(n) * 1600;
  return entry;
}

DirectoryVersionEntry MakeDirectoryVersionEntry(uint64_t n) {
  DirectoryVersionEntry entry;
  entry.batch = 3;
  entry.source = "d365-users:default";
  entry.format = "d365-users";
  entry.account_id = fmt::format("fmartin{}", n);
  entry.object_id = GuidText(n * 2 + 1);
  entry.login = entry.account_id;
  entry.display_name = "Martin, Frank";
  entry.email = fmt::format("frank.martin{}@contoso.example", n);
  entry.enabled = n % 20 != 0;
  entry.provider = "https://sts.windows.net/";
  entry.effective_from = Instant::FromMicros(kFirstSignInMicros);
  entry.raw_sha256 = HexText(n * 2 + 2, 64);
  entry.raw_length = 140;
  entry.line = static_cast<int64_t>(n) + 2;
  entry.offset = static_cast<int64_t>(n) * 140 + 60;
  return entry;
}

template <typename Entry>
std::vector<Entry> MakePool(Entry (*make)(uint64_t)) {
  std::vector<Entry> pool;
  pool.reserve(kPoolSize);
  for (uint64_t n = 0; n < kPoolSize; ++n) pool.push_back(make(n));
  return pool;
}

// Encodes entries from `pool` in turn. bytes_per_second counts the encoded
// bytes, and items_per_second counts entries.
template <typename Entry>
void RunEncode(benchmark::State& state, const std::vector<Entry>& pool) {
  int64_t encoded_bytes = 0;
  size_t next = 0;
  for (auto _ : state) {
    Result<std::string> encoded = EncodeEntry(pool[next]);
    if (!encoded.ok()) {
      state.SkipWithError(encoded.status().message().c_str());
      break;
    }
    encoded_bytes += static_cast<int64_t>(encoded->size());
    benchmark::DoNotOptimize(encoded);
    next = (next + 1) % pool.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(encoded_bytes);
  if (state.iterations() > 0) {
    state.counters["entry_bytes"] =
        static_cast<double>(encoded_bytes) / static_cast<double>(state.iterations());
  }
}

void BM_EncodeEventEntry(benchmark::State& state) {
  static const std::vector<EventEntry> pool = MakePool(&MakeEventEntry);
  RunEncode(state, pool);
}
BENCHMARK(BM_EncodeEventEntry);

void BM_EncodeDirectoryVersionEntry(benchmark::State& state) {
  static const std::vector<DirectoryVersionEntry> pool = MakePool(&MakeDirectoryVersionEntry);
  RunEncode(state, pool);
}
BENCHMARK(BM_EncodeDirectoryVersionEntry);

// The per-event ledger work before the tree append: encode, then hash the
// entry into an RFC 6962 leaf.
void BM_EncodeAndHashEventEntry(benchmark::State& state) {
  static const std::vector<EventEntry> pool = MakePool(&MakeEventEntry);
  int64_t encoded_bytes = 0;
  size_t next = 0;
  for (auto _ : state) {
    Result<std::string> encoded = EncodeEntry(pool[next]);
    if (!encoded.ok()) {
      state.SkipWithError(encoded.status().message().c_str());
      break;
    }
    encoded_bytes += static_cast<int64_t>(encoded->size());
    benchmark::DoNotOptimize(HashLeaf(*encoded));
    next = (next + 1) % pool.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(encoded_bytes);
}
BENCHMARK(BM_EncodeAndHashEventEntry);

}  // namespace
}  // namespace signtrail::ledger
