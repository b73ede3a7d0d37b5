#include "store/raw_dictionary.h"

#include <fmt/format.h>
#include <zstd.h>
#define ZDICT_STATIC_LINKING_ONLY  // ZDICT_optimizeTrainFromBuffer_fastCover
#include <zdict.h>

#include <algorithm>
#include <utility>

#include "store/raw_compression.h"

namespace signtrail {
namespace {

// zstd's own default level, the level of plain raw frames too.
constexpr int kCompressionLevel = ZSTD_CLEVEL_DEFAULT;

// Fixed training parameters, so that training depends only on the
// records: fastCover with segments of 8 bytes, trying 4 segment sizes on a
// quarter of the samples, on the calling thread.
ZDICT_fastCover_params_t TrainingParameters(uint32_t zstd_dict_id) {
  ZDICT_fastCover_params_t parameters{};
  parameters.d = 8;
  parameters.steps = 4;
  parameters.nbThreads = 1;
  parameters.splitPoint = 0.75;
  parameters.zParams.compressionLevel = kCompressionLevel;
  parameters.zParams.dictID = zstd_dict_id;
  return parameters;
}

}  // namespace

Result<std::shared_ptr<const RawDictionary>> RawDictionary::FromBytes(std::string bytes) {
  const unsigned id = ZSTD_getDictID_fromDict(bytes.data(), bytes.size());
  if (id == 0) {
    return Status::InvalidInput(fmt::format(
        "a raw-record dictionary of {} bytes has no zstd dictionary header with an id",
        bytes.size()));
  }
  ZSTD_CDict* compression = ZSTD_createCDict(bytes.data(), bytes.size(), kCompressionLevel);
  ZSTD_DDict* decompression = ZSTD_createDDict(bytes.data(), bytes.size());
  if (compression == nullptr || decompression == nullptr) {
    ZSTD_freeCDict(compression);
    ZSTD_freeDDict(decompression);
    return Status::InvalidInput(
        fmt::format("zstd cannot load raw-record dictionary {} of {} bytes", id, bytes.size()));
  }
  return std::shared_ptr<const RawDictionary>(
      new RawDictionary(std::move(bytes), id, compression, decompression));
}

RawDictionary::RawDictionary(std::string bytes, uint32_t zstd_dict_id, ZSTD_CDict* compression,
                             ZSTD_DDict* decompression)
    : bytes_(std::move(bytes)),
      zstd_dict_id_(zstd_dict_id),
      compression_(compression),
      decompression_(decompression) {}

RawDictionary::~RawDictionary() {
  ZSTD_freeCDict(compression_);
  ZSTD_freeDDict(decompression_);
}

Result<std::shared_ptr<const RawDictionary>> TrainRawDictionary(
    const std::vector<SignInEvent>& events, uint32_t zstd_dict_id) {
  if (events.size() < kRawDictionaryMinRecords) return std::shared_ptr<const RawDictionary>();

  const size_t count = std::min(events.size(), kRawDictionaryMaxSamples);
  std::string samples;
  std::vector<size_t> sizes;
  sizes.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    samples.append(events[i].raw);
    sizes.push_back(events[i].raw.size());
  }

  std::string bytes(kRawDictionaryMaxBytes, '\0');
  ZDICT_fastCover_params_t parameters = TrainingParameters(zstd_dict_id);
  const size_t size = ZDICT_optimizeTrainFromBuffer_fastCover(
      bytes.data(), bytes.size(), samples.data(), sizes.data(), static_cast<unsigned>(count),
      &parameters);
  // zstd fails training when the samples are too few or too alike to fill
  // a dictionary; such a batch keeps plain frames.
  if (ZDICT_isError(size)) return std::shared_ptr<const RawDictionary>();
  bytes.resize(size);
  return RawDictionary::FromBytes(std::move(bytes));
}

Status RawDictionarySet::DecompressInto(std::string_view frame, std::string* raw) const {
  const uint32_t id = RawFrameDictionaryId(frame);
  if (id == 0) return DecompressRawInto(frame, raw);

  const auto found = usable.find(id);
  if (found != usable.end()) return DecompressRawInto(frame, raw, found->second.get());
  const auto damaged = unusable.find(id);
  if (damaged != unusable.end()) {
    return Status::StoreError(fmt::format(
        "the frame names zstd dictionary {}, whose raw_dictionaries row cannot be loaded: {}",
        id, damaged->second));
  }
  return Status::StoreError(fmt::format(
      "the frame names zstd dictionary {}, but raw_dictionaries has no row with zstd_dict_id {}",
      id, id));
}

}  // namespace signtrail
