#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/hash.h"
#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

DirectoryUser Account(std::string account_id, std::string display_name, int64_t line) {
  DirectoryUser user;
  user.account_id = std::move(account_id);
  user.login = user.account_id;
  user.display_name = std::move(display_name);
  user.enabled = true;
  user.raw = user.account_id + "," + user.display_name;
  user.line = line;
  user.offset = 40 * (line - 1);
  return user;
}

DirectoryBatch Snapshot(std::vector<DirectoryUser> users) {
  DirectoryBatch batch;
  batch.source = "d365-users:default";
  batch.format = "d365-users";
  batch.file_name = "users.csv";
  batch.file_sha256 = std::string(64, 'd');
  batch.effective_time = Utc(2024, 6, 1);
  batch.import.rows_read = static_cast<int64_t>(users.size());
  batch.import.users = std::move(users);
  return batch;
}

class StoreLedgerAppendTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  // Batch 1 adds "open" (no end yet) and "r2". Batch 2 adds r3 and r4, fills
  // the end of "open" and disagrees with the start of "r2" by 1.5 seconds.
  void CommitTwoSignInBatches() {
    ASSERT_TRUE(store_
                    ->CommitSignInBatch(Batch(
                        {Session("open", nine_, std::nullopt, "u1"), SignIn("r2", nine_, "u2")}))
                    .ok());
    SignInBatch second =
        Batch({SignIn("r3", nine_, "u3"), Session("open", nine_, ten_, "u1"),
               SignIn("r2", nine_.PlusMicros(1'500'000), "u2"), SignIn("r4", ten_, "u4")},
              "entra:test", std::string(64, '2'));
    second.import.rejects.push_back(
        {6, 300, "column 'createdDateTime': value 'x' is not a valid timestamp", "{\"id\":6}"});
    Result<BatchReport> report = store_->CommitSignInBatch(second);
    ASSERT_TRUE(report.ok()) << report.status().message();
  }

  std::string Entry(uint64_t index) {
    Result<std::string> entry = store_->ReadEntry(index);
    EXPECT_TRUE(entry.ok()) << entry.status().message();
    return entry.ok() ? *entry : "";
  }

  const Instant nine_ = Utc(2024, 6, 3, 9);
  const Instant ten_ = Utc(2024, 6, 3, 10);
  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
};

TEST_F(StoreLedgerAppendTest, SignInBatchOrder) {
  CommitTwoSignInBatches();

  EXPECT_EQ(QueryRows(db_path(), "SELECT idx, entry_type, row_id FROM ledger_leaves ORDER BY idx"),
            (std::vector<std::string>{
                "0|'event'|1",
                "1|'event'|2",
                "2|'sign-in-batch'|1",
                "3|'event'|3",
                "4|'event'|4",
                "5|'event-amendment'|1",
                "6|'event-amendment'|2",
                "7|'event-conflict'|1",
                "8|'sign-in-batch'|2",
            }));
}

TEST_F(StoreLedgerAppendTest, DirectoryBatchOrder) {
  ASSERT_TRUE(store_
                  ->CommitDirectoryBatch(Snapshot(
                      {Account("fmartin", "Fred Martin", 2), Account("avance", "Adele", 3)}))
                  .ok());

  EXPECT_EQ(QueryRows(db_path(), "SELECT idx, entry_type, row_id FROM ledger_leaves ORDER BY idx"),
            (std::vector<std::string>{
                "0|'directory-version'|1",
                "1|'directory-version'|2",
                "2|'directory-batch'|1",
            }));
}

TEST_F(StoreLedgerAppendTest, EventEntryBytes) {
  CommitTwoSignInBatches();

  EXPECT_EQ(Entry(1),
            "signtrail-entry/v1 event\n"
            "batch=1\n"
            "source=entra:test\n"
            "record_id=r2\n"
            "kind=sign-in\n"
            "time=2024-06-03T09:00:00.000000Z\n"
            "end_time=\n"
            "end_kind=open\n"
            "end_note=\n"
            "user_id=u2\n"
            "login_name=u2@contoso.example\n"
            "display_name=User u2\n"
            "session_key=\n"
            "client_address=192.0.2.10\n"
            "application=Microsoft Dynamics ERP\n"
            "result_code=0\n"
            "failure_reason=\n"
            "location=\n"
            "sign_in_type=interactiveUser\n"
            "raw_sha256=80fea607bfe1c317a613c1f646180f40a435ddcc32fc3e5b5288d0452920592f\n"
            "raw_length=52\n"
            "line=1\n"
            "offset=0\n");
}

TEST_F(StoreLedgerAppendTest, AmendedEventKeepsFirstEnd) {
  CommitTwoSignInBatches();

  // The row now contains the filled end, but entry 0 is the event as batch 1
  // committed it, and it still hashes to its stored leaf.
  EXPECT_EQ(QueryInt(db_path(), "SELECT end_time IS NOT NULL FROM events WHERE id = 1"), 1);
  const std::string entry = Entry(0);
  EXPECT_NE(entry.find("\nend_time=\nend_kind=open\n"), std::string::npos) << entry;
  EXPECT_EQ(QueryRows(db_path(), "SELECT lower(hex(leaf_hash)) FROM ledger_leaves WHERE idx = 0"),
            std::vector<std::string>{"'" + ledger::ToHex(ledger::HashLeaf(entry)) + "'"});
}

TEST_F(StoreLedgerAppendTest, AmendmentEntryBytes) {
  CommitTwoSignInBatches();

  EXPECT_EQ(Entry(5),
            "signtrail-entry/v1 event-amendment\n"
            "batch=2\n"
            "source=entra:test\n"
            "record_id=open\n"
            "field=end_time\n"
            "old_value=\n"
            "new_value=2024-06-03T10:00:00Z\n");
  EXPECT_EQ(Entry(6),
            "signtrail-entry/v1 event-amendment\n"
            "batch=2\n"
            "source=entra:test\n"
            "record_id=open\n"
            "field=end_kind\n"
            "old_value=open\n"
            "new_value=recorded\n");
}

TEST_F(StoreLedgerAppendTest, ConflictEntryBytes) {
  CommitTwoSignInBatches();

  EXPECT_EQ(Entry(7),
            "signtrail-entry/v1 event-conflict\n"
            "batch=2\n"
            "source=entra:test\n"
            "record_id=r2\n"
            "field=time\n"
            "stored_value=2024-06-03T09:00:00Z\n"
            "incoming_value=2024-06-03T09:00:01.500000Z\n"
            // SHA-256 of {"id":"r2","createdDateTime":"2024-06-03T09:00:01.500000Z"},
            // computed with Python's hashlib.
            "incoming_raw_sha256="
            "cd94619f3be6f8c8b662e088236ece6b831cf0d352561a18069d4eda5f582502\n");
}

TEST_F(StoreLedgerAppendTest, BatchEntryCoversRejects) {
  CommitTwoSignInBatches();

  const std::string entry = Entry(8);
  EXPECT_TRUE(entry.starts_with("signtrail-entry/v1 sign-in-batch\nbatch=2\n")) << entry;
  EXPECT_NE(entry.find("\nrows_read=4\nadded=2\nduplicate=1\nupdated=1\nrejected=1\n"),
            std::string::npos)
      << entry;
  EXPECT_NE(entry.find("\ncommitted_at=2030-03-17T17:46:40.000000Z\n"), std::string::npos) << entry;
  // SHA-256 of "6 300 <SHA-256 of the raw reject> column 'createdDateTime': ...\n",
  // computed with Python's hashlib.
  EXPECT_NE(entry.find("\nrejects_sha256="
                       "03744d3c0b7f3dc85c0ad515c8317f766ffc8e38eb770af6fe546f2ad28012b9\n"),
            std::string::npos)
      << entry;

  ExecuteSql(db_path(), "UPDATE rejects SET reason = 'changed' WHERE batch_id = 2");
  EXPECT_NE(Entry(8), entry);
}

TEST_F(StoreLedgerAppendTest, ChangedEndShowsInEntry) {
  CommitTwoSignInBatches();
  const std::string before = Entry(0);

  // A filled end changed behind the store's back no longer matches the
  // amendment, so the amendment is not undone and the entry changes.
  ExecuteSql(db_path(), "UPDATE events SET end_time = end_time + 1 WHERE id = 1");

  const std::string after = Entry(0);
  EXPECT_NE(after, before);
  EXPECT_NE(after.find("\nend_time=2024-06-03T10:00:00.000001Z\n"), std::string::npos) << after;
}

TEST_F(StoreLedgerAppendTest, DirectoryVersionEntryBytes) {
  ASSERT_TRUE(store_->CommitDirectoryBatch(Snapshot({Account("fmartin", "Fred Martin", 2)})).ok());

  EXPECT_EQ(Entry(0),
            "signtrail-entry/v1 directory-version\n"
            "batch=1\n"
            "source=d365-users:default\n"
            "format=d365-users\n"
            "account_id=fmartin\n"
            "object_id=\n"
            "login=fmartin\n"
            "display_name=Fred Martin\n"
            "email=\n"
            "enabled=true\n"
            "provider=\n"
            "user_type=\n"
            "effective_from=2024-06-01T00:00:00.000000Z\n"
            "raw_sha256=71ade75fb9caf51de19ba45ce93422b1cbe0656dc1e413c42b5a0658478164d3\n"
            "raw_length=19\n"
            "line=2\n"
            "offset=40\n");
}

TEST_F(StoreLedgerAppendTest, DirectoryBatchEntryBytes) {
  ASSERT_TRUE(store_->CommitDirectoryBatch(Snapshot({Account("fmartin", "Fred Martin", 2)})).ok());

  EXPECT_EQ(Entry(1),
            "signtrail-entry/v1 directory-batch\n"
            "batch=1\n"
            "source=d365-users:default\n"
            "format=d365-users\n"
            "file_name=users.csv\n"
            "file_sha256=dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\n"
            "effective_time=2024-06-01T00:00:00.000000Z\n"
            "committed_at=2030-03-17T17:46:40.000000Z\n"
            "rows_read=1\n"
            "added=1\n"
            "changed=0\n"
            "unchanged=0\n"
            "rejected=0\n"
            "rejects_sha256=\n");
}

TEST_F(StoreLedgerAppendTest, OversizedEntryChangesNothing) {
  ASSERT_TRUE(store_->CommitSignInBatch(Batch({SignIn("r1", nine_, "u1")})).ok());
  const std::string dump_before = DumpDatabase(db_path());
  SignInEvent huge = Session("huge", nine_, ten_, "u1");
  huge.end_note = std::string(70'000, 'n');

  Result<BatchReport> report = store_->CommitSignInBatch(
      Batch({SignIn("r5", nine_, "u5"), huge}, "entra:test", std::string(64, '5')));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(report.status().message().starts_with(
      "the ledger entry of event 'huge' of source 'entra:test' would be "))
      << report.status().message();
  EXPECT_EQ(DumpDatabase(db_path()), dump_before);
}

TEST_F(StoreLedgerAppendTest, FindEventEntry) {
  CommitTwoSignInBatches();

  Result<uint64_t> index = store_->FindEventEntry("entra:test", "r4");

  ASSERT_TRUE(index.ok()) << index.status().message();
  EXPECT_EQ(*index, 4u);
}

TEST_F(StoreLedgerAppendTest, FindEventEntryUnknown) {
  CommitTwoSignInBatches();

  Result<uint64_t> index = store_->FindEventEntry("entra:other", "r4");

  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(index.status().message(),
            "no event with record id 'r4' from source 'entra:other' in " + db_path().string() +
                "; check the source name with `signtrail signins --format csv`");
}

TEST_F(StoreLedgerAppendTest, ReadEntryPastEnd) {
  CommitTwoSignInBatches();

  Result<std::string> entry = store_->ReadEntry(9);

  ASSERT_FALSE(entry.ok());
  EXPECT_EQ(entry.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(entry.status().message(), "entry 9 not found: the ledger of " + db_path().string() +
                                          " has 9 entries, numbered 0 to 8");
}

}  // namespace
}  // namespace signtrail::testing
