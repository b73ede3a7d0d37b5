// ReadTable: one entry point for the importers that read rows and columns,
// whichever of CSV and XLSX the file is.

#include "sources/table.h"

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace signtrail {
namespace {

constexpr std::string_view kZipLocalFileSignature = "PK\x03\x04";
constexpr std::string_view kCompoundFileSignature = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

}  // namespace

bool LooksLikeZip(std::string_view bytes) { return bytes.starts_with(kZipLocalFileSignature); }

Result<Table> ReadTable(std::string_view bytes, std::string_view file_name) {
  if (LooksLikeZip(bytes)) return ReadXlsx(bytes, file_name);

  // Legacy .xls workbooks and password-protected .xlsx workbooks are both
  // OLE compound files, which would otherwise be reported as invalid UTF-8.
  if (bytes.starts_with(kCompoundFileSignature)) {
    return Status::InvalidInput(fmt::format(
        "{}: the file is a legacy Excel .xls or a password-protected workbook, which cannot be "
        "read; save it as .xlsx without a password, or as CSV UTF-8",
        file_name));
  }

  Result<std::string> text = DecodeText(bytes, file_name);
  if (!text.ok()) return text.status();
  return ReadCsv(*text, file_name);
}

}  // namespace signtrail
