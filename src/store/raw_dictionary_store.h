#ifndef SIGNTRAIL_STORE_RAW_DICTIONARY_STORE_H_
#define SIGNTRAIL_STORE_RAW_DICTIONARY_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "model/status.h"
#include "store/raw_dictionary.h"
#include "store/sqlite_database.h"

namespace signtrail {

// Creates the raw_dictionaries table when it is missing. Stores made before
// the table existed gain it at their next sign-in batch, inside that batch's
// transaction.
Status CreateRawDictionaryTable(SqliteDatabase& database);

// The dictionary that new raw records of `format` are compressed with: the
// first one stored for the format, or nullptr when there is none (or no
// raw_dictionaries table).
Result<std::shared_ptr<const RawDictionary>> FindFormatRawDictionary(SqliteDatabase& database,
                                                                     std::string_view format);

// The zstd dictionary id for the store's next dictionary: one past the
// highest stored id, and kFirstRawDictionaryId for the first.
Result<uint32_t> NextRawDictionaryId(SqliteDatabase& database);

// Stores `dictionary` for `format`, trained by batch `batch_id`.
Status InsertRawDictionary(SqliteDatabase& database, const RawDictionary& dictionary,
                           std::string_view format, int64_t batch_id);

// Reads every row of raw_dictionaries (none when the table is missing).
// A row whose bytes zstd cannot load is listed as unusable, so that the
// frames naming it fail one by one instead of the whole read.
Result<RawDictionarySet> LoadRawDictionaries(SqliteDatabase& database);

// The dictionaries one connection has loaded, by zstd dictionary id. Find
// reads an id it has not seen from the store, so a dictionary that another
// process stored later is found too.
class RawDictionaryCache {
 public:
  explicit RawDictionaryCache(SqliteDatabase& database) : database_(database) {}

  // Restores a frame's raw bytes into `*raw`, loading the dictionary its
  // header names on first use. A missing or unloadable dictionary is a
  // StoreError that names its id.
  Status DecompressInto(std::string_view frame, std::string* raw);

 private:
  SqliteDatabase& database_;
  RawDictionarySet loaded_;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_RAW_DICTIONARY_STORE_H_
