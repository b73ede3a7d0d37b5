#ifndef SIGNTRAIL_STORE_RAW_COMPRESSION_H_
#define SIGNTRAIL_STORE_RAW_COMPRESSION_H_

#include <string>
#include <string_view>

#include "model/status.h"

namespace signtrail {

// Compresses a record's raw bytes into one zstd frame that records its
// content size, as the store keeps them in raw_zstd columns.
Result<std::string> CompressRaw(std::string_view raw);

// Restores raw bytes from a frame written by CompressRaw. A damaged frame or
// one without a content size is a StoreError.
Result<std::string> DecompressRaw(std::string_view frame);

// The same into `*raw`, whose capacity is reused, so a caller that restores
// many records allocates only for the longest.
Status DecompressRawInto(std::string_view frame, std::string* raw);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_RAW_COMPRESSION_H_
