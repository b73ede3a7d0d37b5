#include "store_test_support.h"

#include <date/date.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <utility>

namespace signtrail::testing {
namespace {

// A connection for inspecting a store behind its back.
class RawConnection {
 public:
  explicit RawConnection(const std::filesystem::path& path) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &database_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                              nullptr),
              SQLITE_OK)
        << path;
  }
  ~RawConnection() { sqlite3_close_v2(database_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  sqlite3* get() const { return database_; }

 private:
  sqlite3* database_ = nullptr;
};

std::string HexBytes(const void* data, int size) {
  std::string hex;
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (int i = 0; i < size; ++i) hex += fmt::format("{:02x}", bytes[i]);
  return hex;
}

std::string ValueText(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_NULL:
      return "NULL";
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(statement, column));
    case SQLITE_FLOAT:
      return fmt::format("{}", sqlite3_column_double(statement, column));
    case SQLITE_BLOB:
      return "x'" +
             HexBytes(sqlite3_column_blob(statement, column),
                      sqlite3_column_bytes(statement, column)) +
             "'";
    default:
      return fmt::format("'{}'",
                         reinterpret_cast<const char*>(sqlite3_column_text(statement, column)));
  }
}

// Appends every row of a query, one line per row.
void AppendRows(sqlite3* database, const std::string& sql, std::string& dump) {
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(database, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sql << ": " << sqlite3_errmsg(database);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    for (int column = 0; column < sqlite3_column_count(statement); ++column) {
      if (column > 0) dump += '|';
      dump += ValueText(statement, column);
    }
    dump += '\n';
  }
  sqlite3_finalize(statement);
}

struct TableName {
  std::string name;
  bool has_rowid = true;
};

std::vector<TableName> TableNames(sqlite3* database) {
  std::vector<TableName> names;
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(database,
                     "SELECT name, instr(upper(sql), 'WITHOUT ROWID') = 0 FROM sqlite_master "
                     "WHERE type = 'table' ORDER BY name",
                     -1, &statement, nullptr);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    names.push_back({reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
                     sqlite3_column_int(statement, 1) != 0});
  }
  sqlite3_finalize(statement);
  return names;
}

}  // namespace

Instant Utc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  const date::sys_days days = date::year(year) / date::month(month) / date::day(day);
  const auto time =
      days + std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second);
  return Instant::FromSeconds(time.time_since_epoch().count());
}

const ledger::SignerKey& TestSigner(const std::filesystem::path& path) {
  static std::map<std::filesystem::path, ledger::SignerKey> signers;
  auto found = signers.find(path);
  if (found != signers.end()) return found->second;

  Result<ledger::SignerKey> key = ledger::GenerateSignerKey(kTestOrigin);
  EXPECT_TRUE(key.ok()) << key.status().message();
  return signers.emplace(path, key.ok() ? *key : ledger::SignerKey{}).first->second;
}

StoreOptions TestStoreOptions(const std::filesystem::path& path) {
  StoreOptions options;
  options.signer = TestSigner(path);
  options.origin = std::string(kTestOrigin);
  return options;
}

std::unique_ptr<SqliteStore> OpenTestStore(const std::filesystem::path& path) {
  Result<std::unique_ptr<SqliteStore>> store =
      SqliteStore::Open(path, TestStoreOptions(path), [] { return kTestCommitTime; });
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return nullptr;
  return std::move(*store);
}

SignInEvent SignIn(std::string record_id, Instant time, std::string user_id,
                   std::string session_key) {
  SignInEvent event;
  event.kind = EventKind::kSignIn;
  event.time = time;
  event.end_kind = EndKind::kOpen;
  event.user_id = std::move(user_id);
  event.login_name = event.user_id + "@contoso.example";
  event.display_name = "User " + event.user_id;
  event.session_key = std::move(session_key);
  event.client_address = "192.0.2.10";
  event.application = "Microsoft Dynamics ERP";
  event.result_code = "0";
  event.sign_in_type = "interactiveUser";
  event.raw = fmt::format(R"({{"id":"{}","createdDateTime":"{}"}})", record_id, FormatUtc(time));
  event.record_id = std::move(record_id);
  event.line = 1;
  return event;
}

SignInEvent FailedSignIn(std::string record_id, Instant time, std::string user_id,
                         std::string result_code, std::string failure_reason) {
  SignInEvent event = SignIn(std::move(record_id), time, std::move(user_id));
  event.kind = EventKind::kFailedSignIn;
  event.result_code = std::move(result_code);
  event.failure_reason = std::move(failure_reason);
  return event;
}

SignInEvent Session(std::string record_id, Instant start, std::optional<Instant> end,
                    std::string user_id, EndKind end_kind) {
  SignInEvent event = SignIn(std::move(record_id), start, std::move(user_id));
  event.kind = EventKind::kSession;
  event.end = end;
  event.end_kind = end.has_value() ? end_kind : EndKind::kOpen;
  event.sign_in_type = "";
  return event;
}

SignInBatch Batch(std::vector<SignInEvent> events, std::string source, std::string file_sha256) {
  SignInBatch batch;
  batch.source = std::move(source);
  batch.format = "entra-json";
  batch.file_name = "signins.json";
  batch.file_sha256 =
      file_sha256.empty() ? fmt::format("{:064x}", events.size()) : std::move(file_sha256);
  batch.import.rows_read = static_cast<int64_t>(events.size());
  batch.import.events = std::move(events);
  return batch;
}

SessionFilter Window(Instant start, Instant end, bool started_within) {
  SessionFilter filter;
  filter.window_start = start;
  filter.window_end = end;
  filter.started_within = started_within;
  return filter;
}

std::vector<StoredSession> ScanAll(Store& store, const SessionFilter& filter) {
  std::vector<StoredSession> sessions;
  Status scanned = store.ScanSessions(filter, [&](const StoredSession& session) {
    sessions.push_back(session);
    return Status::Ok();
  });
  EXPECT_TRUE(scanned.ok()) << scanned.message();
  return sessions;
}

std::vector<std::string> ScannedRecordIds(Store& store, const SessionFilter& filter) {
  std::vector<std::string> ids;
  for (const StoredSession& session : ScanAll(store, filter)) ids.push_back(session.record_id);
  return ids;
}

std::string DumpDatabase(const std::filesystem::path& path) {
  RawConnection connection(path);
  std::string dump;
  AppendRows(connection.get(), "PRAGMA application_id", dump);
  AppendRows(connection.get(), "PRAGMA user_version", dump);
  AppendRows(connection.get(), "SELECT type, name, sql FROM sqlite_master ORDER BY name", dump);
  // A WITHOUT ROWID table is read in primary key order.
  for (const TableName& table : TableNames(connection.get())) {
    dump += "table " + table.name + "\n";
    AppendRows(connection.get(),
               "SELECT * FROM \"" + table.name + "\"" + (table.has_rowid ? " ORDER BY rowid" : ""),
               dump);
  }
  return dump;
}

void ExecuteSql(const std::filesystem::path& path, std::string_view sql) {
  RawConnection connection(path);
  char* error = nullptr;
  const std::string text(sql);
  EXPECT_EQ(sqlite3_exec(connection.get(), text.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "");
  sqlite3_free(error);
}

std::vector<std::string> QueryRows(const std::filesystem::path& path, std::string_view sql) {
  RawConnection connection(path);
  std::string text;
  AppendRows(connection.get(), std::string(sql), text);
  std::vector<std::string> rows;
  size_t start = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    rows.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return rows;
}

int64_t QueryInt(const std::filesystem::path& path, std::string_view sql) {
  RawConnection connection(path);
  sqlite3_stmt* statement = nullptr;
  const std::string text(sql);
  EXPECT_EQ(sqlite3_prepare_v2(connection.get(), text.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << text << ": " << sqlite3_errmsg(connection.get());
  int64_t value = -1;
  if (sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  return value;
}

}  // namespace signtrail::testing
