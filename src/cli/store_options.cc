#include <cstdlib>

#include "cli/command.h"

namespace signtrail::cli {

void AddStoreOption(CLI::App& command, std::string* db) {
  command.add_option("--db", *db,
                     "Store file (default: $SIGNTRAIL_DB, else ./signtrail.db)");
}

std::filesystem::path ResolveStorePath(const std::string& db_option) {
  if (!db_option.empty()) return db_option;
  const char* from_environment = std::getenv("SIGNTRAIL_DB");
  if (from_environment != nullptr && *from_environment != '\0') return from_environment;
  return "signtrail.db";
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& db_option) {
  return OpenSqliteStore(ResolveStorePath(db_option));
}

}  // namespace signtrail::cli
