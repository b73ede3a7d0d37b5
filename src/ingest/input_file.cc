#include "ingest/input_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace signtrail {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

Status CannotRead(const std::filesystem::path& path, int error_number) {
  return Status::IoError(
      fmt::format("cannot read {}: {}", path.string(), std::strerror(error_number)));
}

}  // namespace

Result<std::string> ReadInputFile(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) return CannotRead(path, errno);

  std::string bytes;
  char buffer[1 << 16];
  while (true) {
    const size_t read = std::fread(buffer, 1, sizeof(buffer), file.get());
    bytes.append(buffer, read);
    if (read < sizeof(buffer)) break;
  }
  // fread on a folder opens fine but fails with EISDIR here.
  if (std::ferror(file.get())) return CannotRead(path, errno);
  return bytes;
}

}  // namespace signtrail
