#include "store/ledger_identity.h"

#include <fmt/format.h>

#include <string>
#include <utility>

#include "ledger/hash.h"
#include "ledger/key_file.h"
#include "ledger/note.h"
#include "store/ledger_checkpoints.h"

namespace signtrail {
namespace {

Status CheckOrigin(const std::string& origin) {
  if (ledger::IsValidKeyName(origin)) return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "origin '{}' is not valid: an origin is one non-empty line with no spaces and no '+', "
      "e.g. example.com/signtrail",
      origin));
}

Status CheckSignerMatches(const SqliteDatabase& database, const LedgerIdentity& identity,
                          const StoreOptions& options) {
  if (!options.signer.has_value()) return Status::Ok();
  const ledger::VerifierKey verifier = ledger::VerifierFor(*options.signer);
  if (ledger::FormatVerifierKey(verifier) == ledger::FormatVerifierKey(identity.verifier)) {
    return Status::Ok();
  }
  const std::string key_name = options.signer_file.empty()
                                   ? std::string("the signing key")
                                   : fmt::format("the key in {}", options.signer_file.string());
  return Status::Conflict(fmt::format(
      "{} does not match this store's key (store key id {:08x}, file key id {:08x}); pass the "
      "key file {} was created with",
      key_name, identity.verifier.key_id, verifier.key_id, database.path()));
}

// Writes the identity and the empty tree's checkpoint, unless another
// process did so first; returns the identity the store then has.
Result<LedgerIdentity> CreateLedgerIdentity(SqliteDatabase& database, const StoreOptions& options,
                                            Instant now) {
  Result<SqliteTransaction> transaction = SqliteTransaction::Begin(database);
  if (!transaction.ok()) return transaction.status();
  Result<std::optional<LedgerIdentity>> existing = ReadLedgerIdentity(database);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) return std::move(**existing);

  LedgerSigning signing;
  signing.signer = *options.signer;
  if (options.origin.has_value()) {
    signing.origin = *options.origin;
  } else {
    Result<std::string> origin = ledger::DefaultOrigin();
    if (!origin.ok()) return origin.status();
    signing.origin = std::move(*origin);
  }
  Status valid = CheckOrigin(signing.origin);
  if (!valid.ok()) return valid;

  LedgerIdentity identity{signing.origin, ledger::VerifierFor(signing.signer)};
  Result<SqliteStatement> insert =
      database.Prepare("INSERT INTO ledger_meta (id, origin, verifier_key) VALUES (1, ?1, ?2)");
  if (!insert.ok()) return insert.status();
  insert->Bind(1, identity.origin).Bind(2, ledger::FormatVerifierKey(identity.verifier));
  Status stored = insert->Run();
  if (!stored.ok()) return stored;

  Result<StoredCheckpoint> checkpoint =
      SignCheckpointIfGrown(database, signing, 0, ledger::EmptyRoot(), now);
  if (!checkpoint.ok()) return checkpoint.status();
  Status committed = transaction->Commit();
  if (!committed.ok()) return committed;
  return identity;
}

}  // namespace

Result<std::optional<LedgerIdentity>> ReadLedgerIdentity(SqliteDatabase& database) {
  Result<SqliteStatement> select =
      database.Prepare("SELECT origin, verifier_key FROM ledger_meta WHERE id = 1");
  if (!select.ok()) return select.status();
  Result<bool> row = select->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<LedgerIdentity>();

  LedgerIdentity identity;
  identity.origin = select->Text(0);
  const std::string key_text = select->Text(1);
  Result<ledger::VerifierKey> verifier = ledger::ParseVerifierKey(key_text);
  if (!verifier.ok()) {
    return Status::StoreError(fmt::format(
        "{}: ledger_meta contains the verifier key '{}', which is not valid ({}); the store is "
        "damaged",
        database.path(), key_text, verifier.status().message()));
  }
  identity.verifier = std::move(*verifier);
  return std::optional<LedgerIdentity>(std::move(identity));
}

Result<LedgerIdentity> PrepareLedgerIdentity(SqliteDatabase& database, const StoreOptions& options,
                                             Instant now) {
  Result<std::optional<LedgerIdentity>> identity = ReadLedgerIdentity(database);
  if (!identity.ok()) return identity.status();

  if (!identity->has_value()) {
    if (!options.signer.has_value()) return NewStoreNeedsSignerError(database.path());
    Result<LedgerIdentity> created = CreateLedgerIdentity(database, options, now);
    if (!created.ok()) return created.status();
    identity->emplace(std::move(*created));
  }

  Status matches = CheckSignerMatches(database, **identity, options);
  if (!matches.ok()) return matches;
  return std::move(**identity);
}

Status NewStoreNeedsSignerError(const std::filesystem::path& path) {
  return Status::InvalidArgument(fmt::format(
      "{}: a new store needs a signing key; pass --key PATH or set SIGNTRAIL_KEY", path.string()));
}

Status WriteNeedsSignerError() {
  return Status::InvalidArgument(
      "this command writes to the store and needs its signing key; pass --key PATH or set "
      "SIGNTRAIL_KEY");
}

}  // namespace signtrail
