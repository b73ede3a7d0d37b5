#ifndef SIGNTRAIL_EXPORT_TERMINAL_TEXT_H_
#define SIGNTRAIL_EXPORT_TERMINAL_TEXT_H_

#include <string>
#include <string_view>

namespace signtrail {

// Makes text from input files safe to print on a terminal: C0 and C1
// control characters, DEL and the Unicode bidirectional controls (U+202A to
// U+202E, U+2066 to U+2069) become visible escapes (\n, \t, \x1b, \u202e),
// so a value cannot move the cursor, change the window title or reverse
// the text around it. Bytes that are not valid UTF-8 become \xHH.
std::string EscapeForTerminal(std::string_view text);

// Returns the number of terminal columns `text` takes. East Asian wide and
// fullwidth characters and emoji (Unicode's EastAsianWidth W and F) take 2.
// Combining marks, variation selectors and zero-width characters take 0.
// Every other character, and each byte that is not valid UTF-8, takes 1.
size_t DisplayWidth(std::string_view text);

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_TERMINAL_TEXT_H_
