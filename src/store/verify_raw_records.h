#ifndef SIGNTRAIL_STORE_VERIFY_RAW_RECORDS_H_
#define SIGNTRAIL_STORE_VERIFY_RAW_RECORDS_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "store/raw_dictionary.h"
#include "store/verify_findings.h"

namespace signtrail {

// Checks raw records against the SHA-256 and length their rows commit to,
// on a thread of its own, so that decompressing and hashing them overlaps
// with reading the store. Checks run in the order they were submitted, and
// their findings (kRawRecordChanged) reach the caller's collector in that
// order. Memory stays bounded: Submit waits while kMaxQueuedBatches batches
// of kBatchSize records are queued.
class RawRecordVerifier {
 public:
  static constexpr size_t kBatchSize = 256;
  static constexpr size_t kMaxQueuedBatches = 4;

  // Frames that name a dictionary are restored with `dictionaries`; one
  // missing from it is a finding.
  explicit RawRecordVerifier(RawDictionarySet dictionaries);
  ~RawRecordVerifier();  // stops the thread; pending checks are dropped
  RawRecordVerifier(const RawRecordVerifier&) = delete;
  RawRecordVerifier& operator=(const RawRecordVerifier&) = delete;

  // Queues the check of the raw record of `table` row `row_id` (leaf
  // `leaf`): `frame` must decompress to `committed_length` bytes (any length
  // when nullopt) whose lower-case hex SHA-256 is `committed_sha256`. Copies
  // the values. `table` must be a string literal, which outlives the queue.
  void Submit(uint64_t leaf, std::string_view table, int64_t row_id, std::string_view frame,
              std::string_view committed_sha256, std::optional<int64_t> committed_length);

  // Waits for every queued check, then adds their findings to `findings`.
  // Call once, before the caller adds any kRawRecordChanged finding of its
  // own, so the order by leaf is kept.
  void Finish(FindingCollector& findings);

 private:
  struct Check {
    uint64_t leaf;
    std::string_view table;
    int64_t row_id;
    size_t frame_begin;  // in Batch::bytes, then the committed SHA-256
    size_t frame_size;
    size_t sha256_size;
    std::optional<int64_t> committed_length;
  };
  struct Batch {
    std::vector<Check> checks;
    std::string bytes;
  };

  void QueueCurrent();
  void Run();
  void CheckOne(const Batch& batch, const Check& check);

  const RawDictionarySet dictionaries_;
  std::unique_ptr<Batch> current_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Batch>> queued_;  // guarded by mutex_
  std::vector<std::unique_ptr<Batch>> spare_;  // emptied batches for reuse; guarded by mutex_
  bool closing_ = false;                       // guarded by mutex_
  std::string raw_;                            // the worker's decompression buffer
  FindingCollector found_;                     // written by the worker until it is joined
  std::thread worker_;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_VERIFY_RAW_RECORDS_H_
