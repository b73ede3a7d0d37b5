#ifndef SIGNTRAIL_MODEL_INSTANT_H_
#define SIGNTRAIL_MODEL_INSTANT_H_

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>

namespace signtrail {

// A point in time: UTC microseconds since the Unix epoch. Text forms exist
// only at the edges (importers parse, reports format); everything in between
// compares and stores this value.
class Instant {
 public:
  constexpr Instant() = default;

  static constexpr Instant FromMicros(int64_t micros) { return Instant(micros); }
  static constexpr Instant FromSeconds(int64_t seconds) { return Instant(seconds * 1'000'000); }

  constexpr int64_t micros() const { return micros_; }

  constexpr Instant PlusMicros(int64_t delta) const { return Instant(micros_ + delta); }

  auto operator<=>(const Instant&) const = default;

 private:
  constexpr explicit Instant(int64_t micros) : micros_(micros) {}

  int64_t micros_ = 0;
};

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Formats as RFC 3339 UTC with a `Z` suffix: `2026-11-08T13:00:00Z`, with a
// six-digit fraction only when the microseconds are non-zero.
std::string FormatUtc(Instant instant);

// The length of "YYYY-MM-DDTHH:MM:SS.ffffff", the text WriteUtcDigits writes.
inline constexpr size_t kUtcDigitsLength = 26;

// Writes the instant as "YYYY-MM-DDTHH:MM:SS.ffffff" (UTC, six fraction
// digits, no `Z`) into the kUtcDigitsLength bytes at `text`. Returns false
// and writes nothing when the year is outside 0 to 9999. Callers then use
// FormatUtc.
bool WriteUtcDigits(Instant instant, char* text);

}  // namespace signtrail

#endif  // SIGNTRAIL_MODEL_INSTANT_H_
