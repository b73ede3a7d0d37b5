#include "model/instant.h"

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

}  // namespace
}  // namespace signtrail
