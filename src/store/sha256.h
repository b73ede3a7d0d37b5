#ifndef SIGNTRAIL_STORE_SHA256_H_
#define SIGNTRAIL_STORE_SHA256_H_

#include <string>
#include <string_view>

#include "model/status.h"

namespace signtrail {

// Computes the SHA-256 of `bytes` with OpenSSL's EVP interface (which uses
// the CPU's SHA extensions where present) and returns it as 64 lower-case hex
// digits. Fails only when OpenSSL cannot provide SHA-256.
Result<std::string> Sha256Hex(std::string_view bytes);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SHA256_H_
