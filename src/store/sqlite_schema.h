#ifndef SIGNTRAIL_STORE_SQLITE_SCHEMA_H_
#define SIGNTRAIL_STORE_SQLITE_SCHEMA_H_

#include <cstdint>

#include "model/status.h"
#include "store/sqlite_database.h"

namespace signtrail {

// `PRAGMA application_id` of every signtrail store: the ASCII bytes "sgtr".
inline constexpr int64_t kStoreApplicationId = 0x73677472;

// `PRAGMA user_version` of the schema this build writes. Each version's
// tables are described in docs/formats/sqlite-schema.md.
inline constexpr int64_t kStoreSchemaVersion = 1;

// Makes an open connection ready for use as a store: checks that the file is
// empty or a signtrail store, switches to WAL mode, turns on foreign keys and
// full synchronous commits, and migrates the schema to kStoreSchemaVersion.
// Only creating or migrating the schema takes the write lock, so opening a
// current store does not wait for a running ingest. Several processes may
// create the same new store at once: one creates it and the others find it
// made. A connection that cannot write (SqliteDatabase::read_only) is only
// checked: its store must already be at kStoreSchemaVersion.
// A file that is not SQLite, a SQLite database of another program, or a
// store written by a newer signtrail is a StoreError naming the path.
Status PrepareStoreSchema(SqliteDatabase& database);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SQLITE_SCHEMA_H_
