#ifndef SIGNTRAIL_SOURCES_IMPORTERS_H_
#define SIGNTRAIL_SOURCES_IMPORTERS_H_

#include <string_view>

#include "model/status.h"
#include "sources/import_options.h"

namespace signtrail {

// One function per input format. Each takes the file's exact bytes and
// returns the normalised records, or, with OnError::kFail, the first error as
// "FILE:LINE: column 'X': value 'Y' is not a valid timestamp (expected ...)".
// docs/formats/<name>.md documents each accepted shape.

Result<ImportOutput> ImportLcsLogins(std::string_view bytes, const ImportOptions& options);
Result<ImportOutput> ImportD365UserLog(std::string_view bytes, const ImportOptions& options);
Result<ImportOutput> ImportEntraCsv(std::string_view bytes, const ImportOptions& options);
Result<ImportOutput> ImportEntraJson(std::string_view bytes, const ImportOptions& options);

Result<DirectoryImportOutput> ImportD365Users(std::string_view bytes, const ImportOptions& options);
Result<DirectoryImportOutput> ImportEntraUsers(std::string_view bytes, const ImportOptions& options);

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_IMPORTERS_H_
