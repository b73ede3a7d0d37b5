// The window plan of ScanSessions: long sessions from sessions_long_span,
// then a range of the start index. Each case is checked against a full read
// of the sessions table that applies the matching rule of
// docs/formats/sqlite-schema.md, with and without the index.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <random>
#include <tuple>

#include "store/long_session_index.h"
#include "store_test_support.h"
#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

using Ids = std::vector<std::string>;

constexpr int64_t kMinute = 60 * kMicrosPerSecond;
constexpr int64_t kHour = 60 * kMinute;

// A week-long window, 2024-06-10 to 2024-06-17.
const Instant kStart = Utc(2024, 6, 10);
const Instant kEnd = Utc(2024, 6, 17);

class StoreWindowPlanTest : public ::testing::Test {
 protected:
  void Commit(std::vector<SignInEvent> events, std::string source = "lcs-logins:default") {
    ++batches_;
    Result<BatchReport> report = store_->CommitSignInBatch(
        Batch(std::move(events), std::move(source), fmt::format("{:064x}", batches_)));
    ASSERT_TRUE(report.ok()) << report.status().message();
  }

  Ids Scan(Instant start, Instant end) { return ScannedRecordIds(*store_, Window(start, end)); }

  // The record ids of the sessions that meet [start, end), read from every
  // row of the table and sorted in report order.
  Ids BruteForce(Instant start, Instant end) {
    const std::vector<std::string> rows = QueryRows(path_, R"sql(
        SELECT start_time, user_id, record_id, source, end_time IS NULL, ifnull(end_time, 0),
               last_activity
        FROM sessions NOT INDEXED)sql");
    std::vector<std::tuple<int64_t, std::string, std::string, std::string>> matches;
    for (const std::string& row : rows) {
      const std::vector<std::string> fields = SplitRow(row);
      const int64_t session_start = std::stoll(fields[0]);
      const bool open = fields[4] == "1";
      const int64_t last_activity = std::stoll(fields[6]);
      bool meets = false;
      if (open) {
        meets = session_start < end.micros() && last_activity >= start.micros();
      } else {
        const int64_t session_end = std::stoll(fields[5]);
        // A zero-length session is the point at its start.
        meets = session_end == session_start
                    ? start.micros() <= session_start && session_start < end.micros()
                    : session_start < end.micros() && session_end > start.micros();
      }
      if (meets) matches.emplace_back(session_start, fields[1], fields[2], fields[3]);
    }
    std::sort(matches.begin(), matches.end());
    Ids ids;
    for (const auto& match : matches) ids.push_back(std::get<2>(match));
    return ids;
  }

  bool HasIndex() {
    return QueryInt(path_, "SELECT count(*) FROM sqlite_master WHERE name = 'sessions_long_span'") ==
           1;
  }

  // Splits a QueryRows row on '|' and strips the quotes of text values.
  static std::vector<std::string> SplitRow(const std::string& row) {
    std::vector<std::string> fields;
    size_t begin = 0;
    while (true) {
      const size_t bar = row.find('|', begin);
      std::string field = row.substr(begin, bar == std::string::npos ? bar : bar - begin);
      if (field.size() >= 2 && field.front() == '\'' && field.back() == '\'') {
        field = field.substr(1, field.size() - 2);
      }
      fields.push_back(field);
      if (bar == std::string::npos) return fields;
      begin = bar + 1;
    }
  }

  TempDir dir_;
  std::filesystem::path path_ = dir_ / "store.db";
  std::unique_ptr<SqliteStore> store_ = OpenTestStore(path_);
  int batches_ = 0;
};

TEST_F(StoreWindowPlanTest, CommitCreatesIndex) {
  Commit({Session("s1", kStart, kStart.PlusMicros(kHour), "u1")});

  EXPECT_TRUE(HasIndex());
}

TEST_F(StoreWindowPlanTest, SessionsStartingBeforeWindow) {
  Commit({
      // Shorter than the bound: found by the start range.
      Session("hours-before", kStart.PlusMicros(-3 * kHour), kStart.PlusMicros(kHour), "u1"),
      // Longer than the bound: found in sessions_long_span.
      Session("days-before", kStart.PlusMicros(-3 * 24 * kHour), kStart.PlusMicros(kHour), "u2"),
      // Starts just before the bound, lasts exactly the bound into the window.
      Session("at-bound", kStart.PlusMicros(-kLongSessionMicros), kStart.PlusMicros(1), "u3"),
      // Longer than the bound but ended before the window.
      Session("ended-before", kStart.PlusMicros(-5 * 24 * kHour), kStart, "u4"),
      Session("inside", kStart.PlusMicros(kHour), kStart.PlusMicros(2 * kHour), "u5"),
  });

  EXPECT_EQ(Scan(kStart, kEnd), (Ids{"days-before", "at-bound", "hours-before", "inside"}));
  EXPECT_EQ(Scan(kStart, kEnd), BruteForce(kStart, kEnd));
}

TEST_F(StoreWindowPlanTest, SessionLongerThanWindow) {
  Commit({Session("month", kStart.PlusMicros(-20 * 24 * kHour), kEnd.PlusMicros(9 * 24 * kHour),
                  "u1", EndKind::kInferred)});

  EXPECT_EQ(Scan(kStart, kEnd), Ids{"month"});
  EXPECT_EQ(Scan(kStart.PlusMicros(kHour), kStart.PlusMicros(2 * kHour)), Ids{"month"});
  EXPECT_EQ(Scan(kEnd.PlusMicros(9 * 24 * kHour), kEnd.PlusMicros(10 * 24 * kHour)), Ids{});
}

TEST_F(StoreWindowPlanTest, OpenSessionsAcrossWeeks) {
  Commit(
      {
          // Sign-ins of one session key over three weeks: open, long.
          SignIn("weeks-1", kStart.PlusMicros(-14 * 24 * kHour), "u1", "key-weeks"),
          SignIn("weeks-2", kStart.PlusMicros(2 * 24 * kHour), "u1", "key-weeks"),
          // Open and short, before the window.
          SignIn("short-1", kStart.PlusMicros(-2 * kHour), "u2", "key-short"),
          SignIn("short-2", kStart.PlusMicros(-kHour), "u2", "key-short"),
      },
      "entra:contoso");
  Commit({Session("open-record", kStart.PlusMicros(-kHour), std::nullopt, "u3")});

  EXPECT_EQ(Scan(kStart, kEnd), Ids{"weeks-1"});
  EXPECT_EQ(Scan(kStart.PlusMicros(3 * 24 * kHour), kEnd), Ids{});
  EXPECT_EQ(Scan(kStart.PlusMicros(-kHour), kEnd), (Ids{"weeks-1", "short-1", "open-record"}));
  EXPECT_EQ(Scan(kStart.PlusMicros(-kHour), kEnd), BruteForce(kStart.PlusMicros(-kHour), kEnd));
}

TEST_F(StoreWindowPlanTest, LongSessionsFirstThenStartOrder) {
  Commit({Session("long-b", kStart.PlusMicros(-2 * 24 * kHour), kEnd, "u2"),
          Session("long-a", kStart.PlusMicros(-2 * 24 * kHour), kEnd, "u1"),
          Session("short", kStart.PlusMicros(-kHour), kEnd, "u0")});
  // The same record id and start under another source sorts after it.
  Commit({Session("long-a", kStart.PlusMicros(-2 * 24 * kHour), kEnd, "u1")}, "lcs-logins:other");

  const std::vector<StoredSession> sessions = ScanAll(*store_, Window(kStart, kEnd));

  ASSERT_EQ(sessions.size(), 4u);
  EXPECT_EQ(sessions[0].record_id, "long-a");
  EXPECT_EQ(sessions[0].source, "lcs-logins:default");
  EXPECT_EQ(sessions[1].record_id, "long-a");
  EXPECT_EQ(sessions[1].source, "lcs-logins:other");
  EXPECT_EQ(sessions[2].record_id, "long-b");
  EXPECT_EQ(sessions[3].record_id, "short");
}

TEST_F(StoreWindowPlanTest, TiesInStartRangeSortBySource) {
  const Instant start = kStart.PlusMicros(kHour);
  // Committed in reverse source order, so row order differs from report order.
  Commit({Session("tied", start, std::nullopt, "u1"), Session("z-next", start, std::nullopt, "u1")},
         "lcs-logins:c");
  Commit({Session("tied", start, std::nullopt, "u1")}, "lcs-logins:b");
  Commit({Session("tied", start, std::nullopt, "u1")}, "lcs-logins:a");
  Commit({Session("after", start.PlusMicros(1), std::nullopt, "u0")}, "lcs-logins:a");

  for (bool started_within : {false, true}) {
    std::vector<std::string> scanned;
    for (const StoredSession& session : ScanAll(*store_, Window(kStart, kEnd, started_within))) {
      scanned.push_back(session.record_id + "@" + session.source);
    }
    EXPECT_EQ(scanned, (Ids{"tied@lcs-logins:a", "tied@lcs-logins:b", "tied@lcs-logins:c",
                            "z-next@lcs-logins:c", "after@lcs-logins:a"}))
        << "started_within " << started_within;
  }
}

TEST_F(StoreWindowPlanTest, SourceFilterAppliesToLongSessions) {
  Commit({Session("long", kStart.PlusMicros(-3 * 24 * kHour), kEnd, "u1")});
  Commit({Session("other-long", kStart.PlusMicros(-3 * 24 * kHour), kEnd, "u1")},
         "lcs-logins:other");
  SessionFilter filter = Window(kStart, kEnd);
  filter.source = "lcs-logins:other";

  EXPECT_EQ(ScannedRecordIds(*store_, filter), Ids{"other-long"});
}

TEST_F(StoreWindowPlanTest, StoreWithoutIndexFallsBack) {
  Commit({Session("long", kStart.PlusMicros(-3 * 24 * kHour), kEnd, "u1"),
          Session("short", kStart.PlusMicros(kHour), kStart.PlusMicros(2 * kHour), "u2")});
  const Ids with_index = Scan(kStart, kEnd);
  // A store made before the index existed.
  ExecuteSql(path_, "DROP INDEX sessions_long_span");
  ASSERT_FALSE(HasIndex());

  EXPECT_EQ(Scan(kStart, kEnd), with_index);
  EXPECT_EQ(Scan(kStart, kEnd), (Ids{"long", "short"}));

  Commit({Session("later", kEnd, kEnd.PlusMicros(kHour), "u3")});
  EXPECT_TRUE(HasIndex());
  EXPECT_EQ(Scan(kStart, kEnd), with_index);
}

TEST_F(StoreWindowPlanTest, EarliestWindowStart) {
  Commit({Session("s1", kStart, kEnd, "u1")});
  const Instant earliest = Instant::FromMicros(std::numeric_limits<int64_t>::min());

  EXPECT_EQ(Scan(earliest, kEnd), Ids{"s1"});
}

// Random sessions of every length, open and closed, in two sources with
// shared starts, users and record ids; random windows, some on session
// edges. Both plans must return exactly the brute-force rows in order.
TEST_F(StoreWindowPlanTest, MatchesBruteForce) {
  std::mt19937_64 random(20241205);
  const int64_t spans[] = {0,           1,         kMinute,       kHour,
                           8 * kHour,   kLongSessionMicros - 1,   kLongSessionMicros,
                           kLongSessionMicros + 1, 3 * 24 * kHour, 20 * 24 * kHour};
  const auto pick = [&random](int64_t bound) {
    return static_cast<int64_t>(random() % static_cast<uint64_t>(bound));
  };

  std::vector<SignInEvent> records[2];
  std::vector<SignInEvent> sign_ins;
  std::vector<Instant> edges;
  for (int i = 0; i < 400; ++i) {
    // Starts on a 10-minute grid over four weeks, so starts and users tie.
    const Instant start = kStart.PlusMicros(-14 * 24 * kHour + pick(4 * 7 * 24 * 6) * 10 * kMinute);
    const int64_t span = spans[pick(std::size(spans))];
    const std::string user = fmt::format("u{}", pick(4));
    const std::string id = fmt::format("r{:03}", pick(300));
    edges.push_back(start);
    edges.push_back(start.PlusMicros(span));
    switch (pick(3)) {
      case 0:
        records[pick(2)].push_back(Session(id, start, start.PlusMicros(span), user));
        break;
      case 1:
        records[pick(2)].push_back(Session(id, start, std::nullopt, user));
        break;
      default:
        sign_ins.push_back(SignIn(fmt::format("g{}-1", i), start, user, fmt::format("key{}", i)));
        sign_ins.push_back(
            SignIn(fmt::format("g{}-2", i), start.PlusMicros(span), user, fmt::format("key{}", i)));
        break;
    }
  }
  // A record id appears once per batch; later copies would merge or conflict.
  for (std::vector<SignInEvent>& events : records) {
    std::sort(events.begin(), events.end(),
              [](const auto& a, const auto& b) { return a.record_id < b.record_id; });
    events.erase(std::unique(events.begin(), events.end(),
                             [](const auto& a, const auto& b) { return a.record_id == b.record_id; }),
                 events.end());
  }
  Commit(records[0], "lcs-logins:default");
  Commit(records[1], "lcs-logins:other");
  Commit(sign_ins, "entra:contoso");
  ASSERT_GT(QueryInt(path_, "SELECT count(*) FROM sessions WHERE last_instant - start_time >= "
                            "86400000000"),
            20);

  const int64_t lengths[] = {1, kHour, 24 * kHour, 7 * 24 * kHour, 14 * 24 * kHour};
  std::vector<std::pair<Instant, Instant>> windows;
  for (int i = 0; i < 60; ++i) {
    const Instant start = i % 2 == 0 ? edges[pick(std::ssize(edges))]
                                     : kStart.PlusMicros(-21 * 24 * kHour +
                                                         pick(6 * 7 * 24) * kHour);
    windows.emplace_back(start, start.PlusMicros(lengths[pick(std::size(lengths))]));
  }

  int matched = 0;
  for (const auto& [start, end] : windows) {
    const Ids expected = BruteForce(start, end);
    matched += static_cast<int>(expected.size());
    EXPECT_EQ(Scan(start, end), expected) << FormatUtc(start) << " to " << FormatUtc(end);
  }
  EXPECT_GT(matched, 500);

  ExecuteSql(path_, "DROP INDEX sessions_long_span");
  for (const auto& [start, end] : windows) {
    EXPECT_EQ(Scan(start, end), BruteForce(start, end))
        << "without the index: " << FormatUtc(start) << " to " << FormatUtc(end);
  }
}

}  // namespace
}  // namespace signtrail::testing
