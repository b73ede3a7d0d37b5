#include <gtest/gtest.h>

#include <string>

#include "sources/table.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using ::signtrail::testing::ReadFileBytes;
using ::signtrail::testing::TestDataPath;

TEST(DecodeText, Utf8WithoutBomUnchanged) {
  Result<std::string> text = DecodeText("User\nZo\xC3\xAB\n", "a.csv");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "User\nZo\xC3\xAB\n");
}

TEST(DecodeText, Utf8BomStripped) {
  Result<std::string> text = DecodeText(ReadFileBytes(TestDataPath("readers/bom_crlf.csv")), "x");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text,
            "Date (UTC),User,Status\r\n2024-06-01T08:00:00Z,alice@contoso.example,Success\r\n");
}

TEST(DecodeText, EmptyInput) {
  Result<std::string> text = DecodeText("", "a.csv");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "");
}

TEST(DecodeText, Utf16LeFile) {
  Result<std::string> text =
      DecodeText(ReadFileBytes(TestDataPath("readers/utf16le_tab.txt")), "utf16le_tab.txt");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text,
            "User\tName\tNote\r\n"
            "zoe\tZo\xC3\xAB M\xC3\xBCller\t\xF0\x9F\x98\x80 ok\r\n"
            "\"bob\"\t\"Bob\tB\"\t\r\n");
}

TEST(DecodeText, Utf16BeWithBom) {
  Result<std::string> text = DecodeText(std::string("\xFE\xFF\x00\x41\x00\xEB", 6), "a.txt");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "A\xC3\xAB");
}

TEST(DecodeText, Utf16SurrogatePair) {
  // U+1F600 is D83D DE00.
  Result<std::string> text = DecodeText(std::string("\xFF\xFE\x3D\xD8\x00\xDE", 6), "a.txt");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "\xF0\x9F\x98\x80");
}

TEST(DecodeText, Utf16ThreeByteCharacter) {
  // U+20AC, the euro sign.
  Result<std::string> text = DecodeText(std::string("\xFF\xFE\xAC\x20", 4), "a.txt");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "\xE2\x82\xAC");
}

TEST(DecodeText, UnpairedHighSurrogate) {
  Result<std::string> text =
      DecodeText(std::string("\xFF\xFE\x41\x00\x3D\xD8\x41\x00", 8), "names.txt");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(text.status().message(),
            "names.txt: invalid UTF-16 at byte offset 4: unpaired surrogate 0xD83D; "
            "save the file as UTF-8 or UTF-16");
}

TEST(DecodeText, HighSurrogateAtEnd) {
  Result<std::string> text = DecodeText(std::string("\xFF\xFE\x3D\xD8", 4), "names.txt");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(),
            "names.txt: invalid UTF-16 at byte offset 2: unpaired surrogate 0xD83D; "
            "save the file as UTF-8 or UTF-16");
}

TEST(DecodeText, LoneLowSurrogate) {
  Result<std::string> text = DecodeText(std::string("\xFF\xFE\x41\x00\x00\xDE", 6), "names.txt");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(),
            "names.txt: invalid UTF-16 at byte offset 4: unpaired surrogate 0xDE00; "
            "save the file as UTF-8 or UTF-16");
}

TEST(DecodeText, Utf16OddLength) {
  Result<std::string> text = DecodeText(std::string("\xFF\xFE\x41\x00\x42", 5), "cut.txt");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(text.status().message(),
            "cut.txt: UTF-16 text has an odd number of bytes (5), so the file is truncated; "
            "save it again as UTF-8 or UTF-16");
}

TEST(DecodeText, InvalidUtf8File) {
  Result<std::string> text =
      DecodeText(ReadFileBytes(TestDataPath("readers/invalid_utf8.csv")), "invalid_utf8.csv");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(text.status().message(),
            "invalid_utf8.csv: invalid UTF-8 at byte offset 29; save the file as UTF-8 or UTF-16");
}

TEST(DecodeText, InvalidUtf8OffsetCountsBom) {
  const std::string bytes = std::string("\xEF\xBB\xBF") + "A\xFF";
  Result<std::string> text = DecodeText(bytes, "a.csv");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().message(),
            "a.csv: invalid UTF-8 at byte offset 4; save the file as UTF-8 or UTF-16");
}

// Byte sequences that look like UTF-8 but are not, each found at offset 1.
TEST(DecodeText, RejectsMalformedSequences) {
  const char* const cases[] = {
      "A\xC0\xAF",          // overlong '/'
      "A\xE0\x80\xAF",      // overlong, three bytes
      "A\xED\xA0\x80",      // encoded surrogate U+D800
      "A\xF4\x90\x80\x80",  // above U+10FFFF
      "A\xE2\x82",          // truncated at the end
      "A\x80",              // continuation byte without a lead
      "A\xF8\x88\x80\x80",  // five-byte form
  };
  for (const char* bytes : cases) {
    Result<std::string> text = DecodeText(bytes, "a.csv");
    ASSERT_FALSE(text.ok()) << bytes;
    EXPECT_EQ(text.status().message(),
              "a.csv: invalid UTF-8 at byte offset 1; save the file as UTF-8 or UTF-16");
  }
}

TEST(DecodeText, AcceptsFourByteSequence) {
  Result<std::string> text = DecodeText("\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF", "a.csv");
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
}

}  // namespace
}  // namespace signtrail
