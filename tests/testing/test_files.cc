#include "testing/test_files.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <iterator>

namespace signtrail::testing {

std::string ReadFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteFileBytes(const std::filesystem::path& path, std::string_view bytes) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  EXPECT_TRUE(out.good()) << "cannot write " << path;
}

std::filesystem::path TestDataPath(std::string_view relative) {
  return std::filesystem::path(SIGNTRAIL_TEST_DATA) / relative;
}

std::filesystem::path RealDataPath(std::string_view relative) {
  return std::filesystem::path(SIGNTRAIL_REAL_DATA) / relative;
}

std::filesystem::path SamplesPath(std::string_view relative) {
  return std::filesystem::path(SIGNTRAIL_SAMPLES) / relative;
}

std::filesystem::path VectorsPath(std::string_view relative) {
  return std::filesystem::path(SIGNTRAIL_VECTORS) / relative;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "signtrail-test-XXXXXX").string();
  const char* made = mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr) << "mkdtemp failed for " << pattern;
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace signtrail::testing
