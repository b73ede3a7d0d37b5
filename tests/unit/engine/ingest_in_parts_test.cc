// The ingest reads a large entra-json file with one object per line in
// parts. These tests ingest the same file in small parts and whole, then
// compare the stores row by row.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "ingest/ingest_in_parts.h"
#include "ingest/line_parts.h"
#include "store/raw_dictionary.h"
#include "store/raw_dictionary_store.h"
#include "store/sha256.h"
#include "store/sqlite_database.h"
#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

// Small enough that every part contains one or two records.
constexpr size_t kSmallParts = 700;
// Larger than any test file, so the file is read whole.
constexpr size_t kWhole = size_t{1} << 30;

// One Graph sign-in object on one line.
std::string SignInLine(int number, std::string_view time, int error_code = 0,
                       std::string_view session = "") {
  const std::string session_member =
      session.empty() ? std::string() : fmt::format(R"("sessionId":"{}",)", session);
  return fmt::format(
      R"({{"id":"rec-{:04d}","createdDateTime":"{}","userId":"user-{}",)"
      R"("userPrincipalName":"user{}@example.com","userDisplayName":"User {}",{})"
      R"("ipAddress":"192.0.2.{}","appDisplayName":"Portal","status":{{"errorCode":{},)"
      R"("failureReason":"{}"}},"location":{{"city":"Oslo","countryOrRegion":"NO"}},)"
      R"("signInEventTypes":["interactiveUser"]}})",
      number, time, number % 3, number % 3, number % 3, session_member, number, error_code,
      error_code == 0 ? "Other." : "Invalid username or password.");
}

// Lines that exercise what crosses part boundaries: a session whose sign-ins
// fall in different parts, a record repeated later in the file, a failed
// sign-in, a blank line and CRLF line ends.
std::string MixedFile() {
  std::string text;
  for (int i = 0; i < 24; ++i) {
    const std::string time = fmt::format("2024-06-03T{:02d}:{:02d}:00Z", 8 + i / 6, (i % 6) * 7);
    text += SignInLine(i, time, i % 5 == 4 ? 50126 : 0, i % 4 == 0 ? "session-a" : "");
    text += i % 7 == 3 ? "\r\n" : "\n";
    if (i == 10) text += "\n";
  }
  text += SignInLine(2, "2024-06-03T08:14:00Z") + "\n";
  return text;
}

// The queries that read what a batch leaves in the store: its results and
// its ledger. The signed checkpoints differ by key, and a session row gets
// a new id each time a later part rebuilds it, so sessions are read without
// their id.
constexpr const char* kStoredRows[] = {
    "SELECT * FROM batches",
    "SELECT * FROM events",
    "SELECT source, format, grouped, session_key, record_id, user_id, login_name, display_name, "
    "start_time, end_time, end_kind, end_note, last_activity, last_instant, client_address, "
    "application, result, failure_reason, sign_in_type FROM sessions ORDER BY source, record_id",
    "SELECT * FROM rejects",
    "SELECT * FROM conflicts",
    "SELECT * FROM event_amendments",
    "SELECT * FROM ledger_leaves",
    "SELECT * FROM ledger_nodes"};

// Expects both stores to hold the same rows in every table of kStoredRows.
void ExpectSameRows(const std::filesystem::path& parts, const std::filesystem::path& whole) {
  for (const char* sql : kStoredRows) {
    EXPECT_EQ(QueryRows(parts, sql), QueryRows(whole, sql)) << sql;
  }
}

class IngestInPartsTest : public ::testing::Test {
 protected:
  // Ingests `file` into a new store with parts of `part_bytes`.
  Result<BatchReport> Ingest(const std::filesystem::path& db, size_t part_bytes,
                             OnError on_error = OnError::kFail) {
    std::unique_ptr<SqliteStore> store = OpenTestStore(db);
    IngestRequest request;
    request.path = file_;
    request.options.on_error = on_error;
    request.part_bytes = part_bytes;
    return IngestSignInFile(*store, request);
  }

  // Runs only the reading in parts; nullopt when the file must be read whole.
  Result<std::optional<BatchReport>> IngestOnlyInParts(const std::filesystem::path& db) {
    std::unique_ptr<SqliteStore> store = OpenTestStore(db);
    IngestRequest request;
    request.path = file_;
    request.part_bytes = kSmallParts;
    return IngestInParts(*store, request);
  }

  void Write(const std::string& text) { WriteFileBytes(file_, text); }

  TempDir dir_;
  std::filesystem::path file_ = dir_ / "signins.json";
};

TEST_F(IngestInPartsTest, PartsStoreWhatWholeFileStores) {
  Write(MixedFile());

  Result<BatchReport> parts = Ingest(dir_ / "parts.db", kSmallParts);
  Result<BatchReport> whole = Ingest(dir_ / "whole.db", kWhole);

  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ(parts->rows_read, 25);
  EXPECT_EQ(parts->added, 24);
  EXPECT_EQ(parts->duplicate, 1);
  ExpectSameRows(dir_ / "parts.db", dir_ / "whole.db");
}

// The raw records of a store's events, decompressed, in id order.
std::vector<std::string> RawRecords(const std::filesystem::path& db) {
  std::vector<std::string> raws;
  Result<SqliteDatabase> database = SqliteDatabase::Open(db);
  if (!database.ok()) {
    ADD_FAILURE() << database.status().message();
    return raws;
  }
  Result<SqliteStatement> select = database->Prepare("SELECT raw_zstd FROM events ORDER BY id");
  if (!select.ok()) return raws;
  while (true) {
    Result<bool> row = select->Step();
    if (!row.ok() || !*row) break;
    std::string raw;
    Status restored = database->raw_dictionaries().DecompressInto(select->BlobView(0), &raw);
    EXPECT_TRUE(restored.ok()) << restored.message();
    raws.push_back(std::move(raw));
  }
  return raws;
}

// A first part of at least kRawDictionaryMinRecords records trains the
// dictionary from that part alone, and a whole-file ingest trains it from
// more records. The two stores may differ in dictionaries and frames, but
// not in raw bytes, digests or ledger.
TEST_F(IngestInPartsTest, PartsAndWholeFileKeepSameRawBytes) {
  std::string text;
  for (int i = 0; i < 1600; ++i) {
    text += SignInLine(i, fmt::format("2024-06-03T{:02d}:{:02d}:{:02d}Z", 8 + i / 3600,
                                      i / 60 % 60, i % 60)) +
            "\n";
  }
  Write(text);
  const size_t first_part_bytes = text.size() * 3 / 4;

  Result<BatchReport> parts = Ingest(dir_ / "parts.db", first_part_bytes);
  Result<BatchReport> whole = Ingest(dir_ / "whole.db", kWhole);

  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ(QueryRows(dir_ / "parts.db", "SELECT count(*) FROM raw_dictionaries"),
            std::vector<std::string>{"1"});
  EXPECT_EQ(QueryRows(dir_ / "whole.db", "SELECT count(*) FROM raw_dictionaries"),
            std::vector<std::string>{"1"});
  const char* kEventsWithoutFrames =
      "SELECT id, batch_id, source, record_id, time, raw_sha256, raw_length, line, byte_offset "
      "FROM events ORDER BY id";
  EXPECT_EQ(QueryRows(dir_ / "parts.db", kEventsWithoutFrames),
            QueryRows(dir_ / "whole.db", kEventsWithoutFrames));
  EXPECT_EQ(QueryRows(dir_ / "parts.db", "SELECT * FROM ledger_leaves"),
            QueryRows(dir_ / "whole.db", "SELECT * FROM ledger_leaves"));
  const std::vector<std::string> raws = RawRecords(dir_ / "parts.db");
  EXPECT_EQ(raws.size(), 1600u);
  EXPECT_EQ(raws, RawRecords(dir_ / "whole.db"));
}

TEST_F(IngestInPartsTest, LineFileIsReadInParts) {
  Write(MixedFile());

  Result<std::optional<BatchReport>> report = IngestOnlyInParts(dir_ / "parts.db");

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->has_value());
}

TEST_F(IngestInPartsTest, SmallFileIsReadWhole) {
  Write(SignInLine(1, "2024-06-03T08:00:00Z") + "\n" + SignInLine(2, "2024-06-03T09:00:00Z"));
  std::unique_ptr<SqliteStore> store = OpenTestStore(dir_ / "parts.db");
  IngestRequest request;
  request.path = file_;

  Result<std::optional<BatchReport>> report = IngestInParts(*store, request);

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_FALSE(report->has_value());
}

TEST_F(IngestInPartsTest, GraphPageIsReadWhole) {
  Write(R"({"value": [)" "\n" + SignInLine(1, "2024-06-03T08:00:00Z") + ",\n" +
        SignInLine(2, "2024-06-03T09:00:00Z") + "\n]}\n" + std::string(800, ' '));

  Result<std::optional<BatchReport>> report = IngestOnlyInParts(dir_ / "parts.db");

  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_FALSE(report->has_value());
}

TEST_F(IngestInPartsTest, FileHashCoversEveryByte) {
  Write(MixedFile());

  ASSERT_TRUE(Ingest(dir_ / "parts.db", kSmallParts).ok());

  EXPECT_EQ(QueryRows(dir_ / "parts.db", "SELECT file_sha256 FROM batches"),
            std::vector<std::string>{"'" + *Sha256Hex(MixedFile()) + "'"});
}

TEST_F(IngestInPartsTest, SessionAcrossPartsIsOneSession) {
  Write(MixedFile());

  ASSERT_TRUE(Ingest(dir_ / "parts.db", kSmallParts).ok());

  EXPECT_EQ(QueryInt(dir_ / "parts.db",
                     "SELECT count(*) FROM sessions WHERE session_key = 'session-a'"),
            1);
}

TEST_F(IngestInPartsTest, SkippedRecordsKeepFileLines) {
  std::string text = MixedFile();
  text += SignInLine(90, "2024-06-03T25:00:00Z") + "\n";  // line 27
  text += SignInLine(91, "2024-06-03T18:00:00Z") + "\n";
  Write(text);

  Result<BatchReport> parts = Ingest(dir_ / "parts.db", kSmallParts, OnError::kSkip);
  Result<BatchReport> whole = Ingest(dir_ / "whole.db", kWhole, OnError::kSkip);

  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  ASSERT_EQ(parts->rejects.size(), 1u);
  EXPECT_EQ(parts->rejects[0].line, 27);
  EXPECT_EQ(parts->rejects[0].offset, whole->rejects[0].offset);
  ExpectSameRows(dir_ / "parts.db", dir_ / "whole.db");
}

TEST_F(IngestInPartsTest, FirstBadRecordNamesItsFileLine) {
  std::string text = MixedFile();
  text += SignInLine(90, "2024-06-03T25:00:00Z") + "\n";
  Write(text);

  Result<BatchReport> parts = Ingest(dir_ / "parts.db", kSmallParts);
  Result<BatchReport> whole = Ingest(dir_ / "whole.db", kWhole);

  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().message(), whole.status().message());
  EXPECT_NE(parts.status().message().find("signins.json:27: "), std::string::npos)
      << parts.status().message();
  EXPECT_EQ(QueryInt(dir_ / "parts.db", "SELECT count(*) FROM batches"), 0);
}

TEST_F(IngestInPartsTest, TruncatedTailIsDoubtfulAtFileOffset) {
  std::string text = MixedFile();
  const std::string last = SignInLine(95, "2024-06-03T19:00:00Z");
  text += last.substr(0, last.size() / 2);
  Write(text);

  Result<BatchReport> parts = Ingest(dir_ / "parts.db", kSmallParts, OnError::kSkip);
  Result<BatchReport> whole = Ingest(dir_ / "whole.db", kWhole, OnError::kSkip);

  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_TRUE(whole.ok()) << whole.status().message();
  EXPECT_EQ(QueryRows(dir_ / "parts.db", "SELECT doubtful_reasons FROM batches"),
            QueryRows(dir_ / "whole.db", "SELECT doubtful_reasons FROM batches"));
  EXPECT_NE(QueryRows(dir_ / "parts.db", "SELECT doubtful_reasons FROM batches")[0].find(
                fmt::format("ends at byte {}", text.size())),
            std::string::npos);
}

TEST_F(IngestInPartsTest, DayMonthTimesAreDecidedOverWholeFile) {
  // The first part alone cannot tell 03/04 from 04/03; the last line can.
  std::string text;
  for (int i = 0; i < 12; ++i) text += SignInLine(i, "03/04/2024 10:00:00") + "\n";
  text += SignInLine(12, "25/04/2024 10:00:00") + "\n";
  Write(text);
  Result<std::optional<BatchReport>> only_parts = IngestOnlyInParts(dir_ / "refused.db");

  Result<BatchReport> parts = Ingest(dir_ / "parts.db", kSmallParts);

  ASSERT_TRUE(only_parts.ok()) << only_parts.status().message();
  EXPECT_FALSE(only_parts->has_value());
  EXPECT_EQ(QueryInt(dir_ / "refused.db", "SELECT count(*) FROM batches"), 0);
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  EXPECT_EQ(QueryRows(dir_ / "parts.db", "SELECT DISTINCT time FROM events WHERE "
                                         "record_id = 'rec-0000'"),
            std::vector<std::string>{
                std::to_string(Utc(2024, 4, 3, 10).micros())});
}

TEST_F(IngestInPartsTest, NonObjectLineFails) {
  std::string text = MixedFile();
  text += "this is not json\n";  // line 27
  text += SignInLine(96, "2024-06-03T20:00:00Z") + "\n";
  Write(text);

  Result<BatchReport> parts = Ingest(dir_ / "parts.db", kSmallParts);
  Result<BatchReport> whole = Ingest(dir_ / "whole.db", kWhole);

  ASSERT_FALSE(parts.ok());
  EXPECT_EQ(parts.status().message(), whole.status().message());
  EXPECT_NE(parts.status().message().find("signins.json:27: invalid JSON at byte "),
            std::string::npos)
      << parts.status().message();
  EXPECT_NE(parts.status().message().find("(the record starts 'this is not json')"),
            std::string::npos)
      << parts.status().message();
}

TEST_F(IngestInPartsTest, NonObjectLineSkipped) {
  std::string text = MixedFile();
  text += "this is not json\n";
  text += SignInLine(96, "2024-06-03T20:00:00Z") + "\n";
  Write(text);
  std::unique_ptr<SqliteStore> store = OpenTestStore(dir_ / "parts.db");
  IngestRequest request;
  request.path = file_;
  request.part_bytes = kSmallParts;
  request.options.on_error = OnError::kSkip;

  Result<std::optional<BatchReport>> report = IngestInParts(*store, request);

  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_TRUE(report->has_value());
  EXPECT_EQ((*report)->added, 25);
  ASSERT_EQ((*report)->rejects.size(), 1u);
  EXPECT_EQ((*report)->rejects[0].line, 27);
}

TEST(LinePartReaderTest, PartsEndAtLineEnds) {
  TempDir dir;
  const std::string text = "\xEF\xBB\xBF" "aaaa\nbb\ncccccc\nd";
  WriteFileBytes(dir / "lines.txt", text);
  Result<LinePartReader> reader = LinePartReader::Open(dir / "lines.txt", 6);
  ASSERT_TRUE(reader.ok());

  std::vector<std::string> parts;
  std::vector<int64_t> lines;
  std::vector<int64_t> offsets;
  while (true) {
    Result<LinePart> part = reader->Next();
    ASSERT_TRUE(part.ok());
    if (part->bytes.empty()) break;
    parts.push_back(part->bytes);
    lines.push_back(part->first_line);
    offsets.push_back(part->first_offset);
  }

  // Each part is filled to 6 bytes, then to its last line end; the byte
  // order mark is left out and offsets count after it.
  EXPECT_EQ(parts, (std::vector<std::string>{"aaaa\nbb\n", "cccccc\nd"}));
  EXPECT_EQ(lines, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(offsets, (std::vector<int64_t>{0, 8}));
  EXPECT_EQ(*reader->FinishSha256(), *Sha256Hex(text));
}

TEST(LinePartReaderTest, MissingFileIsIoError) {
  TempDir dir;

  Result<LinePartReader> reader = LinePartReader::Open(dir / "absent.json", 64);

  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace signtrail::testing
