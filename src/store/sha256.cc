#include "store/sha256.h"

#include <openssl/evp.h>

#include <array>

namespace signtrail {

namespace {

std::string ToHex(const unsigned char* digest, unsigned int digest_size) {
  constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest_size * 2);
  for (unsigned int i = 0; i < digest_size; ++i) {
    hex += kHexDigits[digest[i] >> 4];
    hex += kHexDigits[digest[i] & 0x0f];
  }
  return hex;
}

}  // namespace

Result<std::string> Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &digest_size, EVP_sha256(), nullptr) !=
      1) {
    return Status::Internal("OpenSSL could not compute a SHA-256 digest");
  }
  return ToHex(digest.data(), digest_size);
}

Sha256Stream::Sha256Stream() : context_(EVP_MD_CTX_new()) {
  if (context_ != nullptr && EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(context_);
    context_ = nullptr;
  }
}

Sha256Stream::~Sha256Stream() { EVP_MD_CTX_free(context_); }

void Sha256Stream::Update(std::string_view bytes) {
  if (context_ != nullptr && EVP_DigestUpdate(context_, bytes.data(), bytes.size()) != 1) {
    EVP_MD_CTX_free(context_);
    context_ = nullptr;
  }
}

Result<std::string> Sha256Stream::FinishHex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (context_ == nullptr || EVP_DigestFinal_ex(context_, digest.data(), &digest_size) != 1) {
    return Status::Internal("OpenSSL could not compute a SHA-256 digest");
  }
  return ToHex(digest.data(), digest_size);
}

}  // namespace signtrail
