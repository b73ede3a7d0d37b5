#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sources/importers.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using ::signtrail::testing::ReadFileBytes;
using ::signtrail::testing::TestDataPath;

Result<DirectoryImportOutput> ImportFixture(std::string_view name,
                                            OnError on_error = OnError::kFail) {
  ImportOptions options;
  options.file_name = std::string(name);
  options.on_error = on_error;
  return ImportD365Users(
      ReadFileBytes(TestDataPath(std::string("d365-users/") + std::string(name))), options);
}

std::vector<std::string> AccountIds(const DirectoryImportOutput& output) {
  std::vector<std::string> ids;
  for (const DirectoryUser& user : output.users) ids.push_back(user.account_id);
  return ids;
}

TEST(ImportD365Users, ReadsEveryRow) {
  Result<DirectoryImportOutput> output = ImportFixture("users.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 5);
  EXPECT_EQ(AccountIds(*output),
            (std::vector<std::string>{"admin", "fmartin", "jlee", "jlee2", "svc-batch"}));
  EXPECT_TRUE(output->rejects.empty());
}

TEST(ImportD365Users, UserFields) {
  Result<DirectoryImportOutput> output = ImportFixture("users.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 5u);
  const DirectoryUser& user = output->users[1];
  EXPECT_EQ(user.account_id, "fmartin");
  EXPECT_EQ(user.login, "fmartin");
  EXPECT_EQ(user.object_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(user.display_name, "Martin, Frank");
  EXPECT_EQ(user.email, "fmartin@contoso.example");
  EXPECT_EQ(user.enabled, true);
  EXPECT_EQ(user.provider, "https://sts.windows.net/");
  EXPECT_EQ(user.user_type, "");
}

TEST(ImportD365Users, RowOrigin) {
  Result<DirectoryImportOutput> output = ImportFixture("users.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 5u);
  const DirectoryUser& user = output->users[1];
  EXPECT_EQ(user.line, 3);
  EXPECT_EQ(user.offset, 128);
  EXPECT_EQ(user.raw,
            "fmartin,\"Martin, Frank\",fmartin@contoso.example,"
            "00000000-0000-0000-0000-000000000021,Yes,https://sts.windows.net/");
}

TEST(ImportD365Users, BlankObjectIdNotGuessed) {
  Result<DirectoryImportOutput> output = ImportFixture("users.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 5u);
  EXPECT_EQ(output->users[0].account_id, "admin");
  EXPECT_EQ(output->users[0].object_id, "");
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            "users.csv: 1 user has no object id, so sign-ins cannot be matched to it: admin");
}

TEST(ImportD365Users, SharedObjectIdKeepsBoth) {
  Result<DirectoryImportOutput> output = ImportFixture("users.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 5u);
  EXPECT_EQ(output->users[2].account_id, "jlee");
  EXPECT_EQ(output->users[2].object_id, "00000000-0000-0000-0000-000000000031");
  EXPECT_EQ(output->users[3].account_id, "jlee2");
  EXPECT_EQ(output->users[3].object_id, "00000000-0000-0000-0000-000000000031");
  EXPECT_EQ(output->users[3].enabled, false);
}

TEST(ImportD365Users, BracedObjectIdLowerCased) {
  Result<DirectoryImportOutput> output = ImportFixture("users.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 5u);
  const DirectoryUser& user = output->users[4];
  EXPECT_EQ(user.object_id, "0000000a-0000-0000-0000-0000000000ff");
  EXPECT_EQ(user.enabled, false);
  EXPECT_EQ(user.email, "");
  EXPECT_EQ(user.provider, "");
}

TEST(ImportD365Users, Xlsx) {
  Result<DirectoryImportOutput> output = ImportFixture("users.xlsx");
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 4);
  EXPECT_EQ(AccountIds(*output), (std::vector<std::string>{"admin", "fmartin", "jlee", "jlee2"}));
  ASSERT_EQ(output->users.size(), 4u);
  EXPECT_EQ(output->users[0].object_id, "");
  EXPECT_EQ(output->users[0].enabled, true);
  EXPECT_EQ(output->users[1].object_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(output->users[1].display_name, "Frank Martin");
  EXPECT_EQ(output->users[1].line, 3);
  EXPECT_EQ(output->users[3].enabled, false);
  EXPECT_EQ(output->users[3].raw,
            "jlee2,Jamie Lee,jlee@contoso.example,00000000-0000-0000-0000-000000000031,FALSE,"
            "https://sts.windows.net/");
}

TEST(ImportD365Users, AliasesSemicolonAndBom) {
  Result<DirectoryImportOutput> output = ImportFixture("aliases_semicolon.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 2u);
  const DirectoryUser& fmartin = output->users[0];
  EXPECT_EQ(fmartin.account_id, "fmartin");
  EXPECT_EQ(fmartin.display_name, "Frank Martin");
  EXPECT_EQ(fmartin.email, "fmartin@contoso.example");
  EXPECT_EQ(fmartin.object_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(fmartin.enabled, true);
  EXPECT_EQ(fmartin.provider, "https://sts.windows.net/");
  const DirectoryUser& admin = output->users[1];
  EXPECT_EQ(admin.object_id, "");
  EXPECT_EQ(admin.enabled, false);
}

TEST(ImportD365Users, BadEnabledFails) {
  Result<DirectoryImportOutput> output = ImportFixture("bad_values.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "bad_values.csv:3: column 'Enabled': value 'maybe' is not valid (expected Yes/No, "
            "True/False, 1/0 or Enabled/Disabled)");
}

TEST(ImportD365Users, BadRowsSkipped) {
  Result<DirectoryImportOutput> output = ImportFixture("bad_values.csv", OnError::kSkip);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 5);
  EXPECT_EQ(AccountIds(*output), (std::vector<std::string>{"alice", "dave"}));
  ASSERT_EQ(output->rejects.size(), 3u);
  EXPECT_EQ(output->rejects[0].line, 3);
  EXPECT_EQ(output->rejects[0].raw, "bob,Bob,maybe,00000000-0000-0000-0000-000000000042");
  EXPECT_EQ(output->rejects[1].line, 4);
  EXPECT_EQ(output->rejects[1].reason,
            "column 'User ID': value is empty; every user needs a User ID");
  EXPECT_EQ(output->rejects[2].line, 5);
  EXPECT_EQ(output->rejects[2].reason,
            "column 'Object ID': value 'not-a-guid' is not a valid object id (expected a GUID "
            "such as 00000000-0000-0000-0000-000000000000, or a blank cell)");
}

TEST(ImportD365Users, RejectOffset) {
  Result<DirectoryImportOutput> output = ImportFixture("bad_values.csv", OnError::kSkip);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->rejects.size(), 3u);
  EXPECT_EQ(output->rejects[0].offset, 89);
}

TEST(ImportD365Users, MissingUserIdColumn) {
  Result<DirectoryImportOutput> output = ImportFixture("missing_user_id.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "missing_user_id.csv: required column 'User ID' not found (accepted names: User ID, "
            "UserId, ID, User); columns found: Name, Email, Telemetry ID");
}

TEST(ImportD365Users, NoObjectIdColumnWarns) {
  Result<DirectoryImportOutput> output = ImportFixture("no_object_id.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 1u);
  EXPECT_EQ(output->users[0].object_id, "");
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            "no_object_id.csv: no object id column (accepted names: Object ID, Telemetry ID, "
            "TelemetryId, ObjectId, Microsoft Entra object ID), so sign-ins keyed on the "
            "Microsoft Entra object id cannot be matched to these users; export the Users page "
            "with that column");
}

TEST(ImportD365Users, ShiftedRowRejected) {
  Result<DirectoryImportOutput> output = ImportFixture("shifted_row.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            "shifted_row.csv:2: row has 4 cells but the header has 3; quote values that contain "
            "the delimiter ','");
}

}  // namespace
}  // namespace signtrail
