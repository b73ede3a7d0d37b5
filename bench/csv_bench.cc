// Micro-benchmarks of writing report rows as CSV (CsvReportWriter, the
// writer behind `signins --format csv` and `export`): into a stream buffer
// that only counts bytes, into /dev/null through std::ofstream, and with
// times converted to a named time zone. One more writes the same rows as
// JSON Lines (JsonlReportWriter).

#include <benchmark/benchmark.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <cstdint>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include "export/csv_writer.h"
#include "export/jsonl_writer.h"
#include "query/signin_report.h"

namespace signtrail {
namespace {

// Rows are written in turn from a pool of distinct ones.
constexpr size_t kPoolSize = 1024;

constexpr int64_t kFirstStartMicros = 1'718'611'200LL * kMicrosPerSecond;  // 2024-06-17T08:00:00Z

// A stream buffer that counts the bytes written through it and passes them
// on to `target`, or discards them when `target` is null.
class CountingBuffer : public std::streambuf {
 public:
  explicit CountingBuffer(std::streambuf* target = nullptr) : target_(target) {}

  int64_t bytes() const { return bytes_; }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    if (target_ != nullptr && traits_type::eq_int_type(target_->sputc(traits_type::to_char_type(c)),
                                                       traits_type::eof())) {
      return traits_type::eof();
    }
    ++bytes_;
    return c;
  }

  std::streamsize xsputn(const char* data, std::streamsize count) override {
    const std::streamsize written = target_ == nullptr ? count : target_->sputn(data, count);
    bytes_ += written;
    return written;
  }

  int sync() override { return target_ == nullptr ? 0 : target_->pubsync(); }

 private:
  std::streambuf* target_;
  int64_t bytes_ = 0;
};

// The three kinds of report rows, in turn: a D365 session with an
// approximate end, an Entra sign-in with no end, and a failed Entra sign-in.
// Every fifth user name contains a comma, so the writer quotes it.
ReportRow MakeRow(uint64_t n) {
  ReportRow row;
  row.user_id = fmt::format("7a1e3c52-9b4d-4f0e-8c21-{:012x}", n % 2000);
  row.login = fmt::format("fmartin{}", n % 2000);
  row.user_name = n % 5 == 0 ? "Martin, Frank" : "Frank Martin";
  row.email = fmt::format("frank.martin{}@contoso.example", n % 2000);
  row.session_start =
      Instant::FromMicros(kFirstStartMicros + static_cast<int64_t>(n) * 7 * kMicrosPerSecond);
  row.client_ip = fmt::format("203.0.113.{}", 1 + n % 254);

  switch (n % 3) {
    case 0:
      row.session_end = row.session_start.PlusMicros(95 * 60 * kMicrosPerSecond);
      row.end_kind = EndKind::kApproximate;
      row.source = "d365-userlog:prod";
      row.application = "Web";
      row.result = "success";
      break;
    case 1:
      row.end_kind = EndKind::kOpen;
      row.source = "entra:contoso";
      row.application = "Microsoft Dynamics 365 Finance and Operations";
      row.result = "success";
      break;
    default:
      row.source = "entra:contoso";
      row.application = "Microsoft Dynamics 365 Finance and Operations";
      row.result = "50126";
      break;
  }
  return row;
}

const std::vector<ReportRow>& RowPool() {
  static const std::vector<ReportRow> pool = [] {
    std::vector<ReportRow> rows;
    rows.reserve(kPoolSize);
    for (uint64_t n = 0; n < kPoolSize; ++n) rows.push_back(MakeRow(n));
    return rows;
  }();
  return pool;
}

// Writes one pool row per iteration through `writer`. Returns false, after
// reporting the error, when the writer fails.
bool WriteRows(benchmark::State& state, ReportSink& writer) {
  const std::vector<ReportRow>& pool = RowPool();
  size_t next = 0;
  for (auto _ : state) {
    const Status status = writer.AddRow(pool[next]);
    if (!status.ok()) {
      state.SkipWithError(status.message().c_str());
      return false;
    }
    next = (next + 1) % pool.size();
  }
  const Status finished = writer.Finish(ReportSummary{});
  if (!finished.ok()) {
    state.SkipWithError(finished.message().c_str());
    return false;
  }
  state.SetItemsProcessed(state.iterations());
  return true;
}

// Reports the bytes written, in all and per row.
void ReportBytes(benchmark::State& state, const CountingBuffer& buffer) {
  state.SetBytesProcessed(buffer.bytes());
  if (state.iterations() > 0) {
    state.counters["row_bytes"] =
        static_cast<double>(buffer.bytes()) / static_cast<double>(state.iterations());
  }
}

void RunCountedCsv(benchmark::State& state, const CsvOptions& options) {
  CountingBuffer buffer;
  std::ostream out(&buffer);
  CsvReportWriter writer(out, options);
  if (!WriteRows(state, writer)) return;
  ReportBytes(state, buffer);
}

void BM_CsvRowsUtc(benchmark::State& state) { RunCountedCsv(state, CsvOptions{}); }
BENCHMARK(BM_CsvRowsUtc);

// As `--tz Europe/Amsterdam`: every time is converted and written with its
// offset.
void BM_CsvRowsZone(benchmark::State& state) {
  CsvOptions options;
  try {
    options.zone = date::locate_zone("Europe/Amsterdam");
  } catch (const std::runtime_error& error) {
    state.SkipWithError(error.what());
    return;
  }
  RunCountedCsv(state, options);
}
BENCHMARK(BM_CsvRowsZone);

// As `export --out FILE`: through std::ofstream's buffer and write(2) calls,
// with /dev/null as the file and a UTF-8 byte order mark first.
void BM_CsvRowsDevNull(benchmark::State& state) {
  std::ofstream file("/dev/null", std::ios::binary);
  if (!file) {
    state.SkipWithError("opening /dev/null for writing failed");
    return;
  }
  CountingBuffer counter(file.rdbuf());
  std::ostream out(&counter);
  CsvOptions options;
  options.byte_order_mark = true;
  CsvReportWriter writer(out, options);
  if (!WriteRows(state, writer)) return;
  state.SetBytesProcessed(counter.bytes());
}
BENCHMARK(BM_CsvRowsDevNull);

// As `signins --format jsonl`: the same rows as JSON objects, times in UTC.
void BM_JsonlRowsUtc(benchmark::State& state) {
  CountingBuffer buffer;
  std::ostream out(&buffer);
  JsonlReportWriter writer(out, nullptr);
  if (!WriteRows(state, writer)) return;
  ReportBytes(state, buffer);
}
BENCHMARK(BM_JsonlRowsUtc);

}  // namespace
}  // namespace signtrail
