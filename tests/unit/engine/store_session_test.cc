#include <gtest/gtest.h>

#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

class StoreSessionTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  std::vector<StoredSession> WholeDay() {
    return ScanAll(*store_, Window(Utc(2024, 6, 3), Utc(2024, 6, 4)));
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
};

TEST_F(StoreSessionTest, SignInsGroupBySessionKey) {
  SignInEvent first = SignIn("r-0945", Utc(2024, 6, 3, 9, 45), "u1", "sess-1");
  first.client_address = "198.51.100.7";
  first.sign_in_type = "interactiveUser";
  SignInEvent second = SignIn("r-1000", Utc(2024, 6, 3, 10, 0), "u1", "sess-1");
  second.client_address = "203.0.113.9";
  second.sign_in_type = "nonInteractiveUser";
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({second, first})).ok());

  const std::vector<StoredSession> sessions = WholeDay();

  ASSERT_EQ(sessions.size(), 1u);
  const StoredSession& session = sessions[0];
  EXPECT_EQ(session.record_id, "r-0945");
  EXPECT_EQ(session.session_key, "sess-1");
  EXPECT_EQ(session.source, "entra:test");
  EXPECT_EQ(session.format, "entra-json");
  EXPECT_EQ(session.user_id, "u1");
  EXPECT_EQ(session.login_name, "u1@contoso.example");
  EXPECT_EQ(session.display_name, "User u1");
  EXPECT_EQ(session.start, Utc(2024, 6, 3, 9, 45));
  EXPECT_EQ(session.last_activity, Utc(2024, 6, 3, 10, 0));
  EXPECT_FALSE(session.end.has_value());
  EXPECT_EQ(session.end_kind, EndKind::kOpen);
  EXPECT_EQ(session.client_address, "198.51.100.7");
  EXPECT_EQ(session.sign_in_type, "interactiveUser");
  EXPECT_EQ(session.result, "success");
}

TEST_F(StoreSessionTest, LaterBatchExtendsGroup) {
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch({SignIn("r2", Utc(2024, 6, 3, 10), "u1", "k"),
                                             SignIn("r3", Utc(2024, 6, 3, 11), "u1", "k")}))
                  .ok());

  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3, 8), "u1", "k"),
                                             SignIn("r4", Utc(2024, 6, 3, 12), "u1", "k")},
                                            "entra:test", std::string(64, 'b')))
                  .ok());

  const std::vector<StoredSession> sessions = WholeDay();
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].record_id, "r1");
  EXPECT_EQ(sessions[0].start, Utc(2024, 6, 3, 8));
  EXPECT_EQ(sessions[0].last_activity, Utc(2024, 6, 3, 12));
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM sessions"), 1);
}

TEST_F(StoreSessionTest, MergedGroupEqualsRebuiltGroup) {
  // r5 and r3 start at the same instant, so the record id decides. The
  // failed sign-in r1 is earlier but is no part of the session.
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch({SignIn("r5", Utc(2024, 6, 3, 10), "u1", "k"),
                                             SignIn("r6", Utc(2024, 6, 3, 10, 30), "u1", "k")}))
                  .ok());
  SignInEvent tie = SignIn("r3", Utc(2024, 6, 3, 10), "u2", "k");
  tie.client_address = "192.0.2.3";
  ASSERT_TRUE(
      store_->CommitSignInBatch(Batch({tie}, "entra:test", std::string(64, 'b'))).ok());
  SignInEvent failed =
      FailedSignIn("r1", Utc(2024, 6, 3, 9), "u1", "50126", "Invalid username or password.");
  failed.session_key = "k";
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch({failed, SignIn("r7", Utc(2024, 6, 3, 11), "u1", "k"),
                                             SignIn("r4", Utc(2024, 6, 3, 10, 45), "u1", "k")},
                                            "entra:test", std::string(64, 'c')))
                  .ok());

  const std::vector<StoredSession> sessions = WholeDay();
  Result<VerifyReport> report = store_->Verify({});

  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].record_id, "r3");
  EXPECT_EQ(sessions[0].user_id, "u2");
  EXPECT_EQ(sessions[0].client_address, "192.0.2.3");
  EXPECT_EQ(sessions[0].start, Utc(2024, 6, 3, 10));
  EXPECT_EQ(sessions[0].last_activity, Utc(2024, 6, 3, 11));
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->findings.empty());
}

TEST_F(StoreSessionTest, SameKeyInOtherSourceIsOtherSession) {
  ASSERT_TRUE(
      store_->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3, 8), "u1", "k")}, "entra:a"))
          .ok());
  ASSERT_TRUE(
      store_->CommitSignInBatch(Batch({SignIn("r2", Utc(2024, 6, 3, 9), "u1", "k")}, "entra:b"))
          .ok());

  EXPECT_EQ(WholeDay().size(), 2u);
}

TEST_F(StoreSessionTest, SignInWithoutKeyStandsAlone) {
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch({SignIn("r1", Utc(2024, 6, 3, 8), "u1"),
                                             SignIn("r2", Utc(2024, 6, 3, 9), "u1")}))
                  .ok());

  const std::vector<StoredSession> sessions = WholeDay();

  ASSERT_EQ(sessions.size(), 2u);
  EXPECT_EQ(sessions[0].record_id, "r1");
  EXPECT_EQ(sessions[0].start, Utc(2024, 6, 3, 8));
  EXPECT_EQ(sessions[0].last_activity, Utc(2024, 6, 3, 8));
  EXPECT_EQ(sessions[0].end_kind, EndKind::kOpen);
  EXPECT_EQ(sessions[1].record_id, "r2");
}

TEST_F(StoreSessionTest, SessionRecordKeepsItsEnd) {
  SignInEvent record =
      Session("s1", Utc(2024, 6, 3, 8), Utc(2024, 6, 3, 8, 20), "fmartin", EndKind::kApproximate);
  record.end_note = "not logged off cleanly";
  record.session_key = "fmartin|2024-06-03|5";
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({record}, "d365-userlog:default")).ok());

  const std::vector<StoredSession> sessions = WholeDay();

  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].record_id, "s1");
  EXPECT_EQ(sessions[0].session_key, "fmartin|2024-06-03|5");
  ASSERT_TRUE(sessions[0].end.has_value());
  EXPECT_EQ(*sessions[0].end, Utc(2024, 6, 3, 8, 20));
  EXPECT_EQ(sessions[0].end_kind, EndKind::kApproximate);
  EXPECT_EQ(sessions[0].end_note, "not logged off cleanly");
  EXPECT_EQ(sessions[0].last_activity, Utc(2024, 6, 3, 8));
}

// One-record sessions are inserted from the events as each part is
// stored, and an event amended later in the same batch gets its session
// rebuilt at the commit. Verify compares every column with the session it
// derives from the stored events.
TEST_F(StoreSessionTest, NewSingleSessionsEqualDerivedOnes) {
  SignInEvent full =
      Session("s1", Utc(2024, 6, 3, 8), Utc(2024, 6, 3, 8, 20), "fmartin", EndKind::kApproximate);
  full.end_note = "not logged off cleanly";
  full.session_key = "fmartin|2024-06-03|5";
  full.login_name = "fmartin";
  full.display_name = "Frank Martin";
  full.client_address = "198.51.100.7";
  full.application = "Finance and Operations";
  full.sign_in_type = "interactiveUser";
  SignInEvent open = Session("s2", Utc(2024, 6, 3, 9), std::nullopt, "jlee");
  open.end_kind = EndKind::kOpen;
  SignInEvent ended = Session("s2", Utc(2024, 6, 3, 9), Utc(2024, 6, 3, 9, 30), "jlee");
  SignInEvent keyless = SignIn("r1", Utc(2024, 6, 3, 10), "u1");
  keyless.application = "Office 365";
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({full, open, keyless, ended}, "lcs:test")).ok());

  const std::vector<StoredSession> sessions = WholeDay();
  Result<VerifyReport> report = store_->Verify({});

  ASSERT_EQ(sessions.size(), 3u);
  EXPECT_EQ(sessions[0].record_id, "s1");
  EXPECT_EQ(sessions[0].format, "entra-json");
  EXPECT_EQ(sessions[0].session_key, "fmartin|2024-06-03|5");
  EXPECT_EQ(sessions[0].end_note, "not logged off cleanly");
  EXPECT_EQ(sessions[0].application, "Finance and Operations");
  EXPECT_EQ(sessions[1].record_id, "s2");
  ASSERT_TRUE(sessions[1].end.has_value());
  EXPECT_EQ(*sessions[1].end, Utc(2024, 6, 3, 9, 30));
  EXPECT_EQ(sessions[1].end_kind, EndKind::kRecorded);
  EXPECT_EQ(sessions[2].record_id, "r1");
  EXPECT_EQ(sessions[2].application, "Office 365");
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM event_amendments"), 2);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->findings.empty());
}

TEST_F(StoreSessionTest, SessionRecordsWithSameKeyStayApart) {
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch({
                      Session("s1", Utc(2024, 6, 3, 8), Utc(2024, 6, 3, 9), "u1"),
                      Session("s2", Utc(2024, 6, 3, 10), Utc(2024, 6, 3, 11), "u1"),
                  }))
                  .ok());

  EXPECT_EQ(WholeDay().size(), 2u);
}

TEST_F(StoreSessionTest, FailedSignInsAreNotSessions) {
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch({
                      FailedSignIn("f1", Utc(2024, 6, 3, 8), "u1", "50126",
                                   "Invalid username or password."),
                      SignIn("r1", Utc(2024, 6, 3, 9), "u1", "k"),
                      FailedSignIn("f2", Utc(2024, 6, 3, 9, 30), "u1", "50074", "MFA required"),
                  }))
                  .ok());

  const std::vector<StoredSession> sessions = WholeDay();

  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_EQ(sessions[0].record_id, "r1");
  EXPECT_EQ(sessions[0].last_activity, Utc(2024, 6, 3, 9));
}

TEST_F(StoreSessionTest, ScanFailedSignInsInWindow) {
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch({
                      FailedSignIn("f2", Utc(2024, 6, 3, 12), "u1", "50074", "MFA required"),
                      FailedSignIn("f1", Utc(2024, 6, 3, 8), "u2", "50126",
                                   "Invalid username or password."),
                      FailedSignIn("f3", Utc(2024, 6, 4), "u1", "50126", "late"),
                      SignIn("r1", Utc(2024, 6, 3, 9), "u1"),
                  }))
                  .ok());

  std::vector<StoredSession> attempts;
  Status scanned = store_->ScanFailedSignIns(Window(Utc(2024, 6, 3, 8), Utc(2024, 6, 4)),
                                             [&](const StoredSession& attempt) {
                                               attempts.push_back(attempt);
                                               return Status::Ok();
                                             });

  ASSERT_TRUE(scanned.ok()) << scanned.message();
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].record_id, "f1");
  EXPECT_EQ(attempts[0].user_id, "u2");
  EXPECT_EQ(attempts[0].start, Utc(2024, 6, 3, 8));
  EXPECT_EQ(attempts[0].last_activity, Utc(2024, 6, 3, 8));
  EXPECT_FALSE(attempts[0].end.has_value());
  EXPECT_EQ(attempts[0].result, "50126");
  EXPECT_EQ(attempts[0].failure_reason, "Invalid username or password.");
  EXPECT_EQ(attempts[0].format, "entra-json");
  EXPECT_EQ(attempts[1].record_id, "f2");
  EXPECT_EQ(attempts[1].result, "50074");
}

TEST_F(StoreSessionTest, ScanFailedSignInsBySource) {
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch(
                      {FailedSignIn("f1", Utc(2024, 6, 3, 8), "u1", "50126", "bad")}, "entra:a"))
                  .ok());
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(Batch(
                      {FailedSignIn("f1", Utc(2024, 6, 3, 8), "u1", "50126", "bad")}, "entra:b"))
                  .ok());
  SessionFilter filter = Window(Utc(2024, 6, 3), Utc(2024, 6, 4));
  filter.source = "entra:b";

  std::vector<std::string> sources;
  Status scanned = store_->ScanFailedSignIns(filter, [&](const StoredSession& attempt) {
    sources.push_back(attempt.source);
    return Status::Ok();
  });

  ASSERT_TRUE(scanned.ok()) << scanned.message();
  EXPECT_EQ(sources, std::vector<std::string>{"entra:b"});
}

}  // namespace
}  // namespace signtrail::testing
