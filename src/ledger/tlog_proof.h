#ifndef SIGNTRAIL_LEDGER_TLOG_PROOF_H_
#define SIGNTRAIL_LEDGER_TLOG_PROOF_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/hash.h"
#include "model/status.h"

namespace signtrail::ledger {

// A C2SP tlog-proof (c2sp.org/tlog-proof@v1): the header line, optional
// `extra BASE64`, `index N`, the inclusion proof hashes in base64 one per
// line, an empty line, then the signed checkpoint verbatim.
struct TlogProof {
  std::string extra;  // decoded extra data; empty when the line is absent
  uint64_t index = 0;
  std::vector<Hash> proof;
  std::string signed_checkpoint;  // the signed note, byte for byte
};

std::string FormatTlogProof(const TlogProof& proof);
Result<TlogProof> ParseTlogProof(std::string_view text);

// A consistency proof between two checkpointed sizes, as `signtrail prove
// --consistency` prints it: `signtrail-consistency-proof@v1`, `old N`,
// `new M`, the hashes in base64 one per line, an empty line, then the new
// size's signed checkpoint. docs/formats/consistency-proof.md documents it.
struct ConsistencyProofText {
  uint64_t old_size = 0;
  uint64_t new_size = 0;
  std::vector<Hash> proof;
  std::string signed_checkpoint;
};

std::string FormatConsistencyProof(const ConsistencyProofText& proof);
Result<ConsistencyProofText> ParseConsistencyProof(std::string_view text);

}  // namespace signtrail::ledger

#endif  // SIGNTRAIL_LEDGER_TLOG_PROOF_H_
