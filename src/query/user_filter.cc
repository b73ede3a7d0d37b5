#include "query/user_filter.h"

#include <utility>

#include "query/ascii_case.h"

namespace signtrail {

Result<UserFilter> UserFilter::Create(Store& store, const std::string& text) {
  if (text.empty()) {
    return Status::InvalidArgument(
        "--user: the value is empty; give a user id, login or email");
  }

  Result<std::vector<DirectoryVersion>> versions = store.FindDirectoryVersionsMatching(text);
  if (!versions.ok()) return versions.status();

  std::set<std::string> account_ids;
  for (const DirectoryVersion& version : *versions) {
    if (!version.user.object_id.empty()) account_ids.insert(ToAsciiLower(version.user.object_id));
    if (!version.user.account_id.empty()) account_ids.insert(ToAsciiLower(version.user.account_id));
  }
  return UserFilter(ToAsciiLower(text), std::move(account_ids));
}

bool UserFilter::Matches(const StoredSession& session) const {
  const std::string user_id = ToAsciiLower(session.user_id);
  if (user_id == text_) return true;
  if (!session.login_name.empty() && ToAsciiLower(session.login_name) == text_) return true;
  return !user_id.empty() && account_ids_.contains(user_id);
}

}  // namespace signtrail
