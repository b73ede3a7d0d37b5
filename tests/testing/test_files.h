#ifndef SIGNTRAIL_TESTS_TESTING_TEST_FILES_H_
#define SIGNTRAIL_TESTS_TESTING_TEST_FILES_H_

#include <filesystem>
#include <string>
#include <string_view>

namespace signtrail::testing {

// Reads a whole file as bytes; fails the current test when it cannot.
std::string ReadFileBytes(const std::filesystem::path& path);

// Writes bytes to a file, creating parent folders.
void WriteFileBytes(const std::filesystem::path& path, std::string_view bytes);

// Paths of the fixture folders, set by tests/CMakeLists.txt.
std::filesystem::path TestDataPath(std::string_view relative);  // tests/data/...
std::filesystem::path RealDataPath(std::string_view relative);  // ../shared/realdata/...
std::filesystem::path SamplesPath(std::string_view relative);   // samples/...
std::filesystem::path VectorsPath(std::string_view relative);   // ../shared/vectors/...

// A fresh empty folder under the system temp folder, removed when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace signtrail::testing

#endif  // SIGNTRAIL_TESTS_TESTING_TEST_FILES_H_
