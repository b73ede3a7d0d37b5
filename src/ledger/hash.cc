#include "ledger/hash.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>

namespace signtrail::ledger {
namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;
constexpr size_t kMaxQuotedChars = 64;

// A SHA-256 context that lives as long as its thread. Fetching the digest
// and allocating a context on every call would cost more than hashing a
// 65-byte interior node, and ledger appends hash millions of those.
class Sha256Context {
 public:
  Sha256Context() : digest_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), context_(EVP_MD_CTX_new()) {}
  ~Sha256Context() {
    EVP_MD_CTX_free(context_);
    EVP_MD_free(digest_);
  }
  Sha256Context(const Sha256Context&) = delete;
  Sha256Context& operator=(const Sha256Context&) = delete;

  Hash Digest(std::initializer_list<std::string_view> parts) {
    Hash hash{};
    unsigned int size = 0;
    bool ok = digest_ != nullptr && context_ != nullptr &&
              EVP_DigestInit_ex2(context_, digest_, nullptr) == 1;
    for (std::string_view part : parts) {
      ok = ok && EVP_DigestUpdate(context_, part.data(), part.size()) == 1;
    }
    ok = ok && EVP_DigestFinal_ex(context_, hash.data(), &size) == 1 && size == hash.size();
    // NOTE: this aborts the process. OpenSSL's default provider implements
    // SHA-256, so only a broken OpenSSL setup gets here, and stopping is safer
    // than returning a wrong hash that would be written into the ledger.
    if (!ok) std::abort();
    return hash;
  }

 private:
  EVP_MD* digest_;
  EVP_MD_CTX* context_;
};

Hash Digest(std::initializer_list<std::string_view> parts) {
  thread_local Sha256Context context;
  return context.Digest(parts);
}

std::string_view AsBytes(const Hash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

// Quotes a value for an error message, shortened so that a damaged file
// cannot produce a message of megabytes.
std::string Quote(std::string_view text) {
  if (text.size() <= kMaxQuotedChars) return "'" + std::string(text) + "'";
  return "'" + std::string(text.substr(0, kMaxQuotedChars)) + "...' (" +
         std::to_string(text.size()) + " characters)";
}

bool IsBase64Alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Checks the shape that EVP_DecodeBlock does not: a length that is a
// multiple of 4, only alphabet characters, and at most two '=' at the end.
Status CheckBase64Shape(std::string_view text) {
  if (text.size() % 4 != 0) {
    return Status::InvalidInput(Quote(text) + " is not valid base64: its length " +
                                std::to_string(text.size()) + " is not a multiple of 4");
  }
  size_t padding = 0;
  while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  for (size_t i = 0; i + padding < text.size(); ++i) {
    if (!IsBase64Alphabet(text[i])) {
      return Status::InvalidInput(Quote(text) + " is not valid base64: character " +
                                  std::to_string(i + 1) +
                                  " is outside the standard alphabet (A-Z a-z 0-9 + /, '=' only "
                                  "as padding at the end)");
    }
  }
  return Status::Ok();
}

}  // namespace

Hash Sha256(std::string_view bytes) { return Digest({bytes}); }

Hash HashLeaf(std::string_view entry) {
  const char prefix = static_cast<char>(kLeafPrefix);
  return Digest({std::string_view(&prefix, 1), entry});
}

Hash HashChildren(const Hash& left, const Hash& right) {
  const char prefix = static_cast<char>(kNodePrefix);
  return Digest({std::string_view(&prefix, 1), AsBytes(left), AsBytes(right)});
}

Hash EmptyRoot() { return Sha256(""); }

std::string ToHex(const Hash& hash) {
  constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(hash.size() * 2);
  for (uint8_t byte : hash) {
    hex += kHexDigits[byte >> 4];
    hex += kHexDigits[byte & 0x0f];
  }
  return hex;
}

std::string ToBase64(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  text.resize(static_cast<size_t>(written));
  return text;
}

std::string ToBase64(const Hash& hash) { return ToBase64(AsBytes(hash)); }

Result<std::string> FromBase64(std::string_view text) {
  if (Status shape = CheckBase64Shape(text); !shape.ok()) return shape;
  if (text.empty()) return std::string();

  // EVP_DecodeBlock counts padding as zero bytes, so drop them afterwards.
  std::string bytes(text.size() / 4 * 3, '\0');
  const int decoded = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                                      reinterpret_cast<const unsigned char*>(text.data()),
                                      static_cast<int>(text.size()));
  if (decoded < 0) {
    return Status::InvalidInput(Quote(text) + " is not valid base64");
  }
  const size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  bytes.resize(static_cast<size_t>(decoded) - padding);

  // Canonical base64 has one text per byte string. Accepting others (non-zero
  // bits before the padding) would let the text of a signed value change
  // while its bytes stay the same.
  if (ToBase64(bytes) != text) {
    return Status::InvalidInput(Quote(text) +
                                " is not canonical base64: the unused bits before the '=' "
                                "padding must be zero");
  }
  return bytes;
}

Result<Hash> HashFromBase64(std::string_view text) {
  Result<std::string> bytes = FromBase64(text);
  if (!bytes.ok()) return bytes.status();
  Hash hash{};
  if (bytes->size() != hash.size()) {
    return Status::InvalidInput(Quote(text) + " decodes to " + std::to_string(bytes->size()) +
                                " bytes, but a SHA-256 hash has 32");
  }
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

Result<Hash> HashFromHex(std::string_view text) {
  Hash hash{};
  if (text.size() != hash.size() * 2) {
    return Status::InvalidInput(Quote(text) + " has " + std::to_string(text.size()) +
                                " characters, but a SHA-256 hash is 64 hex digits");
  }
  for (size_t i = 0; i < hash.size(); ++i) {
    const int high = HexValue(text[2 * i]);
    const int low = HexValue(text[2 * i + 1]);
    if (high < 0 || low < 0) {
      return Status::InvalidInput(Quote(text) + " is not hex: character " +
                                  std::to_string(2 * i + (high < 0 ? 1 : 2)) +
                                  " is not a hex digit");
    }
    hash[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return hash;
}

}  // namespace signtrail::ledger
