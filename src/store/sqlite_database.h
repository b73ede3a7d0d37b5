#ifndef SIGNTRAIL_STORE_SQLITE_DATABASE_H_
#define SIGNTRAIL_STORE_SQLITE_DATABASE_H_

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/status.h"
#include "store/sqlite_statement.h"

namespace signtrail {

// How long a connection waits for another connection's lock before failing
// with "database is locked", so that a second ingest waits for a running one
// to commit. A batch that takes longer still makes it fail.
inline constexpr int kSqliteBusyTimeoutMillis = 30'000;

// How SqliteDatabase::Open opens a file.
enum class SqliteOpenMode {
  kReadWriteCreate,  // read and write; create the file when it is missing
  kReadWrite,        // read and write an existing file
  kReadOnly,         // read an existing file (SQLITE_OPEN_READONLY)
};

class RawDictionaryCache;

// An open SQLite connection, closed on destruction. Not safe for use from
// several threads at once.
class SqliteDatabase {
 public:
  // Opens the file at `path` as `mode` says, with extended result codes and
  // a busy timeout of kSqliteBusyTimeoutMillis, so that a second writer
  // waits for the first instead of failing at once.
  static Result<SqliteDatabase> Open(const std::filesystem::path& path,
                                     SqliteOpenMode mode = SqliteOpenMode::kReadWriteCreate);

  ~SqliteDatabase();
  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Result<SqliteStatement> Prepare(std::string_view sql);

  // The statement for `sql`, prepared on first use and kept with the
  // connection, for queries run many times (once per user, say). The caller
  // resets it after use; the pointer lives as long as the connection.
  Result<SqliteStatement*> PrepareCached(std::string_view sql);

  // Runs SQL text that carries no values (schema changes, pragmas); values
  // always go through Prepare and Bind.
  Status Execute(const char* sql);

  // Runs a single-row query that returns one integer, such as a pragma.
  Result<int64_t> QueryInt(std::string_view sql);

  int64_t LastInsertId() const;

  // The StoreError for the latest failure on this connection.
  Status Error(std::string_view action) const;

  // True when the connection cannot write: opened as kReadOnly, or a file
  // that SQLite could open for reading only.
  bool read_only() const { return sqlite3_db_readonly(database_, "main") == 1; }

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return database_; }

  // The raw-record dictionaries read through this connection, kept for its
  // lifetime.
  RawDictionaryCache& raw_dictionaries();

 private:
  SqliteDatabase(sqlite3* database, std::string path);

  sqlite3* database_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cached_;
  // Refers to this object, so a move leaves it behind (see the move constructor).
  std::unique_ptr<RawDictionaryCache> raw_dictionaries_;
};

// A write transaction begun with BEGIN IMMEDIATE, so the write lock is taken
// before the first read and a concurrent writer waits rather than failing
// midway. Destroying it before Commit() rolls everything back.
class SqliteTransaction {
 public:
  static Result<SqliteTransaction> Begin(SqliteDatabase& database);

  ~SqliteTransaction();
  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  // Commits. When COMMIT fails, the destructor rolls the transaction back.
  Status Commit();

 private:
  explicit SqliteTransaction(SqliteDatabase* database) : database_(database) {}

  SqliteDatabase* database_ = nullptr;  // nullptr once committed or rolled back
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SQLITE_DATABASE_H_
