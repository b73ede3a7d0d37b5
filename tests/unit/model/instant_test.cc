#include "model/instant.h"

#include <string>

#include <gtest/gtest.h>

namespace signtrail {
namespace {

TEST(FormatUtc, WholeSecondsHaveNoFraction) {
  EXPECT_EQ(FormatUtc(Instant::FromSeconds(1'762'606'800)), "2025-11-08T13:00:00Z");
}

TEST(FormatUtc, MicrosecondsShowSixDigits) {
  EXPECT_EQ(FormatUtc(Instant::FromMicros(1'721'066'955'107'896)), "2024-07-15T18:09:15.107896Z");
}

TEST(FormatUtc, BeforeEpoch) {
  EXPECT_EQ(FormatUtc(Instant::FromMicros(-1)), "1969-12-31T23:59:59.999999Z");
}

std::string UtcDigits(Instant instant) {
  char text[kUtcDigitsLength];
  if (!WriteUtcDigits(instant, text)) return "(not written)";
  return std::string(text, kUtcDigitsLength);
}

TEST(WriteUtcDigits, AlwaysSixFractionDigits) {
  EXPECT_EQ(UtcDigits(Instant::FromSeconds(1'762'606'800)), "2025-11-08T13:00:00.000000");
  EXPECT_EQ(UtcDigits(Instant::FromMicros(1'721'066'955'107'896)), "2024-07-15T18:09:15.107896");
}

TEST(WriteUtcDigits, BeforeEpoch) {
  EXPECT_EQ(UtcDigits(Instant::FromMicros(-1)), "1969-12-31T23:59:59.999999");
}

TEST(WriteUtcDigits, FourDigitYearsOnly) {
  // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z are the ends.
  const Instant first = Instant::FromSeconds(-62'167'219'200);
  const Instant last = Instant::FromMicros(253'402'300'800'000'000 - 1);

  EXPECT_EQ(UtcDigits(first), "0000-01-01T00:00:00.000000");
  EXPECT_EQ(UtcDigits(last), "9999-12-31T23:59:59.999999");
  EXPECT_EQ(UtcDigits(first.PlusMicros(-1)), "(not written)");
  EXPECT_EQ(UtcDigits(last.PlusMicros(1)), "(not written)");
}

}  // namespace
}  // namespace signtrail
