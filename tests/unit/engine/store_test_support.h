#ifndef SIGNTRAIL_TESTS_UNIT_ENGINE_STORE_TEST_SUPPORT_H_
#define SIGNTRAIL_TESTS_UNIT_ENGINE_STORE_TEST_SUPPORT_H_

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/note.h"
#include "model/event.h"
#include "model/instant.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace signtrail::testing {

// The commit time every test store records.
inline constexpr Instant kTestCommitTime = Instant::FromSeconds(1'900'000'000);

// A UTC instant from calendar fields.
Instant Utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0);

// The origin of every test store's log.
inline constexpr std::string_view kTestOrigin = "test.example/signtrail";

// The signer key of the test store at `path`: generated on first use, then
// the same key for that path for the rest of the test process.
const ledger::SignerKey& TestSigner(const std::filesystem::path& path);

// Options that open (or create) the store at `path` with TestSigner(path)
// and kTestOrigin.
StoreOptions TestStoreOptions(const std::filesystem::path& path);

// Opens (or creates) a store with TestStoreOptions(path) whose clock always
// reads kTestCommitTime; fails the current test when it cannot.
std::unique_ptr<SqliteStore> OpenTestStore(const std::filesystem::path& path);

// A successful point sign-in, as Entra reports them.
SignInEvent SignIn(std::string record_id, Instant time, std::string user_id,
                   std::string session_key = "");

// A failed sign-in attempt.
SignInEvent FailedSignIn(std::string record_id, Instant time, std::string user_id,
                         std::string result_code, std::string failure_reason);

// A session record with a start and, when known, an end.
SignInEvent Session(std::string record_id, Instant start, std::optional<Instant> end,
                    std::string user_id, EndKind end_kind = EndKind::kRecorded);

// A sign-in batch of `events` from `source`, named like a real export.
SignInBatch Batch(std::vector<SignInEvent> events, std::string source = "entra:test",
                  std::string file_sha256 = "");

// A filter for the half-open window [start, end) over every source.
SessionFilter Window(Instant start, Instant end, bool started_within = false);

// Every session the filter selects, in scan order.
std::vector<StoredSession> ScanAll(Store& store, const SessionFilter& filter);

// The record ids of ScanAll, in scan order.
std::vector<std::string> ScannedRecordIds(Store& store, const SessionFilter& filter);

// A text dump of every schema object, pragma and row of a SQLite file, read
// through a separate connection, for comparing whole databases.
std::string DumpDatabase(const std::filesystem::path& path);

// Runs SQL on a separate connection; fails the current test on error.
void ExecuteSql(const std::filesystem::path& path, std::string_view sql);

// Every row a query returns, read on a separate connection: one string per
// row, columns joined by '|', text quoted as 'x', blobs as x'hex', NULL as
// NULL.
std::vector<std::string> QueryRows(const std::filesystem::path& path, std::string_view sql);

// The single integer a query returns, read on a separate connection.
int64_t QueryInt(const std::filesystem::path& path, std::string_view sql);

}  // namespace signtrail::testing

#endif  // SIGNTRAIL_TESTS_UNIT_ENGINE_STORE_TEST_SUPPORT_H_
