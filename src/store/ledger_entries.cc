#include "store/ledger_entries.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "ledger/entry.h"
#include "model/instant.h"
#include "sources/timestamp.h"
#include "store/batch_rows.h"
#include "store/json_text.h"

namespace signtrail {
namespace {

using ledger::kDirectoryBatchEntryType;
using ledger::kDirectoryVersionEntryType;
using ledger::kEventAmendmentEntryType;
using ledger::kEventConflictEntryType;
using ledger::kEventEntryType;
using ledger::kHeartbeatEntryType;
using ledger::kSignInBatchEntryType;

std::optional<Instant> OptionalInstant(const SqliteStatement& row, int column) {
  std::optional<int64_t> micros = row.OptionalInt(column);
  if (!micros.has_value()) return std::nullopt;
  return Instant::FromMicros(*micros);
}

Status RowNotFound(const SqliteDatabase& database, std::string_view table, int64_t row_id) {
  return EntryRowNotFound(database, table, row_id);
}

// Steps a statement that selects one row by id. False when there is none;
// the caller resets the statement once it has read the row.
Result<bool> StepOne(SqliteStatement& statement, int64_t row_id) {
  statement.Bind(1, row_id);
  Result<bool> row = statement.Step();
  if (!row.ok() || !*row) statement.Reset();
  return row;
}

// The end of an event as the row stores it now, in the text form the
// event_amendments table uses.
struct EventEnd {
  std::optional<Instant> time;
  std::string kind;
  std::string note;
};

std::optional<std::string> EndFieldText(const EventEnd& end, std::string_view field) {
  if (field == "end_time") {
    if (!end.time.has_value()) return std::nullopt;
    return FormatUtc(*end.time);
  }
  if (field == "end_kind") return end.kind;
  if (field == "end_note") return end.note;
  return std::nullopt;
}

// Sets one end field back to an amendment's old value. False when the value
// cannot be restored (an unknown field or a time that does not parse).
bool RestoreEndField(EventEnd& end, std::string_view field,
                     const std::optional<std::string>& old_value) {
  if (field == "end_kind") {
    end.kind = old_value.value_or("");
    return true;
  }
  if (field == "end_note") {
    end.note = old_value.value_or("");
    return true;
  }
  if (field != "end_time") return false;
  if (!old_value.has_value()) {
    end.time = std::nullopt;
    return true;
  }
  Result<Instant> time = ParseTimestamp(*old_value, TimeRule{});
  if (!time.ok()) return false;
  end.time = *time;
  return true;
}

std::optional<std::string> OptionalText(const SqliteStatement& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Text(column);
}

}  // namespace

Status EntryRowNotFound(const SqliteDatabase& database, std::string_view table, int64_t row_id) {
  return Status::NotFound(
      fmt::format("{}: row {} of table {} not found", database.path(), row_id, table));
}

std::optional<std::string_view> EntryTableName(std::string_view entry_type) {
  if (entry_type == kEventEntryType) return "events";
  if (entry_type == kEventAmendmentEntryType) return "event_amendments";
  if (entry_type == kEventConflictEntryType) return "conflicts";
  if (entry_type == kSignInBatchEntryType || entry_type == kDirectoryBatchEntryType) {
    return "batches";
  }
  if (entry_type == kDirectoryVersionEntryType) return "directory_versions";
  if (entry_type == kHeartbeatEntryType) return "heartbeats";
  return std::nullopt;
}

struct EntryDeriver::Statements {
  SqliteDatabase* database;
  SqliteStatement event;
  SqliteStatement event_amendments;  // of one event, newest first
  SqliteStatement amendment;
  SqliteStatement conflict;
  SqliteStatement batch;
  SqliteStatement rejects;
  SqliteStatement directory_version;
  SqliteStatement heartbeat;
  SqliteStatement heartbeat_sources;

  Result<std::string> Event(int64_t row_id);
  Result<std::string> EventFromRow(const SqliteStatement& row, int64_t row_id, bool has_amendments);
  Status UndoAmendments(int64_t event_id, EventEnd& end);
  Result<std::string> Amendment(int64_t row_id);
  Result<std::string> Conflict(int64_t row_id);
  Result<std::string> Batch(int64_t row_id);
  Result<std::string> RejectsDigest(int64_t batch_id);
  Result<std::string> DirectoryVersion(int64_t row_id);
  Result<std::string> Heartbeat(int64_t row_id);
};

Result<EntryDeriver> EntryDeriver::Prepare(SqliteDatabase& database) {
  Result<SqliteStatement> event =
      database.Prepare(fmt::format("SELECT {} FROM events WHERE id = ?1", kEventEntryColumns));
  if (!event.ok()) return event.status();

  Result<SqliteStatement> event_amendments = database.Prepare(R"sql(
      SELECT field, old_value, new_value FROM event_amendments
      WHERE event_id = ?1 ORDER BY id DESC)sql");
  if (!event_amendments.ok()) return event_amendments.status();

  // LEFT JOIN so that a missing event reads as a NULL source, not as a
  // missing amendment.
  Result<SqliteStatement> amendment = database.Prepare(R"sql(
      SELECT a.batch_id, e.id, e.source, e.record_id, a.field, a.old_value, a.new_value,
             a.event_id
      FROM event_amendments a LEFT JOIN events e ON e.id = a.event_id WHERE a.id = ?1)sql");
  if (!amendment.ok()) return amendment.status();

  Result<SqliteStatement> conflict = database.Prepare(R"sql(
      SELECT c.batch_id, e.id, e.source, e.record_id, c.field, c.stored_value, c.incoming_value,
             c.event_id, c.incoming_raw_sha256
      FROM conflicts c LEFT JOIN events e ON e.id = c.event_id WHERE c.id = ?1)sql");
  if (!conflict.ok()) return conflict.status();

  Result<SqliteStatement> batch = database.Prepare(R"sql(
      SELECT kind, source, format, file_name, file_sha256, committed_at, effective_time,
             rows_read, added, duplicate, updated, rejected, min_time, max_time, sign_in_types,
             warnings, window_start, window_end, window_basis, row_cap_reached, doubtful_reasons
      FROM batches WHERE id = ?1)sql");
  if (!batch.ok()) return batch.status();

  Result<SqliteStatement> rejects = database.Prepare(R"sql(
      SELECT line, byte_offset, reason, raw FROM rejects WHERE batch_id = ?1 ORDER BY id)sql");
  if (!rejects.ok()) return rejects.status();

  Result<SqliteStatement> directory_version = database.Prepare(R"sql(
      SELECT batch_id, source, format, account_id, object_id, login, display_name, email,
             enabled, provider, user_type, effective_from, raw_sha256, raw_length, line,
             byte_offset
      FROM directory_versions WHERE id = ?1)sql");
  if (!directory_version.ok()) return directory_version.status();

  Result<SqliteStatement> heartbeat =
      database.Prepare("SELECT time, last_batch_id FROM heartbeats WHERE id = ?1");
  if (!heartbeat.ok()) return heartbeat.status();

  Result<SqliteStatement> heartbeat_sources = database.Prepare(R"sql(
      SELECT source, coverage_end FROM heartbeat_sources
      WHERE heartbeat_id = ?1 ORDER BY source)sql");
  if (!heartbeat_sources.ok()) return heartbeat_sources.status();

  return EntryDeriver(std::make_unique<Statements>(Statements{
      &database, std::move(*event), std::move(*event_amendments), std::move(*amendment),
      std::move(*conflict), std::move(*batch), std::move(*rejects), std::move(*directory_version),
      std::move(*heartbeat), std::move(*heartbeat_sources)}));
}

EntryDeriver::EntryDeriver(std::unique_ptr<Statements> statements)
    : statements_(std::move(statements)) {}
EntryDeriver::EntryDeriver(EntryDeriver&&) noexcept = default;
EntryDeriver& EntryDeriver::operator=(EntryDeriver&&) noexcept = default;
EntryDeriver::~EntryDeriver() = default;

Result<std::string> EntryDeriver::DeriveEvent(const SqliteStatement& row, int64_t row_id,
                                              bool has_amendments) {
  return statements_->EventFromRow(row, row_id, has_amendments);
}

Result<std::string> EntryDeriver::Derive(std::string_view entry_type, int64_t row_id) {
  if (entry_type == kEventEntryType) return statements_->Event(row_id);
  if (entry_type == kEventAmendmentEntryType) return statements_->Amendment(row_id);
  if (entry_type == kEventConflictEntryType) return statements_->Conflict(row_id);
  if (entry_type == kSignInBatchEntryType || entry_type == kDirectoryBatchEntryType) {
    return statements_->Batch(row_id);
  }
  if (entry_type == kDirectoryVersionEntryType) return statements_->DirectoryVersion(row_id);
  if (entry_type == kHeartbeatEntryType) return statements_->Heartbeat(row_id);
  return Status::InvalidInput(fmt::format(
      "{}: unknown ledger entry type '{}' (row {}); known types are event, event-amendment, "
      "event-conflict, sign-in-batch, directory-version, directory-batch and heartbeat",
      statements_->database->path(), entry_type, row_id));
}

Result<std::string> EntryDeriver::Statements::Event(int64_t row_id) {
  Result<bool> found = StepOne(event, row_id);
  if (!found.ok()) return found.status();
  if (!*found) return RowNotFound(*database, "events", row_id);
  Result<std::string> entry = EventFromRow(event, row_id, /*has_amendments=*/true);
  event.Reset();
  return entry;
}

Result<std::string> EntryDeriver::Statements::EventFromRow(const SqliteStatement& row,
                                                           int64_t row_id, bool has_amendments) {
  ledger::EventEntry entry;
  entry.batch = row.Int(0);
  entry.source = row.TextView(1);
  entry.record_id = row.TextView(2);
  entry.kind = row.TextView(3);
  entry.time = Instant::FromMicros(row.Int(4));
  EventEnd end{OptionalInstant(row, 5), row.Text(6), row.Text(7)};
  entry.user_id = row.TextView(8);
  entry.login_name = row.TextView(9);
  entry.display_name = row.TextView(10);
  entry.session_key = row.TextView(11);
  entry.client_address = row.TextView(12);
  entry.application = row.TextView(13);
  entry.result_code = row.TextView(14);
  entry.failure_reason = row.TextView(15);
  entry.location = row.TextView(16);
  entry.sign_in_type = row.TextView(17);
  entry.raw_sha256 = row.TextView(18);
  entry.raw_length = row.Int(19);
  entry.line = row.Int(20);
  entry.offset = row.Int(21);

  if (has_amendments) {
    Status undone = UndoAmendments(row_id, end);
    if (!undone.ok()) return undone;
  }
  entry.end_time = end.time;
  entry.end_kind = std::move(end.kind);
  entry.end_note = std::move(end.note);
  return ledger::EncodeEntry(entry);
}

// Restores the end an event was committed with. Amendments are undone newest
// first, and only while the row still contains each amendment's new value.
// A row changed behind the store's back keeps its changed value, so its
// entry no longer matches its leaf.
Status EntryDeriver::Statements::UndoAmendments(int64_t event_id, EventEnd& end) {
  event_amendments.Bind(1, event_id);
  while (true) {
    Result<bool> row = event_amendments.Step();
    if (!row.ok()) {
      event_amendments.Reset();
      return row.status();
    }
    if (!*row) break;

    const std::string field = event_amendments.Text(0);
    const std::optional<std::string> old_value = OptionalText(event_amendments, 1);
    const std::optional<std::string> new_value = OptionalText(event_amendments, 2);
    if (EndFieldText(end, field) != new_value) break;
    if (!RestoreEndField(end, field, old_value)) break;
  }
  event_amendments.Reset();
  return Status::Ok();
}

Result<std::string> EntryDeriver::Statements::Amendment(int64_t row_id) {
  Result<bool> found = StepOne(amendment, row_id);
  if (!found.ok()) return found.status();
  if (!*found) return RowNotFound(*database, "event_amendments", row_id);
  if (amendment.IsNull(1)) {
    const int64_t event_id = amendment.Int(7);
    amendment.Reset();
    return Status::NotFound(
        fmt::format("{}: row {} of table event_amendments refers to event {}, "
                    "which is not in table events",
                    database->path(), row_id, event_id));
  }

  ledger::EventAmendmentEntry entry;
  entry.batch = amendment.Int(0);
  entry.source = amendment.Text(2);
  entry.record_id = amendment.Text(3);
  entry.field = amendment.Text(4);
  entry.old_value = amendment.Text(5);
  entry.new_value = amendment.Text(6);
  amendment.Reset();
  return ledger::EncodeEntry(entry);
}

Result<std::string> EntryDeriver::Statements::Conflict(int64_t row_id) {
  Result<bool> found = StepOne(conflict, row_id);
  if (!found.ok()) return found.status();
  if (!*found) return RowNotFound(*database, "conflicts", row_id);
  if (conflict.IsNull(1)) {
    const int64_t event_id = conflict.Int(7);
    conflict.Reset();
    return Status::NotFound(fmt::format(
        "{}: row {} of table conflicts refers to event {}, which is not in table events",
        database->path(), row_id, event_id));
  }

  ledger::EventConflictEntry entry;
  entry.batch = conflict.Int(0);
  entry.source = conflict.Text(2);
  entry.record_id = conflict.Text(3);
  entry.field = conflict.Text(4);
  entry.stored_value = conflict.Text(5);
  entry.incoming_value = conflict.Text(6);
  entry.incoming_raw_sha256 = conflict.Text(8);
  conflict.Reset();
  return ledger::EncodeEntry(entry);
}

// Encodes the batch by its kind column, whatever type the leaf names, so a
// changed kind gives a changed entry.
Result<std::string> EntryDeriver::Statements::Batch(int64_t row_id) {
  Result<bool> found = StepOne(batch, row_id);
  if (!found.ok()) return found.status();
  if (!*found) return RowNotFound(*database, "batches", row_id);

  const std::string kind = batch.Text(0);
  const std::string source = batch.Text(1);
  const std::string format = batch.Text(2);
  const std::string file_name = batch.Text(3);
  const std::string file_sha256 = batch.Text(4);
  const Instant committed_at = Instant::FromMicros(batch.Int(5));
  const Instant effective_time = Instant::FromMicros(batch.Int(6));
  const int64_t rows_read = batch.Int(7);
  const int64_t added = batch.Int(8);
  const int64_t duplicate = batch.Int(9);
  const int64_t updated = batch.Int(10);
  const int64_t rejected = batch.Int(11);
  const std::optional<Instant> min_time = OptionalInstant(batch, 12);
  const std::optional<Instant> max_time = OptionalInstant(batch, 13);
  const std::string sign_in_types_json = batch.Text(14);
  const std::string warnings_json = batch.Text(15);
  const std::optional<Instant> window_start = OptionalInstant(batch, 16);
  const std::optional<Instant> window_end = OptionalInstant(batch, 17);
  const std::string window_basis = batch.IsNull(18) ? std::string() : batch.Text(18);
  const bool row_cap_reached = batch.Int(19) != 0;
  const std::string doubtful_reasons_json = batch.Text(20);
  batch.Reset();

  Result<std::vector<std::string>> warnings = ParseJsonStringArray(warnings_json, "warnings");
  if (!warnings.ok()) return warnings.status();
  Result<std::string> rejects_sha256 = RejectsDigest(row_id);
  if (!rejects_sha256.ok()) return rejects_sha256.status();

  if (kind == kDirectoryBatchKind) {
    ledger::DirectoryBatchEntry entry;
    entry.batch = row_id;
    entry.source = source;
    entry.format = format;
    entry.file_name = file_name;
    entry.file_sha256 = file_sha256;
    entry.effective_time = effective_time;
    entry.committed_at = committed_at;
    entry.rows_read = rows_read;
    entry.added = added;
    entry.changed = updated;
    entry.unchanged = duplicate;
    entry.rejected = rejected;
    entry.rejects_sha256 = std::move(*rejects_sha256);
    entry.warnings = std::move(*warnings);
    return ledger::EncodeEntry(entry);
  }

  Result<std::vector<std::string>> sign_in_types =
      ParseJsonStringArray(sign_in_types_json, "sign_in_types");
  if (!sign_in_types.ok()) return sign_in_types.status();
  Result<std::vector<std::string>> doubtful_reasons =
      ParseJsonStringArray(doubtful_reasons_json, "doubtful_reasons");
  if (!doubtful_reasons.ok()) return doubtful_reasons.status();
  ledger::SignInBatchEntry entry;
  entry.batch = row_id;
  entry.source = source;
  entry.format = format;
  entry.file_name = file_name;
  entry.file_sha256 = file_sha256;
  entry.committed_at = committed_at;
  entry.rows_read = rows_read;
  entry.added = added;
  entry.duplicate = duplicate;
  entry.updated = updated;
  entry.rejected = rejected;
  entry.min_time = min_time;
  entry.max_time = max_time;
  entry.window_start = window_start;
  entry.window_end = window_end;
  entry.window_basis = window_basis;
  entry.row_cap_reached = row_cap_reached;
  entry.sign_in_types = std::move(*sign_in_types);
  entry.rejects_sha256 = std::move(*rejects_sha256);
  entry.doubtful_reasons = std::move(*doubtful_reasons);
  entry.warnings = std::move(*warnings);
  return ledger::EncodeEntry(entry);
}

Result<std::string> EntryDeriver::Statements::RejectsDigest(int64_t batch_id) {
  struct StoredReject {
    int64_t line;
    int64_t offset;
    std::string reason;
    std::string raw;
  };
  std::vector<StoredReject> stored;
  rejects.Bind(1, batch_id);
  while (true) {
    Result<bool> row = rejects.Step();
    if (!row.ok()) {
      rejects.Reset();
      return row.status();
    }
    if (!*row) break;
    stored.push_back({rejects.Int(0), rejects.Int(1), rejects.Text(2), rejects.Blob(3)});
  }
  rejects.Reset();

  std::vector<ledger::RejectDigestInput> inputs;
  inputs.reserve(stored.size());
  for (const StoredReject& reject : stored) {
    inputs.push_back({reject.line, reject.offset, reject.reason, reject.raw});
  }
  return ledger::RejectsDigest(inputs);
}

Result<std::string> EntryDeriver::Statements::DirectoryVersion(int64_t row_id) {
  Result<bool> found = StepOne(directory_version, row_id);
  if (!found.ok()) return found.status();
  if (!*found) return RowNotFound(*database, "directory_versions", row_id);

  ledger::DirectoryVersionEntry entry;
  entry.batch = directory_version.Int(0);
  entry.source = directory_version.Text(1);
  entry.format = directory_version.Text(2);
  entry.account_id = directory_version.Text(3);
  entry.object_id = directory_version.Text(4);
  entry.login = directory_version.Text(5);
  entry.display_name = directory_version.Text(6);
  entry.email = directory_version.Text(7);
  if (std::optional<int64_t> enabled = directory_version.OptionalInt(8)) {
    entry.enabled = *enabled != 0;
  }
  entry.provider = directory_version.Text(9);
  entry.user_type = directory_version.Text(10);
  entry.effective_from = Instant::FromMicros(directory_version.Int(11));
  entry.raw_sha256 = directory_version.Text(12);
  entry.raw_length = directory_version.Int(13);
  entry.line = directory_version.Int(14);
  entry.offset = directory_version.Int(15);
  directory_version.Reset();
  return ledger::EncodeEntry(entry);
}

Result<std::string> EntryDeriver::Statements::Heartbeat(int64_t row_id) {
  Result<bool> found = StepOne(heartbeat, row_id);
  if (!found.ok()) return found.status();
  if (!*found) return RowNotFound(*database, "heartbeats", row_id);

  ledger::HeartbeatEntry entry;
  entry.heartbeat = row_id;
  entry.time = Instant::FromMicros(heartbeat.Int(0));
  entry.last_batch = heartbeat.Int(1);
  heartbeat.Reset();

  heartbeat_sources.Bind(1, row_id);
  while (true) {
    Result<bool> row = heartbeat_sources.Step();
    if (!row.ok()) {
      heartbeat_sources.Reset();
      return row.status();
    }
    if (!*row) break;
    entry.sources.push_back({heartbeat_sources.Text(0), OptionalInstant(heartbeat_sources, 1)});
  }
  heartbeat_sources.Reset();
  return ledger::EncodeEntry(entry);
}

Result<std::string> DeriveEntry(SqliteDatabase& database, const LeafRow& leaf) {
  Result<EntryDeriver> deriver = EntryDeriver::Prepare(database);
  if (!deriver.ok()) return deriver.status();
  return deriver->Derive(leaf.entry_type, leaf.row_id);
}

Status ScanLeaves(SqliteDatabase& database, const std::function<Status(const LeafRow&)>& visit) {
  Result<SqliteStatement> select =
      database.Prepare("SELECT idx, entry_type, row_id, leaf_hash FROM ledger_leaves ORDER BY idx");
  if (!select.ok()) return select.status();

  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();

    LeafRow leaf;
    leaf.index = static_cast<uint64_t>(select->Int(0));
    leaf.entry_type = select->Text(1);
    leaf.row_id = select->Int(2);
    const std::string hash = select->Blob(3);
    if (hash.size() != leaf.leaf_hash.size()) {
      return Status::StoreError(fmt::format(
          "{}: ledger_leaves row {}: leaf_hash is {} bytes, expected {}; the store is damaged",
          database.path(), leaf.index, hash.size(), leaf.leaf_hash.size()));
    }
    std::copy(hash.begin(), hash.end(), leaf.leaf_hash.begin());
    Status visited = visit(leaf);
    if (!visited.ok()) return visited;
  }
}

namespace {

// Visits the ids a one-parameter query returns, as rows of `entry_type`.
Status VisitRowIds(SqliteDatabase& database, std::string_view sql, int64_t parameter,
                   std::string_view entry_type,
                   const std::function<Status(const EntryRow&)>& visit) {
  Result<SqliteStatement> select = database.Prepare(sql);
  if (!select.ok()) return select.status();
  select->Bind(1, parameter);
  EntryRow entry_row{std::string(entry_type), 0};
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    entry_row.row_id = select->Int(0);
    Status visited = visit(entry_row);
    if (!visited.ok()) return visited;
  }
}

}  // namespace

Status ScanBatchEntryRows(SqliteDatabase& database, int64_t batch_id,
                          const std::function<Status(const EntryRow&)>& visit,
                          BatchEntryRows which) {
  Result<SqliteStatement> select_kind = database.Prepare("SELECT kind FROM batches WHERE id = ?1");
  if (!select_kind.ok()) return select_kind.status();
  Result<bool> found = StepOne(*select_kind, batch_id);
  if (!found.ok()) return found.status();
  if (!*found) return RowNotFound(database, "batches", batch_id);
  const std::string kind = select_kind->Text(0);
  select_kind->Reset();

  Status listed;
  if (kind == kDirectoryBatchKind) {
    listed =
        VisitRowIds(database, "SELECT id FROM directory_versions WHERE batch_id = ?1 ORDER BY id",
                    batch_id, kDirectoryVersionEntryType, visit);
    if (!listed.ok()) return listed;
    return visit(EntryRow{std::string(kDirectoryBatchEntryType), batch_id});
  }

  if (which == BatchEntryRows::kAll) {
    listed = VisitRowIds(database, "SELECT id FROM events WHERE batch_id = ?1 ORDER BY id",
                         batch_id, kEventEntryType, visit);
  }
  if (listed.ok()) {
    listed =
        VisitRowIds(database, "SELECT id FROM event_amendments WHERE batch_id = ?1 ORDER BY id",
                    batch_id, kEventAmendmentEntryType, visit);
  }
  if (listed.ok()) {
    listed = VisitRowIds(database, "SELECT id FROM conflicts WHERE batch_id = ?1 ORDER BY id",
                         batch_id, kEventConflictEntryType, visit);
  }
  if (!listed.ok()) return listed;
  return visit(EntryRow{std::string(kSignInBatchEntryType), batch_id});
}

Result<std::vector<EntryRow>> ListBatchEntryRows(SqliteDatabase& database, int64_t batch_id) {
  std::vector<EntryRow> rows;
  Status listed = ScanBatchEntryRows(database, batch_id, [&rows](const EntryRow& row) {
    rows.push_back(row);
    return Status::Ok();
  });
  if (!listed.ok()) return listed;
  return rows;
}

Status ScanEntryRows(SqliteDatabase& database,
                     const std::function<Status(const EntryRow&)>& visit) {
  std::vector<int64_t> batch_ids;
  Result<SqliteStatement> select = database.Prepare("SELECT id FROM batches ORDER BY id");
  if (!select.ok()) return select.status();
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    batch_ids.push_back(select->Int(0));
  }

  // A heartbeat follows the batch it names as its last one, so it is
  // visited before the first batch with a higher id.
  struct HeartbeatRow {
    int64_t id;
    int64_t last_batch_id;
  };
  std::vector<HeartbeatRow> heartbeats;
  select = database.Prepare("SELECT id, last_batch_id FROM heartbeats ORDER BY id");
  if (!select.ok()) return select.status();
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    heartbeats.push_back({select->Int(0), select->Int(1)});
  }

  size_t next_heartbeat = 0;
  auto visit_heartbeats_before = [&](std::optional<int64_t> batch_id) -> Status {
    while (next_heartbeat < heartbeats.size() &&
           (!batch_id.has_value() || heartbeats[next_heartbeat].last_batch_id < *batch_id)) {
      Status visited =
          visit(EntryRow{std::string(kHeartbeatEntryType), heartbeats[next_heartbeat].id});
      if (!visited.ok()) return visited;
      ++next_heartbeat;
    }
    return Status::Ok();
  };

  for (int64_t batch_id : batch_ids) {
    Status visited = visit_heartbeats_before(batch_id);
    if (!visited.ok()) return visited;
    visited = ScanBatchEntryRows(database, batch_id, visit);
    if (!visited.ok()) return visited;
  }
  return visit_heartbeats_before(std::nullopt);
}

Status ScanUncoveredRows(SqliteDatabase& database,
                         const std::function<Status(const EntryRow&)>& visit,
                         UncoveredRowTables tables) {
  // One query per table; the batches query names the entry type per row.
  struct TableQuery {
    std::string_view entry_type;  // empty: the query's second column names it
    const char* sql;
  };
  static constexpr TableQuery kQueries[] = {
      {kEventEntryType, R"sql(
          SELECT id FROM events t WHERE NOT EXISTS (
            SELECT 1 FROM ledger_leaves l WHERE l.entry_type = 'event' AND l.row_id = t.id)
          ORDER BY id)sql"},
      {kEventAmendmentEntryType, R"sql(
          SELECT id FROM event_amendments t WHERE NOT EXISTS (
            SELECT 1 FROM ledger_leaves l
            WHERE l.entry_type = 'event-amendment' AND l.row_id = t.id)
          ORDER BY id)sql"},
      {kEventConflictEntryType, R"sql(
          SELECT id FROM conflicts t WHERE NOT EXISTS (
            SELECT 1 FROM ledger_leaves l
            WHERE l.entry_type = 'event-conflict' AND l.row_id = t.id)
          ORDER BY id)sql"},
      {"", R"sql(
          SELECT id, CASE kind WHEN 'directory' THEN 'directory-batch' ELSE 'sign-in-batch' END
          FROM batches t WHERE NOT EXISTS (
            SELECT 1 FROM ledger_leaves l
            WHERE l.entry_type IN ('sign-in-batch', 'directory-batch') AND l.row_id = t.id)
          ORDER BY id)sql"},
      {kDirectoryVersionEntryType, R"sql(
          SELECT id FROM directory_versions t WHERE NOT EXISTS (
            SELECT 1 FROM ledger_leaves l
            WHERE l.entry_type = 'directory-version' AND l.row_id = t.id)
          ORDER BY id)sql"},
      {kHeartbeatEntryType, R"sql(
          SELECT id FROM heartbeats t WHERE NOT EXISTS (
            SELECT 1 FROM ledger_leaves l WHERE l.entry_type = 'heartbeat' AND l.row_id = t.id)
          ORDER BY id)sql"},
  };

  for (const TableQuery& query : kQueries) {
    if (tables == UncoveredRowTables::kAllButEvents && query.entry_type == kEventEntryType) {
      continue;
    }
    Result<SqliteStatement> select = database.Prepare(query.sql);
    if (!select.ok()) return select.status();
    while (true) {
      Result<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      EntryRow entry_row;
      entry_row.row_id = select->Int(0);
      entry_row.entry_type =
          query.entry_type.empty() ? select->Text(1) : std::string(query.entry_type);
      Status visited = visit(entry_row);
      if (!visited.ok()) return visited;
    }
  }
  return Status::Ok();
}

}  // namespace signtrail
