#include "ledger/key_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <regex>
#include <string>

#include "testing/test_files.h"

namespace signtrail::ledger {
namespace {

using signtrail::testing::ReadFileBytes;
using signtrail::testing::TempDir;
using signtrail::testing::WriteFileBytes;

constexpr std::string_view kSignerKeyText =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";

SignerKey ExampleSigner() {
  Result<SignerKey> key = ParseSignerKey(kSignerKeyText);
  EXPECT_TRUE(key.ok()) << key.status().message();
  return key.ok() ? *key : SignerKey();
}

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

// Sets the process umask for the lifetime of the object.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : previous_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(previous_); }

 private:
  mode_t previous_;
};

TEST(WriteSignerKeyFile, WritesKeyTextAndNewline) {
  TempDir dir;
  ASSERT_TRUE(WriteSignerKeyFile(dir / "log.key", ExampleSigner()).ok());
  EXPECT_EQ(ReadFileBytes(dir / "log.key"), std::string(kSignerKeyText) + "\n");
}

TEST(WriteSignerKeyFile, Mode0600WithUmaskZero) {
  TempDir dir;
  {
    ScopedUmask umask_zero(0);
    ASSERT_TRUE(WriteSignerKeyFile(dir / "log.key", ExampleSigner()).ok());
  }
  EXPECT_EQ(ModeOf(dir / "log.key"), 0600u);
}

TEST(WriteSignerKeyFile, Mode0600WithStrictUmask) {
  TempDir dir;
  {
    ScopedUmask umask_strict(0277);
    ASSERT_TRUE(WriteSignerKeyFile(dir / "log.key", ExampleSigner()).ok());
  }
  EXPECT_EQ(ModeOf(dir / "log.key"), 0600u);
}

TEST(WriteSignerKeyFile, ExistingFileKept) {
  TempDir dir;
  WriteFileBytes(dir / "log.key", "an older key\n");
  const Status status = WriteSignerKeyFile(dir / "log.key", ExampleSigner());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(ReadFileBytes(dir / "log.key"), "an older key\n");
}

TEST(WriteSignerKeyFile, SymlinkNotFollowed) {
  TempDir dir;
  std::filesystem::create_symlink(dir / "target", dir / "log.key");
  const Status status = WriteSignerKeyFile(dir / "log.key", ExampleSigner());
  ASSERT_FALSE(status.ok());
  EXPECT_FALSE(std::filesystem::exists(dir / "target"));
}

TEST(WriteSignerKeyFile, MissingFolderFails) {
  TempDir dir;
  const Status status = WriteSignerKeyFile(dir / "missing" / "log.key", ExampleSigner());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

TEST(ReadSignerKeyFile, RoundTrip) {
  TempDir dir;
  ASSERT_TRUE(WriteSignerKeyFile(dir / "log.key", ExampleSigner()).ok());
  Result<SignerKey> key = ReadSignerKeyFile(dir / "log.key");
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(FormatSignerKey(*key), kSignerKeyText);
}

TEST(ReadSignerKeyFile, AcceptsMissingNewline) {
  TempDir dir;
  WriteFileBytes(dir / "log.key", kSignerKeyText);
  std::filesystem::permissions(dir / "log.key", std::filesystem::perms::owner_read);
  Result<SignerKey> key = ReadSignerKeyFile(dir / "log.key");
  ASSERT_TRUE(key.ok()) << key.status().message();
  EXPECT_EQ(key->name, "PeterNeumann");
}

TEST(ReadSignerKeyFile, Mode0644Rejected) {
  TempDir dir;
  ASSERT_TRUE(WriteSignerKeyFile(dir / "log.key", ExampleSigner()).ok());
  ASSERT_EQ(::chmod((dir / "log.key").c_str(), 0644), 0);
  Result<SignerKey> key = ReadSignerKeyFile(dir / "log.key");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(key.status().message(),
            "signer key file '" + (dir / "log.key").string() +
                "' has mode 0644, which lets group or others read the private key; run 'chmod "
                "600 " +
                (dir / "log.key").string() + "'");
}

TEST(ReadSignerKeyFile, GroupReadableRejected) {
  TempDir dir;
  ASSERT_TRUE(WriteSignerKeyFile(dir / "log.key", ExampleSigner()).ok());
  ASSERT_EQ(::chmod((dir / "log.key").c_str(), 0640), 0);
  EXPECT_FALSE(ReadSignerKeyFile(dir / "log.key").ok());
}

TEST(ReadSignerKeyFile, MissingFileNotFound) {
  TempDir dir;
  Result<SignerKey> key = ReadSignerKeyFile(dir / "log.key");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kNotFound);
}

TEST(ReadSignerKeyFile, BadKeyTextRejected) {
  TempDir dir;
  WriteFileBytes(dir / "log.key", "PRIVATE+KEY+PeterNeumann+c74f20a3+not-a-key\n");
  ASSERT_EQ(::chmod((dir / "log.key").c_str(), 0600), 0);
  Result<SignerKey> key = ReadSignerKeyFile(dir / "log.key");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(key.status().message().rfind("signer key file '" + (dir / "log.key").string() + "': ", 0),
            0u)
      << key.status().message();
}

TEST(ReadSignerKeyFile, VerifierKeyRejected) {
  TempDir dir;
  WriteFileBytes(dir / "log.key",
                 "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW\n");
  ASSERT_EQ(::chmod((dir / "log.key").c_str(), 0600), 0);
  EXPECT_FALSE(ReadSignerKeyFile(dir / "log.key").ok());
}

TEST(ReadSignerKeyFile, FolderRejected) {
  TempDir dir;
  std::filesystem::create_directory(dir / "log.key");
  ASSERT_EQ(::chmod((dir / "log.key").c_str(), 0700), 0);
  EXPECT_FALSE(ReadSignerKeyFile(dir / "log.key").ok());
}

TEST(ReadSignerKeyFile, FifoRejected) {
  TempDir dir;
  ASSERT_EQ(::mkfifo((dir / "log.key").c_str(), 0600), 0);
  Result<SignerKey> key = ReadSignerKeyFile(dir / "log.key");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message(),
            "signer key file '" + (dir / "log.key").string() + "' is not a regular file");
}

TEST(DefaultOrigin, Shape) {
  Result<std::string> origin = DefaultOrigin();
  ASSERT_TRUE(origin.ok()) << origin.status().message();
  EXPECT_TRUE(std::regex_match(*origin, std::regex("[A-Za-z0-9.-]+/signtrail/[0-9a-f]{8}")))
      << *origin;
  EXPECT_TRUE(IsValidKeyName(*origin)) << *origin;
}

TEST(DefaultOrigin, SuffixIsRandom) {
  Result<std::string> first = DefaultOrigin();
  Result<std::string> second = DefaultOrigin();
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*first, *second);
}

}  // namespace
}  // namespace signtrail::ledger
