#include <gtest/gtest.h>

#include "store/verify_findings.h"

namespace signtrail {
namespace {

TEST(VerifyFindings, FirstOfKindKept) {
  FindingCollector findings;
  findings.Add(FindingKind::kEntryChanged, 3, "first");
  findings.Add(FindingKind::kEntryChanged, 7, "second");
  findings.Add(FindingKind::kEntryChanged, 9, "third");

  std::vector<VerifyFinding> result = findings.Finish();

  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0].index, std::optional<uint64_t>(3));
  EXPECT_EQ(result[0].message, "first (2 more entry-changed findings after this one)");
}

TEST(VerifyFindings, SortedByKind) {
  FindingCollector findings;
  findings.Add(FindingKind::kCheckpointsInconsistent, std::nullopt, "c");
  findings.Add(FindingKind::kEntryMissing, 1, "m");
  findings.Add(FindingKind::kEntryChanged, 2, "e");

  std::vector<VerifyFinding> result = findings.Finish();

  ASSERT_EQ(result.size(), 3u);
  EXPECT_EQ(result[0].kind, FindingKind::kEntryChanged);
  EXPECT_EQ(result[1].kind, FindingKind::kEntryMissing);
  EXPECT_EQ(result[2].kind, FindingKind::kCheckpointsInconsistent);
}

TEST(VerifyFindings, DistinctKeptApart) {
  FindingCollector findings;
  findings.AddDistinct(FindingKind::kStoreShorterThanTrusted, 3, "a.txt");
  findings.AddDistinct(FindingKind::kStoreShorterThanTrusted, 3, "b.txt");
  findings.Add(FindingKind::kStoreShorterThanTrusted, 4, "stored");

  std::vector<VerifyFinding> result = findings.Finish();

  ASSERT_EQ(result.size(), 3u);
  EXPECT_EQ(result[0].message, "a.txt");
  EXPECT_EQ(result[1].message, "b.txt");
  EXPECT_EQ(result[2].message, "stored");
}

TEST(VerifyFindings, KindNames) {
  EXPECT_EQ(FindingKindName(FindingKind::kEntryChanged), "entry-changed");
  EXPECT_EQ(FindingKindName(FindingKind::kEntryMissing), "entry-missing");
  EXPECT_EQ(FindingKindName(FindingKind::kEntriesReordered), "entries-reordered");
  EXPECT_EQ(FindingKindName(FindingKind::kExtraEntry), "extra-entry");
  EXPECT_EQ(FindingKindName(FindingKind::kRawRecordChanged), "raw-record-changed");
  EXPECT_EQ(FindingKindName(FindingKind::kDerivedDataDiffers), "derived-data-differs");
  EXPECT_EQ(FindingKindName(FindingKind::kTreeDamaged), "tree-damaged");
  EXPECT_EQ(FindingKindName(FindingKind::kCheckpointSignatureInvalid),
            "checkpoint-signature-invalid");
  EXPECT_EQ(FindingKindName(FindingKind::kCheckpointsInconsistent), "checkpoints-inconsistent");
  EXPECT_EQ(FindingKindName(FindingKind::kStoreShorterThanTrusted),
            "store-shorter-than-trusted");
  EXPECT_EQ(FindingKindName(FindingKind::kTrustedCheckpointMismatch),
            "trusted-checkpoint-mismatch");
}

}  // namespace
}  // namespace signtrail
