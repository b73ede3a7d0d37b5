#include "store/raw_compression.h"

#include <fmt/format.h>
#include <zstd.h>

namespace signtrail {
namespace {

// zstd's own default level: fast, and raw records are short text.
constexpr int kCompressionLevel = ZSTD_CLEVEL_DEFAULT;

}  // namespace

Result<std::string> CompressRaw(std::string_view raw) {
  std::string frame(ZSTD_compressBound(raw.size()), '\0');
  const size_t size =
      ZSTD_compress(frame.data(), frame.size(), raw.data(), raw.size(), kCompressionLevel);
  if (ZSTD_isError(size)) {
    return Status::Internal(
        fmt::format("zstd compression of {} raw bytes failed: {}", raw.size(),
                    ZSTD_getErrorName(size)));
  }
  frame.resize(size);
  return frame;
}

Result<std::string> DecompressRaw(std::string_view frame) {
  const unsigned long long content_size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (content_size == ZSTD_CONTENTSIZE_ERROR || content_size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::StoreError(fmt::format(
        "stored raw record of {} bytes is not a zstd frame with a content size", frame.size()));
  }

  std::string raw(content_size, '\0');
  const size_t size = ZSTD_decompress(raw.data(), raw.size(), frame.data(), frame.size());
  if (ZSTD_isError(size) || size != content_size) {
    return Status::StoreError(fmt::format("stored raw record of {} bytes is damaged: {}",
                                          frame.size(),
                                          ZSTD_isError(size) ? ZSTD_getErrorName(size)
                                                             : "size mismatch"));
  }
  return raw;
}

}  // namespace signtrail
