#include "query/identity_resolver.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "query/ascii_case.h"

namespace signtrail {
namespace {

constexpr std::string_view kD365Directory = "d365-users";
constexpr std::string_view kEntraDirectory = "entra-users";

constexpr Instant kEarliestInstant = Instant::FromMicros(std::numeric_limits<int64_t>::min());
constexpr Instant kLatestInstant = Instant::FromMicros(std::numeric_limits<int64_t>::max());

// One directory account and the version of it that applies to the sign-in.
struct Candidate {
  const DirectoryVersion* version = nullptr;
  bool matched_by_object_id = false;
};

bool MatchesObjectId(const DirectoryUser& user, const std::string& user_id) {
  return !user.object_id.empty() && EqualsIgnoringAsciiCase(user.object_id, user_id);
}

bool MatchesAccountId(const DirectoryUser& user, const std::string& user_id) {
  return !user.account_id.empty() && EqualsIgnoringAsciiCase(user.account_id, user_id);
}

bool IsInEffect(const DirectoryVersion& version, Instant at) {
  return version.effective_from <= at && (!version.effective_to || at < *version.effective_to);
}

// Directory kinds in order of preference; empty means every kind alike.
std::vector<std::string_view> PreferredDirectoryKinds(std::string_view sign_in_format) {
  if (sign_in_format == "lcs-logins" || sign_in_format == "d365-userlog") {
    return {kD365Directory, kEntraDirectory};
  }
  if (sign_in_format == "entra-json" || sign_in_format == "entra-csv") {
    return {kEntraDirectory, kD365Directory};
  }
  return {};
}

// The slot of a format's preference in IdentityResolver's cached mappings:
// 0 for D365 formats, 1 for Entra formats, 2 for formats with no preference.
// It must agree with PreferredDirectoryKinds.
size_t PreferenceOf(std::string_view sign_in_format) {
  if (sign_in_format == "lcs-logins" || sign_in_format == "d365-userlog") return 0;
  if (sign_in_format == "entra-json" || sign_in_format == "entra-csv") return 1;
  return 2;
}

std::string_view DirectoryKindLabel(std::string_view kind) {
  if (kind == kD365Directory) return "D365";
  if (kind == kEntraDirectory) return "Entra";
  return "directory";
}

// Picks, per account, the version that applies to a sign-in at `start`.
std::vector<Candidate> SelectCandidates(const std::vector<DirectoryVersion>& versions,
                                        const std::string& user_id, Instant start) {
  std::vector<const DirectoryVersion*> matching;
  for (const DirectoryVersion& version : versions) {
    if (MatchesObjectId(version.user, user_id) || MatchesAccountId(version.user, user_id)) {
      matching.push_back(&version);
    }
  }
  if (matching.empty()) return {};

  const auto earliest = std::min_element(
      matching.begin(), matching.end(),
      [](const auto* a, const auto* b) { return a->effective_from < b->effective_from; });
  const bool before_every_version = start < (*earliest)->effective_from;

  // Keyed on (directory source, account id) so the output order is stable.
  std::map<std::pair<std::string, std::string>, const DirectoryVersion*> chosen;
  for (const DirectoryVersion* version : matching) {
    if (!before_every_version && !IsInEffect(*version, start)) continue;
    auto [it, inserted] = chosen.try_emplace({version->source, version->user.account_id}, version);
    if (inserted) continue;
    // Before every version the earliest one applies; otherwise versions of one
    // account do not overlap, and if they did the latest one would win.
    const bool earlier = version->effective_from < it->second->effective_from;
    if (earlier == before_every_version) it->second = version;
  }

  std::vector<Candidate> candidates;
  for (const auto& [key, version] : chosen) {
    candidates.push_back({version, MatchesObjectId(version->user, user_id)});
  }
  return candidates;
}

// The candidates of the first preferred directory kind that has any, with
// that kind's label for messages.
std::pair<std::vector<Candidate>, std::string_view> ChooseGroup(
    const std::vector<Candidate>& candidates, std::string_view sign_in_format) {
  for (std::string_view kind : PreferredDirectoryKinds(sign_in_format)) {
    std::vector<Candidate> group;
    for (const Candidate& candidate : candidates) {
      if (candidate.version->format == kind) group.push_back(candidate);
    }
    if (!group.empty()) return {group, DirectoryKindLabel(kind)};
  }
  return {candidates, DirectoryKindLabel("")};
}

std::string DescribeAmbiguity(const std::vector<Candidate>& group, std::string_view kind_label,
                              const std::string& user_id) {
  const size_t by_object_id = std::count_if(group.begin(), group.end(), [](const Candidate& c) {
    return c.matched_by_object_id;
  });
  std::string_view id_kind = "id";
  if (by_object_id == group.size()) id_kind = "object id";
  if (by_object_id == 0) id_kind = "account id";

  std::set<std::string> sources;
  for (const Candidate& candidate : group) sources.insert(candidate.version->source);

  std::vector<std::string> names;
  for (const Candidate& candidate : group) {
    const DirectoryUser& user = candidate.version->user;
    std::string name = user.login.empty() ? user.account_id : user.login;
    if (sources.size() > 1) name += fmt::format(" ({})", candidate.version->source);
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());

  return fmt::format("{} {} accounts share {} {}: {}", group.size(), kind_label, id_kind, user_id,
                     fmt::join(names, ", "));
}

// Maps a sign-in by the rules of IdentityResolver, reading only `versions`.
IdentityMapping MapIdentity(const std::vector<DirectoryVersion>& versions,
                            const std::string& user_id, Instant start,
                            std::string_view sign_in_format) {
  IdentityMapping mapping;
  const std::vector<Candidate> candidates = SelectCandidates(versions, user_id, start);
  const auto [group, kind_label] = ChooseGroup(candidates, sign_in_format);
  if (group.empty()) return mapping;

  if (group.size() > 1) {
    mapping.state = MappingState::kAmbiguous;
    mapping.ambiguity = DescribeAmbiguity(group, kind_label, user_id);
    return mapping;
  }

  const DirectoryVersion& version = *group.front().version;
  mapping.state = MappingState::kMapped;
  mapping.login = version.user.login;
  mapping.user_name = version.user.display_name;
  mapping.email = version.user.email;
  mapping.user_type = version.user.user_type;
  mapping.directory_source = version.source;
  return mapping;
}

}  // namespace

std::string_view MappingStateName(MappingState state) {
  switch (state) {
    case MappingState::kMapped:
      return "mapped";
    case MappingState::kUnmapped:
      return "unmapped";
    case MappingState::kAmbiguous:
      return "ambiguous";
  }
  return "unknown";
}

Result<IdentityMapping> IdentityResolver::Resolve(const std::string& user_id, Instant start,
                                                  std::string_view sign_in_format) {
  Result<Use> use = Lookup(user_id, start, sign_in_format);
  if (!use.ok()) return use.status();
  return *use->mapping;
}

Result<IdentityResolver::Use> IdentityResolver::Lookup(const std::string& user_id, Instant start,
                                                       std::string_view sign_in_format) {
  static const IdentityMapping kUnmapped;
  // Not cached, so every use is a first use.
  if (user_id.empty()) return Use{&kUnmapped, true};

  Result<UserVersions*> user = VersionsFor(user_id);
  if (!user.ok()) return user.status();

  // The mapping changes only at an effective_from or effective_to of the
  // matching versions, so it applies to every start between the two
  // breakpoints around this one.
  CachedMapping& cached = (*user)->mappings[PreferenceOf(sign_in_format)];
  if (cached.valid && cached.valid_from <= start && start < cached.valid_to) {
    return Use{&cached.mapping, !std::exchange(cached.used, true)};
  }
  cached.mapping = MapIdentity((*user)->versions, user_id, start, sign_in_format);
  const std::vector<Instant>& breakpoints = (*user)->breakpoints;
  const auto next = std::upper_bound(breakpoints.begin(), breakpoints.end(), start);
  cached.valid_from = next == breakpoints.begin() ? kEarliestInstant : *(next - 1);
  cached.valid_to = next == breakpoints.end() ? kLatestInstant : *next;
  cached.valid = true;
  cached.used = true;
  return Use{&cached.mapping, true};
}

Result<IdentityResolver::UserVersions*> IdentityResolver::VersionsFor(const std::string& user_id) {
  auto cached = users_.find(user_id);
  if (cached != users_.end()) return &cached->second;

  Result<std::vector<DirectoryVersion>> found = store_.FindDirectoryVersions(user_id);
  if (!found.ok()) return found.status();
  UserVersions user;
  user.versions = std::move(found).value();
  for (const DirectoryVersion& version : user.versions) {
    if (!MatchesObjectId(version.user, user_id) && !MatchesAccountId(version.user, user_id)) {
      continue;
    }
    user.breakpoints.push_back(version.effective_from);
    if (version.effective_to) user.breakpoints.push_back(*version.effective_to);
  }
  std::sort(user.breakpoints.begin(), user.breakpoints.end());
  user.breakpoints.erase(std::unique(user.breakpoints.begin(), user.breakpoints.end()),
                         user.breakpoints.end());
  auto [it, inserted] = users_.emplace(user_id, std::move(user));
  return &it->second;
}

}  // namespace signtrail
