#include "ledger/note.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/hash.h"

namespace signtrail::ledger {
namespace {

// The example key pair and note of golang.org/x/mod/sumdb/note.
constexpr std::string_view kVerifierKeyText =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kSignerKeyText =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kNoteText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
constexpr std::string_view kSignedNote =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
    "\n"
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

SignerKey ExampleSigner() {
  Result<SignerKey> key = ParseSignerKey(kSignerKeyText);
  EXPECT_TRUE(key.ok()) << key.status().message();
  return key.ok() ? *key : SignerKey();
}

VerifierKey ExampleVerifier() {
  Result<VerifierKey> key = ParseVerifierKey(kVerifierKeyText);
  EXPECT_TRUE(key.ok()) << key.status().message();
  return key.ok() ? *key : VerifierKey();
}

// Flips the lowest bit of byte `byte_index` in the decoded last signature
// line and encodes it again, so the base64 stays canonical.
std::string WithChangedSignature(std::string_view note, size_t byte_index) {
  const size_t start = note.rfind(' ') + 1;
  const std::string_view encoded = note.substr(start, note.size() - start - 1);
  Result<std::string> bytes = FromBase64(encoded);
  EXPECT_TRUE(bytes.ok());
  std::string changed = *bytes;
  changed[byte_index] = static_cast<char>(changed[byte_index] ^ 0x01);
  return std::string(note.substr(0, start)) + ToBase64(changed) + "\n";
}

TEST(KeyId, ExampleKey) {
  EXPECT_EQ(ExampleVerifier().key_id, 0xc74f20a3u);
  EXPECT_EQ(ComputeKeyId("PeterNeumann", ExampleVerifier().public_key), 0xc74f20a3u);
}

TEST(SignerKey, ParsesExample) {
  const SignerKey signer = ExampleSigner();
  EXPECT_EQ(signer.name, "PeterNeumann");
  EXPECT_EQ(signer.key_id, 0xc74f20a3u);
  EXPECT_EQ(signer.public_key, ExampleVerifier().public_key);
}

TEST(SignerKey, FormatRoundTrip) { EXPECT_EQ(FormatSignerKey(ExampleSigner()), kSignerKeyText); }

TEST(VerifierKey, FormatRoundTrip) {
  EXPECT_EQ(FormatVerifierKey(ExampleVerifier()), kVerifierKeyText);
}

TEST(VerifierKey, DerivedFromSigner) {
  EXPECT_EQ(FormatVerifierKey(VerifierFor(ExampleSigner())), kVerifierKeyText);
}

TEST(SignNote, ReproducesExampleByteForByte) {
  Result<std::string> note = SignNote(kNoteText, ExampleSigner());
  ASSERT_TRUE(note.ok()) << note.status().message();
  EXPECT_EQ(*note, kSignedNote);
}

TEST(OpenNote, AcceptsExample) {
  Result<std::string> body = OpenNote(kSignedNote, ExampleVerifier());
  ASSERT_TRUE(body.ok()) << body.status().message();
  EXPECT_EQ(*body, kNoteText);
}

TEST(OpenNote, FlippedBodyByteRejected) {
  std::string note(kSignedNote);
  note[3] = static_cast<char>(note[3] ^ 0x20);  // "If you" -> "If You"
  Result<std::string> body = OpenNote(note, ExampleVerifier());
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(body.status().message().find("signature by PeterNeumann+c74f20a3 is invalid"),
            std::string::npos)
      << body.status().message();
}

TEST(OpenNote, FlippedSignatureByteRejected) {
  // Byte 4 is the first signature byte after the 4-byte key id.
  const std::string note = WithChangedSignature(kSignedNote, 4);
  Result<std::string> body = OpenNote(note, ExampleVerifier());
  ASSERT_FALSE(body.ok());
  EXPECT_NE(body.status().message().find("is invalid"), std::string::npos)
      << body.status().message();
}

TEST(OpenNote, LastSignatureByteFlipRejected) {
  const std::string note = WithChangedSignature(kSignedNote, 67);
  EXPECT_FALSE(OpenNote(note, ExampleVerifier()).ok());
}

TEST(OpenNote, OtherKeyNameRejected) {
  Result<SignerKey> other = GenerateSignerKey("PeterNeumann2");
  ASSERT_TRUE(other.ok()) << other.status().message();
  Result<std::string> body = OpenNote(kSignedNote, VerifierFor(*other));
  ASSERT_FALSE(body.ok());
  EXPECT_NE(body.status().message().find("has no signature by the key PeterNeumann2+"),
            std::string::npos)
      << body.status().message();
}

TEST(OpenNote, WrongKeyIdRejected) {
  VerifierKey verifier = ExampleVerifier();
  verifier.key_id ^= 1;
  Result<std::string> body = OpenNote(kSignedNote, verifier);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().message(),
            "signed note has no signature by the key PeterNeumann+c74f20a2 (it is signed by "
            "PeterNeumann+c74f20a3); check that the verifier key belongs to this log");
}

TEST(OpenNote, SameNameAndIdOtherKeyRejected) {
  // Matching name and key id are not enough: a signature made by another
  // key with the same name and id must fail against the real public key.
  VerifierKey verifier = ExampleVerifier();
  Result<SignerKey> other = GenerateSignerKey("PeterNeumann");
  ASSERT_TRUE(other.ok());
  verifier.public_key = other->public_key;
  Result<std::string> body = OpenNote(kSignedNote, verifier);
  ASSERT_FALSE(body.ok());
  EXPECT_NE(body.status().message().find("is invalid"), std::string::npos);
}

TEST(OpenNote, SkipsOtherSignatures) {
  Result<SignerKey> witness = GenerateSignerKey("witness.example");
  ASSERT_TRUE(witness.ok());
  Result<std::string> witnessed = SignNote(kNoteText, *witness);
  ASSERT_TRUE(witnessed.ok());
  const std::string witness_line = witnessed->substr(kNoteText.size() + 1);
  const std::string note = std::string(kSignedNote.substr(0, kNoteText.size() + 1)) + witness_line +
                           std::string(kSignedNote.substr(kNoteText.size() + 1));

  Result<std::string> body = OpenNote(note, ExampleVerifier());
  ASSERT_TRUE(body.ok()) << body.status().message();
  EXPECT_EQ(*body, kNoteText);
  Result<std::string> body_for_witness = OpenNote(note, VerifierFor(*witness));
  EXPECT_TRUE(body_for_witness.ok()) << body_for_witness.status().message();
}

TEST(OpenNote, MalformedNotesRejected) {
  const std::string signature_line(kSignedNote.substr(kNoteText.size() + 1));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"no empty line", std::string(kNoteText) + signature_line},
      {"no final newline", std::string(kSignedNote.substr(0, kSignedNote.size() - 1))},
      {"no signature lines", std::string(kNoteText) + "\n"},
      {"carriage return", "If you think\r\n\n" + signature_line},
      {"invalid UTF-8", "If you \xFF think\n\n" + signature_line},
      {"hyphen for em dash", std::string(kNoteText) + "\n- PeterNeumann AAAA\n"},
      {"signature too short", std::string(kNoteText) + "\n\xE2\x80\x94 PeterNeumann AAAA\n"},
      {"signature not base64", std::string(kNoteText) + "\n\xE2\x80\x94 PeterNeumann abc!\n"},
      {"no space before signature", std::string(kNoteText) + "\n\xE2\x80\x94 PeterNeumann\n"},
  };
  for (const auto& [label, note] : cases) {
    Result<std::string> body = OpenNote(note, ExampleVerifier());
    ASSERT_FALSE(body.ok()) << label;
    EXPECT_EQ(body.status().code(), StatusCode::kInvalidInput) << label;
  }
}

TEST(OpenNote, TooManySignaturesRejected) {
  std::string note(kSignedNote);
  const std::string signature_line(kSignedNote.substr(kNoteText.size() + 1));
  for (int i = 0; i < 100; ++i) note += signature_line;
  Result<std::string> body = OpenNote(note, ExampleVerifier());
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().message(),
            "signed note has more than 100 signature lines, the most signtrail accepts");
}

TEST(SignNote, RejectsMissingNewline) {
  Result<std::string> note = SignNote("origin\n5", ExampleSigner());
  ASSERT_FALSE(note.ok());
  EXPECT_EQ(note.status().code(), StatusCode::kInvalidArgument);
}

TEST(SignNote, RejectsEmptyLine) {
  EXPECT_FALSE(SignNote("origin\n\n5\n", ExampleSigner()).ok());
  EXPECT_FALSE(SignNote("\norigin\n", ExampleSigner()).ok());
}

TEST(SignNote, RejectsEmptyText) { EXPECT_FALSE(SignNote("", ExampleSigner()).ok()); }

TEST(SignNote, RejectsControlCharacter) {
  EXPECT_FALSE(SignNote("origin\t1\n", ExampleSigner()).ok());
}

TEST(GenerateSignerKey, RoundTripsThroughText) {
  Result<SignerKey> key = GenerateSignerKey("example.com/log");
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(key->key_id, ComputeKeyId("example.com/log", key->public_key));

  Result<SignerKey> parsed = ParseSignerKey(FormatSignerKey(*key));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->seed, key->seed);
  EXPECT_EQ(parsed->public_key, key->public_key);
  EXPECT_EQ(parsed->key_id, key->key_id);
}

TEST(GenerateSignerKey, KeysDiffer) {
  Result<SignerKey> first = GenerateSignerKey("example.com/log");
  Result<SignerKey> second = GenerateSignerKey("example.com/log");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->seed, second->seed);
}

TEST(GenerateSignerKey, SignsAndOpens) {
  Result<SignerKey> key = GenerateSignerKey("example.com/log");
  ASSERT_TRUE(key.ok());
  Result<std::string> note = SignNote("example.com/log\n0\nbody\n", *key);
  ASSERT_TRUE(note.ok()) << note.status().message();
  Result<std::string> body = OpenNote(*note, VerifierFor(*key));
  ASSERT_TRUE(body.ok()) << body.status().message();
  EXPECT_EQ(*body, "example.com/log\n0\nbody\n");
}

TEST(GenerateSignerKey, InvalidNameRejected) {
  Result<SignerKey> key = GenerateSignerKey("has space");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kInvalidInput);
}

TEST(IsValidKeyName, Cases) {
  EXPECT_TRUE(IsValidKeyName("PeterNeumann"));
  EXPECT_TRUE(IsValidKeyName("host.example/signtrail/0a1b2c3d"));
  EXPECT_TRUE(IsValidKeyName("caf\xC3\xA9.example"));  // é
  EXPECT_FALSE(IsValidKeyName(""));
  EXPECT_FALSE(IsValidKeyName("a b"));
  EXPECT_FALSE(IsValidKeyName("a+b"));
  EXPECT_FALSE(IsValidKeyName("a\nb"));
  EXPECT_FALSE(IsValidKeyName("a\tb"));
  EXPECT_FALSE(IsValidKeyName("a\xC2\xA0" "b"));      // U+00A0 no-break space
  EXPECT_FALSE(IsValidKeyName("a\xE3\x80\x80" "b"));  // U+3000 ideographic space
  EXPECT_FALSE(IsValidKeyName("a\xFF" "b"));          // not UTF-8
  EXPECT_FALSE(IsValidKeyName("a\xC0\xAF" "b"));      // overlong '/'
}

TEST(ParseVerifierKey, WrongKeyIdRejected) {
  Result<VerifierKey> key =
      ParseVerifierKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message(),
            "key id c74f20a4 does not match the key: name 'PeterNeumann' and this public key give "
            "c74f20a3");
}

TEST(ParseVerifierKey, OtherNameRejected) {
  // The key id binds the name: renaming the key breaks it.
  EXPECT_FALSE(
      ParseVerifierKey("PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
}

TEST(ParseVerifierKey, DamagedTextRejected) {
  const std::vector<std::string> damaged = {
      "",
      "PeterNeumann",
      "PeterNeumann+c74f20a3",
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW+extra",
      "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "PeterNeumann+c74f20ag+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T",
      "PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // type 2
      "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
  };
  for (const std::string& text : damaged) {
    Result<VerifierKey> key = ParseVerifierKey(text);
    ASSERT_FALSE(key.ok()) << text;
    EXPECT_EQ(key.status().code(), StatusCode::kInvalidInput) << text;
  }
}

TEST(ParseSignerKey, DamagedTextRejected) {
  const std::vector<std::string> damaged = {
      "",
      "PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
      "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF",
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz+x",
      "private+key+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
      // The example's verifier key in signer form: a public key is not a seed.
      "PRIVATE+KEY+PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
  };
  for (const std::string& text : damaged) {
    Result<SignerKey> key = ParseSignerKey(text);
    ASSERT_FALSE(key.ok()) << text;
    EXPECT_EQ(key.status().code(), StatusCode::kInvalidInput) << text;
  }
}

TEST(ParseSignerKey, MessageHidesPrivateKey) {
  Result<SignerKey> key = ParseSignerKey(
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message().find("AYEKFALV"), std::string::npos)
      << key.status().message();
}

}  // namespace
}  // namespace signtrail::ledger
