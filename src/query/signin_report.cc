#include "query/signin_report.h"

#include "query/ascii_case.h"

#include <algorithm>
#include <set>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "query/coverage.h"
#include "query/non_interactive_notice.h"
#include "query/user_filter.h"

namespace signtrail {
namespace {

Status ValidateQuery(const SignInQuery& query) {
  if (query.window_start >= query.window_end) {
    return Status::InvalidArgument(
        fmt::format("the window start {} is not before its end {}; give a start earlier than the "
                    "end",
                    FormatUtc(query.window_start), FormatUtc(query.window_end)));
  }
  return Status::Ok();
}

// Fills `row` from a session and its mapping. Assigning into the same row
// for every session reuses the capacity of its strings.
void FillRow(const StoredSession& session, const IdentityMapping& mapping, bool failed,
             ReportRow& row) {
  row.user_id = session.user_id;
  row.login = mapping.login;
  row.user_name = mapping.user_name;
  row.email = mapping.email;
  row.session_start = session.start;
  row.source = session.source;
  row.client_ip = session.client_address;
  row.application = session.application;
  row.result = session.result;

  row.session_end.reset();
  row.end_kind.reset();
  if (!failed) {
    row.session_end = session.end;
    row.end_kind = session.end_kind;
  }

  row.sign_in_type = session.sign_in_type;
  row.end_note = session.end_note;
  row.failure_reason = session.failure_reason;
  row.record_id = session.record_id;
  row.user_type = mapping.user_type;
  row.mapping = mapping.state;
  row.format = session.format;
  row.record_login_name = session.login_name;
  row.record_display_name = session.display_name;
  row.last_activity = session.last_activity;
}

// Collects the footer's counts while rows stream past. It keeps one entry
// per distinct user and never the rows themselves. A mapped row counts as its
// directory login, so one person seen by a D365 source (object id) and by
// the User log (D365 user id) counts once; other rows count by user id.
//
// The users, unmapped ids and ambiguities of a row depend only on its user
// id and mapping, so they are collected from the first row of each mapping
// the resolver returns (IdentityResolver::Use::first_use). The rows after it
// with the same mapping would add nothing, and skipping them spares the
// report three hash lookups per row.
class SummaryBuilder {
 public:
  void Add(const ReportRow& row, const IdentityResolver::Use& use) {
    ++rows_;
    if (row.mapping == MappingState::kUnmapped) ++unmapped_rows_;
    if (!use.first_use) return;

    const bool by_login = row.mapping == MappingState::kMapped && !row.login.empty();
    user_key_.assign(by_login ? "login:" : "id:");
    AppendAsciiLower(user_key_, by_login ? row.login : row.user_id);
    if (!users_.contains(user_key_)) users_.insert(user_key_);
    if (row.mapping == MappingState::kUnmapped && !row.user_id.empty()) {
      unmapped_ids_.insert(row.user_id);
    }
    const std::string& ambiguity = use.mapping->ambiguity;
    if (!ambiguity.empty()) ambiguities_.insert(ambiguity);
  }

  ReportSummary Build(const SignInQuery& query, std::vector<std::string> notices) const {
    ReportSummary summary;
    summary.kind = QueryKindOf(query);
    summary.window_start = query.window_start;
    summary.window_end = query.window_end;
    summary.rows = rows_;
    summary.distinct_users = static_cast<int64_t>(users_.size());
    summary.unmapped_rows = unmapped_rows_;
    summary.unmapped_ids.assign(unmapped_ids_.begin(), unmapped_ids_.end());
    std::sort(summary.unmapped_ids.begin(), summary.unmapped_ids.end());
    summary.ambiguities.assign(ambiguities_.begin(), ambiguities_.end());
    summary.notices = std::move(notices);
    return summary;
  }

 private:
  int64_t rows_ = 0;
  int64_t unmapped_rows_ = 0;
  std::unordered_set<std::string> users_;
  std::unordered_set<std::string> unmapped_ids_;  // sorted by Build
  std::set<std::string> ambiguities_;
  std::string user_key_;  // the users_ key of the current row
};

}  // namespace

QueryKind QueryKindOf(const SignInQuery& query) {
  if (query.failed) return QueryKind::kFailedSignIns;
  if (query.started_within) return QueryKind::kSignInsStarted;
  return QueryKind::kSessionsOverlapping;
}

Result<ReportSummary> RunSignInReport(Store& store, const SignInQuery& query, ReportSink& sink) {
  if (Status valid = ValidateQuery(query); !valid.ok()) return valid;

  std::optional<UserFilter> user_filter;
  if (query.user) {
    Result<UserFilter> created = UserFilter::Create(store, *query.user);
    if (!created.ok()) return created.status();
    user_filter.emplace(std::move(created).value());
  }

  // Stream the rows: filter by user, map the identity, hand the row on. One
  // ReportRow is refilled for every session.
  IdentityResolver resolver(store);
  SummaryBuilder summary;
  ReportRow row;
  const auto visit = [&](const StoredSession& session) -> Status {
    if (user_filter && !user_filter->Matches(session)) return Status::Ok();

    Result<IdentityResolver::Use> use =
        resolver.Lookup(session.user_id, session.start, session.format);
    if (!use.ok()) return use.status();

    FillRow(session, *use->mapping, query.failed, row);
    summary.Add(row, *use);
    return sink.AddRow(row);
  };

  const SessionFilter filter{.window_start = query.window_start,
                             .window_end = query.window_end,
                             .source = query.source,
                             .started_within = query.started_within};
  const Status scanned =
      query.failed ? store.ScanFailedSignIns(filter, visit) : store.ScanSessions(filter, visit);
  if (!scanned.ok()) return scanned;

  // Name the data the window is known to lack, then close the report.
  Result<std::vector<BatchInfo>> batches = store.ListBatches();
  if (!batches.ok()) return batches.status();
  std::vector<std::string> notices =
      FindNonInteractiveNotices(*batches, query.window_start, query.window_end, query.source);
  for (std::string& notice :
       FindCoverageNotices(*batches, query.window_start, query.window_end, query.source)) {
    notices.push_back(std::move(notice));
  }

  ReportSummary result = summary.Build(query, std::move(notices));
  if (Status finished = sink.Finish(result); !finished.ok()) return finished;
  return result;
}

}  // namespace signtrail
