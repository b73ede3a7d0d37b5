#ifndef SIGNTRAIL_STORE_RAW_DICTIONARY_H_
#define SIGNTRAIL_STORE_RAW_DICTIONARY_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/event.h"
#include "model/status.h"

struct ZSTD_CDict_s;
struct ZSTD_DDict_s;

namespace signtrail {

// A batch trains a dictionary only from at least this many raw records:
// fewer records give a dictionary that saves little.
inline constexpr size_t kRawDictionaryMinRecords = 1000;

// The maximum number of raw records a dictionary is trained from: the
// first ones of the batch.
inline constexpr size_t kRawDictionaryMaxSamples = 10000;

// The largest dictionary that training produces, in bytes.
inline constexpr size_t kRawDictionaryMaxBytes = size_t{64} << 10;

// zstd leaves dictionary ids from 32768 up to private use; a store numbers
// its dictionaries from here.
inline constexpr uint32_t kFirstRawDictionaryId = 32768;

// A zstd dictionary for raw records: its bytes, its zstd dictionary id and
// the digested forms for compression and decompression. Immutable, so one
// object may be shared by threads.
class RawDictionary {
 public:
  // Loads a dictionary in zstd's format. An id of 0 (a raw content
  // dictionary) or bytes zstd cannot digest are InvalidInput.
  static Result<std::shared_ptr<const RawDictionary>> FromBytes(std::string bytes);

  ~RawDictionary();
  RawDictionary(const RawDictionary&) = delete;
  RawDictionary& operator=(const RawDictionary&) = delete;

  uint32_t zstd_dict_id() const { return zstd_dict_id_; }
  const std::string& bytes() const { return bytes_; }
  const ZSTD_CDict_s* compression_dictionary() const { return compression_; }
  const ZSTD_DDict_s* decompression_dictionary() const { return decompression_; }

 private:
  RawDictionary(std::string bytes, uint32_t zstd_dict_id, ZSTD_CDict_s* compression,
                ZSTD_DDict_s* decompression);

  std::string bytes_;
  uint32_t zstd_dict_id_;
  ZSTD_CDict_s* compression_;
  ZSTD_DDict_s* decompression_;
};

// Trains a dictionary with id `zstd_dict_id` from the raw records of the
// first kRawDictionaryMaxSamples events. Returns nullptr when there are
// fewer than kRawDictionaryMinRecords events or zstd finds too little to
// train on. The same events and id always give the same bytes.
Result<std::shared_ptr<const RawDictionary>> TrainRawDictionary(
    const std::vector<SignInEvent>& events, uint32_t zstd_dict_id);

// The dictionaries a reader resolves frames with, by zstd dictionary id,
// and the stored ones it could not load, with the reason.
struct RawDictionarySet {
  std::map<uint32_t, std::shared_ptr<const RawDictionary>> usable;
  std::map<uint32_t, std::string> unusable;

  // Restores a frame's raw bytes into `*raw` with the dictionary its
  // header names, or none for a plain frame. A dictionary the set lacks is
  // a StoreError that names the id.
  Status DecompressInto(std::string_view frame, std::string* raw) const;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_RAW_DICTIONARY_H_
