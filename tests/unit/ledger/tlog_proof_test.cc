#include "ledger/tlog_proof.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "unit/ledger/memory_node_source.h"

namespace signtrail::ledger {
namespace {

using testing::MemoryNodeSource;

constexpr std::string_view kSignerKeyText =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

// A stand-in for the signed checkpoint: parsing keeps it verbatim.
constexpr std::string_view kCheckpointText =
    "example.com/log\n5\nTju7H3tHjc/nH7YxYxUZo7yhLJrvyhYSv85ME6hiZNQ=\n\n"
    "\xE2\x80\x94 example.com/log AAAAAAAA\n";

std::vector<Hash> TwoHashes() { return {Sha256("a"), Sha256("b")}; }

TlogProof ExampleProof() {
  TlogProof proof;
  proof.index = 2;
  proof.proof = TwoHashes();
  proof.signed_checkpoint = std::string(kCheckpointText);
  return proof;
}

std::string ExampleText() {
  return "c2sp.org/tlog-proof@v1\n"
         "index 2\n" +
         ToBase64(Sha256("a")) + "\n" + ToBase64(Sha256("b")) + "\n\n" +
         std::string(kCheckpointText);
}

TEST(FormatTlogProof, Layout) { EXPECT_EQ(FormatTlogProof(ExampleProof()), ExampleText()); }

TEST(FormatTlogProof, ExtraLine) {
  TlogProof proof = ExampleProof();
  proof.extra = "context";
  EXPECT_EQ(FormatTlogProof(proof).substr(0, 44),
            "c2sp.org/tlog-proof@v1\nextra Y29udGV4dA==\nin");
}

TEST(ParseTlogProof, RoundTrip) {
  Result<TlogProof> parsed = ParseTlogProof(ExampleText());
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->index, 2u);
  EXPECT_EQ(parsed->proof, TwoHashes());
  EXPECT_EQ(parsed->signed_checkpoint, kCheckpointText);
  EXPECT_EQ(parsed->extra, "");
}

TEST(ParseTlogProof, RoundTripWithExtra) {
  TlogProof proof = ExampleProof();
  proof.extra = std::string("\x00\x01\xFF", 3);
  Result<TlogProof> parsed = ParseTlogProof(FormatTlogProof(proof));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->extra, proof.extra);
  EXPECT_EQ(parsed->index, 2u);
}

TEST(ParseTlogProof, EmptyProofAccepted) {
  TlogProof proof = ExampleProof();
  proof.proof.clear();
  proof.index = 0;
  Result<TlogProof> parsed = ParseTlogProof(FormatTlogProof(proof));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_TRUE(parsed->proof.empty());
}

TEST(ParseTlogProof, MissingHeaderRejected) {
  Result<TlogProof> parsed = ParseTlogProof(ExampleText().substr(23));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(parsed.status().message(),
            "tlog-proof line 1: expected the header 'c2sp.org/tlog-proof@v1', found 'index 2'");
}

TEST(ParseTlogProof, OtherVersionRejected) {
  std::string text = ExampleText();
  text.replace(0, 22, "c2sp.org/tlog-proof@v2");
  EXPECT_FALSE(ParseTlogProof(text).ok());
}

TEST(ParseTlogProof, BadIndexRejected) {
  for (std::string_view index : {"index 02", "index -2", "index", "index ", "index 2 ", "idx 2",
                                 "index two", "index 18446744073709551616"}) {
    std::string text = ExampleText();
    text.replace(23, 7, index);
    Result<TlogProof> parsed = ParseTlogProof(text);
    ASSERT_FALSE(parsed.ok()) << index;
    EXPECT_EQ(parsed.status().message().rfind("tlog-proof line 2: ", 0), 0u)
        << parsed.status().message();
  }
}

TEST(ParseTlogProof, BadHashLineRejected) {
  std::string text = ExampleText();
  text.replace(text.find(ToBase64(Sha256("b"))), 44, ToBase64(std::string(31, 'b')));
  Result<TlogProof> parsed = ParseTlogProof(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message().rfind("tlog-proof line 4: proof hash ", 0), 0u)
      << parsed.status().message();
}

TEST(ParseTlogProof, MissingEmptyLineRejected) {
  const std::string text = "c2sp.org/tlog-proof@v1\nindex 2\n" + ToBase64(Sha256("a")) + "\n";
  Result<TlogProof> parsed = ParseTlogProof(text);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "tlog-proof line 4: missing the empty line before the signed checkpoint");
}

TEST(ParseTlogProof, CheckpointWithoutEmptyLineRejected) {
  // The checkpoint lines are read as proof hashes and fail to decode.
  std::string text = ExampleText();
  text.erase(text.find("\n\n"), 1);
  EXPECT_FALSE(ParseTlogProof(text).ok());
}

TEST(ParseTlogProof, MissingCheckpointRejected) {
  Result<TlogProof> parsed = ParseTlogProof("c2sp.org/tlog-proof@v1\nindex 0\n\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "tlog-proof line 3: missing the signed checkpoint after the empty line");
}

TEST(ParseTlogProof, EmptyExtraRejected) {
  EXPECT_FALSE(ParseTlogProof("c2sp.org/tlog-proof@v1\nextra \nindex 0\n\n" +
                              std::string(kCheckpointText))
                   .ok());
}

TEST(ParseTlogProof, TooManyHashesRejected) {
  TlogProof proof = ExampleProof();
  proof.proof.assign(65, Sha256("a"));
  EXPECT_FALSE(ParseTlogProof(FormatTlogProof(proof)).ok());
}

TEST(ConsistencyProofText, RoundTrip) {
  ConsistencyProofText proof;
  proof.old_size = 3;
  proof.new_size = 7;
  proof.proof = TwoHashes();
  proof.signed_checkpoint = std::string(kCheckpointText);
  const std::string text = FormatConsistencyProof(proof);
  EXPECT_EQ(text, "signtrail-consistency-proof@v1\nold 3\nnew 7\n" + ToBase64(Sha256("a")) + "\n" +
                      ToBase64(Sha256("b")) + "\n\n" + std::string(kCheckpointText));

  Result<ConsistencyProofText> parsed = ParseConsistencyProof(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->old_size, 3u);
  EXPECT_EQ(parsed->new_size, 7u);
  EXPECT_EQ(parsed->proof, TwoHashes());
  EXPECT_EQ(parsed->signed_checkpoint, kCheckpointText);
}

TEST(ConsistencyProofText, OldAfterNewRejected) {
  Result<ConsistencyProofText> parsed = ParseConsistencyProof(
      "signtrail-consistency-proof@v1\nold 7\nnew 3\n\n" + std::string(kCheckpointText));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "consistency proof line 3: new size 3 is smaller than old size 7");
}

TEST(ConsistencyProofText, MissingNewRejected) {
  Result<ConsistencyProofText> parsed =
      ParseConsistencyProof("signtrail-consistency-proof@v1\nold 7\n\n" + std::string(kCheckpointText));
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(),
            "consistency proof line 3: expected 'new N', found ''");
}

TEST(ConsistencyProofText, WrongHeaderRejected) {
  EXPECT_FALSE(ParseConsistencyProof(ExampleText()).ok());
}

// Proves leaf 2 of a 5-leaf tree, signs a checkpoint, and runs the offline
// check of the tlog-proof text, also against checkpoints that do not match.
class SignedProof : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<SignerKey> signer = ParseSignerKey(kSignerKeyText);
    ASSERT_TRUE(signer.ok()) << signer.status().message();
    signer_ = *signer;
  }

  Hash RootAtSize(uint64_t size) {
    Result<Hash> root = RootAt(source_, size);
    EXPECT_TRUE(root.ok()) << root.status().message();
    return root.ok() ? *root : Hash{};
  }

  // The tlog-proof of leaf 2 in the tree of 5 leaves, carrying a checkpoint
  // signed for `size` and `root`.
  std::string ProofText(uint64_t size, const Hash& root) {
    Result<std::vector<Hash>> hashes = InclusionProof(source_, 2, 5);
    EXPECT_TRUE(hashes.ok()) << hashes.status().message();
    const Checkpoint checkpoint{.origin = "PeterNeumann", .size = size, .root = root};
    Result<std::string> note = SignNote(FormatCheckpointBody(checkpoint), signer_);
    EXPECT_TRUE(note.ok()) << note.status().message();

    TlogProof proof;
    proof.index = 2;
    proof.proof = hashes.ok() ? *hashes : std::vector<Hash>();
    proof.signed_checkpoint = note.ok() ? *note : std::string();
    return FormatTlogProof(proof);
  }

  std::optional<ProofFailure> Check(const std::string& text, const std::string& entry) {
    Result<TlogProof> proof = ParseTlogProof(text);
    EXPECT_TRUE(proof.ok()) << proof.status().message();
    Result<std::string> body = OpenNote(proof->signed_checkpoint, VerifierFor(signer_));
    EXPECT_TRUE(body.ok()) << body.status().message();
    Result<Checkpoint> checkpoint = ParseCheckpointBody(*body);
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status().message();
    return VerifyInclusion(HashLeaf(entry), proof->index, checkpoint->size, proof->proof,
                           checkpoint->root);
  }

  const std::vector<std::string> entries_ = {"entry 0", "entry 1", "entry 2",
                                             "entry 3", "entry 4", "entry 5"};
  MemoryNodeSource source_ = MemoryNodeSource::FromEntries(entries_);
  SignerKey signer_;
};

TEST_F(SignedProof, Verifies) {
  const std::optional<ProofFailure> failure = Check(ProofText(5, RootAtSize(5)), entries_[2]);
  EXPECT_FALSE(failure.has_value()) << failure->message;
}

TEST_F(SignedProof, OtherEntryRejected) {
  const std::optional<ProofFailure> failure =
      Check(ProofText(5, RootAtSize(5)), "entry 2 changed");
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kRootMismatch);
}

TEST_F(SignedProof, CheckpointWithOtherRootRejected) {
  const std::optional<ProofFailure> failure =
      Check(ProofText(5, Sha256("other root")), entries_[2]);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kRootMismatch);
}

TEST_F(SignedProof, CheckpointOfOtherSizeRejected) {
  // Index 2 needs three hashes in trees of 5 and 6 leaves alike, so the
  // size difference shows as a root mismatch.
  const std::optional<ProofFailure> failure = Check(ProofText(6, RootAtSize(6)), entries_[2]);
  ASSERT_TRUE(failure.has_value());
  EXPECT_EQ(failure->error, ProofError::kRootMismatch);
}

}  // namespace
}  // namespace signtrail::ledger
