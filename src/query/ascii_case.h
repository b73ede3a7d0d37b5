#ifndef SIGNTRAIL_QUERY_ASCII_CASE_H_
#define SIGNTRAIL_QUERY_ASCII_CASE_H_

#include <string>
#include <string_view>

namespace signtrail {

// Lower-cases ASCII letters only; other bytes, UTF-8 included, pass through.
// Object ids, account ids, logins and emails compare this way.
inline std::string ToAsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

inline bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ToAsciiLower(a) == ToAsciiLower(b);
}

}  // namespace signtrail

#endif  // SIGNTRAIL_QUERY_ASCII_CASE_H_
