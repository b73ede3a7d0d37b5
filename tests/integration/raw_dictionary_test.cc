// Raw-record dictionaries through the real binary: which batches train one,
// and what `signtrail verify` reports when the sqlite3 command-line
// tool changes or deletes the stored dictionary.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "integration/ledger_test_support.h"
#include "integration/run_binary.h"
#include "store/raw_dictionary.h"
#include "store/sha256.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

// Writes `count` Entra sign-in records, one JSON object per line, numbered
// from `first`, with the varied ids, names and addresses of real exports.
void WriteSignIns(const std::filesystem::path& path, int first, int count) {
  std::string lines;
  for (int i = first; i < first + count; ++i) {
    lines += fmt::format(
        R"({{"id":"rec-{0:06}-7d4f-4a2b","createdDateTime":"2026-11-{1:02}T{2:02}:{3:02}:{4:02}Z",)"
        R"("userDisplayName":"User {5}","userPrincipalName":"user{5}@contoso.example",)"
        R"("userId":"00000000-0000-4000-8000-{5:012}","appDisplayName":"Office 365 Exchange Online",)"
        R"("ipAddress":"203.0.113.{6}","clientAppUsed":"Browser","correlationId":"c{0:08x}",)"
        R"("status":{{"errorCode":{7},"failureReason":"{8}"}},)"
        R"("location":{{"city":"City {9}","countryOrRegion":"NL"}},)"
        R"("deviceDetail":{{"operatingSystem":"Windows 11","browser":"Edge {10}.0"}}}})"
        "\n",
        i, 1 + i % 28, i % 24, i % 60, (i * 7) % 60, i % 97, i % 250, i % 5 == 0 ? 50126 : 0,
        i % 5 == 0 ? "Invalid username or password." : "Other.", i % 13, 100 + i % 30);
  }
  WriteFileBytes(path, lines);
}

class RawDictionaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"init", "--db", "audit.db"}).exit_code, 0);
  }

  RunResult Run(const std::vector<std::string>& args) { return RunSignTrail(args, dir_.path()); }

  void Ingest(const std::string& name, int first, int count) {
    WriteSignIns(dir_ / name, first, count);
    RunResult ingest = Run({"ingest", "--db", "audit.db", "--format", "entra-json", name});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  }

  std::string Sql(const std::string& sql) { return RunSqlite3(dir_ / "audit.db", sql); }

  // The stored dictionary's bytes, through a file, because the hex of 64 KiB
  // exceeds the length Linux allows for one command-line argument.
  std::string ReadDictionary() {
    const std::string path = (dir_ / "dictionary.bin").string();
    Sql(fmt::format("SELECT writefile('{}', bytes) FROM raw_dictionaries", path));
    return ReadFileBytes(path);
  }

  void WriteDictionary(const std::string& bytes) {
    const std::string path = (dir_ / "dictionary.bin").string();
    WriteFileBytes(path, bytes);
    Sql(fmt::format("UPDATE raw_dictionaries SET bytes = readfile('{}')", path));
  }

  TempDir dir_;
};

TEST_F(RawDictionaryTest, LargeBatchTrainsDictionary) {
  Ingest("a.json", 0, 1200);

  EXPECT_EQ(Sql("SELECT id, zstd_dict_id, format, batch_id FROM raw_dictionaries"),
            fmt::format("1|{}|entra-json|1\n", kFirstRawDictionaryId));
  const std::string bytes = ReadDictionary();
  EXPECT_LE(bytes.size(), kRawDictionaryMaxBytes);
  EXPECT_EQ(Sql("SELECT sha256 FROM raw_dictionaries"), *Sha256Hex(bytes) + "\n");
  RunResult verify = Run({"verify", "--db", "audit.db"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST_F(RawDictionaryTest, DictionaryShrinksFrames) {
  Ingest("a.json", 0, 1200);

  // With the dictionary, the frames keep less than a fifth of the bytes.
  const std::string ratio = Sql("SELECT sum(length(raw_zstd)) * 5 < sum(raw_length) FROM events");
  EXPECT_EQ(ratio, "1\n");
}

TEST_F(RawDictionaryTest, LaterBatchReusesDictionary) {
  Ingest("a.json", 0, 1200);
  Ingest("b.json", 5000, 1200);

  EXPECT_EQ(Sql("SELECT count(*) FROM raw_dictionaries"), "1\n");
  RunResult verify = Run({"verify", "--db", "audit.db"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST_F(RawDictionaryTest, SmallBatchKeepsPlainFrames) {
  Ingest("small.json", 0, static_cast<int>(kRawDictionaryMinRecords) - 1);

  EXPECT_EQ(Sql("SELECT count(*) FROM raw_dictionaries"), "0\n");
  RunResult verify = Run({"verify", "--db", "audit.db"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST_F(RawDictionaryTest, ChangedHeaderByteIsRawRecordChanged) {
  Ingest("a.json", 0, 1200);
  // Byte 8 follows the magic number and the id and starts the entropy
  // tables. zstd then rejects the dictionary, so no frame that names it
  // can be decompressed.
  std::string bytes = ReadDictionary();
  ASSERT_GT(bytes.size(), 8u);
  WriteDictionary(FlipByte(bytes, 8));

  RunResult verify = Run({"verify", "--db", "audit.db"});

  EXPECT_EQ(verify.exit_code, 3) << verify.out;
  const std::vector<std::string> heads = FindingHeads(verify.out);
  ASSERT_FALSE(heads.empty()) << verify.out;
  EXPECT_EQ(heads.front(), "raw-record-changed at index 0") << verify.out;
  for (const std::string& head : heads) {
    EXPECT_EQ(head.rfind("raw-record-changed at index ", 0), 0u) << verify.out;
  }
  EXPECT_NE(verify.out.find("the raw record of events row 1 (leaf 0) "), std::string::npos)
      << verify.out;
}

TEST_F(RawDictionaryTest, ChangedContentIsRawRecordChanged) {
  Ingest("a.json", 0, 1200);
  // Training puts the segments it found most useful at the end of the
  // content, so frames refer to the last kilobyte.
  std::string bytes = ReadDictionary();
  ASSERT_GT(bytes.size(), 1024u);
  for (size_t i = bytes.size() - 1024; i < bytes.size(); ++i) bytes = FlipByte(bytes, i);
  WriteDictionary(bytes);

  RunResult verify = Run({"verify", "--db", "audit.db"});

  EXPECT_EQ(verify.exit_code, 3) << verify.out;
  const std::vector<std::string> heads = FindingHeads(verify.out);
  ASSERT_FALSE(heads.empty()) << verify.out;
  for (const std::string& head : heads) {
    EXPECT_EQ(head.rfind("raw-record-changed at index ", 0), 0u) << verify.out;
  }
  EXPECT_NE(verify.out.find("but the row commits to"), std::string::npos) << verify.out;
}

TEST_F(RawDictionaryTest, DeletedDictionaryIsRawRecordChanged) {
  Ingest("a.json", 0, 1200);
  Sql("DELETE FROM raw_dictionaries");

  RunResult verify = Run({"verify", "--db", "audit.db"});

  EXPECT_EQ(verify.exit_code, 3) << verify.out;
  const std::vector<std::string> heads = FindingHeads(verify.out);
  ASSERT_FALSE(heads.empty()) << verify.out;
  EXPECT_EQ(heads.front(), "raw-record-changed at index 0") << verify.out;
  for (const std::string& head : heads) {
    EXPECT_EQ(head.rfind("raw-record-changed at index ", 0), 0u) << verify.out;
  }
  EXPECT_NE(verify.out.find(fmt::format(
                "the raw record of events row 1 (leaf 0) cannot be decompressed: the frame "
                "names zstd dictionary {0}, but raw_dictionaries has no row with zstd_dict_id {0}",
                kFirstRawDictionaryId)),
            std::string::npos)
      << verify.out;
}

}  // namespace
}  // namespace signtrail::testing
