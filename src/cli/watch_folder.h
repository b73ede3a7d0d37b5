#ifndef SIGNTRAIL_CLI_WATCH_FOLDER_H_
#define SIGNTRAIL_CLI_WATCH_FOLDER_H_

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/instant.h"
#include "model/status.h"

namespace signtrail::cli {

using WatchClock = std::chrono::steady_clock;

// A regular file's size, modification time and inode. Any write changes the
// size or the modification time; a replacement changes the inode.
struct FileStamp {
  uintmax_t size = 0;
  int64_t modified_ns = 0;  // nanoseconds since the Unix epoch
  dev_t device = 0;
  ino_t inode = 0;

  bool operator==(const FileStamp&) const = default;
};

// A file waiting in the drop folder.
struct DroppedFile {
  std::string name;  // file name inside the folder, no directory part
  std::filesystem::path path;
  FileStamp stamp;
};

// The result of one scan of the folder.
struct FolderScan {
  std::vector<DroppedFile> settled;    // unchanged for the settle time, oldest first
  std::vector<DroppedFile> new_files;  // seen for the first time by this scan
};

// The drop folder of `signtrail watch`: finds files that have stopped
// changing and moves them to processed/ or rejected/ without overwriting.
//
// A candidate is a regular file directly inside the folder whose name does
// not start with '.' and does not end with ".tmp" or ".part". Symbolic links,
// subfolders (processed/ and rejected/ included) and other files are ignored.
// A candidate is settled once its FileStamp has stayed the same over scans
// that span at least the settle time. The clock starts at the first scan
// that sees the current stamp, so a file that was already in the folder when
// watching began also waits the whole settle time.
//
// The class does no logging; it returns values and Status.
class DropFolder {
 public:
  DropFolder(std::filesystem::path folder, WatchClock::duration settle);
  ~DropFolder();
  DropFolder(const DropFolder&) = delete;
  DropFolder& operator=(const DropFolder&) = delete;

  // Checks that the folder exists, creates processed/ and rejected/, and
  // locks the folder (flock on `.signtrail-watch.lock`) so that a second
  // watch on it fails with Conflict. NotFound when the folder is missing,
  // InvalidArgument when it is not a folder, IoError when a step fails.
  Status Prepare();

  const std::filesystem::path& folder() const { return folder_; }

  // Lists the candidates, updates their stamps and returns the settled ones,
  // ordered by modification time and then name. IoError when the folder
  // cannot be listed.
  Result<FolderScan> Scan(WatchClock::time_point now);

  // The file's stamp now; nullopt when it no longer exists.
  Result<std::optional<FileStamp>> CurrentStamp(const DroppedFile& file) const;

  // Forgets the file's stamp, so it must settle again before the next Scan
  // returns it.
  void Forget(const std::string& name);

  // Moves the file to processed/NAME, or processed/NAME.1, NAME.2, ... when
  // that name is taken; never replaces a file. Returns the new path.
  Result<std::filesystem::path> MoveToProcessed(const DroppedFile& file);

  // Writes rejected/NAME.reason.txt with `reason` and the time `now`, then
  // moves the file to rejected/NAME. A taken name gets a suffix as in
  // MoveToProcessed, and the reason file follows the chosen name. Returns
  // the new path of the file.
  Result<std::filesystem::path> MoveToRejected(const DroppedFile& file, std::string_view reason,
                                               Instant now);

  static std::filesystem::path ReasonPath(const std::filesystem::path& rejected_file);

 private:
  struct Observation {
    FileStamp stamp;
    WatchClock::time_point unchanged_since;
  };

  std::filesystem::path folder_;
  std::filesystem::path processed_;
  std::filesystem::path rejected_;
  WatchClock::duration settle_;
  std::map<std::string, Observation> observations_;
  int lock_fd_ = -1;
};

// True for names the drop folder never reads: dot-files and partial copies.
bool IsIgnoredName(std::string_view name);

}  // namespace signtrail::cli

#endif  // SIGNTRAIL_CLI_WATCH_FOLDER_H_
