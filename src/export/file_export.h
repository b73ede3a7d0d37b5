#ifndef SIGNTRAIL_EXPORT_FILE_EXPORT_H_
#define SIGNTRAIL_EXPORT_FILE_EXPORT_H_

#include <filesystem>

#include <date/tz.h>

#include "export/report_writer.h"
#include "query/signin_report.h"
#include "store/store.h"

namespace signtrail {

// Chooses the export format from the file extension, ignoring ASCII case:
// ".csv" or ".jsonl". Returns InvalidArgument naming the extension and the
// accepted ones otherwise.
Result<ReportFormat> ExportFormatForPath(const std::filesystem::path& path);

// Runs `query` and writes every row to `path` as CSV (with a UTF-8 BOM) or
// JSON Lines, times in `zone` (null: UTC). The rows go to a temporary file in
// the same folder that is renamed onto `path` only when the whole report is
// written, so a failed export leaves `path` as it was and no partial file.
// Returns the report's summary.
Result<ReportSummary> ExportSignInReport(Store& store, const SignInQuery& query,
                                         const std::filesystem::path& path,
                                         const date::time_zone* zone);

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_FILE_EXPORT_H_
