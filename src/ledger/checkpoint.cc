#include "ledger/checkpoint.h"

#include <limits>
#include <vector>

namespace signtrail::ledger {
namespace {

// The body format and its parsing rules: docs/formats/checkpoint.md.
constexpr size_t kCheckpointLines = 3;

std::string LineLabel(size_t line_number) {
  return "checkpoint line " + std::to_string(line_number);
}

// Parses a decimal without sign or leading zeros that fits in 64 bits.
Result<uint64_t> ParseSize(std::string_view text) {
  const std::string where = LineLabel(2) + ": tree size '" + std::string(text) + "'";
  if (text.empty() || text.find_first_not_of("0123456789") != text.npos) {
    return Status::InvalidInput(where + " is not a decimal number");
  }
  if (text.size() > 1 && text[0] == '0') {
    return Status::InvalidInput(where + " has leading zeros, which checkpoints do not allow");
  }
  uint64_t size = 0;
  for (char digit : text) {
    const uint64_t value = static_cast<uint64_t>(digit - '0');
    if (size > (std::numeric_limits<uint64_t>::max() - value) / 10) {
      return Status::InvalidInput(where + " does not fit in 64 bits");
    }
    size = size * 10 + value;
  }
  return size;
}

Status CheckOrigin(std::string_view origin) {
  for (char c : origin) {
    if (static_cast<uint8_t>(c) < 0x20 || c == 0x7F) {
      return Status::InvalidInput(LineLabel(1) + ": the origin contains a control character");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string FormatCheckpointBody(const Checkpoint& checkpoint) {
  return checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
         ToBase64(checkpoint.root) + "\n";
}

Result<Checkpoint> ParseCheckpointBody(std::string_view body) {
  if (!body.ends_with('\n')) {
    return Status::InvalidInput("checkpoint does not end with a newline");
  }

  std::vector<std::string_view> lines;
  for (size_t start = 0; start < body.size();) {
    const size_t end = body.find('\n', start);
    lines.push_back(body.substr(start, end - start));
    start = end + 1;
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) return Status::InvalidInput(LineLabel(i + 1) + " is empty");
  }
  if (lines.size() < kCheckpointLines) {
    return Status::InvalidInput("checkpoint has " + std::to_string(lines.size()) +
                                " lines, but needs 3: origin, tree size and root hash");
  }
  if (lines.size() > kCheckpointLines) {
    return Status::InvalidInput(LineLabel(kCheckpointLines + 1) +
                                ": extension lines are not accepted, since signtrail writes "
                                "checkpoints of exactly 3 lines");
  }

  Checkpoint checkpoint;
  if (Status status = CheckOrigin(lines[0]); !status.ok()) return status;
  checkpoint.origin = std::string(lines[0]);

  Result<uint64_t> size = ParseSize(lines[1]);
  if (!size.ok()) return size.status();
  checkpoint.size = *size;

  Result<Hash> root = HashFromBase64(lines[2]);
  if (!root.ok()) {
    return Status::InvalidInput(LineLabel(3) + ": root hash " + root.status().message());
  }
  checkpoint.root = *root;

  // The empty tree has exactly one root, so any other means a forged or
  // damaged checkpoint.
  if (checkpoint.size == 0 && checkpoint.root != EmptyRoot()) {
    return Status::InvalidInput(LineLabel(3) + ": a tree of size 0 must have the empty-tree root " +
                                ToBase64(EmptyRoot()) + ", not " + std::string(lines[2]));
  }
  return checkpoint;
}

}  // namespace signtrail::ledger
