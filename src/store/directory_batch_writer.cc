#include "store/directory_batch_writer.h"

#include <fmt/format.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/batch_rows.h"
#include "store/ledger_appender.h"
#include "store/raw_compression.h"
#include "store/sha256.h"

namespace signtrail {
namespace {

// Account ids compare like SQLite's NOCASE collation: ASCII letters only.
std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

Status CheckAccountIds(const DirectoryBatch& batch) {
  std::unordered_map<std::string, const DirectoryUser*> first_by_id;
  for (const DirectoryUser& user : batch.import.users) {
    if (user.account_id.empty()) {
      return Status::InvalidInput(fmt::format(
          "{}:{}: account id is empty; every directory row needs one", batch.file_name, user.line));
    }
    auto [first, inserted] = first_by_id.emplace(AsciiLower(user.account_id), &user);
    if (!inserted) {
      return Status::InvalidInput(fmt::format(
          "{}: account id '{}' appears on line {} and again on line {}; a directory snapshot "
          "lists each account once, so remove one of the rows",
          batch.file_name, first->second->account_id, first->second->line, user.line));
    }
  }
  return Status::Ok();
}

Status CheckSnapshotOrder(SqliteDatabase& database, const DirectoryBatch& batch) {
  Result<SqliteStatement> select = database.Prepare(R"sql(
      SELECT max(effective_time) FROM batches WHERE kind = ?1 AND source = ?2)sql");
  if (!select.ok()) return select.status();
  select->Bind(1, kDirectoryBatchKind).Bind(2, batch.source);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();

  const std::optional<int64_t> latest = select->OptionalInt(0);
  if (latest.has_value() && batch.effective_time.micros() < *latest) {
    return Status::Conflict(fmt::format(
        "{}: snapshot time {} is older than the last snapshot of {} ({}); import directory "
        "snapshots in time order",
        batch.file_name, FormatUtc(batch.effective_time), batch.source,
        FormatUtc(Instant::FromMicros(*latest))));
  }
  return Status::Ok();
}

Result<int64_t> CountCurrentVersions(SqliteDatabase& database, const std::string& source) {
  Result<SqliteStatement> select = database.Prepare(R"sql(
      SELECT count(*) FROM directory_versions WHERE source = ?1 AND effective_to IS NULL)sql");
  if (!select.ok()) return select.status();
  select->Bind(1, source);
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  return select->Int(0);
}

// The fields whose change makes a new version.
bool SameVersionFields(const DirectoryUser& a, const DirectoryUser& b) {
  return a.account_id == b.account_id && a.object_id == b.object_id && a.login == b.login &&
         a.display_name == b.display_name && a.email == b.email && a.enabled == b.enabled &&
         a.provider == b.provider && a.user_type == b.user_type;
}

struct CurrentVersion {
  int64_t id = 0;
  DirectoryUser user;
};

struct VersionStatements {
  SqliteStatement find_current;
  SqliteStatement close;
  SqliteStatement insert;
};

Result<VersionStatements> PrepareVersionStatements(SqliteDatabase& database) {
  // effective_to IS NULL lets SQLite use the unique index directory_versions_current.
  Result<SqliteStatement> find_current = database.Prepare(R"sql(
      SELECT id, account_id, object_id, login, display_name, email, enabled, provider, user_type
      FROM directory_versions
      WHERE source = ?1 AND account_id = ?2 COLLATE NOCASE AND effective_to IS NULL)sql");
  if (!find_current.ok()) return find_current.status();

  Result<SqliteStatement> close = database.Prepare(R"sql(
      UPDATE directory_versions SET effective_to = ?2 WHERE id = ?1)sql");
  if (!close.ok()) return close.status();

  Result<SqliteStatement> insert = database.Prepare(R"sql(
      INSERT INTO directory_versions (batch_id, source, format, account_id, object_id, login,
                                      display_name, email, enabled, provider, user_type, raw_zstd,
                                      raw_sha256, raw_length, line, byte_offset, effective_from)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17))sql");
  if (!insert.ok()) return insert.status();

  return VersionStatements{std::move(*find_current), std::move(*close), std::move(*insert)};
}

// Writes the versions of one snapshot and counts what happened to each account.
class VersionWriter {
 public:
  VersionWriter(VersionStatements statements, const DirectoryBatch& batch, int64_t batch_id)
      : statements_(std::move(statements)), batch_(batch), batch_id_(batch_id) {}

  Status Write(const DirectoryUser& user) {
    Result<std::optional<CurrentVersion>> current = FindCurrent(user.account_id);
    if (!current.ok()) return current.status();

    if (!current->has_value()) {
      ++report_.added;
      return Insert(user);
    }
    if (SameVersionFields((*current)->user, user)) {
      ++report_.unchanged;
      return Status::Ok();
    }

    SqliteStatement& close = statements_.close;
    close.Bind(1, (*current)->id).Bind(2, batch_.effective_time);
    Status closed = close.Run();
    if (!closed.ok()) return closed;
    ++report_.changed;
    return Insert(user);
  }

  DirectoryReport& report() { return report_; }

 private:
  Result<std::optional<CurrentVersion>> FindCurrent(const std::string& account_id) {
    SqliteStatement& find = statements_.find_current;
    find.Bind(1, batch_.source).Bind(2, account_id);
    Result<bool> row = find.Step();
    if (!row.ok() || !*row) {
      find.Reset();
      if (!row.ok()) return row.status();
      return std::optional<CurrentVersion>();
    }

    CurrentVersion current;
    current.id = find.Int(0);
    current.user.account_id = find.Text(1);
    current.user.object_id = find.Text(2);
    current.user.login = find.Text(3);
    current.user.display_name = find.Text(4);
    current.user.email = find.Text(5);
    if (std::optional<int64_t> enabled = find.OptionalInt(6)) current.user.enabled = *enabled != 0;
    current.user.provider = find.Text(7);
    current.user.user_type = find.Text(8);
    find.Reset();
    return std::optional<CurrentVersion>(std::move(current));
  }

  Status Insert(const DirectoryUser& user) {
    Result<std::string> raw_zstd = CompressRaw(user.raw);
    if (!raw_zstd.ok()) return raw_zstd.status();
    Result<std::string> raw_sha256 = Sha256Hex(user.raw);
    if (!raw_sha256.ok()) return raw_sha256.status();

    SqliteStatement& insert = statements_.insert;
    insert.Bind(1, batch_id_)
        .Bind(2, batch_.source)
        .Bind(3, batch_.format)
        .Bind(4, user.account_id)
        .Bind(5, user.object_id)
        .Bind(6, user.login)
        .Bind(7, user.display_name)
        .Bind(8, user.email)
        .Bind(10, user.provider)
        .Bind(11, user.user_type)
        .BindBlob(12, *raw_zstd)
        .Bind(13, *raw_sha256)
        .Bind(14, static_cast<int64_t>(user.raw.size()))
        .Bind(15, user.line)
        .Bind(16, user.offset)
        .Bind(17, batch_.effective_time);
    if (user.enabled.has_value()) {
      insert.Bind(9, int64_t{*user.enabled ? 1 : 0});
    } else {
      insert.BindNull(9);
    }
    return insert.Run();
  }

  VersionStatements statements_;
  const DirectoryBatch& batch_;
  int64_t batch_id_;
  DirectoryReport report_;
};

std::vector<std::string> SnapshotWarnings(const DirectoryBatch& batch,
                                          const std::optional<int64_t>& same_file_batch,
                                          int64_t missing_accounts) {
  std::vector<std::string> warnings = batch.import.warnings;
  if (same_file_batch.has_value()) {
    warnings.push_back(
        fmt::format("file already imported as batch {} (same SHA-256)", *same_file_batch));
  }
  if (missing_accounts > 0) {
    warnings.push_back(fmt::format(
        "accounts stored for {} but missing from this snapshot: {}; their current versions "
        "stay open because an export may list only part of the directory",
        batch.source, missing_accounts));
  }
  return warnings;
}

}  // namespace

Result<DirectoryReport> WriteDirectoryBatch(SqliteDatabase& database, const DirectoryBatch& batch,
                                            Instant committed_at, const LedgerSigning& signing) {
  Status valid = CheckAccountIds(batch);
  if (!valid.ok()) return valid;

  Result<SqliteTransaction> transaction = SqliteTransaction::Begin(database);
  if (!transaction.ok()) return transaction.status();

  // Step 1: check the snapshot against what the store holds, then write the
  // batch row.
  valid = CheckSnapshotOrder(database, batch);
  if (!valid.ok()) return valid;
  Result<std::optional<int64_t>> same_file_batch =
      FindBatchOfSameFile(database, kDirectoryBatchKind, batch.source, batch.file_sha256);
  if (!same_file_batch.ok()) return same_file_batch.status();
  Result<int64_t> current_before = CountCurrentVersions(database, batch.source);
  if (!current_before.ok()) return current_before.status();
  BatchHeader header;
  header.kind = kDirectoryBatchKind;
  header.source = batch.source;
  header.format = batch.format;
  header.file_name = batch.file_name;
  header.file_sha256 = batch.file_sha256;
  header.committed_at = committed_at;
  header.effective_time = batch.effective_time;
  header.rows_read = batch.import.rows_read;
  Result<int64_t> batch_id = InsertBatchRow(database, header);
  if (!batch_id.ok()) return batch_id.status();

  // Step 2: the versions and the rejects.
  Result<VersionStatements> statements = PrepareVersionStatements(database);
  if (!statements.ok()) return statements.status();
  VersionWriter writer(std::move(*statements), batch, *batch_id);
  for (const DirectoryUser& user : batch.import.users) {
    Status written = writer.Write(user);
    if (!written.ok()) return written;
  }
  Status stored = InsertRejects(database, *batch_id, batch.import.rejects);
  if (!stored.ok()) return stored;

  // Step 3: the batch's totals.
  DirectoryReport report = std::move(writer.report());
  report.batch_id = *batch_id;
  report.rows_read = batch.import.rows_read;
  report.rejected = static_cast<int64_t>(batch.import.rejects.size());
  const int64_t missing_accounts = *current_before - report.changed - report.unchanged;
  report.warnings = SnapshotWarnings(batch, *same_file_batch, missing_accounts);
  BatchTotals totals;
  totals.added = report.added;
  totals.duplicate = report.unchanged;
  totals.updated = report.changed;
  totals.rejected = report.rejected;
  totals.warnings = report.warnings;
  stored = UpdateBatchTotals(database, *batch_id, totals);
  if (!stored.ok()) return stored;

  // Step 4: the batch's ledger entries and the new signed checkpoint,
  // then commit.
  Result<StoredCheckpoint> checkpoint =
      AppendBatchToLedger(database, *batch_id, signing, committed_at);
  if (!checkpoint.ok()) return checkpoint.status();

  Status committed = transaction->Commit();
  if (!committed.ok()) return committed;
  return report;
}

}  // namespace signtrail
