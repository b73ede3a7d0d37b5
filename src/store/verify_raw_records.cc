#include "store/verify_raw_records.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "ledger/hash.h"

namespace signtrail {
namespace {

// Lower-case hex digits, as raw_sha256 columns keep them, without allocating.
std::array<char, 64> HexOf(const ledger::Hash& hash) {
  constexpr char kDigits[] = "0123456789abcdef";
  std::array<char, 64> hex{};
  for (size_t i = 0; i < hash.size(); ++i) {
    hex[2 * i] = kDigits[hash[i] >> 4];
    hex[2 * i + 1] = kDigits[hash[i] & 0x0f];
  }
  return hex;
}

}  // namespace

RawRecordVerifier::RawRecordVerifier(RawDictionarySet dictionaries)
    : dictionaries_(std::move(dictionaries)),
      current_(std::make_unique<Batch>()),
      worker_([this] { Run(); }) {}

RawRecordVerifier::~RawRecordVerifier() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
    queued_.clear();
  }
  changed_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void RawRecordVerifier::Submit(uint64_t leaf, std::string_view table, int64_t row_id,
                               std::string_view frame, std::string_view committed_sha256,
                               std::optional<int64_t> committed_length) {
  Batch& batch = *current_;
  batch.checks.push_back(Check{leaf, table, row_id, batch.bytes.size(), frame.size(),
                               committed_sha256.size(), committed_length});
  batch.bytes.append(frame);
  batch.bytes.append(committed_sha256);
  if (batch.checks.size() >= kBatchSize) QueueCurrent();
}

void RawRecordVerifier::QueueCurrent() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return queued_.size() < kMaxQueuedBatches; });
  queued_.push_back(std::move(current_));
  if (spare_.empty()) {
    current_ = std::make_unique<Batch>();
  } else {
    current_ = std::move(spare_.back());
    spare_.pop_back();
  }
  lock.unlock();
  changed_.notify_all();
}

void RawRecordVerifier::Finish(FindingCollector& findings) {
  if (!current_->checks.empty()) QueueCurrent();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  worker_.join();
  findings.AddAll(found_);
}

void RawRecordVerifier::Run() {
  while (true) {
    std::unique_ptr<Batch> batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return closing_ || !queued_.empty(); });
      // Finish closes after queuing the last batch, so the queue is drained
      // first; the destructor empties it.
      if (queued_.empty()) return;
      batch = std::move(queued_.front());
      queued_.pop_front();
    }
    changed_.notify_all();

    for (const Check& check : batch->checks) CheckOne(*batch, check);
    batch->checks.clear();
    batch->bytes.clear();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      spare_.push_back(std::move(batch));
    }
  }
}

void RawRecordVerifier::CheckOne(const Batch& batch, const Check& check) {
  const std::string_view frame(batch.bytes.data() + check.frame_begin, check.frame_size);
  const std::string_view committed_sha256(batch.bytes.data() + check.frame_begin + check.frame_size,
                                          check.sha256_size);

  Status decompressed = dictionaries_.DecompressInto(frame, &raw_);
  if (!decompressed.ok()) {
    found_.Add(FindingKind::kRawRecordChanged, check.leaf,
               fmt::format("the raw record of {} row {} (leaf {}) cannot be decompressed: {}",
                           check.table, check.row_id, check.leaf, decompressed.message()));
    return;
  }
  const std::array<char, 64> sha256 = HexOf(ledger::Sha256(raw_));
  const std::string_view sha256_hex(sha256.data(), sha256.size());
  const int64_t raw_length = static_cast<int64_t>(raw_.size());
  if (sha256_hex == committed_sha256 && raw_length == check.committed_length.value_or(raw_length)) {
    return;
  }
  const std::string committed =
      check.committed_length.has_value()
          ? fmt::format("{} bytes with SHA-256 {}", *check.committed_length, committed_sha256)
          : fmt::format("SHA-256 {}", committed_sha256);
  found_.Add(
      FindingKind::kRawRecordChanged, check.leaf,
      fmt::format("the raw record of {} row {} (leaf {}) is {} bytes with SHA-256 {}, but "
                  "the row commits to {}",
                  check.table, check.row_id, check.leaf, raw_.size(), sha256_hex, committed));
}

}  // namespace signtrail
