#include "store/verify_event_rows.h"

#include <fmt/format.h>

#include <utility>

#include "store/ledger_entries.h"

namespace signtrail {
namespace {

// How many rows the scan steps over to reach a requested id before it seeks
// instead. Stepping is cheaper than a seek for short gaps, such as the rows
// of a batch whose leaves a tampered store lost.
constexpr int kMaxRowsSkipped = 64;

// The column list; id is last, after the two columns that EventRowReader
// names.
std::string SelectList() {
  return fmt::format(
      "{}, e.raw_zstd, EXISTS (SELECT 1 FROM event_amendments a WHERE a.event_id = e.id), e.id",
      kEventEntryColumns);
}

constexpr int kIdColumn = EventRowReader::kHasAmendmentsColumn + 1;

}  // namespace

Result<EventRowReader> EventRowReader::Prepare(SqliteDatabase& database) {
  Result<SqliteStatement> scan = database.Prepare(
      fmt::format("SELECT {} FROM events e WHERE e.id >= ?1 ORDER BY e.id", SelectList()));
  if (!scan.ok()) return scan.status();
  return EventRowReader(std::move(*scan));
}

Result<const SqliteStatement*> EventRowReader::Find(int64_t row_id) {
  const bool behind = scan_has_row_ && row_id < scan_id_;
  const bool far_ahead =
      scan_has_row_ && row_id > scan_id_ &&
      static_cast<uint64_t>(row_id) - static_cast<uint64_t>(scan_id_) > kMaxRowsSkipped;
  if (!scan_has_row_ || behind || far_ahead) {
    Status sought = SeekScan(row_id);
    if (!sought.ok()) return sought;
  }
  while (scan_has_row_ && scan_id_ < row_id) {
    Status stepped = StepScan();
    if (!stepped.ok()) return stepped;
  }
  if (!scan_has_row_ || scan_id_ != row_id) return static_cast<const SqliteStatement*>(nullptr);
  // The caller reads this row before the next call, which moves past it.
  return static_cast<const SqliteStatement*>(&scan_);
}

Status EventRowReader::SeekScan(int64_t row_id) {
  scan_.Reset();
  scan_.Bind(1, row_id);
  return StepScan();
}

Status EventRowReader::StepScan() {
  Result<bool> row = scan_.Step();
  if (!row.ok()) return row.status();
  scan_has_row_ = *row;
  if (scan_has_row_) scan_id_ = scan_.Int(kIdColumn);
  return Status::Ok();
}

}  // namespace signtrail
