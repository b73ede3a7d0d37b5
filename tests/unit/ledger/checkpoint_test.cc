#include "ledger/checkpoint.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace signtrail::ledger {
namespace {

// The root of the 8-leaf RFC 6962 reference tree.
constexpr std::string_view kRoot8 = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";

Checkpoint ExampleCheckpoint() {
  Checkpoint checkpoint;
  checkpoint.origin = "example.com/log";
  checkpoint.size = 8;
  checkpoint.root = *HashFromBase64(kRoot8);
  return checkpoint;
}

std::string Body(std::string_view origin, std::string_view size, std::string_view root) {
  return std::string(origin) + "\n" + std::string(size) + "\n" + std::string(root) + "\n";
}

TEST(FormatCheckpointBody, ThreeLines) {
  EXPECT_EQ(FormatCheckpointBody(ExampleCheckpoint()),
            "example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n");
}

TEST(FormatCheckpointBody, EmptyTree) {
  Checkpoint checkpoint;
  checkpoint.origin = "example.com/log";
  checkpoint.root = EmptyRoot();
  EXPECT_EQ(FormatCheckpointBody(checkpoint),
            "example.com/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
}

TEST(ParseCheckpointBody, RoundTrip) {
  Result<Checkpoint> parsed = ParseCheckpointBody(FormatCheckpointBody(ExampleCheckpoint()));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->origin, "example.com/log");
  EXPECT_EQ(parsed->size, 8u);
  EXPECT_EQ(parsed->root, ExampleCheckpoint().root);
}

TEST(ParseCheckpointBody, EmptyTreeAccepted) {
  Result<Checkpoint> parsed =
      ParseCheckpointBody(Body("example.com/log", "0", ToBase64(EmptyRoot())));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->size, 0u);
}

TEST(ParseCheckpointBody, EmptyTreeOtherRootRejected) {
  Result<Checkpoint> parsed = ParseCheckpointBody(Body("example.com/log", "0", kRoot8));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "checkpoint line 3: a tree of size 0 must have the empty-tree root "
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=, not "
            "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=");
}

TEST(ParseCheckpointBody, LargestSizeAccepted) {
  Result<Checkpoint> parsed =
      ParseCheckpointBody(Body("example.com/log", "18446744073709551615", kRoot8));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->size, 18446744073709551615u);
}

TEST(ParseCheckpointBody, LeadingZerosRejected) {
  Result<Checkpoint> parsed = ParseCheckpointBody(Body("example.com/log", "08", kRoot8));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(parsed.status().message(),
            "checkpoint line 2: tree size '08' has leading zeros, which checkpoints do not allow");
}

TEST(ParseCheckpointBody, BadSizesRejected) {
  for (std::string_view size : {"-8", "+8", "8 ", " 8", "0x8", "8.0", "eight",
                                "18446744073709551616", "99999999999999999999999"}) {
    EXPECT_FALSE(ParseCheckpointBody(Body("example.com/log", size, kRoot8)).ok()) << size;
  }
}

TEST(ParseCheckpointBody, BadBase64Rejected) {
  Result<Checkpoint> parsed =
      ParseCheckpointBody(Body("example.com/log", "8", "XcnaeacGWamtVZy3Ad7Zoqud!jqtL0lgz+Nw7/RgQyg="));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message().rfind("checkpoint line 3: root hash ", 0), 0u)
      << parsed.status().message();
}

TEST(ParseCheckpointBody, NonCanonicalBase64Rejected) {
  // The last character differs only in the unused padding bits.
  EXPECT_FALSE(ParseCheckpointBody(
                   Body("example.com/log", "8", "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh="))
                   .ok());
}

TEST(ParseCheckpointBody, ShortRootRejected) {
  const std::string root31 = ToBase64(std::string(31, '\x5d'));
  Result<Checkpoint> parsed = ParseCheckpointBody(Body("example.com/log", "8", root31));
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("decodes to 31 bytes"), std::string::npos)
      << parsed.status().message();
}

TEST(ParseCheckpointBody, MissingNewlineRejected) {
  std::string body = FormatCheckpointBody(ExampleCheckpoint());
  body.pop_back();
  Result<Checkpoint> parsed = ParseCheckpointBody(body);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "checkpoint does not end with a newline");
}

TEST(ParseCheckpointBody, ExtraLineRejected) {
  Result<Checkpoint> parsed =
      ParseCheckpointBody(FormatCheckpointBody(ExampleCheckpoint()) + "extension\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "checkpoint line 4: extension lines are not accepted, since signtrail writes "
            "checkpoints of exactly 3 lines");
}

TEST(ParseCheckpointBody, TwoLinesRejected) {
  Result<Checkpoint> parsed = ParseCheckpointBody("example.com/log\n8\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "checkpoint has 2 lines, but needs 3: origin, tree size and root hash");
}

TEST(ParseCheckpointBody, EmptyLineRejected) {
  Result<Checkpoint> parsed = ParseCheckpointBody("example.com/log\n\n8\n" + std::string(kRoot8) + "\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "checkpoint line 2 is empty");
}

TEST(ParseCheckpointBody, EmptyOriginRejected) {
  EXPECT_FALSE(ParseCheckpointBody(Body("", "8", kRoot8)).ok());
}

TEST(ParseCheckpointBody, ControlCharacterInOriginRejected) {
  EXPECT_FALSE(ParseCheckpointBody(Body("example.com/log\r", "8", kRoot8)).ok());
}

TEST(ParseCheckpointBody, CrLfRejected) {
  EXPECT_FALSE(ParseCheckpointBody("example.com/log\r\n8\r\n" + std::string(kRoot8) + "\r\n").ok());
}

}  // namespace
}  // namespace signtrail::ledger
