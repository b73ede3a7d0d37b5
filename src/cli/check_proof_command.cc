#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli/command.h"
#include "ledger/checkpoint.h"
#include "ledger/hash.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tlog_proof.h"

namespace signtrail::cli {
namespace {

struct CheckProofOptions {
  std::string proof_file;
  std::string verifier_key;
  std::string entry_file;
  std::string leaf_hash;
};

// The verifier key given as its text, or as a file holding the text (the
// output of `signtrail key`).
Result<ledger::VerifierKey> LoadVerifierKey(const std::string& value) {
  Result<ledger::VerifierKey> parsed = ledger::ParseVerifierKey(value);
  if (parsed.ok()) return parsed;

  std::error_code error;
  if (!std::filesystem::is_regular_file(value, error)) {
    return Status::InvalidArgument(
        fmt::format("--vkey: '{}' is neither a verifier key (NAME+KEYID+BASE64, as `signtrail "
                    "key` prints it) nor a file holding one: {}",
                    value, parsed.status().message()));
  }
  Result<std::string> text = ReadInputFile("--vkey", value);
  if (!text.ok()) return text.status();
  std::string line = *text;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  Result<ledger::VerifierKey> from_file = ledger::ParseVerifierKey(line);
  if (from_file.ok()) return from_file;
  return Status::InvalidArgument(
      fmt::format("--vkey: file {} does not hold a verifier key (NAME+KEYID+BASE64): {}", value,
                  from_file.status().message()));
}

// The leaf hash the proof must prove: of the --entry bytes, or --leaf-hash.
Result<ledger::Hash> LoadLeafHash(const CheckProofOptions& options) {
  if (!options.entry_file.empty() && !options.leaf_hash.empty()) {
    return Status::InvalidArgument("pass either --entry FILE or --leaf-hash BASE64, not both");
  }
  if (!options.entry_file.empty()) {
    Result<std::string> entry = ReadInputFile("--entry", options.entry_file);
    if (!entry.ok()) return entry.status();
    return ledger::HashLeaf(*entry);
  }
  if (!options.leaf_hash.empty()) {
    Result<ledger::Hash> hash = ledger::HashFromBase64(options.leaf_hash);
    if (hash.ok()) return hash;
    return Status::InvalidArgument(
        fmt::format("--leaf-hash: value '{}' is not a base64 SHA-256 hash: {}", options.leaf_hash,
                    hash.status().message()));
  }
  return Status::InvalidArgument(
      "check-proof needs the proven leaf: pass --entry FILE (the bytes `signtrail entry N` "
      "writes) or --leaf-hash BASE64");
}

// Why the proof does not hold, or nullopt when it does. `summary` receives
// what a valid proof shows.
std::optional<std::string> CheckProof(const std::string& proof_text,
                                      const ledger::VerifierKey& key, const ledger::Hash& leaf,
                                      std::string* summary) {
  Result<ledger::TlogProof> proof = ledger::ParseTlogProof(proof_text);
  if (!proof.ok()) return "not a valid tlog-proof: " + proof.status().message();

  Result<std::string> body = ledger::OpenNote(proof->signed_checkpoint, key);
  if (!body.ok()) return "checkpoint signature: " + body.status().message();
  Result<ledger::Checkpoint> checkpoint = ledger::ParseCheckpointBody(*body);
  if (!checkpoint.ok()) return "checkpoint body: " + checkpoint.status().message();

  std::optional<ledger::ProofFailure> failure = ledger::VerifyInclusion(
      leaf, proof->index, checkpoint->size, proof->proof, checkpoint->root);
  if (failure.has_value()) return "inclusion: " + failure->message;

  *summary = fmt::format(
      "entry {} (leaf hash {}) is in the tree of size {} with root {}, origin {}, signed by {}",
      proof->index, ledger::ToBase64(leaf), checkpoint->size, ledger::ToBase64(checkpoint->root),
      checkpoint->origin, ledger::FormatVerifierKey(key));
  return std::nullopt;
}

Result<int> RunCheckProof(const CheckProofOptions& options) {
  Result<ledger::Hash> leaf = LoadLeafHash(options);
  if (!leaf.ok()) return leaf.status();
  Result<ledger::VerifierKey> key = LoadVerifierKey(options.verifier_key);
  if (!key.ok()) return key.status();
  Result<std::string> proof_text = ReadInputFile("check-proof", options.proof_file);
  if (!proof_text.ok()) return proof_text.status();

  std::string summary;
  std::optional<std::string> failure = CheckProof(*proof_text, *key, *leaf, &summary);
  if (failure.has_value()) {
    std::cout << fmt::format("proof invalid: {}: {}\n", options.proof_file, *failure);
    return kExitCheckFailed;
  }
  std::cout << fmt::format("proof valid: {}\n", summary);
  return 0;
}

}  // namespace

void AddCheckProofCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<CheckProofOptions>();
  CLI::App* command = app.add_subcommand(
      "check-proof",
      "Verify a tlog-proof offline, with no store: the checkpoint's signature and key id, the "
      "inclusion proof, and that the entry bytes hash to the proven leaf");
  command->add_option("FILE", options->proof_file, "The proof, as `signtrail prove` writes it")
      ->required();
  command->add_option("--vkey", options->verifier_key,
                      "The log's verifier key (NAME+KEYID+BASE64, as `signtrail key` prints it), "
                      "or a file holding it")
      ->required();
  command->add_option("--entry", options->entry_file,
                      "File with the entry's exact bytes, as `signtrail entry N` writes them");
  command->add_option("--leaf-hash", options->leaf_hash,
                      "The proven leaf hash in base64, instead of --entry");

  command->callback([options, selected] {
    *selected = [options] { return RunCheckProof(*options); };
  });
}

}  // namespace signtrail::cli
