#include "ledger/key_file.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string_view>

namespace signtrail::ledger {
namespace {

// A key file contains one line of about 100 bytes, so a much larger file is
// not a key file.
constexpr size_t kMaxKeyFileBytes = 4096;
constexpr size_t kMaxHostNameBytes = 255;

// Closes a file descriptor when it goes out of scope.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  // Closes now and reports whether close succeeded (it can report a failed
  // delayed write).
  bool Close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

std::string ErrorText(int error) { return std::strerror(error); }

std::string Quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(ErrorText(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return Status::Ok();
}

Status WriteKeyText(FileDescriptor& file, std::string_view text) {
  // open() applies the umask to the mode, so set 0600 explicitly as well.
  if (::fchmod(file.get(), S_IRUSR | S_IWUSR) != 0) return Status::IoError(ErrorText(errno));
  if (Status status = WriteAll(file.get(), text); !status.ok()) return status;
  if (::fsync(file.get()) != 0) return Status::IoError(ErrorText(errno));
  if (!file.Close()) return Status::IoError(ErrorText(errno));
  return Status::Ok();
}

Result<std::string> ReadAll(int fd, const std::filesystem::path& path) {
  std::string text;
  char buffer[1024];
  while (true) {
    const ssize_t count = ::read(fd, buffer, sizeof buffer);
    if (count < 0) {
      if (errno == EINTR) continue;
      return Status::IoError("cannot read signer key file " + Quoted(path) + ": " +
                             ErrorText(errno));
    }
    if (count == 0) return text;
    text.append(buffer, static_cast<size_t>(count));
    if (text.size() > kMaxKeyFileBytes) {
      return Status::InvalidInput("signer key file " + Quoted(path) + " is larger than " +
                                  std::to_string(kMaxKeyFileBytes) +
                                  " bytes, so it is not a key file");
    }
  }
}

std::string ModeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

std::string SanitizeHostName(std::string_view host) {
  std::string name;
  for (char c : host) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '-';
    name += allowed ? c : '-';
  }
  return name;
}

}  // namespace

Status WriteSignerKeyFile(const std::filesystem::path& path, const SignerKey& key) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                        S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::Conflict("signer key file " + Quoted(path) +
                              " already exists; it is never overwritten. Move it away or choose "
                              "another path");
    }
    return Status::IoError("cannot create signer key file " + Quoted(path) + ": " +
                           ErrorText(errno));
  }
  FileDescriptor file(fd);

  if (Status status = WriteKeyText(file, FormatSignerKey(key) + "\n"); !status.ok()) {
    // A partial key file would block the next attempt (O_EXCL), so remove it.
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return Status::IoError("cannot write signer key file " + Quoted(path) + ": " +
                           status.message());
  }
  return Status::Ok();
}

Result<SignerKey> ReadSignerKeyFile(const std::filesystem::path& path) {
  // O_NONBLOCK keeps a FIFO at the path from blocking the open, and the
  // regular-file check below then rejects it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) {
      return Status::NotFound("signer key file " + Quoted(path) + " does not exist");
    }
    return Status::IoError("cannot open signer key file " + Quoted(path) + ": " +
                           ErrorText(errno));
  }
  FileDescriptor file(fd);

  struct stat info {};
  if (::fstat(file.get(), &info) != 0) {
    return Status::IoError("cannot read the mode of signer key file " + Quoted(path) + ": " +
                           ErrorText(errno));
  }
  if (!S_ISREG(info.st_mode)) {
    return Status::InvalidInput("signer key file " + Quoted(path) + " is not a regular file");
  }
  if ((info.st_mode & (S_IRGRP | S_IROTH)) != 0) {
    return Status::InvalidInput("signer key file " + Quoted(path) + " has mode " +
                                ModeText(info.st_mode) +
                                ", which lets group or others read the private key; run "
                                "'chmod 600 " +
                                path.string() + "'");
  }

  Result<std::string> text = ReadAll(file.get(), path);
  if (!text.ok()) return text.status();
  std::string_view key_text = *text;
  if (key_text.ends_with('\n')) key_text.remove_suffix(1);

  Result<SignerKey> key = ParseSignerKey(key_text);
  if (!key.ok()) {
    return Status::InvalidInput("signer key file " + Quoted(path) + ": " + key.status().message());
  }
  return key;
}

Result<std::string> DefaultOrigin() {
  char host[kMaxHostNameBytes + 1] = {};
  if (::gethostname(host, kMaxHostNameBytes) != 0) {
    return Status::IoError("cannot read the host name: " + ErrorText(errno));
  }
  std::string name = SanitizeHostName(host);
  // An empty host name is unusual, and "localhost" keeps the origin a valid key name.
  if (name.empty()) name = "localhost";

  unsigned char suffix[4];
  if (RAND_bytes(suffix, sizeof suffix) != 1) {
    return Status::Internal("the operating system's random source failed to give 4 bytes");
  }
  char hex[9];
  std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", suffix[0], suffix[1], suffix[2], suffix[3]);
  return name + "/signtrail/" + hex;
}

}  // namespace signtrail::ledger
