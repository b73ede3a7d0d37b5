// ReadXlsx: the first worksheet of an Office Open XML workbook (ECMA-376)
// as a Table. libzip opens the package and pugixml parses its parts.
// docs/formats/csv-and-xlsx.md describes the accepted shape and the date
// conversion.

#include <date/date.h>
#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sources/table.h"

namespace signtrail {
namespace {

constexpr std::string_view kPackageRels = "_rels/.rels";
constexpr std::string_view kDefaultWorkbook = "xl/workbook.xml";
constexpr std::string_view kDefaultFirstSheet = "xl/worksheets/sheet1.xml";

constexpr int64_t kMillisPerDay = 86'400'000;

// Limits on the uncompressed bytes read from one workbook. The reader keeps a
// part and its parsed XML tree in memory at once, and the tree takes several
// times the part's size, so these bound the memory that a crafted archive (a
// ZIP of a few megabytes that expands to gigabytes) can claim. A worksheet takes
// roughly 30 to 40 bytes of XML per filled cell, so 256 MiB is several million
// cells, far above the 5,000-row exports that grids write.
constexpr zip_uint64_t kMaxPartBytes = zip_uint64_t{256} << 20;    // 256 MiB
constexpr zip_uint64_t kMaxWorkbookBytes = zip_uint64_t{1} << 30;  // 1 GiB, all parts read

// The last column and row of a worksheet (ECMA-376 Part 1, 18.3.1.4): XFD and
// 1,048,576.
constexpr size_t kMaxColumns = 16'384;
constexpr int64_t kMaxRows = 1'048'576;

// ---------------------------------------------------------------------------
// The ZIP package.

struct ZipDiscarder {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};

// A read-only view of the workbook's ZIP package. It borrows the bytes, which
// must outlive it.
class ZipPackage {
 public:
  static Result<ZipPackage> Open(std::string_view bytes, std::string_view file_name) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* archive = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive == nullptr) {
      if (source != nullptr) zip_source_free(source);
      std::string reason = zip_error_strerror(&error);
      zip_error_fini(&error);
      return Status::InvalidInput(
          fmt::format("{}: not a valid XLSX workbook: the ZIP archive is damaged ({}); "
                      "export the workbook again or save it as CSV",
                      file_name, reason));
    }
    zip_error_fini(&error);
    return ZipPackage(archive, file_name);
  }

  // Reads the part at `path` (case-insensitive, as OPC part names are), or
  // nullopt when the package has no such part. A part whose stated
  // uncompressed size exceeds kMaxPartBytes, or with the stated sizes of the
  // parts read before it exceeds kMaxWorkbookBytes, is rejected before it is
  // read. One that expands beyond its stated size is rejected as damaged, so
  // the stated sizes bound what is read (libzip 1.7.3 does not check them).
  Result<std::optional<std::string>> Read(std::string_view path) {
    const std::string name(path);
    const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) return std::optional<std::string>();

    Result<zip_uint64_t> stated_size = StatedSize(static_cast<zip_uint64_t>(index), name);
    if (!stated_size.ok()) return stated_size.status();

    zip_file_t* file = zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0);
    if (file == nullptr) return Damaged(name, zip_strerror(archive_.get()));

    std::string contents;
    char buffer[64 * 1024];
    while (true) {
      const zip_int64_t read = zip_fread(file, buffer, sizeof(buffer));
      if (read < 0) {
        std::string reason = zip_file_strerror(file);
        zip_fclose(file);
        return Damaged(name, reason);
      }
      if (read == 0) break;
      if (contents.size() + static_cast<size_t>(read) > *stated_size) {
        zip_fclose(file);
        return Damaged(
            name,
            fmt::format("it expands to more than the {} bytes its ZIP entry states", *stated_size));
      }
      contents.append(buffer, static_cast<size_t>(read));
    }
    zip_fclose(file);
    stated_bytes_ += *stated_size;
    return std::optional<std::string>(std::move(contents));
  }

 private:
  ZipPackage(zip_t* archive, std::string_view file_name)
      : archive_(archive), file_name_(file_name) {}

  // The uncompressed size that the ZIP directory states for the entry,
  // checked against the size limits.
  Result<zip_uint64_t> StatedSize(zip_uint64_t index, std::string_view part) const {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), index, 0, &stat) != 0) {
      return Damaged(part, zip_strerror(archive_.get()));
    }
    if ((stat.valid & ZIP_STAT_SIZE) == 0) {
      return Damaged(part, "its ZIP entry states no uncompressed size");
    }
    if (stat.size > kMaxPartBytes) {
      return Status::InvalidInput(fmt::format(
          "{}: part '{}' expands to {} bytes, more than the {} MiB that one workbook part may "
          "hold; export a shorter time range or save the data as CSV",
          file_name_, part, stat.size, kMaxPartBytes >> 20));
    }
    if (stated_bytes_ + stat.size > kMaxWorkbookBytes) {
      return Status::InvalidInput(fmt::format(
          "{}: part '{}' expands to {} bytes, which with the {} bytes of the parts read before it "
          "is more than the {} GiB that one workbook may expand to; export a shorter time range "
          "or save the data as CSV",
          file_name_, part, stat.size, stated_bytes_, kMaxWorkbookBytes >> 30));
    }
    return stat.size;
  }

  Status Damaged(std::string_view part, std::string_view reason) const {
    return Status::InvalidInput(
        fmt::format("{}: not a valid XLSX workbook: part '{}' cannot be read ({}); "
                    "export the workbook again or save it as CSV",
                    file_name_, part, reason));
  }

  std::unique_ptr<zip_t, ZipDiscarder> archive_;
  std::string file_name_;
  zip_uint64_t stated_bytes_ = 0;  // the stated uncompressed sizes of the parts read so far
};

// ---------------------------------------------------------------------------
// XML helpers. Element and attribute names are compared without their
// namespace prefix, because writers differ in the prefixes they use.

std::string_view LocalName(const char* name) {
  std::string_view text(name);
  const size_t colon = text.find(':');
  return colon == std::string_view::npos ? text : text.substr(colon + 1);
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local_name) {
  for (pugi::xml_node child : node.children()) {
    if (LocalName(child.name()) == local_name) return child;
  }
  return {};
}

template <typename Visit>
void ForEachChild(pugi::xml_node node, std::string_view local_name, Visit visit) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child.name()) == local_name) visit(child);
  }
}

std::string_view Attribute(pugi::xml_node node, std::string_view local_name) {
  for (pugi::xml_attribute attribute : node.attributes()) {
    if (LocalName(attribute.name()) == local_name) return attribute.value();
  }
  return {};
}

// Returns the offset of the first character reference to U+0000 (`&#0;`,
// `&#x0;`, `&#x0000;`, ...), or npos. XML forbids it, but pugixml decodes it
// to a NUL byte that would silently cut the text short.
size_t FindNulCharacterReference(std::string_view xml) {
  for (size_t pos = xml.find("&#"); pos != std::string_view::npos; pos = xml.find("&#", pos + 2)) {
    size_t digits = pos + 2;
    if (digits < xml.size() && (xml[digits] == 'x' || xml[digits] == 'X')) ++digits;
    size_t end = digits;
    while (end < xml.size() && xml[end] == '0') ++end;
    if (end > digits && end < xml.size() && xml[end] == ';') return pos;
  }
  return std::string_view::npos;
}

// Reads and parses one part. A missing part leaves `document` empty and
// returns false; a missing required part or malformed XML is an error.
Result<bool> LoadPart(ZipPackage& package, std::string_view path, bool required,
                      std::string_view file_name, pugi::xml_document& document) {
  Result<std::optional<std::string>> contents = package.Read(path);
  if (!contents.ok()) return contents.status();
  if (!contents->has_value()) {
    if (!required) return false;
    return Status::InvalidInput(
        fmt::format("{}: not a valid XLSX workbook: part '{}' is missing; "
                    "export the workbook again or save it as CSV",
                    file_name, path));
  }

  const std::string& xml = **contents;
  if (const size_t nul = FindNulCharacterReference(xml); nul != std::string::npos) {
    return Status::InvalidInput(fmt::format(
        "{}: not a valid XLSX workbook: part '{}' is not well-formed XML at byte offset {} (a "
        "character reference to U+0000, which XML does not allow); export the workbook again or "
        "save it as CSV",
        file_name, path, nul));
  }
  const pugi::xml_parse_result parsed =
      document.load_buffer(xml.data(), xml.size(),
                           pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_auto);
  if (!parsed) {
    return Status::InvalidInput(fmt::format(
        "{}: not a valid XLSX workbook: part '{}' is not well-formed XML at byte offset {} ({}); "
        "export the workbook again or save it as CSV",
        file_name, path, parsed.offset, parsed.description()));
  }
  return true;
}

// Decodes the `_xHHHH_` escapes that Office writes for control characters
// (`_x000D_` is a carriage return; `_x005F_` escapes a literal underscore).
std::string DecodeOfficeEscapes(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);

  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    if (text.substr(pos, 2) == "_x" && pos + 7 <= text.size() && text[pos + 6] == '_') {
      unsigned unit = 0;
      const char* first = text.data() + pos + 2;
      const auto [end, error] = std::from_chars(first, first + 4, unit, 16);
      const bool surrogate = unit >= 0xD800 && unit <= 0xDFFF;
      if (error == std::errc() && end == first + 4 && !surrogate) {
        if (unit < 0x80) {
          out.push_back(static_cast<char>(unit));
        } else if (unit < 0x800) {
          out.push_back(static_cast<char>(0xC0 | (unit >> 6)));
          out.push_back(static_cast<char>(0x80 | (unit & 0x3F)));
        } else {
          out.push_back(static_cast<char>(0xE0 | (unit >> 12)));
          out.push_back(static_cast<char>(0x80 | ((unit >> 6) & 0x3F)));
          out.push_back(static_cast<char>(0x80 | (unit & 0x3F)));
        }
        pos += 7;
        continue;
      }
    }
    out.push_back(text[pos]);
    ++pos;
  }
  return out;
}

// The text of a string item (`<si>` or `<is>`): either one `<t>`, or rich
// text runs `<r><t>` joined. Phonetic runs (`<rPh>`) are not part of the text.
std::string StringItemText(pugi::xml_node item) {
  std::string text;
  for (pugi::xml_node child : item.children()) {
    const std::string_view name = LocalName(child.name());
    if (name == "t") {
      text += child.text().get();
    } else if (name == "r") {
      text += Child(child, "t").text().get();
    }
  }
  return DecodeOfficeEscapes(text);
}

// ---------------------------------------------------------------------------
// Locating the parts through the package relationships.

// Resolves a relationship target against the folder of the part that owns
// the relationship, so `worksheets/sheet1.xml` from `xl/workbook.xml` is
// `xl/worksheets/sheet1.xml`. A target with a leading `/` starts at the
// package root.
std::string ResolveTarget(std::string_view source_part, std::string_view target) {
  std::vector<std::string_view> segments;
  if (!target.starts_with('/')) {
    std::string_view folder = source_part.substr(0, source_part.rfind('/') + 1);
    while (!folder.empty()) {
      const size_t slash = folder.find('/');
      segments.push_back(folder.substr(0, slash));
      folder.remove_prefix(slash + 1);
    }
  }
  while (!target.empty()) {
    const size_t slash = target.find('/');
    const std::string_view segment = target.substr(0, slash);
    target.remove_prefix(slash == std::string_view::npos ? target.size() : slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      continue;
    }
    segments.push_back(segment);
  }

  std::string path;
  for (std::string_view segment : segments) {
    if (!path.empty()) path += '/';
    path += segment;
  }
  return path;
}

// The relationships part of `part`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
std::string RelationshipsPath(std::string_view part) {
  const size_t slash = part.rfind('/');
  const std::string_view folder = slash == std::string_view::npos ? "" : part.substr(0, slash + 1);
  const std::string_view name = slash == std::string_view::npos ? part : part.substr(slash + 1);
  return fmt::format("{}_rels/{}.rels", folder, name);
}

// Relationship targets of one part, by id and by type (the last path segment
// of the type URI, such as "worksheet" or "sharedStrings").
struct Relationships {
  std::map<std::string, std::string, std::less<>> target_by_id;
  std::map<std::string, std::string, std::less<>> first_target_by_type;
};

Result<Relationships> ReadRelationships(ZipPackage& package, std::string_view source_part,
                                        std::string_view rels_path, std::string_view file_name) {
  Relationships relationships;
  pugi::xml_document document;
  Result<bool> loaded = LoadPart(package, rels_path, false, file_name, document);
  if (!loaded.ok()) return loaded.status();
  if (!*loaded) return relationships;

  ForEachChild(Child(document, "Relationships"), "Relationship", [&](pugi::xml_node node) {
    if (Attribute(node, "TargetMode") == "External") return;
    const std::string target = ResolveTarget(source_part, Attribute(node, "Target"));
    std::string_view type = Attribute(node, "Type");
    type.remove_prefix(type.rfind('/') == std::string_view::npos ? 0 : type.rfind('/') + 1);
    relationships.target_by_id.emplace(Attribute(node, "Id"), target);
    relationships.first_target_by_type.emplace(type, target);
  });
  return relationships;
}

std::string TargetOrDefault(const Relationships& relationships, std::string_view type,
                            std::string_view fallback) {
  const auto found = relationships.first_target_by_type.find(type);
  return found == relationships.first_target_by_type.end() ? std::string(fallback) : found->second;
}

struct WorkbookLayout {
  std::string sheet_path;
  std::string sheet_name;
  std::string shared_strings_path;
  std::string styles_path;
  bool date1904 = false;
};

// Finds the first worksheet, the shared strings, the styles and the date
// system, following the relationships from the package root.
Result<WorkbookLayout> LocateWorkbookParts(ZipPackage& package, std::string_view file_name) {
  Result<Relationships> root = ReadRelationships(package, "", kPackageRels, file_name);
  if (!root.ok()) return root.status();
  const std::string workbook_path = TargetOrDefault(*root, "officeDocument", kDefaultWorkbook);

  pugi::xml_document workbook;
  Result<bool> loaded = LoadPart(package, workbook_path, true, file_name, workbook);
  if (!loaded.ok()) return loaded.status();
  Result<Relationships> links =
      ReadRelationships(package, workbook_path, RelationshipsPath(workbook_path), file_name);
  if (!links.ok()) return links.status();

  WorkbookLayout layout;
  const pugi::xml_node workbook_node = Child(workbook, "workbook");
  const std::string_view date1904 = Attribute(Child(workbook_node, "workbookPr"), "date1904");
  layout.date1904 = date1904 == "1" || date1904 == "true";

  layout.sheet_path = std::string(kDefaultFirstSheet);
  const pugi::xml_node first_sheet = Child(Child(workbook_node, "sheets"), "sheet");
  if (first_sheet) {
    layout.sheet_name = Attribute(first_sheet, "name");
    const auto target = links->target_by_id.find(Attribute(first_sheet, "id"));
    if (target != links->target_by_id.end()) layout.sheet_path = target->second;
  }
  if (layout.sheet_name.empty()) layout.sheet_name = layout.sheet_path;

  layout.shared_strings_path = TargetOrDefault(*links, "sharedStrings", "xl/sharedStrings.xml");
  layout.styles_path = TargetOrDefault(*links, "styles", "xl/styles.xml");
  return layout;
}

// ---------------------------------------------------------------------------
// Shared strings and styles.

Result<std::vector<std::string>> ReadSharedStrings(ZipPackage& package, std::string_view path,
                                                   std::string_view file_name) {
  std::vector<std::string> strings;
  pugi::xml_document document;
  Result<bool> loaded = LoadPart(package, path, false, file_name, document);
  if (!loaded.ok()) return loaded.status();
  ForEachChild(Child(document, "sst"), "si",
               [&](pugi::xml_node item) { strings.push_back(StringItemText(item)); });
  return strings;
}

// True for the built-in number formats that show a date or time: 14-22 and
// 45-47 in every locale, 27-36 and 50-58 in the Chinese, Japanese and Korean
// locales (ECMA-376 Part 1, 18.8.30).
bool IsBuiltInDateFormat(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
         (id >= 50 && id <= 58);
}

// True when a custom format code shows a date or time: it has d, m, y, h or
// s outside quoted text, brackets (colours, locales, conditions) and escaped
// or padding characters.
bool IsDateFormatCode(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      const size_t close = code.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '[') {
      const size_t close = code.find(']', i + 1);
      if (close == std::string_view::npos) return false;
      i = close;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal text or padding
    } else {
      const char lower = static_cast<char>(c | 0x20);
      if (lower == 'd' || lower == 'm' || lower == 'y' || lower == 'h' || lower == 's') {
        return true;
      }
    }
  }
  return false;
}

// For each cell style index (the `s` attribute of a cell), whether its number
// format is a date or time format.
Result<std::vector<bool>> ReadDateStyles(ZipPackage& package, std::string_view path,
                                         std::string_view file_name) {
  std::vector<bool> is_date;
  pugi::xml_document document;
  Result<bool> loaded = LoadPart(package, path, false, file_name, document);
  if (!loaded.ok()) return loaded.status();

  const pugi::xml_node style_sheet = Child(document, "styleSheet");
  std::map<int, std::string> custom_formats;
  ForEachChild(Child(style_sheet, "numFmts"), "numFmt", [&](pugi::xml_node format) {
    custom_formats[format.attribute("numFmtId").as_int(-1)] = Attribute(format, "formatCode");
  });

  ForEachChild(Child(style_sheet, "cellXfs"), "xf", [&](pugi::xml_node xf) {
    const int id = xf.attribute("numFmtId").as_int(0);
    const auto custom = custom_formats.find(id);
    is_date.push_back(custom != custom_formats.end() ? IsDateFormatCode(custom->second)
                                                     : IsBuiltInDateFormat(id));
  });
  return is_date;
}

// ---------------------------------------------------------------------------
// Cell values.

// Returns the day that Excel serial `day` (a whole number of days) names.
date::sys_days DayOfSerial(int64_t day, bool date1904) {
  if (date1904) return date::sys_days(date::year{1904} / 1 / 1) + date::days(day);
  // Serials after the fictitious 1900-02-29 (serial 60) are one day ahead.
  if (day < 60) return date::sys_days(date::year{1899} / 12 / 31) + date::days(day);
  return date::sys_days(date::year{1899} / 12 / 30) + date::days(day);
}

// Formats an Excel date serial as `YYYY-MM-DD HH:mm:ss[.ffffff]`, rounded to
// the nearest millisecond because Excel number formats show no finer time.
// In the 1900 date system serial 1 is 1900-01-01, and serial 60 is the
// 1900-02-29 that Excel keeps for compatibility with Lotus 1-2-3. In the 1904
// system serial 0 is 1904-01-01. A serial below 1 is a time of day alone and
// becomes `HH:mm:ss[.ffffff]`. Returns nullopt for negative or huge serials.
std::optional<std::string> FormatExcelSerial(double serial, bool date1904) {
  if (!(serial >= 0) || serial > 2'958'465.99999) return std::nullopt;  // after 9999-12-31

  const int64_t total_millis = std::llround(serial * static_cast<double>(kMillisPerDay));
  const int64_t day = total_millis / kMillisPerDay;
  const int64_t millis = total_millis % kMillisPerDay;
  const auto hms = date::hh_mm_ss<std::chrono::milliseconds>(std::chrono::milliseconds(millis));

  std::string time = fmt::format("{:02}:{:02}:{:02}", hms.hours().count(), hms.minutes().count(),
                                 hms.seconds().count());
  if (hms.subseconds().count() != 0) time += fmt::format(".{:06}", hms.subseconds().count() * 1000);
  if (serial < 1) return time;
  if (!date1904 && day == 60) return "1900-02-29 " + time;

  const date::year_month_day ymd(DayOfSerial(day, date1904));
  return fmt::format("{:04}-{:02}-{:02} {}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), time);
}

// Rewrites a number in its shortest decimal form ("45444.5", "1e+21"); text
// that is not a number is kept as it is.
std::string FormatNumber(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::string(text);
  char buffer[64];
  const auto [out_end, out_error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  if (out_error != std::errc()) return std::string(text);
  return std::string(buffer, out_end);
}

// Returns the 0-based column of a cell reference ("C7" is column 2), or
// nullopt for text that is not a reference to a cell of a worksheet. A
// reference is one to three letters from A to XFD, then a row number from 1
// to 1,048,576.
std::optional<size_t> ColumnOfReference(std::string_view reference) {
  size_t letters = 0;
  size_t column = 0;
  while (letters < reference.size() && letters <= 3) {
    const char upper = static_cast<char>(reference[letters] & ~0x20);
    if (upper < 'A' || upper > 'Z') break;
    column = column * 26 + static_cast<size_t>(upper - 'A' + 1);
    ++letters;
  }
  if (letters == 0 || letters > 3 || column > kMaxColumns) return std::nullopt;

  const std::string_view digits = reference.substr(letters);
  int64_t row = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), row);
  const bool all_digits = !digits.empty() && digits.front() != '-' && digits.front() != '+';
  if (!all_digits || error != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  if (row < 1 || row > kMaxRows) return std::nullopt;
  return column - 1;
}

// Names a cell in A1 style for messages: column 2 of row 7 is "C7".
std::string CellName(size_t column, int64_t row) {
  std::string letters;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return fmt::format("{}{}", letters, row);
}

// Quotes a cell for the row's raw text when it contains a comma, a quote or
// a line break, doubling inner quotes (RFC 4180).
void AppendCsvCell(std::string_view cell, std::string& out) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += cell;
    return;
  }
  out += '"';
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Excel shows a boolean cell as TRUE or FALSE.
std::string BooleanText(std::string_view value) {
  if (value == "1") return "TRUE";
  if (value == "0") return "FALSE";
  return std::string(value);
}

// Everything needed to turn `<c>` elements into text.
class CellReader {
 public:
  CellReader(const std::vector<std::string>& shared_strings, const std::vector<bool>& date_styles,
             bool date1904, std::string_view file_name, std::string_view sheet_name)
      : shared_strings_(shared_strings),
        date_styles_(date_styles),
        date1904_(date1904),
        file_name_(file_name),
        sheet_name_(sheet_name) {}

  // The text of the cell at `column` (0-based) of sheet row `row`. Text that
  // is not valid UTF-8 or contains a NUL character is an error, as it is in a
  // CSV file.
  Result<std::string> Text(pugi::xml_node cell, size_t column, int64_t row) const {
    Result<std::string> text = DecodedText(cell, column, row);
    if (!text.ok()) return text;

    const size_t invalid = FindInvalidUtf8(*text);
    if (invalid != std::string::npos) {
      return Status::InvalidInput(fmt::format(
          "{}: sheet '{}' cell {}: invalid UTF-8 at byte {} of the cell text; save the workbook "
          "again from Excel or save it as CSV UTF-8",
          file_name_, sheet_name_, CellName(column, row), invalid));
    }
    if (text->find('\0') != std::string::npos) {
      return Status::InvalidInput(fmt::format(
          "{}: sheet '{}' cell {}: the cell contains a NUL character (U+0000); remove it and save "
          "the workbook again, or save it as CSV",
          file_name_, sheet_name_, CellName(column, row)));
    }
    return text;
  }

  // An error naming a cell reference that is malformed or past the last column.
  Status InvalidReference(std::string_view reference, int64_t row) const {
    return Status::InvalidInput(fmt::format(
        "{}: sheet '{}' row {}: cell reference '{}' is not valid (expected a column from A to "
        "XFD and a row from 1 to 1048576, such as C7); export the workbook again or save it as "
        "CSV",
        file_name_, sheet_name_, row, reference));
  }

 private:
  Result<std::string> DecodedText(pugi::xml_node cell, size_t column, int64_t row) const {
    const std::string_view type = Attribute(cell, "t");
    const std::string_view value = Child(cell, "v").text().get();

    if (type == "s") return SharedString(value, column, row);
    if (type == "inlineStr") return StringItemText(Child(cell, "is"));
    if (type == "str") return DecodeOfficeEscapes(value);
    if (type == "b") return BooleanText(value);
    if (type == "e" || type == "d") return std::string(value);  // "#N/A", or an ISO 8601 date
    if (value.empty()) return std::string();
    return Number(value, cell.attribute("s").as_uint(0));
  }

  Result<std::string> SharedString(std::string_view value, size_t column, int64_t row) const {
    size_t index = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), index);
    if (error != std::errc() || end != value.data() + value.size() ||
        index >= shared_strings_.size()) {
      return Status::InvalidInput(fmt::format(
          "{}: sheet '{}' cell {}: shared string index '{}' is not valid (the workbook has {} "
          "shared strings); export the workbook again or save it as CSV",
          file_name_, sheet_name_, CellName(column, row), value, shared_strings_.size()));
    }
    return shared_strings_[index];
  }

  std::string Number(std::string_view value, size_t style) const {
    if (style < date_styles_.size() && date_styles_[style]) {
      double serial = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), serial);
      if (error == std::errc() && end == value.data() + value.size()) {
        std::optional<std::string> text = FormatExcelSerial(serial, date1904_);
        if (text) return *text;
      }
    }
    return FormatNumber(value);
  }

  const std::vector<std::string>& shared_strings_;
  const std::vector<bool>& date_styles_;
  bool date1904_;
  std::string_view file_name_;
  std::string_view sheet_name_;
};

// ---------------------------------------------------------------------------
// The worksheet.

bool AllEmpty(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return c.empty(); });
}

void DropTrailingEmpty(std::vector<std::string>& cells, size_t keep) {
  while (cells.size() > keep && cells.back().empty()) cells.pop_back();
}

// Reads one `<row>` into cells placed by their references, so that skipped
// cells leave empty strings in their columns. A cell without a reference
// follows the one before it.
Status ReadRowCells(pugi::xml_node row, int64_t row_number, const CellReader& reader,
                    std::vector<std::string>& cells) {
  cells.clear();
  size_t next_column = 0;
  for (pugi::xml_node cell : row.children()) {
    if (cell.type() != pugi::node_element || LocalName(cell.name()) != "c") continue;

    const std::string_view reference = Attribute(cell, "r");
    size_t column = next_column;
    if (!reference.empty()) {
      const std::optional<size_t> referenced = ColumnOfReference(reference);
      if (!referenced.has_value()) return reader.InvalidReference(reference, row_number);
      column = *referenced;
    } else if (column >= kMaxColumns) {
      return reader.InvalidReference(CellName(column, row_number), row_number);
    }
    Result<std::string> text = reader.Text(cell, column, row_number);
    if (!text.ok()) return text.status();
    if (column >= cells.size()) cells.resize(column + 1);
    cells[column] = std::move(*text);
    next_column = column + 1;
  }
  return Status::Ok();
}

Result<Table> ReadSheet(ZipPackage& package, const WorkbookLayout& layout, const CellReader& reader,
                        std::string_view file_name) {
  pugi::xml_document document;
  Result<bool> loaded = LoadPart(package, layout.sheet_path, true, file_name, document);
  if (!loaded.ok()) return loaded.status();
  const pugi::xml_node sheet_data = Child(Child(document, "worksheet"), "sheetData");

  Table table;
  bool have_header = false;
  int64_t row_number = 0;
  int64_t cell_count = 0;
  std::vector<std::string> cells;
  for (pugi::xml_node row : sheet_data.children()) {
    if (row.type() != pugi::node_element || LocalName(row.name()) != "row") continue;
    // A row without a valid `r` follows the one before it.
    const long long declared_row = row.attribute("r").as_llong(0);
    row_number = declared_row > 0 ? declared_row : row_number + 1;

    if (Status status = ReadRowCells(row, row_number, reader, cells); !status.ok()) return status;
    if (AllEmpty(cells)) continue;

    if (!have_header) {
      DropTrailingEmpty(cells, 0);
      table.header = cells;
      cell_count = static_cast<int64_t>(table.header.size());
      have_header = true;
      continue;
    }

    TableRow table_row;
    DropTrailingEmpty(cells, table.header.size());
    cells.resize(std::max(cells.size(), table.header.size()));
    cell_count += static_cast<int64_t>(cells.size());
    if (cell_count > kMaxTableCells) {
      return Status::InvalidInput(fmt::format(
          "{}: sheet '{}' row {}: the table holds more than {} cells here (rows times columns, "
          "counting the empty cells that pad short rows to the header's width); split the export "
          "into smaller files or remove unused columns",
          file_name, layout.sheet_name, row_number, kMaxTableCells));
    }
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) table_row.raw += ',';
      AppendCsvCell(cells[i], table_row.raw);
    }
    table_row.cells = std::move(cells);  // ReadRowCells clears it for the next row
    table_row.line = row_number;
    table.rows.push_back(std::move(table_row));
  }

  if (!have_header) {
    return Status::InvalidInput(
        fmt::format("{}: no header row found because sheet '{}' has no text; export the data again",
                    file_name, layout.sheet_name));
  }
  return table;
}

}  // namespace

Result<Table> ReadXlsx(std::string_view bytes, std::string_view file_name) {
  Result<ZipPackage> package = ZipPackage::Open(bytes, file_name);
  if (!package.ok()) return package.status();

  Result<WorkbookLayout> layout = LocateWorkbookParts(*package, file_name);
  if (!layout.ok()) return layout.status();
  Result<std::vector<std::string>> shared_strings =
      ReadSharedStrings(*package, layout->shared_strings_path, file_name);
  if (!shared_strings.ok()) return shared_strings.status();
  Result<std::vector<bool>> date_styles = ReadDateStyles(*package, layout->styles_path, file_name);
  if (!date_styles.ok()) return date_styles.status();

  const CellReader reader(*shared_strings, *date_styles, layout->date1904, file_name,
                          layout->sheet_name);
  return ReadSheet(*package, *layout, reader, file_name);
}

}  // namespace signtrail
