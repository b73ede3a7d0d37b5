#include "store/raw_dictionary_store.h"

#include <fmt/format.h>

#include <utility>

#include "store/raw_compression.h"
#include "store/sha256.h"

namespace signtrail {
namespace {

constexpr const char* kCreateTable = R"sql(
CREATE TABLE IF NOT EXISTS raw_dictionaries (
  id            INTEGER PRIMARY KEY,
  zstd_dict_id  INTEGER NOT NULL UNIQUE,
  format        TEXT    NOT NULL,
  batch_id      INTEGER NOT NULL REFERENCES batches(id),
  bytes         BLOB    NOT NULL,
  sha256        TEXT    NOT NULL
))sql";

Result<bool> TableExists(SqliteDatabase& database) {
  Result<int64_t> count = database.QueryInt(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'raw_dictionaries'");
  if (!count.ok()) return count.status();
  return *count > 0;
}

// Adds one row's dictionary to `set`, or the reason it cannot be loaded.
void AddRow(uint32_t zstd_dict_id, std::string bytes, RawDictionarySet& set) {
  Result<std::shared_ptr<const RawDictionary>> dictionary =
      RawDictionary::FromBytes(std::move(bytes));
  if (!dictionary.ok()) {
    set.unusable[zstd_dict_id] = dictionary.status().message();
  } else if ((*dictionary)->zstd_dict_id() != zstd_dict_id) {
    set.unusable[zstd_dict_id] =
        fmt::format("its bytes carry zstd dictionary id {}", (*dictionary)->zstd_dict_id());
  } else {
    set.usable[zstd_dict_id] = std::move(*dictionary);
  }
}

}  // namespace

Status CreateRawDictionaryTable(SqliteDatabase& database) {
  return database.Execute(kCreateTable);
}

Result<std::shared_ptr<const RawDictionary>> FindFormatRawDictionary(SqliteDatabase& database,
                                                                     std::string_view format) {
  Result<bool> exists = TableExists(database);
  if (!exists.ok()) return exists.status();
  if (!*exists) return std::shared_ptr<const RawDictionary>();

  Result<SqliteStatement> select = database.Prepare(
      "SELECT zstd_dict_id, bytes FROM raw_dictionaries WHERE format = ?1 ORDER BY id LIMIT 1");
  if (!select.ok()) return select.status();
  select->Bind(1, format);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::shared_ptr<const RawDictionary>();

  const int64_t id = select->Int(0);
  Result<std::shared_ptr<const RawDictionary>> dictionary =
      RawDictionary::FromBytes(select->Blob(1));
  if (!dictionary.ok() || (*dictionary)->zstd_dict_id() != id) {
    return Status::StoreError(fmt::format(
        "{}: raw_dictionaries row with zstd_dict_id {} (format {}) is damaged: {}; run "
        "signtrail verify",
        database.path(), id, format,
        dictionary.ok() ? "its bytes carry another id" : dictionary.status().message()));
  }
  return dictionary;
}

Result<uint32_t> NextRawDictionaryId(SqliteDatabase& database) {
  Result<int64_t> highest = database.QueryInt(fmt::format(
      "SELECT coalesce(max(zstd_dict_id), {}) FROM raw_dictionaries", kFirstRawDictionaryId - 1));
  if (!highest.ok()) return highest.status();
  if (*highest >= int64_t{UINT32_MAX}) {
    return Status::StoreError(fmt::format(
        "{}: raw_dictionaries already uses zstd dictionary id {}, the highest there is",
        database.path(), *highest));
  }
  return static_cast<uint32_t>(*highest + 1);
}

Status InsertRawDictionary(SqliteDatabase& database, const RawDictionary& dictionary,
                           std::string_view format, int64_t batch_id) {
  Result<std::string> sha256 = Sha256Hex(dictionary.bytes());
  if (!sha256.ok()) return sha256.status();
  Result<SqliteStatement> insert = database.Prepare(R"sql(
      INSERT INTO raw_dictionaries (zstd_dict_id, format, batch_id, bytes, sha256)
      VALUES (?1, ?2, ?3, ?4, ?5))sql");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, static_cast<int64_t>(dictionary.zstd_dict_id()))
      .Bind(2, format)
      .Bind(3, batch_id)
      .BindBlob(4, dictionary.bytes())
      .Bind(5, *sha256);
  return insert->Run();
}

Result<RawDictionarySet> LoadRawDictionaries(SqliteDatabase& database) {
  RawDictionarySet set;
  Result<bool> exists = TableExists(database);
  if (!exists.ok()) return exists.status();
  if (!*exists) return set;

  Result<SqliteStatement> select =
      database.Prepare("SELECT zstd_dict_id, bytes FROM raw_dictionaries ORDER BY id");
  if (!select.ok()) return select.status();
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    AddRow(static_cast<uint32_t>(select->Int(0)), select->Blob(1), set);
  }
  return set;
}

Status RawDictionaryCache::DecompressInto(std::string_view frame, std::string* raw) {
  const uint32_t id = RawFrameDictionaryId(frame);
  if (id != 0 && !loaded_.usable.contains(id)) {
    Result<RawDictionarySet> stored = LoadRawDictionaries(database_);
    if (!stored.ok()) return stored.status();
    loaded_ = std::move(*stored);
  }
  return loaded_.DecompressInto(frame, raw);
}

}  // namespace signtrail
