#include "ledger/entry.h"

#include <date/date.h>
#include <fmt/format.h>

#include <chrono>
#include <utility>

#include "ledger/hash.h"

namespace signtrail::ledger {
namespace {

// Enough for an event entry with typical field lengths, so most entries are
// built without reallocating.
constexpr size_t kTypicalEntryBytes = 1024;

bool NeedsEscaping(std::string_view value) {
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\' || byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

// Builds one entry line by line and remembers its longest field for the
// error message of an entry that is too long.
class EntryBuilder {
 public:
  explicit EntryBuilder(std::string_view type) {
    text_.reserve(kTypicalEntryBytes);
    text_.append(kEntryVersion);
    text_ += ' ';
    text_.append(type);
    text_ += '\n';
  }

  EntryBuilder& Text(std::string_view name, std::string_view value) {
    if (!NeedsEscaping(value)) return Escaped(name, value);
    return Escaped(name, EscapeEntryValue(value));
  }

  EntryBuilder& Number(std::string_view name, int64_t value) {
    const fmt::format_int digits(value);
    return Escaped(name, std::string_view(digits.data(), digits.size()));
  }

  // Times never need escaping; years 0 to 9999 are written without a
  // temporary string.
  EntryBuilder& Time(std::string_view name, Instant value) {
    char text[kUtcDigitsLength + 1];
    if (!WriteUtcDigits(value, text)) {
      return Escaped(name, FormatEntryInstant(value));
    }
    text[kUtcDigitsLength] = 'Z';
    return Escaped(name, std::string_view(text, sizeof(text)));
  }

  EntryBuilder& Time(std::string_view name, const std::optional<Instant>& value) {
    if (!value.has_value()) return Escaped(name, "");
    return Time(name, *value);
  }

  // A list in one field: each item escaped, a ',' inside an item written as
  // `\x2c`, and the items joined by ','.
  EntryBuilder& List(std::string_view name, const std::vector<std::string>& items) {
    std::string joined;
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) joined += ',';
      for (char c : EscapeEntryValue(items[i])) {
        if (c == ',') {
          joined += "\\x2c";
        } else {
          joined += c;
        }
      }
    }
    return Escaped(name, joined);
  }

  // One line per item, all with the same name.
  EntryBuilder& Repeated(std::string_view name, const std::vector<std::string>& items) {
    for (const std::string& item : items) Text(name, item);
    return *this;
  }

  // Returns the entry, or InvalidInput naming the record that `record_name`
  // describes; the name is built only for that error.
  template <typename RecordName>
  Result<std::string> Finish(RecordName record_name) {
    if (text_.size() <= kMaxEntryBytes) return std::move(text_);
    return Status::InvalidInput(fmt::format(
        "the ledger entry of {} would be {} bytes, more than the {} bytes an entry may hold; its "
        "longest field '{}' is {} bytes: shorten that value in the input file, since a batch "
        "with an entry this long cannot be committed",
        record_name(), text_.size(), kMaxEntryBytes, longest_name_, longest_size_));
  }

 private:
  // Appends a line whose value is already escaped.
  EntryBuilder& Escaped(std::string_view name, std::string_view escaped) {
    if (escaped.size() > longest_size_) {
      longest_size_ = escaped.size();
      longest_name_ = name;
    }
    text_.append(name);
    text_ += '=';
    text_ += escaped;
    text_ += '\n';
    return *this;
  }

  std::string text_;
  std::string longest_name_;
  size_t longest_size_ = 0;
};

std::string EnabledText(const std::optional<bool>& enabled) {
  if (!enabled.has_value()) return "";
  return *enabled ? "true" : "false";
}

std::string EventName(std::string_view source, std::string_view record_id) {
  return fmt::format("event '{}' of source '{}'", record_id, source);
}

std::string BatchName(std::string_view kind, int64_t batch, std::string_view file_name) {
  return fmt::format("{} batch {} (file '{}')", kind, batch, file_name);
}

}  // namespace

std::string EscapeEntryValue(std::string_view value) {
  std::string escaped;
  escaped.reserve(value.size());
  for (char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '\\':
        escaped += "\\\\";
        break;
      case '\n':
        escaped += "\\n";
        break;
      case '\r':
        escaped += "\\r";
        break;
      case '\t':
        escaped += "\\t";
        break;
      default:
        if (byte < 0x20 || byte == 0x7f) {
          escaped += fmt::format("\\x{:02x}", byte);
        } else {
          escaped += c;
        }
    }
  }
  return escaped;
}

std::string FormatEntryInstant(Instant instant) {
  using std::chrono::microseconds;
  const date::sys_time<microseconds> time{microseconds(instant.micros())};
  const auto day = date::floor<date::days>(time);
  const date::year_month_day ymd(day);
  const date::hh_mm_ss<microseconds> clock(time - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", int(ymd.year()),
                     unsigned(ymd.month()), unsigned(ymd.day()), clock.hours().count(),
                     clock.minutes().count(), clock.seconds().count(), clock.subseconds().count());
}

std::string RejectsDigest(const std::vector<RejectDigestInput>& rejects) {
  if (rejects.empty()) return "";
  std::string listing;
  for (const RejectDigestInput& reject : rejects) {
    listing += fmt::format("{} {} {} {}\n", reject.line, reject.offset, ToHex(Sha256(reject.raw)),
                           EscapeEntryValue(reject.reason));
  }
  return ToHex(Sha256(listing));
}

Result<std::string> EncodeEntry(const EventEntry& entry) {
  EntryBuilder builder(kEventEntryType);
  builder.Number("batch", entry.batch)
      .Text("source", entry.source)
      .Text("record_id", entry.record_id)
      .Text("kind", entry.kind)
      .Time("time", entry.time)
      .Time("end_time", entry.end_time)
      .Text("end_kind", entry.end_kind)
      .Text("end_note", entry.end_note)
      .Text("user_id", entry.user_id)
      .Text("login_name", entry.login_name)
      .Text("display_name", entry.display_name)
      .Text("session_key", entry.session_key)
      .Text("client_address", entry.client_address)
      .Text("application", entry.application)
      .Text("result_code", entry.result_code)
      .Text("failure_reason", entry.failure_reason)
      .Text("location", entry.location)
      .Text("sign_in_type", entry.sign_in_type)
      .Text("raw_sha256", entry.raw_sha256)
      .Number("raw_length", entry.raw_length)
      .Number("line", entry.line)
      .Number("offset", entry.offset);
  return builder.Finish([&] { return EventName(entry.source, entry.record_id); });
}

Result<std::string> EncodeEntry(const EventAmendmentEntry& entry) {
  EntryBuilder builder(kEventAmendmentEntryType);
  builder.Number("batch", entry.batch)
      .Text("source", entry.source)
      .Text("record_id", entry.record_id)
      .Text("field", entry.field)
      .Text("old_value", entry.old_value)
      .Text("new_value", entry.new_value);
  return builder.Finish(
      [&] { return "the amendment of " + EventName(entry.source, entry.record_id); });
}

Result<std::string> EncodeEntry(const EventConflictEntry& entry) {
  EntryBuilder builder(kEventConflictEntryType);
  builder.Number("batch", entry.batch)
      .Text("source", entry.source)
      .Text("record_id", entry.record_id)
      .Text("field", entry.field)
      .Text("stored_value", entry.stored_value)
      .Text("incoming_value", entry.incoming_value)
      .Text("incoming_raw_sha256", entry.incoming_raw_sha256);
  return builder.Finish(
      [&] { return "the conflict on " + EventName(entry.source, entry.record_id); });
}

Result<std::string> EncodeEntry(const SignInBatchEntry& entry) {
  EntryBuilder builder(kSignInBatchEntryType);
  builder.Number("batch", entry.batch)
      .Text("source", entry.source)
      .Text("format", entry.format)
      .Text("file_name", entry.file_name)
      .Text("file_sha256", entry.file_sha256)
      .Time("committed_at", entry.committed_at)
      .Number("rows_read", entry.rows_read)
      .Number("added", entry.added)
      .Number("duplicate", entry.duplicate)
      .Number("updated", entry.updated)
      .Number("rejected", entry.rejected)
      .Time("min_time", entry.min_time)
      .Time("max_time", entry.max_time)
      .Time("window_start", entry.window_start)
      .Time("window_end", entry.window_end)
      .Text("window_basis", entry.window_basis)
      .Text("row_cap_reached", entry.row_cap_reached ? "true" : "false")
      .List("sign_in_types", entry.sign_in_types)
      .Text("rejects_sha256", entry.rejects_sha256)
      .Repeated("doubtful_reason", entry.doubtful_reasons)
      .Repeated("warning", entry.warnings);
  return builder.Finish([&] { return BatchName("sign-in", entry.batch, entry.file_name); });
}

Result<std::string> EncodeEntry(const DirectoryVersionEntry& entry) {
  EntryBuilder builder(kDirectoryVersionEntryType);
  builder.Number("batch", entry.batch)
      .Text("source", entry.source)
      .Text("format", entry.format)
      .Text("account_id", entry.account_id)
      .Text("object_id", entry.object_id)
      .Text("login", entry.login)
      .Text("display_name", entry.display_name)
      .Text("email", entry.email)
      .Text("enabled", EnabledText(entry.enabled))
      .Text("provider", entry.provider)
      .Text("user_type", entry.user_type)
      .Time("effective_from", entry.effective_from)
      .Text("raw_sha256", entry.raw_sha256)
      .Number("raw_length", entry.raw_length)
      .Number("line", entry.line)
      .Number("offset", entry.offset);
  return builder.Finish([&] {
    return fmt::format("directory account '{}' of source '{}'", entry.account_id, entry.source);
  });
}

Result<std::string> EncodeEntry(const DirectoryBatchEntry& entry) {
  EntryBuilder builder(kDirectoryBatchEntryType);
  builder.Number("batch", entry.batch)
      .Text("source", entry.source)
      .Text("format", entry.format)
      .Text("file_name", entry.file_name)
      .Text("file_sha256", entry.file_sha256)
      .Time("effective_time", entry.effective_time)
      .Time("committed_at", entry.committed_at)
      .Number("rows_read", entry.rows_read)
      .Number("added", entry.added)
      .Number("changed", entry.changed)
      .Number("unchanged", entry.unchanged)
      .Number("rejected", entry.rejected)
      .Text("rejects_sha256", entry.rejects_sha256)
      .Repeated("warning", entry.warnings);
  return builder.Finish([&] { return BatchName("directory", entry.batch, entry.file_name); });
}

Result<std::string> EncodeEntry(const HeartbeatEntry& entry) {
  EntryBuilder builder(kHeartbeatEntryType);
  builder.Number("heartbeat", entry.heartbeat)
      .Time("time", entry.time)
      .Number("last_batch", entry.last_batch);
  for (const HeartbeatSource& source : entry.sources) {
    builder.Text("source", source.source).Time("coverage_end", source.coverage_end);
  }
  return builder.Finish([&] { return fmt::format("heartbeat {}", entry.heartbeat); });
}

}  // namespace signtrail::ledger
