#include <gtest/gtest.h>

#include "ingest/source_name.h"

namespace signtrail {
namespace {

const FormatInfo kEntraJson{"entra-json", FormatKind::kSignIns, "entra", "Entra sign-ins"};

std::string Resolved(const std::optional<std::string>& requested) {
  Result<std::string> name = ResolveSourceName(kEntraJson, requested);
  EXPECT_TRUE(name.ok()) << name.status().message();
  return name.ok() ? *name : "";
}

TEST(ResolveSourceName, DefaultInstance) { EXPECT_EQ(Resolved(std::nullopt), "entra:default"); }

TEST(ResolveSourceName, InstanceOnly) { EXPECT_EQ(Resolved("contoso"), "entra:contoso"); }

TEST(ResolveSourceName, FullName) {
  EXPECT_EQ(Resolved("entra:contoso-eu_2.prod"), "entra:contoso-eu_2.prod");
}

TEST(ResolveSourceName, OtherKindIsRejected) {
  Result<std::string> name = ResolveSourceName(kEntraJson, std::string("lcs-logins:contoso"));

  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(name.status().message(),
            "--source 'lcs-logins:contoso' names source kind 'lcs-logins', but format "
            "'entra-json' belongs to source kind 'entra'; use --source entra:contoso or give "
            "only the instance name");
}

TEST(ResolveSourceName, BadInstanceIsRejected) {
  const std::string cases[] = {"", "entra:", "two words", "entra:a/b", "entra:x:y", "tenant@1"};
  for (const std::string& requested : cases) {
    Result<std::string> name = ResolveSourceName(kEntraJson, requested);
    ASSERT_FALSE(name.ok()) << requested;
    EXPECT_EQ(name.status().code(), StatusCode::kInvalidArgument) << requested;
  }
}

TEST(ResolveSourceName, BadInstanceMessage) {
  Result<std::string> name = ResolveSourceName(kEntraJson, std::string("two words"));

  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.status().message(),
            "--source 'two words': instance name 'two words' is invalid; use letters, digits, "
            "'.', '_' or '-', e.g. --source contoso");
}

}  // namespace
}  // namespace signtrail
