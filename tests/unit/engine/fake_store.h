#ifndef SIGNTRAIL_TESTS_UNIT_ENGINE_FAKE_STORE_H_
#define SIGNTRAIL_TESTS_UNIT_ENGINE_FAKE_STORE_H_

#include <cstdlib>
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "store/store.h"

namespace signtrail::testing {

// An in-memory Store for tests of the query and export layers. It follows the
// contract in store/store.h: dedupe on (source, record id), sessions derived
// on every scan, the SessionFilter window rules, scans sorted by start, user
// id and record id, and directory versions closed when an account changes.
// Point sign-ins group into one session per (source, user id, session key);
// a sign-in without a session key is a session of its own. Sign-out events
// are kept but pair with nothing.
class FakeStore : public Store {
  static Status NoLedger() { return Status::Internal("the fake store keeps no ledger"); }

 public:
  Result<BatchReport> CommitSignInBatch(const SignInBatch& batch) override {
    BatchReport report;
    report.batch_id = static_cast<int64_t>(batches_.size()) + 1;
    report.rows_read = batch.import.rows_read;
    report.rejected = static_cast<int64_t>(batch.import.rejects.size());
    report.warnings = batch.import.warnings;

    std::set<std::string> sign_in_types;
    for (const SignInEvent& event : batch.import.events) {
      CommitEvent(batch, event, report);
      if (!report.min_time || event.time < *report.min_time) report.min_time = event.time;
      if (!report.max_time || event.time > *report.max_time) report.max_time = event.time;
      if (!event.sign_in_type.empty()) sign_in_types.insert(event.sign_in_type);
    }

    BatchInfo info;
    info.batch_id = report.batch_id;
    info.source = batch.source;
    info.format = batch.format;
    info.file_name = batch.file_name;
    info.file_sha256 = batch.file_sha256;
    info.committed_at = Instant::FromSeconds(report.batch_id);
    info.rows_read = report.rows_read;
    info.added = report.added;
    info.duplicate = report.duplicate;
    info.updated = report.updated;
    info.rejected = report.rejected;
    info.min_time = report.min_time;
    info.max_time = report.max_time;
    info.sign_in_types.assign(sign_in_types.begin(), sign_in_types.end());
    info.warnings = report.warnings;
    info.window_start = batch.coverage.window_start;
    info.window_end = batch.coverage.window_end;
    info.window_basis = batch.coverage.window_basis;
    info.doubtful_reasons = batch.coverage.doubtful_reasons;
    info.row_cap_reached = batch.coverage.row_cap_reached;
    batches_.push_back(info);
    return report;
  }

  Result<DirectoryReport> CommitDirectoryBatch(const DirectoryBatch& batch) override {
    DirectoryReport report;
    report.batch_id = ++directory_batches_;
    report.rows_read = batch.import.rows_read;
    report.rejected = static_cast<int64_t>(batch.import.rejects.size());
    report.warnings = batch.import.warnings;

    for (const DirectoryUser& user : batch.import.users) {
      DirectoryVersion* current = CurrentVersion(batch.source, user.account_id);
      if (current != nullptr && SameFields(current->user, user)) {
        ++report.unchanged;
        continue;
      }
      if (current != nullptr) {
        current->effective_to = batch.effective_time;
        ++report.changed;
      } else {
        ++report.added;
      }
      versions_.push_back({.source = batch.source,
                           .format = batch.format,
                           .user = user,
                           .effective_from = batch.effective_time,
                           .effective_to = std::nullopt});
    }
    return report;
  }

  Status ScanSessions(const SessionFilter& filter,
                      const std::function<Status(const StoredSession&)>& visit) override {
    ++scan_calls;
    std::vector<StoredSession> matching;
    for (const StoredSession& session : DeriveSessions()) {
      if (filter.source && session.source != *filter.source) continue;
      if (MeetsWindow(session, filter)) matching.push_back(session);
    }
    return VisitSorted(std::move(matching), visit);
  }

  Status ScanFailedSignIns(const SessionFilter& filter,
                           const std::function<Status(const StoredSession&)>& visit) override {
    ++scan_calls;
    std::vector<StoredSession> matching;
    for (const StoredEvent& stored : events_) {
      if (stored.event.kind != EventKind::kFailedSignIn) continue;
      if (filter.source && stored.source != *filter.source) continue;
      const Instant time = stored.event.time;
      if (time < filter.window_start || time >= filter.window_end) continue;
      StoredSession failed = SessionFromEvent(stored);
      failed.result = stored.event.result_code;
      matching.push_back(std::move(failed));
    }
    return VisitSorted(std::move(matching), visit);
  }

  Result<std::vector<DirectoryVersion>> FindDirectoryVersions(const std::string& id) override {
    ++find_versions_calls;
    return SortedVersions([&](const DirectoryUser& user) {
      return !id.empty() && (user.object_id == id || user.account_id == id);
    });
  }

  Result<std::vector<DirectoryVersion>> FindDirectoryVersionsMatching(
      const std::string& text) override {
    const std::string lower_text = Lower(text);
    return SortedVersions([&](const DirectoryUser& user) {
      for (const std::string* field : {&user.account_id, &user.object_id, &user.login, &user.email}) {
        if (!field->empty() && Lower(*field) == lower_text) return true;
      }
      return false;
    });
  }

  Result<std::vector<BatchInfo>> ListBatches() override { return batches_; }

  // The ledger is not part of the fake: the report code never reads it.
  Result<LedgerIdentity> Identity() override { return NoLedger(); }
  Result<uint64_t> LedgerSize() override { return NoLedger(); }
  Result<std::string> ReadEntry(uint64_t) override { return NoLedger(); }
  Result<uint64_t> FindEventEntry(const std::string&, const std::string&) override {
    return NoLedger();
  }
  Result<std::vector<StoredCheckpoint>> ListCheckpoints() override { return NoLedger(); }
  ledger::NodeSource& Nodes() override { std::abort(); }
  Result<StoredCheckpoint> SignCheckpoint() override { return NoLedger(); }
  Result<HeartbeatReport> AppendHeartbeat(Instant) override { return NoLedger(); }
  Result<VerifyReport> Verify(const std::vector<TrustedCheckpoint>&) override {
    return NoLedger();
  }

  // Adds a directory version as given, for tests that need exact effective
  // times.
  void AddDirectoryVersion(DirectoryVersion version) { versions_.push_back(std::move(version)); }

  // Replaces what ListBatches returns, for tests that need batch windows and
  // doubtful reasons, which CommitSignInBatch leaves empty.
  void SetBatches(std::vector<BatchInfo> batches) { batches_ = std::move(batches); }

  // Makes every later scan fail with `status` after visiting `rows` rows.
  void FailScansAfter(int rows, Status status) { scan_failure_ = {rows, std::move(status)}; }

  int scan_calls = 0;
  int find_versions_calls = 0;

 private:
  struct StoredEvent {
    std::string source;
    std::string format;
    SignInEvent event;
  };

  static std::string Lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower;
  }

  static bool SameFields(const DirectoryUser& a, const DirectoryUser& b) {
    return std::tie(a.object_id, a.login, a.display_name, a.email, a.enabled, a.provider,
                    a.user_type) == std::tie(b.object_id, b.login, b.display_name, b.email,
                                             b.enabled, b.provider, b.user_type);
  }

  static bool IsSuccessfulSignIn(const SignInEvent& event) {
    return event.kind == EventKind::kSignIn;
  }

  static bool MeetsWindow(const StoredSession& session, const SessionFilter& filter) {
    const bool starts_inside =
        session.start >= filter.window_start && session.start < filter.window_end;
    if (filter.started_within) return starts_inside;
    if (session.end) return session.start < filter.window_end && *session.end > filter.window_start;
    // No known end: [start, last_activity] meets the window.
    return session.start < filter.window_end && session.last_activity >= filter.window_start;
  }

  static StoredSession SessionFromEvent(const StoredEvent& stored) {
    const SignInEvent& event = stored.event;
    StoredSession session;
    session.source = stored.source;
    session.format = stored.format;
    session.record_id = event.record_id;
    session.session_key = event.session_key;
    session.user_id = event.user_id;
    session.login_name = event.login_name;
    session.display_name = event.display_name;
    session.start = event.time;
    session.end = event.end;
    session.end_kind = event.end_kind;
    session.end_note = event.end_note;
    session.last_activity = event.time;
    session.client_address = event.client_address;
    session.application = event.application;
    session.result = "success";
    session.failure_reason = event.failure_reason;
    session.sign_in_type = event.sign_in_type;
    return session;
  }

  void CommitEvent(const SignInBatch& batch, const SignInEvent& event, BatchReport& report) {
    for (StoredEvent& stored : events_) {
      if (stored.source != batch.source || stored.event.record_id != event.record_id) continue;
      if (stored.event.time != event.time) {
        report.conflicts.push_back({event.record_id, "time", FormatUtc(stored.event.time),
                                    FormatUtc(event.time)});
      } else if (!stored.event.end && event.end) {
        stored.event.end = event.end;
        stored.event.end_kind = event.end_kind;
        stored.event.end_note = event.end_note;
        ++report.updated;
      } else {
        ++report.duplicate;
      }
      return;
    }
    events_.push_back({batch.source, batch.format, event});
    ++report.added;
  }

  std::vector<StoredSession> DeriveSessions() const {
    std::vector<StoredSession> sessions;
    std::map<std::tuple<std::string, std::string, std::string>, size_t> keyed;
    for (const StoredEvent& stored : events_) {
      const SignInEvent& event = stored.event;
      if (event.kind == EventKind::kSession) {
        sessions.push_back(SessionFromEvent(stored));
        continue;
      }
      if (!IsSuccessfulSignIn(event)) continue;
      if (event.session_key.empty()) {
        sessions.push_back(SessionFromEvent(stored));
        continue;
      }
      const auto key = std::make_tuple(stored.source, event.user_id, event.session_key);
      auto [it, inserted] = keyed.try_emplace(key, sessions.size());
      if (inserted) {
        sessions.push_back(SessionFromEvent(stored));
        continue;
      }
      StoredSession& session = sessions[it->second];
      if (event.time < session.start) {
        const Instant last = session.last_activity;
        session = SessionFromEvent(stored);
        session.last_activity = last;
      } else if (event.time > session.last_activity) {
        session.last_activity = event.time;
      }
    }
    return sessions;
  }

  Status VisitSorted(std::vector<StoredSession> rows,
                     const std::function<Status(const StoredSession&)>& visit) const {
    std::sort(rows.begin(), rows.end(), [](const StoredSession& a, const StoredSession& b) {
      return std::tie(a.start, a.user_id, a.record_id) < std::tie(b.start, b.user_id, b.record_id);
    });
    int visited = 0;
    for (const StoredSession& row : rows) {
      if (scan_failure_ && visited == scan_failure_->first) return scan_failure_->second;
      if (Status status = visit(row); !status.ok()) return status;
      ++visited;
    }
    if (scan_failure_ && visited == scan_failure_->first) return scan_failure_->second;
    return Status::Ok();
  }

  DirectoryVersion* CurrentVersion(const std::string& source, const std::string& account_id) {
    for (DirectoryVersion& version : versions_) {
      if (version.source == source && version.user.account_id == account_id &&
          !version.effective_to) {
        return &version;
      }
    }
    return nullptr;
  }

  template <typename Predicate>
  std::vector<DirectoryVersion> SortedVersions(Predicate matches) const {
    std::vector<DirectoryVersion> found;
    for (const DirectoryVersion& version : versions_) {
      if (matches(version.user)) found.push_back(version);
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return a.effective_from < b.effective_from;
    });
    return found;
  }

  std::vector<StoredEvent> events_;
  std::vector<BatchInfo> batches_;
  std::vector<DirectoryVersion> versions_;
  int64_t directory_batches_ = 0;
  std::optional<std::pair<int, Status>> scan_failure_;
};

}  // namespace signtrail::testing

#endif  // SIGNTRAIL_TESTS_UNIT_ENGINE_FAKE_STORE_H_
