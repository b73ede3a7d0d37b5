#include "export/file_export.h"

#include <fmt/format.h>

#include "export/atomic_file.h"
#include "query/ascii_case.h"

namespace signtrail {

Result<ReportFormat> ExportFormatForPath(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  const std::string lower = ToAsciiLower(extension);
  if (lower == ".csv") return ReportFormat::kCsv;
  if (lower == ".jsonl") return ReportFormat::kJsonl;

  if (extension.empty()) {
    return Status::InvalidArgument(fmt::format(
        "export file '{}' has no extension; end the name in .csv or .jsonl", path.string()));
  }
  return Status::InvalidArgument(
      fmt::format("export file '{}': extension '{}' is not supported; use .csv or .jsonl",
                  path.string(), extension));
}

Result<ReportSummary> ExportSignInReport(Store& store, const SignInQuery& query,
                                         const std::filesystem::path& path,
                                         const date::time_zone* zone) {
  Result<ReportFormat> format = ExportFormatForPath(path);
  if (!format.ok()) return format.status();

  Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(path);
  if (!file.ok()) return file.status();
  AtomicFile& output = **file;

  const ReportWriterOptions options{.zone = zone, .byte_order_mark = true};
  const std::unique_ptr<ReportSink> writer = MakeReportWriter(*format, output.stream(), options);

  // On failure the AtomicFile goes out of scope uncommitted and removes the
  // temporary file. A failed write is reported with its errno text.
  Result<ReportSummary> summary = RunSignInReport(store, query, *writer);
  if (!summary.ok()) {
    if (Status written = output.WriteStatus(); !written.ok()) return written;
    return summary.status();
  }
  if (Status committed = output.Commit(); !committed.ok()) return committed;
  return summary;
}

}  // namespace signtrail
