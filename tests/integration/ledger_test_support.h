#ifndef SIGNTRAIL_TESTS_INTEGRATION_LEDGER_TEST_SUPPORT_H_
#define SIGNTRAIL_TESTS_INTEGRATION_LEDGER_TEST_SUPPORT_H_

#include <filesystem>
#include <string>
#include <vector>

namespace signtrail::testing {

// Runs the sqlite3 command-line tool on the database `db` with `sql` and
// returns its standard output; fails the current test when it exits with a
// non-zero code.
std::string RunSqlite3(const std::filesystem::path& db, const std::string& sql);

// The finding lines of `signtrail verify` text output, cut before the
// message: "entry-changed at index 2", "checkpoint-signature-invalid", ...
std::vector<std::string> FindingHeads(const std::string& verify_output);

// The bytes `text` with the byte at `offset` changed to another value.
std::string FlipByte(std::string text, size_t offset);

}  // namespace signtrail::testing

#endif  // SIGNTRAIL_TESTS_INTEGRATION_LEDGER_TEST_SUPPORT_H_
