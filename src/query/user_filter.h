#ifndef SIGNTRAIL_QUERY_USER_FILTER_H_
#define SIGNTRAIL_QUERY_USER_FILTER_H_

#include <set>
#include <string>

#include "model/status.h"
#include "store/store.h"

namespace signtrail {

// Selects the sessions of one user named by `--user TEXT`. A session matches
// when its user id or its record's login name equals TEXT. It also matches
// when TEXT names a directory account (by account id, object id, login or
// email) whose object id or account id equals the session's user id. Every
// comparison ignores ASCII case. Any version of the account counts, so a
// renamed account still matches by its old and new login.
class UserFilter {
 public:
  // Looks up the directory accounts that TEXT names. Returns InvalidArgument
  // for an empty TEXT.
  static Result<UserFilter> Create(Store& store, const std::string& text);

  bool Matches(const StoredSession& session) const;

 private:
  UserFilter(std::string text, std::set<std::string> account_ids)
      : text_(std::move(text)), account_ids_(std::move(account_ids)) {}

  std::string text_;                  // lower-cased
  std::set<std::string> account_ids_;  // lower-cased object ids and account ids of named accounts
};

}  // namespace signtrail

#endif  // SIGNTRAIL_QUERY_USER_FILTER_H_
