#include "ledger/hash.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/ledger/memory_node_source.h"

namespace signtrail::ledger {
namespace {

using testing::BytesFromHex;
using testing::ReferenceTreeEntries;

TEST(Sha256, EmptyString) {
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, Abc) {
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, RepeatedCallsAgree) {
  const Hash first = Sha256("signtrail");
  Sha256("something else in between");
  EXPECT_EQ(Sha256("signtrail"), first);
}

TEST(EmptyRoot, IsSha256OfNothing) {
  EXPECT_EQ(ToHex(EmptyRoot()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(HashLeaf, ReferenceTreeLeaves) {
  const std::vector<std::string> expected = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
      "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
  };
  const std::vector<std::string> entries = ReferenceTreeEntries();
  ASSERT_EQ(entries.size(), expected.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(ToHex(HashLeaf(entries[i])), expected[i]) << "leaf " << i;
  }
}

TEST(HashLeaf, PrefixesZeroByte) {
  EXPECT_EQ(HashLeaf("abc"), Sha256(std::string("\0abc", 4)));
}

TEST(HashChildren, TwoLeafRoot) {
  const std::vector<std::string> entries = ReferenceTreeEntries();
  EXPECT_EQ(ToHex(HashChildren(HashLeaf(entries[0]), HashLeaf(entries[1]))),
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
}

TEST(HashChildren, PrefixesOneByte) {
  const Hash left = Sha256("left");
  const Hash right = Sha256("right");
  std::string input = "\x01";
  input.append(reinterpret_cast<const char*>(left.data()), left.size());
  input.append(reinterpret_cast<const char*>(right.data()), right.size());
  EXPECT_EQ(HashChildren(left, right), Sha256(input));
}

TEST(HashChildren, OrderMatters) {
  const Hash left = Sha256("left");
  const Hash right = Sha256("right");
  EXPECT_NE(HashChildren(left, right), HashChildren(right, left));
}

struct Base64Case {
  std::string bytes;
  std::string text;
};

// RFC 4648 section 10 test vectors.
const std::vector<Base64Case> kRfc4648Cases = {
    {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
};

TEST(ToBase64, Rfc4648Vectors) {
  for (const Base64Case& c : kRfc4648Cases) EXPECT_EQ(ToBase64(c.bytes), c.text) << c.bytes;
}

TEST(FromBase64, Rfc4648Vectors) {
  for (const Base64Case& c : kRfc4648Cases) {
    Result<std::string> bytes = FromBase64(c.text);
    ASSERT_TRUE(bytes.ok()) << c.text << ": " << bytes.status().message();
    EXPECT_EQ(*bytes, c.bytes) << c.text;
  }
}

TEST(FromBase64, BinaryRoundTrip) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  Result<std::string> decoded = FromBase64(ToBase64(bytes));
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, bytes);
}

TEST(FromBase64, RejectsDamagedText) {
  const std::vector<std::string> damaged = {
      "Zg",        // padding missing
      "Zg=",       // length not a multiple of 4
      "Z===",      // three padding characters
      "=Zm9",      // padding at the start
      "Zm=v",      // padding in the middle
      "Zm9v\n",    // trailing newline
      " Zm9v",     // leading space
      "Zm9-",      // URL-safe alphabet
      "Zm9_",      // URL-safe alphabet
      "Zh==",      // non-zero bits in the padding
      "Zm9=",      // non-zero bits in the padding
  };
  for (const std::string& text : damaged) {
    EXPECT_FALSE(FromBase64(text).ok()) << "'" << text << "'";
  }
}

TEST(FromBase64, NulByteRejected) {
  EXPECT_FALSE(FromBase64(std::string("Zm9\0", 4)).ok());
}

TEST(FromBase64, MessageNamesValue) {
  Result<std::string> bytes = FromBase64("Zh==");
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bytes.status().message(),
            "'Zh==' is not canonical base64: the unused bits before the '=' padding must be zero");
}

TEST(HashFromBase64, RoundTrip) {
  const Hash hash = Sha256("x");
  Result<Hash> decoded = HashFromBase64(ToBase64(hash));
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, hash);
}

TEST(HashFromBase64, Rejects31Bytes) {
  Result<Hash> decoded = HashFromBase64(ToBase64(std::string(31, 'a')));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().message(),
            "'YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYQ==' decodes to 31 bytes, but a "
            "SHA-256 hash has 32");
}

TEST(HashFromBase64, Rejects33Bytes) {
  EXPECT_FALSE(HashFromBase64(ToBase64(std::string(33, 'a'))).ok());
}

TEST(HashFromHex, RoundTrip) {
  const Hash hash = Sha256("x");
  Result<Hash> decoded = HashFromHex(ToHex(hash));
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, hash);
}

TEST(HashFromHex, AcceptsUpperCase) {
  Result<Hash> decoded =
      HashFromHex("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855");
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, EmptyRoot());
}

TEST(HashFromHex, RejectsShortText) {
  Result<Hash> decoded =
      HashFromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidInput);
}

TEST(HashFromHex, RejectsNonHexDigit) {
  Result<Hash> decoded =
      HashFromHex("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("character 1 is not a hex digit"),
            std::string::npos)
      << decoded.status().message();
}

TEST(BytesFromHex, DecodesTestInput) { EXPECT_EQ(BytesFromHex("2021"), " !"); }

}  // namespace
}  // namespace signtrail::ledger
