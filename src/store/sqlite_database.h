#ifndef SIGNTRAIL_STORE_SQLITE_DATABASE_H_
#define SIGNTRAIL_STORE_SQLITE_DATABASE_H_

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "model/status.h"
#include "store/sqlite_statement.h"

namespace signtrail {

// An open SQLite connection, closed on destruction. Not safe for use from
// several threads at once.
class SqliteDatabase {
 public:
  // Opens or creates the file at `path` for reading and writing, with
  // extended result codes and a busy timeout so that a second writer waits
  // for the first instead of failing at once.
  static Result<SqliteDatabase> Open(const std::filesystem::path& path);

  ~SqliteDatabase();
  SqliteDatabase(SqliteDatabase&& other) noexcept;
  SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Result<SqliteStatement> Prepare(std::string_view sql);

  // Runs SQL text that carries no values (schema changes, pragmas); values
  // always go through Prepare and Bind.
  Status Execute(const char* sql);

  // Runs a single-row query that returns one integer, such as a pragma.
  Result<int64_t> QueryInt(std::string_view sql);

  int64_t LastInsertId() const;

  // The StoreError for the latest failure on this connection.
  Status Error(std::string_view action) const;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return database_; }

 private:
  SqliteDatabase(sqlite3* database, std::string path);

  sqlite3* database_ = nullptr;
  std::string path_;
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
