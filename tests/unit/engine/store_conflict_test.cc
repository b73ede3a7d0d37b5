// A later copy of a stored record (same source and record id) that
// disagrees with it. Each differing field is a conflict that keeps the
// stored value and the incoming raw record. Times that differ only in
// precision are the same time.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <functional>
#include <string>
#include <vector>

#include "store/event_comparison.h"
#include "store/raw_compression.h"
#include "store/sha256.h"
#include "store_test_support.h"
#include "testing/test_files.h"
#include "verify_test_support.h"

namespace signtrail::testing {
namespace {

const Instant kNine = Utc(2024, 6, 3, 9);
const Instant kTen = Utc(2024, 6, 3, 10);

// The columns a conflict must leave as they were.
constexpr std::string_view kStoredColumns =
    "SELECT kind, time, end_time, end_kind, user_id, login_name, display_name, session_key, "
    "client_address, application, result_code, failure_reason, sign_in_type, raw_sha256 "
    "FROM events";

// The first blob of a query's first row, read on a separate connection.
std::string QueryBlob(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* database = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &database, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(database, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(database);
  std::string blob;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    const void* bytes = sqlite3_column_blob(statement, 0);
    blob.assign(static_cast<const char*>(bytes), sqlite3_column_bytes(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close_v2(database);
  return blob;
}

Instant Micros(Instant base, int64_t micros) { return base.PlusMicros(micros); }

TEST(SameTimeAtCoarserPrecision, WholeSecondMatchesFraction) {
  EXPECT_TRUE(SameTimeAtCoarserPrecision(kNine, Micros(kNine, 734'512)));
  EXPECT_TRUE(SameTimeAtCoarserPrecision(Micros(kNine, 734'512), kNine));
}

TEST(SameTimeAtCoarserPrecision, NextSecondDiffers) {
  EXPECT_FALSE(SameTimeAtCoarserPrecision(Micros(kNine, 1'000'000), Micros(kNine, 734'512)));
  EXPECT_FALSE(SameTimeAtCoarserPrecision(kNine, Micros(kNine, -1)));
}

TEST(SameTimeAtCoarserPrecision, MillisecondMatchesMicroseconds) {
  EXPECT_TRUE(SameTimeAtCoarserPrecision(Micros(kNine, 734'000), Micros(kNine, 734'512)));
  EXPECT_FALSE(SameTimeAtCoarserPrecision(Micros(kNine, 735'000), Micros(kNine, 734'512)));
}

TEST(SameTimeAtCoarserPrecision, MicrosecondsMustBeEqual) {
  EXPECT_TRUE(SameTimeAtCoarserPrecision(Micros(kNine, 734'512), Micros(kNine, 734'512)));
  EXPECT_FALSE(SameTimeAtCoarserPrecision(Micros(kNine, 734'512), Micros(kNine, 734'513)));
}

TEST(SameTimeAtCoarserPrecision, BeforeEpochCutsDown) {
  // -0.5 s and -1 s both fall in the second that starts at -1 s.
  EXPECT_TRUE(SameTimeAtCoarserPrecision(Instant::FromMicros(-500'000), Instant::FromSeconds(-1)));
  EXPECT_FALSE(SameTimeAtCoarserPrecision(Instant::FromMicros(-500'000), Instant::FromSeconds(0)));
}

class StoreConflictTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  // Commits `event` alone as a batch of a file with the given hash byte.
  Result<BatchReport> CommitOne(const SignInEvent& event, char hash_byte) {
    return store_->CommitSignInBatch(Batch({event}, "entra:test", std::string(64, hash_byte)));
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
};

// One field changed in the later copy, and the conflict it must give.
struct FieldCase {
  std::string field;
  std::function<void(SignInEvent&)> change;
  std::string stored;
  std::string incoming;
};

TEST(StoreConflictFields, EachFieldIsReported) {
  const std::vector<FieldCase> cases = {
      {"kind", [](SignInEvent& e) { e.kind = EventKind::kFailedSignIn; }, "sign-in",
       "failed-sign-in"},
      {"time", [](SignInEvent& e) { e.time = kNine.PlusMicros(2 * kMicrosPerSecond); },
       "2024-06-03T09:00:00Z", "2024-06-03T09:00:02Z"},
      {"user_id", [](SignInEvent& e) { e.user_id = "u9"; }, "u1", "u9"},
      {"login_name", [](SignInEvent& e) { e.login_name = "other@contoso.example"; },
       "u1@contoso.example", "other@contoso.example"},
      {"display_name", [](SignInEvent& e) { e.display_name = "Other Name"; }, "User u1",
       "Other Name"},
      {"session_key", [](SignInEvent& e) { e.session_key = "k9"; }, "", "k9"},
      {"client_address", [](SignInEvent& e) { e.client_address = "198.51.100.7"; }, "192.0.2.10",
       "198.51.100.7"},
      {"application", [](SignInEvent& e) { e.application = "Azure Portal"; },
       "Microsoft Dynamics ERP", "Azure Portal"},
      {"result_code", [](SignInEvent& e) { e.result_code = "50126"; }, "0", "50126"},
      {"failure_reason", [](SignInEvent& e) { e.failure_reason = "Invalid password"; }, "",
       "Invalid password"},
      {"sign_in_type", [](SignInEvent& e) { e.sign_in_type = "nonInteractiveUser"; },
       "interactiveUser", "nonInteractiveUser"},
  };

  for (const FieldCase& field_case : cases) {
    SCOPED_TRACE(field_case.field);
    TempDir dir;
    std::unique_ptr<SqliteStore> store = OpenTestStore(dir / "store.db");
    ASSERT_NE(store, nullptr);
    const SignInEvent stored = SignIn("r1", kNine, "u1");
    ASSERT_TRUE(store->CommitSignInBatch(Batch({stored}, "entra:test", std::string(64, 'a'))).ok());
    const std::vector<std::string> before = QueryRows(dir / "store.db", kStoredColumns);
    SignInEvent incoming = stored;
    field_case.change(incoming);

    Result<BatchReport> report =
        store->CommitSignInBatch(Batch({incoming}, "entra:test", std::string(64, 'b')));

    ASSERT_TRUE(report.ok()) << report.status().message();
    EXPECT_EQ(report->added, 0);
    EXPECT_EQ(report->duplicate, 1);
    ASSERT_EQ(report->conflicts.size(), 1u);
    EXPECT_EQ(report->conflicts[0].record_id, "r1");
    EXPECT_EQ(report->conflicts[0].field, field_case.field);
    EXPECT_EQ(report->conflicts[0].stored, field_case.stored);
    EXPECT_EQ(report->conflicts[0].incoming, field_case.incoming);
    EXPECT_EQ(QueryRows(dir / "store.db", kStoredColumns), before);
    EXPECT_EQ(QueryRows(dir / "store.db",
                        "SELECT batch_id, field, stored_value, incoming_value FROM conflicts"),
              std::vector<std::string>{"2|'" + field_case.field + "'|'" + field_case.stored +
                                       "'|'" + field_case.incoming + "'"});
  }
}

TEST_F(StoreConflictTest, EndKindIsReported) {
  ASSERT_TRUE(CommitOne(Session("s1", kNine, kTen, "u1", EndKind::kRecorded), 'a').ok());

  Result<BatchReport> report =
      CommitOne(Session("s1", kNine, kTen, "u1", EndKind::kApproximate), 'b');

  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->conflicts.size(), 1u);
  EXPECT_EQ(report->conflicts[0].field, "end_kind");
  EXPECT_EQ(report->conflicts[0].stored, "recorded");
  EXPECT_EQ(report->conflicts[0].incoming, "approximate");
  EXPECT_EQ(QueryRows(db_path(), "SELECT end_kind FROM events"),
            std::vector<std::string>{"'recorded'"});
}

TEST_F(StoreConflictTest, SeveralFieldsGiveSeveralRows) {
  ASSERT_TRUE(CommitOne(SignIn("r1", kNine, "u1"), 'a').ok());
  SignInEvent incoming = SignIn("r1", kNine, "u9");
  incoming.client_address = "198.51.100.7";

  Result<BatchReport> report = CommitOne(incoming, 'b');

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->duplicate, 1);
  ASSERT_EQ(report->conflicts.size(), 4u);
  EXPECT_EQ(report->conflicts[0].field, "user_id");
  EXPECT_EQ(report->conflicts[1].field, "login_name");
  EXPECT_EQ(report->conflicts[2].field, "display_name");
  EXPECT_EQ(report->conflicts[3].field, "client_address");
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM conflicts"), 4);
  EXPECT_EQ(
      QueryInt(db_path(), "SELECT count(*) FROM ledger_leaves WHERE entry_type = 'event-conflict'"),
      4);
}

TEST_F(StoreConflictTest, IncomingRawIsKept) {
  ASSERT_TRUE(CommitOne(SignIn("r1", kNine, "u1"), 'a').ok());
  SignInEvent incoming = SignIn("r1", kNine, "u9");
  incoming.raw = R"({"id":"r1","userId":"u9","createdDateTime":"2024-06-03T09:00:00Z"})";
  incoming.login_name = "u1@contoso.example";
  incoming.display_name = "User u1";
  Result<std::string> sha256 = Sha256Hex(incoming.raw);
  ASSERT_TRUE(sha256.ok());

  ASSERT_TRUE(CommitOne(incoming, 'b').ok());

  EXPECT_EQ(QueryRows(db_path(), "SELECT incoming_raw_sha256 FROM conflicts"),
            std::vector<std::string>{"'" + *sha256 + "'"});
  Result<std::string> raw =
      DecompressRaw(QueryBlob(db_path(), "SELECT incoming_raw_zstd FROM conflicts"));
  ASSERT_TRUE(raw.ok()) << raw.status().message();
  EXPECT_EQ(*raw, incoming.raw);
  // The stored event keeps its own raw record.
  Result<std::string> stored_sha256 = Sha256Hex(SignIn("r1", kNine, "u1").raw);
  ASSERT_TRUE(stored_sha256.ok());
  EXPECT_EQ(QueryRows(db_path(), "SELECT raw_sha256 FROM events"),
            std::vector<std::string>{"'" + *stored_sha256 + "'"});
}

TEST_F(StoreConflictTest, EntryCommitsToIncomingRaw) {
  ASSERT_TRUE(CommitOne(SignIn("r1", kNine, "u1"), 'a').ok());
  SignInEvent incoming = SignIn("r1", kNine, "u1");
  incoming.application = "Azure Portal";
  Result<std::string> sha256 = Sha256Hex(incoming.raw);
  ASSERT_TRUE(sha256.ok());
  ASSERT_TRUE(CommitOne(incoming, 'b').ok());
  // Leaves: event r1, batch 1, conflict, batch 2.
  ASSERT_EQ(QueryRows(db_path(), "SELECT entry_type FROM ledger_leaves WHERE idx = 2"),
            std::vector<std::string>{"'event-conflict'"});

  Result<std::string> entry = store_->ReadEntry(2);

  ASSERT_TRUE(entry.ok()) << entry.status().message();
  EXPECT_EQ(*entry,
            "signtrail-entry/v1 event-conflict\n"
            "batch=2\n"
            "source=entra:test\n"
            "record_id=r1\n"
            "field=application\n"
            "stored_value=Microsoft Dynamics ERP\n"
            "incoming_value=Azure Portal\n"
            "incoming_raw_sha256=" +
                *sha256 + "\n");
}

TEST_F(StoreConflictTest, ConflictDoesNotFillEnd) {
  ASSERT_TRUE(CommitOne(Session("s1", kNine, std::nullopt, "u1"), 'a').ok());

  Result<BatchReport> report = CommitOne(Session("s1", kNine, kTen, "u9"), 'b');

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->updated, 0);
  EXPECT_EQ(report->duplicate, 1);
  ASSERT_FALSE(report->conflicts.empty());
  EXPECT_EQ(report->conflicts[0].field, "user_id");
  EXPECT_EQ(QueryRows(db_path(), "SELECT end_time, end_kind FROM events"),
            std::vector<std::string>{"NULL|'open'"});
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM event_amendments"), 0);
}

TEST_F(StoreConflictTest, WholeSecondsMatchMicroseconds) {
  // A portal CSV keeps whole seconds; the JSON of the same sign-in has
  // microseconds.
  ASSERT_TRUE(CommitOne(SignIn("r1", kNine, "u1"), 'a').ok());

  Result<BatchReport> report = CommitOne(SignIn("r1", kNine.PlusMicros(734'512), "u1"), 'b');

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->duplicate, 1);
  EXPECT_TRUE(report->conflicts.empty());
  EXPECT_EQ(QueryInt(db_path(), "SELECT time FROM events"), kNine.micros());
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM conflicts"), 0);
}

TEST_F(StoreConflictTest, MicrosecondsMatchWholeSeconds) {
  ASSERT_TRUE(CommitOne(SignIn("r1", kNine.PlusMicros(734'512), "u1"), 'a').ok());

  Result<BatchReport> report = CommitOne(SignIn("r1", kNine, "u1"), 'b');

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->duplicate, 1);
  EXPECT_TRUE(report->conflicts.empty());
  EXPECT_EQ(QueryInt(db_path(), "SELECT time FROM events"), kNine.micros() + 734'512);
}

TEST_F(StoreConflictTest, MillisecondsMatchMicroseconds) {
  ASSERT_TRUE(CommitOne(SignIn("r1", kNine.PlusMicros(734'000), "u1"), 'a').ok());

  Result<BatchReport> report = CommitOne(SignIn("r1", kNine.PlusMicros(734'512), "u1"), 'b');

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->conflicts.empty());
  EXPECT_EQ(report->duplicate, 1);
}

TEST_F(StoreConflictTest, OtherSecondIsConflict) {
  ASSERT_TRUE(CommitOne(SignIn("r1", kNine.PlusMicros(kMicrosPerSecond), "u1"), 'a').ok());

  Result<BatchReport> report = CommitOne(SignIn("r1", kNine.PlusMicros(734'512), "u1"), 'b');

  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->conflicts.size(), 1u);
  EXPECT_EQ(report->conflicts[0].field, "time");
  EXPECT_EQ(report->conflicts[0].stored, "2024-06-03T09:00:01Z");
  EXPECT_EQ(report->conflicts[0].incoming, "2024-06-03T09:00:00.734512Z");
}

TEST_F(StoreConflictTest, EndPrecisionIsNoConflict) {
  ASSERT_TRUE(CommitOne(Session("s1", kNine, kTen, "u1"), 'a').ok());

  Result<BatchReport> report =
      CommitOne(Session("s1", kNine.PlusMicros(120'000), kTen.PlusMicros(250'000), "u1"), 'b');

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->conflicts.empty());
  EXPECT_EQ(report->duplicate, 1);
  EXPECT_EQ(QueryInt(db_path(), "SELECT end_time FROM events"), kTen.micros());
}

TEST_F(StoreConflictTest, MissingEndIsNoConflict) {
  ASSERT_TRUE(CommitOne(Session("s1", kNine, kTen, "u1"), 'a').ok());

  Result<BatchReport> report = CommitOne(Session("s1", kNine, std::nullopt, "u1"), 'b');

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->conflicts.empty());
  EXPECT_EQ(report->duplicate, 1);
}

TEST_F(StoreConflictTest, VerifyChecksIncomingRaw) {
  ASSERT_TRUE(CommitOne(SignIn("r1", kNine, "u1"), 'a').ok());
  SignInEvent incoming = SignIn("r1", kNine, "u1");
  incoming.result_code = "50126";
  incoming.raw = R"({"id":"r1","status":{"errorCode":50126}})";
  ASSERT_TRUE(CommitOne(incoming, 'b').ok());
  const VerifyReport intact = VerifyOrFail(*store_);
  ASSERT_TRUE(intact.ok()) << ::testing::PrintToString(FindingHeads(intact));

  // Replace the kept evidence with the stored event's own raw record.
  ExecuteSql(db_path(), "UPDATE conflicts SET incoming_raw_zstd = (SELECT raw_zstd FROM events)");
  const VerifyReport damaged = VerifyOrFail(*store_);

  EXPECT_EQ(FindingHeads(damaged), std::vector<std::string>{"raw-record-changed at index 2"});
}

}  // namespace
}  // namespace signtrail::testing
