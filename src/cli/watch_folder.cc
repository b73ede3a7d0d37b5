#include "cli/watch_folder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "export/atomic_file.h"

namespace signtrail::cli {
namespace {

constexpr std::string_view kProcessedFolder = "processed";
constexpr std::string_view kRejectedFolder = "rejected";
constexpr std::string_view kLockFileName = ".signtrail-watch.lock";

// processed/NAME, then NAME.1 to NAME.9999: a limit, so that a full folder
// ends in an error instead of a long loop.
constexpr int kMaxNameSuffix = 9999;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string ErrnoText(int error_number) { return std::strerror(error_number); }

FileStamp StampOf(const struct stat& info) {
  FileStamp stamp;
  stamp.size = static_cast<uintmax_t>(info.st_size);
  stamp.modified_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
                      static_cast<int64_t>(info.st_mtim.tv_nsec);
  stamp.device = info.st_dev;
  stamp.inode = info.st_ino;
  return stamp;
}

// The stamp of a regular file at `path`. Returns nullopt when the path is
// missing or is not a regular file; lstat does not follow symbolic links.
Result<std::optional<FileStamp>> ReadRegularFileStamp(const std::filesystem::path& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return std::optional<FileStamp>();
    return Status::IoError(
        fmt::format("cannot read the size and time of {}: {}", path.string(), ErrnoText(errno)));
  }
  if (!S_ISREG(info.st_mode)) return std::optional<FileStamp>();
  return std::optional<FileStamp>(StampOf(info));
}

bool PathExists(const std::filesystem::path& path) {
  struct stat info {};
  return lstat(path.c_str(), &info) == 0 || errno != ENOENT;
}

// Renames `from` to `to` unless `to` exists; returns false when it does.
// RENAME_NOREPLACE makes the check and the rename one step. File systems
// without it get link() and unlink(), which also fail on an existing name.
Result<bool> RenameNoReplace(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno == EEXIST) return false;
  if (errno != EINVAL && errno != ENOSYS) {
    return Status::IoError(
        fmt::format("cannot move {} to {}: {}", from.string(), to.string(), ErrnoText(errno)));
  }

  if (link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST) return false;
    return Status::IoError(
        fmt::format("cannot move {} to {}: {}", from.string(), to.string(), ErrnoText(errno)));
  }
  if (unlink(from.c_str()) != 0) {
    const int unlink_error = errno;
    unlink(to.c_str());  // undo the link, so the file keeps one name
    return Status::IoError(fmt::format("cannot move {} to {}: {}", from.string(), to.string(),
                                       ErrnoText(unlink_error)));
  }
  return true;
}

// NAME for attempt 0, then NAME.1, NAME.2, ...
std::string SuffixedName(const std::string& name, int attempt) {
  return attempt == 0 ? name : fmt::format("{}.{}", name, attempt);
}

Status FolderFullError(const std::filesystem::path& folder, const std::string& name) {
  return Status::IoError(fmt::format(
      "cannot move {} into {}: the names {} to {}.{} are all taken; move old files out of {}", name,
      folder.string(), name, name, kMaxNameSuffix, folder.string()));
}

Status WriteReasonFile(const std::filesystem::path& path, const std::string& file_name,
                       std::string_view reason, Instant now) {
  Result<std::unique_ptr<AtomicFile>> file = AtomicFile::Create(path);
  if (!file.ok()) return file.status();
  (*file)->stream() << "file: " << file_name << "\n"
                    << "rejected at: " << FormatUtc(now) << "\n"
                    << "error: " << reason << "\n"
                    << "Nothing from this file was stored. Fix the file and drop it into the "
                       "folder again.\n";
  return (*file)->Commit();
}

Status CreateFolder(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (!error && std::filesystem::is_directory(path, error)) return Status::Ok();
  return Status::IoError(fmt::format("cannot create the folder {}: {}", path.string(),
                                     error ? error.message() : "a file of that name exists"));
}

}  // namespace

bool IsIgnoredName(std::string_view name) {
  return name.empty() || name.front() == '.' || EndsWith(name, ".tmp") || EndsWith(name, ".part");
}

DropFolder::DropFolder(std::filesystem::path folder, WatchClock::duration settle)
    : folder_(std::move(folder)),
      processed_(folder_ / kProcessedFolder),
      rejected_(folder_ / kRejectedFolder),
      settle_(settle) {}

DropFolder::~DropFolder() {
  if (lock_fd_ >= 0) close(lock_fd_);  // closing releases the flock
}

Status DropFolder::Prepare() {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(folder_, error);
  if (!std::filesystem::exists(status)) {
    return Status::NotFound(fmt::format(
        "drop folder {} not found; create it or pass an existing folder", folder_.string()));
  }
  if (!std::filesystem::is_directory(status)) {
    return Status::InvalidArgument(fmt::format(
        "{} is not a folder; pass the folder that exports are dropped into", folder_.string()));
  }

  for (const std::filesystem::path& subfolder : {processed_, rejected_}) {
    Status created = CreateFolder(subfolder);
    if (!created.ok()) return created;
  }

  const std::filesystem::path lock_path = folder_ / kLockFileName;
  lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) {
    return Status::IoError(
        fmt::format("cannot open the lock file {}: {}", lock_path.string(), ErrnoText(errno)));
  }
  if (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return Status::Conflict(fmt::format(
          "drop folder {} is already watched by another signtrail watch (it holds {}); stop "
          "that one first",
          folder_.string(), lock_path.string()));
    }
    return Status::IoError(fmt::format("cannot lock {}: {}", lock_path.string(), ErrnoText(errno)));
  }
  return Status::Ok();
}

Result<FolderScan> DropFolder::Scan(WatchClock::time_point now) {
  std::error_code error;
  std::filesystem::directory_iterator entry(folder_, error);
  if (error) {
    return Status::IoError(
        fmt::format("cannot list the drop folder {}: {}", folder_.string(), error.message()));
  }

  FolderScan scan;
  std::set<std::string> present;
  for (; entry != std::filesystem::directory_iterator(); entry.increment(error)) {
    if (error) break;
    const std::string name = entry->path().filename().string();
    if (IsIgnoredName(name)) continue;
    Result<std::optional<FileStamp>> stamp = ReadRegularFileStamp(entry->path());
    if (!stamp.ok()) return stamp.status();
    if (!stamp->has_value()) continue;  // gone since listing, or not a regular file

    present.insert(name);
    DroppedFile file{name, entry->path(), **stamp};
    auto [observation, inserted] = observations_.try_emplace(name, Observation{file.stamp, now});
    if (inserted) scan.new_files.push_back(file);
    if (observation->second.stamp != file.stamp) observation->second = Observation{file.stamp, now};
    if (now - observation->second.unchanged_since >= settle_) scan.settled.push_back(file);
  }
  if (error) {
    return Status::IoError(
        fmt::format("cannot list the drop folder {}: {}", folder_.string(), error.message()));
  }

  std::erase_if(observations_, [&](const auto& item) { return !present.contains(item.first); });
  std::sort(scan.settled.begin(), scan.settled.end(),
            [](const DroppedFile& a, const DroppedFile& b) {
              return std::tie(a.stamp.modified_ns, a.name) < std::tie(b.stamp.modified_ns, b.name);
            });
  return scan;
}

Result<std::optional<FileStamp>> DropFolder::CurrentStamp(const DroppedFile& file) const {
  return ReadRegularFileStamp(file.path);
}

void DropFolder::Forget(const std::string& name) { observations_.erase(name); }

Result<std::filesystem::path> DropFolder::MoveToProcessed(const DroppedFile& file) {
  for (int attempt = 0; attempt <= kMaxNameSuffix; ++attempt) {
    const std::filesystem::path target = processed_ / SuffixedName(file.name, attempt);
    Result<bool> moved = RenameNoReplace(file.path, target);
    if (!moved.ok()) return moved.status();
    if (*moved) {
      observations_.erase(file.name);
      return target;
    }
  }
  return FolderFullError(processed_, file.name);
}

Result<std::filesystem::path> DropFolder::MoveToRejected(const DroppedFile& file,
                                                         std::string_view reason, Instant now) {
  for (int attempt = 0; attempt <= kMaxNameSuffix; ++attempt) {
    const std::filesystem::path target = rejected_ / SuffixedName(file.name, attempt);
    if (PathExists(target)) continue;

    // The reason first: a crash between the two steps leaves the file in
    // the drop folder, to be rejected again, and never a rejected file
    // without its reason. A reason file left behind by such a crash is
    // replaced.
    Status written = WriteReasonFile(ReasonPath(target), file.name, reason, now);
    if (!written.ok()) return written;
    Result<bool> moved = RenameNoReplace(file.path, target);
    if (!moved.ok()) return moved.status();
    if (*moved) {
      observations_.erase(file.name);
      return target;
    }
  }
  return FolderFullError(rejected_, file.name);
}

std::filesystem::path DropFolder::ReasonPath(const std::filesystem::path& rejected_file) {
  std::filesystem::path reason = rejected_file;
  reason += ".reason.txt";
  return reason;
}

}  // namespace signtrail::cli
