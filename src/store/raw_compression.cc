#include "store/raw_compression.h"

#include <fmt/format.h>
#include <zstd.h>

#include <memory>

#include "store/raw_dictionary.h"

namespace signtrail {
namespace {

// zstd's own default level: fast, and raw records are short text.
constexpr int kCompressionLevel = ZSTD_CLEVEL_DEFAULT;

struct CompressionContextDeleter {
  void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
};

struct DecompressionContextDeleter {
  void operator()(ZSTD_DCtx* context) const { ZSTD_freeDCtx(context); }
};

// One context per thread, reused across records, which avoids allocating
// and initialising a context for every short record.
ZSTD_CCtx* CompressionContext() {
  thread_local std::unique_ptr<ZSTD_CCtx, CompressionContextDeleter> context(ZSTD_createCCtx());
  return context.get();
}

ZSTD_DCtx* DecompressionContext() {
  thread_local std::unique_ptr<ZSTD_DCtx, DecompressionContextDeleter> context(ZSTD_createDCtx());
  return context.get();
}

}  // namespace

Result<std::string> CompressRaw(std::string_view raw, const RawDictionary* dictionary) {
  ZSTD_CCtx* context = CompressionContext();
  if (context == nullptr) return Status::Internal("zstd could not allocate a compression context");
  std::string frame(ZSTD_compressBound(raw.size()), '\0');
  const size_t size =
      dictionary == nullptr
          ? ZSTD_compressCCtx(context, frame.data(), frame.size(), raw.data(), raw.size(),
                              kCompressionLevel)
          : ZSTD_compress_usingCDict(context, frame.data(), frame.size(), raw.data(), raw.size(),
                                     dictionary->compression_dictionary());
  if (ZSTD_isError(size)) {
    return Status::Internal(fmt::format("zstd compression of {} raw bytes failed: {}", raw.size(),
                                        ZSTD_getErrorName(size)));
  }
  frame.resize(size);
  return frame;
}

uint32_t RawFrameDictionaryId(std::string_view frame) {
  return ZSTD_getDictID_fromFrame(frame.data(), frame.size());
}

Result<std::string> DecompressRaw(std::string_view frame) {
  std::string raw;
  Status status = DecompressRawInto(frame, &raw);
  if (!status.ok()) return status;
  return raw;
}

Status DecompressRawInto(std::string_view frame, std::string* raw,
                         const RawDictionary* dictionary) {
  const unsigned long long content_size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (content_size == ZSTD_CONTENTSIZE_ERROR || content_size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Status::StoreError(fmt::format(
        "stored raw record of {} bytes is not a zstd frame with a content size", frame.size()));
  }

  // A plain frame is decoded without a dictionary even when one is given,
  // because a dictionary would change the starting repeat offsets.
  const uint32_t frame_dictionary_id = RawFrameDictionaryId(frame);
  if (frame_dictionary_id != 0 &&
      (dictionary == nullptr || dictionary->zstd_dict_id() != frame_dictionary_id)) {
    return Status::StoreError(fmt::format(
        "stored raw record of {} bytes needs zstd dictionary {}, which was not supplied",
        frame.size(), frame_dictionary_id));
  }

  ZSTD_DCtx* context = DecompressionContext();
  if (context == nullptr) {
    return Status::Internal("zstd could not allocate a decompression context");
  }
  raw->resize(content_size);
  const size_t size =
      frame_dictionary_id == 0
          ? ZSTD_decompressDCtx(context, raw->data(), raw->size(), frame.data(), frame.size())
          : ZSTD_decompress_usingDDict(context, raw->data(), raw->size(), frame.data(),
                                       frame.size(), dictionary->decompression_dictionary());
  if (ZSTD_isError(size) || size != content_size) {
    return Status::StoreError(
        fmt::format("stored raw record of {} bytes is damaged: {}", frame.size(),
                    ZSTD_isError(size) ? ZSTD_getErrorName(size) : "size mismatch"));
  }
  return Status::Ok();
}

}  // namespace signtrail
