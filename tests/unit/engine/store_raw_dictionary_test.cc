#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>
#include <vector>

#include "store/raw_compression.h"
#include "store/raw_dictionary.h"
#include "store/raw_dictionary_store.h"
#include "store/sqlite_database.h"
#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

constexpr uint32_t kTestId = 40000;

// `count` events whose raw records look like Graph sign-in objects.
std::vector<SignInEvent> GraphEvents(int count) {
  std::vector<SignInEvent> events;
  for (int i = 0; i < count; ++i) {
    SignInEvent event = SignIn(fmt::format("r{}", i), Utc(2024, 6, 3, 9), "u1");
    event.raw = fmt::format(
        R"({{"id":"r{0:06}","createdDateTime":"2024-06-03T09:{1:02}:00Z","userId":"u{2}",)"
        R"("userPrincipalName":"user{2}@contoso.example","ipAddress":"198.51.100.{3}",)"
        R"("appDisplayName":"Portal","status":{{"errorCode":{4}}}}})",
        i, i % 60, i % 41, i % 200, i % 3 == 0 ? 50126 : 0);
    events.push_back(std::move(event));
  }
  return events;
}

TEST(RawDictionary, TrainedFrameNamesItsId) {
  Result<std::shared_ptr<const RawDictionary>> dictionary =
      TrainRawDictionary(GraphEvents(1200), kTestId);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().message();
  ASSERT_NE(*dictionary, nullptr);
  EXPECT_EQ((*dictionary)->zstd_dict_id(), kTestId);
  EXPECT_LE((*dictionary)->bytes().size(), kRawDictionaryMaxBytes);

  const std::string raw = GraphEvents(1300).back().raw;
  Result<std::string> frame = CompressRaw(raw, dictionary->get());
  ASSERT_TRUE(frame.ok()) << frame.status().message();
  EXPECT_EQ(RawFrameDictionaryId(*frame), kTestId);

  std::string restored;
  Status status = DecompressRawInto(*frame, &restored, dictionary->get());
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(restored, raw);
}

TEST(RawDictionary, FrameWithoutItsDictionaryIsStoreError) {
  Result<std::shared_ptr<const RawDictionary>> dictionary =
      TrainRawDictionary(GraphEvents(1200), kTestId);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().message();
  ASSERT_NE(*dictionary, nullptr);
  Result<std::string> frame = CompressRaw(GraphEvents(1).front().raw, dictionary->get());
  ASSERT_TRUE(frame.ok());

  Result<std::string> restored = DecompressRaw(*frame);

  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), StatusCode::kStoreError);
  EXPECT_EQ(restored.status().message(),
            fmt::format("stored raw record of {} bytes needs zstd dictionary 40000, which was "
                        "not supplied",
                        frame->size()));
}

TEST(RawDictionary, PlainFrameIgnoresDictionary) {
  Result<std::shared_ptr<const RawDictionary>> dictionary =
      TrainRawDictionary(GraphEvents(1200), kTestId);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().message();
  ASSERT_NE(*dictionary, nullptr);
  const std::string raw = GraphEvents(5).back().raw;
  Result<std::string> frame = CompressRaw(raw);
  ASSERT_TRUE(frame.ok());
  EXPECT_EQ(RawFrameDictionaryId(*frame), 0u);

  std::string restored;
  Status status = DecompressRawInto(*frame, &restored, dictionary->get());

  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(restored, raw);
}

TEST(RawDictionary, TrainingIsDeterministic) {
  Result<std::shared_ptr<const RawDictionary>> first =
      TrainRawDictionary(GraphEvents(1500), kTestId);
  Result<std::shared_ptr<const RawDictionary>> second =
      TrainRawDictionary(GraphEvents(1500), kTestId);

  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_NE(*first, nullptr);
  ASSERT_TRUE(second.ok()) << second.status().message();
  ASSERT_NE(*second, nullptr);
  EXPECT_EQ((*first)->bytes(), (*second)->bytes());
}

TEST(RawDictionary, TooFewRecordsTrainNothing) {
  Result<std::shared_ptr<const RawDictionary>> dictionary =
      TrainRawDictionary(GraphEvents(static_cast<int>(kRawDictionaryMinRecords) - 1), kTestId);

  ASSERT_TRUE(dictionary.ok()) << dictionary.status().message();
  EXPECT_EQ(*dictionary, nullptr);
}

TEST(RawDictionary, BytesWithoutIdAreInvalidInput) {
  Result<std::shared_ptr<const RawDictionary>> dictionary =
      RawDictionary::FromBytes("plain content, not a zstd dictionary");

  ASSERT_FALSE(dictionary.ok());
  EXPECT_EQ(dictionary.status().code(), StatusCode::kInvalidInput);
}

TEST(RawDictionarySet, MissingIdIsNamed) {
  Result<std::shared_ptr<const RawDictionary>> dictionary =
      TrainRawDictionary(GraphEvents(1200), kTestId);
  ASSERT_TRUE(dictionary.ok()) << dictionary.status().message();
  ASSERT_NE(*dictionary, nullptr);
  Result<std::string> frame = CompressRaw(GraphEvents(1).front().raw, dictionary->get());
  ASSERT_TRUE(frame.ok());
  const RawDictionarySet empty;

  std::string restored;
  Status status = empty.DecompressInto(*frame, &restored);

  EXPECT_EQ(status.code(), StatusCode::kStoreError);
  EXPECT_EQ(status.message(),
            "the frame names zstd dictionary 40000, but raw_dictionaries has no row with "
            "zstd_dict_id 40000");
}

TEST(RawDictionaryStore, LargeBatchStoresAndReadsDictionary) {
  TempDir dir;
  std::unique_ptr<SqliteStore> store = OpenTestStore(dir / "store.db");
  std::vector<SignInEvent> events = GraphEvents(1100);
  Result<BatchReport> report = store->CommitSignInBatch(Batch(events));
  ASSERT_TRUE(report.ok()) << report.status().message();
  store.reset();

  EXPECT_EQ(QueryRows(dir / "store.db", "SELECT zstd_dict_id, format FROM raw_dictionaries"),
            (std::vector<std::string>{fmt::format("{}|'entra-json'", kFirstRawDictionaryId)}));

  Result<SqliteDatabase> database = SqliteDatabase::Open(dir / "store.db");
  ASSERT_TRUE(database.ok()) << database.status().message();
  Result<SqliteStatement> select =
      database->Prepare("SELECT raw_zstd FROM events WHERE record_id = 'r1099'");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(RawFrameDictionaryId(select->BlobView(0)), kFirstRawDictionaryId);
  std::string restored;
  Status status = database->raw_dictionaries().DecompressInto(select->BlobView(0), &restored);
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(restored, events.back().raw);
}

}  // namespace
}  // namespace signtrail::testing
