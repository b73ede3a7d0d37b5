#include "query/signin_report.h"

#include <gtest/gtest.h>

#include "fake_store.h"
#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::Account;
using testing::At;
using testing::FailedSignIn;
using testing::FakeStore;
using testing::MakeBatch;
using testing::MakeDirectoryBatch;
using testing::PointSignIn;
using testing::RecordingSink;
using testing::SessionRecord;

constexpr char kAliceId[] = "00000000-0000-0000-0000-00000000000a";
constexpr char kBobId[] = "00000000-0000-0000-0000-00000000000b";
constexpr char kJleeId[] = "00000000-0000-0000-0000-000000000031";

SignInQuery Window(std::string_view start, std::string_view end) {
  SignInQuery query;
  query.window_start = At(start);
  query.window_end = At(end);
  return query;
}

// alice 09:00-17:00 and bob 12:30-12:40, both with recorded ends.
class PresentVersusStarted : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_
                    .CommitSignInBatch(MakeBatch(
                        "lcs:contoso", "lcs-logins",
                        {SessionRecord("r1", kAliceId, At("2024-06-03T09:00:00Z"),
                                       At("2024-06-03T17:00:00Z")),
                         SessionRecord("r2", kBobId, At("2024-06-03T12:30:00Z"),
                                       At("2024-06-03T12:40:00Z"))}))
                    .ok());
  }

  FakeStore store_;
  RecordingSink sink_;
};

TEST_F(PresentVersusStarted, OverlappingListsBoth) {
  const SignInQuery query = Window("2024-06-03T12:00:00Z", "2024-06-03T13:00:00Z");

  Result<ReportSummary> summary = RunSignInReport(store_, query, sink_);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  ASSERT_EQ(sink_.rows.size(), 2u);
  EXPECT_EQ(sink_.rows[0].user_id, kAliceId);
  EXPECT_EQ(sink_.rows[1].user_id, kBobId);
  EXPECT_EQ(summary->kind, QueryKind::kSessionsOverlapping);
}

TEST_F(PresentVersusStarted, StartedWithinListsBob) {
  SignInQuery query = Window("2024-06-03T12:00:00Z", "2024-06-03T13:00:00Z");
  query.started_within = true;

  Result<ReportSummary> summary = RunSignInReport(store_, query, sink_);

  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(sink_.rows.size(), 1u);
  EXPECT_EQ(sink_.rows[0].user_id, kBobId);
  EXPECT_EQ(summary->kind, QueryKind::kSignInsStarted);
}

TEST_F(PresentVersusStarted, RowCarriesSessionFields) {
  const SignInQuery query = Window("2024-06-03T12:00:00Z", "2024-06-03T13:00:00Z");

  ASSERT_TRUE(RunSignInReport(store_, query, sink_).ok());

  ASSERT_EQ(sink_.rows.size(), 2u);
  const ReportRow& alice = sink_.rows[0];
  EXPECT_EQ(alice.session_start, At("2024-06-03T09:00:00Z"));
  ASSERT_TRUE(alice.session_end.has_value());
  EXPECT_EQ(*alice.session_end, At("2024-06-03T17:00:00Z"));
  ASSERT_TRUE(alice.end_kind.has_value());
  EXPECT_EQ(*alice.end_kind, EndKind::kRecorded);
  EXPECT_EQ(alice.source, "lcs:contoso");
  EXPECT_EQ(alice.format, "lcs-logins");
  EXPECT_EQ(alice.result, "success");
  EXPECT_EQ(alice.record_id, "r1");
  EXPECT_EQ(alice.mapping, MappingState::kUnmapped);
}

TEST_F(PresentVersusStarted, SummaryCountsUnmapped) {
  const SignInQuery query = Window("2024-06-03T12:00:00Z", "2024-06-03T13:00:00Z");

  Result<ReportSummary> summary = RunSignInReport(store_, query, sink_);

  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->rows, 2);
  EXPECT_EQ(summary->distinct_users, 2);
  EXPECT_EQ(summary->unmapped_rows, 2);
  EXPECT_EQ(summary->unmapped_ids, (std::vector<std::string>{kAliceId, kBobId}));
  EXPECT_TRUE(summary->ambiguities.empty());
  EXPECT_TRUE(summary->notices.empty());
  EXPECT_EQ(summary->window_start, At("2024-06-03T12:00:00Z"));
  EXPECT_EQ(summary->window_end, At("2024-06-03T13:00:00Z"));
  ASSERT_EQ(sink_.finish_calls, 1);
  EXPECT_EQ(sink_.summary->rows, 2);
}

TEST_F(PresentVersusStarted, ReversedWindowIsRejected) {
  const SignInQuery query = Window("2024-06-03T13:00:00Z", "2024-06-03T12:00:00Z");

  Result<ReportSummary> summary = RunSignInReport(store_, query, sink_);

  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(summary.status().message(),
            "the window start 2024-06-03T13:00:00Z is not before its end 2024-06-03T12:00:00Z; "
            "give a start earlier than the end");
  EXPECT_EQ(store_.scan_calls, 0);
}

TEST_F(PresentVersusStarted, EmptyUserIsRejected) {
  SignInQuery query = Window("2024-06-03T12:00:00Z", "2024-06-03T13:00:00Z");
  query.user = "";

  Result<ReportSummary> summary = RunSignInReport(store_, query, sink_);

  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(summary.status().message(),
            "--user: the value is empty; give a user id, login or email");
}

// An interactive download of 2024-06-03 with alice at 08:00Z only, then a
// non-interactive export with her token refreshes at 09:10Z, 11:20Z and
// 14:30Z.
class NonInteractiveCoverage : public ::testing::Test {
 protected:
  void SetUp() override {
    SignInBatch interactive =
        MakeBatch("entra:contoso", "entra-csv",
                  {PointSignIn("i1", kAliceId, At("2024-06-03T08:00:00Z"), "interactiveUser",
                               "s1")});
    interactive.coverage.window_start = At("2024-06-03T00:00:00Z");
    interactive.coverage.window_end = At("2024-06-04T00:00:00Z");
    interactive.coverage.window_basis = WindowBasis::kFileName;
    ASSERT_TRUE(store_.CommitSignInBatch(interactive).ok());
  }

  void LoadNonInteractive() {
    ASSERT_TRUE(store_
                    .CommitSignInBatch(MakeBatch(
                        "entra:contoso", "entra-csv",
                        {PointSignIn("n1", kAliceId, At("2024-06-03T09:10:00Z"),
                                     "nonInteractiveUser"),
                         PointSignIn("n2", kAliceId, At("2024-06-03T11:20:00Z"),
                                     "nonInteractiveUser"),
                         PointSignIn("n3", kAliceId, At("2024-06-03T14:30:00Z"),
                                     "nonInteractiveUser")}))
                    .ok());
  }

  FakeStore store_;
  RecordingSink sink_;
  SignInQuery query_ = Window("2024-06-03T09:00:00Z", "2024-06-03T17:00:00Z");
};

TEST_F(NonInteractiveCoverage, InteractiveOnlyGivesNotice) {
  Result<ReportSummary> summary = RunSignInReport(store_, query_, sink_);

  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(sink_.rows.empty());
  EXPECT_EQ(summary->notices,
            (std::vector<std::string>{
                "non-interactive sign-ins not loaded for source entra:contoso in this window; "
                "load its non-interactive sign-in export too"}));
}

TEST_F(NonInteractiveCoverage, BothExportsListAlice) {
  LoadNonInteractive();

  Result<ReportSummary> summary = RunSignInReport(store_, query_, sink_);

  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(sink_.rows.size(), 3u);
  EXPECT_EQ(sink_.rows[0].session_start, At("2024-06-03T09:10:00Z"));
  EXPECT_EQ(sink_.rows[1].session_start, At("2024-06-03T11:20:00Z"));
  EXPECT_EQ(sink_.rows[2].session_start, At("2024-06-03T14:30:00Z"));
  for (const ReportRow& row : sink_.rows) {
    EXPECT_EQ(row.user_id, kAliceId);
    EXPECT_EQ(row.sign_in_type, "nonInteractiveUser");
    EXPECT_EQ(row.session_end, std::nullopt);
    ASSERT_TRUE(row.end_kind.has_value());
    EXPECT_EQ(*row.end_kind, EndKind::kOpen);
  }
  EXPECT_TRUE(summary->notices.empty());
  EXPECT_EQ(summary->distinct_users, 1);
}

TEST_F(NonInteractiveCoverage, SourceFilterLimitsNotices) {
  query_.source = "entra:fabrikam";

  Result<ReportSummary> summary = RunSignInReport(store_, query_, sink_);

  ASSERT_TRUE(summary.ok());
  EXPECT_TRUE(summary->notices.empty());
}

// Sign-ins of three users from two sources and one directory.
class ReportFilters : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(store_
                    .CommitDirectoryBatch(MakeDirectoryBatch(
                        "d365-users:default", "d365-users", At("2024-01-01T00:00:00Z"),
                        {Account("alice", kAliceId, "alice", "Alice Adams",
                                 "alice@contoso.example"),
                         Account("jlee", kJleeId, "jlee", "Jamie Lee", "jlee@contoso.example"),
                         Account("jlee2", kJleeId, "jlee2", "Jamie Lee", "jlee@contoso.example")}))
                    .ok());
    SignInEvent bob = SessionRecord("r2", kBobId, At("2024-06-03T10:00:00Z"),
                                    At("2024-06-03T11:00:00Z"));
    bob.login_name = "Bob@Contoso.example";
    ASSERT_TRUE(store_
                    .CommitSignInBatch(MakeBatch(
                        "lcs:contoso", "lcs-logins",
                        {SessionRecord("r1", kAliceId, At("2024-06-03T09:00:00Z"),
                                       At("2024-06-03T10:00:00Z")),
                         bob,
                         SessionRecord("r3", kJleeId, At("2024-06-03T12:00:00Z"),
                                       std::nullopt)}))
                    .ok());
    ASSERT_TRUE(store_
                    .CommitSignInBatch(MakeBatch(
                        "d365log:contoso", "d365-userlog",
                        {SessionRecord("u1", kAliceId, At("2024-06-03T13:00:00Z"),
                                       At("2024-06-03T13:15:00Z"), EndKind::kApproximate)}))
                    .ok());
  }

  std::vector<std::string> RecordIdsFor(const SignInQuery& query) {
    RecordingSink sink;
    Result<ReportSummary> summary = RunSignInReport(store_, query, sink);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    std::vector<std::string> ids;
    for (const ReportRow& row : sink.rows) ids.push_back(row.record_id);
    return ids;
  }

  FakeStore store_;
  SignInQuery query_ = Window("2024-06-03T00:00:00Z", "2024-06-04T00:00:00Z");
};

TEST_F(ReportFilters, UserByIdIgnoresCase) {
  query_.user = "00000000-0000-0000-0000-00000000000A";
  EXPECT_EQ(RecordIdsFor(query_), (std::vector<std::string>{"r1", "u1"}));
}

TEST_F(ReportFilters, UserByRecordLogin) {
  query_.user = "bob@contoso.example";
  EXPECT_EQ(RecordIdsFor(query_), (std::vector<std::string>{"r2"}));
}

TEST_F(ReportFilters, UserByDirectoryEmail) {
  query_.user = "ALICE@contoso.example";
  EXPECT_EQ(RecordIdsFor(query_), (std::vector<std::string>{"r1", "u1"}));
}

TEST_F(ReportFilters, UserByDirectoryLogin) {
  query_.user = "jlee2";
  EXPECT_EQ(RecordIdsFor(query_), (std::vector<std::string>{"r3"}));
}

TEST_F(ReportFilters, UnknownUserListsNothing) {
  query_.user = "nobody@contoso.example";
  EXPECT_EQ(RecordIdsFor(query_), (std::vector<std::string>{}));
}

TEST_F(ReportFilters, SourceFilter) {
  query_.source = "d365log:contoso";
  EXPECT_EQ(RecordIdsFor(query_), (std::vector<std::string>{"u1"}));
}

TEST_F(ReportFilters, MappingStatesAndSummary) {
  RecordingSink sink;

  Result<ReportSummary> summary = RunSignInReport(store_, query_, sink);

  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(sink.rows.size(), 4u);
  EXPECT_EQ(sink.rows[0].mapping, MappingState::kMapped);
  EXPECT_EQ(sink.rows[0].user_name, "Alice Adams");
  EXPECT_EQ(sink.rows[0].login, "alice");
  EXPECT_EQ(sink.rows[0].email, "alice@contoso.example");
  EXPECT_EQ(sink.rows[1].mapping, MappingState::kUnmapped);
  EXPECT_EQ(sink.rows[1].record_login_name, "Bob@Contoso.example");
  EXPECT_EQ(sink.rows[2].mapping, MappingState::kAmbiguous);
  EXPECT_EQ(sink.rows[2].user_name, "");
  EXPECT_EQ(sink.rows[3].mapping, MappingState::kMapped);
  EXPECT_EQ(summary->rows, 4);
  EXPECT_EQ(summary->distinct_users, 3);
  EXPECT_EQ(summary->unmapped_rows, 1);
  EXPECT_EQ(summary->unmapped_ids, (std::vector<std::string>{kBobId}));
  EXPECT_EQ(summary->ambiguities,
            (std::vector<std::string>{
                "2 D365 accounts share object id 00000000-0000-0000-0000-000000000031: jlee, "
                "jlee2"}));
}

TEST(SignInReport, FailedListsFailedSignIns) {
  FakeStore store;
  ASSERT_TRUE(store
                  .CommitSignInBatch(MakeBatch(
                      "entra:contoso", "entra-json",
                      {PointSignIn("ok1", kAliceId, At("2024-06-03T09:00:00Z"), "interactiveUser"),
                       FailedSignIn("bad1", kBobId, At("2024-06-03T09:05:00Z"), "50126",
                                    "Invalid username or password.")}))
                  .ok());
  SignInQuery query = Window("2024-06-03T00:00:00Z", "2024-06-04T00:00:00Z");
  query.failed = true;
  RecordingSink sink;

  Result<ReportSummary> summary = RunSignInReport(store, query, sink);

  ASSERT_TRUE(summary.ok());
  ASSERT_EQ(sink.rows.size(), 1u);
  EXPECT_EQ(sink.rows[0].record_id, "bad1");
  EXPECT_EQ(sink.rows[0].result, "50126");
  EXPECT_EQ(sink.rows[0].failure_reason, "Invalid username or password.");
  EXPECT_EQ(sink.rows[0].session_end, std::nullopt);
  EXPECT_EQ(sink.rows[0].end_kind, std::nullopt);
  EXPECT_EQ(summary->kind, QueryKind::kFailedSignIns);
}

// Fails on the first row, as a writer whose disk is full would.
class FailingSink : public ReportSink {
 public:
  Status AddRow(const ReportRow&) override { return Status::IoError("disk full"); }
  Status Finish(const ReportSummary&) override {
    finished = true;
    return Status::Ok();
  }
  bool finished = false;
};

TEST(SignInReport, SinkErrorStopsReport) {
  FakeStore store;
  ASSERT_TRUE(store
                  .CommitSignInBatch(MakeBatch(
                      "lcs:contoso", "lcs-logins",
                      {SessionRecord("r1", kAliceId, At("2024-06-03T09:00:00Z"),
                                     At("2024-06-03T10:00:00Z"))}))
                  .ok());
  FailingSink sink;

  Result<ReportSummary> summary =
      RunSignInReport(store, Window("2024-06-03T00:00:00Z", "2024-06-04T00:00:00Z"), sink);

  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().message(), "disk full");
  EXPECT_FALSE(sink.finished);
}

TEST(SignInReport, StoreErrorStopsReport) {
  FakeStore store;
  store.FailScansAfter(0, Status::StoreError("database disk image is malformed"));
  RecordingSink sink;

  Result<ReportSummary> summary =
      RunSignInReport(store, Window("2024-06-03T00:00:00Z", "2024-06-04T00:00:00Z"), sink);

  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kStoreError);
  EXPECT_EQ(sink.finish_calls, 0);
}

// alice changes her login in June, and bob is in no directory. Each of
// them signs in several times, so most rows reuse a mapping resolved earlier.
TEST(ReportSummary, CountsUsersAcrossRepeatedAndChangedMappings) {
  FakeStore store;
  ASSERT_TRUE(store
                  .CommitDirectoryBatch(MakeDirectoryBatch(
                      "d365-users:default", "d365-users", At("2024-01-01T00:00:00Z"),
                      {Account("alice", kAliceId, "alice", "Alice Adams",
                               "alice@contoso.example")}))
                  .ok());
  ASSERT_TRUE(store
                  .CommitDirectoryBatch(MakeDirectoryBatch(
                      "d365-users:default", "d365-users", At("2024-06-01T00:00:00Z"),
                      {Account("alice", kAliceId, "alice.adams", "Alice Adams",
                               "alice@contoso.example")}))
                  .ok());
  std::vector<SignInEvent> sessions;
  for (const char* day : {"2024-05-06", "2024-05-07", "2024-06-03", "2024-06-04"}) {
    const std::string start = std::string(day) + "T09:00:00Z";
    const std::string end = std::string(day) + "T10:00:00Z";
    sessions.push_back(SessionRecord(std::string("a-") + day, kAliceId, At(start), At(end)));
    sessions.push_back(SessionRecord(std::string("b-") + day, kBobId, At(start), At(end)));
  }
  ASSERT_TRUE(store.CommitSignInBatch(MakeBatch("lcs:contoso", "lcs-logins", sessions)).ok());
  RecordingSink sink;

  Result<ReportSummary> summary =
      RunSignInReport(store, Window("2024-05-01T00:00:00Z", "2024-07-01T00:00:00Z"), sink);

  ASSERT_TRUE(summary.ok()) << summary.status().message();
  ASSERT_EQ(sink.rows.size(), 8u);
  EXPECT_EQ(sink.rows[0].login, "alice");
  EXPECT_EQ(sink.rows[6].login, "alice.adams");
  EXPECT_EQ(summary->rows, 8);
  EXPECT_EQ(summary->distinct_users, 3);  // alice, alice.adams and bob's id
  EXPECT_EQ(summary->unmapped_rows, 4);
  EXPECT_EQ(summary->unmapped_ids, (std::vector<std::string>{kBobId}));
}

}  // namespace
}  // namespace signtrail
