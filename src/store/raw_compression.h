#ifndef SIGNTRAIL_STORE_RAW_COMPRESSION_H_
#define SIGNTRAIL_STORE_RAW_COMPRESSION_H_

#include <string>
#include <string_view>

#include <cstdint>

#include "model/status.h"

namespace signtrail {

class RawDictionary;

// Compresses a record's raw bytes into one zstd frame that records its
// content size, as the store keeps them in raw_zstd columns. With a
// dictionary, the frame header names the dictionary's zstd id.
Result<std::string> CompressRaw(std::string_view raw, const RawDictionary* dictionary = nullptr);

// The zstd dictionary id a frame's header names; 0 for a plain frame and for
// bytes that are not a zstd frame.
uint32_t RawFrameDictionaryId(std::string_view frame);

// Restores raw bytes from a plain frame written by CompressRaw. A damaged
// frame, one without a content size or one that names a dictionary is a
// StoreError.
Result<std::string> DecompressRaw(std::string_view frame);

// The same into `*raw`, whose capacity is reused, so a caller that restores
// many records allocates only for the longest. A frame that names a
// dictionary needs that `dictionary`; a plain frame ignores it.
Status DecompressRawInto(std::string_view frame, std::string* raw,
                         const RawDictionary* dictionary = nullptr);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_RAW_COMPRESSION_H_
