// The ledger commands of the built binary: key handling, key, checkpoint,
// entry, prove and check-proof.

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "integration/ledger_test_support.h"
#include "integration/run_binary.h"
#include "ledger/checkpoint.h"
#include "ledger/hash.h"
#include "ledger/key_file.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tlog_proof.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

constexpr std::string_view kOrigin = "ledger.test/signtrail";

class LedgerCommandsTest : public ::testing::Test {
 protected:
  // Runs `signtrail COMMAND --db audit.db ARGS...` in the test folder.
  RunResult Run(const std::string& command, std::vector<std::string> args = {},
                const std::map<std::string, std::string>& environment = {}) {
    args.insert(args.begin(), {command, "--db", "audit.db"});
    return RunSignTrail(args, dir_.path(), environment);
  }

  // Runs a command that needs no store.
  RunResult RunPlain(const std::vector<std::string>& args) {
    return RunSignTrail(args, dir_.path());
  }

  // Creates the store and ingests the LCS sample: 8 events (leaves 0 to 7)
  // and their batch (leaf 8).
  void CreateStoreWithSample() {
    RunResult init = Run("init", {"--origin", std::string(kOrigin)});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    RunResult ingest = Run("ingest", {SamplesPath("lcs-user-login-events.csv").string()});
    ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  }

  std::string VerifierKey() {
    RunResult key = Run("key");
    EXPECT_EQ(key.exit_code, 0) << key.err;
    std::string line = key.out;
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
  }

  // Writes `bytes` to a file in the test folder and returns its name.
  std::string Write(const std::string& name, const std::string& bytes) {
    WriteFileBytes(dir_ / name, bytes);
    return name;
  }

  std::filesystem::path db() const { return dir_ / "audit.db"; }

  TempDir dir_;
};

TEST_F(LedgerCommandsTest, InitWritesPrivateKeyFile) {
  RunResult init = Run("init", {"--origin", std::string(kOrigin)});

  ASSERT_EQ(init.exit_code, 0) << init.err;
  struct stat info {};
  ASSERT_EQ(stat((dir_ / "audit.db.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const std::string key_file = ReadFileBytes(dir_ / "audit.db.key");
  EXPECT_TRUE(key_file.starts_with(fmt::format("PRIVATE+KEY+{}+", kOrigin))) << key_file;
  EXPECT_EQ(init.out.find(key_file.substr(0, key_file.size() - 1)), std::string::npos);
}

TEST_F(LedgerCommandsTest, KeyPrintsVerifierKey) {
  RunResult init = Run("init", {"--origin", std::string(kOrigin)});
  ASSERT_EQ(init.exit_code, 0) << init.err;

  const std::string key = VerifierKey();

  EXPECT_NE(init.out.find("Verifier key: " + key + "\n"), std::string::npos) << init.out;
  ASSERT_EQ(key.size(), kOrigin.size() + 1 + 8 + 1 + 44);
  EXPECT_TRUE(key.starts_with(std::string(kOrigin) + "+")) << key;
  EXPECT_EQ(key.find_first_not_of("0123456789abcdef", kOrigin.size() + 1), kOrigin.size() + 9);
  EXPECT_EQ(key.substr(kOrigin.size() + 9, 2), "+A");  // base64 of 0x01 || public key
}

TEST_F(LedgerCommandsTest, OriginWithSpaceRejected) {
  RunResult init = Run("init", {"--origin", "my log"});

  EXPECT_EQ(init.exit_code, 1);
  EXPECT_EQ(init.err,
            "signtrail: error: --origin: value 'my log' is not valid: an origin is one non-empty "
            "line with no spaces and no '+', e.g. example.com/signtrail\n");
  EXPECT_FALSE(std::filesystem::exists(db()));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "audit.db.key"));
}

TEST_F(LedgerCommandsTest, OriginWithPlusRejected) {
  RunResult init = Run("init", {"--origin", "a+b"});

  EXPECT_EQ(init.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(db()));
}

TEST_F(LedgerCommandsTest, DefaultOriginHasHostAndSuffix) {
  RunResult init = Run("init");
  ASSERT_EQ(init.exit_code, 0) << init.err;

  const std::string key = VerifierKey();

  const size_t marker = key.find("/signtrail/");
  ASSERT_NE(marker, std::string::npos) << key;
  EXPECT_GT(marker, 0u);
  EXPECT_EQ(key.substr(marker + 11 + 8, 1), "+") << key;
}

TEST_F(LedgerCommandsTest, FirstUseCreatesIdentity) {
  RunResult ingest = Run("ingest", {SamplesPath("lcs-user-login-events.csv").string()});

  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_TRUE(std::filesystem::exists(dir_ / "audit.db.key"));
  RunResult verify = Run("verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST_F(LedgerCommandsTest, ExistingKeyFileReused) {
  ASSERT_EQ(RunSignTrail({"init", "--db", "first.db", "--origin", std::string(kOrigin)},
                         dir_.path())
                .exit_code,
            0);

  RunResult init = Run("init", {"--key", "first.db.key"});

  ASSERT_EQ(init.exit_code, 0) << init.err;
  RunResult first_key = RunSignTrail({"key", "--db", "first.db"}, dir_.path());
  EXPECT_EQ(VerifierKey() + "\n", first_key.out);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "audit.db.key"));
}

TEST_F(LedgerCommandsTest, KeyFromEnvironment) {
  ASSERT_EQ(Run("init", {"--origin", std::string(kOrigin)}).exit_code, 0);
  std::filesystem::rename(dir_ / "audit.db.key", dir_ / "moved.key");

  RunResult ingest = Run("ingest", {SamplesPath("lcs-user-login-events.csv").string()},
                         {{"SIGNTRAIL_KEY", "moved.key"}});

  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
}

TEST_F(LedgerCommandsTest, IngestWithoutKeyFails) {
  ASSERT_EQ(Run("init", {"--origin", std::string(kOrigin)}).exit_code, 0);
  std::filesystem::remove(dir_ / "audit.db.key");

  RunResult ingest = Run("ingest", {SamplesPath("lcs-user-login-events.csv").string()});

  EXPECT_EQ(ingest.exit_code, 1);
  EXPECT_EQ(ingest.err,
            "signtrail: error: signer key file audit.db.key not found; this command signs a "
            "checkpoint, so pass --key PATH or set SIGNTRAIL_KEY to the key file this store was "
            "created with\n");
}

// A --db that names a file other than a store is reported as such, before
// the missing key file.
TEST_F(LedgerCommandsTest, IngestIntoOtherFile) {
  Write("notes.txt", "not a database\n");

  RunResult ingest = RunSignTrail(
      {"ingest", "--db", "notes.txt", SamplesPath("lcs-user-login-events.csv").string()},
      dir_.path());

  EXPECT_EQ(ingest.exit_code, 2);
  EXPECT_TRUE(ingest.err.starts_with("signtrail: error: notes.txt is not a signtrail store"))
      << ingest.err;
}

TEST_F(LedgerCommandsTest, ReadCommandsNeedNoKey) {
  CreateStoreWithSample();
  std::filesystem::remove(dir_ / "audit.db.key");

  EXPECT_EQ(Run("key").exit_code, 0);
  EXPECT_EQ(Run("checkpoint").exit_code, 0);
  EXPECT_EQ(Run("entry", {"0"}).exit_code, 0);
  EXPECT_EQ(Run("prove", {"--index", "0"}).exit_code, 0);
  EXPECT_EQ(Run("verify").exit_code, 0);
  EXPECT_EQ(Run("signins", {"--end", "2022-03-18"}).exit_code, 0);
}

TEST_F(LedgerCommandsTest, OtherOriginForExistingStore) {
  ASSERT_EQ(Run("init", {"--origin", std::string(kOrigin)}).exit_code, 0);

  RunResult again = Run("init", {"--origin", "other.test/log"});

  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err,
            fmt::format("signtrail: error: --origin: store audit.db already exists with origin "
                        "'{}'; --origin applies only when a store is created\n",
                        kOrigin));
}

TEST_F(LedgerCommandsTest, CheckpointIsByteExact) {
  CreateStoreWithSample();

  RunResult checkpoint = Run("checkpoint");

  ASSERT_EQ(checkpoint.exit_code, 0) << checkpoint.err;
  std::string printed_hex;
  for (unsigned char c : checkpoint.out) printed_hex += fmt::format("{:02X}", c);
  EXPECT_EQ(RunSqlite3(db(), "SELECT hex(signed_note) FROM checkpoints ORDER BY id DESC LIMIT 1"),
            printed_hex + "\n");
  EXPECT_TRUE(checkpoint.out.starts_with(fmt::format("{}\n9\n", kOrigin))) << checkpoint.out;
}

TEST_F(LedgerCommandsTest, EntryHashesToStoredLeaf) {
  CreateStoreWithSample();

  RunResult entry = Run("entry", {"3"});

  ASSERT_EQ(entry.exit_code, 0) << entry.err;
  EXPECT_TRUE(entry.out.starts_with("signtrail-entry/v1 event\n")) << entry.out;
  const std::string stored =
      RunSqlite3(db(), "SELECT lower(hex(leaf_hash)) FROM ledger_leaves WHERE idx = 3");
  EXPECT_EQ(ledger::ToHex(ledger::HashLeaf(entry.out)) + "\n", stored);
}

TEST_F(LedgerCommandsTest, EntryOutOfRange) {
  CreateStoreWithSample();

  RunResult entry = Run("entry", {"9"});

  EXPECT_EQ(entry.exit_code, 1);
  EXPECT_EQ(entry.out, "");
  EXPECT_EQ(entry.err,
            "signtrail: error: entry 9 does not exist: the ledger has 9 entries (indices 0 to "
            "8)\n");
}

TEST_F(LedgerCommandsTest, ProveEventRoundTrip) {
  CreateStoreWithSample();
  const std::string key = VerifierKey();
  RunResult proof = Run("prove", {"--event", "00000000-0000-0000-0000-000000000022|"
                                             "2022-03-14T09:12:00Z"});
  ASSERT_EQ(proof.exit_code, 0) << proof.err;
  ASSERT_TRUE(proof.out.starts_with("c2sp.org/tlog-proof@v1\nindex ")) << proof.out;
  Result<ledger::TlogProof> parsed = ledger::ParseTlogProof(proof.out);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  RunResult entry = Run("entry", {std::to_string(parsed->index)});
  ASSERT_EQ(entry.exit_code, 0);
  const std::string proof_file = Write("event.proof", proof.out);
  const std::string entry_file = Write("event.entry", entry.out);

  RunResult with_entry = RunPlain({"check-proof", proof_file, "--vkey", key, "--entry", entry_file});
  RunResult with_hash = RunPlain({"check-proof", proof_file, "--vkey", key, "--leaf-hash",
                                  ledger::ToBase64(ledger::HashLeaf(entry.out))});
  RunResult without = RunPlain({"check-proof", proof_file, "--vkey", key});

  EXPECT_EQ(with_entry.exit_code, 0) << with_entry.out << with_entry.err;
  EXPECT_TRUE(with_entry.out.starts_with(
      fmt::format("proof valid: entry {} (leaf hash ", parsed->index)))
      << with_entry.out;
  EXPECT_EQ(with_hash.exit_code, 0) << with_hash.out << with_hash.err;
  EXPECT_EQ(without.exit_code, 1);
  EXPECT_EQ(without.err,
            "signtrail: error: check-proof needs the proven leaf: pass --entry FILE (the bytes "
            "`signtrail entry N` writes) or --leaf-hash BASE64\n");
}

TEST_F(LedgerCommandsTest, FlippedEntryByteFails) {
  CreateStoreWithSample();
  const std::string key = VerifierKey();
  const std::string proof_file = Write("p.proof", Run("prove", {"--index", "5"}).out);
  RunResult entry = Run("entry", {"5"});
  ASSERT_EQ(entry.exit_code, 0);
  const std::string entry_file = Write("e.entry", FlipByte(entry.out, entry.out.size() / 2));

  RunResult check = RunPlain({"check-proof", proof_file, "--vkey", key, "--entry", entry_file});

  EXPECT_EQ(check.exit_code, 3);
  EXPECT_TRUE(check.out.starts_with("proof invalid: p.proof: inclusion: ")) << check.out;
}

TEST_F(LedgerCommandsTest, FlippedProofByteFails) {
  CreateStoreWithSample();
  const std::string key = VerifierKey();
  const std::string proof = Run("prove", {"--index", "5"}).out;
  const std::string entry_file = Write("e.entry", Run("entry", {"5"}).out);
  // The first character of the first proof hash, after "index 5\n".
  const size_t first_hash = proof.find("index 5\n") + 8;
  const std::string proof_file = Write("p.proof", FlipByte(proof, first_hash));

  RunResult check = RunPlain({"check-proof", proof_file, "--vkey", key, "--entry", entry_file});

  EXPECT_EQ(check.exit_code, 3);
  EXPECT_TRUE(check.out.starts_with("proof invalid: p.proof: inclusion: ")) << check.out;
}

TEST_F(LedgerCommandsTest, FlippedCheckpointByteFails) {
  CreateStoreWithSample();
  const std::string key = VerifierKey();
  const std::string proof = Run("prove", {"--index", "5"}).out;
  const std::string entry_file = Write("e.entry", Run("entry", {"5"}).out);
  // A character of the root line of the signed checkpoint.
  const size_t root = proof.find(fmt::format("{}\n9\n", kOrigin)) + kOrigin.size() + 3;
  const std::string proof_file = Write("p.proof", FlipByte(proof, root));

  RunResult check = RunPlain({"check-proof", proof_file, "--vkey", key, "--entry", entry_file});

  EXPECT_EQ(check.exit_code, 3);
  EXPECT_TRUE(check.out.starts_with("proof invalid: p.proof: checkpoint signature: ")) << check.out;
}

// An index equal to the tree size is outside the tree, however the proof
// hashes look.
TEST_F(LedgerCommandsTest, IndexAtTreeSizeFails) {
  CreateStoreWithSample();
  const std::string key = VerifierKey();
  std::string proof = Run("prove", {"--index", "8"}).out;
  proof.replace(proof.find("index 8\n"), 8, "index 9\n");
  const std::string proof_file = Write("p.proof", proof);

  RunResult check = RunPlain({"check-proof", proof_file, "--vkey", key, "--leaf-hash",
                              ledger::ToBase64(ledger::HashLeaf(Run("entry", {"8"}).out))});

  EXPECT_EQ(check.exit_code, 3);
  EXPECT_EQ(check.out, "proof invalid: p.proof: inclusion: index 9 not in tree of size 9\n");
}

// A valid inclusion proof does not hold against a checkpoint signed with the
// right key but for another root, or for a size whose proofs of index 2 have
// another length (17 leaves: 5 hashes, not 4). NOTE: RFC 9162 verification
// accepts the same hashes and root for a size with proofs of the same length
// (10 leaves), so a signed checkpoint that pairs a root with the wrong size
// is caught only by comparing checkpoints, as `verify` does.
TEST_F(LedgerCommandsTest, CheckpointMustMatchProof) {
  CreateStoreWithSample();
  const std::string key = VerifierKey();
  Result<ledger::TlogProof> proof = ledger::ParseTlogProof(Run("prove", {"--index", "2"}).out);
  ASSERT_TRUE(proof.ok()) << proof.status().message();
  Result<ledger::SignerKey> signer = ledger::ReadSignerKeyFile(dir_ / "audit.db.key");
  ASSERT_TRUE(signer.ok()) << signer.status().message();
  Result<ledger::Checkpoint> real =
      ledger::ParseCheckpointBody(proof->signed_checkpoint.substr(
          0, proof->signed_checkpoint.find("\n\n") + 1));
  ASSERT_TRUE(real.ok());
  const std::string leaf =
      ledger::ToBase64(ledger::HashLeaf(Run("entry", {"2"}).out));
  const auto check_against = [&](const ledger::Checkpoint& checkpoint) {
    ledger::TlogProof forged = *proof;
    forged.signed_checkpoint = *ledger::SignNote(ledger::FormatCheckpointBody(checkpoint), *signer);
    const std::string file = Write("forged.proof", ledger::FormatTlogProof(forged));
    return RunPlain({"check-proof", file, "--vkey", key, "--leaf-hash", leaf});
  };

  RunResult other_root = check_against({real->origin, 9, ledger::HashLeaf("other")});
  RunResult other_size = check_against({real->origin, 17, real->root});
  RunResult same = check_against(*real);

  EXPECT_EQ(other_root.exit_code, 3);
  EXPECT_TRUE(other_root.out.starts_with("proof invalid: forged.proof: inclusion: "))
      << other_root.out;
  EXPECT_EQ(other_size.exit_code, 3);
  EXPECT_EQ(other_size.out,
            "proof invalid: forged.proof: inclusion: inclusion proof has 4 hashes, but index 2 in "
            "a tree of size 17 needs 5\n");
  EXPECT_EQ(same.exit_code, 0) << same.out;
}

TEST_F(LedgerCommandsTest, OtherStoreKeyFails) {
  CreateStoreWithSample();
  const std::string proof_file = Write("p.proof", Run("prove", {"--index", "1"}).out);
  const std::string entry_file = Write("e.entry", Run("entry", {"1"}).out);
  ASSERT_EQ(RunSignTrail({"init", "--db", "other.db", "--origin", std::string(kOrigin)},
                         dir_.path())
                .exit_code,
            0);
  const std::string other_key = Write("other.vkey",
                                      RunSignTrail({"key", "--db", "other.db"}, dir_.path()).out);

  RunResult check =
      RunPlain({"check-proof", proof_file, "--vkey", other_key, "--entry", entry_file});

  EXPECT_EQ(check.exit_code, 3);
  EXPECT_TRUE(check.out.starts_with("proof invalid: p.proof: checkpoint signature: ")) << check.out;
}

TEST_F(LedgerCommandsTest, UnreadableProofIsUserError) {
  RunResult check = RunPlain({"check-proof", "missing.proof", "--vkey",
                              "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                              "--leaf-hash", ledger::ToBase64(ledger::HashLeaf(""))});

  EXPECT_EQ(check.exit_code, 1);
  EXPECT_TRUE(check.err.starts_with("signtrail: error: check-proof: cannot read missing.proof: "))
      << check.err;
}

TEST_F(LedgerCommandsTest, RecordIdInTwoSources) {
  ASSERT_EQ(Run("init", {"--origin", std::string(kOrigin)}).exit_code, 0);
  const std::string file = SamplesPath("lcs-user-login-events.csv").string();
  ASSERT_EQ(Run("ingest", {"--source", "east", file}).exit_code, 0);
  ASSERT_EQ(Run("ingest", {"--source", "west", file}).exit_code, 0);
  const std::string record = "00000000-0000-0000-0000-000000000021|2022-03-05T08:02:11Z";

  RunResult ambiguous = Run("prove", {"--event", record});
  RunResult west = Run("prove", {"--event", record, "--source", "lcs-logins:west"});

  EXPECT_EQ(ambiguous.exit_code, 1);
  EXPECT_EQ(ambiguous.err,
            fmt::format("signtrail: error: --event: record id '{}' exists in 2 sources "
                        "(lcs-logins:east, lcs-logins:west); pass --source NAME\n",
                        record));
  ASSERT_EQ(west.exit_code, 0) << west.err;
  EXPECT_TRUE(west.out.starts_with("c2sp.org/tlog-proof@v1\nindex 9\n")) << west.out;
}

TEST_F(LedgerCommandsTest, UnknownEvent) {
  CreateStoreWithSample();

  RunResult prove = Run("prove", {"--event", "no-such-record"});

  EXPECT_EQ(prove.exit_code, 1);
  EXPECT_EQ(prove.err,
            "signtrail: error: --event: no source has an event with record id "
            "'no-such-record'\n");
}

TEST_F(LedgerCommandsTest, ConsistencyProofVerifies) {
  CreateStoreWithSample();
  ASSERT_EQ(Run("ingest", {SamplesPath("d365-user-log.csv").string()}).exit_code, 0);
  const std::string latest = Run("checkpoint").out;

  RunResult proof = Run("prove", {"--consistency", "9"});

  ASSERT_EQ(proof.exit_code, 0) << proof.err;
  Result<ledger::ConsistencyProofText> parsed = ledger::ParseConsistencyProof(proof.out);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->old_size, 9u);
  EXPECT_EQ(parsed->new_size, 14u);
  EXPECT_EQ(parsed->signed_checkpoint, latest);
  Result<ledger::Hash> old_root = ledger::HashFromHex(
      RunSqlite3(db(), "SELECT lower(hex(root)) FROM checkpoints WHERE tree_size = 9").substr(0, 64));
  Result<ledger::Hash> new_root = ledger::HashFromHex(
      RunSqlite3(db(), "SELECT lower(hex(root)) FROM checkpoints WHERE tree_size = 14").substr(0, 64));
  ASSERT_TRUE(old_root.ok());
  ASSERT_TRUE(new_root.ok());
  std::optional<ledger::ProofFailure> failure =
      ledger::VerifyConsistency(9, 14, parsed->proof, *old_root, *new_root);
  EXPECT_FALSE(failure.has_value()) << failure->message;
}

TEST_F(LedgerCommandsTest, ConsistencyNeedsCheckpointedSizes) {
  CreateStoreWithSample();

  RunResult proof = Run("prove", {"--consistency", "4"});

  EXPECT_EQ(proof.exit_code, 1);
  EXPECT_EQ(proof.err,
            "signtrail: error: --consistency: no stored checkpoint has old size 4; the nearest "
            "checkpointed sizes are 0 and 9\n");
}

}  // namespace
}  // namespace signtrail::testing
