// Damaged and crafted tables: cell text that is not UTF-8 or holds a NUL,
// bad cell references, ZIP entries that lie about their size and headers
// that would pad every row to thousands of cells.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "sources/table.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using ::signtrail::testing::ReadFileBytes;
using ::signtrail::testing::TestDataPath;

// The fixtures are written by tests/data/hardening/make_fixtures.py.
Result<Table> ReadFixture(std::string_view name) {
  return ReadTable(ReadFileBytes(TestDataPath("hardening/" + std::string(name))), name);
}

std::string ErrorOf(const Result<Table>& table) {
  return table.ok() ? "ok" : table.status().message();
}

// --- CSV ---

TEST(CsvCellText, NulRejected) {
  const std::string text("User ID,Name\nalice,Al\0ice\n", 26);
  const Result<Table> table = ReadCsv(text, "nul.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(table.status().message(),
            "nul.csv:2: column 2: the cell contains a NUL character (U+0000); remove it, or if "
            "the file is UTF-16 without a byte order mark, save it as UTF-8 or as UTF-16 with one");
}

TEST(CsvCellText, Utf16WithoutByteOrderMark) {
  const std::string_view header = "User ID,Name\n";
  std::string utf16;
  for (char c : header) {
    utf16 += c;
    utf16 += '\0';
  }
  EXPECT_EQ(ErrorOf(ReadTable(utf16, "users.csv")),
            "users.csv:1: column 1: the cell contains a NUL character (U+0000); remove it, or if "
            "the file is UTF-16 without a byte order mark, save it as UTF-8 or as UTF-16 with one");
}

TEST(CsvTableSize, WidePaddingRejected) {
  // 16,384 header cells and one-cell rows. With 1,023 data rows the padded
  // table has exactly 16,777,216 cells, which is allowed; data row 1,024
  // (line 1,025) takes it past the limit.
  std::string text = "User ID" + std::string(16'383, ',') + "\n";
  for (int row = 0; row < 1'100; ++row) text += "x\n";
  EXPECT_EQ(ErrorOf(ReadCsv(text, "wide.csv")),
            "wide.csv:1025: the table holds more than 16777216 cells here (rows times columns, "
            "counting the empty cells that pad short rows to the header's width); split the "
            "export into smaller files or remove unused columns");
}

// --- XLSX cell text ---

TEST(XlsxCellText, InvalidUtf8) {
  EXPECT_EQ(ErrorOf(ReadFixture("xlsx-invalid-utf8.xlsx")),
            "xlsx-invalid-utf8.xlsx: sheet 'Sheet1' cell B2: invalid UTF-8 at byte 2 of the cell "
            "text; save the workbook again from Excel or save it as CSV UTF-8");
}

TEST(XlsxCellText, NulFromOfficeEscape) {
  EXPECT_EQ(ErrorOf(ReadFixture("xlsx-nul-escape.xlsx")),
            "xlsx-nul-escape.xlsx: sheet 'Sheet1' cell B2: the cell contains a NUL character "
            "(U+0000); remove it and save the workbook again, or save it as CSV");
}

TEST(XlsxCellText, NulCharacterReference) {
  const std::string error = ErrorOf(ReadFixture("xlsx-nul-reference.xlsx"));
  EXPECT_TRUE(error.starts_with(
      "xlsx-nul-reference.xlsx: not a valid XLSX workbook: part 'xl/worksheets/sheet1.xml' is "
      "not well-formed XML at byte offset "))
      << error;
  EXPECT_TRUE(error.ends_with(
      " (a character reference to U+0000, which XML does not allow); export the workbook again "
      "or save it as CSV"))
      << error;
}

// --- XLSX cell references ---

TEST(XlsxCellReference, PastColumnXfd) {
  EXPECT_EQ(ErrorOf(ReadFixture("xlsx-column-past-xfd.xlsx")),
            "xlsx-column-past-xfd.xlsx: sheet 'Sheet1' row 2: cell reference 'XFE2' is not valid "
            "(expected a column from A to XFD and a row from 1 to 1048576, such as C7); export "
            "the workbook again or save it as CSV");
}

TEST(XlsxCellReference, Malformed) {
  EXPECT_EQ(ErrorOf(ReadFixture("xlsx-malformed-reference.xlsx")),
            "xlsx-malformed-reference.xlsx: sheet 'Sheet1' row 2: cell reference '2B' is not "
            "valid (expected a column from A to XFD and a row from 1 to 1048576, such as C7); "
            "export the workbook again or save it as CSV");
}

TEST(XlsxCellReference, LastColumnKept) {
  const Result<Table> table = ReadFixture("xlsx-last-column.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 1u);
  ASSERT_EQ(table->rows[0].cells.size(), 16'384u);
  EXPECT_EQ(table->rows[0].cells[0], "alice");
  EXPECT_EQ(table->rows[0].cells[16'383], "far");
}

// --- XLSX sizes ---

TEST(XlsxPartSize, StatedSizeOverPartLimit) {
  EXPECT_EQ(ErrorOf(ReadFixture("xlsx-part-too-large.xlsx")),
            "xlsx-part-too-large.xlsx: part 'xl/worksheets/sheet1.xml' expands to 314572800 "
            "bytes, more than the 256 MiB that one workbook part may hold; export a shorter time "
            "range or save the data as CSV");
}

TEST(XlsxPartSize, StatedSizesOverWorkbookLimit) {
  // Before the sheet come four parts stated as 250 MiB each and the 298-byte
  // package relationships.
  EXPECT_EQ(ErrorOf(ReadFixture("xlsx-workbook-too-large.xlsx")),
            "xlsx-workbook-too-large.xlsx: part 'xl/worksheets/sheet1.xml' expands to 262144000 "
            "bytes, which with the 1048576298 bytes of the parts read before it is more than the "
            "1 GiB that one workbook may expand to; export a shorter time range or save the data "
            "as CSV");
}

TEST(XlsxPartSize, DataBeyondStatedSize) {
  EXPECT_EQ(ErrorOf(ReadFixture("xlsx-size-understated.xlsx")),
            "xlsx-size-understated.xlsx: not a valid XLSX workbook: part "
            "'xl/worksheets/sheet1.xml' cannot be read (it expands to more than the 200 bytes its "
            "ZIP entry states); export the workbook again or save it as CSV");
}

TEST(XlsxTableSize, WidePaddingRejected) {
  EXPECT_EQ(ErrorOf(ReadFixture("xlsx-wide-padding.xlsx")),
            "xlsx-wide-padding.xlsx: sheet 'Sheet1' row 1025: the table holds more than 16777216 "
            "cells here (rows times columns, counting the empty cells that pad short rows to the "
            "header's width); split the export into smaller files or remove unused columns");
}

}  // namespace
}  // namespace signtrail
