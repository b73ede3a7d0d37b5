#include "export/terminal_text.h"

#include <gtest/gtest.h>

namespace signtrail {
namespace {

TEST(EscapeForTerminal, PlainTextUnchanged) {
  EXPECT_EQ(EscapeForTerminal("Zoë Ångström 张伟 a@b.example"), "Zoë Ångström 张伟 a@b.example");
}

TEST(EscapeForTerminal, ControlCharactersEscaped) {
  EXPECT_EQ(EscapeForTerminal("a\nb\rc\td"), "a\\nb\\rc\\td");
  EXPECT_EQ(EscapeForTerminal("\x1b[2J\x1b]0;owned\x07"), "\\x1b[2J\\x1b]0;owned\\x07");
  EXPECT_EQ(EscapeForTerminal(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(EscapeForTerminal("del\x7f"), "del\\x7f");
}

TEST(EscapeForTerminal, C1ControlEscaped) {
  EXPECT_EQ(EscapeForTerminal("csi\xc2\x9b" "2J"), "csi\\u009b2J");
}

TEST(EscapeForTerminal, BidiOverrideEscaped) {
  EXPECT_EQ(EscapeForTerminal("user\xe2\x80\xaegnp.exe"), "user\\u202egnp.exe");
  EXPECT_EQ(EscapeForTerminal("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u2066x\\u2069");
}

TEST(EscapeForTerminal, InvalidUtf8Escaped) {
  EXPECT_EQ(EscapeForTerminal("bad\xff\xfe"), "bad\\xff\\xfe");
  EXPECT_EQ(EscapeForTerminal("cut\xe2\x80"), "cut\\xe2\\x80");
  EXPECT_EQ(EscapeForTerminal("overlong\xc0\xaf"), "overlong\\xc0\\xaf");
}

}  // namespace
}  // namespace signtrail
