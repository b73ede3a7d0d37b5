#include "ledger/tlog_proof.h"

#include <limits>
#include <optional>

namespace signtrail::ledger {
namespace {

// Formats: docs/formats/tlog-proof.md and docs/formats/consistency-proof.md.
constexpr std::string_view kTlogProofHeader = "c2sp.org/tlog-proof@v1";
constexpr std::string_view kConsistencyProofHeader = "signtrail-consistency-proof@v1";

// Proof lengths in a tree of at most 2^64 leaves: an inclusion proof has at
// most one hash per level, a consistency proof one more.
constexpr size_t kMaxInclusionHashes = 64;
constexpr size_t kMaxConsistencyHashes = 65;

// Reads a text line by line and names the format and line in messages.
class LineReader {
 public:
  LineReader(std::string_view text, std::string_view format) : text_(text), format_(format) {}

  // Reads the next line without its newline. Fails with InvalidInput naming
  // `expected` when the text ends first.
  Result<std::string_view> Next(std::string_view expected) {
    const size_t end = text_.find('\n', pos_);
    ++line_number_;
    if (end == text_.npos) {
      return Error("missing " + std::string(expected) +
                   (pos_ < text_.size() ? " (the last line has no newline)" : ""));
    }
    std::string_view line = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    return line;
  }

  std::optional<std::string_view> PeekLine() const {
    const size_t end = text_.find('\n', pos_);
    if (end == text_.npos) return std::nullopt;
    return text_.substr(pos_, end - pos_);
  }

  std::string_view Rest() const { return text_.substr(pos_); }

  // InvalidInput for the line just read.
  Status Error(const std::string& message) const {
    return Status::InvalidInput(std::string(format_) + " line " + std::to_string(line_number_) +
                                ": " + message);
  }

 private:
  std::string_view text_;
  std::string_view format_;
  size_t pos_ = 0;
  size_t line_number_ = 0;
};

// Parses "KEYWORD N" with N a decimal without leading zeros.
Result<uint64_t> ParseNumberLine(LineReader& reader, std::string_view keyword) {
  const std::string expected = "'" + std::string(keyword) + " N'";
  Result<std::string_view> line = reader.Next(expected);
  if (!line.ok()) return line.status();
  const std::string prefix = std::string(keyword) + " ";
  if (!line->starts_with(prefix)) {
    return reader.Error("expected " + expected + ", found '" + std::string(*line) + "'");
  }
  const std::string_view digits = line->substr(prefix.size());
  if (digits.empty() || digits.find_first_not_of("0123456789") != digits.npos ||
      (digits.size() > 1 && digits[0] == '0')) {
    return reader.Error(std::string(keyword) + " '" + std::string(digits) +
                        "' is not a decimal number without leading zeros");
  }
  uint64_t value = 0;
  for (char digit : digits) {
    const uint64_t next = static_cast<uint64_t>(digit - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - next) / 10) {
      return reader.Error(std::string(keyword) + " '" + std::string(digits) +
                          "' does not fit in 64 bits");
    }
    value = value * 10 + next;
  }
  return value;
}

Status ExpectHeader(LineReader& reader, std::string_view header) {
  Result<std::string_view> line = reader.Next("the header '" + std::string(header) + "'");
  if (!line.ok()) return line.status();
  if (*line != header) {
    return reader.Error("expected the header '" + std::string(header) + "', found '" +
                        std::string(*line) + "'");
  }
  return Status::Ok();
}

// Reads base64 hash lines up to and including the empty line that separates
// them from the signed checkpoint.
Result<std::vector<Hash>> ParseHashLines(LineReader& reader, size_t max_hashes) {
  std::vector<Hash> hashes;
  while (true) {
    Result<std::string_view> line = reader.Next("the empty line before the signed checkpoint");
    if (!line.ok()) return line.status();
    if (line->empty()) break;
    if (hashes.size() == max_hashes) {
      return reader.Error("more than " + std::to_string(max_hashes) +
                          " proof hashes, more than any tree of up to 2^64 leaves needs");
    }
    Result<Hash> hash = HashFromBase64(*line);
    if (!hash.ok()) return reader.Error("proof hash " + hash.status().message());
    hashes.push_back(*hash);
  }
  return hashes;
}

Result<std::string> ReadSignedCheckpoint(const LineReader& reader) {
  if (reader.Rest().empty()) {
    return reader.Error("missing the signed checkpoint after the empty line");
  }
  return std::string(reader.Rest());
}

void AppendHashLines(std::string& text, const std::vector<Hash>& hashes) {
  for (const Hash& hash : hashes) {
    text += ToBase64(hash);
    text += '\n';
  }
}

}  // namespace

std::string FormatTlogProof(const TlogProof& proof) {
  std::string text(kTlogProofHeader);
  text += '\n';
  if (!proof.extra.empty()) text += "extra " + ToBase64(proof.extra) + "\n";
  text += "index " + std::to_string(proof.index) + "\n";
  AppendHashLines(text, proof.proof);
  text += '\n';
  text += proof.signed_checkpoint;
  return text;
}

Result<TlogProof> ParseTlogProof(std::string_view text) {
  LineReader reader(text, "tlog-proof");
  if (Status status = ExpectHeader(reader, kTlogProofHeader); !status.ok()) return status;

  TlogProof proof;
  if (std::optional<std::string_view> next = reader.PeekLine(); next && next->starts_with("extra ")) {
    Result<std::string_view> line = reader.Next("'extra BASE64'");
    Result<std::string> extra = FromBase64(line->substr(6));
    if (!extra.ok()) return reader.Error("extra data " + extra.status().message());
    if (extra->empty()) return reader.Error("the extra line is present but its data is empty");
    proof.extra = std::move(*extra);
  }

  Result<uint64_t> index = ParseNumberLine(reader, "index");
  if (!index.ok()) return index.status();
  proof.index = *index;

  Result<std::vector<Hash>> hashes = ParseHashLines(reader, kMaxInclusionHashes);
  if (!hashes.ok()) return hashes.status();
  proof.proof = std::move(*hashes);

  Result<std::string> checkpoint = ReadSignedCheckpoint(reader);
  if (!checkpoint.ok()) return checkpoint.status();
  proof.signed_checkpoint = std::move(*checkpoint);
  return proof;
}

std::string FormatConsistencyProof(const ConsistencyProofText& proof) {
  std::string text(kConsistencyProofHeader);
  text += '\n';
  text += "old " + std::to_string(proof.old_size) + "\n";
  text += "new " + std::to_string(proof.new_size) + "\n";
  AppendHashLines(text, proof.proof);
  text += '\n';
  text += proof.signed_checkpoint;
  return text;
}

Result<ConsistencyProofText> ParseConsistencyProof(std::string_view text) {
  LineReader reader(text, "consistency proof");
  if (Status status = ExpectHeader(reader, kConsistencyProofHeader); !status.ok()) return status;

  ConsistencyProofText proof;
  Result<uint64_t> old_size = ParseNumberLine(reader, "old");
  if (!old_size.ok()) return old_size.status();
  proof.old_size = *old_size;

  Result<uint64_t> new_size = ParseNumberLine(reader, "new");
  if (!new_size.ok()) return new_size.status();
  proof.new_size = *new_size;
  if (proof.new_size < proof.old_size) {
    return reader.Error("new size " + std::to_string(proof.new_size) +
                        " is smaller than old size " + std::to_string(proof.old_size));
  }

  Result<std::vector<Hash>> hashes = ParseHashLines(reader, kMaxConsistencyHashes);
  if (!hashes.ok()) return hashes.status();
  proof.proof = std::move(*hashes);

  Result<std::string> checkpoint = ReadSignedCheckpoint(reader);
  if (!checkpoint.ok()) return checkpoint.status();
  proof.signed_checkpoint = std::move(*checkpoint);
  return proof;
}

}  // namespace signtrail::ledger
