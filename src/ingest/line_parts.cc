#include "ingest/line_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

namespace signtrail {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

Status CannotRead(const std::filesystem::path& path, int error_number) {
  return Status::IoError(
      fmt::format("cannot read {}: {}", path.string(), std::strerror(error_number)));
}

}  // namespace

Result<LinePartReader> LinePartReader::Open(const std::filesystem::path& path,
                                            size_t part_bytes) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (file == nullptr) return CannotRead(path, errno);
  return LinePartReader(path, std::move(file), std::max<size_t>(part_bytes, 1));
}

LinePartReader::LinePartReader(std::filesystem::path path,
                               std::unique_ptr<std::FILE, FileCloser> file, size_t part_bytes)
    : path_(std::move(path)), file_(std::move(file)), part_bytes_(part_bytes) {}

Result<bool> LinePartReader::ReadMore(std::string& bytes, size_t size) {
  const size_t old_size = bytes.size();
  bytes.resize(old_size + size);
  const size_t read = std::fread(bytes.data() + old_size, 1, size, file_.get());
  bytes.resize(old_size + read);
  if (std::ferror(file_.get())) return CannotRead(path_, errno);
  sha256_->Update(std::string_view(bytes).substr(old_size));
  return read == size;
}

Result<LinePart> LinePartReader::Next() {
  LinePart part;
  part.bytes = std::move(carry_);
  carry_.clear();

  // Fill to the part size, then on until a line end is in the part.
  size_t searched = 0;
  size_t cut = std::string::npos;
  while (!at_end_) {
    const size_t to_read = part.bytes.size() < part_bytes_ ? part_bytes_ - part.bytes.size()
                                                           : part_bytes_;
    Result<bool> more = ReadMore(part.bytes, to_read);
    if (!more.ok()) return more.status();
    at_end_ = !*more;
    if (part.bytes.size() < part_bytes_ && !at_end_) continue;
    cut = part.bytes.rfind('\n');
    if (cut != std::string::npos && cut >= searched) break;
    searched = part.bytes.size();
  }
  if (at_end_) {
    cut = part.bytes.size() - 1;  // the rest of the file, line end or not
  } else {
    carry_.assign(part.bytes, cut + 1, std::string::npos);
    part.bytes.resize(cut + 1);
  }

  if (at_start_) {
    at_start_ = false;
    if (part.bytes.starts_with(kUtf8Bom)) part.bytes.erase(0, kUtf8Bom.size());
  }
  part.first_line = next_line_;
  part.first_offset = next_offset_;
  next_line_ += std::count(part.bytes.begin(), part.bytes.end(), '\n');
  next_offset_ += static_cast<int64_t>(part.bytes.size());
  return part;
}

}  // namespace signtrail
