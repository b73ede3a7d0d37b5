// How the ingest decides a batch's coverage window and its doubtful reasons.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "ingest/batch_window.h"
#include "report_fixtures.h"

namespace signtrail::testing {
namespace {

using Reasons = std::vector<std::string>;

ImportOutput Events(const std::vector<std::string_view>& times) {
  ImportOutput output;
  int index = 0;
  for (std::string_view time : times) {
    SignInEvent event;
    event.record_id = "r" + std::to_string(++index);
    event.time = At(time);
    output.events.push_back(std::move(event));
  }
  output.rows_read = index;
  return output;
}

WindowDecision Decide(std::string_view format, std::string_view file_name,
                      const ImportOutput& import,
                      const std::optional<TimeWindow>& declared = std::nullopt) {
  Result<WindowDecision> decision = DecideBatchWindow(format, file_name, import, declared);
  EXPECT_TRUE(decision.ok()) << decision.status().message();
  return decision.ok() ? *decision : WindowDecision{};
}

std::string WindowText(const BatchCoverage& coverage) {
  if (!coverage.window_start || !coverage.window_end) return "none";
  return "[" + FormatUtc(*coverage.window_start) + ", " + FormatUtc(*coverage.window_end) + ") " +
         std::string(WindowBasisName(coverage.window_basis));
}

TimeWindow Declared(std::string_view start, std::string_view end) {
  return TimeWindow{At(start), At(end)};
}

// --- the window sources, in order of precedence ---

TEST(BatchWindow, DeclaredWins) {
  const WindowDecision decision = Decide(
      "entra-csv", "InteractiveSignIns_2024-06-01_2024-06-07.csv", Events({"2024-06-03T10:00:00Z"}),
      Declared("2024-06-02T00:00:00Z", "2024-06-05T00:00:00Z"));

  EXPECT_EQ(WindowText(decision.coverage), "[2024-06-02T00:00:00Z, 2024-06-05T00:00:00Z) declared");
  EXPECT_EQ(decision.coverage.doubtful_reasons, Reasons{});
  EXPECT_FALSE(decision.coverage.row_cap_reached);
  EXPECT_EQ(decision.warnings, Reasons{});
}

TEST(BatchWindow, DeclaredWithoutEvents) {
  const WindowDecision decision = Decide("lcs-logins", "empty.csv", ImportOutput{},
                                         Declared("2024-06-02T00:00:00Z", "2024-06-09T00:00:00Z"));

  EXPECT_EQ(WindowText(decision.coverage), "[2024-06-02T00:00:00Z, 2024-06-09T00:00:00Z) declared");
  EXPECT_EQ(decision.coverage.doubtful_reasons, Reasons{});
}

TEST(BatchWindow, DeclaredEmptyRejected) {
  Result<WindowDecision> decision =
      DecideBatchWindow("lcs-logins", "x.csv", ImportOutput{},
                        Declared("2024-06-02T00:00:00Z", "2024-06-02T00:00:00Z"));

  ASSERT_FALSE(decision.ok());
  EXPECT_EQ(decision.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(decision.status().message(),
            "--window: the start 2024-06-02T00:00:00Z is not before the end "
            "2024-06-02T00:00:00Z; give START/END with START earlier");
}

TEST(BatchWindow, EventsOutsideDeclaredWarn) {
  const WindowDecision decision =
      Decide("lcs-logins", "logins.csv",
             Events({"2024-06-01T23:59:59Z", "2024-06-03T10:00:00Z", "2024-06-05T00:00:00Z"}),
             Declared("2024-06-02T00:00:00Z", "2024-06-05T00:00:00Z"));

  EXPECT_EQ(decision.warnings,
            Reasons{"logins.csv: 2 sign-ins are outside the window [2024-06-02T00:00:00Z, "
                    "2024-06-05T00:00:00Z) given with --window; they are stored, but the batch "
                    "covers only that window"});
}

TEST(BatchWindow, EntraFileName) {
  const WindowDecision decision =
      Decide("entra-csv", "downloads/InteractiveSignIns_2026-02-28_2026-03-30.csv",
             Events({"2026-03-02T10:00:00Z"}));

  EXPECT_EQ(WindowText(decision.coverage),
            "[2026-02-28T00:00:00Z, 2026-03-31T00:00:00Z) file-name");
  EXPECT_EQ(decision.coverage.doubtful_reasons, Reasons{});
}

TEST(BatchWindow, EntraJsonFileName) {
  const WindowDecision decision =
      Decide("entra-json", "NonInteractiveSignIns_2024-06-01_2024-06-01.json", ImportOutput{});

  EXPECT_EQ(WindowText(decision.coverage),
            "[2024-06-01T00:00:00Z, 2024-06-02T00:00:00Z) file-name");
}

// The Entra naming rule applies to Entra formats only.
TEST(BatchWindow, FileNameIgnoredForLcs) {
  const WindowDecision decision =
      Decide("lcs-logins", "InteractiveSignIns_2024-06-01_2024-06-30.csv",
             Events({"2024-06-10T10:00:00Z"}));

  EXPECT_EQ(WindowBasisName(decision.coverage.window_basis), "query-rule");
}

TEST(BatchWindow, LcsQueryRule) {
  const WindowDecision decision =
      Decide("lcs-logins", "logins.csv",
             Events({"2024-08-26T09:00:00Z", "2024-08-31T10:00:00Z", "2024-08-29T08:00:00Z"}));

  EXPECT_EQ(WindowText(decision.coverage),
            "[2024-08-25T00:00:00Z, 2024-09-01T00:00:00Z) query-rule");
  EXPECT_EQ(decision.coverage.doubtful_reasons, Reasons{});
}

// A session starting exactly at midnight belongs to that day, so the window
// ends at the next midnight.
TEST(BatchWindow, LcsLastSessionAtMidnight) {
  const WindowDecision decision =
      Decide("lcs-logins", "logins.csv", Events({"2024-08-31T00:00:00Z"}));

  EXPECT_EQ(WindowText(decision.coverage),
            "[2024-08-25T00:00:00Z, 2024-09-01T00:00:00Z) query-rule");
}

// An export whose first session is older than 7 days before the end date
// starts at the midnight of that session's day.
TEST(BatchWindow, LcsLongerThanSevenDays) {
  const WindowDecision decision = Decide(
      "lcs-logins", "logins.csv", Events({"2024-08-20T13:30:00Z", "2024-08-31T23:59:59.999999Z"}));

  EXPECT_EQ(WindowText(decision.coverage),
            "[2024-08-20T00:00:00Z, 2024-09-01T00:00:00Z) query-rule");
}

TEST(BatchWindow, LcsWithoutEventsHasNoWindow) {
  const WindowDecision decision = Decide("lcs-logins", "logins.csv", ImportOutput{});

  EXPECT_EQ(WindowText(decision.coverage), "none");
  EXPECT_EQ(decision.coverage.doubtful_reasons, Reasons{});
}

TEST(BatchWindow, InferredFromEvents) {
  const WindowDecision decision =
      Decide("entra-json", "signins.json",
             Events({"2024-06-03T10:00:00Z", "2024-06-03T09:00:00.5Z", "2024-06-03T18:30:00Z"}));

  EXPECT_EQ(WindowText(decision.coverage),
            "[2024-06-03T09:00:00.500000Z, 2024-06-03T18:30:00.000001Z) inferred");
  EXPECT_EQ(decision.coverage.doubtful_reasons,
            Reasons{"window inferred from the first and last event; an empty stretch inside it "
                    "is not proven empty"});
}

TEST(BatchWindow, InferredWithoutEventsHasNoWindow) {
  const WindowDecision decision = Decide("d365-userlog", "userlog.csv", ImportOutput{});

  EXPECT_EQ(WindowText(decision.coverage), "none");
  EXPECT_EQ(decision.coverage.doubtful_reasons, Reasons{});
}

// --- doubtful reasons ---

TEST(BatchWindow, RejectedRowsAreDoubtful) {
  ImportOutput import = Events({"2024-06-03T10:00:00Z"});
  import.rejects.resize(3);

  const WindowDecision decision = Decide("lcs-logins", "logins.csv", import,
                                         Declared("2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z"));

  EXPECT_EQ(decision.coverage.doubtful_reasons, Reasons{"3 rows rejected with --on-error skip"});
}

TEST(BatchWindow, OneRejectedRow) {
  ImportOutput import = Events({"2024-06-03T10:00:00Z"});
  import.rejects.resize(1);

  const WindowDecision decision = Decide("d365-userlog", "userlog.csv", import);

  EXPECT_EQ(decision.coverage.doubtful_reasons,
            (Reasons{std::string(kInferredWindowReason), "1 row rejected with --on-error skip"}));
}

TEST(BatchWindow, ImporterReasonsKeptInOrder) {
  ImportOutput import = Events({"2024-06-03T10:00:00Z"});
  import.doubtful_reasons = {"truncated tail: x", "1 corrupt record: y"};
  import.rejects.resize(2);

  const WindowDecision decision = Decide("entra-json", "signins.json", import);

  EXPECT_EQ(decision.coverage.doubtful_reasons,
            (Reasons{std::string(kInferredWindowReason), "truncated tail: x", "1 corrupt record: y",
                     "2 rows rejected with --on-error skip"}));
}

// The known case: an export at the 5,000-row cap, newest first, whose oldest
// row is 2024-06-10T12:00Z, ingested for 2024-06-01..2024-07-01.
TEST(BatchWindow, RowCapShortOfDeclaredStart) {
  ImportOutput import = Events({"2024-06-30T23:55:00Z", "2024-06-10T12:00:00Z"});
  import.row_cap_reached = true;
  import.doubtful_reasons = {
      "row cap reached: 5,000 data rows, the Lifecycle Services export cap; earliest covered "
      "2024-06-10T12:00:00Z"};

  const WindowDecision decision = Decide("lcs-logins", "logins.csv", import,
                                         Declared("2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z"));

  EXPECT_EQ(WindowText(decision.coverage), "[2024-06-01T00:00:00Z, 2024-07-01T00:00:00Z) declared");
  EXPECT_TRUE(decision.coverage.row_cap_reached);
  EXPECT_EQ(decision.coverage.doubtful_reasons, import.doubtful_reasons);
  EXPECT_EQ(decision.warnings,
            Reasons{"logins.csv: row count equals a known export cap and data does not reach "
                    "the requested start; earliest covered 2024-06-10T12:00:00Z"});
}

TEST(BatchWindow, RowCapReachingStartNoWarning) {
  ImportOutput import = Events({"2024-06-01T00:00:00Z", "2024-06-30T00:00:00Z"});
  import.row_cap_reached = true;

  const WindowDecision decision = Decide("lcs-logins", "logins.csv", import,
                                         Declared("2024-06-01T00:00:00Z", "2024-07-01T00:00:00Z"));

  EXPECT_TRUE(decision.coverage.row_cap_reached);
  EXPECT_EQ(decision.warnings, Reasons{});
}

// With the LCS rule the window starts 7 days before the end, so a capped
// export that reaches back only 2 days leaves a gap too.
TEST(BatchWindow, RowCapShortOfQueryRuleStart) {
  ImportOutput import = Events({"2024-08-29T08:00:00Z", "2024-08-31T10:00:00Z"});
  import.row_cap_reached = true;

  const WindowDecision decision = Decide("lcs-logins", "logins.csv", import);

  EXPECT_EQ(decision.warnings,
            Reasons{"logins.csv: row count equals a known export cap and data does not reach "
                    "the requested start; earliest covered 2024-08-29T08:00:00Z"});
}

// An inferred window starts at the earliest event, so a cap cannot fall
// short of it.
TEST(BatchWindow, RowCapOnInferredWindowNoWarning) {
  ImportOutput import = Events({"2024-06-10T12:00:00Z", "2024-06-30T00:00:00Z"});
  import.row_cap_reached = true;

  const WindowDecision decision = Decide("entra-json", "page.json", import);

  EXPECT_TRUE(decision.coverage.row_cap_reached);
  EXPECT_EQ(decision.warnings, Reasons{});
}

// --- Entra download file names ---

std::string FileNameWindow(std::string_view name) {
  const std::optional<TimeWindow> window = WindowFromEntraFileName(name);
  if (!window) return "none";
  return "[" + FormatUtc(window->start) + ", " + FormatUtc(window->end) + ")";
}

TEST(EntraFileName, EachPrefix) {
  EXPECT_EQ(FileNameWindow("InteractiveSignIns_2026-02-28_2026-03-30.csv"),
            "[2026-02-28T00:00:00Z, 2026-03-31T00:00:00Z)");
  EXPECT_EQ(FileNameWindow("NonInteractiveSignIns_2026-02-28_2026-03-30.csv"),
            "[2026-02-28T00:00:00Z, 2026-03-31T00:00:00Z)");
  EXPECT_EQ(FileNameWindow("ApplicationSignIns_2026-02-28_2026-03-30.csv"),
            "[2026-02-28T00:00:00Z, 2026-03-31T00:00:00Z)");
  EXPECT_EQ(FileNameWindow("MSISignIns_2026-02-28_2026-03-30.csv"),
            "[2026-02-28T00:00:00Z, 2026-03-31T00:00:00Z)");
}

TEST(EntraFileName, FoldersAndSuffixes) {
  EXPECT_EQ(FileNameWindow("/tmp/x/InteractiveSignIns_2024-02-28_2024-02-29.json"),
            "[2024-02-28T00:00:00Z, 2024-03-01T00:00:00Z)");
  EXPECT_EQ(FileNameWindow("C:\\Downloads\\InteractiveSignIns_2024-12-31_2024-12-31 (1).csv"),
            "[2024-12-31T00:00:00Z, 2025-01-01T00:00:00Z)");
  EXPECT_EQ(FileNameWindow("interactivesignins_2024-06-01_2024-06-02"),
            "[2024-06-01T00:00:00Z, 2024-06-03T00:00:00Z)");
}

TEST(EntraFileName, OtherShapesIgnored) {
  EXPECT_EQ(FileNameWindow("InteractiveSignIns.csv"), "none");
  EXPECT_EQ(FileNameWindow("SignIns_2024-06-01_2024-06-02.csv"), "none");
  EXPECT_EQ(FileNameWindow("InteractiveSignIns_AuthDetails_2024-06-01_2024-06-02.csv"), "none");
  EXPECT_EQ(FileNameWindow("InteractiveSignIns_2024-06-01.csv"), "none");
  EXPECT_EQ(FileNameWindow("InteractiveSignIns_2024-06-01_2024-06-021.csv"), "none");
  EXPECT_EQ(FileNameWindow("x/InteractiveSignIns_2024-06-01_2024-06-02/signins.csv"), "none");
}

TEST(EntraFileName, InvalidDatesIgnored) {
  EXPECT_EQ(FileNameWindow("InteractiveSignIns_2023-02-29_2023-03-01.csv"), "none");
  EXPECT_EQ(FileNameWindow("InteractiveSignIns_2024-06-02_2024-06-01.csv"), "none");
  EXPECT_EQ(FileNameWindow("InteractiveSignIns_2024-13-01_2024-13-02.csv"), "none");
}

}  // namespace
}  // namespace signtrail::testing
