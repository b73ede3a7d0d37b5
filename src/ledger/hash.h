#ifndef SIGNTRAIL_LEDGER_HASH_H_
#define SIGNTRAIL_LEDGER_HASH_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/status.h"

namespace signtrail::ledger {

// A SHA-256 digest: a leaf hash, an interior node hash or a tree root.
using Hash = std::array<uint8_t, 32>;

// SHA-256 of `bytes` (OpenSSL).
Hash Sha256(std::string_view bytes);

// RFC 6962 / RFC 9162 section 2.1 hashing. A leaf is SHA-256(0x00 || entry),
// an interior node SHA-256(0x01 || left || right), and the empty tree's root
// is SHA-256 of the empty string.
Hash HashLeaf(std::string_view entry);
Hash HashChildren(const Hash& left, const Hash& right);
Hash EmptyRoot();

// Text forms: lower-case hex and standard base64 (RFC 4648 section 4).
std::string ToHex(const Hash& hash);
std::string ToBase64(std::string_view bytes);
std::string ToBase64(const Hash& hash);
Result<std::string> FromBase64(std::string_view text);  // InvalidInput on bad text
Result<Hash> HashFromBase64(std::string_view text);     // also checks the length is 32
Result<Hash> HashFromHex(std::string_view text);

}  // namespace signtrail::ledger

#endif  // SIGNTRAIL_LEDGER_HASH_H_
