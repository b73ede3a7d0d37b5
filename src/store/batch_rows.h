#ifndef SIGNTRAIL_STORE_BATCH_ROWS_H_
#define SIGNTRAIL_STORE_BATCH_ROWS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/instant.h"
#include "model/status.h"
#include "sources/import_options.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// Values of batches.kind.
inline constexpr std::string_view kSignInBatchKind = "sign-ins";
inline constexpr std::string_view kDirectoryBatchKind = "directory";

// The columns of a batches row known before its records are written.
struct BatchHeader {
  std::string_view kind;  // kSignInBatchKind or kDirectoryBatchKind
  std::string_view source;
  std::string_view format;
  std::string_view file_name;
  std::string_view file_sha256;
  Instant committed_at;
  std::optional<Instant> effective_time;  // directory snapshots only
  int64_t rows_read = 0;
};

// The columns of a batches row filled in once its records are written. For
// directory batches `duplicate` counts unchanged accounts and `updated`
// counts changed ones.
struct BatchTotals {
  int64_t added = 0;
  int64_t duplicate = 0;
  int64_t updated = 0;
  int64_t rejected = 0;
  std::optional<Instant> min_time;
  std::optional<Instant> max_time;
  std::vector<std::string> sign_in_types;
  std::vector<std::string> warnings;
};

// Inserts a batches row with zero counts and returns its id.
Result<int64_t> InsertBatchRow(SqliteDatabase& database, const BatchHeader& header);

Status UpdateBatchTotals(SqliteDatabase& database, int64_t batch_id, const BatchTotals& totals);

// Sets the file hash and row count of a batch written in parts, which are
// known only once the last part is read.
Status UpdateBatchFile(SqliteDatabase& database, int64_t batch_id, std::string_view file_sha256,
                       int64_t rows_read);

// Stores a sign-in batch's window, window basis, row cap flag and doubtful
// reasons. The window columns and window_basis stay NULL without a window.
Status UpdateBatchCoverage(SqliteDatabase& database, int64_t batch_id,
                           const BatchCoverage& coverage);

Status InsertRejects(SqliteDatabase& database, int64_t batch_id,
                     const std::vector<RejectedRecord>& rejects);

// The id of the first earlier batch of `kind` that read a file with the same
// SHA-256 for `source`, if any.
Result<std::optional<int64_t>> FindBatchOfSameFile(SqliteDatabase& database, std::string_view kind,
                                                   std::string_view source,
                                                   std::string_view file_sha256);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_BATCH_ROWS_H_
