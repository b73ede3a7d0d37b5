#ifndef SIGNTRAIL_MODEL_STATUS_H_
#define SIGNTRAIL_MODEL_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace signtrail {

// The closed set of failure kinds that core code returns. The command line
// maps them to exit codes: the user-side kinds to 1, the rest to 2.
enum class StatusCode {
  kOk,
  kInvalidArgument,  // a bad option value or argument
  kInvalidInput,     // an input file that cannot be imported as given
  kNotFound,         // a file, source, entry or user that does not exist
  kConflict,         // the request contradicts what the store already holds
  kIoError,          // reading or writing a file failed
  kStoreError,       // the database failed or is damaged
  kInternal,         // a bug in signtrail
};

// The outcome of an operation: ok, or a code and a message that names the
// file, line, value and fix. Core code returns these instead of throwing.
class Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status InvalidInput(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status StoreError(std::string m) { return {StatusCode::kStoreError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // True for failures the user can fix by changing arguments or input.
  bool IsUserError() const {
    return code_ == StatusCode::kInvalidArgument || code_ == StatusCode::kInvalidInput ||
           code_ == StatusCode::kNotFound || code_ == StatusCode::kConflict ||
           code_ == StatusCode::kIoError;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }

  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_MODEL_STATUS_H_
