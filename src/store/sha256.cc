#include "store/sha256.h"

#include <openssl/evp.h>

#include <array>

namespace signtrail {

Result<std::string> Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &digest_size, EVP_sha256(), nullptr) !=
      1) {
    return Status::Internal("OpenSSL could not compute a SHA-256 digest");
  }

  constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest_size * 2);
  for (unsigned int i = 0; i < digest_size; ++i) {
    hex += kHexDigits[digest[i] >> 4];
    hex += kHexDigits[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace signtrail
