#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sources/table.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using ::signtrail::testing::ReadFileBytes;
using ::signtrail::testing::TestDataPath;
using Cells = std::vector<std::string>;

// The fixtures are written by tests/data/make_xlsx_fixtures.py.
std::string FixtureBytes(std::string_view name) {
  return ReadFileBytes(TestDataPath(std::string("readers/") + std::string(name)));
}

Result<Table> ReadFixture(std::string_view name) { return ReadXlsx(FixtureBytes(name), name); }

// Maps the first cell of each row to the second, for the date fixtures.
std::map<std::string, std::string> ValueByCase(const Table& table) {
  std::map<std::string, std::string> values;
  for (const TableRow& row : table.rows) values[row.cells.at(0)] = row.cells.at(1);
  return values;
}

TEST(ReadXlsx, SharedStrings) {
  Result<Table> table = ReadFixture("shared_strings.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Cells{"AADUserID", "SessionStartTime", "Status"}));
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].cells,
            (Cells{"00000000-0000-0000-0000-000000000021", "2024-06-01 08:00:00", "Success"}));
  EXPECT_EQ(table->rows[1].cells,
            (Cells{"00000000-0000-0000-0000-000000000031", "2024-06-01 12:00:00", "Success"}));
}

TEST(ReadXlsx, RowPositionAndRaw) {
  Result<Table> table = ReadFixture("shared_strings.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 2u);
  EXPECT_EQ(table->rows[0].line, 2);
  EXPECT_EQ(table->rows[1].line, 3);
  EXPECT_EQ(table->rows[0].offset, 0);
  EXPECT_EQ(table->rows[0].raw, "00000000-0000-0000-0000-000000000021,2024-06-01 08:00:00,Success");
}

TEST(ReadXlsx, OpenpyxlCellTypes) {
  Result<Table> table = ReadFixture("openpyxl_types.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header,
            (Cells{"User ID", "Name", "Count", "Enabled", "Signed in", "Day", "Ratio"}));
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0].cells, (Cells{"alice", "Alice Smith", "3", "TRUE", "2024-06-01 08:00:00",
                                         "2024-06-01 00:00:00", "0.1"}));
  EXPECT_EQ(table->rows[1].cells, (Cells{"bob", "Bob \"B\" Jones, Jr.", "12345678", "FALSE",
                                         "2024-06-01 08:00:00.123000", "", "2.5"}));
  EXPECT_EQ(table->rows[2].cells, (Cells{"carol", "", "-4", "", "", "", ""}));
}

TEST(ReadXlsx, EmptyRowSkipped) {
  Result<Table> table = ReadFixture("openpyxl_types.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[1].line, 3);
  EXPECT_EQ(table->rows[2].line, 5);
}

TEST(ReadXlsx, RawQuotesLikeCsv) {
  Result<Table> table = ReadFixture("openpyxl_types.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[1].raw,
            "bob,\"Bob \"\"B\"\" Jones, Jr.\",12345678,FALSE,2024-06-01 08:00:00.123000,,2.5");
  EXPECT_EQ(table->rows[2].raw, "carol,,-4,,,,");
}

TEST(ReadXlsx, Dates1900System) {
  Result<Table> table = ReadFixture("dates_1900.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  const std::map<std::string, std::string> expected = {
      {"serial 45444.333333333336 yyyy-mm-dd hh:mm:ss", "2024-06-01 08:00:00"},
      {"serial 45444 built-in 14", "2024-06-01 00:00:00"},
      {"serial 1", "1900-01-01 00:00:00"},
      {"serial 59", "1900-02-28 00:00:00"},
      {"serial 60", "1900-02-29 00:00:00"},
      {"serial 61", "1900-03-01 00:00:00"},
      {"time only 0.5", "12:00:00"},
      {"half second", "2024-06-01 00:00:00.500000"},
      {"rounds to next day", "2024-06-02 00:00:00"},
      {"locale and colour brackets", "2024-06-01 12:00:00"},
      {"quoted letters only", "45444.5"},
      {"colour bracket only", "45444.5"},
      {"plain number", "45444.5"},
      {"general", "45444.5"},
  };
  const std::map<std::string, std::string> actual = ValueByCase(*table);
  EXPECT_EQ(actual.size(), expected.size());
  for (const auto& [name, value] : expected) {
    const auto found = actual.find(name);
    ASSERT_NE(found, actual.end()) << name;
    EXPECT_EQ(found->second, value) << name;
  }
}

TEST(ReadXlsx, Dates1904System) {
  Result<Table> table = ReadFixture("dates_1904.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  const std::map<std::string, std::string> actual = ValueByCase(*table);
  ASSERT_EQ(actual.size(), 3u);
  EXPECT_EQ(actual.at("datetime 2024-06-01 08:00"), "2024-06-01 08:00:00");
  EXPECT_EQ(actual.at("serial 0"), "00:00:00");
  EXPECT_EQ(actual.at("serial 1"), "1904-01-02 00:00:00");
}

TEST(ReadXlsx, HeaderIsFirstNonEmptyRow) {
  Result<Table> table = ReadFixture("cell_kinds.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Cells{"User ID", "Display name", "Count", "Flag", "Note"}));
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0].line, 4);
}

TEST(ReadXlsx, SkippedCellsKeepColumns) {
  Result<Table> table = ReadFixture("cell_kinds.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  const Cells& cells = table->rows[0].cells;
  ASSERT_EQ(cells.size(), 28u);
  EXPECT_EQ(Cells(cells.begin(), cells.begin() + 5), (Cells{"alice", "", "7", "", "ok"}));
  EXPECT_EQ(cells[27], "far");
}

TEST(ReadXlsx, CellRightOfHeaderKept) {
  Result<Table> table = ReadFixture("cell_kinds.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[0].raw, "alice,,7,,ok" + std::string(22, ',') + ",far");
  EXPECT_EQ(table->rows[1].cells.size(), 5u);
}

TEST(ReadXlsx, CellsWithoutReferences) {
  Result<Table> table = ReadFixture("cell_kinds.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[1].cells, (Cells{"bob", "Bob Jones", "1.5", "TRUE", "#N/A"}));
  EXPECT_EQ(table->rows[1].line, 5);
}

TEST(ReadXlsx, EscapesAndRowWithoutNumber) {
  Result<Table> table = ReadFixture("cell_kinds.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->rows.size(), 3u);
  EXPECT_EQ(table->rows[2].line, 7);
  EXPECT_EQ(table->rows[2].cells,
            (Cells{"carol", "line1\r\nline2 snake_x0041_case", "", "", "  padded  "}));
  EXPECT_EQ(table->rows[2].raw, "carol,\"line1\r\nline2 snake_x0041_case\",,,  padded  ");
}

TEST(ReadXlsx, NamespacePrefixes) {
  Result<Table> table = ReadFixture("prefixed.xlsx");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Cells{"User ID"}));
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->rows[0].cells, (Cells{"alice"}));
}

TEST(ReadXlsx, MalformedSheetXml) {
  Result<Table> table = ReadFixture("malformed_sheet.xlsx");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(table.status().message(),
            "malformed_sheet.xlsx: not a valid XLSX workbook: part 'xl/worksheets/sheet1.xml' is "
            "not well-formed XML at byte offset 119 (Start-end tags mismatch); export the workbook "
            "again or save it as CSV");
}

TEST(ReadXlsx, MissingSheetPart) {
  Result<Table> table = ReadFixture("missing_sheet.xlsx");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(table.status().message(),
            "missing_sheet.xlsx: not a valid XLSX workbook: part 'xl/worksheets/sheet1.xml' is "
            "missing; export the workbook again or save it as CSV");
}

TEST(ReadXlsx, SharedStringIndexOutOfRange) {
  Result<Table> table = ReadFixture("bad_shared_index.xlsx");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(table.status().message(),
            "bad_shared_index.xlsx: sheet 'Sheet1' cell A2: shared string index '5' is not valid "
            "(the workbook has 1 shared strings); export the workbook again or save it as CSV");
}

TEST(ReadXlsx, TruncatedZip) {
  Result<Table> table = ReadFixture("truncated.xlsx");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(table.status().message(),
            "truncated.xlsx: not a valid XLSX workbook: the ZIP archive is damaged (Not a zip "
            "archive); export the workbook again or save it as CSV");
}

TEST(ReadXlsx, FlippedByteInSheetData) {
  std::string bytes = FixtureBytes("shared_strings.xlsx");
  // The first occurrence of the name is in the sheet's local file header:
  // 30 fixed bytes, the name, then the extra field, then the data.
  const std::string name = "xl/worksheets/sheet1.xml";
  const size_t name_at = bytes.find(name);
  ASSERT_NE(name_at, std::string::npos);
  const size_t header_at = name_at - 30;
  const size_t extra_length = static_cast<uint8_t>(bytes[header_at + 28]) |
                              (static_cast<uint8_t>(bytes[header_at + 29]) << 8);
  const size_t data_at = name_at + name.size() + extra_length;
  bytes[data_at + 20] = static_cast<char>(bytes[data_at + 20] ^ 0x55);

  Result<Table> table = ReadXlsx(bytes, "flipped.xlsx");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidInput);
  EXPECT_TRUE(table.status().message().starts_with(
      "flipped.xlsx: not a valid XLSX workbook: part 'xl/worksheets/sheet1.xml' cannot be read ("))
      << table.status().message();
}

TEST(ReadXlsx, ZipWithoutWorkbook) {
  // An empty ZIP archive: only the end-of-central-directory record.
  const std::string bytes("PK\x05\x06" + std::string(18, '\0'));
  Result<Table> table = ReadXlsx(bytes, "empty.zip");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().message(),
            "empty.zip: not a valid XLSX workbook: part 'xl/workbook.xml' is missing; export the "
            "workbook again or save it as CSV");
}

TEST(ReadTable, ChoosesXlsxByContent) {
  Result<Table> table = ReadTable(FixtureBytes("shared_strings.xlsx"), "export.csv");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->header, (Cells{"AADUserID", "SessionStartTime", "Status"}));
}

TEST(LooksLikeZip, Signatures) {
  EXPECT_TRUE(LooksLikeZip(FixtureBytes("shared_strings.xlsx")));
  EXPECT_FALSE(LooksLikeZip("User,Name\n"));
  EXPECT_FALSE(LooksLikeZip("PK"));
}

}  // namespace
}  // namespace signtrail
