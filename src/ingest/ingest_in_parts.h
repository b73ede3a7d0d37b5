#ifndef SIGNTRAIL_INGEST_INGEST_IN_PARTS_H_
#define SIGNTRAIL_INGEST_INGEST_IN_PARTS_H_

#include <optional>

#include "ingest/ingest.h"
#include "model/status.h"
#include "store/store.h"

namespace signtrail {

// Ingests a large entra-json file with one object per line in parts of
// request.part_bytes, so that memory stays bounded whatever the file's size.
// One thread reads, parses, compresses and hashes the next parts while the
// calling thread writes the current one to the store. The batch is still one
// transaction, and it equals what IngestSignInFile stores for the whole file.
//
// Returns nullopt, having stored nothing, when the file is not such a file
// (another format, another JSON shape, no larger than one part) or when a
// part shows that the file must be read whole (see EntraJsonPart); the
// caller then reads it whole. Errors are those of IngestSignInFile.
Result<std::optional<BatchReport>> IngestInParts(Store& store, const IngestRequest& request);

}  // namespace signtrail

#endif  // SIGNTRAIL_INGEST_INGEST_IN_PARTS_H_
