#include "query/identity_resolver.h"

#include <gtest/gtest.h>

#include "fake_store.h"
#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::Account;
using testing::At;
using testing::FakeStore;
using testing::MakeDirectoryBatch;

constexpr char kFmartinId[] = "00000000-0000-0000-0000-000000000021";
constexpr char kJleeId[] = "00000000-0000-0000-0000-000000000031";
constexpr char kUnknownId[] = "00000000-0000-0000-0000-000000000099";
constexpr char kDanaId[] = "00000000-0000-0000-0000-000000000011";

// D365 Users export: admin without an object id, fmartin with one.
void LoadD365Users(FakeStore& store) {
  ASSERT_TRUE(store
                  .CommitDirectoryBatch(MakeDirectoryBatch(
                      "d365-users:default", "d365-users", At("2024-01-01T00:00:00Z"),
                      {Account("admin", "", "admin", "Admin", "admin@contoso.example"),
                       Account("fmartin", kFmartinId, "fmartin", "Frank Martin",
                               "fmartin@contoso.example")}))
                  .ok());
}

TEST(IdentityResolver, MapsD365Account) {
  FakeStore store;
  LoadD365Users(store);
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping =
      resolver.Resolve(kFmartinId, At("2024-06-01T08:00:00Z"), "lcs-logins");

  ASSERT_TRUE(mapping.ok()) << mapping.status().message();
  EXPECT_EQ(mapping->state, MappingState::kMapped);
  EXPECT_EQ(mapping->login, "fmartin");
  EXPECT_EQ(mapping->user_name, "Frank Martin");
  EXPECT_EQ(mapping->email, "fmartin@contoso.example");
  EXPECT_EQ(mapping->directory_source, "d365-users:default");
  EXPECT_EQ(mapping->ambiguity, "");
}

TEST(IdentityResolver, UnknownIdIsUnmapped) {
  FakeStore store;
  LoadD365Users(store);
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping =
      resolver.Resolve(kUnknownId, At("2024-06-01T08:00:00Z"), "lcs-logins");

  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->state, MappingState::kUnmapped);
  EXPECT_EQ(mapping->login, "");
  EXPECT_EQ(mapping->user_name, "");
  EXPECT_EQ(mapping->email, "");
}

TEST(IdentityResolver, EmptyIdMatchesNoEmptyObjectId) {
  FakeStore store;
  LoadD365Users(store);
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping = resolver.Resolve("", At("2024-06-01T08:00:00Z"), "lcs-logins");

  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->state, MappingState::kUnmapped);
  EXPECT_EQ(mapping->login, "");
  EXPECT_EQ(store.find_versions_calls, 0);
}

// Returns the admin account, whose object id is empty, for every lookup, so
// the test exercises the resolver's own check rather than the store's.
class LooseStore : public FakeStore {
 public:
  Result<std::vector<DirectoryVersion>> FindDirectoryVersions(const std::string&) override {
    return std::vector<DirectoryVersion>{
        {.source = "d365-users:default",
         .format = "d365-users",
         .user = Account("admin", "", "admin", "Admin", ""),
         .effective_from = At("2024-01-01T00:00:00Z"),
         .effective_to = std::nullopt}};
  }
};

TEST(IdentityResolver, EmptyObjectIdNeverMatches) {
  LooseStore store;
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping =
      resolver.Resolve(kUnknownId, At("2024-06-01T08:00:00Z"), "lcs-logins");

  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->state, MappingState::kUnmapped);
  EXPECT_EQ(mapping->login, "");
}

TEST(IdentityResolver, AccountIdIgnoresAsciiCase) {
  LooseStore store;
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping =
      resolver.Resolve("ADMIN", At("2024-06-01T08:00:00Z"), "d365-userlog");

  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->state, MappingState::kMapped);
  EXPECT_EQ(mapping->login, "admin");
}

TEST(IdentityResolver, MatchesAccountId) {
  FakeStore store;
  LoadD365Users(store);
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping =
      resolver.Resolve("admin", At("2024-06-01T08:00:00Z"), "d365-userlog");

  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->state, MappingState::kMapped);
  EXPECT_EQ(mapping->user_name, "Admin");
}

TEST(IdentityResolver, SharedObjectIdIsAmbiguous) {
  FakeStore store;
  ASSERT_TRUE(store
                  .CommitDirectoryBatch(MakeDirectoryBatch(
                      "d365-users:default", "d365-users", At("2024-01-01T00:00:00Z"),
                      {Account("jlee2", kJleeId, "jlee2", "Jamie Lee", "jlee@contoso.example"),
                       Account("jlee", kJleeId, "jlee", "Jamie Lee", "jlee@contoso.example")}))
                  .ok());
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping =
      resolver.Resolve(kJleeId, At("2024-06-01T08:00:00Z"), "lcs-logins");

  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->state, MappingState::kAmbiguous);
  EXPECT_EQ(mapping->ambiguity,
            "2 D365 accounts share object id 00000000-0000-0000-0000-000000000031: jlee, jlee2");
  EXPECT_EQ(mapping->login, "");
  EXPECT_EQ(mapping->user_name, "");
  EXPECT_EQ(mapping->email, "");
}

TEST(IdentityResolver, AmbiguityDoesNotFallBack) {
  FakeStore store;
  ASSERT_TRUE(store
                  .CommitDirectoryBatch(MakeDirectoryBatch(
                      "d365-users:default", "d365-users", At("2024-01-01T00:00:00Z"),
                      {Account("jlee", kJleeId, "jlee", "Jamie Lee", ""),
                       Account("jlee2", kJleeId, "jlee2", "Jamie Lee", "")}))
                  .ok());
  ASSERT_TRUE(store
                  .CommitDirectoryBatch(MakeDirectoryBatch(
                      "entra-users:contoso", "entra-users", At("2024-01-01T00:00:00Z"),
                      {Account(kJleeId, kJleeId, "jlee@contoso.example", "Jamie Lee",
                               "jlee@contoso.example")}))
                  .ok());
  IdentityResolver resolver(store);

  Result<IdentityMapping> d365 = resolver.Resolve(kJleeId, At("2024-06-01T08:00:00Z"), "lcs-logins");
  Result<IdentityMapping> entra =
      resolver.Resolve(kJleeId, At("2024-06-01T08:00:00Z"), "entra-json");

  ASSERT_TRUE(d365.ok());
  ASSERT_TRUE(entra.ok());
  EXPECT_EQ(d365->state, MappingState::kAmbiguous);
  EXPECT_EQ(entra->state, MappingState::kMapped);
  EXPECT_EQ(entra->login, "jlee@contoso.example");
}

TEST(IdentityResolver, AmbiguityAcrossDirectoriesNamesSources) {
  FakeStore store;
  for (const char* source : {"d365-users:prod", "d365-users:test"}) {
    ASSERT_TRUE(store
                    .CommitDirectoryBatch(MakeDirectoryBatch(
                        source, "d365-users", At("2024-01-01T00:00:00Z"),
                        {Account("jlee", kJleeId, "jlee", "Jamie Lee", "")}))
                    .ok());
  }
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping =
      resolver.Resolve(kJleeId, At("2024-06-01T08:00:00Z"), "lcs-logins");

  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->ambiguity,
            "2 D365 accounts share object id 00000000-0000-0000-0000-000000000031: "
            "jlee (d365-users:prod), jlee (d365-users:test)");
}

TEST(IdentityResolver, EntraFormatPrefersEntraDirectory) {
  FakeStore store;
  LoadD365Users(store);
  ASSERT_TRUE(store
                  .CommitDirectoryBatch(MakeDirectoryBatch(
                      "entra-users:contoso", "entra-users", At("2024-01-01T00:00:00Z"),
                      {Account(kFmartinId, kFmartinId, "frank.martin@contoso.example",
                               "Frank Martin (Entra)", "frank.martin@contoso.example")}))
                  .ok());
  IdentityResolver resolver(store);

  Result<IdentityMapping> entra =
      resolver.Resolve(kFmartinId, At("2024-06-01T08:00:00Z"), "entra-csv");
  Result<IdentityMapping> d365 =
      resolver.Resolve(kFmartinId, At("2024-06-01T08:00:00Z"), "lcs-logins");

  ASSERT_TRUE(entra.ok());
  ASSERT_TRUE(d365.ok());
  EXPECT_EQ(entra->login, "frank.martin@contoso.example");
  EXPECT_EQ(entra->user_name, "Frank Martin (Entra)");
  EXPECT_EQ(d365->login, "fmartin");
  EXPECT_EQ(d365->user_name, "Frank Martin");
}

TEST(IdentityResolver, FallsBackToOtherDirectoryKind) {
  FakeStore store;
  ASSERT_TRUE(store
                  .CommitDirectoryBatch(MakeDirectoryBatch(
                      "entra-users:contoso", "entra-users", At("2024-01-01T00:00:00Z"),
                      {Account(kFmartinId, kFmartinId, "frank.martin@contoso.example",
                               "Frank Martin", "frank.martin@contoso.example")}))
                  .ok());
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping =
      resolver.Resolve(kFmartinId, At("2024-06-01T08:00:00Z"), "lcs-logins");

  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->state, MappingState::kMapped);
  EXPECT_EQ(mapping->login, "frank.martin@contoso.example");
  EXPECT_EQ(mapping->directory_source, "entra-users:contoso");
}

// A guest's sign-in record carries the guest's email as its UPN; the join is
// on the object id, and the directory UPN and mail both come back.
TEST(IdentityResolver, GuestShowsDirectoryUpnAndType) {
  FakeStore store;
  DirectoryUser dana = Account(kDanaId, kDanaId, "dana_partner.example#EXT#@contoso.onmicrosoft.com",
                               "Dana Guest", "dana@partner.example");
  dana.user_type = "Guest";
  ASSERT_TRUE(store
                  .CommitDirectoryBatch(MakeDirectoryBatch(
                      "entra-users:contoso", "entra-users", At("2024-01-01T00:00:00Z"), {dana}))
                  .ok());
  IdentityResolver resolver(store);

  Result<IdentityMapping> mapping =
      resolver.Resolve(kDanaId, At("2024-06-01T08:00:00Z"), "entra-json");

  ASSERT_TRUE(mapping.ok());
  EXPECT_EQ(mapping->login, "dana_partner.example#EXT#@contoso.onmicrosoft.com");
  EXPECT_EQ(mapping->user_name, "Dana Guest");
  EXPECT_EQ(mapping->email, "dana@partner.example");
  EXPECT_EQ(mapping->user_type, "Guest");
}

class IdentityVersions : public ::testing::Test {
 protected:
  void SetUp() override {
    // January snapshot, then a June snapshot in which fmartin was renamed.
    ASSERT_TRUE(store_
                    .CommitDirectoryBatch(MakeDirectoryBatch(
                        "d365-users:default", "d365-users", At("2024-01-01T00:00:00Z"),
                        {Account("fmartin", kFmartinId, "fmartin", "Frank Martin",
                                 "fmartin@contoso.example")}))
                    .ok());
    ASSERT_TRUE(store_
                    .CommitDirectoryBatch(MakeDirectoryBatch(
                        "d365-users:default", "d365-users", At("2024-06-01T00:00:00Z"),
                        {Account("fmartin", kFmartinId, "fmartin", "Frank Martin-Li",
                                 "fmartin-li@contoso.example")}))
                    .ok());
  }

  std::string NameAt(std::string_view time) {
    IdentityResolver resolver(store_);
    Result<IdentityMapping> mapping = resolver.Resolve(kFmartinId, At(time), "lcs-logins");
    EXPECT_TRUE(mapping.ok());
    return mapping.ok() ? mapping->user_name : "";
  }

  FakeStore store_;
};

TEST_F(IdentityVersions, OldNameBeforeChange) {
  EXPECT_EQ(NameAt("2024-05-31T23:59:59Z"), "Frank Martin");
}

TEST_F(IdentityVersions, NewNameFromChange) { EXPECT_EQ(NameAt("2024-06-01T00:00:00Z"), "Frank Martin-Li"); }

TEST_F(IdentityVersions, EarliestBeforeEverySnapshot) {
  EXPECT_EQ(NameAt("2023-12-31T08:00:00Z"), "Frank Martin");
}

// The first lookup after a mapping is computed is its first use. Lookups
// served from the cache are not, until a start outside the mapping's span
// computes it again.
TEST_F(IdentityVersions, LookupMarksFirstUseOfEachMapping) {
  IdentityResolver resolver(store_);
  const auto first_use = [&](std::string_view time, std::string_view format) {
    Result<IdentityResolver::Use> use = resolver.Lookup(kFmartinId, At(time), format);
    EXPECT_TRUE(use.ok());
    return use.ok() && use->first_use;
  };

  EXPECT_TRUE(first_use("2024-02-01T08:00:00Z", "lcs-logins"));
  EXPECT_FALSE(first_use("2024-03-01T08:00:00Z", "lcs-logins"));
  EXPECT_TRUE(first_use("2024-03-01T08:00:00Z", "entra-json"));  // another preference
  EXPECT_TRUE(first_use("2024-07-01T08:00:00Z", "lcs-logins"));  // the June version
  EXPECT_FALSE(first_use("2024-08-01T08:00:00Z", "lcs-logins"));
  EXPECT_TRUE(first_use("2024-04-01T08:00:00Z", "lcs-logins"));  // back before June
}

TEST(IdentityResolver, EveryLookupOfEmptyIdIsFirstUse) {
  FakeStore store;
  LoadD365Users(store);
  IdentityResolver resolver(store);

  for (int i = 0; i < 2; ++i) {
    Result<IdentityResolver::Use> use = resolver.Lookup("", At("2024-06-01T08:00:00Z"), "lcs-logins");
    ASSERT_TRUE(use.ok());
    EXPECT_TRUE(use->first_use);
    EXPECT_EQ(use->mapping->state, MappingState::kUnmapped);
  }
}

TEST(IdentityResolver, CachesPerUserId) {
  FakeStore store;
  LoadD365Users(store);
  IdentityResolver resolver(store);

  ASSERT_TRUE(resolver.Resolve(kFmartinId, At("2024-06-01T08:00:00Z"), "lcs-logins").ok());
  ASSERT_TRUE(resolver.Resolve(kFmartinId, At("2024-06-02T08:00:00Z"), "lcs-logins").ok());
  ASSERT_TRUE(resolver.Resolve(kUnknownId, At("2024-06-02T08:00:00Z"), "lcs-logins").ok());

  EXPECT_EQ(store.find_versions_calls, 2);
}

TEST(MappingStateName, NamesEveryState) {
  EXPECT_EQ(MappingStateName(MappingState::kMapped), "mapped");
  EXPECT_EQ(MappingStateName(MappingState::kUnmapped), "unmapped");
  EXPECT_EQ(MappingStateName(MappingState::kAmbiguous), "ambiguous");
}

}  // namespace
}  // namespace signtrail
