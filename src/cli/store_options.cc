#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "cli/command.h"
#include "ledger/key_file.h"
#include "ledger/note.h"

namespace signtrail::cli {
namespace {

// How much of the store commands that only read map into memory: more than
// any store a machine of today holds, so the whole file is mapped.
constexpr int64_t kReadMapBytes = int64_t{1} << 40;

// The signer key and origin a new store is created with.
struct NewIdentity {
  ledger::SignerKey signer;
  std::string origin;
};

// True when the store file does not exist yet, or is empty (SQLite treats an
// empty file as a new database).
bool IsNewStoreFile(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return true;
  return std::filesystem::is_regular_file(path, error) &&
         std::filesystem::file_size(path, error) == 0;
}

Status CheckOrigin(const std::string& origin) {
  if (ledger::IsValidKeyName(origin)) return Status::Ok();
  return Status::InvalidArgument(
      fmt::format("--origin: value '{}' is not valid: an origin is one non-empty line with no "
                  "spaces and no '+', e.g. example.com/signtrail",
                  origin));
}

// Loads the key file when it exists, else generates a key named after the
// origin and writes it with mode 0600.
Result<NewIdentity> PrepareNewIdentity(const std::filesystem::path& key_path,
                                       const std::optional<std::string>& origin) {
  if (origin.has_value()) {
    Status valid = CheckOrigin(*origin);
    if (!valid.ok()) return valid;
  }

  std::error_code error;
  if (std::filesystem::exists(key_path, error)) {
    Result<ledger::SignerKey> key = ledger::ReadSignerKeyFile(key_path);
    if (!key.ok()) return key.status();
    return NewIdentity{*key, origin.value_or(key->name)};
  }

  std::string name;
  if (origin.has_value()) {
    name = *origin;
  } else {
    Result<std::string> default_origin = ledger::DefaultOrigin();
    if (!default_origin.ok()) return default_origin.status();
    name = *default_origin;
  }
  Result<ledger::SignerKey> key = ledger::GenerateSignerKey(name);
  if (!key.ok()) return key.status();
  Status written = ledger::WriteSignerKeyFile(key_path, *key);
  if (!written.ok()) return written;
  return NewIdentity{*key, name};
}

Result<ledger::SignerKey> LoadSignerKey(const std::filesystem::path& key_path) {
  Result<ledger::SignerKey> key = ledger::ReadSignerKeyFile(key_path);
  if (key.ok() || key.status().code() != StatusCode::kNotFound) return key;
  return Status::NotFound(
      fmt::format("signer key file {} not found; this command signs a checkpoint, so pass --key "
                  "PATH or set SIGNTRAIL_KEY to the key file this store was created with",
                  key_path.string()));
}

// The CLI11 check of a --db value: an empty value is a mistake to report,
// not a request for the default store. Returns the error text, or "" when
// the value is valid.
std::string CheckStorePathValue(const std::string& value) {
  if (!value.empty()) return "";
  return "the value is empty; give the store file path, or leave out --db to use $SIGNTRAIL_DB "
         "or ./signtrail.db";
}

// An empty $SIGNTRAIL_DB is a mistake to report, not a request for the
// default store. `db_option` is the --db value, which takes precedence.
Status CheckEnvironmentStorePath(const std::string& db_option) {
  if (!db_option.empty()) return Status::Ok();
  const char* from_environment = std::getenv("SIGNTRAIL_DB");
  if (from_environment == nullptr || *from_environment != '\0') return Status::Ok();
  return Status::InvalidArgument(
      "SIGNTRAIL_DB is set but empty; set it to the store file path, or unset it to use "
      "./signtrail.db");
}

// --origin only names a new store's log; an existing store keeps its own.
Status CheckExistingOrigin(Store& store, const std::filesystem::path& path,
                           const std::string& origin) {
  Result<LedgerIdentity> identity = store.Identity();
  if (!identity.ok()) return identity.status();
  if (identity->origin == origin) return Status::Ok();
  return Status::Conflict(fmt::format(
      "--origin: store {} already exists with origin '{}'; --origin applies only when a store "
      "is created",
      path.string(), identity->origin));
}

}  // namespace

CommandAction StatusAction(std::function<Status()> run) {
  return [run = std::move(run)]() -> Result<int> {
    Status status = run();
    if (!status.ok()) return status;
    return 0;
  };
}

void AddStoreOptions(CLI::App& command, StoreLocation* location) {
  command
      .add_option("--db", location->db, "Store file (default: $SIGNTRAIL_DB, else ./signtrail.db)")
      ->check(CheckStorePathValue);
  command.add_option("--key", location->key,
                     "Signer key file (default: $SIGNTRAIL_KEY, else the store path + .key)");
}

std::filesystem::path ResolveStorePath(const std::string& db_option) {
  if (!db_option.empty()) return db_option;
  const char* from_environment = std::getenv("SIGNTRAIL_DB");
  if (from_environment != nullptr && *from_environment != '\0') return from_environment;
  return "signtrail.db";
}

std::filesystem::path ResolveKeyPath(const StoreLocation& location) {
  if (!location.key.empty()) return location.key;
  const char* from_environment = std::getenv("SIGNTRAIL_KEY");
  if (from_environment != nullptr && *from_environment != '\0') return from_environment;
  std::filesystem::path key_path = ResolveStorePath(location.db);
  key_path += ".key";
  return key_path;
}

Result<std::unique_ptr<Store>> OpenStore(const StoreLocation& location, StoreAccess access,
                                         const std::optional<std::string>& origin) {
  Status setting = CheckEnvironmentStorePath(location.db);
  if (!setting.ok()) return setting;
  const std::filesystem::path path = ResolveStorePath(location.db);
  const std::filesystem::path key_path = ResolveKeyPath(location);

  if (access != StoreAccess::kRead && IsNewStoreFile(path)) {
    Result<NewIdentity> identity = PrepareNewIdentity(key_path, origin);
    if (!identity.ok()) return identity.status();
    StoreOptions options;
    options.signer = std::move(identity->signer);
    options.origin = std::move(identity->origin);
    return OpenSqliteStore(path, options);
  }

  StoreOptions options;
  // A read of a missing store is NotFound, because a new empty store would
  // report no sign-ins and hide a mistyped path.
  options.create_if_missing = access != StoreAccess::kRead;
  // Reports, exports and verify read much of a large store; ingest keeps
  // its memory bounded instead.
  if (access == StoreAccess::kRead) options.map_bytes = kReadMapBytes;
  if (access == StoreAccess::kWrite) {
    Result<ledger::SignerKey> key = LoadSignerKey(key_path);
    if (!key.ok()) {
      // A file that is no store at all is the first thing to report.
      Result<std::unique_ptr<Store>> unsigned_store = OpenSqliteStore(path);
      if (!unsigned_store.ok()) return unsigned_store.status();
      return key.status();
    }
    options.signer = std::move(*key);
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path, options);
  if (!store.ok() || !origin.has_value()) return store;
  Status same_origin = CheckExistingOrigin(**store, path, *origin);
  if (!same_origin.ok()) return same_origin;
  return store;
}

Result<std::string> ReadInputFile(std::string_view option, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError(fmt::format("{}: cannot read {}: {}", option, path.string(),
                                       std::strerror(errno)));
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    return Status::IoError(fmt::format("{}: reading {} failed", option, path.string()));
  }
  return bytes.str();
}

}  // namespace signtrail::cli
