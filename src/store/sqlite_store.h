#ifndef SIGNTRAIL_STORE_SQLITE_STORE_H_
#define SIGNTRAIL_STORE_SQLITE_STORE_H_

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/instant.h"
#include "model/status.h"
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
  // migrating an older schema. StoreError, naming the path, when the file is
  // not a signtrail store or was written by a newer signtrail.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::filesystem::path& path,
                                                   Clock clock = SystemClock);

  // The current time from the system clock.
  static Instant SystemClock();

  Result<BatchReport> CommitSignInBatch(const SignInBatch& batch) override;
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
  Result<uint64_t> FindEventEntry(const std::string& source,
                                  const std::string& record_id) override;
  Result<std::vector<StoredCheckpoint>> ListCheckpoints() override;
  ledger::NodeSource& Nodes() override;
  Result<StoredCheckpoint> SignCheckpoint() override;
  Result<VerifyReport> Verify(const std::vector<TrustedCheckpoint>& trusted_checkpoints) override;

 private:
  SqliteStore(SqliteDatabase database, Clock clock);

  SqliteDatabase database_;
  Clock clock_;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_SQLITE_STORE_H_
