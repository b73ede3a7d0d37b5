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

inline char ToAsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Appends `text` to `out`, lower-cased as ToAsciiLower does.
inline void AppendAsciiLower(std::string& out, std::string_view text) {
  const size_t begin = out.size();
  out.append(text);
  for (size_t i = begin; i < out.size(); ++i) out[i] = ToAsciiLower(out[i]);
}

inline bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToAsciiLower(a[i]) != ToAsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace signtrail

#endif  // SIGNTRAIL_QUERY_ASCII_CASE_H_
