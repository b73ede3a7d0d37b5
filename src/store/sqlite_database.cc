#include "store/sqlite_database.h"

#include <fmt/format.h>

#include <utility>

#include "store/raw_dictionary_store.h"

namespace signtrail {
namespace {

int OpenFlags(SqliteOpenMode mode) {
  switch (mode) {
    case SqliteOpenMode::kReadWriteCreate:
      return SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    case SqliteOpenMode::kReadWrite:
      return SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    case SqliteOpenMode::kReadOnly:
      return SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
  }
  return SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
}

}  // namespace

Result<SqliteDatabase> SqliteDatabase::Open(const std::filesystem::path& path,
                                            SqliteOpenMode mode) {
  sqlite3* handle = nullptr;
  const int flags = OpenFlags(mode);
  const int result = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  if (result != SQLITE_OK) {
    std::string message =
        fmt::format("cannot open store {}: {}", path.string(),
                    handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(result));
    sqlite3_close(handle);
    return Status::StoreError(std::move(message) +
                              (mode == SqliteOpenMode::kReadOnly
                                   ? " (check that the file exists and is readable)"
                                   : " (check that the folder exists and is writable)"));
  }

  SqliteDatabase database(handle, path.string());
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, kSqliteBusyTimeoutMillis);
  return database;
}

SqliteDatabase::SqliteDatabase(sqlite3* database, std::string path)
    : database_(database), path_(std::move(path)) {}

SqliteDatabase::~SqliteDatabase() {
  raw_dictionaries_.reset();
  cached_.clear();  // finalizes the kept statements before the connection closes
  sqlite3_close_v2(database_);
}

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)),
      path_(std::move(other.path_)),
      cached_(std::move(other.cached_)) {
  // The cache refers to the connection object it was made for, so the
  // moved-to object starts a new one.
  other.raw_dictionaries_.reset();
}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
  if (this != &other) {
    raw_dictionaries_.reset();
    other.raw_dictionaries_.reset();
    cached_.clear();
    sqlite3_close_v2(database_);
    database_ = std::exchange(other.database_, nullptr);
    path_ = std::move(other.path_);
    cached_ = std::move(other.cached_);
  }
  return *this;
}

RawDictionaryCache& SqliteDatabase::raw_dictionaries() {
  if (raw_dictionaries_ == nullptr) raw_dictionaries_ = std::make_unique<RawDictionaryCache>(*this);
  return *raw_dictionaries_;
}

Result<SqliteStatement> SqliteDatabase::Prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  const int result =
      sqlite3_prepare_v2(database_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (result != SQLITE_OK) return Error("preparing an SQL statement");
  return SqliteStatement(database_, statement, path_);
}

Result<SqliteStatement*> SqliteDatabase::PrepareCached(std::string_view sql) {
  auto cached = cached_.find(std::string(sql));
  if (cached != cached_.end()) return cached->second.get();
  Result<SqliteStatement> statement = Prepare(sql);
  if (!statement.ok()) return statement.status();
  auto [it, inserted] = cached_.emplace(
      std::string(sql), std::make_unique<SqliteStatement>(std::move(*statement)));
  return it->second.get();
}

Status SqliteDatabase::Execute(const char* sql) {
  if (sqlite3_exec(database_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error("running SQL");
  }
  return Status::Ok();
}

Result<int64_t> SqliteDatabase::QueryInt(std::string_view sql) {
  Result<SqliteStatement> statement = Prepare(sql);
  if (!statement.ok()) return statement.status();
  Result<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::StoreError(fmt::format("{}: '{}' returned no row", path_, sql));
  return statement->Int(0);
}

int64_t SqliteDatabase::LastInsertId() const { return sqlite3_last_insert_rowid(database_); }

Status SqliteDatabase::Error(std::string_view action) const {
  return SqliteError(database_, path_, action);
}

Result<SqliteTransaction> SqliteTransaction::Begin(SqliteDatabase& database) {
  Status begun = database.Execute("BEGIN IMMEDIATE");
  if (!begun.ok()) return begun;
  return SqliteTransaction(&database);
}

SqliteTransaction::~SqliteTransaction() {
  // A destructor has no caller to report to, so the status is dropped.
  // ROLLBACK fails mainly when SQLite has already rolled the transaction back
  // itself after an I/O or out-of-memory error.
  if (database_ != nullptr) database_->Execute("ROLLBACK");
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)) {}

Status SqliteTransaction::Commit() {
  Status committed = database_->Execute("COMMIT");
  if (committed.ok()) database_ = nullptr;
  return committed;
}

}  // namespace signtrail
