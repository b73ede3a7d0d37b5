#ifndef SIGNTRAIL_STORE_LONG_SESSION_INDEX_H_
#define SIGNTRAIL_STORE_LONG_SESSION_INDEX_H_

#include <cstdint>
#include <string_view>

#include "model/status.h"
#include "store/sqlite_database.h"

namespace signtrail {

// A session is long when last_instant - start_time >= this span (one day in
// microseconds). The partial index sessions_long_span contains exactly the
// long sessions. A window query reads the start index from window_start
// minus this span, and finds every longer session in the small index.
// docs/formats/sqlite-schema.md describes the index. Changing the value
// needs a new index name, because stores keep the old definition.
inline constexpr int64_t kLongSessionMicros = 86'400'000'000;

inline constexpr std::string_view kLongSessionIndexName = "sessions_long_span";

// The term of the index's WHERE clause. A query must repeat it word for word
// so that SQLite can prove the partial index contains every row it needs.
inline constexpr std::string_view kLongSessionTerm =
    "last_instant - start_time >= 86400000000";

// Creates sessions_long_span when the store lacks it, as stores made before
// it existed do. Call inside the write transaction of a commit: on a store
// with millions of sessions the first call reads the whole sessions table.
Status EnsureLongSessionIndex(SqliteDatabase& database);

// True when the store has sessions_long_span. Without it, window queries
// fall back to the last_instant index.
Result<bool> HasLongSessionIndex(SqliteDatabase& database);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_LONG_SESSION_INDEX_H_
