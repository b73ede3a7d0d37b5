#ifndef SIGNTRAIL_STORE_BATCH_LISTING_H_
#define SIGNTRAIL_STORE_BATCH_LISTING_H_

#include <vector>

#include "model/status.h"
#include "store/sqlite_database.h"
#include "store/store.h"

namespace signtrail {

// Every committed sign-in batch, oldest first.
Result<std::vector<BatchInfo>> ListSignInBatches(SqliteDatabase& database);

}  // namespace signtrail

#endif  // SIGNTRAIL_STORE_BATCH_LISTING_H_
