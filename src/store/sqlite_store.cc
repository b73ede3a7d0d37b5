#include "store/sqlite_store.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <utility>

#include "store/batch_listing.h"
#include "store/directory_batch_writer.h"
#include "store/directory_lookup.h"
#include "store/heartbeat_writer.h"
#include "store/ledger_entries.h"
#include "store/ledger_identity.h"
#include "store/ledger_verifier.h"
#include "store/session_scan.h"
#include "store/sign_in_batch_writer.h"
#include "store/sqlite_schema.h"

namespace signtrail {
namespace {

// True when `path` is a regular file of zero bytes.
bool IsEmptyFile(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::is_regular_file(path, error) &&
         std::filesystem::file_size(path, error) == 0;
}

// True when the file does not exist or has zero bytes: SQLite treats both as
// a new database.
bool IsMissingOrEmpty(const std::filesystem::path& path) {
  std::error_code error;
  return !std::filesystem::exists(path, error) || IsEmptyFile(path);
}

// True when the store's -wal or -shm file exists and this user cannot write
// it. SQLite then opens the store read-only, and the first write fails.
bool HasReadOnlyWalFiles(const std::filesystem::path& path) {
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string side_file = path.string() + suffix;
    if (access(side_file.c_str(), F_OK) == 0 && access(side_file.c_str(), W_OK) != 0) {
      return true;
    }
  }
  return false;
}

// How to open the store file, or why not to. A missing file is created only
// when the options allow it and a signer can give it a log identity, so a
// read never leaves an empty file behind. An existing file that this user
// cannot write is opened read-only for reading, and refused for writing.
Result<SqliteOpenMode> ChooseOpenMode(const std::filesystem::path& path,
                                      const StoreOptions& options) {
  if (IsMissingOrEmpty(path)) {
    if (!options.create_if_missing) {
      return Status::NotFound(
          fmt::format("store {} not found{}; create it with 'signtrail init' or 'signtrail "
                      "ingest', or check --db and SIGNTRAIL_DB",
                      path.string(), IsEmptyFile(path) ? " (the file is empty)" : ""));
    }
    if (!options.signer.has_value()) return NewStoreNeedsSignerError(path);
    return SqliteOpenMode::kReadWriteCreate;
  }

  // The file exists, so SQLite must not create one if it disappears.
  const bool writable = access(path.c_str(), W_OK) == 0;
  if (!options.signer.has_value()) {
    return writable ? SqliteOpenMode::kReadWrite : SqliteOpenMode::kReadOnly;
  }
  if (!writable) return ReadOnlyStoreFileError(path.string());
  // NOTE: a reader that cannot write the store file but can write its
  // folder leaves behind -wal and -shm files that it owns. The owner cannot
  // write the store until they are gone, which is reported, not repaired.
  if (HasReadOnlyWalFiles(path)) return ReadOnlyWalFilesError(path.string());
  return SqliteOpenMode::kReadWrite;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::filesystem::path& path,
                                                       const StoreOptions& options, Clock clock) {
  Result<SqliteOpenMode> mode = ChooseOpenMode(path, options);
  if (!mode.ok()) return mode.status();
  Result<SqliteDatabase> database = SqliteDatabase::Open(path, *mode);
  if (!database.ok()) return database.status();
  Status prepared = PrepareStoreSchema(*database);
  if (!prepared.ok()) return prepared;
  if (options.map_bytes > 0) {
    // PRAGMA takes no bound parameters; the value is an integer.
    prepared = database->Execute(
        fmt::format("PRAGMA mmap_size = {}", options.map_bytes).c_str());
    if (!prepared.ok()) return prepared;
  }
  Result<LedgerIdentity> identity = PrepareLedgerIdentity(*database, options, clock());
  if (!identity.ok()) return identity.status();
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(*database), std::move(clock),
                                                      std::move(*identity), options.signer));
}

Instant SqliteStore::SystemClock() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Instant::FromMicros(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

SqliteStore::SqliteStore(SqliteDatabase database, Clock clock, LedgerIdentity identity,
                         std::optional<ledger::SignerKey> signer)
    : database_(std::move(database)),
      clock_(std::move(clock)),
      identity_(std::move(identity)),
      signer_(std::move(signer)),
      nodes_(database_) {}

Result<LedgerSigning> SqliteStore::Signing() const {
  if (!signer_.has_value()) return WriteNeedsSignerError();
  return LedgerSigning{identity_.origin, *signer_};
}

Result<BatchReport> SqliteStore::CommitSignInBatch(const SignInBatch& batch) {
  Result<LedgerSigning> signing = Signing();
  if (!signing.ok()) return signing.status();
  return WriteSignInBatch(database_, batch, clock_(), *signing);
}

Result<std::unique_ptr<SignInBatchStream>> SqliteStore::BeginSignInBatch(
    const SignInBatchStart& start) {
  Result<LedgerSigning> signing = Signing();
  if (!signing.ok()) return signing.status();
  return BeginSignInBatchStream(database_, start, clock_(), *signing);
}

Result<DirectoryReport> SqliteStore::CommitDirectoryBatch(const DirectoryBatch& batch) {
  Result<LedgerSigning> signing = Signing();
  if (!signing.ok()) return signing.status();
  return WriteDirectoryBatch(database_, batch, clock_(), *signing);
}

Status SqliteStore::ScanSessions(const SessionFilter& filter,
                                 const std::function<Status(const StoredSession&)>& visit) {
  return ScanStoredSessions(database_, filter, visit);
}

Status SqliteStore::ScanFailedSignIns(const SessionFilter& filter,
                                      const std::function<Status(const StoredSession&)>& visit) {
  return ScanStoredFailedSignIns(database_, filter, visit);
}

Result<std::vector<DirectoryVersion>> SqliteStore::FindDirectoryVersions(const std::string& id) {
  return FindVersionsById(database_, id);
}

Result<std::vector<DirectoryVersion>> SqliteStore::FindDirectoryVersionsMatching(
    const std::string& text) {
  return FindVersionsMatching(database_, text);
}

Result<std::vector<BatchInfo>> SqliteStore::ListBatches() { return ListSignInBatches(database_); }

Result<LedgerIdentity> SqliteStore::Identity() { return identity_; }

Result<uint64_t> SqliteStore::LedgerSize() { return ReadLedgerSize(database_); }

Result<std::string> SqliteStore::ReadEntry(uint64_t index) {
  Result<SqliteStatement> select =
      database_.Prepare("SELECT entry_type, row_id FROM ledger_leaves WHERE idx = ?1");
  if (!select.ok()) return select.status();
  select->Bind(1, static_cast<int64_t>(index));
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    Result<uint64_t> size = ReadLedgerSize(database_);
    if (!size.ok()) return size.status();
    return Status::NotFound(fmt::format(
        "entry {} not found: the ledger of {} has {} entries{}", index, database_.path(), *size,
        *size == 0 ? "" : fmt::format(", numbered 0 to {}", *size - 1)));
  }
  LeafRow leaf;
  leaf.index = index;
  leaf.entry_type = select->Text(0);
  leaf.row_id = select->Int(1);
  return DeriveEntry(database_, leaf);
}

Result<uint64_t> SqliteStore::FindEventEntry(const std::string& source,
                                             const std::string& record_id) {
  Result<SqliteStatement> select = database_.Prepare(R"sql(
      SELECT l.idx FROM events e
      LEFT JOIN ledger_leaves l ON l.entry_type = 'event' AND l.row_id = e.id
      WHERE e.source = ?1 AND e.record_id = ?2)sql");
  if (!select.ok()) return select.status();
  select->Bind(1, source).Bind(2, record_id);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    return Status::NotFound(fmt::format(
        "no event with record id '{}' from source '{}' in {}; check the source name with "
        "`signtrail signins --format csv`",
        record_id, source, database_.path()));
  }
  if (select->IsNull(0)) {
    return Status::StoreError(fmt::format(
        "{}: event '{}' from source '{}' has no ledger entry; the store is damaged: run "
        "signtrail verify",
        database_.path(), record_id, source));
  }
  return static_cast<uint64_t>(select->Int(0));
}

Result<std::vector<StoredCheckpoint>> SqliteStore::ListCheckpoints() {
  return ListStoredCheckpoints(database_);
}

ledger::NodeSource& SqliteStore::Nodes() { return nodes_; }

Result<StoredCheckpoint> SqliteStore::SignCheckpoint() {
  // Without a signer, the latest checkpoint is still returned when the
  // tree has not grown since it was signed.
  if (!signer_.has_value()) {
    Result<uint64_t> size = ReadLedgerSize(database_);
    if (!size.ok()) return size.status();
    Result<std::optional<StoredCheckpoint>> latest = ReadLatestCheckpoint(database_);
    if (!latest.ok()) return latest.status();
    if (latest->has_value() && (*latest)->tree_size == *size) return std::move(**latest);
    return WriteNeedsSignerError();
  }

  Result<SqliteTransaction> transaction = SqliteTransaction::Begin(database_);
  if (!transaction.ok()) return transaction.status();
  Result<uint64_t> size = ReadLedgerSize(database_);
  if (!size.ok()) return size.status();
  Result<ledger::Hash> root = ledger::RootAt(nodes_, *size);
  if (!root.ok()) return root.status();
  Result<StoredCheckpoint> checkpoint = SignCheckpointIfGrown(
      database_, LedgerSigning{identity_.origin, *signer_}, *size, *root, clock_());
  if (!checkpoint.ok()) return checkpoint.status();
  Status committed = transaction->Commit();
  if (!committed.ok()) return committed;
  return checkpoint;
}

Result<HeartbeatReport> SqliteStore::AppendHeartbeat(Instant time) {
  Result<LedgerSigning> signing = Signing();
  if (!signing.ok()) return signing.status();
  return WriteHeartbeat(database_, time, *signing);
}

Result<VerifyReport> SqliteStore::Verify(
    const std::vector<TrustedCheckpoint>& trusted_checkpoints) {
  return VerifyLedger(database_, trusted_checkpoints);
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                               const StoreOptions& options) {
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path, options);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace signtrail
