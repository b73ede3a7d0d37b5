#include "ingest/ingest.h"

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <utility>

#include "ingest/ingest_in_parts.h"
#include "ingest/input_file.h"
#include "ingest/source_name.h"
#include "sources/format_registry.h"
#include "store/sha256.h"

namespace signtrail {
namespace {

// An input file read and identified: its bytes and SHA-256, its format and
// its resolved source name.
struct PreparedFile {
  std::string bytes;
  std::string sha256;
  FormatInfo format;
  std::string source;
  ImportOptions options;
};

std::string_view KindName(FormatKind kind) {
  return kind == FormatKind::kSignIns ? "sign-ins" : "directory exports";
}

Result<FormatInfo> PickFormat(const std::optional<std::string>& name, std::string_view bytes,
                              std::string_view file_name, FormatKind kind) {
  if (!name.has_value()) return DetectFormat(bytes, file_name, kind);

  Result<FormatInfo> format = FindFormat(*name);
  if (!format.ok()) return format;
  if (format->kind != kind) {
    return Status::InvalidArgument(
        fmt::format("{}: format '{}' reads {}, not {}; choose a {} format", file_name, format->name,
                    KindName(format->kind), KindName(kind),
                    kind == FormatKind::kSignIns ? "sign-in" : "directory"));
  }
  return format;
}

Result<PreparedFile> PrepareFile(const std::filesystem::path& path,
                                 const std::optional<std::string>& format_name,
                                 const std::optional<std::string>& source_name,
                                 ImportOptions options, FormatKind kind) {
  if (options.file_name.empty()) options.file_name = path.string();

  Result<std::string> bytes = ReadInputFile(path);
  if (!bytes.ok()) return bytes.status();
  Result<std::string> sha256 = Sha256Hex(*bytes);
  if (!sha256.ok()) return sha256.status();
  Result<FormatInfo> format = PickFormat(format_name, *bytes, options.file_name, kind);
  if (!format.ok()) return format.status();
  Result<std::string> source = ResolveSourceName(*format, source_name);
  if (!source.ok()) return source.status();

  return PreparedFile{std::move(*bytes), std::move(*sha256), *format, std::move(*source),
                      std::move(options)};
}

Instant Now() {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Instant::FromMicros(
      std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

}  // namespace

Result<BatchReport> IngestSignInFile(Store& store, const IngestRequest& request) {
  Result<std::optional<BatchReport>> in_parts = IngestInParts(store, request);
  if (!in_parts.ok()) return in_parts.status();
  if (in_parts->has_value()) return std::move(**in_parts);

  Result<PreparedFile> file = PrepareFile(request.path, request.format, request.source,
                                          request.options, FormatKind::kSignIns);
  if (!file.ok()) return file.status();

  Result<ImportOutput> imported = ImportSignIns(file->format, file->bytes, file->options);
  if (!imported.ok()) return imported.status();
  Result<WindowDecision> window =
      DecideBatchWindow(file->format.name, file->options.file_name, *imported, request.window);
  if (!window.ok()) return window.status();

  // One part, moved into the store's stream, so the events are not copied.
  Result<std::unique_ptr<SignInBatchStream>> stream = store.BeginSignInBatch(
      SignInBatchStart{file->source, std::string(file->format.name), file->options.file_name});
  if (!stream.ok()) return stream.status();
  Status added = (*stream)->Add(SignInBatchPart{std::move(*imported), {}, {}});
  if (!added.ok()) return added;
  return (*stream)->Commit(
      SignInBatchEnd{file->sha256, std::move(window->coverage), std::move(window->warnings)});
}

Result<DirectoryReport> ImportDirectoryFile(Store& store, const DirectoryImportRequest& request) {
  Result<PreparedFile> file = PrepareFile(request.path, request.format, request.source,
                                          request.options, FormatKind::kDirectory);
  if (!file.ok()) return file.status();

  Result<DirectoryImportOutput> imported =
      ImportDirectory(file->format, file->bytes, file->options);
  if (!imported.ok()) return imported.status();

  DirectoryBatch batch{
      file->source, std::string(file->format.name),         file->options.file_name,
      file->sha256, request.effective_time.value_or(Now()), std::move(*imported)};
  return store.CommitDirectoryBatch(batch);
}

}  // namespace signtrail
