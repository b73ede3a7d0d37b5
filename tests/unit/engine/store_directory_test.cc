#include <gtest/gtest.h>

#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

const Instant kJune = Utc(2024, 6, 1);
const Instant kJuly = Utc(2024, 7, 1);

DirectoryUser Account(std::string account_id, std::string object_id, std::string name,
                      int64_t line) {
  DirectoryUser user;
  user.login = account_id;
  user.account_id = std::move(account_id);
  user.object_id = std::move(object_id);
  user.display_name = std::move(name);
  user.email = user.login + "@contoso.example";
  user.enabled = true;
  user.provider = "https://sts.windows.net/";
  user.raw = user.account_id + "," + user.display_name;
  user.line = line;
  return user;
}

DirectoryBatch Snapshot(std::vector<DirectoryUser> users, Instant effective_time,
                        std::string sha256 = std::string(64, '0')) {
  DirectoryBatch batch;
  batch.source = "d365-users:default";
  batch.format = "d365-users";
  batch.file_name = "users.csv";
  batch.file_sha256 = std::move(sha256);
  batch.effective_time = effective_time;
  batch.import.rows_read = static_cast<int64_t>(users.size());
  batch.import.users = std::move(users);
  return batch;
}

class StoreDirectoryTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_ / "store.db"; }

  std::vector<DirectoryVersion> Versions(const std::string& id) {
    Result<std::vector<DirectoryVersion>> versions = store_->FindDirectoryVersions(id);
    EXPECT_TRUE(versions.ok()) << versions.status().message();
    return versions.ok() ? *versions : std::vector<DirectoryVersion>{};
  }

  std::vector<DirectoryVersion> Matching(const std::string& text) {
    Result<std::vector<DirectoryVersion>> versions = store_->FindDirectoryVersionsMatching(text);
    EXPECT_TRUE(versions.ok()) << versions.status().message();
    return versions.ok() ? *versions : std::vector<DirectoryVersion>{};
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(dir_ / "store.db");
};

const std::string kObject1 = "00000000-0000-0000-0000-0000000000a1";

TEST_F(StoreDirectoryTest, FirstSnapshotAddsAccounts) {
  Result<DirectoryReport> report = store_->CommitDirectoryBatch(Snapshot(
      {Account("fmartin", kObject1, "Fred Martin", 2), Account("admin", "", "Admin", 3)}, kJune));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->batch_id, 1);
  EXPECT_EQ(report->rows_read, 2);
  EXPECT_EQ(report->added, 2);
  EXPECT_EQ(report->changed, 0);
  EXPECT_EQ(report->unchanged, 0);
  EXPECT_TRUE(report->warnings.empty());

  const std::vector<DirectoryVersion> versions = Versions(kObject1);
  ASSERT_EQ(versions.size(), 1u);
  EXPECT_EQ(versions[0].source, "d365-users:default");
  EXPECT_EQ(versions[0].format, "d365-users");
  EXPECT_EQ(versions[0].user.account_id, "fmartin");
  EXPECT_EQ(versions[0].user.display_name, "Fred Martin");
  EXPECT_EQ(versions[0].user.email, "fmartin@contoso.example");
  EXPECT_EQ(versions[0].user.enabled, std::optional<bool>(true));
  // Lookups leave the raw record in the store; verify reads it from there.
  EXPECT_TRUE(versions[0].user.raw.empty());
  EXPECT_EQ(versions[0].user.line, 2);
  EXPECT_EQ(versions[0].effective_from, kJune);
  EXPECT_FALSE(versions[0].effective_to.has_value());
}

TEST_F(StoreDirectoryTest, UnchangedSnapshotAddsNothing) {
  const std::vector<DirectoryUser> users = {Account("fmartin", kObject1, "Fred Martin", 2)};
  ASSERT_TRUE(store_->CommitDirectoryBatch(Snapshot(users, kJune)).ok());

  Result<DirectoryReport> report =
      store_->CommitDirectoryBatch(Snapshot(users, kJuly, std::string(64, '1')));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->added, 0);
  EXPECT_EQ(report->changed, 0);
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM directory_versions"), 1);
}

TEST_F(StoreDirectoryTest, ChangedNameClosesOldVersion) {
  ASSERT_TRUE(
      store_
          ->CommitDirectoryBatch(Snapshot({Account("fmartin", kObject1, "Fred Martin", 2)}, kJune))
          .ok());

  Result<DirectoryReport> report = store_->CommitDirectoryBatch(Snapshot(
      {Account("fmartin", kObject1, "Frederique Martin", 2)}, kJuly, std::string(64, '1')));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->changed, 1);
  EXPECT_EQ(report->added, 0);
  const std::vector<DirectoryVersion> versions = Versions(kObject1);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].user.display_name, "Fred Martin");
  EXPECT_EQ(versions[0].effective_from, kJune);
  ASSERT_TRUE(versions[0].effective_to.has_value());
  EXPECT_EQ(*versions[0].effective_to, kJuly);
  EXPECT_EQ(versions[1].user.display_name, "Frederique Martin");
  EXPECT_EQ(versions[1].effective_from, kJuly);
  EXPECT_FALSE(versions[1].effective_to.has_value());
}

TEST_F(StoreDirectoryTest, DisabledAccountIsNewVersion) {
  DirectoryUser user = Account("fmartin", kObject1, "Fred Martin", 2);
  ASSERT_TRUE(store_->CommitDirectoryBatch(Snapshot({user}, kJune)).ok());
  user.enabled = false;

  Result<DirectoryReport> report =
      store_->CommitDirectoryBatch(Snapshot({user}, kJuly, std::string(64, '1')));

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->changed, 1);
  const std::vector<DirectoryVersion> versions = Versions(kObject1);
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1].user.enabled, std::optional<bool>(false));
}

TEST_F(StoreDirectoryTest, OlderSnapshotIsRejected) {
  ASSERT_TRUE(
      store_
          ->CommitDirectoryBatch(Snapshot({Account("fmartin", kObject1, "Fred Martin", 2)}, kJuly))
          .ok());

  Result<DirectoryReport> report = store_->CommitDirectoryBatch(
      Snapshot({Account("fmartin", kObject1, "Fred M.", 2)}, kJune, std::string(64, '1')));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kConflict);
  EXPECT_EQ(report.status().message(),
            "users.csv: snapshot time 2024-06-01T00:00:00Z is older than the last snapshot of "
            "d365-users:default (2024-07-01T00:00:00Z); import directory snapshots in time "
            "order");
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM batches"), 1);
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM directory_versions"), 1);
}

TEST_F(StoreDirectoryTest, OlderSnapshotOfOtherSourceIsFine) {
  ASSERT_TRUE(
      store_
          ->CommitDirectoryBatch(Snapshot({Account("fmartin", kObject1, "Fred Martin", 2)}, kJuly))
          .ok());
  DirectoryBatch other = Snapshot({Account(kObject1, kObject1, "Fred Martin", 2)}, kJune);
  other.source = "entra-users:default";

  Result<DirectoryReport> report = store_->CommitDirectoryBatch(other);

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->added, 1);
}

TEST_F(StoreDirectoryTest, DuplicateAccountIdIsRejected) {
  Result<DirectoryReport> report = store_->CommitDirectoryBatch(
      Snapshot({Account("jlee", kObject1, "Jo Lee", 2), Account("admin", "", "Admin", 3),
                Account("JLee", "", "Jo Lee (2)", 4)},
               kJune));

  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(report.status().message(),
            "users.csv: account id 'jlee' appears on line 2 and again on line 4; a directory "
            "snapshot lists each account once, so remove one of the rows");
  EXPECT_EQ(QueryInt(db_path(), "SELECT count(*) FROM batches"), 0);
}

TEST_F(StoreDirectoryTest, MissingAccountsKeepOpenVersion) {
  ASSERT_TRUE(
      store_
          ->CommitDirectoryBatch(Snapshot(
              {Account("fmartin", kObject1, "Fred", 2), Account("admin", "", "Admin", 3)}, kJune))
          .ok());

  Result<DirectoryReport> report = store_->CommitDirectoryBatch(
      Snapshot({Account("fmartin", kObject1, "Fred", 2)}, kJuly, std::string(64, '1')));

  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->warnings.size(), 1u);
  EXPECT_EQ(report->warnings[0],
            "accounts stored for d365-users:default but missing from this snapshot: 1; their "
            "current versions stay open because an export may list only part of the directory");
  const std::vector<DirectoryVersion> admin = Versions("admin");
  ASSERT_EQ(admin.size(), 1u);
  EXPECT_FALSE(admin[0].effective_to.has_value());
}

TEST_F(StoreDirectoryTest, SameFileAgainIsWarned) {
  const DirectoryBatch snapshot = Snapshot({Account("fmartin", kObject1, "Fred", 2)}, kJune);
  ASSERT_TRUE(store_->CommitDirectoryBatch(snapshot).ok());

  Result<DirectoryReport> report = store_->CommitDirectoryBatch(snapshot);

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->warnings,
            std::vector<std::string>{"file already imported as batch 1 (same SHA-256)"});
}

TEST_F(StoreDirectoryTest, FindByIdIgnoresCase) {
  ASSERT_TRUE(
      store_
          ->CommitDirectoryBatch(Snapshot(
              {Account("fmartin", kObject1, "Fred", 2), Account("admin", "", "Admin", 3)}, kJune))
          .ok());

  EXPECT_EQ(Versions("00000000-0000-0000-0000-0000000000A1").size(), 1u);
  EXPECT_EQ(Versions("FMARTIN").size(), 1u);
  EXPECT_EQ(Versions("").size(), 0u);
  EXPECT_EQ(Versions("fmartin@contoso.example").size(), 0u);
}

TEST_F(StoreDirectoryTest, FindMatchingLoginOrEmail) {
  DirectoryUser guest = Account(kObject1, kObject1, "Dana", 2);
  guest.login = "dana_partner.example#EXT#@contoso.onmicrosoft.com";
  guest.email = "dana@partner.example";
  guest.user_type = "Guest";
  DirectoryBatch batch = Snapshot({guest, Account("admin", "", "Admin", 3)}, kJune);
  batch.source = "entra-users:default";
  ASSERT_TRUE(store_->CommitDirectoryBatch(batch).ok());

  const std::vector<DirectoryVersion> by_email = Matching("Dana@Partner.example");
  ASSERT_EQ(by_email.size(), 1u);
  EXPECT_EQ(by_email[0].user.user_type, "Guest");
  EXPECT_EQ(Matching("DANA_PARTNER.EXAMPLE#EXT#@contoso.onmicrosoft.com").size(), 1u);
  EXPECT_EQ(Matching(kObject1).size(), 1u);
  EXPECT_EQ(Matching("admin").size(), 1u);
  EXPECT_EQ(Matching("").size(), 0u);
  EXPECT_EQ(Matching("nobody@contoso.example").size(), 0u);
}

TEST_F(StoreDirectoryTest, SharedObjectIdFindsBoth) {
  ASSERT_TRUE(store_
                  ->CommitDirectoryBatch(Snapshot({Account("jlee", kObject1, "Jo Lee", 2),
                                                   Account("jlee2", kObject1, "Jo Lee", 3)},
                                                  kJune))
                  .ok());

  const std::vector<DirectoryVersion> versions = Versions(kObject1);

  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].user.account_id, "jlee");
  EXPECT_EQ(versions[1].user.account_id, "jlee2");
}

}  // namespace
}  // namespace signtrail::testing
