#ifndef SIGNTRAIL_MODEL_DIRECTORY_USER_H_
#define SIGNTRAIL_MODEL_DIRECTORY_USER_H_

#include <cstdint>
#include <optional>
#include <string>

namespace signtrail {

// One account as a directory export lists it. A D365 Users export keys
// accounts on its User ID and carries the Entra object id beside it; an Entra
// users export keys them on the object id itself.
struct DirectoryUser {
  std::string account_id;    // D365 User ID, or the Entra object id
  std::string object_id;     // Entra object id; empty when the export has none
  std::string login;         // D365 User ID, or the Entra userPrincipalName
  std::string display_name;  // D365 User name, or the Entra displayName
  std::string email;
  std::optional<bool> enabled;
  std::string provider;      // D365 identity provider; empty for Entra
  std::string user_type;     // "Member", "Guest"; empty when the export has none

  std::string raw;           // the row's exact bytes
  int64_t line = 0;
  int64_t offset = 0;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_MODEL_DIRECTORY_USER_H_
