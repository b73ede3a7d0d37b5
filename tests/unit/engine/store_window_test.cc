#include <gtest/gtest.h>

#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

using Ids = std::vector<std::string>;

// The window [12:00, 13:00) on 2024-06-03 and instants around its edges.
const Instant kStart = Utc(2024, 6, 3, 12);
const Instant kEnd = Utc(2024, 6, 3, 13);
constexpr int64_t kMinute = 60 * kMicrosPerSecond;

class StoreWindowTest : public ::testing::Test {
 protected:
  void Commit(std::vector<SignInEvent> events) {
    ++batches_;
    Result<BatchReport> report = store_->CommitSignInBatch(
        Batch(std::move(events), "lcs-logins:default", std::string(64, 'a' + batches_)));
    ASSERT_TRUE(report.ok()) << report.status().message();
  }

  Ids Overlapping() { return ScannedRecordIds(*store_, Window(kStart, kEnd)); }
  Ids StartedWithin() { return ScannedRecordIds(*store_, Window(kStart, kEnd, true)); }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
  int batches_ = 0;
};

TEST_F(StoreWindowTest, PresentDuringAndStartedWithin) {
  Commit({Session("alice", Utc(2024, 6, 3, 9), Utc(2024, 6, 3, 17), "alice"),
          Session("bob", Utc(2024, 6, 3, 12, 30), Utc(2024, 6, 3, 12, 40), "bob")});

  EXPECT_EQ(Overlapping(), (Ids{"alice", "bob"}));
  EXPECT_EQ(StartedWithin(), Ids{"bob"});
}

TEST_F(StoreWindowTest, StartIsInclusive) {
  Commit({Session("at-start", kStart, kStart.PlusMicros(kMinute), "u1"),
          Session("at-end", kEnd, kEnd.PlusMicros(kMinute), "u2"),
          Session("before-end", kEnd.PlusMicros(-1), kEnd.PlusMicros(kMinute), "u3")});

  EXPECT_EQ(Overlapping(), (Ids{"at-start", "before-end"}));
  EXPECT_EQ(StartedWithin(), (Ids{"at-start", "before-end"}));
}

TEST_F(StoreWindowTest, EndIsExclusive) {
  Commit({Session("ends-at-start", kStart.PlusMicros(-kMinute), kStart, "u1"),
          Session("ends-after-start", kStart.PlusMicros(-kMinute), kStart.PlusMicros(1), "u2")});

  EXPECT_EQ(Overlapping(), Ids{"ends-after-start"});
  EXPECT_EQ(StartedWithin(), Ids{});
}

TEST_F(StoreWindowTest, SessionsCrossingEachEdge) {
  Commit({Session("cross-start", kStart.PlusMicros(-kMinute), kStart.PlusMicros(kMinute), "u1"),
          Session("cross-end", kEnd.PlusMicros(-kMinute), kEnd.PlusMicros(kMinute), "u2"),
          Session("cover", kStart.PlusMicros(-kMinute), kEnd.PlusMicros(kMinute), "u3"),
          Session("before", kStart.PlusMicros(-2 * kMinute), kStart.PlusMicros(-kMinute), "u4"),
          Session("after", kEnd.PlusMicros(kMinute), kEnd.PlusMicros(2 * kMinute), "u5")});

  EXPECT_EQ(Overlapping(), (Ids{"cross-start", "cover", "cross-end"}));
  EXPECT_EQ(StartedWithin(), Ids{"cross-end"});
}

TEST_F(StoreWindowTest, ZeroLengthSessionIsAPoint) {
  Commit({Session("point-at-start", kStart, kStart, "u1"),
          Session("point-at-end", kEnd, kEnd, "u2"),
          Session("point-before", kStart.PlusMicros(-1), kStart.PlusMicros(-1), "u3")});

  EXPECT_EQ(Overlapping(), Ids{"point-at-start"});
}

TEST_F(StoreWindowTest, OpenSessionMeetsWindowBySignIns) {
  Commit({
      // Started before the window, last sign-in inside it.
      SignIn("a1", kStart.PlusMicros(-kMinute), "a", "key-a"),
      SignIn("a2", kStart.PlusMicros(5 * kMinute), "a", "key-a"),
      // Started and last seen before the window.
      SignIn("b1", kStart.PlusMicros(-3 * kMinute), "b", "key-b"),
      SignIn("b2", kStart.PlusMicros(-1), "b", "key-b"),
      // Last sign-in exactly at the window start.
      SignIn("c1", kStart.PlusMicros(-kMinute), "c", "key-c"),
      SignIn("c2", kStart, "c", "key-c"),
  });

  EXPECT_EQ(Overlapping(), (Ids{"a1", "c1"}));
  EXPECT_EQ(StartedWithin(), Ids{});
}

TEST_F(StoreWindowTest, OpenSessionNeverInLaterWindows) {
  Commit({Session("open-record", kStart.PlusMicros(kMinute), std::nullopt, "u1"),
          SignIn("entra", kStart.PlusMicros(2 * kMinute), "u2", "key")});

  EXPECT_EQ(Overlapping(), (Ids{"open-record", "entra"}));
  const Ids next_hour = ScannedRecordIds(*store_, Window(kEnd, kEnd.PlusMicros(60 * kMinute)));
  EXPECT_EQ(next_hour, Ids{});
  const Ids next_week = ScannedRecordIds(*store_, Window(Utc(2024, 6, 4), Utc(2024, 6, 11)));
  EXPECT_EQ(next_week, Ids{});
}

TEST_F(StoreWindowTest, OrderIsStartUserRecord) {
  Commit({Session("r3", kStart, std::nullopt, "u2"), Session("r2", kStart, std::nullopt, "u1"),
          Session("r1", kStart, std::nullopt, "u2"),
          Session("r0", kStart.PlusMicros(1), std::nullopt, "u0")});

  EXPECT_EQ(Overlapping(), (Ids{"r2", "r1", "r3", "r0"}));
}

TEST_F(StoreWindowTest, SourceFilterIsExact) {
  Commit({Session("lcs", kStart, std::nullopt, "u1")});
  ASSERT_TRUE(store_
                  ->CommitSignInBatch(
                      Batch({Session("other", kStart, std::nullopt, "u1")}, "lcs-logins:second"))
                  .ok());
  SessionFilter filter = Window(kStart, kEnd);
  filter.source = "lcs-logins:second";

  EXPECT_EQ(ScannedRecordIds(*store_, filter), Ids{"other"});
}

TEST_F(StoreWindowTest, VisitorErrorStopsScan) {
  Commit({Session("r1", kStart, std::nullopt, "u1"),
          Session("r2", kStart.PlusMicros(1), std::nullopt, "u1")});
  int visits = 0;

  Status scanned = store_->ScanSessions(Window(kStart, kEnd), [&](const StoredSession&) {
    ++visits;
    return Status::IoError("cannot write report.csv: No space left on device");
  });

  EXPECT_EQ(scanned.code(), StatusCode::kIoError);
  EXPECT_EQ(scanned.message(), "cannot write report.csv: No space left on device");
  EXPECT_EQ(visits, 1);
}

TEST_F(StoreWindowTest, VisitorMayReadStore) {
  Commit({Session("r1", kStart, std::nullopt, "u1"),
          Session("r2", kStart.PlusMicros(1), std::nullopt, "u2")});
  int lookups = 0;

  Status scanned = store_->ScanSessions(Window(kStart, kEnd), [&](const StoredSession& session) {
    Result<std::vector<DirectoryVersion>> versions = store_->FindDirectoryVersions(session.user_id);
    if (!versions.ok()) return versions.status();
    ++lookups;
    return Status::Ok();
  });

  ASSERT_TRUE(scanned.ok()) << scanned.message();
  EXPECT_EQ(lookups, 2);
}

}  // namespace
}  // namespace signtrail::testing
