#ifndef SIGNTRAIL_QUERY_IDENTITY_RESOLVER_H_
#define SIGNTRAIL_QUERY_IDENTITY_RESOLVER_H_

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/instant.h"
#include "model/status.h"
#include "store/store.h"

namespace signtrail {

// The outcome of looking up a sign-in's user id in the loaded directories.
enum class MappingState {
  kMapped,     // exactly one account of the chosen directory kind carries the id
  kUnmapped,   // no account carries the id
  kAmbiguous,  // two or more accounts of one kind carry the id; none is picked
};

std::string_view MappingStateName(MappingState state);  // "mapped", "unmapped", "ambiguous"

// The directory fields shown for one sign-in. login, user_name, email and
// user_type are empty unless the state is kMapped.
struct IdentityMapping {
  MappingState state = MappingState::kUnmapped;
  std::string login;             // D365 User ID, or the Entra userPrincipalName
  std::string user_name;         // D365 User name, or the Entra displayName
  std::string email;             // D365 Email, or the Entra mail
  std::string user_type;         // "Member", "Guest"; empty when the directory has none
  std::string directory_source;  // the matched account's directory, "d365-users:default"

  // Set when ambiguous, e.g.
  // "2 D365 accounts share object id 00000000-0000-0000-0000-000000000031: jlee, jlee2".
  std::string ambiguity;
};

// Maps sign-in user ids to directory accounts as they were at the sign-in.
//
// Candidates are the accounts whose object id or account id equals the user
// id, ignoring ASCII case. An empty object id or account id never matches.
// An account is identified by its directory source and account id. Each
// candidate contributes the version in effect at the sign-in
// (effective_from <= start < effective_to, or no effective_to). When the
// sign-in precedes every candidate version, each account contributes its
// earliest version instead.
//
// Sign-ins from D365 formats (lcs-logins, d365-userlog) prefer accounts from
// d365-users directories and fall back to entra-users; Entra formats
// (entra-json, entra-csv) prefer entra-users and fall back to d365-users.
// Other formats weigh every directory kind alike. The first kind with
// candidates decides: one account maps, two or more are ambiguous.
//
// The resolver caches the store's directory versions per user id. Per user
// id and preference it also caches the last mapping and the span of start
// times it applies to. It keeps a reference to the store, which must outlive
// it.
class IdentityResolver {
 public:
  explicit IdentityResolver(Store& store) : store_(store) {}

  // `sign_in_format` is the importer name of the sign-in's source.
  Result<IdentityMapping> Resolve(const std::string& user_id, Instant start,
                                  std::string_view sign_in_format);

  // A mapping returned by Lookup. first_use is true for the first Lookup
  // that returns the mapping since it was computed. Later calls that return
  // it before it is recomputed were made for the same user id. A caller
  // that collects facts per user id and mapping, such as the distinct users
  // of a report, can look at first uses only.
  struct Use {
    const IdentityMapping* mapping = nullptr;
    bool first_use = false;
  };

  // As Resolve, without copying the mapping. The pointer is valid until the
  // next call, and a scan in start order mostly finds it cached.
  Result<Use> Lookup(const std::string& user_id, Instant start, std::string_view sign_in_format);

 private:
  // A mapping that applies to sign-ins with valid_from <= start < valid_to.
  struct CachedMapping {
    bool valid = false;
    Instant valid_from;
    Instant valid_to;
    bool used = false;  // returned by Lookup since it was computed
    IdentityMapping mapping;
  };

  struct UserVersions {
    std::vector<DirectoryVersion> versions;
    // The sorted, distinct effective_from and effective_to times of the
    // versions that match the user id: the only starts where a mapping
    // can change.
    std::vector<Instant> breakpoints;
    // One per directory preference: D365 formats, Entra formats, others.
    std::array<CachedMapping, 3> mappings;
  };

  Result<UserVersions*> VersionsFor(const std::string& user_id);

  Store& store_;
  std::unordered_map<std::string, UserVersions> users_;
};

}  // namespace signtrail

#endif  // SIGNTRAIL_QUERY_IDENTITY_RESOLVER_H_
