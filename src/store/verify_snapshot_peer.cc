#include "store/verify_snapshot_peer.h"

#include <fmt/format.h>

#include <utility>

namespace signtrail {

std::optional<SnapshotPeer> SnapshotPeer::Open(SqliteDatabase& database) {
  Result<int64_t> cache_size = database.QueryInt("PRAGMA cache_size");
  Result<int64_t> map_size = database.QueryInt("PRAGMA mmap_size");
  if (!cache_size.ok() || !map_size.ok()) return std::nullopt;
  // The same mode as `database`: a read-only connection to a WAL store
  // whose -wal file is missing must wait for a writer to create it. The
  // peer only reads either way.
  Result<SqliteDatabase> peer =
      SqliteDatabase::Open(database.path(), database.read_only() ? SqliteOpenMode::kReadOnly
                                                                 : SqliteOpenMode::kReadWrite);
  if (!peer.ok()) return std::nullopt;

  // PRAGMA takes no bound parameters; the values are integers.
  Status status = peer->Execute(fmt::format("PRAGMA cache_size = {}", *cache_size).c_str());
  if (status.ok()) status = peer->Execute(fmt::format("PRAGMA mmap_size = {}", *map_size).c_str());
  if (!status.ok()) return std::nullopt;
  Result<int64_t> journal_is_wal =
      peer->QueryInt("SELECT journal_mode = 'wal' FROM pragma_journal_mode");
  if (!journal_is_wal.ok() || *journal_is_wal != 1) return std::nullopt;
  Result<int64_t> data_version = peer->QueryInt("PRAGMA data_version");
  if (!data_version.ok()) return std::nullopt;
  return SnapshotPeer(std::move(*peer), *data_version);
}

SnapshotPeer::~SnapshotPeer() {
  if (in_transaction_) database_.Execute("ROLLBACK");
}

SnapshotPeer::SnapshotPeer(SnapshotPeer&& other) noexcept
    : database_(std::move(other.database_)),
      data_version_(other.data_version_),
      in_transaction_(std::exchange(other.in_transaction_, false)) {}

bool SnapshotPeer::BeginSameSnapshot() {
  if (!database_.Execute("BEGIN").ok()) return false;
  in_transaction_ = true;
  // The first read starts the read transaction. data_version then shows
  // whether anything was committed since Open read it.
  Result<int64_t> started = database_.QueryInt("SELECT count(*) FROM ledger_meta");
  if (!started.ok()) return false;
  Result<int64_t> data_version = database_.QueryInt("PRAGMA data_version");
  return data_version.ok() && *data_version == data_version_;
}

}  // namespace signtrail
