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

// One part of a large entra-json file with one object per line, read as
// ImportEntraJson reads the whole file, so that an ingest never holds the
// whole file. `bytes` contains whole lines (the file's last part may end without
// a line end) and no byte order mark; options.first_line and first_offset say
// where it starts.
struct EntraJsonPart {
  ImportOutput output;
  // The reason this part cannot be read on its own, so the file must be read
  // whole with ImportEntraJson. Empty when `output` is the part's import. A time
  // such as `03/04/2024 10:00`, whose day/month order only the whole file
  // can decide.
  std::string needs_whole_file;
};
Result<EntraJsonPart> ImportEntraJsonPart(std::string_view bytes, const ImportOptions& options);

// True when `prefix`, the first bytes of a file, shows an entra-json file with
// one object per line: UTF-8 (with or without a byte order mark), two or more
// whole non-blank lines, the first one a whole object.
bool LooksLikeEntraJsonLines(std::string_view prefix);

Result<DirectoryImportOutput> ImportD365Users(std::string_view bytes, const ImportOptions& options);
Result<DirectoryImportOutput> ImportEntraUsers(std::string_view bytes, const ImportOptions& options);

}  // namespace signtrail

#endif  // SIGNTRAIL_SOURCES_IMPORTERS_H_
