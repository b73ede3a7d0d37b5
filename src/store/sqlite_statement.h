#ifndef SIGNTRAIL_STORE_SQLITE_STATEMENT_H_
#define SIGNTRAIL_STORE_SQLITE_STATEMENT_H_

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/instant.h"
#include "model/status.h"

namespace signtrail {

// A prepared statement that is finalized on destruction. Values are bound by
// 1-based parameter index. A failed Bind* call is kept, and the next Step()
// or Run() returns it, so callers bind every value and check once.
//
// The statement borrows its connection, which must outlive it. Columns are
// read by 0-based index after Step() returned true.
class SqliteStatement {
 public:
  // Takes ownership of `statement`. `store_path` names the database file in
  // error messages.
  SqliteStatement(sqlite3* database, sqlite3_stmt* statement, std::string store_path);
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& Bind(int index, int64_t value);
  SqliteStatement& Bind(int index, std::string_view text);
  SqliteStatement& Bind(int index, const std::optional<int64_t>& value);    // NULL when empty
  SqliteStatement& Bind(int index, Instant instant);                        // as UTC microseconds
  SqliteStatement& Bind(int index, const std::optional<Instant>& instant);  // NULL when empty
  SqliteStatement& BindBlob(int index, std::string_view bytes);
  SqliteStatement& BindNull(int index);

  // Advances to the next row: true when a row is ready, false when the
  // statement has finished.
  Result<bool> Step();

  // Runs a statement to completion, ignoring any rows, then resets it so it
  // can run again with new values.
  Status Run();

  // Makes the statement ready to run again and clears its bound values.
  void Reset();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  std::optional<int64_t> OptionalInt(int column) const;  // nullopt for NULL
  std::string Text(int column) const;                    // "" for NULL
  std::string Blob(int column) const;                    // "" for NULL
  // The same bytes without a copy. The view is valid until the next Step(),
  // Reset() or read of the column as another type.
  std::string_view TextView(int column) const;  // "" for NULL
  std::string_view BlobView(int column) const;  // "" for NULL
  int Type(int column) const;                   // SQLITE_INTEGER, SQLITE_TEXT, ...

 private:
  void KeepBindFailure(int result, int index);
  Status StepFailure() const;

  sqlite3* database_ = nullptr;
  sqlite3_stmt* statement_ = nullptr;
  std::string store_path_;
  Status bind_failure_;
};

// The StoreError for the connection's latest failure:
// "PATH: ACTION failed: <SQLite message>". For a write that file
// permissions refused (SQLITE_READONLY), the message names the read-only
// file or folder and the fix instead.
Status SqliteError(sqlite3* database, std::string_view store_path, std::string_view action);

// The StoreError of a store file that this user may read but not write.
Status ReadOnlyStoreFileError(std::string_view store_path);

// The StoreError of a store whose -wal or -shm file this user cannot write.
Status ReadOnlyWalFilesError(std::string_view store_path);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SQLITE_STATEMENT_H_
