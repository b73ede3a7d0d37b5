#include "store/verify_checkpoints.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <utility>

#include "ledger/checkpoint.h"
#include "ledger/note.h"

namespace signtrail {
namespace {

// The signature line prefix of a C2SP signed note: U+2014 EM DASH and a
// space.
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";

std::string FormatKeyId(uint32_t key_id) { return fmt::format("{:08x}", key_id); }

std::string DescribeKey(const ledger::VerifierKey& key) {
  return fmt::format("{}+{}", key.name, FormatKeyId(key.key_id));
}

// The signers of a note as "NAME+KEYID", read from its signature lines
// without checking them, for messages.
std::vector<std::string> NoteSigners(std::string_view note) {
  std::vector<std::string> signers;
  const size_t blank = note.rfind("\n\n");
  if (blank == std::string_view::npos) return signers;
  std::string_view lines = note.substr(blank + 2);
  while (!lines.empty()) {
    const size_t end = lines.find('\n');
    std::string_view line = lines.substr(0, end);
    lines = end == std::string_view::npos ? std::string_view() : lines.substr(end + 1);
    if (line.substr(0, kSignaturePrefix.size()) != kSignaturePrefix) continue;
    line.remove_prefix(kSignaturePrefix.size());
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    Result<std::string> signature = ledger::FromBase64(line.substr(space + 1));
    if (!signature.ok() || signature->size() < 4) continue;
    const auto byte = [&](size_t i) { return static_cast<uint32_t>(uint8_t((*signature)[i])); };
    const uint32_t key_id = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
    signers.push_back(fmt::format("{}+{}", line.substr(0, space), FormatKeyId(key_id)));
  }
  return signers;
}

std::string DescribeSigners(std::string_view note) {
  std::vector<std::string> signers = NoteSigners(note);
  if (signers.empty()) return "it has no readable signature line";
  return fmt::format("it is signed by {}", fmt::join(signers, ", "));
}

// One row of the checkpoints table, read without trusting its types.
struct CheckpointRow {
  int64_t id = 0;
  int64_t tree_size = 0;
  std::string root;  // 32 bytes when intact
  std::string signed_note;
};

Result<std::vector<CheckpointRow>> ReadCheckpointRows(SqliteDatabase& database) {
  Result<SqliteStatement> statement = database.Prepare(
      "SELECT id, tree_size, root, signed_note FROM checkpoints ORDER BY id");
  if (!statement.ok()) return statement.status();
  std::vector<CheckpointRow> rows;
  while (true) {
    Result<bool> row = statement->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    rows.push_back(CheckpointRow{statement->Int(0), statement->Int(1), statement->Blob(2),
                                 statement->Text(3)});
  }
  return rows;
}

// The claim of one stored checkpoint, or nullopt after reporting why it
// cannot be trusted.
std::optional<CheckpointClaim> OpenStoredCheckpoint(const CheckpointRow& row,
                                                    const LedgerIdentity& identity,
                                                    FindingCollector& findings) {
  const std::string label = fmt::format("checkpoint {}", row.id);
  Result<std::string> body = ledger::OpenNote(row.signed_note, identity.verifier);
  if (!body.ok()) {
    findings.Add(FindingKind::kCheckpointSignatureInvalid, std::nullopt,
                 fmt::format("{} (checkpoints row {}, size {}) does not verify with the store's "
                             "key {}: {}",
                             label, row.id, row.tree_size, DescribeKey(identity.verifier),
                             body.status().message()));
    return std::nullopt;
  }
  Result<ledger::Checkpoint> checkpoint = ledger::ParseCheckpointBody(*body);
  if (!checkpoint.ok()) {
    findings.Add(FindingKind::kCheckpointsInconsistent, std::nullopt,
                 fmt::format("{} is signed but its body is not a checkpoint: {}", label,
                             checkpoint.status().message()));
    return std::nullopt;
  }

  if (checkpoint->origin != identity.origin) {
    findings.Add(FindingKind::kCheckpointsInconsistent, std::nullopt,
                 fmt::format("{} has origin '{}' but the store's origin is '{}'", label,
                             checkpoint->origin, identity.origin));
  }
  const std::string body_root(checkpoint->root.begin(), checkpoint->root.end());
  if (static_cast<uint64_t>(row.tree_size) != checkpoint->size || row.root != body_root) {
    findings.Add(FindingKind::kCheckpointsInconsistent, std::nullopt,
                 fmt::format("{}: the columns tree_size {} and root {} differ from its signed "
                             "note (size {}, root {})",
                             label, row.tree_size, ledger::ToBase64(row.root), checkpoint->size,
                             ledger::ToBase64(checkpoint->root)));
  }
  return CheckpointClaim{false, label, checkpoint->size, checkpoint->root};
}

std::optional<CheckpointClaim> OpenTrustedCheckpoint(const TrustedCheckpoint& trusted,
                                                     const LedgerIdentity& identity,
                                                     FindingCollector& findings) {
  const std::string label = fmt::format("trusted checkpoint {}", trusted.name);
  Result<std::string> body = ledger::OpenNote(trusted.signed_note, identity.verifier);
  if (!body.ok()) {
    findings.AddDistinct(
        FindingKind::kCheckpointSignatureInvalid, std::nullopt,
        fmt::format("{} does not verify with the store's key {} (key id {}): {}; either the "
                    "store's key was replaced and its checkpoints signed again, or the "
                    "checkpoint belongs to another log ({})",
                    label, DescribeKey(identity.verifier), FormatKeyId(identity.verifier.key_id),
                    DescribeSigners(trusted.signed_note), body.status().message()));
    return std::nullopt;
  }
  Result<ledger::Checkpoint> checkpoint = ledger::ParseCheckpointBody(*body);
  if (!checkpoint.ok()) {
    findings.AddDistinct(FindingKind::kTrustedCheckpointMismatch, std::nullopt,
                         fmt::format("{} is signed but its body is not a checkpoint: {}", label,
                                     checkpoint.status().message()));
    return std::nullopt;
  }
  if (checkpoint->origin != identity.origin) {
    findings.AddDistinct(FindingKind::kTrustedCheckpointMismatch, std::nullopt,
                         fmt::format("{} has origin '{}' but the store's origin is '{}'", label,
                                     checkpoint->origin, identity.origin));
    return std::nullopt;
  }
  return CheckpointClaim{true, label, checkpoint->size, checkpoint->root};
}

}  // namespace

Result<std::optional<LedgerIdentity>> ReadLedgerIdentity(SqliteDatabase& database,
                                                         FindingCollector& findings) {
  Result<SqliteStatement> statement =
      database.Prepare("SELECT origin, verifier_key FROM ledger_meta WHERE id = 1");
  if (!statement.ok()) return statement.status();
  Result<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  if (!*row) {
    findings.Add(FindingKind::kCheckpointSignatureInvalid, std::nullopt,
                 "the ledger_meta row with the log's origin and verifier key is missing, "
                 "so no checkpoint signature can be checked");
    return std::optional<LedgerIdentity>();
  }

  LedgerIdentity identity;
  identity.origin = statement->Text(0);
  const std::string key_text = statement->Text(1);
  Result<ledger::VerifierKey> key = ledger::ParseVerifierKey(key_text);
  if (!key.ok()) {
    findings.Add(FindingKind::kCheckpointSignatureInvalid, std::nullopt,
                 fmt::format("ledger_meta.verifier_key '{}' is not a verifier key ({}), so no "
                             "checkpoint signature can be checked",
                             key_text, key.status().message()));
    return std::optional<LedgerIdentity>();
  }
  identity.verifier = *key;
  return std::optional<LedgerIdentity>(std::move(identity));
}

Result<std::vector<CheckpointClaim>> OpenStoredCheckpoints(
    SqliteDatabase& database, const std::optional<LedgerIdentity>& identity,
    FindingCollector& findings, uint64_t* count, std::optional<uint64_t>* latest_size) {
  Result<std::vector<CheckpointRow>> rows = ReadCheckpointRows(database);
  if (!rows.ok()) return rows.status();
  *count = rows->size();
  *latest_size = std::nullopt;
  if (rows->empty()) {
    findings.Add(FindingKind::kCheckpointsInconsistent, std::nullopt,
                 "the checkpoints table is empty, but every store signs a checkpoint when it is "
                 "created and after every commit");
    return std::vector<CheckpointClaim>();
  }
  *latest_size = static_cast<uint64_t>(rows->back().tree_size);

  std::vector<CheckpointClaim> claims;
  for (size_t i = 0; i < rows->size(); ++i) {
    const CheckpointRow& row = (*rows)[i];
    if (i > 0 && row.tree_size < (*rows)[i - 1].tree_size) {
      findings.Add(FindingKind::kCheckpointsInconsistent, std::nullopt,
                   fmt::format("checkpoint {} has size {}, smaller than the size {} of the "
                               "checkpoint before it; a log only grows",
                               row.id, row.tree_size, (*rows)[i - 1].tree_size));
    }
    if (!identity.has_value()) continue;
    std::optional<CheckpointClaim> claim = OpenStoredCheckpoint(row, *identity, findings);
    if (claim.has_value()) claims.push_back(std::move(*claim));
  }
  return claims;
}

std::vector<CheckpointClaim> OpenTrustedCheckpoints(const std::vector<TrustedCheckpoint>& trusted,
                                                    const std::optional<LedgerIdentity>& identity,
                                                    FindingCollector& findings) {
  std::vector<CheckpointClaim> claims;
  for (const TrustedCheckpoint& checkpoint : trusted) {
    if (!identity.has_value()) {
      findings.AddDistinct(FindingKind::kCheckpointSignatureInvalid, std::nullopt,
                           fmt::format("trusted checkpoint {} cannot be checked: the store has "
                                       "no readable log identity",
                                       checkpoint.name));
      continue;
    }
    std::optional<CheckpointClaim> claim = OpenTrustedCheckpoint(checkpoint, *identity, findings);
    if (claim.has_value()) claims.push_back(std::move(*claim));
  }
  return claims;
}

void CompareClaims(const std::vector<CheckpointClaim>& claims, const RecomputedTree& tree,
                   FindingCollector& findings) {
  for (const CheckpointClaim& claim : claims) {
    const FindingKind mismatch = claim.trusted ? FindingKind::kTrustedCheckpointMismatch
                                               : FindingKind::kCheckpointsInconsistent;
    const auto add = [&](FindingKind kind, std::optional<uint64_t> index, std::string message) {
      if (claim.trusted) {
        findings.AddDistinct(kind, index, std::move(message));
      } else {
        findings.Add(kind, index, std::move(message));
      }
    };

    if (claim.size > tree.size) {
      if (claim.trusted) {
        add(FindingKind::kStoreShorterThanTrusted, tree.size,
            fmt::format("store has {} entries but {} has {}: the newest entries were deleted",
                        tree.size, claim.label, claim.size));
      } else {
        add(mismatch, tree.size,
            fmt::format("{} has size {} but the store has only {} entries", claim.label,
                        claim.size, tree.size));
      }
      continue;
    }

    // The first leaf below the claimed size that breaks the rebuild or
    // differs from its committed hash, when there is one.
    std::optional<uint64_t> index;
    if (tree.first_divergence.has_value() && *tree.first_divergence < claim.size) {
      index = tree.first_divergence;
    }
    auto root = tree.roots.find(claim.size);
    if (root == tree.roots.end()) {
      add(mismatch, index,
          fmt::format("{} (size {}) cannot be checked: entry {} cannot be re-derived, so the "
                      "tree cannot be rebuilt to that size",
                      claim.label, claim.size, tree.unavailable_from.value_or(0)));
      continue;
    }
    if (root->second != claim.root) {
      add(mismatch, index,
          fmt::format("{} (size {}) has root {} but the entries re-derived from the store give "
                      "{}",
                      claim.label, claim.size, ledger::ToBase64(claim.root),
                      ledger::ToBase64(root->second)));
    }
  }
}

}  // namespace signtrail
