#include <gtest/gtest.h>

#include "store/json_text.h"

namespace signtrail {
namespace {

TEST(JsonStringArray, Encodes) {
  EXPECT_EQ(ToJsonStringArray({}), "[]");
  EXPECT_EQ(ToJsonStringArray({"a", "b\"c", "d\\e", "f\ng", std::string("\x01", 1)}),
            R"(["a","b\"c","d\\e","f\ng","\u0001"])");
}

TEST(JsonStringArray, RoundTripsUtf8) {
  const std::vector<std::string> values = {"caf\xc3\xa9", "", "tab\there", "\xe2\x82\xac 5"};

  Result<std::vector<std::string>> decoded =
      ParseJsonStringArray(ToJsonStringArray(values), "warnings");

  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, values);
}

TEST(JsonStringArray, InvalidUtf8BecomesText) {
  const std::string json = ToJsonStringArray({"bad \xff byte"});

  EXPECT_EQ(json, R"(["bad \\xff byte"])");
  Result<std::vector<std::string>> decoded = ParseJsonStringArray(json, "warnings");
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, std::vector<std::string>{"bad \\xff byte"});
}

TEST(JsonStringArray, RejectsOtherJson) {
  for (const std::string json : {"{}", "[1]", "not json", "[\"a\""}) {
    Result<std::vector<std::string>> decoded = ParseJsonStringArray(json, "warnings");
    ASSERT_FALSE(decoded.ok()) << json;
    EXPECT_EQ(decoded.status().code(), StatusCode::kStoreError) << json;
  }
}

TEST(JsonStringArray, ErrorNamesColumn) {
  Result<std::vector<std::string>> decoded = ParseJsonStringArray("[1]", "sign_in_types");

  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().message(),
            "stored sign_in_types value '[1]' is not a JSON array of strings");
}

}  // namespace
}  // namespace signtrail
