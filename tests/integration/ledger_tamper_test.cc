// Tampering with a store through the sqlite3 command-line tool, as anyone
// with write access to the file could, and what `signtrail verify` reports.
// The fixture's ledger, by leaf index:
//   0-4   directory versions of samples/d365-users.csv, 5 its batch
//   6-13  events 1-8 of samples/lcs-user-login-events.csv, 14 its batch
//   15-18 events 9-12 of samples/d365-user-log.csv, 19 its batch
//   20    event 13 of an Entra interactive sign-ins CSV, 21 its batch
// Checkpoints have sizes 0, 6, 15, 20 and 22; trusted.txt holds the last.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <sstream>

#include "integration/ledger_test_support.h"
#include "integration/run_binary.h"
#include "ledger/hash.h"
#include "ledger/note.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

constexpr std::string_view kOrigin = "tamper.test/log";

// Every column of the events table but id, for swapping two rows' contents.
constexpr std::string_view kEventColumns =
    "batch_id, source, record_id, kind, time, end_time, end_kind, end_note, user_id, "
    "login_name, display_name, session_key, client_address, application, result_code, "
    "failure_reason, location, sign_in_type, raw_zstd, raw_sha256, raw_length, line, "
    "byte_offset";

std::string FromHex(std::string_view hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return bytes;
}

std::string ToUpperHex(std::string_view bytes) {
  std::string hex;
  for (unsigned char c : bytes) hex += fmt::format("{:02X}", c);
  return hex;
}

class LedgerTamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Run({"init", "--db", "audit.db", "--origin", std::string(kOrigin)}).exit_code, 0);
    RunResult users =
        Run({"users", "import", "--db", "audit.db", SamplesPath("d365-users.csv").string()});
    ASSERT_EQ(users.exit_code, 0) << users.err;
    RunResult ingest = Run(
        {"ingest", "--db", "audit.db", SamplesPath("lcs-user-login-events.csv").string(),
         SamplesPath("d365-user-log.csv").string(),
         TestDataPath("integration/InteractiveSignIns_2024-06-03_2024-06-04.csv").string()});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
    RunResult checkpoint = Run({"checkpoint", "--db", "audit.db"});
    ASSERT_EQ(checkpoint.exit_code, 0) << checkpoint.err;
    WriteFileBytes(dir_ / "trusted.txt", checkpoint.out);
  }

  RunResult Run(const std::vector<std::string>& args) { return RunSignTrail(args, dir_.path()); }

  RunResult Verify(bool trusted = true) {
    if (!trusted) return Run({"verify", "--db", "audit.db"});
    return Run({"verify", "--db", "audit.db", "--trusted-checkpoint", "trusted.txt"});
  }

  std::string Sql(const std::string& sql) { return RunSqlite3(dir_ / "audit.db", sql); }

  // Swaps the contents of two events rows, keeping their ids.
  void SwapEvents(int first, int second) {
    Sql(fmt::format(R"sql(
        CREATE TEMP TABLE original AS SELECT * FROM events WHERE id IN ({0}, {1});
        UPDATE events SET record_id = 'moving-' || id WHERE id IN ({0}, {1});
        UPDATE events SET ({2}) = (SELECT {2} FROM original o WHERE o.id = {0} + {1} - events.id)
        WHERE id IN ({0}, {1});)sql",
                    first, second, kEventColumns));
  }

  // Deletes the newest batch and every row that depends on it, consistently:
  // its events and their sessions, its batch row, its leaves, the nodes above
  // them and the checkpoints that cover them.
  void DeleteNewestBatch() {
    Sql(R"sql(
        DELETE FROM sessions WHERE source = 'entra:default';
        DELETE FROM events WHERE batch_id = 4;
        DELETE FROM batches WHERE id = 4;
        DELETE FROM ledger_leaves WHERE idx >= 20;
        DELETE FROM ledger_nodes WHERE ((idx + 1) << level) > 20;
        DELETE FROM checkpoints WHERE tree_size > 20;)sql");
  }

  TempDir dir_;
};

TEST_F(LedgerTamperTest, IntactStorePasses) {
  RunResult verify = Verify();

  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_EQ(verify.out,
            "Checked 22 entries, 5 stored checkpoints and 1 trusted checkpoint.\nResult: passed\n");
}

TEST_F(LedgerTamperTest, ChangedUserIdIsEntryChanged) {
  Sql("UPDATE events SET user_id = '1' || substr(user_id, 2) WHERE id = 3");

  RunResult verify = Verify();

  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_EQ(FindingHeads(verify.out),
            (std::vector<std::string>{"entry-changed at index 8", "derived-data-differs at index 8",
                                      "checkpoints-inconsistent at index 8",
                                      "trusted-checkpoint-mismatch at index 8"}))
      << verify.out;
}

TEST_F(LedgerTamperTest, ReplacedRawIsRawRecordChanged) {
  Sql("UPDATE events SET raw_zstd = (SELECT raw_zstd FROM events WHERE id = 4) WHERE id = 3");

  RunResult verify = Verify();

  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_EQ(FindingHeads(verify.out), std::vector<std::string>{"raw-record-changed at index 8"})
      << verify.out;
}

TEST_F(LedgerTamperTest, DeletedEventIsEntryMissing) {
  Sql("DELETE FROM events WHERE id = 4");

  RunResult verify = Verify();

  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_EQ(FindingHeads(verify.out),
            (std::vector<std::string>{"entry-missing at index 9", "derived-data-differs",
                                      "checkpoints-inconsistent at index 9",
                                      "trusted-checkpoint-mismatch at index 9"}))
      << verify.out;
}

TEST_F(LedgerTamperTest, SwappedEventsAreReordered) {
  SwapEvents(3, 4);

  RunResult verify = Verify();

  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_EQ(FindingHeads(verify.out),
            (std::vector<std::string>{"entries-reordered at index 8",
                                      "checkpoints-inconsistent at index 8",
                                      "trusted-checkpoint-mismatch at index 8"}))
      << verify.out;
}

TEST_F(LedgerTamperTest, TailDeletionNeedsTrustedCheckpoint) {
  DeleteNewestBatch();

  RunResult anchored = Verify();
  RunResult unanchored = Verify(false);

  EXPECT_EQ(anchored.exit_code, 3);
  EXPECT_EQ(anchored.out,
            "store-shorter-than-trusted at index 20: store has 20 entries but trusted checkpoint "
            "trusted.txt has 22: the newest entries were deleted\n"
            "Checked 20 entries, 4 stored checkpoints and 1 trusted checkpoint.\n"
            "Result: failed, 1 finding\n");
  EXPECT_EQ(unanchored.exit_code, 0);
  EXPECT_EQ(unanchored.out,
            "Checked 20 entries, 4 stored checkpoints and 0 trusted checkpoints.\n"
            "Notice: unanchored: no trusted checkpoint was given, so deleting the newest entries "
            "(tail truncation) cannot be detected; keep the output of `signtrail checkpoint` "
            "outside the store and pass it with --trusted-checkpoint\n"
            "Result: passed\n");
}

TEST_F(LedgerTamperTest, TailDeletionAsJson) {
  DeleteNewestBatch();

  RunResult verify = Run(
      {"verify", "--db", "audit.db", "--trusted-checkpoint", "trusted.txt", "--json"});

  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_EQ(verify.out,
            "{\n"
            "  \"result\": \"failed\",\n"
            "  \"entries\": 20,\n"
            "  \"checkpoints\": 4,\n"
            "  \"trusted_checkpoints\": 1,\n"
            "  \"anchored\": true,\n"
            "  \"notice\": null,\n"
            "  \"findings\": [\n"
            "    {\"kind\": \"store-shorter-than-trusted\", \"index\": 20, \"message\": \"store "
            "has 20 entries but trusted checkpoint trusted.txt has 22: the newest entries were "
            "deleted\"}\n"
            "  ]\n"
            "}\n");
}

TEST_F(LedgerTamperTest, ChangedCheckpointRootIsSignatureInvalid) {
  // The root line of the newest checkpoint, with its first character changed.
  Sql(R"sql(
      UPDATE checkpoints
      SET signed_note = substr(signed_note, 1, instr(signed_note, char(10) || '22' || char(10)) + 3)
                        || (CASE WHEN substr(signed_note,
                                             instr(signed_note, char(10) || '22' || char(10)) + 4,
                                             1) = 'A' THEN 'B' ELSE 'A' END)
                        || substr(signed_note, instr(signed_note, char(10) || '22' || char(10)) + 5)
      WHERE tree_size = 22)sql");

  RunResult verify = Verify(false);

  EXPECT_EQ(verify.exit_code, 3);
  EXPECT_EQ(FindingHeads(verify.out), std::vector<std::string>{"checkpoint-signature-invalid"})
      << verify.out;
  EXPECT_NE(verify.out.find("checkpoint 5 (checkpoints row 5, size 22) does not verify with the "
                            "store's key "),
            std::string::npos)
      << verify.out;
}

// Someone who can write the file but lacks the key can replace the log
// identity and sign every checkpoint again; the store then passes on its
// own, and only a checkpoint kept elsewhere reveals it.
TEST_F(LedgerTamperTest, ReplacedKeyNeedsTrustedCheckpoint) {
  Result<ledger::SignerKey> new_key = ledger::GenerateSignerKey(kOrigin);
  ASSERT_TRUE(new_key.ok());
  const ledger::VerifierKey new_verifier = ledger::VerifierFor(*new_key);
  std::istringstream rows(Sql("SELECT id || '|' || hex(signed_note) FROM checkpoints"));
  std::string statements = fmt::format("UPDATE ledger_meta SET verifier_key = '{}';",
                                       ledger::FormatVerifierKey(new_verifier));
  for (std::string row; std::getline(rows, row);) {
    const std::string note = FromHex(row.substr(row.find('|') + 1));
    Result<std::string> signed_note = ledger::SignNote(note.substr(0, note.find("\n\n") + 1),
                                                       *new_key);
    ASSERT_TRUE(signed_note.ok());
    statements += fmt::format("UPDATE checkpoints SET signed_note = CAST(x'{}' AS TEXT) WHERE id = {};",
                              ToUpperHex(*signed_note), row.substr(0, row.find('|')));
  }
  const std::string old_key = Run({"key", "--db", "audit.db"}).out;
  Sql(statements);

  RunResult unanchored = Verify(false);
  RunResult anchored = Verify();

  EXPECT_EQ(unanchored.exit_code, 0) << unanchored.out;
  EXPECT_EQ(anchored.exit_code, 3);
  EXPECT_EQ(FindingHeads(anchored.out), std::vector<std::string>{"checkpoint-signature-invalid"})
      << anchored.out;
  const std::string old_id = old_key.substr(kOrigin.size() + 1, 8);
  const std::string new_id = fmt::format("{:08x}", new_verifier.key_id);
  EXPECT_NE(anchored.out.find(fmt::format(
                "trusted checkpoint trusted.txt does not verify with the store's key {}+{} (key "
                "id {}): it is signed by {}+{}; ",
                kOrigin, new_id, new_id, kOrigin, old_id)),
            std::string::npos)
      << anchored.out;
}

}  // namespace
}  // namespace signtrail::testing
