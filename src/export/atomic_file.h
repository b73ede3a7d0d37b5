#ifndef SIGNTRAIL_EXPORT_ATOMIC_FILE_H_
#define SIGNTRAIL_EXPORT_ATOMIC_FILE_H_

#include <array>
#include <filesystem>
#include <memory>
#include <ostream>
#include <streambuf>

#include "model/status.h"

namespace signtrail {

// A stream buffer over a POSIX file descriptor that keeps the errno of the
// first failed write. It does not own the descriptor.
class FdStreamBuffer : public std::streambuf {
 public:
  explicit FdStreamBuffer(int fd);

  int write_error() const { return write_error_; }  // 0 when every write succeeded

 protected:
  int_type overflow(int_type ch) override;
  int sync() override;

 private:
  bool WriteBuffered();

  int fd_;
  int write_error_ = 0;
  std::array<char, 64 * 1024> buffer_;
};

// A file written under a temporary name in the target's folder and renamed
// onto the target by Commit, so the target is either absent, the old file, or
// the complete new file. Destroying an AtomicFile that was not committed
// removes the temporary file.
class AtomicFile {
 public:
  // Creates `.<name>.tmp-<random>` beside `target` with mode 0666 less the
  // umask. Returns IoError naming the folder when it cannot.
  static Result<std::unique_ptr<AtomicFile>> Create(const std::filesystem::path& target);

  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return stream_; }
  const std::filesystem::path& temporary_path() const { return temporary_path_; }

  // IoError with the errno text when a write has failed, else Ok.
  Status WriteStatus() const;

  // Flushes, syncs the data to disk and renames the file onto the target.
  // Syncing the folder afterwards is best effort.
  Status Commit();

 private:
  AtomicFile(std::filesystem::path target, std::filesystem::path temporary_path, int fd);

  std::filesystem::path target_;
  std::filesystem::path temporary_path_;
  int fd_;
  bool committed_ = false;
  FdStreamBuffer buffer_;
  std::ostream stream_;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_EXPORT_ATOMIC_FILE_H_
