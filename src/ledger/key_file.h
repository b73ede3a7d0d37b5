#ifndef SIGNTRAIL_LEDGER_KEY_FILE_H_
#define SIGNTRAIL_LEDGER_KEY_FILE_H_

#include <filesystem>
#include <string>

#include "ledger/note.h"
#include "model/status.h"

namespace signtrail::ledger {

// Writes the signer key text and a newline to a new file with mode 0600
// (created with O_EXCL, so an existing file is never overwritten: Conflict).
Status WriteSignerKeyFile(const std::filesystem::path& path, const SignerKey& key);

// Reads a signer key file. NotFound when missing; InvalidInput when the text
// is not a signer key; InvalidInput when the file's mode lets group or others
// read it ("chmod 600 PATH" is the fix).
Result<SignerKey> ReadSignerKeyFile(const std::filesystem::path& path);

// A default log origin: "<host name>/signtrail/<8 random hex digits>", with
// characters other than [A-Za-z0-9.-] in the host name replaced by '-'.
Result<std::string> DefaultOrigin();

}  // namespace signtrail::ledger

#endif  // SIGNTRAIL_LEDGER_KEY_FILE_H_
