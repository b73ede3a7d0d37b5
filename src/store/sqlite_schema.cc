#include "store/sqlite_schema.h"

#include <fmt/format.h>

#include <chrono>
#include <string>
#include <thread>

namespace signtrail {
namespace {

// Schema version 1. docs/formats/sqlite-schema.md describes every column.
// Times are UTC microseconds since the Unix epoch; text is UTF-8.
constexpr const char* kSchemaVersion1 = R"sql(
CREATE TABLE batches (
  id             INTEGER PRIMARY KEY,
  kind           TEXT    NOT NULL CHECK (kind IN ('sign-ins', 'directory')),
  source         TEXT    NOT NULL,
  format         TEXT    NOT NULL,
  file_name      TEXT    NOT NULL,
  file_sha256    TEXT    NOT NULL,
  committed_at   INTEGER NOT NULL,
  effective_time INTEGER,
  rows_read      INTEGER NOT NULL DEFAULT 0,
  added          INTEGER NOT NULL DEFAULT 0,
  duplicate      INTEGER NOT NULL DEFAULT 0,
  updated        INTEGER NOT NULL DEFAULT 0,
  rejected       INTEGER NOT NULL DEFAULT 0,
  min_time       INTEGER,
  max_time       INTEGER,
  sign_in_types  TEXT    NOT NULL DEFAULT '[]',
  warnings       TEXT    NOT NULL DEFAULT '[]',
  window_start   INTEGER,
  window_end     INTEGER,
  window_basis   TEXT
                 CHECK (window_basis IN ('declared', 'file-name', 'query-rule', 'inferred')),
  row_cap_reached INTEGER NOT NULL DEFAULT 0 CHECK (row_cap_reached IN (0, 1)),
  doubtful_reasons TEXT  NOT NULL DEFAULT '[]'
);
CREATE INDEX batches_source_sha256 ON batches (source, file_sha256);

CREATE TABLE events (
  id             INTEGER PRIMARY KEY,
  batch_id       INTEGER NOT NULL REFERENCES batches (id),
  source         TEXT    NOT NULL,
  record_id      TEXT    NOT NULL,
  kind           TEXT    NOT NULL
                 CHECK (kind IN ('sign-in', 'sign-out', 'failed-sign-in', 'session')),
  time           INTEGER NOT NULL,
  end_time       INTEGER,
  end_kind       TEXT    NOT NULL
                 CHECK (end_kind IN ('recorded', 'approximate', 'inferred', 'open')),
  end_note       TEXT    NOT NULL,
  user_id        TEXT    NOT NULL,
  login_name     TEXT    NOT NULL,
  display_name   TEXT    NOT NULL,
  session_key    TEXT    NOT NULL,
  client_address TEXT    NOT NULL,
  application    TEXT    NOT NULL,
  result_code    TEXT    NOT NULL,
  failure_reason TEXT    NOT NULL,
  location       TEXT    NOT NULL,
  sign_in_type   TEXT    NOT NULL,
  raw_zstd       BLOB    NOT NULL,
  raw_sha256     TEXT    NOT NULL,
  raw_length     INTEGER NOT NULL,
  line           INTEGER NOT NULL,
  byte_offset    INTEGER NOT NULL,
  UNIQUE (source, record_id)
);
CREATE INDEX events_batch ON events (batch_id);
CREATE INDEX events_kind_time ON events (kind, time);
CREATE INDEX events_session_key ON events (source, session_key) WHERE session_key <> '';

CREATE TABLE event_amendments (
  id             INTEGER PRIMARY KEY,
  event_id       INTEGER NOT NULL REFERENCES events (id),
  batch_id       INTEGER NOT NULL REFERENCES batches (id),
  field          TEXT    NOT NULL,
  old_value      TEXT,
  new_value      TEXT
);
CREATE INDEX event_amendments_event ON event_amendments (event_id);

CREATE TABLE conflicts (
  id             INTEGER PRIMARY KEY,
  event_id       INTEGER NOT NULL REFERENCES events (id),
  batch_id       INTEGER NOT NULL REFERENCES batches (id),
  field          TEXT    NOT NULL,
  stored_value   TEXT,
  incoming_value TEXT,
  incoming_raw_zstd   BLOB NOT NULL,
  incoming_raw_sha256 TEXT NOT NULL
);
CREATE INDEX conflicts_event ON conflicts (event_id);

CREATE TABLE rejects (
  id             INTEGER PRIMARY KEY,
  batch_id       INTEGER NOT NULL REFERENCES batches (id),
  line           INTEGER NOT NULL,
  byte_offset    INTEGER NOT NULL,
  reason         TEXT    NOT NULL,
  raw            BLOB    NOT NULL
);
CREATE INDEX rejects_batch ON rejects (batch_id);

CREATE TABLE sessions (
  id             INTEGER PRIMARY KEY,
  source         TEXT    NOT NULL,
  format         TEXT    NOT NULL,
  grouped        INTEGER NOT NULL CHECK (grouped IN (0, 1)),
  session_key    TEXT    NOT NULL,
  record_id      TEXT    NOT NULL,
  user_id        TEXT    NOT NULL,
  login_name     TEXT    NOT NULL,
  display_name   TEXT    NOT NULL,
  start_time     INTEGER NOT NULL,
  end_time       INTEGER,
  end_kind       TEXT    NOT NULL
                 CHECK (end_kind IN ('recorded', 'approximate', 'inferred', 'open')),
  end_note       TEXT    NOT NULL,
  last_activity  INTEGER NOT NULL,
  last_instant   INTEGER NOT NULL,
  client_address TEXT    NOT NULL,
  application    TEXT    NOT NULL,
  result         TEXT    NOT NULL,
  failure_reason TEXT    NOT NULL,
  sign_in_type   TEXT    NOT NULL,
  UNIQUE (source, record_id)
);
CREATE UNIQUE INDEX sessions_group ON sessions (source, session_key) WHERE grouped = 1;
CREATE INDEX sessions_start ON sessions (start_time, user_id, record_id);
CREATE INDEX sessions_last_instant ON sessions (last_instant);

CREATE TABLE directory_versions (
  id             INTEGER PRIMARY KEY,
  batch_id       INTEGER NOT NULL REFERENCES batches (id),
  source         TEXT    NOT NULL,
  format         TEXT    NOT NULL,
  account_id     TEXT    NOT NULL,
  object_id      TEXT    NOT NULL,
  login          TEXT    NOT NULL,
  display_name   TEXT    NOT NULL,
  email          TEXT    NOT NULL,
  enabled        INTEGER CHECK (enabled IN (0, 1)),
  provider       TEXT    NOT NULL,
  user_type      TEXT    NOT NULL,
  raw_zstd       BLOB    NOT NULL,
  raw_sha256     TEXT    NOT NULL,
  raw_length     INTEGER NOT NULL,
  line           INTEGER NOT NULL,
  byte_offset    INTEGER NOT NULL,
  effective_from INTEGER NOT NULL,
  effective_to   INTEGER
);
CREATE UNIQUE INDEX directory_versions_current
  ON directory_versions (source, account_id COLLATE NOCASE) WHERE effective_to IS NULL;
CREATE INDEX directory_versions_account ON directory_versions (account_id COLLATE NOCASE);
CREATE INDEX directory_versions_object
  ON directory_versions (object_id COLLATE NOCASE) WHERE object_id <> '';
CREATE INDEX directory_versions_login ON directory_versions (login COLLATE NOCASE);
CREATE INDEX directory_versions_email ON directory_versions (email COLLATE NOCASE);

CREATE TABLE ledger_meta (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  origin         TEXT    NOT NULL,
  verifier_key   TEXT    NOT NULL
);

CREATE TABLE ledger_leaves (
  idx            INTEGER PRIMARY KEY,
  entry_type     TEXT    NOT NULL,
  row_id         INTEGER NOT NULL,
  leaf_hash      BLOB    NOT NULL,
  UNIQUE (entry_type, row_id)
);

CREATE TABLE ledger_nodes (
  level          INTEGER NOT NULL,
  idx            INTEGER NOT NULL,
  hash           BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE heartbeats (
  id             INTEGER PRIMARY KEY,
  time           INTEGER NOT NULL,
  last_batch_id  INTEGER NOT NULL
);

CREATE TABLE heartbeat_sources (
  heartbeat_id   INTEGER NOT NULL REFERENCES heartbeats (id),
  source         TEXT    NOT NULL,
  coverage_end   INTEGER,
  PRIMARY KEY (heartbeat_id, source)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
  id             INTEGER PRIMARY KEY,
  tree_size      INTEGER NOT NULL,
  root           BLOB    NOT NULL,
  signed_note    TEXT    NOT NULL,
  signed_at      INTEGER NOT NULL
);
)sql";

// One step of the migration chain: the SQL that turns version `to - 1` into
// version `to`.
struct Migration {
  int64_t to;
  const char* sql;
};

constexpr Migration kMigrations[] = {
    {1, kSchemaVersion1},
};

// The identity of a SQLite file, read from its header and catalog.
struct FileIdentity {
  int64_t application_id = 0;
  int64_t schema_version = 0;
  int64_t object_count = 0;  // tables, indexes, views and triggers
};

// The pause between two attempts of RetryWhileBusy.
constexpr std::chrono::milliseconds kBusyRetryPause(10);

bool IsBusy(const SqliteDatabase& database) {
  return (sqlite3_errcode(database.handle()) & 0xff) == SQLITE_BUSY;
}

// Runs `attempt` again while it fails with SQLITE_BUSY, for at most
// kSqliteBusyTimeoutMillis. SQLite does not call the busy handler in every
// case: switching a new file to WAL mode takes an exclusive lock once, so a
// second process creating the same store at that moment would otherwise
// fail at once with "database is locked".
template <typename Attempt>
auto RetryWhileBusy(SqliteDatabase& database, Attempt attempt) -> decltype(attempt()) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline =
      Clock::now() + std::chrono::milliseconds(kSqliteBusyTimeoutMillis);
  while (true) {
    auto result = attempt();
    if (result.ok() || !IsBusy(database) || Clock::now() >= deadline) return result;
    std::this_thread::sleep_for(kBusyRetryPause);
  }
}

// `status` unless the file is not a SQLite database at all.
Status NotSqliteError(const SqliteDatabase& database, Status status) {
  const int primary_code = sqlite3_errcode(database.handle()) & 0xff;
  if (primary_code != SQLITE_NOTADB) return status;
  return Status::StoreError(
      fmt::format("{} is not a signtrail store: the file is not a SQLite database; choose a "
                  "new file or an existing signtrail store",
                  database.path()));
}

// Reads the identity with one statement, which is one read transaction: a
// store that another process creates meanwhile is seen whole or not at all.
Result<FileIdentity> ReadFileIdentity(SqliteDatabase& database) {
  Result<SqliteStatement> select = database.Prepare(R"sql(
      SELECT (SELECT application_id FROM pragma_application_id),
             (SELECT user_version FROM pragma_user_version),
             (SELECT count(*) FROM sqlite_master))sql");
  if (!select.ok()) return NotSqliteError(database, select.status());
  Result<bool> row = select->Step();
  if (!row.ok()) return NotSqliteError(database, row.status());
  if (!*row) {
    return Status::Internal(
        fmt::format("{}: the schema identity query returned no row", database.path()));
  }

  FileIdentity identity;
  identity.application_id = select->Int(0);
  identity.schema_version = select->Int(1);
  identity.object_count = select->Int(2);
  return identity;
}

bool IsEmptyFile(const FileIdentity& identity) {
  return identity.application_id == 0 && identity.schema_version == 0 && identity.object_count == 0;
}

bool IsCurrentStore(const FileIdentity& identity) {
  return identity.application_id == kStoreApplicationId &&
         identity.schema_version == kStoreSchemaVersion;
}

Status CheckFileIdentity(const SqliteDatabase& database, const FileIdentity& identity) {
  if (IsEmptyFile(identity)) return Status::Ok();
  if (identity.application_id != kStoreApplicationId) {
    return Status::StoreError(fmt::format(
        "{} is a SQLite database but not a signtrail store (application id {}, {} schema "
        "objects); choose a new file or an existing signtrail store",
        database.path(), identity.application_id, identity.object_count));
  }
  if (identity.schema_version > kStoreSchemaVersion) {
    return Status::StoreError(
        fmt::format("{}: store schema version {} is newer than this signtrail supports ({}); "
                    "upgrade signtrail to open it",
                    database.path(), identity.schema_version, kStoreSchemaVersion));
  }
  return Status::Ok();
}

// A connection that cannot write reads the store as it is, so the store
// must already be complete and current.
Status CheckReadOnlyStore(const SqliteDatabase& database, const FileIdentity& identity) {
  if (IsCurrentStore(identity)) return Status::Ok();
  if (IsEmptyFile(identity)) {
    return Status::StoreError(fmt::format(
        "{} is an empty SQLite database, not a signtrail store, and it is read-only for this "
        "user; choose an existing signtrail store",
        database.path()));
  }
  return Status::StoreError(fmt::format(
      "{}: store schema version {} is older than this signtrail's ({}), and the store file is "
      "read-only for this user, so it cannot be upgraded; run signtrail once as its owner or "
      "copy the store",
      database.path(), identity.schema_version, kStoreSchemaVersion));
}

// A batch is one transaction, and until it commits every page it changed
// lives in the write-ahead log. SQLite finds a page there by probing one
// hash table per 4096 frames, so each page read and each spill costs more
// as a large batch grows. Larger pages mean fewer frames for the same data.
constexpr const char* kNewStorePageSizePragma = "PRAGMA page_size = 16384";

Status EnableWriteAheadLog(SqliteDatabase& database) {
  Result<SqliteStatement> statement = database.Prepare("PRAGMA journal_mode = WAL");
  if (!statement.ok()) return statement.status();
  Result<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  const std::string mode = *row ? statement->Text(0) : "";
  if (mode != "wal") {
    return Status::StoreError(fmt::format(
        "{}: cannot switch the store to WAL mode (journal mode is '{}'); keep the store on a "
        "local file system",
        database.path(), mode));
  }
  return Status::Ok();
}

// Brings the file to kStoreSchemaVersion. `identity` is what the file was
// when it was opened: a current store needs no write lock, so opening it
// does not wait for a running ingest. Otherwise the migrations run in one
// write transaction, and the identity is read again inside it, because
// another process may have created or migrated the store since.
Status Migrate(SqliteDatabase& database, const FileIdentity& identity) {
  if (IsCurrentStore(identity)) return Status::Ok();

  Result<SqliteTransaction> transaction = SqliteTransaction::Begin(database);
  if (!transaction.ok()) return transaction.status();
  Result<FileIdentity> locked = ReadFileIdentity(database);
  if (!locked.ok()) return locked.status();
  Status checked = CheckFileIdentity(database, *locked);
  if (!checked.ok()) return checked;
  if (IsCurrentStore(*locked)) return Status::Ok();

  for (const Migration& migration : kMigrations) {
    if (migration.to <= locked->schema_version) continue;
    Status applied = database.Execute(migration.sql);
    if (!applied.ok()) return applied;
    // PRAGMA takes no bound parameters; the values are this file's constants.
    const std::string version_pragma = fmt::format("PRAGMA user_version = {}", migration.to);
    applied = database.Execute(version_pragma.c_str());
    if (!applied.ok()) return applied;
  }

  const std::string id_pragma = fmt::format("PRAGMA application_id = {}", kStoreApplicationId);
  Status marked = database.Execute(id_pragma.c_str());
  if (!marked.ok()) return marked;
  return transaction->Commit();
}

}  // namespace

Status PrepareStoreSchema(SqliteDatabase& database) {
  // Check what the file is before anything writes to it, so that a foreign
  // database is left exactly as it was.
  Result<FileIdentity> identity =
      RetryWhileBusy(database, [&database] { return ReadFileIdentity(database); });
  if (!identity.ok()) return identity.status();
  Status checked = CheckFileIdentity(database, *identity);
  if (!checked.ok()) return checked;

  Status status = database.Execute("PRAGMA foreign_keys = ON");
  if (!status.ok()) return status;
  // A page cache of 32 MiB keeps more of the index pages a large batch
  // touches in memory, so fewer are spilled to the WAL before the commit.
  // It also bounds the store's share of the memory.
  status = database.Execute("PRAGMA cache_size = -32768");
  if (!status.ok()) return status;
  if (database.read_only()) return CheckReadOnlyStore(database, *identity);

  // The page size can only be chosen before the file has its first page,
  // so stores made by earlier versions keep theirs.
  if (IsEmptyFile(*identity)) {
    status = database.Execute(kNewStorePageSizePragma);
    if (!status.ok()) return status;
  }
  status = RetryWhileBusy(database, [&database] { return EnableWriteAheadLog(database); });
  if (!status.ok()) return status;
  // FULL makes each committed batch durable across a power loss, not only
  // consistent.
  status = database.Execute("PRAGMA synchronous = FULL");
  if (!status.ok()) return status;
  // A batch of millions of events passes through the write-ahead log as a
  // whole. Once it is copied into the store, the log file shrinks back to
  // this size instead of keeping the batch's size on disk.
  status = database.Execute("PRAGMA journal_size_limit = 67108864");
  if (!status.ok()) return status;

  return Migrate(database, *identity);
}

}  // namespace signtrail
