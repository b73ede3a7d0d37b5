// Known-answer proof vectors: every JSON case under the vectors' inclusion
// and consistency folders, and the proofs of their happy paths regenerated
// from the RFC 6962 reference tree.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "ledger/hash.h"
#include "ledger/merkle.h"
#include "testing/test_files.h"
#include "unit/ledger/memory_node_source.h"

namespace signtrail::ledger {
namespace {

using signtrail::testing::ReadFileBytes;
using signtrail::testing::VectorsPath;
using testing::MemoryNodeSource;
using testing::ReferenceTreeEntries;

// A JSON value, enough of it for the vector files: objects, arrays, strings
// without escapes other than \" and \\, unsigned integers, booleans, null.
struct JsonValue {
  using Array = std::vector<JsonValue>;
  using Object = std::map<std::string, JsonValue>;
  std::variant<std::nullptr_t, bool, uint64_t, std::string, std::shared_ptr<Array>,
               std::shared_ptr<Object>>
      value;

  bool IsNull() const { return std::holds_alternative<std::nullptr_t>(value); }
  bool Bool() const { return std::get<bool>(value); }
  uint64_t Number() const { return std::get<uint64_t>(value); }
  const std::string& String() const { return std::get<std::string>(value); }
  const Array& Elements() const { return *std::get<std::shared_ptr<Array>>(value); }
  const JsonValue& operator[](const std::string& key) const {
    return std::get<std::shared_ptr<Object>>(value)->at(key);
  }
};

class JsonReader {
 public:
  explicit JsonReader(std::string_view text) : text_(text) {}

  std::optional<JsonValue> ReadDocument() {
    std::optional<JsonValue> value = ReadValue();
    SkipSpace();
    if (pos_ != text_.size()) return std::nullopt;
    return value;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && std::string_view(" \t\r\n").find(text_[pos_]) != text_.npos) {
      ++pos_;
    }
  }

  bool Consume(std::string_view token) {
    SkipSpace();
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }

  std::optional<std::string> ReadString() {
    if (!Consume("\"")) return std::nullopt;
    std::string result;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\') {
        ++pos_;
        if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\\')) {
          return std::nullopt;
        }
      }
      result += text_[pos_++];
    }
    if (pos_ >= text_.size()) return std::nullopt;
    ++pos_;
    return result;
  }

  std::optional<JsonValue> ReadValue() {
    SkipSpace();
    if (pos_ >= text_.size()) return std::nullopt;
    const char c = text_[pos_];
    if (c == '"') {
      std::optional<std::string> text = ReadString();
      if (!text) return std::nullopt;
      return JsonValue{*text};
    }
    if (c == '[') return ReadArray();
    if (c == '{') return ReadObject();
    if (Consume("null")) return JsonValue{nullptr};
    if (Consume("true")) return JsonValue{true};
    if (Consume("false")) return JsonValue{false};
    if (c >= '0' && c <= '9') {
      uint64_t number = 0;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        number = number * 10 + static_cast<uint64_t>(text_[pos_++] - '0');
      }
      return JsonValue{number};
    }
    return std::nullopt;
  }

  std::optional<JsonValue> ReadArray() {
    Consume("[");
    auto array = std::make_shared<JsonValue::Array>();
    if (Consume("]")) return JsonValue{array};
    do {
      std::optional<JsonValue> element = ReadValue();
      if (!element) return std::nullopt;
      array->push_back(*element);
    } while (Consume(","));
    if (!Consume("]")) return std::nullopt;
    return JsonValue{array};
  }

  std::optional<JsonValue> ReadObject() {
    Consume("{");
    auto object = std::make_shared<JsonValue::Object>();
    if (Consume("}")) return JsonValue{object};
    do {
      SkipSpace();
      std::optional<std::string> key = ReadString();
      if (!key || !Consume(":")) return std::nullopt;
      std::optional<JsonValue> member = ReadValue();
      if (!member) return std::nullopt;
      (*object)[*key] = *member;
    } while (Consume(","));
    if (!Consume("}")) return std::nullopt;
    return JsonValue{object};
  }

  std::string_view text_;
  size_t pos_ = 0;
};

std::vector<std::filesystem::path> JsonFilesUnder(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& item : std::filesystem::recursive_directory_iterator(folder)) {
    if (item.is_regular_file() && item.path().extension() == ".json") files.push_back(item.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

JsonValue ReadVector(const std::filesystem::path& path) {
  std::optional<JsonValue> document = JsonReader(ReadFileBytes(path)).ReadDocument();
  EXPECT_TRUE(document.has_value()) << path << " is not JSON this reader understands";
  return document.value_or(JsonValue{nullptr});
}

// A vector's hashes decoded the way every signtrail input is decoded
// (HashFromBase64), plus zero-padded stand-ins for values that are not 32
// bytes. Some vectors use short strings such as "don't care 1" as roots.
// Decoding rejects those, so no checkpoint or proof file can carry one, but
// the stand-ins still let such a case exercise the verifier.
struct DecodedHashes {
  bool all_decoded = true;
  std::vector<Hash> hashes;
};

DecodedHashes Decode(const std::vector<std::string>& texts) {
  DecodedHashes decoded;
  for (const std::string& text : texts) {
    Result<Hash> hash = HashFromBase64(text);
    if (hash.ok()) {
      decoded.hashes.push_back(*hash);
      continue;
    }
    decoded.all_decoded = false;
    Result<std::string> bytes = FromBase64(text);
    Hash stand_in{};
    if (bytes.ok()) std::copy_n(bytes->begin(), std::min(bytes->size(), stand_in.size()), stand_in.begin());
    decoded.hashes.push_back(stand_in);
  }
  return decoded;
}

std::vector<std::string> ProofTexts(const JsonValue& proof) {
  std::vector<std::string> texts;
  if (proof.IsNull()) return texts;
  for (const JsonValue& element : proof.Elements()) texts.push_back(element.String());
  return texts;
}

// Damaged cases whose only defect is a value that is not 32 bytes. Decoding
// rejects them, and on the zero-padded stand-ins the verifier rightly accepts.
const std::set<std::string> kRejectedOnlyByDecoding = {
    // The root and the leaf hash are both empty strings, so their stand-ins
    // are equal, as they are in any valid tree of one leaf.
    "inclusion/single-entry/empty-root-and-leaf.json",
    // Every tree extends the empty tree, so the verifier does not read the
    // new root when the old size is 0.
    "consistency/additional/size1-is-zero-and-size2-is-not-zero.json",
};

// A damaged case must be rejected, by decoding or by the verifier, and the
// verifier must reject it on its own unless it is listed above. A valid case
// must be accepted. One of them contains values that are not hashes (two
// equal 12-byte roots of the same size), and the verifier must accept their
// stand-ins.
void ExpectOutcome(const std::filesystem::path& path, bool want_error, bool all_decoded,
                   const std::optional<ProofFailure>& failure) {
  const std::string relative =
      std::filesystem::relative(path, VectorsPath("merkle")).generic_string();
  if (!want_error) {
    EXPECT_FALSE(failure.has_value()) << relative << ": " << failure->message;
    return;
  }
  EXPECT_TRUE(!all_decoded || failure.has_value()) << relative << ": a damaged proof was accepted";
  EXPECT_EQ(failure.has_value(), !kRejectedOnlyByDecoding.contains(relative))
      << relative << (failure ? ": " + failure->message : ": the verifier accepted the stand-ins");
}

TEST(InclusionVectors, EveryCase) {
  const std::vector<std::filesystem::path> files = JsonFilesUnder(VectorsPath("merkle/inclusion"));
  ASSERT_EQ(files.size(), 98u);
  for (const std::filesystem::path& path : files) {
    const JsonValue vector = ReadVector(path);
    if (vector.IsNull()) continue;
    std::vector<std::string> texts = {vector["leafHash"].String(), vector["root"].String()};
    const std::vector<std::string> proof_texts = ProofTexts(vector["proof"]);
    texts.insert(texts.end(), proof_texts.begin(), proof_texts.end());
    const DecodedHashes decoded = Decode(texts);

    const std::vector<Hash> proof(decoded.hashes.begin() + 2, decoded.hashes.end());
    const std::optional<ProofFailure> failure =
        VerifyInclusion(decoded.hashes[0], vector["leafIdx"].Number(),
                        vector["treeSize"].Number(), proof, decoded.hashes[1]);
    ExpectOutcome(path, vector["wantErr"].Bool(), decoded.all_decoded, failure);
  }
}

TEST(ConsistencyVectors, EveryCase) {
  const std::vector<std::filesystem::path> files =
      JsonFilesUnder(VectorsPath("merkle/consistency"));
  ASSERT_EQ(files.size(), 98u);
  for (const std::filesystem::path& path : files) {
    const JsonValue vector = ReadVector(path);
    if (vector.IsNull()) continue;
    std::vector<std::string> texts = {vector["root1"].String(), vector["root2"].String()};
    const std::vector<std::string> proof_texts = ProofTexts(vector["proof"]);
    texts.insert(texts.end(), proof_texts.begin(), proof_texts.end());
    const DecodedHashes decoded = Decode(texts);

    const std::vector<Hash> proof(decoded.hashes.begin() + 2, decoded.hashes.end());
    const std::optional<ProofFailure> failure =
        VerifyConsistency(vector["size1"].Number(), vector["size2"].Number(), proof,
                          decoded.hashes[0], decoded.hashes[1]);
    ExpectOutcome(path, vector["wantErr"].Bool(), decoded.all_decoded, failure);
  }
}

// Hashes as base64 text, so a mismatch prints readably.
std::vector<std::string> AsBase64(const std::vector<Hash>& hashes) {
  std::vector<std::string> texts;
  for (const Hash& hash : hashes) texts.push_back(ToBase64(hash));
  return texts;
}

TEST(InclusionVectors, HappyPathsRegenerated) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(ReferenceTreeEntries());
  for (int folder = 0; folder <= 4; ++folder) {
    const auto path = VectorsPath("merkle/inclusion/" + std::to_string(folder) + "/happy-path.json");
    const JsonValue vector = ReadVector(path);
    ASSERT_FALSE(vector.IsNull()) << path;
    Result<std::vector<Hash>> proof =
        InclusionProof(source, vector["leafIdx"].Number(), vector["treeSize"].Number());
    ASSERT_TRUE(proof.ok()) << path << ": " << proof.status().message();
    EXPECT_EQ(AsBase64(*proof), ProofTexts(vector["proof"])) << path;
  }
}

TEST(ConsistencyVectors, HappyPathsRegenerated) {
  MemoryNodeSource source = MemoryNodeSource::FromEntries(ReferenceTreeEntries());
  for (int folder = 0; folder <= 4; ++folder) {
    const auto path =
        VectorsPath("merkle/consistency/" + std::to_string(folder) + "/happy-path.json");
    const JsonValue vector = ReadVector(path);
    ASSERT_FALSE(vector.IsNull()) << path;
    Result<std::vector<Hash>> proof =
        ConsistencyProof(source, vector["size1"].Number(), vector["size2"].Number());
    ASSERT_TRUE(proof.ok()) << path << ": " << proof.status().message();
    EXPECT_EQ(AsBase64(*proof), ProofTexts(vector["proof"])) << path;
  }
}

TEST(VectorJson, ReaderRejectsTruncatedText) {
  EXPECT_FALSE(JsonReader("{\"size1\": 1,").ReadDocument().has_value());
}

}  // namespace
}  // namespace signtrail::ledger
