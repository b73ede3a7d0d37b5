#ifndef SIGNTRAIL_SOURCES_JSON_CHECKS_H_
#define SIGNTRAIL_SOURCES_JSON_CHECKS_H_

// Checks on JSON records that the simdjson DOM parser does not make: keys
// given twice in one object, and numbers that are valid JSON but that
// simdjson 3.0 cannot hold.

#include <simdjson.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace signtrail {

// Returns the path of the first key that appears twice in `object` or in an
// object nested in it, searched depth first: "userId", "status.errorCode" or
// "authenticationDetails[0].succeeded". Returns nullopt when there is none.
std::optional<std::string> FindDuplicateKey(simdjson::dom::object object);

// A number token in JSON text that the simdjson parser rejects.
struct RejectedNumber {
  size_t offset = 0;  // of its first byte in the text
  std::string text;   // as written
  std::string path;   // the member it is the value of, in FindDuplicateKey's notation
  // True when the token is valid JSON that simdjson cannot store: an integer
  // outside the int64 and uint64 ranges, or a value beyond a double.
  bool valid = false;
};

// Finds every number token of `json` that simdjson rejects. Tokens inside
// strings are skipped; the paths are best effort when the text is damaged.
std::vector<RejectedNumber> FindRejectedNumbers(std::string_view json);

// Returns `json` with each valid rejected number written as a JSON string of
// the same digits, so that the parser accepts the rest of the record.
std::string QuoteValidNumbers(std::string_view json, const std::vector<RejectedNumber>& numbers);

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_JSON_CHECKS_H_
