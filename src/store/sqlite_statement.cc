#include "store/sqlite_statement.h"

#include <fmt/format.h>
#include <unistd.h>

#include <string>
#include <utility>

namespace signtrail {
namespace {

constexpr size_t kMaxSummaryChars = 60;

// The statement's SQL on one line, cut to a length that fits in a message.
std::string StatementSummary(const char* sql) {
  std::string summary;
  bool in_space = false;
  for (const char* c = sql == nullptr ? "" : sql; *c != '\0'; ++c) {
    const bool space = *c == ' ' || *c == '\n' || *c == '\t' || *c == '\r';
    if (space && (in_space || summary.empty())) continue;
    summary += space ? ' ' : *c;
    in_space = space;
  }
  if (summary.size() > kMaxSummaryChars) summary = summary.substr(0, kMaxSummaryChars) + "...";
  return summary;
}

// A failure caused by file permissions. The message names the fix instead
// of the SQL statement, which does not help the user here.
Status ReadOnlyError(std::string_view store_path, int extended_code) {
  switch (extended_code) {
    case SQLITE_READONLY_DIRECTORY:
      return Status::StoreError(fmt::format(
          "{}: the store's folder is read-only for this user, and SQLite must create the "
          "store's -wal and -shm files in it; run as the folder's owner or copy the store to a "
          "folder you can write to",
          store_path));
    case SQLITE_READONLY_CANTINIT:
    case SQLITE_READONLY_CANTLOCK:
    case SQLITE_READONLY_RECOVERY:
      return ReadOnlyWalFilesError(store_path);
    default:
      // SQLite opens a connection read-only also when only the -shm file is
      // not writable, so a writable store file points there.
      if (access(std::string(store_path).c_str(), W_OK) == 0) {
        return ReadOnlyWalFilesError(store_path);
      }
      return ReadOnlyStoreFileError(store_path);
  }
}

}  // namespace

Status ReadOnlyWalFilesError(std::string_view store_path) {
  return Status::StoreError(fmt::format(
      "{}: the store's -wal or -shm file is read-only for this user because another user "
      "created it (a user who reads a store they cannot write leaves both behind); when no "
      "process has the store open and the -wal file is empty, delete both files, or copy the "
      "store",
      store_path));
}

Status ReadOnlyStoreFileError(std::string_view store_path) {
  return Status::StoreError(fmt::format(
      "{}: the store file is read-only for this user; run as its owner or copy it", store_path));
}

Status SqliteError(sqlite3* database, std::string_view store_path, std::string_view action) {
  const int extended_code = sqlite3_extended_errcode(database);
  const int code = extended_code & 0xff;
  if (code == SQLITE_READONLY) return ReadOnlyError(store_path, extended_code);

  std::string message =
      fmt::format("{}: {} failed: {}", store_path, action, sqlite3_errmsg(database));
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    message += " (another process is writing to the store; retry when it has finished)";
  }
  return Status::StoreError(std::move(message));
}

SqliteStatement::SqliteStatement(sqlite3* database, sqlite3_stmt* statement, std::string store_path)
    : database_(database), statement_(statement), store_path_(std::move(store_path)) {}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : database_(other.database_),
      statement_(std::exchange(other.statement_, nullptr)),
      store_path_(std::move(other.store_path_)),
      bind_failure_(std::move(other.bind_failure_)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    database_ = other.database_;
    statement_ = std::exchange(other.statement_, nullptr);
    store_path_ = std::move(other.store_path_);
    bind_failure_ = std::move(other.bind_failure_);
  }
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, int64_t value) {
  KeepBindFailure(sqlite3_bind_int64(statement_, index, value), index);
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, std::string_view text) {
  KeepBindFailure(sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                      SQLITE_UTF8),
                  index);
  return *this;
}

SqliteStatement& SqliteStatement::Bind(int index, const std::optional<int64_t>& value) {
  if (!value.has_value()) return BindNull(index);
  return Bind(index, *value);
}

SqliteStatement& SqliteStatement::Bind(int index, Instant instant) {
  return Bind(index, instant.micros());
}

SqliteStatement& SqliteStatement::Bind(int index, const std::optional<Instant>& instant) {
  if (!instant.has_value()) return BindNull(index);
  return Bind(index, instant->micros());
}

SqliteStatement& SqliteStatement::BindBlob(int index, std::string_view bytes) {
  KeepBindFailure(
      sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT), index);
  return *this;
}

SqliteStatement& SqliteStatement::BindNull(int index) {
  KeepBindFailure(sqlite3_bind_null(statement_, index), index);
  return *this;
}

Result<bool> SqliteStatement::Step() {
  if (!bind_failure_.ok()) return bind_failure_;
  const int result = sqlite3_step(statement_);
  if (result == SQLITE_ROW) return true;
  if (result == SQLITE_DONE) return false;
  return StepFailure();
}

Status SqliteStatement::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) {
      Status failure = row.status();
      Reset();
      return failure;
    }
    if (!*row) break;
  }
  Reset();
  return Status::Ok();
}

void SqliteStatement::Reset() {
  // sqlite3_reset repeats the code of a failed step, which Step already returned.
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
  bind_failure_ = Status::Ok();
}

bool SqliteStatement::IsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int64_t SqliteStatement::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::optional<int64_t> SqliteStatement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::string SqliteStatement::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return "";
  const int size = sqlite3_column_bytes(statement_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

std::string_view SqliteStatement::TextView(int column) const {
  const unsigned char* text = sqlite3_column_text(statement_, column);
  if (text == nullptr) return {};
  const int size = sqlite3_column_bytes(statement_, column);
  return {reinterpret_cast<const char*>(text), static_cast<size_t>(size)};
}

std::string SqliteStatement::Blob(int column) const {
  const void* bytes = sqlite3_column_blob(statement_, column);
  if (bytes == nullptr) return "";
  const int size = sqlite3_column_bytes(statement_, column);
  return std::string(static_cast<const char*>(bytes), static_cast<size_t>(size));
}

std::string_view SqliteStatement::BlobView(int column) const {
  const void* bytes = sqlite3_column_blob(statement_, column);
  if (bytes == nullptr) return {};
  const int size = sqlite3_column_bytes(statement_, column);
  return {static_cast<const char*>(bytes), static_cast<size_t>(size)};
}

int SqliteStatement::Type(int column) const { return sqlite3_column_type(statement_, column); }

void SqliteStatement::KeepBindFailure(int result, int index) {
  if (result == SQLITE_OK || !bind_failure_.ok()) return;
  bind_failure_ = Status::StoreError(fmt::format("{}: binding SQL parameter {} failed: {}",
                                                 store_path_, index, sqlite3_errstr(result)));
}

Status SqliteStatement::StepFailure() const {
  return SqliteError(database_, store_path_,
                     fmt::format("SQL statement '{}'", StatementSummary(sqlite3_sql(statement_))));
}

}  // namespace signtrail
