#ifndef SIGNTRAIL_SOURCES_IMPORT_OPTIONS_H_
#define SIGNTRAIL_SOURCES_IMPORT_OPTIONS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/directory_user.h"
#include "model/event.h"
#include "sources/timestamp.h"

namespace signtrail {

enum class OnError {
  kFail,  // stop at the first bad record and import nothing
  kSkip,  // import the good records and list every rejected one
};

// The options the user gave `ingest` for one input file.
struct ImportOptions {
  std::string file_name;          // as given on the command line; used in messages
  const date::time_zone* source_zone = nullptr;  // --source-tz; nullptr when not given
  DateOrder date_order = DateOrder::kUnknown;    // --date-order; kUnknown when not given
  OnError on_error = OnError::kFail;
  // Where the bytes given to the importer start in the file, when an ingest
  // reads a large file in parts: the 1-based line and the byte offset in the
  // decoded file. Line numbers and offsets in events, rejects and messages
  // count from here.
  int64_t first_line = 1;
  int64_t first_offset = 0;
};

// A record the importer could not turn into an event.
struct RejectedRecord {
  int64_t line = 0;    // 1-based; 0 when the format has no lines
  int64_t offset = 0;  // byte offset of the record in the decoded input
  std::string reason;  // `column 'X': value 'Y' is not a valid timestamp (expected ...)`
  std::string raw;
};

// Everything an importer read from one file. With OnError::kFail an importer
// returns an error Status instead of an output that has rejects.
struct ImportOutput {
  std::vector<SignInEvent> events;
  std::vector<RejectedRecord> rejects;
  std::vector<std::string> warnings;  // e.g. the 5,000-row export cap was reached
  int64_t rows_read = 0;              // data records seen, good and rejected

  // Reasons that the file may lack records of the period it covers, one
  // sentence each: a row cap reached, a truncated tail, damaged records. An
  // importer sets each next to the matching warning. The ingest adds the
  // reasons of the window itself (rejected rows, an inferred window).
  std::vector<std::string> doubtful_reasons;
  // True when the file contains exactly as many records as a known export
  // cap or page size, or states that more pages exist. Such exports keep the
  // newest records, so records before the earliest one may be missing. The
  // matching reason in doubtful_reasons starts with kRowCapReasonPrefix.
  bool row_cap_reached = false;
};

// The start of every doubtful reason that reports a row cap.
inline constexpr std::string_view kRowCapReasonPrefix = "row cap reached";

struct DirectoryImportOutput {
  std::vector<DirectoryUser> users;
  std::vector<RejectedRecord> rejects;
  std::vector<std::string> warnings;
  int64_t rows_read = 0;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_IMPORT_OPTIONS_H_
