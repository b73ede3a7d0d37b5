#include "sources/timestamp.h"

#include <date/date.h>
#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <string>

namespace signtrail {
namespace {

constexpr std::string_view kExpectedShapes =
    "expected ISO 8601, M/D/YYYY h:mm[:ss] AM/PM, D.M.YYYY HH:mm[:ss] or YYYY-MM-DD HH:mm:ss";

// The written form of a value's date part.
enum class DateShape {
  kIso,             // 2024-03-31
  kSlashYearLast,   // 3/31/2024 or 31/3/2024: the order of the first two numbers is open
  kSlashYearFirst,  // 2024/03/31
  kDot,             // 31.3.2024: always day first
};

// A value split into its numbers before the day/month order and the zone are
// applied. For kSlashYearLast, `first` and `second` are day and month in an
// order that only the file's DateOrder decides; otherwise first = month and
// second = day.
struct TimestampFields {
  DateShape shape = DateShape::kIso;
  int year = 0;
  int first = 0;
  int second = 0;
  int hour = 0;
  int minute = 0;
  int second_of_minute = 0;
  int64_t micros = 0;
  bool has_meridiem = false;  // AM or PM was given
  bool is_pm = false;
  bool has_zone = false;   // `Z` or a numeric offset was given
  int offset_minutes = 0;  // east of UTC
};

// A left-to-right reader over one value.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }

  // Reads between min_digits and max_digits decimal digits.
  bool ReadNumber(int min_digits, int max_digits, int* value) {
    int digits = 0;
    return ReadNumber(min_digits, max_digits, value, &digits);
  }

  bool ReadNumber(int min_digits, int max_digits, int* value, int* digits_read) {
    int& digits = *digits_read;
    digits = 0;
    int result = 0;
    while (digits < max_digits && IsDigit(Peek())) {
      result = result * 10 + (text_[pos_] - '0');
      ++pos_;
      ++digits;
    }
    if (digits < min_digits) return false;
    if (IsDigit(Peek())) return false;  // more digits than allowed
    *value = result;
    return true;
  }

  // Reads exactly `count` digits, whatever follows them.
  bool ReadFixedDigits(int count, int* value) {
    if (text_.size() - pos_ < size_t(count)) return false;
    int result = 0;
    for (int i = 0; i < count; ++i) {
      if (!IsDigit(text_[pos_ + i])) return false;
      result = result * 10 + (text_[pos_ + i] - '0');
    }
    pos_ += count;
    *value = result;
    return true;
  }

  // Reads 1 to 9 fraction digits and keeps the first six as microseconds.
  bool ReadFraction(int64_t* micros) {
    int digits = 0;
    int64_t result = 0;
    while (IsDigit(Peek())) {
      if (digits < 6) result = result * 10 + (text_[pos_] - '0');
      ++pos_;
      ++digits;
    }
    if (digits < 1 || digits > 9) return false;
    for (int i = digits; i < 6; ++i) result *= 10;
    *micros = result;
    return true;
  }

  void SkipSpaces() {
    while (Peek() == ' ') ++pos_;
  }

  // Reads "AM" or "PM" in any letter case.
  bool ReadMeridiem(bool* is_pm) {
    if (text_.size() - pos_ < 2) return false;
    const char letter = static_cast<char>(text_[pos_] | 0x20);
    const char m = static_cast<char>(text_[pos_ + 1] | 0x20);
    if ((letter != 'a' && letter != 'p') || m != 'm') return false;
    pos_ += 2;
    *is_pm = letter == 'p';
    return true;
  }

  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::string_view TrimSpaces(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// Reads the date part and decides its shape from the first separator.
bool ReadDate(Cursor& cursor, TimestampFields* fields) {
  int leading = 0;
  int leading_digits = 0;
  if (!cursor.ReadNumber(1, 4, &leading, &leading_digits)) return false;
  const char separator = cursor.Peek();
  if (separator != '-' && separator != '/' && separator != '.') return false;
  cursor.Consume(separator);

  if (leading_digits == 4) {
    if (separator == '.') return false;
    fields->shape = separator == '-' ? DateShape::kIso : DateShape::kSlashYearFirst;
    fields->year = leading;
    const int digits = separator == '-' ? 2 : 1;
    return cursor.ReadNumber(digits, 2, &fields->first) && cursor.Consume(separator) &&
           cursor.ReadNumber(digits, 2, &fields->second);
  }

  if (separator == '-' || leading_digits == 3) return false;
  fields->shape = separator == '/' ? DateShape::kSlashYearLast : DateShape::kDot;
  if (separator == '.') {
    fields->second = leading;  // day first
    return cursor.ReadNumber(1, 2, &fields->first) && cursor.Consume('.') &&
           cursor.ReadNumber(4, 4, &fields->year);
  }
  fields->first = leading;
  return cursor.ReadNumber(1, 2, &fields->second) && cursor.Consume('/') &&
         cursor.ReadNumber(4, 4, &fields->year);
}

// Reads `Z`, `+hh:mm`, `+hhmm` or `+hh` (and the `-` forms).
bool ReadZone(Cursor& cursor, TimestampFields* fields) {
  if (cursor.Consume('Z') || cursor.Consume('z')) {
    fields->has_zone = true;
    return true;
  }
  const char sign = cursor.Peek();
  if (sign != '+' && sign != '-') return false;
  cursor.Consume(sign);
  int hours = 0;
  int minutes = 0;
  if (!cursor.ReadFixedDigits(2, &hours)) return false;
  if (cursor.Consume(':')) {
    if (!cursor.ReadFixedDigits(2, &minutes)) return false;
  } else if (Cursor::IsDigit(cursor.Peek())) {
    if (!cursor.ReadFixedDigits(2, &minutes)) return false;
  }
  if (hours > 23 || minutes > 59) return false;
  fields->has_zone = true;
  fields->offset_minutes = (sign == '-' ? -1 : 1) * (hours * 60 + minutes);
  return true;
}

// Reads `h:mm[:ss[.fffffffff]]`, then AM/PM where the shape allows it, then
// an optional zone. ISO values may put the zone right after the time.
bool ReadTimeAndZone(Cursor& cursor, TimestampFields* fields) {
  if (!cursor.ReadNumber(1, 2, &fields->hour) || !cursor.Consume(':') ||
      !cursor.ReadNumber(2, 2, &fields->minute)) {
    return false;
  }
  if (cursor.Consume(':')) {
    if (!cursor.ReadNumber(2, 2, &fields->second_of_minute)) return false;
    if (cursor.Consume('.') && !cursor.ReadFraction(&fields->micros)) return false;
  }
  if (cursor.AtEnd()) return true;

  const bool allows_meridiem =
      fields->shape == DateShape::kSlashYearLast || fields->shape == DateShape::kSlashYearFirst;
  cursor.SkipSpaces();
  if (allows_meridiem && cursor.ReadMeridiem(&fields->is_pm)) {
    fields->has_meridiem = true;
    cursor.SkipSpaces();
  }
  if (cursor.AtEnd()) return true;
  return ReadZone(cursor, fields) && cursor.AtEnd();
}

// Splits a trimmed value into its numbers. Checks the syntax but not the ranges.
std::optional<TimestampFields> ReadFields(std::string_view text) {
  TimestampFields fields;
  Cursor cursor(text);
  if (!ReadDate(cursor, &fields)) return std::nullopt;

  const bool iso_like = fields.shape == DateShape::kIso;
  if (iso_like && (cursor.Consume('T') || cursor.Consume('t'))) {
    // RFC 3339 separator
  } else if (cursor.Consume(' ')) {
    cursor.SkipSpaces();
  } else {
    return std::nullopt;
  }
  if (!ReadTimeAndZone(cursor, &fields)) return std::nullopt;
  return fields;
}

Status NotATimestamp(std::string_view text) {
  return Status::InvalidInput(
      fmt::format("value '{}' is not a valid timestamp ({})", text, kExpectedShapes));
}

Status AmbiguousOrder(std::string_view text) {
  return Status::InvalidInput(fmt::format(
      "value '{}' has an ambiguous day/month order; pass --date-order mdy or --date-order dmy",
      text));
}

// Applies the day/month order, or returns false when the order is needed but unknown.
bool ResolveMonthDay(const TimestampFields& fields, DateOrder order, int* month, int* day) {
  if (fields.shape != DateShape::kSlashYearLast) {
    *month = fields.first;
    *day = fields.second;
    return true;
  }
  const bool same_either_way = fields.first == fields.second;
  if (order == DateOrder::kMdy || same_either_way) {
    *month = fields.first;
    *day = fields.second;
    return true;
  }
  if (order == DateOrder::kDmy) {
    *month = fields.second;
    *day = fields.first;
    return true;
  }
  return false;
}

// Converts the hour to the 24-hour clock, or returns -1 when it is out of range.
int To24Hour(const TimestampFields& fields) {
  if (!fields.has_meridiem) return fields.hour <= 23 ? fields.hour : -1;
  if (fields.hour < 1 || fields.hour > 12) return -1;
  const int hour = fields.hour % 12;
  return fields.is_pm ? hour + 12 : hour;
}

// True for instants from 0001-01-01T00:00:00Z up to, but excluding,
// 10000-01-01T00:00:00Z: the instants whose RFC 3339 text has a four-digit
// year, as record ids and reports write them.
bool IsInStorableYears(Instant instant) {
  using std::chrono::microseconds;
  static const int64_t kFirst =
      microseconds(date::sys_days(date::year{1} / 1 / 1).time_since_epoch()).count();
  static const int64_t kEnd =
      microseconds(date::sys_days(date::year{10000} / 1 / 1).time_since_epoch()).count();
  return instant.micros() >= kFirst && instant.micros() < kEnd;
}

}  // namespace

std::string_view DateOrderName(DateOrder order) {
  switch (order) {
    case DateOrder::kMdy:
      return "mdy";
    case DateOrder::kDmy:
      return "dmy";
    case DateOrder::kYmd:
      return "ymd";
    case DateOrder::kUnknown:
      break;
  }
  return "unknown";
}

std::optional<DateOrder> ParseDateOrder(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  if (lower == "mdy") return DateOrder::kMdy;
  if (lower == "dmy") return DateOrder::kDmy;
  if (lower == "ymd") return DateOrder::kYmd;
  return std::nullopt;
}

Result<Instant> ParseTimestamp(std::string_view text, const TimeRule& rule, bool* ambiguous) {
  if (ambiguous != nullptr) *ambiguous = false;

  // Step 1: syntax.
  const std::optional<TimestampFields> fields = ReadFields(TrimSpaces(text));
  if (!fields) return NotATimestamp(text);

  // Step 2: calendar date and clock, with every range checked.
  int month = 0;
  int day = 0;
  if (!ResolveMonthDay(*fields, rule.date_order, &month, &day)) return AmbiguousOrder(text);
  const date::year_month_day ymd{date::year(fields->year), date::month(unsigned(month)),
                                 date::day(unsigned(day))};
  const int hour = To24Hour(*fields);
  if (!ymd.ok() || hour < 0 || fields->minute > 59 || fields->second_of_minute > 59) {
    return NotATimestamp(text);
  }
  using std::chrono::hours;
  using std::chrono::microseconds;
  using std::chrono::minutes;
  using std::chrono::seconds;
  const auto clock = hours(hour) + minutes(fields->minute) + seconds(fields->second_of_minute);
  const date::local_seconds local = date::local_days(ymd) + clock;
  const microseconds fraction(fields->micros);

  // Step 3: the zone. An explicit offset always wins over the file's rule.
  seconds utc_seconds{};
  if (fields->has_zone) {
    utc_seconds = local.time_since_epoch() - minutes(fields->offset_minutes);
  } else if (rule.zone == nullptr) {
    utc_seconds = local.time_since_epoch();
  } else {
    const date::local_info info = rule.zone->get_info(local);
    if (info.result == date::local_info::nonexistent) {
      return Status::InvalidInput(
          fmt::format("value '{}' does not exist in {} (daylight-saving gap); check the value and "
                      "the source's time zone",
                      text, rule.zone->name()));
    }
    if (info.result == date::local_info::ambiguous && ambiguous != nullptr) *ambiguous = true;
    // For an ambiguous time, `first` is the offset in force before the change,
    // which gives the earlier of the two instants.
    utc_seconds = local.time_since_epoch() - info.first.offset;
  }

  // Step 4: the year in UTC, which an offset can move across a year boundary.
  const Instant instant = Instant::FromMicros((utc_seconds + fraction).count());
  if (!IsInStorableYears(instant)) {
    return Status::InvalidInput(fmt::format(
        "value '{}' is outside the years 1 to 9999 once converted to UTC; check the value and its "
        "offset",
        text));
  }
  return instant;
}

bool HasExplicitZone(std::string_view text) {
  const std::optional<TimestampFields> fields = ReadFields(TrimSpaces(text));
  return fields && fields->has_zone;
}

bool IsDisplayFormat(std::string_view text) {
  const std::optional<TimestampFields> fields = ReadFields(TrimSpaces(text));
  return fields && fields->shape != DateShape::kIso;
}

bool NeedsDateOrder(std::string_view text) {
  const std::optional<TimestampFields> fields = ReadFields(TrimSpaces(text));
  return fields && fields->shape == DateShape::kSlashYearLast;
}

Result<DateOrder> DecideDateOrder(const std::vector<std::string_view>& values,
                                  DateOrder requested) {
  // Find one value that proves each order, and one that needs an order.
  std::optional<std::string_view> proves_dmy;
  std::optional<std::string_view> proves_mdy;
  std::optional<std::string_view> needs_order;
  for (std::string_view value : values) {
    const std::optional<TimestampFields> fields = ReadFields(TrimSpaces(value));
    if (!fields || fields->shape != DateShape::kSlashYearLast) continue;
    const bool first_is_day = fields->first > 12;
    const bool second_is_day = fields->second > 12;
    if (first_is_day && second_is_day)
      continue;  // invalid either way, so ParseTimestamp rejects it
    if (first_is_day && !proves_dmy) proves_dmy = value;
    if (second_is_day && !proves_mdy) proves_mdy = value;
    if (fields->first != fields->second && !needs_order) needs_order = value;
  }

  // A requested order wins unless a value contradicts it.
  if (requested == DateOrder::kMdy && proves_dmy) {
    return Status::InvalidInput(
        fmt::format("value '{}' cannot be month first, which contradicts --date-order mdy; "
                    "pass --date-order dmy",
                    *proves_dmy));
  }
  if (requested == DateOrder::kDmy && proves_mdy) {
    return Status::InvalidInput(
        fmt::format("value '{}' cannot be day first, which contradicts --date-order dmy; "
                    "pass --date-order mdy",
                    *proves_mdy));
  }
  if (requested == DateOrder::kYmd && needs_order) {
    return Status::InvalidInput(
        fmt::format("value '{}' puts the year last, which contradicts --date-order ymd; "
                    "pass --date-order mdy or --date-order dmy",
                    *needs_order));
  }
  if (requested != DateOrder::kUnknown) return requested;

  // Otherwise the values decide.
  if (proves_dmy && proves_mdy) {
    return Status::InvalidInput(
        fmt::format("values '{}' (day first) and '{}' (month first) mix two day/month orders; "
                    "split the file by order and pass --date-order mdy|dmy for each part",
                    *proves_dmy, *proves_mdy));
  }
  if (proves_dmy) return DateOrder::kDmy;
  if (proves_mdy) return DateOrder::kMdy;
  if (needs_order) {
    return Status::InvalidInput(fmt::format(
        "value '{}' has an ambiguous day/month order and no value in the file decides it; "
        "pass --date-order mdy or --date-order dmy",
        *needs_order));
  }
  return DateOrder::kUnknown;
}

Result<const date::time_zone*> LocateZone(std::string_view name) {
  const std::string message = fmt::format(
      "unknown time zone '{}' (expected an IANA name such as Europe/Amsterdam or UTC)", name);
  if (name.empty()) return Status::InvalidArgument(message);
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return Status::NotFound(message);
  }
}

}  // namespace signtrail
