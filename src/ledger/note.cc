#include "ledger/note.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include "ledger/hash.h"

namespace signtrail::ledger {
namespace {

// Key texts and the signature line: docs/formats/keys.md and
// docs/formats/checkpoint.md.

// The signature type byte of Ed25519 in signed notes and key texts.
constexpr uint8_t kEd25519Type = 0x01;
constexpr size_t kEd25519SignatureSize = 64;
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space
constexpr std::string_view kSignerPrefix = "PRIVATE+KEY+";
// The signed-note spec requires verifiers to accept at least 16 signatures.
constexpr size_t kMaxSignatures = 100;

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdContextPtr = std::unique_ptr<EVP_MD_CTX, MdContextDeleter>;

// Decodes one UTF-8 code point at `pos` and advances past it. Returns nullopt
// when the bytes there are not valid UTF-8 (overlong forms and surrogates
// included).
std::optional<char32_t> DecodeUtf8(std::string_view text, size_t& pos) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(pos);
  size_t length = 0;
  char32_t code_point = 0;
  char32_t minimum = 0;
  if (lead < 0x80) {
    ++pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  if (pos + length > text.size()) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return std::nullopt;
    code_point = code_point << 6 | (byte(pos + i) & 0x3F);
  }
  if (code_point < minimum || code_point > 0x10FFFF ||
      (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return std::nullopt;
  }
  pos += length;
  return code_point;
}

// Unicode White_Space characters (Go's unicode.IsSpace, which the key name
// rule of golang.org/x/mod/sumdb/note uses).
bool IsUnicodeSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

// Checks the signed-note rule for the whole note: valid UTF-8 and no ASCII
// control characters other than newline. Names the first bad byte.
Status CheckNoteText(std::string_view text, std::string_view what) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    const std::optional<char32_t> c = DecodeUtf8(text, pos);
    if (!c) {
      return Status::InvalidInput(std::string(what) + " is not valid UTF-8 at byte offset " +
                                  std::to_string(start));
    }
    if (*c < 0x20 && *c != '\n') {
      return Status::InvalidInput(std::string(what) + " contains the control character " +
                                  std::to_string(*c) + " at byte offset " + std::to_string(start) +
                                  " (only newline is allowed)");
    }
  }
  return Status::Ok();
}

std::string KeyIdHex(uint32_t key_id) {
  char text[9];
  std::snprintf(text, sizeof text, "%08x", key_id);
  return text;
}

std::string KeyLabel(std::string_view name, uint32_t key_id) {
  return std::string(name) + "+" + KeyIdHex(key_id);
}

std::string_view AsBytes(const std::array<uint8_t, 32>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Splits at `separator` into at most `max_parts` parts. The last part keeps
// any further separators, because base64 key material may contain '+'.
std::vector<std::string_view> Split(std::string_view text, char separator, size_t max_parts) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (parts.size() + 1 < max_parts) {
    const size_t end = text.find(separator, start);
    if (end == std::string_view::npos) break;
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  parts.push_back(text.substr(start));
  return parts;
}

Result<uint32_t> ParseKeyId(std::string_view text) {
  if (text.size() != 8 || text.find_first_not_of("0123456789abcdefABCDEF") != text.npos) {
    return Status::InvalidInput("key id '" + std::string(text) + "' is not 8 hex digits");
  }
  return static_cast<uint32_t>(std::stoul(std::string(text), nullptr, 16));
}

// Decodes base64(0x01 || 32 bytes), the key material of both key texts.
// `what` names the part in messages without showing it, since it may be a
// private key.
Result<std::array<uint8_t, 32>> ParseKeyMaterial(std::string_view text, std::string_view what) {
  Result<std::string> bytes = FromBase64(text);
  if (!bytes.ok()) {
    return Status::InvalidInput(std::string(what) + " is not valid base64");
  }
  if (bytes->size() != 33) {
    return Status::InvalidInput(std::string(what) + " decodes to " +
                                std::to_string(bytes->size()) +
                                " bytes, but an Ed25519 key is 33 (type byte and 32 key bytes)");
  }
  if (static_cast<uint8_t>((*bytes)[0]) != kEd25519Type) {
    return Status::InvalidInput(std::string(what) + " has key type " +
                                std::to_string(static_cast<uint8_t>((*bytes)[0])) +
                                ", but only Ed25519 (type 1) is supported");
  }
  std::array<uint8_t, 32> key{};
  std::copy(bytes->begin() + 1, bytes->end(), key.begin());
  return key;
}

std::string EncodeKeyMaterial(const std::array<uint8_t, 32>& key) {
  std::string bytes(1, static_cast<char>(kEd25519Type));
  bytes += AsBytes(key);
  return ToBase64(bytes);
}

Status CheckKeyName(std::string_view name) {
  if (IsValidKeyName(name)) return Status::Ok();
  return Status::InvalidInput("key name '" + std::string(name) +
                              "' is invalid: it must be non-empty UTF-8 without spaces or '+'");
}

Status CheckKeyId(std::string_view name, uint32_t key_id,
                  const std::array<uint8_t, 32>& public_key) {
  const uint32_t computed = ComputeKeyId(name, public_key);
  if (computed == key_id) return Status::Ok();
  return Status::InvalidInput("key id " + KeyIdHex(key_id) + " does not match the key: name '" +
                              std::string(name) + "' and this public key give " +
                              KeyIdHex(computed));
}

Result<std::array<uint8_t, 32>> DerivePublicKey(const std::array<uint8_t, 32>& seed) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  std::array<uint8_t, 32> public_key{};
  size_t size = public_key.size();
  if (!key || EVP_PKEY_get_raw_public_key(key.get(), public_key.data(), &size) != 1 ||
      size != public_key.size()) {
    return Status::Internal("OpenSSL could not derive an Ed25519 public key");
  }
  return public_key;
}

Result<std::string> Ed25519Sign(std::string_view message, const std::array<uint8_t, 32>& seed) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  MdContextPtr context(EVP_MD_CTX_new());
  std::string signature(kEd25519SignatureSize, '\0');
  size_t size = signature.size();
  if (!key || !context ||
      EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      size != kEd25519SignatureSize) {
    return Status::Internal("OpenSSL could not make an Ed25519 signature");
  }
  return signature;
}

bool Ed25519Verify(std::string_view message, std::string_view signature,
                   const std::array<uint8_t, 32>& public_key) {
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(),
                                          public_key.size()));
  MdContextPtr context(EVP_MD_CTX_new());
  return key && context &&
         EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

// One signature line of a note: "— NAME base64(key id || signature)".
struct NoteSignature {
  std::string_view name;
  uint32_t key_id = 0;
  std::string signature;
};

Result<NoteSignature> ParseSignatureLine(std::string_view line, size_t line_number) {
  const std::string where = "signed note: signature line " + std::to_string(line_number);
  if (!line.starts_with(kSignaturePrefix)) {
    return Status::InvalidInput(where + " does not start with an em dash (U+2014) and a space");
  }
  line.remove_prefix(kSignaturePrefix.size());
  const size_t space = line.find(' ');
  if (space == line.npos) {
    return Status::InvalidInput(where + " has no space between the key name and the signature");
  }
  NoteSignature parsed;
  parsed.name = line.substr(0, space);
  if (!IsValidKeyName(parsed.name)) {
    return Status::InvalidInput(where + " has the invalid key name '" + std::string(parsed.name) +
                                "'");
  }
  Result<std::string> bytes = FromBase64(line.substr(space + 1));
  if (!bytes.ok()) return Status::InvalidInput(where + ": " + bytes.status().message());
  if (bytes->size() < 5) {
    return Status::InvalidInput(where + " decodes to " + std::to_string(bytes->size()) +
                                " bytes, fewer than a key id and a signature");
  }
  for (int i = 0; i < 4; ++i) {
    parsed.key_id = parsed.key_id << 8 | static_cast<uint8_t>((*bytes)[i]);
  }
  parsed.signature = bytes->substr(4);
  return parsed;
}

}  // namespace

bool IsValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  size_t pos = 0;
  while (pos < name.size()) {
    const std::optional<char32_t> c = DecodeUtf8(name, pos);
    if (!c || *c == '+' || *c < 0x20 || *c == 0x7F || IsUnicodeSpace(*c)) return false;
  }
  return true;
}

uint32_t ComputeKeyId(std::string_view name, const std::array<uint8_t, 32>& public_key) {
  std::string input(name);
  input += '\n';
  input += static_cast<char>(kEd25519Type);
  input += AsBytes(public_key);
  const Hash hash = Sha256(input);
  return static_cast<uint32_t>(hash[0]) << 24 | static_cast<uint32_t>(hash[1]) << 16 |
         static_cast<uint32_t>(hash[2]) << 8 | static_cast<uint32_t>(hash[3]);
}

Result<SignerKey> GenerateSignerKey(std::string_view name) {
  if (Status status = CheckKeyName(name); !status.ok()) return status;
  SignerKey key;
  key.name = std::string(name);
  if (RAND_bytes(key.seed.data(), static_cast<int>(key.seed.size())) != 1) {
    return Status::Internal("the operating system's random source failed to give 32 bytes");
  }
  Result<std::array<uint8_t, 32>> public_key = DerivePublicKey(key.seed);
  if (!public_key.ok()) return public_key.status();
  key.public_key = *public_key;
  key.key_id = ComputeKeyId(key.name, key.public_key);
  return key;
}

std::string FormatVerifierKey(const VerifierKey& key) {
  return KeyLabel(key.name, key.key_id) + "+" + EncodeKeyMaterial(key.public_key);
}

std::string FormatSignerKey(const SignerKey& key) {
  return std::string(kSignerPrefix) + KeyLabel(key.name, key.key_id) + "+" +
         EncodeKeyMaterial(key.seed);
}

Result<VerifierKey> ParseVerifierKey(std::string_view text) {
  const std::vector<std::string_view> parts = Split(text, '+', 3);
  if (parts.size() != 3) {
    return Status::InvalidInput("verifier key '" + std::string(text) +
                                "' is not of the form NAME+KEYID+BASE64");
  }
  VerifierKey key;
  key.name = std::string(parts[0]);
  if (Status status = CheckKeyName(key.name); !status.ok()) return status;
  Result<uint32_t> key_id = ParseKeyId(parts[1]);
  if (!key_id.ok()) return key_id.status();
  key.key_id = *key_id;
  Result<std::array<uint8_t, 32>> public_key = ParseKeyMaterial(parts[2], "the public key");
  if (!public_key.ok()) return public_key.status();
  key.public_key = *public_key;
  if (Status status = CheckKeyId(key.name, key.key_id, key.public_key); !status.ok()) {
    return status;
  }
  return key;
}

Result<SignerKey> ParseSignerKey(std::string_view text) {
  // Messages never repeat the text, because it contains the private key.
  const std::vector<std::string_view> parts = Split(text, '+', 5);
  if (!text.starts_with(kSignerPrefix) || parts.size() != 5) {
    return Status::InvalidInput("signer key is not of the form PRIVATE+KEY+NAME+KEYID+BASE64");
  }
  SignerKey key;
  key.name = std::string(parts[2]);
  if (Status status = CheckKeyName(key.name); !status.ok()) return status;
  Result<uint32_t> key_id = ParseKeyId(parts[3]);
  if (!key_id.ok()) return key_id.status();
  key.key_id = *key_id;
  Result<std::array<uint8_t, 32>> seed = ParseKeyMaterial(parts[4], "the private key");
  if (!seed.ok()) return seed.status();
  key.seed = *seed;
  Result<std::array<uint8_t, 32>> public_key = DerivePublicKey(key.seed);
  if (!public_key.ok()) return public_key.status();
  key.public_key = *public_key;
  if (Status status = CheckKeyId(key.name, key.key_id, key.public_key); !status.ok()) {
    return status;
  }
  return key;
}

VerifierKey VerifierFor(const SignerKey& key) {
  return VerifierKey{.name = key.name, .key_id = key.key_id, .public_key = key.public_key};
}

Result<std::string> SignNote(std::string_view body, const SignerKey& key) {
  if (body.empty() || !body.ends_with('\n')) {
    return Status::InvalidArgument("note text must be non-empty and end with a newline");
  }
  if (body.front() == '\n' || body.find("\n\n") != body.npos) {
    return Status::InvalidArgument("note text must not contain empty lines");
  }
  if (Status status = CheckNoteText(body, "note text"); !status.ok()) {
    return Status::InvalidArgument(status.message());
  }
  if (Status status = CheckKeyName(key.name); !status.ok()) return status;

  Result<std::string> signature = Ed25519Sign(body, key.seed);
  if (!signature.ok()) return signature.status();
  std::string key_id_and_signature;
  for (int shift = 24; shift >= 0; shift -= 8) {
    key_id_and_signature += static_cast<char>(key.key_id >> shift & 0xFF);
  }
  key_id_and_signature += *signature;

  std::string note(body);
  note += '\n';
  note += kSignaturePrefix;
  note += key.name;
  note += ' ';
  note += ToBase64(key_id_and_signature);
  note += '\n';
  return note;
}

Result<std::string> OpenNote(std::string_view note, const VerifierKey& key) {
  // The text ends at the last empty line, and signature lines follow it.
  if (Status status = CheckNoteText(note, "signed note"); !status.ok()) return status;
  if (!note.ends_with('\n')) {
    return Status::InvalidInput("signed note does not end with a newline");
  }
  const size_t split = note.rfind("\n\n");
  if (split == note.npos) {
    return Status::InvalidInput(
        "signed note has no empty line between the text and the signatures");
  }
  const std::string_view body = note.substr(0, split + 1);
  std::string_view signature_block = note.substr(split + 2);
  if (signature_block.empty()) {
    return Status::InvalidInput("signed note has no signature lines after its last empty line");
  }
  signature_block.remove_suffix(1);
  const std::vector<std::string_view> lines = Split(signature_block, '\n', kMaxSignatures + 1);
  if (lines.size() > kMaxSignatures) {
    return Status::InvalidInput("signed note has more than " + std::to_string(kMaxSignatures) +
                                " signature lines, the most signtrail accepts");
  }

  // Signatures by other keys are skipped (witnesses may cosign), but one by
  // this key must be present and must verify.
  bool verified = false;
  std::string others;
  for (size_t i = 0; i < lines.size(); ++i) {
    Result<NoteSignature> signature = ParseSignatureLine(lines[i], i + 1);
    if (!signature.ok()) return signature.status();
    if (signature->name != key.name || signature->key_id != key.key_id) {
      others += (others.empty() ? "" : ", ") + KeyLabel(signature->name, signature->key_id);
      continue;
    }
    if (!Ed25519Verify(body, signature->signature, key.public_key)) {
      return Status::InvalidInput("signed note: the signature by " +
                                  KeyLabel(key.name, key.key_id) +
                                  " is invalid: the text or the signature was changed, or the "
                                  "note was signed by another key with the same name and id");
    }
    verified = true;
  }
  if (!verified) {
    return Status::InvalidInput("signed note has no signature by the key " +
                                KeyLabel(key.name, key.key_id) + " (it is signed by " + others +
                                "); check that the verifier key belongs to this log");
  }
  return std::string(body);
}

}  // namespace signtrail::ledger
