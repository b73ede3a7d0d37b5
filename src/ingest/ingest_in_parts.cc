#include "ingest/ingest_in_parts.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "ingest/batch_window.h"
#include "ingest/line_parts.h"
#include "ingest/source_name.h"
#include "sources/format_registry.h"
#include "sources/importers.h"

namespace signtrail {
namespace {

// The bytes read to decide whether a file can be read in parts.
constexpr size_t kPrefixBytes = size_t{1} << 20;

// The number of parts read ahead of the writer. Each takes about two part
// sizes of memory.
constexpr size_t kPartsAhead = 2;

// An item the reading thread hands to the writing thread.
struct ReadItem {
  enum class Kind { kPart, kEnd, kNeedsWholeFile, kError };
  Kind kind = Kind::kPart;
  SignInBatchPart part;
  std::string sha256;  // kEnd: the file's digest
  Status status;       // kError
};

// A bounded queue between the reading and the writing thread. Close() makes
// both sides stop waiting: Push returns false and Pop drains what is left.
class ReadQueue {
 public:
  bool Push(ReadItem item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return closed_ || items_.size() < kPartsAhead; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  ReadItem Pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty(); });
    ReadItem item = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_full_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::deque<ReadItem> items_;
  bool closed_ = false;
};

// The reading thread: reads, imports and prepares each part in file order,
// and ends with exactly one kEnd, kNeedsWholeFile or kError item unless the
// queue is closed first. The first part decides the batch's raw-record
// dictionary under `plan`, as the store's stream would for a whole file.
void ReadParts(LinePartReader reader, ImportOptions options, RawDictionaryPlan plan,
               ReadQueue& queue) {
  const auto fail = [&queue](Status status) {
    queue.Push(ReadItem{ReadItem::Kind::kError, {}, {}, std::move(status)});
  };
  bool first_part = true;
  std::shared_ptr<const RawDictionary> dictionary;
  while (true) {
    Result<LinePart> bytes = reader.Next();
    if (!bytes.ok()) return fail(bytes.status());
    if (bytes->bytes.empty()) break;

    options.first_line = bytes->first_line;
    options.first_offset = bytes->first_offset;
    Result<EntraJsonPart> imported = ImportEntraJsonPart(bytes->bytes, options);
    if (!imported.ok()) return fail(imported.status());
    if (!imported->needs_whole_file.empty()) {
      queue.Push(ReadItem{ReadItem::Kind::kNeedsWholeFile, {}, {}, Status::Ok()});
      return;
    }
    std::shared_ptr<const RawDictionary> trained;
    if (first_part) {
      Result<std::shared_ptr<const RawDictionary>> chosen =
          ChooseRawDictionary(plan, imported->output.events);
      if (!chosen.ok()) return fail(chosen.status());
      dictionary = std::move(*chosen);
      if (dictionary != plan.dictionary) trained = dictionary;
      first_part = false;
    }
    Result<std::vector<StoredRaw>> raws =
        PrepareStoredRaws(imported->output.events, dictionary.get());
    if (!raws.ok()) return fail(raws.status());
    ReadItem item{ReadItem::Kind::kPart,
                  SignInBatchPart{std::move(imported->output), std::move(*raws), std::move(trained)},
                  {}, Status::Ok()};
    if (!queue.Push(std::move(item))) return;
  }
  Result<std::string> sha256 = reader.FinishSha256();
  if (!sha256.ok()) return fail(sha256.status());
  queue.Push(ReadItem{ReadItem::Kind::kEnd, {}, std::move(*sha256), Status::Ok()});
}

// Runs the reading thread and stops it on every way out.
class PartReaderThread {
 public:
  PartReaderThread(LinePartReader reader, ImportOptions options, RawDictionaryPlan plan)
      : thread_(ReadParts, std::move(reader), std::move(options), std::move(plan),
                std::ref(queue_)) {}

  ~PartReaderThread() {
    queue_.Close();
    thread_.join();
  }

  ReadItem Next() { return queue_.Pop(); }

 private:
  ReadQueue queue_;
  std::thread thread_;
};

// The format, when the file is a large entra-json file with one object per
// line; nullopt otherwise.
Result<std::optional<FormatInfo>> FormatIfLineFile(const IngestRequest& request,
                                                   const std::string& file_name) {
  std::error_code error;
  const uintmax_t size = std::filesystem::file_size(request.path, error);
  if (error || size <= request.part_bytes) return std::optional<FormatInfo>();

  Result<LinePartReader> reader = LinePartReader::Open(request.path, kPrefixBytes);
  if (!reader.ok()) return reader.status();
  Result<LinePart> prefix = reader->Next();
  if (!prefix.ok()) return prefix.status();
  if (!LooksLikeEntraJsonLines(prefix->bytes)) return std::optional<FormatInfo>();

  Result<FormatInfo> format = request.format.has_value()
                                  ? FindFormat(*request.format)
                                  : DetectFormat(prefix->bytes, file_name, FormatKind::kSignIns);
  if (!format.ok() || format->name != "entra-json") return std::optional<FormatInfo>();
  return std::optional<FormatInfo>(*format);
}

}  // namespace

Result<std::optional<BatchReport>> IngestInParts(Store& store, const IngestRequest& request) {
  ImportOptions options = request.options;
  if (options.file_name.empty()) options.file_name = request.path.string();
  Result<std::optional<FormatInfo>> format = FormatIfLineFile(request, options.file_name);
  if (!format.ok()) return format.status();
  if (!format->has_value()) return std::optional<BatchReport>();
  Result<std::string> source = ResolveSourceName(**format, request.source);
  if (!source.ok()) return source.status();
  Result<LinePartReader> reader = LinePartReader::Open(request.path, request.part_bytes);
  if (!reader.ok()) return reader.status();

  Result<std::unique_ptr<SignInBatchStream>> stream = store.BeginSignInBatch(
      SignInBatchStart{*source, std::string((*format)->name), options.file_name});
  if (!stream.ok()) return stream.status();

  PartReaderThread parts(std::move(*reader), options, (*stream)->raw_dictionary_plan());
  ImportSummary summary;
  while (true) {
    ReadItem item = parts.Next();
    switch (item.kind) {
      case ReadItem::Kind::kError:
        return item.status;
      case ReadItem::Kind::kNeedsWholeFile:
        return std::optional<BatchReport>();  // the stream's destructor stores nothing
      case ReadItem::Kind::kPart: {
        summary.Add(item.part.import, request.window);
        Status added = (*stream)->Add(std::move(item.part));
        if (!added.ok()) return added;
        break;
      }
      case ReadItem::Kind::kEnd: {
        Result<WindowDecision> window =
            DecideBatchWindow((*format)->name, options.file_name, summary, request.window);
        if (!window.ok()) return window.status();
        Result<BatchReport> report = (*stream)->Commit(
            SignInBatchEnd{item.sha256, window->coverage, std::move(window->warnings)});
        if (!report.ok()) return report.status();
        return std::optional<BatchReport>(std::move(*report));
      }
    }
  }
}

}  // namespace signtrail
