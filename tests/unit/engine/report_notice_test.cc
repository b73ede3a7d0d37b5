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
  const std::vector<BatchInfo> batches = {
      Batch("entra:contoso", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
            {"interactiveUser"}),
      Batch("entra:contoso", "entra-csv", "2024-06-03T17:00:00Z", "2024-06-03T18:00:00Z",
            {"nonInteractiveUser"})};

  EXPECT_EQ(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt),
            (std::vector<std::string>{NoticeFor("entra:contoso")}));
}

// A batch with neither events nor a window meets no window, so it neither
// causes the notice nor prevents it.
TEST(NonInteractiveNotice, EmptyBatchMeetsNoWindow) {
  BatchInfo empty;
  empty.source = "entra:contoso";
  empty.format = "entra-json";
  empty.sign_in_types = {"nonInteractiveUser"};
  const std::vector<BatchInfo> batches = {
      empty, Batch("entra:contoso", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
                   {"interactiveUser"})};

  EXPECT_TRUE(FindNonInteractiveNotices({empty}, kStart, kEnd, std::nullopt).empty());
  EXPECT_EQ(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt),
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

// Only batches that meet the window show what the window lacks: an
// interactive export of another week shows nothing about this one.
TEST(NonInteractiveNotice, TypedBatchOutsideWindowIgnored) {
  const std::vector<BatchInfo> batches = {Batch("entra:contoso", "entra-csv",
                                                "2024-06-03T08:00:00Z", "2024-06-03T08:00:00Z",
                                                {"interactiveUser"})};

  EXPECT_TRUE(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt).empty());
}

// A non-interactive export of another period does not cover this one.
TEST(NonInteractiveNotice, NonInteractiveOutsideWindowMisses) {
  const std::vector<BatchInfo> batches = {
      Batch("entra:contoso", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
            {"interactiveUser"}),
      Batch("entra:contoso", "entra-csv", "2024-06-01T10:00:00Z", "2024-06-02T11:00:00Z",
            {"nonInteractiveUser"})};

  EXPECT_EQ(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt),
            (std::vector<std::string>{NoticeFor("entra:contoso")}));
}

BatchInfo Windowed(BatchInfo batch, std::string_view window_start, std::string_view window_end) {
  batch.window_start = At(window_start);
  batch.window_end = At(window_end);
  batch.window_basis = WindowBasis::kFileName;
  return batch;
}

// A non-interactive download whose file name states a window that reaches
// into the query window covers it, even though its sign-ins all lie before
// the query window.
TEST(NonInteractiveNotice, StoredWindowMeetsWindow) {
  const std::vector<BatchInfo> batches = {
      Batch("entra:contoso", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
            {"interactiveUser"}),
      Windowed(Batch("entra:contoso", "entra-csv", "2024-06-02T10:00:00Z", "2024-06-02T11:00:00Z",
                     {"nonInteractiveUser"}),
               "2024-06-02T00:00:00Z", "2024-06-04T00:00:00Z")};

  EXPECT_TRUE(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt).empty());
}

// A stored window decides on its own: sign-ins inside the query window do
// not make a batch whose window ends at the query start meet it.
TEST(NonInteractiveNotice, StoredWindowEndIsExclusive) {
  const std::vector<BatchInfo> batches = {
      Batch("entra:contoso", "entra-json", "2024-06-03T10:00:00Z", "2024-06-03T11:00:00Z",
            {"interactiveUser"}),
      Windowed(Batch("entra:contoso", "entra-csv", "2024-06-03T09:00:00Z", "2024-06-03T09:00:00Z",
                     {"nonInteractiveUser"}),
               "2024-06-02T00:00:00Z", "2024-06-03T09:00:00Z")};

  EXPECT_EQ(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt),
            (std::vector<std::string>{NoticeFor("entra:contoso")}));
}

// A stored window that starts at the query end does not meet it.
TEST(NonInteractiveNotice, StoredWindowStartingAtEndMisses) {
  const std::vector<BatchInfo> batches = {
      Windowed(Batch("entra:contoso", "entra-json", "2024-06-03T16:00:00Z", "2024-06-03T16:00:00Z",
                     {"interactiveUser"}),
               "2024-06-03T17:00:00Z", "2024-06-04T00:00:00Z")};

  EXPECT_TRUE(FindNonInteractiveNotices(batches, kStart, kEnd, std::nullopt).empty());
}

// An interactive download for the window with no sign-ins at all still
// shows that the window was collected without its non-interactive half.
TEST(NonInteractiveNotice, EmptyWindowedBatchGivesNotice) {
  BatchInfo empty;
  empty.source = "entra:contoso";
  empty.format = "entra-csv";
  empty.sign_in_types = {"interactiveUser"};
  empty = Windowed(empty, "2024-06-03T00:00:00Z", "2024-06-04T00:00:00Z");

  EXPECT_EQ(FindNonInteractiveNotices({empty}, kStart, kEnd, std::nullopt),
            (std::vector<std::string>{NoticeFor("entra:contoso")}));
}

}  // namespace
}  // namespace signtrail
