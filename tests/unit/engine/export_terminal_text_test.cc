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

TEST(DisplayWidth, NarrowText) {
  EXPECT_EQ(DisplayWidth(""), 0u);
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("Zoë"), 3u);
  EXPECT_EQ(DisplayWidth("Ωμέγα"), 5u);
  EXPECT_EQ(DisplayWidth("Привет"), 6u);
}

TEST(DisplayWidth, WideCharactersTakeTwoColumns) {
  EXPECT_EQ(DisplayWidth("東京"), 4u);    // CJK ideographs
  EXPECT_EQ(DisplayWidth("すずき"), 6u);  // hiragana
  EXPECT_EQ(DisplayWidth("김민준"), 6u);  // Hangul syllables
  EXPECT_EQ(DisplayWidth("ＡＢ"), 4u);    // fullwidth Latin
  EXPECT_EQ(DisplayWidth("\xe3\x80\x80"), 2u);      // ideographic space U+3000
  EXPECT_EQ(DisplayWidth("😀"), 2u);
  EXPECT_EQ(DisplayWidth("\xf0\xa0\x80\x80"), 2u);  // U+20000, a supplementary ideograph
  EXPECT_EQ(DisplayWidth("ｱｲ"), 2u);               // halfwidth katakana stay narrow
}

TEST(DisplayWidth, CombiningAndZeroWidthTakeNone) {
  EXPECT_EQ(DisplayWidth("e\xcc\x81"), 1u);                 // e + U+0301 combining acute
  EXPECT_EQ(DisplayWidth("a\xe2\x80\x8b" "b"), 2u);         // zero-width space U+200B
  EXPECT_EQ(DisplayWidth("\xe2\x9d\xa4\xef\xb8\x8f"), 1u);  // U+2764 + variation selector 16
  EXPECT_EQ(DisplayWidth("\xef\xbb\xbf" "x"), 1u);          // byte order mark
  EXPECT_EQ(DisplayWidth("👍🏽"), 2u);                      // emoji + skin tone modifier
}

TEST(DisplayWidth, InvalidBytesCountOneEach) {
  EXPECT_EQ(DisplayWidth("a\xff\xfe"), 3u);
  EXPECT_EQ(DisplayWidth("\xe6\x9d"), 2u);  // a cut three-byte sequence
}

}  // namespace
}  // namespace signtrail
