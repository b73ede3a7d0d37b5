#include "store/sqlite_store.h"

#include <cstdlib>

#include <chrono>
#include <utility>

#include "store/batch_listing.h"
#include "store/directory_batch_writer.h"
#include "store/directory_lookup.h"
#include "store/session_scan.h"
#include "store/sign_in_batch_writer.h"
#include "store/sqlite_schema.h"

namespace signtrail {

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::filesystem::path& path,
                                                       Clock clock) {
  Result<SqliteDatabase> database = SqliteDatabase::Open(path);
  if (!database.ok()) return database.status();
  Status prepared = PrepareStoreSchema(*database);
  if (!prepared.ok()) return prepared;
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(*database), std::move(clock)));
}

Instant SqliteStore::SystemClock() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Instant::FromMicros(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

SqliteStore::SqliteStore(SqliteDatabase database, Clock clock)
    : database_(std::move(database)), clock_(std::move(clock)) {}

Result<BatchReport> SqliteStore::CommitSignInBatch(const SignInBatch& batch) {
  return WriteSignInBatch(database_, batch, clock_());
}

Result<DirectoryReport> SqliteStore::CommitDirectoryBatch(const DirectoryBatch& batch) {
  return WriteDirectoryBatch(database_, batch, clock_());
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

// TODO(ledger): the ledger methods below are placeholders until the ledger
// tables are wired into the batch writers.
Result<LedgerIdentity> SqliteStore::Identity() { return Status::Internal("ledger not built yet"); }
Result<uint64_t> SqliteStore::LedgerSize() { return Status::Internal("ledger not built yet"); }
Result<std::string> SqliteStore::ReadEntry(uint64_t) {
  return Status::Internal("ledger not built yet");
}
Result<uint64_t> SqliteStore::FindEventEntry(const std::string&, const std::string&) {
  return Status::Internal("ledger not built yet");
}
Result<std::vector<StoredCheckpoint>> SqliteStore::ListCheckpoints() {
  return Status::Internal("ledger not built yet");
}
ledger::NodeSource& SqliteStore::Nodes() { std::abort(); }
Result<StoredCheckpoint> SqliteStore::SignCheckpoint() {
  return Status::Internal("ledger not built yet");
}
Result<VerifyReport> SqliteStore::Verify(const std::vector<TrustedCheckpoint>&) {
  return Status::Internal("ledger not built yet");
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                               const StoreOptions&) {
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(path);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace signtrail
