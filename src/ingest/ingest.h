#ifndef SIGNTRAIL_INGEST_INGEST_H_
#define SIGNTRAIL_INGEST_INGEST_H_

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "ingest/batch_window.h"
#include "model/instant.h"
#include "model/status.h"
#include "sources/import_options.h"
#include "store/store.h"

namespace signtrail {

// One sign-in file to ingest, as `signtrail ingest` describes it.
struct IngestRequest {
  std::filesystem::path path;
  std::optional<std::string> format;  // --format; detected from the content when absent
  std::optional<std::string> source;  // --source: `NAME` or `KIND:NAME`; `KIND:default` when absent
  ImportOptions options;              // file_name defaults to `path` when empty
  std::optional<TimeWindow> window;   // --window; see DecideBatchWindow for the other rules
  // A larger entra-json file with one object per line is read in parts of
  // about this size (IngestInParts).
  size_t part_bytes = kDefaultPartBytes;

  static constexpr size_t kDefaultPartBytes = size_t{2} << 20;
};

// One directory export to import, as `signtrail users import` describes it.
struct DirectoryImportRequest {
  std::filesystem::path path;
  std::optional<std::string> format;
  std::optional<std::string> source;
  ImportOptions options;
  std::optional<Instant> effective_time;  // when the snapshot was taken; now when absent
};

// Ingests one sign-in file as one batch: reads its bytes, hashes them
// (SHA-256), picks the format, resolves the source name, runs the importer,
// decides the batch's coverage window (DecideBatchWindow) and commits the
// result in one transaction. A large entra-json file with one object per
// line is read in parts instead (IngestInParts), with the same result. When
// any step before the commit fails, the store is not touched.
//
// Errors:
//   - IoError when the file cannot be read;
//   - NotFound for an unknown format name;
//   - InvalidArgument for a format of the other kind, a bad source name or
//     an empty window;
//   - InvalidInput when the content fits no format or the importer rejects it;
//   - StoreError when the commit fails.
Result<BatchReport> IngestSignInFile(Store& store, const IngestRequest& request);

// Imports one directory export as one snapshot, with the same steps and
// errors as IngestSignInFile. A snapshot older than the last one of its
// source is Conflict.
Result<DirectoryReport> ImportDirectoryFile(Store& store, const DirectoryImportRequest& request);

}  // namespace signtrail

#endif  // SIGNTRAIL_INGEST_INGEST_H_
