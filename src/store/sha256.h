#ifndef SIGNTRAIL_STORE_SHA256_H_
#define SIGNTRAIL_STORE_SHA256_H_

#include <string>
#include <string_view>

#include "model/status.h"

// OpenSSL's EVP_MD_CTX.
struct evp_md_ctx_st;

namespace signtrail {

// Computes the SHA-256 of `bytes` with OpenSSL's EVP interface (which uses
// the CPU's SHA extensions where present) and returns it as 64 lower-case hex
// digits. Fails only when OpenSSL cannot provide SHA-256.
Result<std::string> Sha256Hex(std::string_view bytes);

// The same digest over bytes given in pieces. Not copyable.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void Update(std::string_view bytes);
  // The digest of every byte given, as 64 lower-case hex digits. Call once.
  Result<std::string> FinishHex();

 private:
  ::evp_md_ctx_st* context_;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SHA256_H_
