#ifndef SIGNTRAIL_STORE_DIRECTORY_LOOKUP_H_
#define SIGNTRAIL_STORE_DIRECTORY_LOOKUP_H_

#include <string>
#include <vector>

#include "model/status.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// Every version whose object id or account id equals `id`, ignoring ASCII
// case, oldest first. An empty id or an empty stored object id never matches.
// The versions' raw records are left empty; verify reads them.
Result<std::vector<DirectoryVersion>> FindVersionsById(SqliteDatabase& database,
                                                       const std::string& id);

// Every version whose account id, object id, login or email equals `text`,
// ignoring ASCII case, oldest first. Empty text matches nothing.
Result<std::vector<DirectoryVersion>> FindVersionsMatching(SqliteDatabase& database,
                                                           const std::string& text);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_DIRECTORY_LOOKUP_H_
