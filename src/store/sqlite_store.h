#ifndef SIGNTRAIL_STORE_SQLITE_STORE_H_
#define SIGNTRAIL_STORE_SQLITE_STORE_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/instant.h"
#include "model/status.h"
#include "store/ledger_checkpoints.h"
#include "store/ledger_nodes.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// The Store kept in one SQLite file (WAL mode, foreign keys on). The tables
// are described in docs/formats/sqlite-schema.md. Several processes may open
// the same file: reads run alongside one writer, and a second writer waits
// for the first. One SqliteStore must not be used from several threads at
// once.
class SqliteStore final : public Store {
 public:
  // Supplies the commit time of each batch; tests pass a fixed clock.
  using Clock = std::function<Instant()>;

  // Opens the store at `path`, creating the file and schema when absent and
  // migrating an older schema. A store without a log identity gets one from
  // `options` (see PrepareLedgerIdentity), with `clock` dating its first
  // checkpoint. Without options.signer, a file this user cannot write is
  // opened read-only (SQLITE_OPEN_READONLY). Errors:
  //   - NotFound when the file is missing or empty and
  //     options.create_if_missing is false (nothing is created);
  //   - StoreError, naming the path, when the file is not a signtrail store,
  //     was written by a newer signtrail, or is read-only for this user while
  //     options.signer is set (a write was asked for);
  //   - InvalidArgument when the store is new and options.signer is empty
  //     (a missing file is then not created);
  //   - Conflict when options.signer is not the store's key.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::filesystem::path& path,
                                                   const StoreOptions& options,
                                                   Clock clock = SystemClock);

  // The current time from the system clock.
  static Instant SystemClock();

  Result<BatchReport> CommitSignInBatch(const SignInBatch& batch) override;
  Result<std::unique_ptr<SignInBatchStream>> BeginSignInBatch(
      const SignInBatchStart& start) override;
  Result<DirectoryReport> CommitDirectoryBatch(const DirectoryBatch& batch) override;

  Status ScanSessions(const SessionFilter& filter,
                      const std::function<Status(const StoredSession&)>& visit) override;
  Status ScanFailedSignIns(const SessionFilter& filter,
                           const std::function<Status(const StoredSession&)>& visit) override;

  Result<std::vector<DirectoryVersion>> FindDirectoryVersions(const std::string& id) override;
  Result<std::vector<DirectoryVersion>> FindDirectoryVersionsMatching(
      const std::string& text) override;

  Result<std::vector<BatchInfo>> ListBatches() override;

  Result<LedgerIdentity> Identity() override;
  Result<uint64_t> LedgerSize() override;
  Result<std::string> ReadEntry(uint64_t index) override;
  Result<uint64_t> FindEventEntry(const std::string& source, const std::string& record_id) override;
  Result<std::vector<StoredCheckpoint>> ListCheckpoints() override;
  ledger::NodeSource& Nodes() override;
  Result<StoredCheckpoint> SignCheckpoint() override;
  Result<HeartbeatReport> AppendHeartbeat(Instant time) override;
  Result<VerifyReport> Verify(const std::vector<TrustedCheckpoint>& trusted_checkpoints) override;

 private:
  SqliteStore(SqliteDatabase database, Clock clock, LedgerIdentity identity,
              std::optional<ledger::SignerKey> signer);

  // The origin and key that sign checkpoints; WriteNeedsSignerError when
  // the store was opened without a signer.
  Result<LedgerSigning> Signing() const;

  SqliteDatabase database_;
  Clock clock_;
  LedgerIdentity identity_;
  std::optional<ledger::SignerKey> signer_;
  SqliteNodeSource nodes_;  // reads database_, so it is declared after it
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SQLITE_STORE_H_
