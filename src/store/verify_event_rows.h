#ifndef SIGNTRAIL_STORE_VERIFY_EVENT_ROWS_H_
#define SIGNTRAIL_STORE_VERIFY_EVENT_ROWS_H_

#include <cstdint>

#include "model/status.h"
#include "store/sqlite_database.h"

namespace signtrail {

// Reads events rows by id for the leaf pass of `verify`. A store written by
// signtrail appends event leaves in ascending events.id order, so one scan
// in id order serves almost every request by stepping. An id behind the
// scan, or far ahead of it, moves the scan there with one seek (as costly as
// a lookup by id), from where it steps on. Either way a request is answered
// from the row with that id or from none.
//
// A found row has the columns kEventEntryColumns (0 to 21), then raw_zstd
// (kRawColumn) and whether event_amendments has a row for the event
// (kHasAmendmentsColumn). Borrows the connection, which must outlive it, and
// must be used inside one read transaction.
class EventRowReader {
 public:
  static constexpr int kRawColumn = 22;
  static constexpr int kHasAmendmentsColumn = 23;

  static Result<EventRowReader> Prepare(SqliteDatabase& database);

  // The statement positioned on the row with `row_id`, or nullptr when the
  // table has none. The row is valid until the next call.
  Result<const SqliteStatement*> Find(int64_t row_id);

 private:
  explicit EventRowReader(SqliteStatement scan) : scan_(std::move(scan)) {}

  Status SeekScan(int64_t row_id);
  Status StepScan();

  SqliteStatement scan_;  // rows with id >= ?1, in id order
  bool scan_has_row_ = false;
  int64_t scan_id_ = 0;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_VERIFY_EVENT_ROWS_H_
