#ifndef SIGNTRAIL_STORE_JSON_TEXT_H_
#define SIGNTRAIL_STORE_JSON_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "model/status.h"

namespace signtrail {

// Encodes a list of strings as a compact JSON array, as the batches table
// keeps warnings and sign-in types: ["a","b"]. A string that is not valid
// UTF-8 has all its non-ASCII bytes written as the text \xNN.
std::string ToJsonStringArray(const std::vector<std::string>& values);

// Decodes a JSON array of strings written by ToJsonStringArray. Any other
// JSON is a StoreError that names `column`.
Result<std::vector<std::string>> ParseJsonStringArray(std::string_view json,
                                                      std::string_view column);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_JSON_TEXT_H_
