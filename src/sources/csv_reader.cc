// ReadCsv: RFC 4180 records with the tolerances that real exports need (LF
// or lone CR line ends, a last line without a line end, `;` or tab
// delimiters, text after a closing quote). docs/formats/csv-and-xlsx.md
// describes the accepted shape.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sources/table.h"

namespace signtrail {
namespace {

constexpr std::array<char, 3> kDelimiters = {',', ';', '\t'};

// One record as it appears in the text.
struct CsvRecord {
  std::vector<std::string> cells;
  int64_t line = 0;      // 1-based physical line of the first byte
  size_t offset = 0;     // byte offset of the first byte
  std::string_view raw;  // the record without its line end
};

bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

// Splits text into records, one at a time, counting physical lines so that
// a record after a quoted line break still gets its own line number.
class CsvScanner {
 public:
  CsvScanner(std::string_view text, char delimiter, std::string_view file_name)
      : text_(text), delimiter_(delimiter), file_name_(file_name) {}

  // Reads the next non-blank record into `record`. Returns false at the end
  // of the text, or an InvalidInput status for an unterminated quote, in
  // which case record.cells contains the cells before the quoted one.
  Result<bool> Next(CsvRecord& record) {
    SkipBlankLines();
    if (pos_ >= text_.size()) return false;

    record.cells.clear();
    record.line = line_;
    record.offset = pos_;
    const size_t start = pos_;
    while (true) {
      std::string cell;
      if (Status status = ReadCell(record.cells.size(), cell); !status.ok()) return status;
      record.cells.push_back(std::move(cell));
      if (pos_ < text_.size() && text_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      break;  // at a line end or the end of the text
    }
    record.raw = text_.substr(start, pos_ - start);
    ConsumeLineEnd();
    return true;
  }

 private:
  void SkipBlankLines() {
    while (pos_ < text_.size() && IsLineEnd(text_[pos_])) ConsumeLineEnd();
  }

  // Consumes one CRLF, LF or lone CR at pos_, if there is one.
  void ConsumeLineEnd() {
    if (pos_ >= text_.size()) return;
    if (text_[pos_] == '\r') {
      ++pos_;
      if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
    } else if (text_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
  }

  // Counts the line breaks in text_[begin, end): CRLF, LF and lone CR.
  int64_t CountLineBreaks(size_t begin, size_t end) const {
    int64_t count = 0;
    for (size_t i = begin; i < end; ++i) {
      if (text_[i] == '\n') {
        ++count;
      } else if (text_[i] == '\r' && (i + 1 >= end || text_[i + 1] != '\n')) {
        ++count;
      }
    }
    return count;
  }

  // Reads one cell starting at pos_ and leaves pos_ on the delimiter, line
  // end or end of text that follows it.
  Status ReadCell(size_t column_index, std::string& cell) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      if (Status status = ReadQuoted(column_index, cell); !status.ok()) return status;
    }
    // Unquoted text, or text after a closing quote, which is kept as it is.
    const size_t end = FindCellEnd(pos_);
    cell.append(text_.substr(pos_, end - pos_));
    pos_ = end;
    return Status::Ok();
  }

  size_t FindCellEnd(size_t from) const {
    for (size_t i = from; i < text_.size(); ++i) {
      const char c = text_[i];
      if (c == delimiter_ || IsLineEnd(c)) return i;
    }
    return text_.size();
  }

  // Reads a quoted section starting at the opening quote. A doubled quote
  // inside stands for one quote; line breaks inside belong to the cell.
  Status ReadQuoted(size_t column_index, std::string& cell) {
    const int64_t start_line = line_;
    ++pos_;  // the opening quote
    while (true) {
      const size_t quote = text_.find('"', pos_);
      if (quote == std::string_view::npos) {
        return Status::InvalidInput(
            fmt::format("{}:{}: unterminated quoted field starting here, in column {}; "
                        "add the closing '\"' or double every '\"' inside the field",
                        file_name_, start_line, column_index + 1));
      }
      line_ += CountLineBreaks(pos_, quote);
      cell.append(text_.substr(pos_, quote - pos_));
      pos_ = quote + 1;
      if (pos_ < text_.size() && text_[pos_] == '"') {
        cell.push_back('"');
        ++pos_;
        continue;
      }
      return Status::Ok();
    }
  }

  std::string_view text_;
  char delimiter_;
  std::string_view file_name_;
  size_t pos_ = 0;
  int64_t line_ = 1;
};

// Picks the delimiter that splits the first record into the most cells;
// ties go to the earlier of ',', ';' and tab.
char ChooseDelimiter(std::string_view text, std::string_view file_name) {
  char best = kDelimiters[0];
  size_t best_count = 0;
  for (char delimiter : kDelimiters) {
    CsvScanner scanner(text, delimiter, file_name);
    CsvRecord header;
    Result<bool> found = scanner.Next(header);
    if (found.ok() && !*found) continue;
    // On an unterminated quote the record contains the cells before it, and
    // the real pass reports the error.
    const size_t count = found.ok() ? header.cells.size() : header.cells.size() + 1;
    if (count > best_count) {
      best = delimiter;
      best_count = count;
    }
  }
  return best;
}

// A NUL character (U+0000) is rejected as the XLSX reader rejects it: no
// export writes one, and a NUL byte would cut the value short wherever it is
// read as a C string. UTF-16 saved without a byte order mark, which is then
// read as UTF-8, has one in every second byte.
Status CheckNoNul(const CsvRecord& record, std::string_view file_name) {
  for (size_t column = 0; column < record.cells.size(); ++column) {
    if (record.cells[column].find('\0') == std::string::npos) continue;
    return Status::InvalidInput(fmt::format(
        "{}:{}: column {}: the cell contains a NUL character (U+0000); remove it, or if the file "
        "is UTF-16 without a byte order mark, save it as UTF-8 or as UTF-16 with one",
        file_name, record.line, column + 1));
  }
  return Status::Ok();
}

Status TooManyCells(std::string_view file_name, int64_t line) {
  return Status::InvalidInput(fmt::format(
      "{}:{}: the table holds more than {} cells here (rows times columns, counting the empty "
      "cells that pad short rows to the header's width); split the export into smaller files or "
      "remove unused columns",
      file_name, line, kMaxTableCells));
}

bool AllCellsEmpty(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return c.empty(); });
}

}  // namespace

Result<Table> ReadCsv(std::string_view utf8_text, std::string_view file_name) {
  Table table;
  table.delimiter = ChooseDelimiter(utf8_text, file_name);
  CsvScanner scanner(utf8_text, table.delimiter, file_name);
  const bool has_nul = utf8_text.find('\0') != std::string_view::npos;

  // The header is the first record with any text in it.
  CsvRecord record;
  while (true) {
    Result<bool> found = scanner.Next(record);
    if (!found.ok()) return found.status();
    if (!*found) {
      return Status::InvalidInput(
          fmt::format("{}: no header row found because the file has no text; export the data again",
                      file_name));
    }
    if (!AllCellsEmpty(record.cells)) break;
  }
  if (has_nul) {
    if (Status status = CheckNoNul(record, file_name); !status.ok()) return status;
  }
  table.header = std::move(record.cells);
  int64_t cell_count = static_cast<int64_t>(table.header.size());

  // Data rows. A row of empty cells only (`,,,`) counts as a blank line;
  // short rows are padded, long rows keep their extra cells.
  while (true) {
    Result<bool> found = scanner.Next(record);
    if (!found.ok()) return found.status();
    if (!*found) break;
    if (AllCellsEmpty(record.cells)) continue;
    if (has_nul) {
      if (Status status = CheckNoNul(record, file_name); !status.ok()) return status;
    }

    TableRow row;
    row.cells = std::move(record.cells);
    cell_count += static_cast<int64_t>(std::max(row.cells.size(), table.header.size()));
    if (cell_count > kMaxTableCells) return TooManyCells(file_name, record.line);
    if (row.cells.size() < table.header.size()) row.cells.resize(table.header.size());
    row.line = record.line;
    row.offset = static_cast<int64_t>(record.offset);
    row.raw = std::string(record.raw);
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace signtrail
