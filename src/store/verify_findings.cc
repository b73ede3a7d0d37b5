#include "store/verify_findings.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace signtrail {

std::string_view FindingKindName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kEntryChanged:
      return "entry-changed";
    case FindingKind::kEntryMissing:
      return "entry-missing";
    case FindingKind::kEntriesReordered:
      return "entries-reordered";
    case FindingKind::kExtraEntry:
      return "extra-entry";
    case FindingKind::kRawRecordChanged:
      return "raw-record-changed";
    case FindingKind::kDerivedDataDiffers:
      return "derived-data-differs";
    case FindingKind::kTreeDamaged:
      return "tree-damaged";
    case FindingKind::kCheckpointSignatureInvalid:
      return "checkpoint-signature-invalid";
    case FindingKind::kCheckpointsInconsistent:
      return "checkpoints-inconsistent";
    case FindingKind::kStoreShorterThanTrusted:
      return "store-shorter-than-trusted";
    case FindingKind::kTrustedCheckpointMismatch:
      return "trusted-checkpoint-mismatch";
  }
  return "unknown";
}

void FindingCollector::Add(FindingKind kind, std::optional<uint64_t> index, std::string message) {
  for (Slot& slot : slots_) {
    if (slot.distinct || slot.finding.kind != kind) continue;
    ++slot.more;
    return;
  }
  slots_.push_back(Slot{VerifyFinding{kind, index, std::move(message)}, 0, false});
}

void FindingCollector::AddDistinct(FindingKind kind, std::optional<uint64_t> index,
                                   std::string message) {
  slots_.push_back(Slot{VerifyFinding{kind, index, std::move(message)}, 0, true});
}

void FindingCollector::AddAll(const FindingCollector& other) {
  for (const Slot& added : other.slots_) {
    if (added.distinct) {
      slots_.push_back(added);
      continue;
    }
    auto same_kind = std::find_if(slots_.begin(), slots_.end(), [&added](const Slot& slot) {
      return !slot.distinct && slot.finding.kind == added.finding.kind;
    });
    if (same_kind == slots_.end()) {
      slots_.push_back(added);
    } else {
      same_kind->more += 1 + added.more;
    }
  }
}

std::vector<VerifyFinding> FindingCollector::Finish() const {
  std::vector<VerifyFinding> findings;
  findings.reserve(slots_.size());
  for (const Slot& slot : slots_) {
    VerifyFinding finding = slot.finding;
    if (slot.more > 0) {
      finding.message += fmt::format(" ({} more {} finding{} after this one)", slot.more,
                                     FindingKindName(finding.kind), slot.more == 1 ? "" : "s");
    }
    findings.push_back(std::move(finding));
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const VerifyFinding& a, const VerifyFinding& b) { return a.kind < b.kind; });
  return findings;
}

}  // namespace signtrail
