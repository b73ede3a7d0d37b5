#ifndef SIGNTRAIL_INGEST_LINE_PARTS_H_
#define SIGNTRAIL_INGEST_LINE_PARTS_H_

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "model/status.h"
#include "store/sha256.h"

namespace signtrail {

// One part of a file read by LinePartReader.
struct LinePart {
  std::string bytes;         // whole lines; the file's last part may lack its line end
  int64_t first_line = 1;    // the 1-based line the part starts on
  int64_t first_offset = 0;  // where the part starts, counted after any UTF-8 byte order mark
};

// Reads a file in parts of about `part_bytes` that end at a line end, and
// hashes every byte of the file (SHA-256) on the way. A UTF-8 byte order
// mark at the start is hashed but left out of the first part. A line longer
// than a part makes that part longer, never splits the line.
class LinePartReader {
 public:
  // IoError "cannot read FILE: <reason>" when the file cannot be opened.
  static Result<LinePartReader> Open(const std::filesystem::path& path, size_t part_bytes);

  // The next part, or an empty part once the file is read. IoError on a
  // read error.
  Result<LinePart> Next();

  // The SHA-256 of every byte read, as lower-case hex; call after Next has
  // returned an empty part.
  Result<std::string> FinishSha256() { return sha256_->FinishHex(); }

  LinePartReader(LinePartReader&&) = default;

 private:
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };

  LinePartReader(std::filesystem::path path, std::unique_ptr<std::FILE, FileCloser> file,
                 size_t part_bytes);

  // Appends up to `size` bytes of the file to `bytes`; false at the end.
  Result<bool> ReadMore(std::string& bytes, size_t size);

  std::filesystem::path path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  size_t part_bytes_;
  std::unique_ptr<Sha256Stream> sha256_ = std::make_unique<Sha256Stream>();
  std::string carry_;         // bytes read after the last part's final line end
  bool at_start_ = true;
  bool at_end_ = false;
  int64_t next_line_ = 1;
  int64_t next_offset_ = 0;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_INGEST_LINE_PARTS_H_
