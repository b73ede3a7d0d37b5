#ifndef SIGNTRAIL_SOURCES_TABLE_H_
#define SIGNTRAIL_SOURCES_TABLE_H_

#include <cstddef>
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

// The maximum number of cells in one Table, header included, counting the empty
// cells that pad a short row to the header's width. An empty cell still takes
// a std::string (32 bytes with libstdc++), so a wide header over many short
// rows would otherwise need gigabytes for a file of a few megabytes. The
// largest real exports, 250,000 Entra sign-ins of 57 columns each, hold
// 14,250,000 cells.
inline constexpr int64_t kMaxTableCells = int64_t{1} << 24;  // 16,777,216

// Returns the offset of the first byte of `text` that is not valid UTF-8
// (overlong forms, UTF-16 surrogates and code points above U+10FFFF
// included), or std::string_view::npos when all of it is valid.
size_t FindInvalidUtf8(std::string_view text);

// Converts file bytes to UTF-8: UTF-8 with or without a BOM, or UTF-16 LE
// with a BOM. Invalid UTF-8 or an odd UTF-16 length is InvalidInput naming
// file_name and the byte offset.
Result<std::string> DecodeText(std::string_view bytes, std::string_view file_name);

// Reads RFC 4180 CSV (quoted fields, doubled quotes, quoted line breaks, CRLF
// or LF). The delimiter is whichever of ',', ';' and tab splits the header
// line into the most fields outside quotes. An unterminated quote, a NUL
// character in a cell or a table of more than kMaxTableCells cells is
// InvalidInput naming file_name and, for the first two, the line.
Result<Table> ReadCsv(std::string_view utf8_text, std::string_view file_name);

// Reads the first worksheet of an XLSX workbook. Shared, inline and rich
// strings become text; numbers keep their shortest decimal form, except that
// a number in a date or time style becomes `YYYY-MM-DD HH:mm:ss[.ffffff]`
// (zone-less, as Excel stores it), honouring the 1904 date system. Cell text
// that is not valid UTF-8 or holds a NUL, a malformed cell reference or one
// past column XFD, a part larger than the reader's size limits and a table of
// more than kMaxTableCells cells are InvalidInput naming the file (and the
// sheet and cell, or the part).
Result<Table> ReadXlsx(std::string_view bytes, std::string_view file_name);

// True when the bytes start with the ZIP local-file signature (XLSX).
bool LooksLikeZip(std::string_view bytes);

// Reads CSV (after DecodeText) or XLSX, chosen by content, not by extension.
Result<Table> ReadTable(std::string_view bytes, std::string_view file_name);

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_TABLE_H_
