#ifndef SIGNTRAIL_QUERY_SIGNIN_REPORT_H_
#define SIGNTRAIL_QUERY_SIGNIN_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/event.h"
#include "model/instant.h"
#include "model/status.h"
#include "query/identity_resolver.h"
#include "store/store.h"

namespace signtrail {

// The question a report answers. The window is half-open
// [window_start, window_end); SessionFilter states which sessions meet it.
struct SignInQuery {
  Instant window_start;
  Instant window_end;
  std::optional<std::string> source;  // exact source name, "entra:contoso"
  std::optional<std::string> user;    // `--user`: a user id, login or email; see UserFilter
  bool failed = false;                // list failed sign-ins instead of sessions
  bool started_within = false;        // only sessions that start inside the window
};

// The kind of rows a query lists. `failed` takes precedence over
// `started_within`.
enum class QueryKind {
  kSessionsOverlapping,  // sessions overlapping the window
  kSignInsStarted,       // sessions that started inside the window
  kFailedSignIns,        // failed sign-ins inside the window
};

QueryKind QueryKindOf(const SignInQuery& query);

// One line of a report: a session, or a failed sign-in for a query with
// `failed` set.
struct ReportRow {
  std::string user_id;    // the identity the source reports
  std::string login;      // from the directory; empty unless mapped
  std::string user_name;  // from the directory; empty unless mapped
  std::string email;      // from the directory; empty unless mapped
  Instant session_start;  // the failed attempt's instant for failed sign-ins
  std::optional<Instant> session_end;
  std::optional<EndKind> end_kind;  // nullopt for failed sign-ins, which open no session
  std::string source;
  std::string client_ip;
  std::string application;
  std::string result;  // "success", or the failure code for failed sign-ins

  std::string sign_in_type;  // "interactiveUser", "nonInteractiveUser"; empty when unknown
  std::string end_note;
  std::string failure_reason;
  std::string record_id;
  std::string user_type;  // from the directory: "Member", "Guest"
  MappingState mapping = MappingState::kUnmapped;
  std::string format;               // importer of the source, "entra-json"
  std::string record_login_name;    // the login name the sign-in record carries
  std::string record_display_name;  // the display name the sign-in record carries
  Instant last_activity;            // the session's latest sign-in
};

// The totals, lists and notices shown in a report's footer.
// The number of unmapped user ids a footer lists before it counts the rest.
// The rows themselves carry every id.
inline constexpr size_t kUnmappedIdsListed = 20;

struct ReportSummary {
  QueryKind kind = QueryKind::kSessionsOverlapping;
  Instant window_start;
  Instant window_end;
  int64_t rows = 0;
  int64_t distinct_users = 0;             // distinct directory logins (mapped) or user ids
  int64_t unmapped_rows = 0;              // rows whose user id matches no directory account
  std::vector<std::string> unmapped_ids;  // distinct non-empty unmapped user ids, sorted
  std::vector<std::string> ambiguities;   // distinct ambiguity lines, sorted
  std::vector<std::string> notices;       // data known to be missing from the window
};

// Receives a report as it is produced: every row in store order, then the
// summary once. An error from either call stops the report with that error.
class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual Status AddRow(const ReportRow& row) = 0;
  virtual Status Finish(const ReportSummary& summary) = 0;
};

// Runs `query` against the store, streaming rows into `sink` in the store's
// order (session start, then user id, then record id) without holding them.
// Returns the summary that was passed to the sink. Returns InvalidArgument
// when the window is empty or reversed, or when `user` is empty; store
// errors and sink errors are returned as they are.
Result<ReportSummary> RunSignInReport(Store& store, const SignInQuery& query, ReportSink& sink);

}  // namespace signtrail

#endif  // SIGNTRAIL_QUERY_SIGNIN_REPORT_H_
