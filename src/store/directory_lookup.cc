#include "store/directory_lookup.h"

#include <optional>
#include <string_view>

#include "store/raw_dictionary_store.h"

namespace signtrail {
namespace {

// The comparisons use COLLATE NOCASE, so SQLite serves them from the NOCASE
// index of each column. The term `object_id <> ''` lets SQLite use the
// partial object id index, and it keeps empty object ids from matching.
constexpr std::string_view kByIdQuery = R"sql(
    SELECT source, format, account_id, object_id, login, display_name, email, enabled,
           provider, user_type, raw_zstd, line, byte_offset, effective_from, effective_to
    FROM directory_versions
    WHERE (object_id = ?1 COLLATE NOCASE AND object_id <> '')
       OR account_id = ?1 COLLATE NOCASE
    ORDER BY effective_from, id)sql";

constexpr std::string_view kMatchingQuery = R"sql(
    SELECT source, format, account_id, object_id, login, display_name, email, enabled,
           provider, user_type, raw_zstd, line, byte_offset, effective_from, effective_to
    FROM directory_versions
    WHERE (object_id = ?1 COLLATE NOCASE AND object_id <> '')
       OR account_id = ?1 COLLATE NOCASE
       OR login = ?1 COLLATE NOCASE
       OR email = ?1 COLLATE NOCASE
    ORDER BY effective_from, id)sql";

Result<DirectoryVersion> ReadVersion(const SqliteStatement& row,
                                     RawDictionaryCache& dictionaries) {
  DirectoryVersion version;
  version.source = row.Text(0);
  version.format = row.Text(1);
  DirectoryUser& user = version.user;
  user.account_id = row.Text(2);
  user.object_id = row.Text(3);
  user.login = row.Text(4);
  user.display_name = row.Text(5);
  user.email = row.Text(6);
  if (std::optional<int64_t> enabled = row.OptionalInt(7)) user.enabled = *enabled != 0;
  user.provider = row.Text(8);
  user.user_type = row.Text(9);
  Status restored = dictionaries.DecompressInto(row.BlobView(10), &user.raw);
  if (!restored.ok()) return restored;
  user.line = row.Int(11);
  user.offset = row.Int(12);
  version.effective_from = Instant::FromMicros(row.Int(13));
  if (std::optional<int64_t> to = row.OptionalInt(14))
    version.effective_to = Instant::FromMicros(*to);
  return version;
}

Result<std::vector<DirectoryVersion>> RunVersionQuery(SqliteDatabase& database,
                                                      std::string_view sql,
                                                      const std::string& value) {
  std::vector<DirectoryVersion> versions;
  if (value.empty()) return versions;

  // A report looks up every user of its window, so the statement is kept.
  Result<SqliteStatement*> cached = database.PrepareCached(sql);
  if (!cached.ok()) return cached.status();
  SqliteStatement& select = **cached;
  select.Bind(1, value);
  Status status;
  while (status.ok()) {
    Result<bool> row = select.Step();
    if (!row.ok() || !*row) {
      status = row.status();
      break;
    }
    Result<DirectoryVersion> version = ReadVersion(select, database.raw_dictionaries());
    if (!version.ok()) status = version.status();
    if (version.ok()) versions.push_back(std::move(*version));
  }
  select.Reset();
  if (!status.ok()) return status;
  return versions;
}

}  // namespace

Result<std::vector<DirectoryVersion>> FindVersionsById(SqliteDatabase& database,
                                                       const std::string& id) {
  return RunVersionQuery(database, kByIdQuery, id);
}

Result<std::vector<DirectoryVersion>> FindVersionsMatching(SqliteDatabase& database,
                                                           const std::string& text) {
  return RunVersionQuery(database, kMatchingQuery, text);
}

}  // namespace signtrail
