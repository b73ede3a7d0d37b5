#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/raw_compression.h"
#include "store/sha256.h"
#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

TEST(RawCompression, RoundTrips) {
  const std::string cases[] = {
      "",
      "2024-06-03T09:00:00Z,fmartin",
      std::string("\x00\xff\x01binary\r\n", 11),
      std::string(100'000, 'x'),
  };
  for (const std::string& raw : cases) {
    Result<std::string> frame = CompressRaw(raw);
    ASSERT_TRUE(frame.ok()) << frame.status().message();
    Result<std::string> restored = DecompressRaw(*frame);
    ASSERT_TRUE(restored.ok()) << restored.status().message();
    EXPECT_EQ(*restored, raw);
  }
}

TEST(RawCompression, CompressesRepeats) {
  Result<std::string> frame = CompressRaw(std::string(100'000, 'x'));

  ASSERT_TRUE(frame.ok()) << frame.status().message();
  EXPECT_LT(frame->size(), 100u);
}

TEST(RawCompression, DamagedFrameIsStoreError) {
  Result<std::string> frame = CompressRaw("some raw record bytes, long enough to compress");
  ASSERT_TRUE(frame.ok());
  std::string damaged = *frame;
  damaged.resize(damaged.size() - 3);

  Result<std::string> restored = DecompressRaw(damaged);

  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), StatusCode::kStoreError);
}

TEST(RawCompression, NotAFrameIsStoreError) {
  Result<std::string> restored = DecompressRaw("plain text");

  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), StatusCode::kStoreError);
  EXPECT_EQ(restored.status().message(),
            "stored raw record of 10 bytes is not a zstd frame with a content size");
}

TEST(Sha256Hex, KnownAnswers) {
  EXPECT_EQ(*Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(*Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// Reads one event's raw_zstd and raw_sha256 behind the store's back.
std::pair<std::string, std::string> StoredRaw(const std::filesystem::path& path,
                                              const std::string& record_id) {
  sqlite3* database = nullptr;
  sqlite3_open_v2(path.c_str(), &database, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(database, "SELECT raw_zstd, raw_sha256 FROM events WHERE record_id = ?1", -1,
                     &statement, nullptr);
  sqlite3_bind_text(statement, 1, record_id.c_str(), -1, SQLITE_TRANSIENT);
  std::pair<std::string, std::string> stored;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    stored.first.assign(static_cast<const char*>(sqlite3_column_blob(statement, 0)),
                        static_cast<size_t>(sqlite3_column_bytes(statement, 0)));
    stored.second = reinterpret_cast<const char*>(sqlite3_column_text(statement, 1));
  }
  sqlite3_finalize(statement);
  sqlite3_close(database);
  return stored;
}

TEST(StoredRaw, EventBytesRoundTrip) {
  TempDir dir;
  std::unique_ptr<SqliteStore> store = OpenTestStore(dir / "store.db");
  SignInEvent event = SignIn("r1", Utc(2024, 6, 3, 9), "u1");
  event.raw = std::string("{\"id\":\"r1\",\"note\":\"caf\xc3\xa9\"}\r\n\x00", 34);
  ASSERT_TRUE(store->CommitSignInBatch(Batch({event})).ok());

  const auto [raw_zstd, raw_sha256] = StoredRaw(dir / "store.db", "r1");

  EXPECT_NE(raw_zstd, event.raw);
  Result<std::string> restored = DecompressRaw(raw_zstd);
  ASSERT_TRUE(restored.ok()) << restored.status().message();
  EXPECT_EQ(*restored, event.raw);
  EXPECT_EQ(raw_sha256, *Sha256Hex(event.raw));
}

}  // namespace
}  // namespace signtrail::testing
