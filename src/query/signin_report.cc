#include "query/signin_report.h"

#include "query/ascii_case.h"

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

ReportRow MakeRow(const StoredSession& session, IdentityMapping mapping, bool failed) {
  ReportRow row;
  row.user_id = session.user_id;
  row.login = std::move(mapping.login);
  row.user_name = std::move(mapping.user_name);
  row.email = std::move(mapping.email);
  row.session_start = session.start;
  row.source = session.source;
  row.client_ip = session.client_address;
  row.application = session.application;
  row.result = session.result;

  if (!failed) {
    row.session_end = session.end;
    row.end_kind = session.end_kind;
  }

  row.sign_in_type = session.sign_in_type;
  row.end_note = session.end_note;
  row.failure_reason = session.failure_reason;
  row.record_id = session.record_id;
  row.user_type = std::move(mapping.user_type);
  row.mapping = mapping.state;
  row.format = session.format;
  row.record_login_name = session.login_name;
  row.record_display_name = session.display_name;
  row.last_activity = session.last_activity;
  return row;
}

// Collects the footer's counts while rows stream past. It keeps one entry
// per distinct user and never the rows themselves. A mapped row counts as its
// directory login, so one person seen by a D365 source (object id) and by
// the User log (D365 user id) counts once; other rows count by user id.
class SummaryBuilder {
 public:
  void Add(const ReportRow& row, const std::string& ambiguity) {
    ++rows_;
    if (row.mapping == MappingState::kMapped && !row.login.empty()) {
      users_.insert("login:" + ToAsciiLower(row.login));
    } else {
      users_.insert("id:" + ToAsciiLower(row.user_id));
    }
    if (row.mapping == MappingState::kUnmapped) {
      ++unmapped_rows_;
      if (!row.user_id.empty()) unmapped_ids_.insert(row.user_id);
    }
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
    summary.ambiguities.assign(ambiguities_.begin(), ambiguities_.end());
    summary.notices = std::move(notices);
    return summary;
  }

 private:
  int64_t rows_ = 0;
  int64_t unmapped_rows_ = 0;
  std::unordered_set<std::string> users_;
  std::set<std::string> unmapped_ids_;
  std::set<std::string> ambiguities_;
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

  // Stream the rows: filter by user, map the identity, hand the row on.
  IdentityResolver resolver(store);
  SummaryBuilder summary;
  const auto visit = [&](const StoredSession& session) -> Status {
    if (user_filter && !user_filter->Matches(session)) return Status::Ok();

    Result<IdentityMapping> mapping =
        resolver.Resolve(session.user_id, session.start, session.format);
    if (!mapping.ok()) return mapping.status();
    const std::string ambiguity = mapping->ambiguity;

    const ReportRow row = MakeRow(session, std::move(mapping).value(), query.failed);
    summary.Add(row, ambiguity);
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
