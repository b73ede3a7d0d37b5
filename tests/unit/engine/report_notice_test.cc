#include "query/non_interactive_notice.h"

#include <gtest/gtest.h>

#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::At;

BatchInfo Batch(std::string source, std::string format, std::string_view min_time,
                std::string_view max_time, std::vector<std::string> sign_in_types) {
  BatchInfo batch;
  batch.source = std::move(source);
  batch.format = std::move(format);
  batch.min_time = At(min_time);
  batch.max_time = At(max_time);
  batch.sign_in_types = std::move(sign_in_types);
  return batch;
}

std::string NoticeFor(std::string_view source) {
  return "non-interactive sign-ins not loaded for source " + std::string(source) +
         " in this window; load its non-interactive sign-in export too";
}

const Instant kStart = At("2024-06-03T09:00:00Z");
const Instant kEnd = At("2024-06-03T17:00:00Z");

TEST(NonInteractiveNotice, NoBatchesNoNotice) {
  EXPECT_TRUE(FindNonInteractiveNotices({}, kStart, kEnd, std::nullopt).empty());
}

TEST(NonInteractiveNotice, InteractiveOnlyGivesNotice) {
  const std::vector<BatchInfo> batches = {Batch("entra:contoso", "entra-json",
                                                "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
                                                {"interactiveUser"})};

  EXPECT_EQ(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt),
            (std::vector<std::string>{NoticeFor("entra:contoso")}));
}

TEST(NonInteractiveNotice, NonInteractiveBatchInWindow) {
  const std::vector<BatchInfo> batches = {
      Batch("entra:contoso", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
            {"interactiveUser"}),
      Batch("entra:contoso", "entra-csv", "2024-06-03T16:59:59Z", "2024-06-04T11:00:00Z",
            {"nonInteractiveUser"})};

  EXPECT_TRUE(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt).empty());
}

TEST(NonInteractiveNotice, BatchEndingAtWindowStartCounts) {
  const std::vector<BatchInfo> batches = {Batch("entra:contoso", "entra-csv",
                                                "2024-06-03T08:00:00Z", "2024-06-03T09:00:00Z",
                                                {"nonInteractiveUser"})};

  EXPECT_TRUE(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt).empty());
}

TEST(NonInteractiveNotice, BatchStartingAtWindowEndMisses) {
  const std::vector<BatchInfo> batches = {Batch("entra:contoso", "entra-csv",
                                                "2024-06-03T17:00:00Z", "2024-06-03T18:00:00Z",
                                                {"nonInteractiveUser"})};

  EXPECT_EQ(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt),
            (std::vector<std::string>{NoticeFor("entra:contoso")}));
}

TEST(NonInteractiveNotice, EmptyBatchMeetsNoWindow) {
  BatchInfo empty;
  empty.source = "entra:contoso";
  empty.format = "entra-json";
  empty.sign_in_types = {"nonInteractiveUser"};

  EXPECT_EQ(FindNonInteractiveNotices({empty}, kStart, kEnd, std::nullopt),
            (std::vector<std::string>{NoticeFor("entra:contoso")}));
}

TEST(NonInteractiveNotice, OtherFormatsIgnored) {
  const std::vector<BatchInfo> batches = {Batch("lcs:contoso", "lcs-logins",
                                                "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
                                                {})};

  EXPECT_TRUE(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt).empty());
}

TEST(NonInteractiveNotice, SortedBySource) {
  const std::vector<BatchInfo> batches = {
      Batch("entra:fabrikam", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
            {"interactiveUser"}),
      Batch("entra:contoso", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
            {"interactiveUser"})};

  EXPECT_EQ(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt),
            (std::vector<std::string>{NoticeFor("entra:contoso"), NoticeFor("entra:fabrikam")}));
}

TEST(NonInteractiveNotice, SourceFilter) {
  const std::vector<BatchInfo> batches = {
      Batch("entra:fabrikam", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
            {"interactiveUser"}),
      Batch("entra:contoso", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
            {"interactiveUser"})};

  EXPECT_EQ(FindNonInteractiveNotices(batches, kStart, kEnd, std::string("entra:fabrikam")),
            (std::vector<std::string>{NoticeFor("entra:fabrikam")}));
}

// Exports that never state the sign-in type cannot show what is missing.
TEST(NonInteractiveNotice, UntypedSourceGetsNone) {
  const std::vector<BatchInfo> batches = {Batch("entra:contoso", "entra-json",
                                                "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
                                                {})};

  EXPECT_TRUE(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt).empty());
}

// The interactive export may lie outside the window and still show that
// the source's non-interactive sign-ins were never loaded for it.
TEST(NonInteractiveNotice, TypedBatchOutsideWindowCounts) {
  const std::vector<BatchInfo> batches = {Batch("entra:contoso", "entra-csv",
                                                "2024-06-03T08:00:00Z", "2024-06-03T08:00:00Z",
                                                {"interactiveUser"})};

  EXPECT_EQ(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt),
            (std::vector<std::string>{NoticeFor("entra:contoso")}));
}

}  // namespace
}  // namespace signtrail
