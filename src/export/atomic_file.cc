#include "export/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include <fmt/format.h>

namespace signtrail {
namespace {

constexpr int kCreateAttempts = 16;

std::string ErrnoText(int error) { return std::strerror(error); }

std::filesystem::path FolderOf(const std::filesystem::path& target) {
  const std::filesystem::path parent = target.parent_path();
  return parent.empty() ? std::filesystem::path(".") : parent;
}

// Syncs a folder so a rename inside it survives a power loss. Errors are
// ignored: the rename has already happened, and some file systems reject a
// folder fsync.
void SyncFolder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

FdStreamBuffer::FdStreamBuffer(int fd) : fd_(fd) {
  setp(buffer_.data(), buffer_.data() + buffer_.size());
}

FdStreamBuffer::int_type FdStreamBuffer::overflow(int_type ch) {
  if (!WriteBuffered()) return traits_type::eof();
  if (!traits_type::eq_int_type(ch, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(ch);
    pbump(1);
  }
  return traits_type::not_eof(ch);
}

int FdStreamBuffer::sync() { return WriteBuffered() ? 0 : -1; }

bool FdStreamBuffer::WriteBuffered() {
  if (write_error_ != 0) return false;
  const char* data = pbase();
  size_t remaining = static_cast<size_t>(pptr() - pbase());
  while (remaining > 0) {
    const ssize_t written = ::write(fd_, data, remaining);
    if (written < 0) {
      if (errno == EINTR) continue;
      write_error_ = errno;
      return false;
    }
    data += written;
    remaining -= static_cast<size_t>(written);
  }
  setp(buffer_.data(), buffer_.data() + buffer_.size());
  return true;
}

Result<std::unique_ptr<AtomicFile>> AtomicFile::Create(const std::filesystem::path& target) {
  const std::filesystem::path folder = FolderOf(target);
  std::random_device random;
  int error = 0;
  for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
    const std::filesystem::path temporary_path =
        folder / fmt::format(".{}.tmp-{:08x}", target.filename().string(), random());
    const int fd =
        ::open(temporary_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      return std::unique_ptr<AtomicFile>(new AtomicFile(target, temporary_path, fd));
    }
    error = errno;
    if (error != EEXIST) break;
  }
  return Status::IoError(fmt::format(
      "cannot create a file in folder '{}' for '{}': {}; check that the folder exists and is "
      "writable",
      folder.string(), target.string(), ErrnoText(error)));
}

AtomicFile::AtomicFile(std::filesystem::path target, std::filesystem::path temporary_path, int fd)
    : target_(std::move(target)),
      temporary_path_(std::move(temporary_path)),
      fd_(fd),
      buffer_(fd),
      stream_(&buffer_) {}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temporary_path_.c_str());
}

Status AtomicFile::WriteStatus() const {
  if (buffer_.write_error() == 0) return Status::Ok();
  return Status::IoError(fmt::format("writing '{}' failed: {}; free space or choose another folder",
                                     target_.string(), ErrnoText(buffer_.write_error())));
}

Status AtomicFile::Commit() {
  stream_.flush();
  if (Status written = WriteStatus(); !written.ok()) return written;
  if (!stream_.good()) {
    return Status::IoError(fmt::format("writing '{}' failed", target_.string()));
  }

  if (::fsync(fd_) != 0) {
    return Status::IoError(
        fmt::format("syncing '{}' to disk failed: {}", target_.string(), ErrnoText(errno)));
  }
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) {
    return Status::IoError(
        fmt::format("closing '{}' failed: {}", target_.string(), ErrnoText(errno)));
  }

  if (std::rename(temporary_path_.c_str(), target_.c_str()) != 0) {
    return Status::IoError(fmt::format("renaming '{}' to '{}' failed: {}",
                                       temporary_path_.string(), target_.string(),
                                       ErrnoText(errno)));
  }
  committed_ = true;
  SyncFolder(FolderOf(target_));
  return Status::Ok();
}

}  // namespace signtrail
