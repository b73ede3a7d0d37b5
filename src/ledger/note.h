#ifndef SIGNTRAIL_LEDGER_NOTE_H_
#define SIGNTRAIL_LEDGER_NOTE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/status.h"

namespace signtrail::ledger {

// C2SP signed-note with Ed25519 keys, in the key text forms of
// golang.org/x/mod/sumdb/note:
//   verifier: NAME+KEYID+base64(0x01 || 32-byte public key)
//   signer:   PRIVATE+KEY+NAME+KEYID+base64(0x01 || 32-byte private seed)
// KEYID is 8 hex digits: the first 4 bytes of
// SHA-256(NAME || 0x0A || 0x01 || public key). A name is non-empty and has no
// spaces, no newlines and no `+`.

struct VerifierKey {
  std::string name;
  uint32_t key_id = 0;
  std::array<uint8_t, 32> public_key{};
};

struct SignerKey {
  std::string name;
  uint32_t key_id = 0;
  std::array<uint8_t, 32> seed{};        // the Ed25519 private key (RFC 8032 seed)
  std::array<uint8_t, 32> public_key{};  // derived from the seed
};

// True for a valid key name.
bool IsValidKeyName(std::string_view name);

uint32_t ComputeKeyId(std::string_view name, const std::array<uint8_t, 32>& public_key);

// Makes a new key pair from the operating system's random source.
Result<SignerKey> GenerateSignerKey(std::string_view name);

std::string FormatVerifierKey(const VerifierKey& key);
std::string FormatSignerKey(const SignerKey& key);
Result<VerifierKey> ParseVerifierKey(std::string_view text);  // checks the key id
Result<SignerKey> ParseSignerKey(std::string_view text);      // checks the key id
VerifierKey VerifierFor(const SignerKey& key);

// Signs `body` (non-empty lines, each ending in '\n'): returns body, an empty
// line, and the line "— NAME base64(key id big-endian || signature)\n".
Result<std::string> SignNote(std::string_view body, const SignerKey& key);

// Splits a signed note and checks that a signature line by `key` (matching
// name and key id) verifies over the body. Returns the body. Fails with
// InvalidInput naming what is wrong: malformed note, no signature by this
// key, or an invalid signature.
Result<std::string> OpenNote(std::string_view note, const VerifierKey& key);

}  // namespace signtrail::ledger

#endif  // SIGNTRAIL_LEDGER_NOTE_H_
