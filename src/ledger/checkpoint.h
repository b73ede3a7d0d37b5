#ifndef SIGNTRAIL_LEDGER_CHECKPOINT_H_
#define SIGNTRAIL_LEDGER_CHECKPOINT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/hash.h"
#include "model/status.h"

namespace signtrail::ledger {

// A C2SP tlog-checkpoint body: the origin line, the tree size in decimal
// without leading zeros, and the base64 root hash, each ending in '\n'.
struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
};

std::string FormatCheckpointBody(const Checkpoint& checkpoint);

// Parses a body strictly (three lines; extension lines after them are
// rejected, since signtrail writes none). InvalidInput names the bad line.
Result<Checkpoint> ParseCheckpointBody(std::string_view body);

}  // namespace signtrail::ledger

#endif  // SIGNTRAIL_LEDGER_CHECKPOINT_H_
