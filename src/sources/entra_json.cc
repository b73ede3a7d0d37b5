// The entra-json importer: Microsoft Entra ID sign-ins as Microsoft Graph
// `auditLogs/signIns` JSON or as Azure Monitor diagnostic records.
// docs/formats/entra-json.md documents the accepted shapes and the mapping.

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/doubtful_reasons.h"
#include "sources/importers.h"
#include "sources/json_checks.h"
#include "sources/table.h"
#include "sources/tabular_import.h"
#include "sources/timestamp.h"

namespace signtrail {
namespace {

namespace dom = simdjson::dom;

constexpr size_t kNoEnd = std::string_view::npos;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Microsoft Graph returns at most this many sign-ins per page, so a page this
// full without a link to the next one may have been cut short.
constexpr size_t kGraphPageSize = 1000;

// ---------------------------------------------------------------------------
// Finding the records in the text
// ---------------------------------------------------------------------------

// The position of one record's text in the decoded file.
struct RecordSpan {
  size_t begin = 0;
  size_t end = 0;
  std::string problem;  // why the text is no record; empty when it is ready to parse
};

// The records of a file and what its container shows about completeness.
struct RecordLayout {
  std::vector<RecordSpan> records;
  bool is_graph_page = false;  // a `{"value":[...]}` page
  bool has_next_link = false;  // the page carries `@odata.nextLink`
  bool unclosed = false;       // the file ends before its outer `]` or `}`
  std::string document_error;  // why the whole text failed to parse, when it did
};

// Maps byte offsets of the decoded text to 1-based line numbers, counted
// from `first_line` when the text is a part of a larger file.
class LineIndex {
 public:
  LineIndex(std::string_view text, int64_t first_line) : first_line_(first_line) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  int64_t LineOf(size_t offset) const {
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    return (after - line_starts_.begin()) + first_line_ - 1;
  }

 private:
  int64_t first_line_;
  std::vector<size_t> line_starts_;
};

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t SkipSpaces(std::string_view text, size_t pos) {
  while (pos < text.size() && IsJsonSpace(text[pos])) ++pos;
  return pos;
}

// Returns the offset after the string that opens at text[pos], or kNoEnd when
// the text ends inside it.
size_t SkipString(std::string_view text, size_t pos) {
  for (size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return kNoEnd;
}

// Returns the offset after the JSON value that starts at text[pos], or kNoEnd
// when the text ends inside it. Brackets are counted, not matched: this only
// cuts the text into records, and the DOM parser validates each one.
size_t SkipValue(std::string_view text, size_t pos) {
  if (pos >= text.size()) return kNoEnd;
  const char first = text[pos];
  if (first == '"') return SkipString(text, pos);
  if (first != '{' && first != '[') {
    while (pos < text.size() && !IsJsonSpace(text[pos]) && text[pos] != ',' && text[pos] != ']' &&
           text[pos] != '}') {
      ++pos;
    }
    return pos;
  }

  int depth = 0;
  size_t i = pos;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      i = SkipString(text, i);
      if (i == kNoEnd) return kNoEnd;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if ((c == '}' || c == ']') && --depth == 0) return i + 1;
    ++i;
  }
  return kNoEnd;
}

std::string TruncatedReason(int64_t file_size) {
  return fmt::format(
      "truncated record: the file ends at byte {} inside it; export the sign-ins again", file_size);
}

// The outcome of parsing a record or a whole document.
struct ParsedJson {
  simdjson::error_code error = simdjson::SUCCESS;
  // After a NUMBER_ERROR, the number tokens simdjson rejected. When every one
  // was valid JSON, they were written as strings and the text parsed again.
  std::vector<RejectedNumber> numbers;
};

// Parses JSON text into `element`. simdjson 3.0 rejects integers outside the
// 64-bit ranges and numbers beyond a double, although they are valid JSON, so
// when those are the only numbers it rejects, the text is parsed again with
// each of them written as a string.
ParsedJson ParseJson(std::string_view text, dom::parser& parser, dom::element* element) {
  ParsedJson parsed;
  const simdjson::padded_string padded(text);
  parsed.error = parser.parse(padded).get(*element);
  if (parsed.error != simdjson::NUMBER_ERROR) return parsed;

  parsed.numbers = FindRejectedNumbers(text);
  const bool all_valid =
      !parsed.numbers.empty() && std::all_of(parsed.numbers.begin(), parsed.numbers.end(),
                                             [](const RejectedNumber& n) { return n.valid; });
  if (!all_valid) return parsed;
  const simdjson::padded_string quoted(QuoteValidNumbers(text, parsed.numbers));
  parsed.error = parser.parse(quoted).get(*element);
  return parsed;
}

// The reject reason for a record that failed to parse, naming the number
// that simdjson rejected when that was the cause.
// Returns the first characters of a record's text for a message. Control
// bytes become \xNN, so they cannot act on a terminal.
std::string Opening(std::string_view text) {
  constexpr size_t kShown = 40;
  std::string opening;
  for (char c : text.substr(0, kShown)) {
    const auto byte = static_cast<unsigned char>(c);
    opening += byte < 0x20 || byte == 0x7f ? fmt::format("\\x{:02x}", byte) : std::string(1, c);
  }
  if (text.size() > kShown) opening += "...";
  return opening;
}

std::string InvalidJsonReason(size_t record_offset, std::string_view record,
                              const ParsedJson& parsed) {
  std::string reason = fmt::format("invalid JSON at byte {}: {}", record_offset,
                                   simdjson::error_message(parsed.error));
  if (parsed.error != simdjson::NUMBER_ERROR || parsed.numbers.empty()) {
    return fmt::format("{} (the record starts '{}')", reason, Opening(record));
  }

  const auto invalid = std::find_if(parsed.numbers.begin(), parsed.numbers.end(),
                                    [](const RejectedNumber& n) { return !n.valid; });
  const RejectedNumber& number = invalid != parsed.numbers.end() ? *invalid : parsed.numbers[0];
  return fmt::format("{} (value '{}' at byte {})", reason, number.text,
                     record_offset + number.offset);
}

// The decoded text with what messages need to name a place in it.
struct SourceText {
  std::string_view text;
  std::string_view file_name;
  LineIndex lines;

  SourceText(std::string_view text, std::string_view file_name, int64_t first_line)
      : text(text), file_name(file_name), lines(text, first_line) {}
};

Status StructureError(const SourceText& source, std::string_view expected, size_t pos) {
  return Status::InvalidInput(fmt::format("{}:{}: invalid JSON at byte {}: expected {}, found '{}'",
                                          source.file_name, source.lines.LineOf(pos), pos, expected,
                                          source.text[pos]));
}

// Appends one span per element of the array that opens at text[open]. Returns
// the offset after its `]`, kNoEnd when the file ends first, or the damage
// between elements as an error message.
Result<size_t> ScanArray(const SourceText& source, size_t open, std::vector<RecordSpan>* records) {
  const std::string_view text = source.text;
  size_t pos = SkipSpaces(text, open + 1);
  if (pos < text.size() && text[pos] == ']') return pos + 1;
  while (true) {
    pos = SkipSpaces(text, pos);
    if (pos == text.size()) return kNoEnd;

    const size_t end = SkipValue(text, pos);
    if (end == kNoEnd) {
      records->push_back({pos, text.size(), TruncatedReason(static_cast<int64_t>(text.size()))});
      return kNoEnd;
    }
    records->push_back({pos, end, ""});

    pos = SkipSpaces(text, end);
    if (pos == text.size()) return kNoEnd;
    if (text[pos] == ']') return pos + 1;
    if (text[pos] != ',') return StructureError(source, "',' or ']'", pos);
    ++pos;
  }
}

// Reads the object that opens at text[open]: a Graph page (`value`), a
// diagnostic-records envelope (`records`), or otherwise one sign-in record.
// Returns the offset after its `}`, or kNoEnd when the file ends first.
Result<size_t> ScanObject(const SourceText& source, size_t open, RecordLayout* layout) {
  const std::string_view text = source.text;
  bool found_array = false;
  size_t pos = SkipSpaces(text, open + 1);
  size_t object_end = kNoEnd;
  if (pos < text.size() && text[pos] == '}') object_end = pos + 1;

  while (object_end == kNoEnd) {
    // Member name.
    pos = SkipSpaces(text, pos);
    if (pos == text.size()) break;
    if (text[pos] != '"') return StructureError(source, "a member name", pos);
    const size_t name_end = SkipString(text, pos);
    if (name_end == kNoEnd) break;
    const std::string_view name = text.substr(pos + 1, name_end - pos - 2);
    pos = SkipSpaces(text, name_end);
    if (pos == text.size()) break;
    if (text[pos] != ':') return StructureError(source, "':'", pos);
    pos = SkipSpaces(text, pos + 1);

    // Member value: the record array, or a value to step over.
    const bool is_record_array = (name == "value" || name == "records") && !found_array &&
                                 pos < text.size() && text[pos] == '[';
    size_t value_end = kNoEnd;
    if (is_record_array) {
      found_array = true;
      layout->is_graph_page = name == "value";
      const Result<size_t> array_end = ScanArray(source, pos, &layout->records);
      if (!array_end.ok()) return array_end.status();
      value_end = *array_end;
    } else {
      value_end = SkipValue(text, pos);
      if (name == "@odata.nextLink" && text.substr(pos, 4) != "null") layout->has_next_link = true;
    }
    if (value_end == kNoEnd) break;

    // Separator.
    pos = SkipSpaces(text, value_end);
    if (pos == text.size()) break;
    if (text[pos] == '}') {
      object_end = pos + 1;
    } else if (text[pos] == ',') {
      ++pos;
    } else {
      return StructureError(source, "',' or '}'", pos);
    }
  }

  if (!found_array) {
    if (object_end == kNoEnd) {
      layout->records.push_back({open, text.size(), TruncatedReason(text.size())});
    } else {
      layout->records.push_back({open, object_end, ""});
    }
  }
  return object_end;
}

// Reads a file that is one JSON document: an array, a Graph page, an
// envelope of diagnostic records, or a single record.
Result<RecordLayout> ScanDocument(const SourceText& source, size_t start) {
  const std::string_view text = source.text;
  RecordLayout layout;
  const Result<size_t> end = text[start] == '[' ? ScanArray(source, start, &layout.records)
                                                : ScanObject(source, start, &layout);
  if (!end.ok()) return end.status();
  if (*end == kNoEnd) {
    layout.unclosed = true;
    return layout;
  }
  const size_t rest = SkipSpaces(text, *end);
  if (rest != text.size()) {
    return StructureError(source, "the end of the file", rest);
  }
  return layout;
}

// Reads one record per line. Blank lines are skipped; a last line without a
// line end that stops inside a value is a truncated record. `first_offset`
// is where the text starts in the file.
RecordLayout ScanLines(std::string_view text, int64_t first_offset) {
  RecordLayout layout;
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    const bool is_last = line_end == kNoEnd;
    if (is_last) line_end = text.size();
    size_t content_end = line_end;
    if (content_end > line_start && text[content_end - 1] == '\r') --content_end;

    const size_t first = SkipSpaces(text.substr(0, content_end), line_start);
    if (first < content_end) {
      RecordSpan span{line_start, content_end, ""};
      const std::string_view line = text.substr(0, content_end);
      if (is_last && SkipValue(line, first) == kNoEnd) {
        span.problem = TruncatedReason(first_offset + static_cast<int64_t>(text.size()));
      }
      layout.records.push_back(std::move(span));
    }
    line_start = line_end + 1;
  }
  return layout;
}

// True when the text has two or more non-blank lines and the first one is a
// whole object, as in one object per line. A document that puts each
// element of its array on a new line fails the last test. A later line that
// is no object is then a damaged record, rejected with its line number.
bool LooksLikeObjectPerLine(std::string_view text) {
  int records = 0;
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == kNoEnd) line_end = text.size();
    const std::string_view line = text.substr(0, line_end);
    const size_t first = SkipSpaces(line, line_start);
    if (first < line_end) {
      if (records == 0 && text[first] != '{') return false;
      if (records == 0) {
        const size_t value_end = SkipValue(line, first);
        if (value_end == kNoEnd || SkipSpaces(line, value_end) != line_end) return false;
      }
      ++records;
    }
    line_start = line_end + 1;
  }
  return records >= 2;
}

// Decides the file's shape and cuts it into records. A document that parses
// as a whole is read as one. Otherwise a text with an object on every line is
// read line by line, and anything else as a damaged document.
Result<RecordLayout> FindRecords(const SourceText& source, dom::parser& parser) {
  const std::string_view text = source.text;
  const size_t start = SkipSpaces(text, 0);
  if (start == text.size()) return RecordLayout{};
  if (text[start] == '[') return ScanDocument(source, start);
  if (text[start] != '{') {
    return StructureError(source, "a JSON object, an array of objects or one object per line",
                          start);
  }

  dom::element document;
  const simdjson::error_code error = ParseJson(text, parser, &document).error;
  if (error == simdjson::SUCCESS) return ScanDocument(source, start);
  if (LooksLikeObjectPerLine(text)) return ScanLines(text, 0);

  Result<RecordLayout> layout = ScanDocument(source, start);
  if (layout.ok()) layout->document_error = simdjson::error_message(error);
  return layout;
}

// ---------------------------------------------------------------------------
// Reading one record
// ---------------------------------------------------------------------------

// A record whose fields are read but whose time still waits for the file's
// day/month order.
struct PendingRecord {
  SignInEvent event;
  std::string time_text;
  std::string time_field;  // `createdDateTime`, or `time` from the diagnostic envelope
};

// The parts of one record: `sign_in` contains the Graph signIn fields, which a
// diagnostic record nests under `properties`; `envelope` is the diagnostic
// record itself, or nullopt for a Graph object.
struct RecordParts {
  dom::object sign_in;
  std::optional<dom::object> envelope;
};

std::optional<dom::element> Member(dom::object object, std::string_view name) {
  dom::element value;
  if (object.at_key(name).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
  return value;
}

std::optional<dom::object> ObjectMember(dom::object object, std::string_view name) {
  const std::optional<dom::element> value = Member(object, name);
  dom::object result;
  if (!value || value->get_object().get(result) != simdjson::SUCCESS) return std::nullopt;
  return result;
}

// Returns the member's text when it is a non-empty string, else an empty string.
std::string StringMember(dom::object object, std::string_view name) {
  const std::optional<dom::element> value = Member(object, name);
  std::string_view text;
  if (!value || value->get_string().get(text) != simdjson::SUCCESS) return "";
  return std::string(text);
}

// A value for a message: its minified JSON, cut after 80 bytes.
std::string ShortJson(const dom::element& value) {
  constexpr size_t kMaxShown = 80;
  std::string text = simdjson::minify(value);
  if (text.size() <= kMaxShown) return text;
  size_t cut = kMaxShown;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

// Reads a member that must be a string when present. Absent, null, empty and
// white-space-only members give "". Any other type is InvalidInput "field
// 'NAME': value 'V' is not a string", so a number in an id field is reported
// as such rather than as missing.
Result<std::string> StrictStringMember(dom::object object, std::string_view name) {
  const std::optional<dom::element> value = Member(object, name);
  if (!value) return std::string();
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) {
    return Status::InvalidInput(
        fmt::format("field '{}': value '{}' is not a string", name, ShortJson(*value)));
  }
  while (!text.empty() && IsJsonSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsJsonSpace(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// A JSON number as decimal text, or nullopt for other types.
std::optional<std::string> NumberText(const dom::element& value) {
  int64_t number = 0;
  if (value.get_int64().get(number) == simdjson::SUCCESS) return std::to_string(number);
  uint64_t unsigned_number = 0;
  if (value.get_uint64().get(unsigned_number) == simdjson::SUCCESS) {
    return std::to_string(unsigned_number);
  }
  double real = 0;
  if (value.get_double().get(real) == simdjson::SUCCESS) return fmt::format("{}", real);
  return std::nullopt;
}

std::string EnvelopeString(const RecordParts& parts, std::string_view name) {
  return parts.envelope ? StringMember(*parts.envelope, name) : "";
}

// Returns the first non-empty value.
std::string FirstOf(std::initializer_list<std::string> values) {
  for (const std::string& value : values) {
    if (!value.empty()) return value;
  }
  return "";
}

// The sign-in type of a diagnostic category, or empty for other categories.
std::string_view SignInTypeOfCategory(std::string_view category) {
  if (category == "SignInLogs") return "interactiveUser";
  if (category == "NonInteractiveUserSignInLogs") return "nonInteractiveUser";
  if (category == "ServicePrincipalSignInLogs") return "servicePrincipal";
  if (category == "MicrosoftServicePrincipalSignInLogs") return "servicePrincipal";
  if (category == "ManagedIdentitySignInLogs") return "managedIdentity";
  return "";
}

// `signInEventTypes[0]`, else the diagnostic category, else `isInteractive`.
// The category wins because diagnostic records of category SignInLogs have
// been seen with `isInteractive` false.
std::string ReadSignInType(const RecordParts& parts) {
  const std::optional<dom::element> types = Member(parts.sign_in, "signInEventTypes");
  dom::array type_list;
  if (types && types->get_array().get(type_list) == simdjson::SUCCESS) {
    for (dom::element type : type_list) {
      std::string_view text;
      if (type.get_string().get(text) == simdjson::SUCCESS && !text.empty()) {
        return std::string(text);
      }
      break;
    }
  }

  const std::string_view from_category = SignInTypeOfCategory(EnvelopeString(parts, "category"));
  if (!from_category.empty()) return std::string(from_category);

  const std::optional<dom::element> interactive = Member(parts.sign_in, "isInteractive");
  bool is_interactive = false;
  if (interactive && interactive->get_bool().get(is_interactive) == simdjson::SUCCESS) {
    return is_interactive ? "interactiveUser" : "nonInteractiveUser";
  }
  return "";
}

// Returns the error code as decimal text: a JSON number, or a string holding
// one. A string that is no number is kept as it is. true, false, arrays and
// objects are InvalidInput "field 'FIELD': value 'V' is not a number", because
// reading them as no code would count a failed sign-in as a success.
Result<std::string> ErrorCodeText(const dom::element& code, std::string_view field) {
  if (std::optional<std::string> number = NumberText(code)) return *number;

  std::string_view text;
  if (code.get_string().get(text) != simdjson::SUCCESS) {
    return Status::InvalidInput(
        fmt::format("field '{}': value '{}' is not a number", field, ShortJson(code)));
  }
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  const bool is_number = !text.empty() && std::all_of(text.begin(), text.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
  if (is_number && text.size() <= 18) return std::to_string(std::stoll(std::string(text)));
  return std::string(text);
}

// The error code from `status.errorCode`, else from the diagnostic
// `resultType`; empty when the record has neither.
Result<std::string> ReadErrorCode(const RecordParts& parts) {
  const std::optional<dom::element> status = Member(parts.sign_in, "status");
  if (status) {
    dom::object status_object;
    if (status->get_object().get(status_object) != simdjson::SUCCESS) {
      return Status::InvalidInput(
          fmt::format("field 'status': value '{}' is not an object", ShortJson(*status)));
    }
    if (const std::optional<dom::element> code = Member(status_object, "errorCode")) {
      return ErrorCodeText(*code, "status.errorCode");
    }
  }
  if (!parts.envelope) return std::string();
  if (const std::optional<dom::element> code = Member(*parts.envelope, "resultType")) {
    return ErrorCodeText(*code, "resultType");
  }
  return std::string();
}

// Fills kind, result code and failure reason from `status`, or from the
// diagnostic `resultType` and `resultDescription`.
Status ReadResult(const RecordParts& parts, SignInEvent* event) {
  Result<std::string> code = ReadErrorCode(parts);
  if (!code.ok()) return code.status();
  event->result_code = std::move(code).value();
  if (!event->result_code.empty() && event->result_code != "0") {
    const std::optional<dom::object> status = ObjectMember(parts.sign_in, "status");
    event->kind = EventKind::kFailedSignIn;
    event->failure_reason = FirstOf({status ? StringMember(*status, "failureReason") : "",
                                     EnvelopeString(parts, "resultDescription")});
    return Status::Ok();
  }
  // NOTE: a record with no error code at all is counted as a successful sign-in.
  event->kind = EventKind::kSignIn;
  return Status::Ok();
}

// Joins city, state and country; falls back to the diagnostic `location`
// string, which contains only the country code.
std::string ReadLocation(const RecordParts& parts) {
  std::string joined;
  const std::optional<dom::object> location = ObjectMember(parts.sign_in, "location");
  if (location) {
    for (std::string_view name : {"city", "state", "countryOrRegion"}) {
      const std::string part = StringMember(*location, name);
      if (part.empty()) continue;
      if (!joined.empty()) joined += ", ";
      joined += part;
    }
  }
  return joined.empty() ? EnvelopeString(parts, "location") : joined;
}

bool IsServiceSignIn(std::string_view sign_in_type) {
  return sign_in_type == "servicePrincipal" || sign_in_type == "managedIdentity";
}

// The record id: `id`, else `properties.id`, else `originalRequestId`, with
// a GUID normalised by CanonicalId as entra-csv does with its Request ID.
Result<std::string> ReadRecordId(dom::object record, const RecordParts& parts) {
  const std::pair<dom::object, std::string_view> candidates[] = {
      {record, "id"}, {parts.sign_in, "id"}, {parts.sign_in, "originalRequestId"}};
  for (const auto& [object, name] : candidates) {
    Result<std::string> id = StrictStringMember(object, name);
    if (!id.ok()) return id.status();
    if (!id->empty()) return CanonicalId(*id);
  }
  return Status::InvalidInput(
      "missing 'id': the record has no 'id', 'properties.id' or 'originalRequestId', so it is "
      "not a sign-in record");
}

// The user's object id from `userId`. A service principal or managed identity
// signs in as itself, so without a `userId` it is keyed on its
// `servicePrincipalId`, as the portal's CSV download does. Sets
// *keyed_on_service when the id is a servicePrincipalId.
Result<std::string> ReadUserId(const RecordParts& parts, bool service_sign_in,
                               bool* keyed_on_service) {
  *keyed_on_service = false;
  Result<std::string> user_id = StrictStringMember(parts.sign_in, "userId");
  if (!user_id.ok()) return user_id.status();
  if (!user_id->empty()) return CanonicalId(*user_id);
  if (!service_sign_in) {
    return Status::InvalidInput("missing 'userId': a user sign-in needs the user's object id");
  }

  Result<std::string> principal_id = StrictStringMember(parts.sign_in, "servicePrincipalId");
  if (!principal_id.ok()) return principal_id.status();
  *keyed_on_service = true;
  if (!principal_id->empty()) return CanonicalId(*principal_id);
  return Status::InvalidInput(
      "missing 'servicePrincipalId': a service principal or managed identity sign-in needs the "
      "principal's object id");
}

// Sets the time text and the field it came from: `createdDateTime`, else the
// diagnostic envelope's `time`.
Status ReadTimeText(const RecordParts& parts, PendingRecord* pending) {
  Result<std::string> created = StrictStringMember(parts.sign_in, "createdDateTime");
  if (!created.ok()) return created.status();
  pending->time_field = "createdDateTime";
  pending->time_text = std::move(created).value();
  if (pending->time_text.empty() && parts.envelope) {
    Result<std::string> envelope_time = StrictStringMember(*parts.envelope, "time");
    if (!envelope_time.ok()) return envelope_time.status();
    pending->time_field = "time";
    pending->time_text = std::move(envelope_time).value();
  }
  if (pending->time_text.empty()) {
    return Status::InvalidInput("missing 'createdDateTime': the record has no sign-in time");
  }
  return Status::Ok();
}

// `sessionId` as text: a string (a GUID normalised by CanonicalId), or a
// number kept as its decimal text.
Result<std::string> ReadSessionId(const RecordParts& parts) {
  const std::optional<dom::element> value = Member(parts.sign_in, "sessionId");
  if (!value) return std::string();
  if (std::optional<std::string> number = NumberText(*value)) return *number;
  Result<std::string> text = StrictStringMember(parts.sign_in, "sessionId");
  if (!text.ok()) return text.status();
  return CanonicalId(*text);
}

// True when ReadRecord may read the member at `path`, a path as
// FindRejectedNumbers writes it. The check errs towards true: a name that
// ReadRecord reads in any of the three places (the top level of a Graph
// record, a diagnostic record's `properties`, the diagnostic envelope) counts
// in all of them. Keep the list in step with ReadRecord.
bool IsReadField(std::string_view path) {
  static constexpr std::string_view kReadNames[] = {
      "id", "originalRequestId", "userId", "servicePrincipalId", "createdDateTime", "time",
      "userPrincipalName", "userDisplayName", "identity", "servicePrincipalName", "sessionId",
      "ipAddress", "callerIpAddress", "appDisplayName", "resourceDisplayName", "appId",
      "location", "status", "resultType", "resultDescription", "signInEventTypes", "category",
      "isInteractive", "properties"};
  const auto first_segment = [](std::string_view text) {
    return text.substr(0, text.find_first_of(".["));
  };
  std::string_view name = first_segment(path);
  if (name == "properties" && path.size() > name.size() && path[name.size()] == '.') {
    name = first_segment(path.substr(name.size() + 1));
  }
  return std::find(std::begin(kReadNames), std::end(kReadNames), name) != std::end(kReadNames);
}

// Rejects a record when a number that simdjson could not hold, and that
// ParseJson therefore wrote as a string, is in a field that ReadRecord reads.
// Such numbers elsewhere are kept in the raw text and otherwise ignored.
Status CheckQuotedNumbers(const std::vector<RejectedNumber>& numbers, size_t record_offset) {
  for (const RejectedNumber& number : numbers) {
    if (!IsReadField(number.path)) continue;
    return Status::InvalidInput(fmt::format(
        "field '{}': value '{}' at byte {} is out of range (beyond a 64-bit integer or a double), "
        "so it cannot be read",
        number.path, number.text, record_offset + number.offset));
  }
  return Status::Ok();
}

// Reads every field except the time, which needs the file's date order.
// Returns the reject reason as an InvalidInput status.
Result<PendingRecord> ReadRecord(dom::object record) {
  if (std::optional<std::string> key = FindDuplicateKey(record)) {
    return Status::InvalidInput(fmt::format(
        "duplicate key '{}': the record gives it twice, so its value is ambiguous; fix the record "
        "or export it again",
        *key));
  }
  RecordParts parts{record, std::nullopt};
  if (const std::optional<dom::object> properties = ObjectMember(record, "properties")) {
    parts = {*properties, record};
  }

  PendingRecord pending;
  SignInEvent& event = pending.event;
  Result<std::string> record_id = ReadRecordId(record, parts);
  if (!record_id.ok()) return record_id.status();
  event.record_id = std::move(record_id).value();

  event.sign_in_type = ReadSignInType(parts);
  bool keyed_on_service = false;
  Result<std::string> user_id =
      ReadUserId(parts, IsServiceSignIn(event.sign_in_type), &keyed_on_service);
  if (!user_id.ok()) return user_id.status();
  event.user_id = std::move(user_id).value();

  if (Status time = ReadTimeText(parts, &pending); !time.ok()) return time;

  event.login_name = StringMember(parts.sign_in, "userPrincipalName");
  event.display_name =
      FirstOf({StringMember(parts.sign_in, "userDisplayName"), EnvelopeString(parts, "identity")});
  if (keyed_on_service) {
    event.display_name = FirstOf(
        {StringMember(parts.sign_in, "servicePrincipalName"), event.display_name});
  }
  Result<std::string> session_id = ReadSessionId(parts);
  if (!session_id.ok()) return session_id.status();
  event.session_key = std::move(session_id).value();
  event.client_address =
      FirstOf({StringMember(parts.sign_in, "ipAddress"), EnvelopeString(parts, "callerIpAddress")});
  event.application = FirstOf({StringMember(parts.sign_in, "appDisplayName"),
                               StringMember(parts.sign_in, "resourceDisplayName"),
                               StringMember(parts.sign_in, "appId")});
  event.location = ReadLocation(parts);
  if (Status result = ReadResult(parts, &event); !result.ok()) return result;
  event.end_kind = EndKind::kOpen;
  return pending;
}

// ---------------------------------------------------------------------------
// The import
// ---------------------------------------------------------------------------

class EntraJsonImport {
 public:
  EntraJsonImport(std::string_view text, const ImportOptions& options)
      : source_(text, options.file_name, options.first_line),
        text_(text),
        options_(options),
        lines_(source_.lines),
        first_offset_(options.first_offset) {}

  Result<ImportOutput> Run() {
    Result<RecordLayout> layout = FindRecords(source_, parser_);
    if (!layout.ok()) return layout.status();
    return Import(std::move(*layout));
  }

  // Reads the text as whole lines of a larger file with one object per line.
  Result<EntraJsonPart> RunPart() {
    EntraJsonPart part;
    RecordLayout layout = ScanLines(text_, first_offset_);
    output_.rows_read = static_cast<int64_t>(layout.records.size());
    for (const RecordSpan& span : layout.records) ReadSpan(span);
    part.needs_whole_file = FindTimeNeedingOrder();
    if (!part.needs_whole_file.empty()) return part;

    Result<ImportOutput> output = Finish(layout);
    if (!output.ok()) return output.status();
    part.output = std::move(*output);
    return part;
  }

 private:
  Result<ImportOutput> Import(RecordLayout layout) {
    output_.rows_read = static_cast<int64_t>(layout.records.size());

    // Pass 1: every field but the time.
    bool found_damaged_record = false;
    for (const RecordSpan& span : layout.records) {
      if (!ReadSpan(span)) found_damaged_record = true;
    }
    if (!layout.document_error.empty() && !found_damaged_record) {
      return Status::InvalidInput(
          fmt::format("{}: invalid JSON: {}", options_.file_name, layout.document_error));
    }
    return Finish(layout);
  }

  // Pass 2 and the checks of the whole text.
  Result<ImportOutput> Finish(const RecordLayout& layout) {
    // Pass 2: the times, once the file's day/month order is known.
    Result<TimeRule> rule = DecideTimeRule();
    if (!rule.ok()) return rule.status();
    for (PendingRecord& record : pending_) ReadTime(record, *rule);
    AddAmbiguityWarning();

    // The rejects of both passes, in file order; the first one ends a kFail import.
    std::stable_sort(
        output_.rejects.begin(), output_.rejects.end(),
        [](const RejectedRecord& a, const RejectedRecord& b) { return a.offset < b.offset; });
    if (options_.on_error == OnError::kFail && !output_.rejects.empty()) {
      const RejectedRecord& first = output_.rejects.front();
      return Status::InvalidInput(
          fmt::format("{}:{}: {}", options_.file_name, first.line, first.reason));
    }
    if (Status status = CheckCompleteness(layout); !status.ok()) return status;
    return std::move(output_);
  }

  // Returns a time that needs the day/month order when none was given, as
  // the reason to read the file whole, because only all of its times decide
  // the order. Empty when no time needs it.
  std::string FindTimeNeedingOrder() const {
    if (options_.date_order != DateOrder::kUnknown) return std::string();
    for (const PendingRecord& record : pending_) {
      if (NeedsDateOrder(record.time_text)) {
        return fmt::format("line {}: time '{}' needs the day/month order of the whole file",
                           record.event.line, record.time_text);
      }
    }
    return std::string();
  }

  // The file offset of a position in the text.
  int64_t Offset(size_t position) const {
    return first_offset_ + static_cast<int64_t>(position);
  }

  Status Prefixed(const Status& status) const {
    return Status(status.code(), fmt::format("{}: {}", options_.file_name, status.message()));
  }

  void Reject(const RecordSpan& span, std::string reason) {
    output_.rejects.push_back({lines_.LineOf(span.begin), Offset(span.begin),
                               std::move(reason),
                               std::string(text_.substr(span.begin, span.end - span.begin))});
  }

  // Parses one record and reads its fields into pending_, or rejects it.
  // Returns false when the record's JSON is damaged.
  bool ReadSpan(const RecordSpan& span) {
    if (!span.problem.empty()) {
      Reject(span, span.problem);
      ++truncated_records_;
      return false;
    }
    const std::string_view raw = text_.substr(span.begin, span.end - span.begin);
    dom::element element;
    const ParsedJson parsed = ParseJson(raw, parser_, &element);
    if (parsed.error != simdjson::SUCCESS) {
      Reject(span, InvalidJsonReason(static_cast<size_t>(Offset(span.begin)), raw, parsed));
      ++corrupt_records_;
      return false;
    }
    if (Status numbers =
            CheckQuotedNumbers(parsed.numbers, static_cast<size_t>(Offset(span.begin)));
        !numbers.ok()) {
      Reject(span, numbers.message());
      return true;
    }
    dom::object record;
    if (element.get_object().get(record) != simdjson::SUCCESS) {
      Reject(span, fmt::format("expected a JSON object for a sign-in record, found {}",
                               simdjson::minify(element)));
      return true;
    }

    Result<PendingRecord> pending = ReadRecord(record);
    if (!pending.ok()) {
      Reject(span, pending.status().message());
      return true;
    }
    pending->event.raw = std::string(raw);
    pending->event.line = lines_.LineOf(span.begin);
    pending->event.offset = Offset(span.begin);
    pending_.push_back(std::move(pending).value());
    return true;
  }

  // Warns about a Graph page that may be one of several, and treats a file
  // that ends before its closing bracket as truncated. Each finding also
  // becomes a doubtful reason of the output.
  Status CheckCompleteness(const RecordLayout& layout) {
    if (layout.is_graph_page && layout.has_next_link) {
      output_.warnings.push_back(fmt::format(
          "{}: the Microsoft Graph page has '@odata.nextLink', so more sign-ins exist than this "
          "file holds; follow the link and import every page",
          options_.file_name));
      NoteRowCap(output_, "the Microsoft Graph page has '@odata.nextLink', so more pages exist");
    } else if (layout.is_graph_page && layout.records.size() == kGraphPageSize) {
      output_.warnings.push_back(fmt::format(
          "{}: the Microsoft Graph page holds exactly 1,000 sign-ins, the largest page Graph "
          "returns, but no '@odata.nextLink'; the export may be truncated, so export a shorter "
          "time range or every page",
          options_.file_name));
      NoteRowCap(output_,
                 "1,000 records, the largest Microsoft Graph page, and no '@odata.nextLink'");
    }
    AddDamageReasons(layout);
    if (!layout.unclosed) return Status::Ok();

    const std::string message = fmt::format(
        "{}:{}: truncated file: it ends at byte {} before the closing bracket of its JSON "
        "document; export the sign-ins again",
        options_.file_name, lines_.LineOf(text_.size()), text_.size());
    if (options_.on_error == OnError::kFail) return Status::InvalidInput(message);
    output_.warnings.push_back(message);
    return Status::Ok();
  }

  // Adds a doubtful reason for a truncated tail and one for corrupt records:
  // their sign-ins are lost, not only rejected for a bad value.
  void AddDamageReasons(const RecordLayout& layout) {
    if (truncated_records_ > 0 || layout.unclosed) {
      output_.doubtful_reasons.push_back(fmt::format(
          "truncated tail: the file ends at byte {}, inside a record or before the closing "
          "bracket of its JSON document, so the records after that point are missing",
          Offset(text_.size())));
    }
    if (corrupt_records_ > 0) {
      output_.doubtful_reasons.push_back(
          corrupt_records_ == 1
              ? std::string("1 corrupt record: not valid JSON, so its sign-in is missing")
              : fmt::format("{} corrupt records: not valid JSON, so their sign-ins are missing",
                            corrupt_records_));
    }
  }

  // Decides the day/month order from every time value the file will use.
  Result<TimeRule> DecideTimeRule() const {
    std::vector<std::string_view> values;
    values.reserve(pending_.size());
    for (const PendingRecord& record : pending_) values.push_back(record.time_text);
    const Result<DateOrder> order = DecideDateOrder(values, options_.date_order);
    if (!order.ok()) return Prefixed(order.status());
    return TimeRule{options_.source_zone, *order};
  }

  void ReadTime(PendingRecord& record, const TimeRule& rule) {
    bool ambiguous = false;
    const Result<Instant> time = ParseTimestamp(record.time_text, rule, &ambiguous);
    if (!time.ok()) {
      output_.rejects.push_back(
          {record.event.line, record.event.offset,
           fmt::format("field '{}': {}", record.time_field, time.status().message()),
           std::move(record.event.raw)});
      return;
    }
    if (ambiguous && ambiguous_count_++ == 0) {
      first_ambiguous_line_ = record.event.line;
      first_ambiguous_text_ = record.time_text;
    }
    record.event.time = *time;
    output_.events.push_back(std::move(record.event));
  }

  void AddAmbiguityWarning() {
    if (ambiguous_count_ == 0) return;
    output_.warnings.push_back(fmt::format(
        "{}:{}: {} sign-in time(s) such as '{}' occur twice in {} because the clocks go back; "
        "each was read as the earlier instant",
        options_.file_name, first_ambiguous_line_, ambiguous_count_, first_ambiguous_text_,
        options_.source_zone->name()));
  }

  SourceText source_;
  std::string_view text_;
  const ImportOptions& options_;
  const LineIndex& lines_;
  int64_t first_offset_;
  dom::parser parser_;
  std::vector<PendingRecord> pending_;
  ImportOutput output_;
  int64_t ambiguous_count_ = 0;
  int64_t truncated_records_ = 0;  // records the file ends inside
  int64_t corrupt_records_ = 0;    // records that are not valid JSON
  int64_t first_ambiguous_line_ = 0;
  std::string first_ambiguous_text_;
};

}  // namespace

Result<ImportOutput> ImportEntraJson(std::string_view bytes, const ImportOptions& options) {
  const Result<std::string> text = DecodeText(bytes, options.file_name);
  if (!text.ok()) return text.status();
  EntraJsonImport import(*text, options);
  return import.Run();
}

Result<EntraJsonPart> ImportEntraJsonPart(std::string_view bytes, const ImportOptions& options) {
  const size_t invalid = FindInvalidUtf8(bytes);
  if (invalid != std::string_view::npos) {
    return Status::InvalidInput(
        fmt::format("{}: invalid UTF-8 at byte offset {}; save the file as UTF-8 or UTF-16",
                    options.file_name, options.first_offset + static_cast<int64_t>(invalid)));
  }
  EntraJsonImport import(bytes, options);
  return import.RunPart();
}

bool LooksLikeEntraJsonLines(std::string_view prefix) {
  if (prefix.starts_with(kUtf8Bom)) prefix.remove_prefix(kUtf8Bom.size());
  const size_t last_line_end = prefix.rfind('\n');
  if (last_line_end == kNoEnd) return false;
  return LooksLikeObjectPerLine(prefix.substr(0, last_line_end + 1));
}

}  // namespace signtrail
