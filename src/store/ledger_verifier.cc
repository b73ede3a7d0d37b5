#include "store/ledger_verifier.h"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <string>
#include <utility>

#include "store/ledger_entries.h"
#include "store/verify_checkpoints.h"
#include "store/verify_derived_data.h"
#include "store/verify_findings.h"
#include "store/verify_leaves.h"

namespace signtrail {
namespace {

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

// Rows of the entry tables that no leaf covers.
Status ReportUncoveredRows(SqliteDatabase& database, FindingCollector& findings) {
  return ScanUncoveredRows(database, [&](const EntryRow& row) {
    findings.Add(FindingKind::kExtraEntry, std::nullopt,
                 fmt::format("{} row {} ({} entry) is covered by no ledger leaf: it was added "
                             "outside a commit",
                             EntryTableName(row.entry_type).value_or("(unknown table)"),
                             row.row_id, row.entry_type));
    return Status::Ok();
  });
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

}  // namespace

Result<VerifyReport> VerifyLedger(SqliteDatabase& database,
                                  const std::vector<TrustedCheckpoint>& trusted) {
  ReadTransaction transaction(database);
  Status status = transaction.Begin();
  if (!status.ok()) return status;
  FindingCollector findings;
  VerifyReport report;

  // The claims come first: the leaf pass records the roots at their sizes.
  Result<std::optional<LedgerIdentity>> identity = ReadLedgerIdentity(database, findings);
  if (!identity.ok()) return identity.status();
  std::optional<uint64_t> latest_size;
  Result<std::vector<CheckpointClaim>> claims =
      OpenStoredCheckpoints(database, *identity, findings, &report.checkpoints, &latest_size);
  if (!claims.ok()) return claims.status();
  std::vector<CheckpointClaim> trusted_claims =
      OpenTrustedCheckpoints(trusted, *identity, findings);
  claims->insert(claims->end(), trusted_claims.begin(), trusted_claims.end());
  report.trusted_checkpoints = trusted.size();

  RecomputedTree tree;
  status = VerifyLeaves(database, ClaimedSizes(*claims), findings, &tree);
  if (!status.ok()) return status;
  report.entries = tree.size;

  CompareClaims(*claims, tree, findings);
  ReportUncheckpointedLeaves(latest_size, tree.size, findings);
  status = ReportUncoveredRows(database, findings);
  if (!status.ok()) return status;
  status = CheckDerivedData(database, findings);
  if (!status.ok()) return status;

  report.findings = findings.Finish();
  return report;
}

}  // namespace signtrail
