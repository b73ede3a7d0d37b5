#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sources/table.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using ::signtrail::testing::ReadFileBytes;
using ::signtrail::testing::TestDataPath;
using Cells = std::vector<std::string>;

Result<Table> ReadFixture(std::string_view name) {
  return ReadTable(ReadFileBytes(TestDataPath(std::string("readers/") + std::string(name))), name);
}

TEST(ReadCsv, BomAndCrlf) {
  Result<Table> table = ReadFixture("bom_crlf.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Cells{"Date (UTC)", "User", "Status"}));
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].cells,
            (Cells{"2024-06-01T08:00:00Z", "alice@contoso.example", "Success"}));
  EXPECT_EQ(table->rows[0].line, 2);
  EXPECT_EQ(table->rows[0].offset, 24);
  EXPECT_EQ(table->rows[0].raw, "2024-06-01T08:00:00Z,alice@contoso.example,Success");
  EXPECT_EQ(table->delimiter, ',');
}

TEST(ReadCsv, Utf16LeTabDelimited) {
  Result<Table> table = ReadFixture("utf16le_tab.txt");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->delimiter, '\t');
  EXPECT_EQ(table->header, (Cells{"User", "Name", "Note"}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].cells,
            (Cells{"zoe", "Zo\xC3\xAB M\xC3\xBCller", "\xF0\x9F\x98\x80 ok"}));
  EXPECT_EQ(table->rows[1].cells, (Cells{"bob", "Bob\tB", ""}));
  EXPECT_EQ(table->rows[1].line, 3);
  EXPECT_EQ(table->rows[1].raw, "\"bob\"\t\"Bob\tB\"\t");
}

TEST(ReadCsv, SemicolonDelimiter) {
  Result<Table> table = ReadFixture("semicolon.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->delimiter, ';');
  EXPECT_EQ(table->header, (Cells{"User", "Note", "Count"}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].cells, (Cells{"alice", "a;b", "1"}));
  EXPECT_EQ(table->rows[1].cells, (Cells{"bob", "say \"hi\"", "2"}));
}

TEST(ReadCsv, LastLineWithoutLineEnd) {
  Result<Table> table = ReadFixture("semicolon.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[1].line, 3);
  EXPECT_EQ(table->rows[1].offset, 32);
  EXPECT_EQ(table->rows[1].raw, "bob;\"say \"\"hi\"\"\";2");
}

TEST(ReadCsv, TabDelimiterBeatsComma) {
  Result<Table> table = ReadFixture("tab.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->delimiter, '\t');
  EXPECT_EQ(table->header, (Cells{"User", "Note,with comma", "Count"}));
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].cells, (Cells{"alice", "x,y", "1"}));
}

TEST(ReadCsv, QuotedLineBreaks) {
  Result<Table> table = ReadFixture("quoted_newline.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0].cells, (Cells{"alice", "first line\r\nsecond line", "1"}));
  EXPECT_EQ(table->rows[1].cells, (Cells{"bob", "he said \"stop\"\nthen left\n\nfor good", "2"}));
  EXPECT_EQ(table->rows[2].cells, (Cells{"carol", "plain", "3"}));
}

TEST(ReadCsv, LinesAfterQuotedLineBreaks) {
  Result<Table> table = ReadFixture("quoted_newline.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0].line, 2);
  EXPECT_EQ(table->rows[1].line, 4);
  EXPECT_EQ(table->rows[2].line, 8);
  EXPECT_EQ(table->rows[0].offset, 20);
  EXPECT_EQ(table->rows[1].offset, 55);
  EXPECT_EQ(table->rows[2].offset, 101);
  EXPECT_EQ(table->rows[0].raw, "alice,\"first line\r\nsecond line\",1");
  EXPECT_EQ(table->rows[1].raw, "bob,\"he said \"\"stop\"\"\nthen left\n\nfor good\",2");
}

TEST(ReadCsv, UnterminatedQuote) {
  Result<Table> table = ReadFixture("unterminated.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(table.status().message(),
            "unterminated.csv:3: unterminated quoted field starting here, in column 2; "
            "add the closing '\"' or double every '\"' inside the field");
}

TEST(ReadCsv, UnterminatedQuoteInHeader) {
  Result<Table> table = ReadCsv("a,\"b\nc,d\n", "h.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(),
            "h.csv:1: unterminated quoted field starting here, in column 2; "
            "add the closing '\"' or double every '\"' inside the field");
}

TEST(ReadCsv, ShortRowsPadded) {
  Result<Table> table = ReadFixture("short_rows.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Cells{"A", "B", "C"}));
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0].cells, (Cells{"1", "", ""}));
  EXPECT_EQ(table->rows[0].line, 4);
  EXPECT_EQ(table->rows[0].raw, "1");
  EXPECT_EQ(table->rows[2].cells, (Cells{"1", "2", ""}));
  EXPECT_EQ(table->rows[2].line, 8);
  EXPECT_EQ(table->rows[2].raw, "1,2");
}

TEST(ReadCsv, LongRowKeepsExtraCells) {
  Result<Table> table = ReadFixture("short_rows.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[1].cells, (Cells{"1", "2", "3", "4"}));
  EXPECT_EQ(table->rows[1].line, 7);
  EXPECT_EQ(table->rows[1].raw, "1,2,3,4");
}

TEST(ReadCsv, BlankAndEmptyCellRowsSkipped) {
  Result<Table> table = ReadCsv("\r\n,,\nA,B\n\n\n;,\n,\nx,y\n\r\n", "b.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Cells{"A", "B"}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].cells, (Cells{";", ""}));
  EXPECT_EQ(table->rows[0].line, 6);
  EXPECT_EQ(table->rows[1].cells, (Cells{"x", "y"}));
  EXPECT_EQ(table->rows[1].line, 8);
}

TEST(ReadCsv, LoneCarriageReturns) {
  Result<Table> table = ReadCsv("A,B\r1,2\r3,\"x\ry\"\r4,5", "cr.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[1].cells, (Cells{"3", "x\ry"}));
  EXPECT_EQ(table->rows[2].line, 5);
}

TEST(ReadCsv, TextAfterClosingQuoteKept) {
  Result<Table> table = ReadCsv("A,B\n\"ab\"cd,e\"f\n", "q.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].cells, (Cells{"abcd", "e\"f"}));
}

TEST(ReadCsv, EmptyQuotedAndTrailingCells) {
  Result<Table> table = ReadCsv("A,B,C\n\"\",x,\n", "e.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].cells, (Cells{"", "x", ""}));
}

TEST(ReadCsv, QuotedDelimiterInHeader) {
  Result<Table> table = ReadCsv("\"a;b;c\",d\n1,2\n", "h.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->delimiter, ',');
  EXPECT_EQ(table->header, (Cells{"a;b;c", "d"}));
}

TEST(ReadCsv, SingleColumnUsesComma) {
  Result<Table> table = ReadCsv("User\nalice\n", "one.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->delimiter, ',');
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].cells, (Cells{"alice"}));
}

TEST(ReadCsv, HeaderOnly) {
  Result<Table> table = ReadCsv("A,B\r\n", "h.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Cells{"A", "B"}));
  EXPECT_TRUE(table->rows.empty());
}

TEST(ReadCsv, EmptyText) {
  Result<Table> table = ReadCsv("\r\n\n", "empty.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(table.status().message(),
            "empty.csv: no header row found because the file has no text; export the data again");
}

// The worked example of docs/formats/csv-and-xlsx.md.
TEST(ReadCsv, DocumentedExample) {
  const std::string bytes =
      "\xEF\xBB\xBF\"User ID\";\"Comment\";Count\r\n"
      "alice;\"first line\r\nsecond line\";1\r\n"
      "\r\n"
      "bob;\"say \"\"hi\"\"\";2";
  Result<Table> table = ReadTable(bytes, "example.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->delimiter, ';');
  EXPECT_EQ(table->header, (Cells{"User ID", "Comment", "Count"}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].line, 2);
  EXPECT_EQ(table->rows[0].offset, 27);
  EXPECT_EQ(table->rows[0].cells, (Cells{"alice", "first line\r\nsecond line", "1"}));
  EXPECT_EQ(table->rows[0].raw, "alice;\"first line\r\nsecond line\";1");
  EXPECT_EQ(table->rows[1].line, 5);
  EXPECT_EQ(table->rows[1].offset, 64);
  EXPECT_EQ(table->rows[1].cells, (Cells{"bob", "say \"hi\"", "2"}));
  EXPECT_EQ(table->rows[1].raw, "bob;\"say \"\"hi\"\"\";2");
}

TEST(ReadTable, InvalidUtf8Reported) {
  Result<Table> table = ReadFixture("invalid_utf8.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(),
            "invalid_utf8.csv: invalid UTF-8 at byte offset 29; save the file as UTF-8 or UTF-16");
}

TEST(ReadTable, LegacyWorkbookRejected) {
  const std::string bytes("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", 10);
  Result<Table> table = ReadTable(bytes, "users.xls");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(table.status().message(),
            "users.xls: the file is a legacy Excel .xls or a password-protected workbook, which "
            "cannot be read; save it as .xlsx without a password, or as CSV UTF-8");
}

}  // namespace
}  // namespace signtrail
