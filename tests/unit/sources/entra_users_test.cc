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
  return ImportEntraUsers(
      ReadFileBytes(TestDataPath(std::string("entra-users/") + std::string(name))), options);
}

TEST(ImportEntraUsers, ReadsDownloadCsv) {
  Result<DirectoryImportOutput> output = ImportFixture("users.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 3);
  ASSERT_EQ(output->users.size(), 3u);
  EXPECT_TRUE(output->rejects.empty());
  EXPECT_TRUE(output->warnings.empty());

  const DirectoryUser& member = output->users[0];
  EXPECT_EQ(member.account_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(member.object_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(member.login, "fmartin@contoso.example");
  EXPECT_EQ(member.display_name, "Frank Martin");
  EXPECT_EQ(member.email, "fmartin@contoso.example");
  EXPECT_EQ(member.enabled, true);
  EXPECT_EQ(member.user_type, "Member");
  EXPECT_EQ(member.provider, "");
}

TEST(ImportEntraUsers, GuestKeepsExtUpn) {
  Result<DirectoryImportOutput> output = ImportFixture("users.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 3u);
  const DirectoryUser& guest = output->users[1];
  EXPECT_EQ(guest.object_id, "00000000-0000-0000-0000-000000000011");
  EXPECT_EQ(guest.login, "dana_partner.example#EXT#@contoso.onmicrosoft.com");
  EXPECT_EQ(guest.email, "dana@partner.example");
  EXPECT_EQ(guest.display_name, "Dana Guest");
  EXPECT_EQ(guest.user_type, "Guest");
  EXPECT_EQ(guest.line, 3);
  EXPECT_EQ(guest.offset, 533);
}

TEST(ImportEntraUsers, IdLowerCasedAndDisabled) {
  Result<DirectoryImportOutput> output = ImportFixture("users.csv");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 3u);
  const DirectoryUser& old_account = output->users[2];
  EXPECT_EQ(old_account.account_id, "0000000a-0000-0000-0000-0000000000ff");
  EXPECT_EQ(old_account.object_id, "0000000a-0000-0000-0000-0000000000ff");
  EXPECT_EQ(old_account.enabled, false);
  EXPECT_EQ(old_account.email, "");
}

TEST(ImportEntraUsers, Utf16WithDisplayNames) {
  Result<DirectoryImportOutput> output = ImportFixture("users_utf16.txt");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->users.size(), 1u);
  const DirectoryUser& user = output->users[0];
  EXPECT_EQ(user.object_id, "00000000-0000-0000-0000-000000000051");
  EXPECT_EQ(user.login, "zoe@contoso.example");
  EXPECT_EQ(user.display_name, "Zo\xC3\xAB M\xC3\xBCller");
  EXPECT_EQ(user.email, "zoe@contoso.example");
  EXPECT_EQ(user.enabled, true);
  EXPECT_EQ(user.user_type, "Member");
}

TEST(ImportEntraUsers, MissingUpnColumn) {
  Result<DirectoryImportOutput> output = ImportFixture("missing_upn.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "missing_upn.csv: required column 'userPrincipalName' not found (accepted names: "
            "userPrincipalName, User principal name, UPN); columns found: id, displayName, mail");
}

TEST(ImportEntraUsers, BadIdFails) {
  Result<DirectoryImportOutput> output = ImportFixture("bad_values.csv");
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "bad_values.csv:2: column 'id': value 'fmartin' is not a valid object id (expected a "
            "GUID such as 00000000-0000-0000-0000-000000000000)");
}

TEST(ImportEntraUsers, BadRowsSkipped) {
  Result<DirectoryImportOutput> output = ImportFixture("bad_values.csv", OnError::kSkip);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rows_read, 4);
  ASSERT_EQ(output->users.size(), 1u);
  EXPECT_EQ(output->users[0].login, "good@contoso.example");
  EXPECT_EQ(output->users[0].enabled, std::nullopt);

  ASSERT_EQ(output->rejects.size(), 3u);
  EXPECT_EQ(output->rejects[0].line, 2);
  EXPECT_EQ(output->rejects[0].offset, 36);
  EXPECT_EQ(output->rejects[0].raw, "fmartin,fmartin@contoso.example,True");
  EXPECT_EQ(output->rejects[1].line, 3);
  EXPECT_EQ(output->rejects[1].reason,
            "column 'userPrincipalName': value is empty; every user needs a user principal name");
  EXPECT_EQ(output->rejects[2].line, 4);
  EXPECT_EQ(output->rejects[2].reason,
            "column 'accountEnabled': value 'blocked' is not valid (expected True/False, Yes/No "
            "or 1/0)");
}

}  // namespace
}  // namespace signtrail
