#include "store/sign_in_batch_writer.h"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/batch_rows.h"
#include "store/event_comparison.h"
#include "store/ledger_appender.h"
#include "store/raw_compression.h"
#include "store/session_rebuilder.h"
#include "store/sha256.h"

namespace signtrail {
namespace {

struct MergeStatements {
  SqliteStatement find;
  SqliteStatement insert;
  SqliteStatement fill_end;
  SqliteStatement amend;
  SqliteStatement conflict;
};

Result<MergeStatements> PrepareMergeStatements(SqliteDatabase& database) {
  Result<SqliteStatement> find = database.Prepare(R"sql(
      SELECT id, kind, time, end_time, end_kind, end_note, user_id, login_name, display_name,
             session_key, client_address, application, result_code, failure_reason, sign_in_type
      FROM events WHERE source = ?1 AND record_id = ?2)sql");
  if (!find.ok()) return find.status();

  Result<SqliteStatement> insert = database.Prepare(R"sql(
      INSERT INTO events (batch_id, source, record_id, kind, time, end_time, end_kind, end_note,
                          user_id, login_name, display_name, session_key, client_address,
                          application, result_code, failure_reason, location, sign_in_type,
                          raw_zstd, raw_sha256, raw_length, line, byte_offset)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
              ?19, ?20, ?21, ?22, ?23))sql");
  if (!insert.ok()) return insert.status();

  Result<SqliteStatement> fill_end = database.Prepare(R"sql(
      UPDATE events SET end_time = ?2, end_kind = ?3, end_note = ?4 WHERE id = ?1)sql");
  if (!fill_end.ok()) return fill_end.status();

  Result<SqliteStatement> amend = database.Prepare(R"sql(
      INSERT INTO event_amendments (event_id, batch_id, field, old_value, new_value)
      VALUES (?1, ?2, ?3, ?4, ?5))sql");
  if (!amend.ok()) return amend.status();

  Result<SqliteStatement> conflict = database.Prepare(R"sql(
      INSERT INTO conflicts (event_id, batch_id, field, stored_value, incoming_value,
                             incoming_raw_zstd, incoming_raw_sha256)
      VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7))sql");
  if (!conflict.ok()) return conflict.status();

  return MergeStatements{std::move(*find), std::move(*insert), std::move(*fill_end),
                         std::move(*amend), std::move(*conflict)};
}

// Merges a batch's events into the events table one by one, counting what
// happened to each and noting which derived sessions must be rebuilt.
class EventMerger {
 public:
  EventMerger(MergeStatements statements, const SignInBatch& batch, int64_t batch_id)
      : statements_(std::move(statements)), batch_(batch), batch_id_(batch_id) {}

  Status Merge(const SignInEvent& event) {
    NoteTimeAndType(event);

    Result<std::optional<StoredEvent>> stored = FindStored(event.record_id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) return Insert(event);

    const StoredEvent& existing = **stored;
    std::vector<FieldDifference> differences = CompareWithStored(existing, event);
    if (!differences.empty()) return RecordConflicts(existing, event, differences);
    if (!existing.end.has_value() && event.end.has_value()) return FillEnd(existing, event);

    ++report_.duplicate;
    return Status::Ok();
  }

  BatchReport& report() { return report_; }
  const TouchedSessions& touched() const { return touched_; }
  std::vector<std::string> sign_in_types() const {
    return std::vector<std::string>(sign_in_types_.begin(), sign_in_types_.end());
  }

 private:
  void NoteTimeAndType(const SignInEvent& event) {
    if (!report_.min_time.has_value() || event.time < *report_.min_time) {
      report_.min_time = event.time;
    }
    if (!report_.max_time.has_value() || event.time > *report_.max_time) {
      report_.max_time = event.time;
    }
    if (!event.sign_in_type.empty()) sign_in_types_.insert(event.sign_in_type);
  }

  Result<std::optional<StoredEvent>> FindStored(const std::string& record_id) {
    SqliteStatement& find = statements_.find;
    find.Bind(1, batch_.source).Bind(2, record_id);
    Result<bool> row = find.Step();
    if (!row.ok() || !*row) {
      find.Reset();
      if (!row.ok()) return row.status();
      return std::optional<StoredEvent>();
    }

    StoredEvent stored;
    stored.id = find.Int(0);
    stored.kind = find.Text(1);
    stored.time = Instant::FromMicros(find.Int(2));
    if (std::optional<int64_t> end = find.OptionalInt(3)) stored.end = Instant::FromMicros(*end);
    stored.end_kind = find.Text(4);
    stored.end_note = find.Text(5);
    stored.user_id = find.Text(6);
    stored.login_name = find.Text(7);
    stored.display_name = find.Text(8);
    stored.session_key = find.Text(9);
    stored.client_address = find.Text(10);
    stored.application = find.Text(11);
    stored.result_code = find.Text(12);
    stored.failure_reason = find.Text(13);
    stored.sign_in_type = find.Text(14);
    find.Reset();
    return std::optional<StoredEvent>(std::move(stored));
  }

  Status Insert(const SignInEvent& event) {
    Result<std::string> raw_zstd = CompressRaw(event.raw);
    if (!raw_zstd.ok()) return raw_zstd.status();
    Result<std::string> raw_sha256 = Sha256Hex(event.raw);
    if (!raw_sha256.ok()) return raw_sha256.status();

    SqliteStatement& insert = statements_.insert;
    insert.Bind(1, batch_id_)
        .Bind(2, batch_.source)
        .Bind(3, event.record_id)
        .Bind(4, EventKindName(event.kind))
        .Bind(5, event.time)
        .Bind(6, event.end)
        .Bind(7, EndKindName(event.end_kind))
        .Bind(8, event.end_note)
        .Bind(9, event.user_id)
        .Bind(10, event.login_name)
        .Bind(11, event.display_name)
        .Bind(12, event.session_key)
        .Bind(13, event.client_address)
        .Bind(14, event.application)
        .Bind(15, event.result_code)
        .Bind(16, event.failure_reason)
        .Bind(17, event.location)
        .Bind(18, event.sign_in_type)
        .BindBlob(19, *raw_zstd)
        .Bind(20, *raw_sha256)
        .Bind(21, static_cast<int64_t>(event.raw.size()))
        .Bind(22, event.line)
        .Bind(23, event.offset);
    Status inserted = insert.Run();
    if (!inserted.ok()) return inserted;

    ++report_.added;
    Touch(EventKindName(event.kind), event.session_key, event.record_id);
    return Status::Ok();
  }

  Status FillEnd(const StoredEvent& stored, const SignInEvent& event) {
    const std::string end_kind(EndKindName(event.end_kind));
    SqliteStatement& fill_end = statements_.fill_end;
    fill_end.Bind(1, stored.id).Bind(2, *event.end).Bind(3, end_kind).Bind(4, event.end_note);
    Status filled = fill_end.Run();
    if (!filled.ok()) return filled;

    filled = Amend(stored.id, "end_time", std::nullopt, FormatUtc(*event.end));
    if (filled.ok() && stored.end_kind != end_kind) {
      filled = Amend(stored.id, "end_kind", stored.end_kind, end_kind);
    }
    if (filled.ok() && stored.end_note != event.end_note) {
      filled = Amend(stored.id, "end_note", stored.end_note, event.end_note);
    }
    if (!filled.ok()) return filled;

    ++report_.updated;
    Touch(stored.kind, stored.session_key, event.record_id);
    return Status::Ok();
  }

  Status Amend(int64_t event_id, std::string_view field,
               const std::optional<std::string>& old_value, const std::string& new_value) {
    SqliteStatement& amend = statements_.amend;
    amend.Bind(1, event_id).Bind(2, batch_id_).Bind(3, field).Bind(5, new_value);
    if (old_value.has_value()) {
      amend.Bind(4, *old_value);
    } else {
      amend.BindNull(4);
    }
    return amend.Run();
  }

  // Keeps the stored event as it is and writes one conflicts row per
  // differing field, each with the incoming record's raw bytes, which are
  // the evidence of what the later export held. The copy counts as one
  // duplicate, and a blank end is not filled from it.
  Status RecordConflicts(const StoredEvent& stored, const SignInEvent& event,
                         const std::vector<FieldDifference>& differences) {
    Result<std::string> raw_zstd = CompressRaw(event.raw);
    if (!raw_zstd.ok()) return raw_zstd.status();
    Result<std::string> raw_sha256 = Sha256Hex(event.raw);
    if (!raw_sha256.ok()) return raw_sha256.status();

    for (const FieldDifference& difference : differences) {
      SqliteStatement& insert = statements_.conflict;
      insert.Bind(1, stored.id)
          .Bind(2, batch_id_)
          .Bind(3, difference.field)
          .Bind(4, difference.stored)
          .Bind(5, difference.incoming)
          .BindBlob(6, *raw_zstd)
          .Bind(7, *raw_sha256);
      Status inserted = insert.Run();
      if (!inserted.ok()) return inserted;
      report_.conflicts.push_back(
          {event.record_id, difference.field, difference.stored, difference.incoming});
    }

    ++report_.duplicate;
    return Status::Ok();
  }

  void Touch(std::string_view kind, const std::string& session_key, const std::string& record_id) {
    if (kind == EventKindName(EventKind::kSignIn) && !session_key.empty()) {
      touched_.session_keys.insert(session_key);
    } else if (kind == EventKindName(EventKind::kSignIn) ||
               kind == EventKindName(EventKind::kSession)) {
      touched_.record_ids.insert(record_id);
    }
  }

  MergeStatements statements_;
  const SignInBatch& batch_;
  int64_t batch_id_;
  BatchReport report_;
  TouchedSessions touched_;
  std::set<std::string> sign_in_types_;
};

// An importer must give every event a record id; an empty one would merge
// unrelated records.
Status CheckRecordIds(const SignInBatch& batch) {
  for (const SignInEvent& event : batch.import.events) {
    if (event.record_id.empty()) {
      return Status::Internal(fmt::format(
          "{}:{}: the {} importer produced an event without a record id; nothing was stored",
          batch.file_name, event.line, batch.format));
    }
  }
  return Status::Ok();
}

// A window has both ends and a start before its end, so coverage can rely on
// every stored window.
Status CheckWindow(const SignInBatch& batch) {
  const BatchCoverage& coverage = batch.coverage;
  if (coverage.window_start.has_value() != coverage.window_end.has_value()) {
    return Status::InvalidArgument(
        fmt::format("{}: the batch's window has a {} but no {}; give both ends or neither",
                    batch.file_name, coverage.window_start.has_value() ? "start" : "end",
                    coverage.window_start.has_value() ? "end" : "start"));
  }
  if (coverage.window_start.has_value() && *coverage.window_start >= *coverage.window_end) {
    return Status::InvalidArgument(fmt::format(
        "{}: the batch's window [{}, {}) is empty; give a start before the end", batch.file_name,
        FormatUtc(*coverage.window_start), FormatUtc(*coverage.window_end)));
  }
  return Status::Ok();
}

std::vector<std::string> BatchWarnings(const SignInBatch& batch,
                                       const std::optional<int64_t>& same_file_batch,
                                       int64_t added) {
  std::vector<std::string> warnings = batch.import.warnings;
  if (same_file_batch.has_value()) {
    warnings.push_back(
        added == 0 ? fmt::format("file already ingested as batch {} (same SHA-256); no events "
                                 "added",
                                 *same_file_batch)
                   : fmt::format("file already ingested as batch {} (same SHA-256); {} events "
                                 "added that the store did not hold",
                                 *same_file_batch, added));
  }
  return warnings;
}

}  // namespace

Result<BatchReport> WriteSignInBatch(SqliteDatabase& database, const SignInBatch& batch,
                                     Instant committed_at, const LedgerSigning& signing) {
  Status valid = CheckRecordIds(batch);
  if (valid.ok()) valid = CheckWindow(batch);
  if (!valid.ok()) return valid;

  Result<SqliteTransaction> transaction = SqliteTransaction::Begin(database);
  if (!transaction.ok()) return transaction.status();

  // Step 1: the batch row, after looking for an earlier batch of this file.
  Result<std::optional<int64_t>> same_file_batch =
      FindBatchOfSameFile(database, kSignInBatchKind, batch.source, batch.file_sha256);
  if (!same_file_batch.ok()) return same_file_batch.status();
  BatchHeader header;
  header.kind = kSignInBatchKind;
  header.source = batch.source;
  header.format = batch.format;
  header.file_name = batch.file_name;
  header.file_sha256 = batch.file_sha256;
  header.committed_at = committed_at;
  header.rows_read = batch.import.rows_read;
  Result<int64_t> batch_id = InsertBatchRow(database, header);
  if (!batch_id.ok()) return batch_id.status();

  // Step 2: the events and the rejects.
  Result<MergeStatements> statements = PrepareMergeStatements(database);
  if (!statements.ok()) return statements.status();
  EventMerger merger(std::move(*statements), batch, *batch_id);
  for (const SignInEvent& event : batch.import.events) {
    Status merged = merger.Merge(event);
    if (!merged.ok()) return merged;
  }
  Status stored = InsertRejects(database, *batch_id, batch.import.rejects);
  if (!stored.ok()) return stored;

  // Step 3: the derived sessions of the events that changed.
  stored = RebuildSessions(database, batch.source, merger.touched());
  if (!stored.ok()) return stored;

  // Step 4: the batch's totals and coverage.
  BatchReport report = std::move(merger.report());
  report.batch_id = *batch_id;
  report.rows_read = batch.import.rows_read;
  report.rejected = static_cast<int64_t>(batch.import.rejects.size());
  report.rejects = batch.import.rejects;
  report.warnings = BatchWarnings(batch, *same_file_batch, report.added);
  BatchTotals totals;
  totals.added = report.added;
  totals.duplicate = report.duplicate;
  totals.updated = report.updated;
  totals.rejected = report.rejected;
  totals.min_time = report.min_time;
  totals.max_time = report.max_time;
  totals.sign_in_types = merger.sign_in_types();
  totals.warnings = report.warnings;
  stored = UpdateBatchTotals(database, *batch_id, totals);
  if (!stored.ok()) return stored;
  stored = UpdateBatchCoverage(database, *batch_id, batch.coverage);
  if (!stored.ok()) return stored;

  // Step 5: the batch's ledger entries and the new signed checkpoint,
  // then commit.
  Result<StoredCheckpoint> checkpoint =
      AppendBatchToLedger(database, *batch_id, signing, committed_at);
  if (!checkpoint.ok()) return checkpoint.status();

  Status committed = transaction->Commit();
  if (!committed.ok()) return committed;
  return report;
}

}  // namespace signtrail
