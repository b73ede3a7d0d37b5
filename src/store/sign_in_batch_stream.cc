// The parts of the Store interface that every store shares: the raw records
// prepared ahead of a write, and the in-memory sign-in batch stream.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/raw_compression.h"
#include "store/sha256.h"
#include "store/store.h"

namespace signtrail {
namespace {

// Gathers every part into one SignInBatch and commits it at the end.
class BufferedSignInBatchStream final : public SignInBatchStream {
 public:
  BufferedSignInBatchStream(Store& store, const SignInBatchStart& start) : store_(store) {
    batch_.source = start.source;
    batch_.format = start.format;
    batch_.file_name = start.file_name;
  }

  Status Add(SignInBatchPart part) override {
    ImportOutput& whole = batch_.import;
    ImportOutput& next = part.import;
    std::move(next.events.begin(), next.events.end(), std::back_inserter(whole.events));
    std::move(next.rejects.begin(), next.rejects.end(), std::back_inserter(whole.rejects));
    std::move(next.warnings.begin(), next.warnings.end(), std::back_inserter(whole.warnings));
    std::move(next.doubtful_reasons.begin(), next.doubtful_reasons.end(),
              std::back_inserter(whole.doubtful_reasons));
    whole.rows_read += next.rows_read;
    whole.row_cap_reached = whole.row_cap_reached || next.row_cap_reached;
    return Status::Ok();
  }

  Result<BatchReport> Commit(const SignInBatchEnd& end) override {
    batch_.file_sha256 = end.file_sha256;
    batch_.coverage = end.coverage;
    for (const std::string& warning : end.warnings) batch_.import.warnings.push_back(warning);
    return store_.CommitSignInBatch(batch_);
  }

 private:
  Store& store_;
  SignInBatch batch_;
};

}  // namespace

Result<std::vector<StoredRaw>> PrepareStoredRaws(const std::vector<SignInEvent>& events,
                                                 const RawDictionary* dictionary) {
  std::vector<StoredRaw> raws;
  raws.reserve(events.size());
  for (const SignInEvent& event : events) {
    Result<std::string> zstd = CompressRaw(event.raw, dictionary);
    if (!zstd.ok()) return zstd.status();
    Result<std::string> sha256 = Sha256Hex(event.raw);
    if (!sha256.ok()) return sha256.status();
    raws.push_back(StoredRaw{std::move(*zstd), std::move(*sha256)});
  }
  return raws;
}

Result<std::shared_ptr<const RawDictionary>> ChooseRawDictionary(
    const RawDictionaryPlan& plan, const std::vector<SignInEvent>& first_part_events) {
  if (plan.dictionary != nullptr || !plan.may_train) return plan.dictionary;
  return TrainRawDictionary(first_part_events, plan.next_id);
}

Result<std::unique_ptr<SignInBatchStream>> Store::BeginSignInBatch(const SignInBatchStart& start) {
  return std::unique_ptr<SignInBatchStream>(
      std::make_unique<BufferedSignInBatchStream>(*this, start));
}

}  // namespace signtrail
