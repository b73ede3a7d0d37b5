#include "store/ledger_verifier.h"

#include <fmt/format.h>

#include <future>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "store/ledger_entries.h"
#include "store/verify_checkpoints.h"
#include "store/verify_derived_data.h"
#include "store/verify_findings.h"
#include "store/verify_leaves.h"
#include "store/verify_sessions.h"
#include "store/verify_snapshot_peer.h"

namespace signtrail {
namespace {

// Turns off the connection's memory map of the store while it lives, and
// restores it after. Pages read through a map count towards the resident
// memory of the process, so verify would grow to the size of the store.
// Through SQLite's page cache it stays within the cache size.
class UnmappedReads {
 public:
  explicit UnmappedReads(SqliteDatabase& database) : database_(database) {
    Result<int64_t> map_size = database_.QueryInt("PRAGMA mmap_size");
    if (map_size.ok() && *map_size > 0 && database_.Execute("PRAGMA mmap_size = 0").ok()) {
      restore_size_ = *map_size;
    }
  }
  ~UnmappedReads() {
    // PRAGMA takes no bound parameters; the value is an integer.
    if (restore_size_ > 0) {
      database_.Execute(fmt::format("PRAGMA mmap_size = {}", restore_size_).c_str());
    }
  }
  UnmappedReads(const UnmappedReads&) = delete;
  UnmappedReads& operator=(const UnmappedReads&) = delete;

 private:
  SqliteDatabase& database_;
  int64_t restore_size_ = 0;
};

// A deferred read transaction, so that every check reads the same snapshot
// while other processes commit. It never takes the write lock and is rolled
// back on destruction.
class ReadTransaction {
 public:
  explicit ReadTransaction(SqliteDatabase& database) : database_(database) {}
  ~ReadTransaction() {
    if (open_) database_.Execute("ROLLBACK");
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

  Status Begin() {
    Status begun = database_.Execute("BEGIN");
    open_ = begun.ok();
    return begun;
  }

 private:
  SqliteDatabase& database_;
  bool open_ = false;
};

std::set<uint64_t> ClaimedSizes(const std::vector<CheckpointClaim>& claims) {
  std::set<uint64_t> sizes;
  for (const CheckpointClaim& claim : claims) sizes.insert(claim.size);
  return sizes;
}

// Rows of the entry tables that no leaf covers. The events table is read
// only when it has more rows than the leaf pass found, since looking up a
// leaf for each of millions of events is the costly part.
Status ReportUncoveredRows(SqliteDatabase& database, uint64_t event_rows_found,
                           FindingCollector& findings) {
  Result<int64_t> event_rows = database.QueryInt("SELECT count(*) FROM events");
  if (!event_rows.ok()) return event_rows.status();
  const UncoveredRowTables tables = static_cast<uint64_t>(*event_rows) == event_rows_found
                                        ? UncoveredRowTables::kAllButEvents
                                        : UncoveredRowTables::kAll;
  return ScanUncoveredRows(
      database,
      [&](const EntryRow& row) {
        findings.Add(FindingKind::kExtraEntry, std::nullopt,
                     fmt::format("{} row {} ({} entry) is covered by no ledger leaf: it was added "
                                 "outside a commit",
                                 EntryTableName(row.entry_type).value_or("(unknown table)"),
                                 row.row_id, row.entry_type));
        return Status::Ok();
      },
      tables);
}

// Leaves past the newest checkpoint: every commit signs one that covers all
// of its leaves, so these were appended outside a commit.
void ReportUncheckpointedLeaves(const std::optional<uint64_t>& latest_size, uint64_t tree_size,
                                FindingCollector& findings) {
  if (!latest_size.has_value() || *latest_size >= tree_size) return;
  findings.Add(FindingKind::kExtraEntry, *latest_size,
               fmt::format("leaves {} to {} are covered by no checkpoint (the newest has size "
                           "{}): they were appended outside a commit",
                           *latest_size, tree_size - 1, *latest_size));
}

// Compares the stored sessions with the events on a second thread, through
// a peer connection that reads the same snapshot, while the leaf pass runs.
class SessionsCheck {
 public:
  explicit SessionsCheck(std::optional<SnapshotPeer>& peer) {
    if (!peer.has_value() || !peer->BeginSameSnapshot()) return;
    SqliteDatabase& database = peer->database();
    result_ = std::async(std::launch::async,
                         [&database] { return StoredSessionsMatchEvents(database); });
  }
  ~SessionsCheck() {
    if (result_.valid()) result_.wait();
  }
  SessionsCheck(const SessionsCheck&) = delete;
  SessionsCheck& operator=(const SessionsCheck&) = delete;

  // The check's result; nullopt when it did not run or failed, and then
  // CheckDerivedData runs it on the verifying connection.
  std::optional<bool> Wait() {
    if (!result_.valid()) return std::nullopt;
    Result<bool> match = result_.get();
    if (!match.ok()) return std::nullopt;
    return *match;
  }

 private:
  std::future<Result<bool>> result_;
};

}  // namespace

Result<VerifyReport> VerifyLedger(SqliteDatabase& database,
                                  const std::vector<TrustedCheckpoint>& trusted) {
  UnmappedReads unmapped(database);
  std::optional<SnapshotPeer> peer = SnapshotPeer::Open(database);
  ReadTransaction transaction(database);
  Status status = transaction.Begin();
  if (!status.ok()) return status;
  FindingCollector findings;
  VerifyReport report;

  // The claims come first: the leaf pass records the roots at their sizes.
  // Reading the identity also starts the read transaction.
  Result<std::optional<LedgerIdentity>> identity = ReadLedgerIdentity(database, findings);
  if (!identity.ok()) return identity.status();
  SessionsCheck sessions_check(peer);
  std::optional<uint64_t> latest_size;
  Result<std::vector<CheckpointClaim>> claims =
      OpenStoredCheckpoints(database, *identity, findings, &report.checkpoints, &latest_size);
  if (!claims.ok()) return claims.status();
  std::vector<CheckpointClaim> trusted_claims =
      OpenTrustedCheckpoints(trusted, *identity, findings);
  claims->insert(claims->end(), trusted_claims.begin(), trusted_claims.end());
  report.trusted_checkpoints = trusted.size();

  RecomputedTree tree;
  uint64_t event_rows_found = 0;
  status = VerifyLeaves(database, ClaimedSizes(*claims), findings, &tree, &event_rows_found);
  if (!status.ok()) return status;
  report.entries = tree.size;

  CompareClaims(*claims, tree, findings);
  ReportUncheckpointedLeaves(latest_size, tree.size, findings);
  status = ReportUncoveredRows(database, event_rows_found, findings);
  if (!status.ok()) return status;
  status = CheckDerivedData(database, sessions_check.Wait(), findings);
  if (!status.ok()) return status;

  report.findings = findings.Finish();
  return report;
}

}  // namespace signtrail
