#ifndef SIGNTRAIL_SOURCES_TABLE_H_
#define SIGNTRAIL_SOURCES_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/status.h"

namespace signtrail {

// One data row of a CSV or XLSX file, with where it came from.
struct TableRow {
  std::vector<std::string> cells;  // UTF-8; missing trailing cells are empty strings
  int64_t line = 0;    // CSV: 1-based line of the row's first byte; XLSX: sheet row number
  int64_t offset = 0;  // CSV: byte offset in the decoded text; XLSX: 0
  std::string raw;     // CSV: the row's exact text without its line end; XLSX: cells as one CSV line
};

// A file read as a header row and data rows. Blank lines are skipped.
struct Table {
  std::vector<std::string> header;  // cell text exactly as in the file
  std::vector<TableRow> rows;
  char delimiter = ',';             // CSV only: ',', ';' or '\t'
};

// Converts file bytes to UTF-8: UTF-8 with or without a BOM, or UTF-16 LE
// with a BOM. Invalid UTF-8 or an odd UTF-16 length is InvalidInput naming
// file_name and the byte offset.
Result<std::string> DecodeText(std::string_view bytes, std::string_view file_name);

// Reads RFC 4180 CSV (quoted fields, doubled quotes, quoted line breaks, CRLF
// or LF). The delimiter is whichever of ',', ';' and tab splits the header
// line into the most fields outside quotes. An unterminated quote is
// InvalidInput naming file_name and the line where the field began.
Result<Table> ReadCsv(std::string_view utf8_text, std::string_view file_name);

// Reads the first worksheet of an XLSX workbook. Shared, inline and rich
// strings become text; numbers keep their shortest decimal form, except that
// a number in a date or time style becomes `YYYY-MM-DD HH:mm:ss[.ffffff]`
// (zone-less, as Excel stores it), honouring the 1904 date system.
Result<Table> ReadXlsx(std::string_view bytes, std::string_view file_name);

// True when the bytes start with the ZIP local-file signature (XLSX).
bool LooksLikeZip(std::string_view bytes);

// Reads CSV (after DecodeText) or XLSX, chosen by content, not by extension.
Result<Table> ReadTable(std::string_view bytes, std::string_view file_name);

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_TABLE_H_
