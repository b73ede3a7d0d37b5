#ifndef SIGNTRAIL_STORE_VERIFY_SNAPSHOT_PEER_H_
#define SIGNTRAIL_STORE_VERIFY_SNAPSHOT_PEER_H_

#include <cstdint>
#include <optional>

#include "store/sqlite_database.h"

namespace signtrail {

// A second connection, used only to read, to a store in WAL mode that reads the same
// snapshot as the verifying connection, so that a check can run on another
// thread. SQLite as Debian builds it lacks sqlite3_snapshot_open, so the
// peer proves the snapshot is the same instead: PRAGMA data_version changes
// when another connection commits, and it is read once before the
// verifying connection starts its read transaction (Open) and once when the
// peer has started its own (BeginSameSnapshot). Equal values mean no commit
// came between, so both transactions see the same commits.
class SnapshotPeer {
 public:
  // Opens the peer with the page cache and memory map sizes of `database`,
  // and reads the data version. Call before `database` starts its read
  // transaction. nullopt when the store cannot be opened a second time.
  static std::optional<SnapshotPeer> Open(SqliteDatabase& database);

  ~SnapshotPeer();
  SnapshotPeer(SnapshotPeer&& other) noexcept;
  SnapshotPeer& operator=(SnapshotPeer&&) = delete;
  SnapshotPeer(const SnapshotPeer&) = delete;
  SnapshotPeer& operator=(const SnapshotPeer&) = delete;

  // Starts the peer's read transaction, after the verifying connection
  // started its own. False when a commit came between, or on any error:
  // the peer must then not be used.
  bool BeginSameSnapshot();

  SqliteDatabase& database() { return database_; }

 private:
  SnapshotPeer(SqliteDatabase database, int64_t data_version)
      : database_(std::move(database)), data_version_(data_version) {}

  SqliteDatabase database_;
  int64_t data_version_;
  bool in_transaction_ = false;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_VERIFY_SNAPSHOT_PEER_H_
