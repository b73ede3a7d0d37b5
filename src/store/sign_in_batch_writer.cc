#include "store/sign_in_batch_writer.h"

#include <fmt/format.h>

#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/batch_rows.h"
#include "store/event_comparison.h"
#include "ledger/entry.h"
#include "store/ledger_appender.h"
#include "store/ledger_entries.h"
#include "store/long_session_index.h"
#include "store/raw_compression.h"
#include "store/raw_dictionary_store.h"
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
  EventMerger(SqliteDatabase& database, MergeStatements statements, std::string source,
              int64_t batch_id, LedgerAppender& ledger)
      : database_(database),
        statements_(std::move(statements)),
        source_(std::move(source)),
        batch_id_(batch_id),
        ledger_(ledger) {}

  // Merges one event; `raw` is its prepared raw record, or nullptr to
  // prepare it here when needed.
  Status Merge(const SignInEvent& event, const StoredRaw* raw) {
    NoteTimeAndType(event);

    Result<std::optional<StoredEvent>> stored = FindStored(event.record_id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) return Insert(event, raw);

    const StoredEvent& existing = **stored;
    std::vector<FieldDifference> differences = CompareWithStored(existing, event);
    if (!differences.empty()) return RecordConflicts(existing, event, raw, differences);
    if (!existing.end.has_value() && event.end.has_value()) return FillEnd(existing, event);

    ++report_.duplicate;
    return Status::Ok();
  }

  BatchReport& report() { return report_; }

  // The dictionary that raw records prepared here are compressed with;
  // nullptr for plain frames. It must outlive the merger.
  void set_raw_dictionary(const RawDictionary* dictionary) { raw_dictionary_ = dictionary; }

  // The events inserted since the last call; they live as long as the part
  // they came from.
  std::vector<const SignInEvent*> TakeAdded() { return std::exchange(added_, {}); }
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
    find.Bind(1, source_).Bind(2, record_id);
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

  Status Insert(const SignInEvent& event, const StoredRaw* raw) {
    Result<StoredRaw> prepared = Prepared(event, raw);
    if (!prepared.ok()) return prepared.status();

    SqliteStatement& insert = statements_.insert;
    insert.Bind(1, batch_id_)
        .Bind(2, source_)
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
        .BindBlob(19, prepared->zstd)
        .Bind(20, prepared->sha256)
        .Bind(21, static_cast<int64_t>(event.raw.size()))
        .Bind(22, event.line)
        .Bind(23, event.offset);
    Status inserted = insert.Run();
    if (inserted.ok()) inserted = AppendEventEntry(event, *prepared, database_.LastInsertId());
    if (!inserted.ok()) return inserted;
    added_.push_back(&event);

    ++report_.added;
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
                         const StoredRaw* raw, const std::vector<FieldDifference>& differences) {
    Result<StoredRaw> prepared = Prepared(event, raw);
    if (!prepared.ok()) return prepared.status();

    for (const FieldDifference& difference : differences) {
      SqliteStatement& insert = statements_.conflict;
      insert.Bind(1, stored.id)
          .Bind(2, batch_id_)
          .Bind(3, difference.field)
          .Bind(4, difference.stored)
          .Bind(5, difference.incoming)
          .BindBlob(6, prepared->zstd)
          .Bind(7, prepared->sha256);
      Status inserted = insert.Run();
      if (!inserted.ok()) return inserted;
      report_.conflicts.push_back(
          {event.record_id, difference.field, difference.stored, difference.incoming});
    }

    ++report_.duplicate;
    return Status::Ok();
  }

  // Appends the ledger entry of an event just inserted as row `event_id`,
  // encoded from the values bound to the row, which is what the verifier
  // derives from it. An entry records the event as committed, before any
  // amendment.
  Status AppendEventEntry(const SignInEvent& event, const StoredRaw& raw, int64_t event_id) {
    ledger::EventEntry entry;
    entry.batch = batch_id_;
    entry.source = source_;
    entry.record_id = event.record_id;
    entry.kind = EventKindName(event.kind);
    entry.time = event.time;
    entry.end_time = event.end;
    entry.end_kind = EndKindName(event.end_kind);
    entry.end_note = event.end_note;
    entry.user_id = event.user_id;
    entry.login_name = event.login_name;
    entry.display_name = event.display_name;
    entry.session_key = event.session_key;
    entry.client_address = event.client_address;
    entry.application = event.application;
    entry.result_code = event.result_code;
    entry.failure_reason = event.failure_reason;
    entry.location = event.location;
    entry.sign_in_type = event.sign_in_type;
    entry.raw_sha256 = raw.sha256;
    entry.raw_length = static_cast<int64_t>(event.raw.size());
    entry.line = event.line;
    entry.offset = event.offset;
    Result<std::string> bytes = ledger::EncodeEntry(entry);
    if (!bytes.ok()) return bytes.status();
    return ledger_.Append(EntryRow{std::string(ledger::kEventEntryType), event_id}, *bytes);
  }

  // The event's raw record as stored: the prepared one, or made here.
  Result<StoredRaw> Prepared(const SignInEvent& event, const StoredRaw* raw) const {
    if (raw != nullptr) return *raw;
    Result<std::string> zstd = CompressRaw(event.raw, raw_dictionary_);
    if (!zstd.ok()) return zstd.status();
    Result<std::string> sha256 = Sha256Hex(event.raw);
    if (!sha256.ok()) return sha256.status();
    return StoredRaw{std::move(*zstd), std::move(*sha256)};
  }


  SqliteDatabase& database_;
  MergeStatements statements_;
  std::string source_;
  int64_t batch_id_;
  LedgerAppender& ledger_;
  const RawDictionary* raw_dictionary_ = nullptr;
  std::vector<const SignInEvent*> added_;
  BatchReport report_;
  std::set<std::string> sign_in_types_;
};

// An importer must give every event a record id; an empty one would merge
// unrelated records.
Status CheckRecordIds(const SignInBatchStart& start, const std::vector<SignInEvent>& events) {
  for (const SignInEvent& event : events) {
    if (event.record_id.empty()) {
      return Status::Internal(fmt::format(
          "{}:{}: the {} importer produced an event without a record id; nothing was stored",
          start.file_name, event.line, start.format));
    }
  }
  return Status::Ok();
}

// A window has both ends and a start before its end, so coverage can rely on
// every stored window.
Status CheckWindow(std::string_view file_name, const BatchCoverage& coverage) {
  if (coverage.window_start.has_value() != coverage.window_end.has_value()) {
    return Status::InvalidArgument(
        fmt::format("{}: the batch's window has a {} but no {}; give both ends or neither",
                    file_name, coverage.window_start.has_value() ? "start" : "end",
                    coverage.window_start.has_value() ? "end" : "start"));
  }
  if (coverage.window_start.has_value() && *coverage.window_start >= *coverage.window_end) {
    return Status::InvalidArgument(fmt::format(
        "{}: the batch's window [{}, {}) is empty; give a start before the end", file_name,
        FormatUtc(*coverage.window_start), FormatUtc(*coverage.window_end)));
  }
  return Status::Ok();
}

std::vector<std::string> BatchWarnings(std::vector<std::string> warnings,
                                       const std::optional<int64_t>& same_file_batch,
                                       int64_t added) {
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

// The raw-record dictionary plan of a batch of `format`, inside the batch's
// transaction: the store's dictionary for the format, or else the id a new
// one gets. Creates the raw_dictionaries table in a store made without it.
Result<RawDictionaryPlan> PlanRawDictionary(SqliteDatabase& database, std::string_view format) {
  Status created = CreateRawDictionaryTable(database);
  if (!created.ok()) return created;
  RawDictionaryPlan plan;
  Result<std::shared_ptr<const RawDictionary>> dictionary =
      FindFormatRawDictionary(database, format);
  if (!dictionary.ok()) return dictionary.status();
  plan.dictionary = std::move(*dictionary);
  if (plan.dictionary != nullptr) return plan;

  Result<uint32_t> next_id = NextRawDictionaryId(database);
  if (!next_id.ok()) return next_id.status();
  plan.may_train = true;
  plan.next_id = *next_id;
  return plan;
}

// The SQLite sign-in batch stream: the batches row at the start, each part's
// events, rejects and touched sessions as it arrives, and the totals,
// coverage, ledger entries and checkpoint at the commit.
class SqliteSignInBatchStream final : public SignInBatchStream {
 public:
  SqliteSignInBatchStream(SqliteDatabase& database, SignInBatchStart start,
                          SqliteTransaction transaction, int64_t batch_id,
                          MergeStatements statements, std::unique_ptr<LedgerAppender> ledger,
                          RawDictionaryPlan plan, Instant committed_at,
                          const LedgerSigning& signing)
      : database_(database),
        start_(std::move(start)),
        transaction_(std::move(transaction)),
        batch_id_(batch_id),
        plan_(std::move(plan)),
        ledger_(std::move(ledger)),
        merger_(database, std::move(statements), start_.source, batch_id, *ledger_),
        committed_at_(committed_at),
        signing_(signing) {}

  Status Add(SignInBatchPart part) override {
    const ImportOutput& import = part.import;
    Status stored = CheckRecordIds(start_, import.events);
    if (stored.ok() && !part.raws.empty() && part.raws.size() != import.events.size()) {
      stored = Status::Internal(fmt::format("{}: {} prepared raw records for {} events",
                                            start_.file_name, part.raws.size(),
                                            import.events.size()));
    }
    if (stored.ok() && !first_part_added_) stored = SetUpRawDictionary(part);
    for (size_t i = 0; stored.ok() && i < import.events.size(); ++i) {
      stored = merger_.Merge(import.events[i], part.raws.empty() ? nullptr : &part.raws[i]);
    }
    if (stored.ok()) stored = InsertRejects(database_, batch_id_, import.rejects);
    // The sessions of the part's new events; those of amended events are
    // rebuilt at the commit.
    if (stored.ok()) {
      const std::vector<const SignInEvent*> added = merger_.TakeAdded();
      stored = MergeNewGroupedSignIns(database_, start_.source, start_.format, added);
      if (stored.ok()) {
        stored = InsertNewSingleSessions(database_, start_.source, start_.format, added);
      }
    }
    if (!stored.ok()) return stored;

    first_part_added_ = true;
    rows_read_ += import.rows_read;
    std::move(part.import.warnings.begin(), part.import.warnings.end(),
              std::back_inserter(warnings_));
    std::move(part.import.rejects.begin(), part.import.rejects.end(),
              std::back_inserter(rejects_));
    return Status::Ok();
  }

  Result<BatchReport> Commit(const SignInBatchEnd& end) override {
    Status stored = CheckWindow(start_.file_name, end.coverage);
    if (!stored.ok()) return stored;

    // The file's hash and the warning for a file stored before.
    Result<std::optional<int64_t>> same_file_batch =
        FindBatchOfSameFile(database_, kSignInBatchKind, start_.source, end.file_sha256);
    if (!same_file_batch.ok()) return same_file_batch.status();
    stored = UpdateBatchFile(database_, batch_id_, end.file_sha256, rows_read_);
    if (!stored.ok()) return stored;

    // The other derived sessions of the events the batch added or amended.
    stored = RebuildBatchSessions(database_, start_.source, batch_id_);
    if (!stored.ok()) return stored;

    // The batch's totals and coverage.
    BatchReport report = std::move(merger_.report());
    report.batch_id = batch_id_;
    report.rows_read = rows_read_;
    report.rejected = static_cast<int64_t>(rejects_.size());
    report.rejects = std::move(rejects_);
    std::move(end.warnings.begin(), end.warnings.end(), std::back_inserter(warnings_));
    report.warnings = BatchWarnings(std::move(warnings_), *same_file_batch, report.added);
    BatchTotals totals;
    totals.added = report.added;
    totals.duplicate = report.duplicate;
    totals.updated = report.updated;
    totals.rejected = report.rejected;
    totals.min_time = report.min_time;
    totals.max_time = report.max_time;
    totals.sign_in_types = merger_.sign_in_types();
    totals.warnings = report.warnings;
    stored = UpdateBatchTotals(database_, batch_id_, totals);
    if (stored.ok()) stored = UpdateBatchCoverage(database_, batch_id_, end.coverage);
    if (!stored.ok()) return stored;

    // The batch's other ledger entries (its events are in already) and the
    // new signed checkpoint, then commit.
    stored = ScanBatchEntryRows(
        database_, batch_id_, [this](const EntryRow& row) { return ledger_->AppendDerived(row); },
        BatchEntryRows::kAfterEvents);
    if (!stored.ok()) return stored;
    Result<StoredCheckpoint> checkpoint = ledger_->Finish(signing_, committed_at_);
    if (!checkpoint.ok()) return checkpoint.status();
    Status committed = transaction_.Commit();
    if (!committed.ok()) return committed;
    return report;
  }

  RawDictionaryPlan raw_dictionary_plan() const override { return plan_; }

 private:
  // Decides the batch's dictionary at its first part, by the rule of
  // ChooseRawDictionary, and stores a newly trained one. A part whose raw
  // records were prepared elsewhere brings the dictionary trained for them.
  Status SetUpRawDictionary(const SignInBatchPart& part) {
    if (part.trained_dictionary != nullptr) {
      if (!plan_.may_train || part.trained_dictionary->zstd_dict_id() != plan_.next_id) {
        return Status::Internal(fmt::format(
            "{}: the first part brings zstd dictionary {}, but the batch plans {}",
            start_.file_name, part.trained_dictionary->zstd_dict_id(),
            plan_.may_train ? fmt::format("new id {}", plan_.next_id) : "no new dictionary"));
      }
      dictionary_ = part.trained_dictionary;
    } else if (!part.raws.empty()) {
      dictionary_ = plan_.dictionary;
    } else {
      Result<std::shared_ptr<const RawDictionary>> chosen =
          ChooseRawDictionary(plan_, part.import.events);
      if (!chosen.ok()) return chosen.status();
      dictionary_ = std::move(*chosen);
    }

    merger_.set_raw_dictionary(dictionary_.get());
    if (dictionary_ == nullptr || dictionary_ == plan_.dictionary) return Status::Ok();
    return InsertRawDictionary(database_, *dictionary_, start_.format, batch_id_);
  }

  SqliteDatabase& database_;
  SignInBatchStart start_;
  SqliteTransaction transaction_;
  int64_t batch_id_;
  RawDictionaryPlan plan_;
  std::shared_ptr<const RawDictionary> dictionary_;  // the batch's, once the first part is in
  bool first_part_added_ = false;
  std::unique_ptr<LedgerAppender> ledger_;
  EventMerger merger_;
  Instant committed_at_;
  LedgerSigning signing_;
  int64_t rows_read_ = 0;
  std::vector<std::string> warnings_;
  std::vector<RejectedRecord> rejects_;
};

}  // namespace

Result<std::unique_ptr<SignInBatchStream>> BeginSignInBatchStream(
    SqliteDatabase& database, const SignInBatchStart& start, Instant committed_at,
    const LedgerSigning& signing) {
  Result<SqliteTransaction> transaction = SqliteTransaction::Begin(database);
  if (!transaction.ok()) return transaction.status();

  // A store made before sessions_long_span existed gets it with its next
  // sign-in batch, in the same transaction.
  if (Status indexed = EnsureLongSessionIndex(database); !indexed.ok()) return indexed;

  // The batch row now; its file hash and row count once the last part is in.
  BatchHeader header;
  header.kind = kSignInBatchKind;
  header.source = start.source;
  header.format = start.format;
  header.file_name = start.file_name;
  header.file_sha256 = "";
  header.committed_at = committed_at;
  Result<int64_t> batch_id = InsertBatchRow(database, header);
  if (!batch_id.ok()) return batch_id.status();

  Result<MergeStatements> statements = PrepareMergeStatements(database);
  if (!statements.ok()) return statements.status();
  Result<std::unique_ptr<LedgerAppender>> ledger = LedgerAppender::Start(database);
  if (!ledger.ok()) return ledger.status();
  Result<RawDictionaryPlan> plan = PlanRawDictionary(database, start.format);
  if (!plan.ok()) return plan.status();
  return std::unique_ptr<SignInBatchStream>(std::make_unique<SqliteSignInBatchStream>(
      database, start, std::move(*transaction), *batch_id, std::move(*statements),
      std::move(*ledger), std::move(*plan), committed_at, signing));
}

Result<BatchReport> WriteSignInBatch(SqliteDatabase& database, const SignInBatch& batch,
                                     Instant committed_at, const LedgerSigning& signing) {
  const SignInBatchStart start{batch.source, batch.format, batch.file_name};
  Status valid = CheckRecordIds(start, batch.import.events);
  if (valid.ok()) valid = CheckWindow(batch.file_name, batch.coverage);
  if (!valid.ok()) return valid;

  Result<std::unique_ptr<SignInBatchStream>> stream =
      BeginSignInBatchStream(database, start, committed_at, signing);
  if (!stream.ok()) return stream.status();
  Status added = (*stream)->Add(SignInBatchPart{batch.import, {}, {}});
  if (!added.ok()) return added;
  return (*stream)->Commit(SignInBatchEnd{batch.file_sha256, batch.coverage, {}});
}

}  // namespace signtrail
