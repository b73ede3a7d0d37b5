#ifndef SIGNTRAIL_STORE_VERIFY_FINDINGS_H_
#define SIGNTRAIL_STORE_VERIFY_FINDINGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/ledger_types.h"

namespace signtrail {

// Collects what `verify` finds. Checks of the stored data keep one finding
// per kind, the one with the lowest index, and count the rest. Each trusted
// checkpoint gets findings of its own.
class FindingCollector {
 public:
  // Keeps the finding when it is the first of its kind, else counts it.
  // Callers report in ascending index order.
  void Add(FindingKind kind, std::optional<uint64_t> index, std::string message);

  // Keeps the finding even when its kind already has one.
  void AddDistinct(FindingKind kind, std::optional<uint64_t> index, std::string message);

  // Adds the findings of `other` as if each had been passed to Add (or
  // AddDistinct) after every finding already here.
  void AddAll(const FindingCollector& other);

  // The findings sorted by kind (the order of FindingKind), each message
  // followed by the number of further findings of its kind, when any.
  std::vector<VerifyFinding> Finish() const;

 private:
  struct Slot {
    VerifyFinding finding;
    uint64_t more = 0;
    bool distinct = false;
  };
  std::vector<Slot> slots_;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_VERIFY_FINDINGS_H_
