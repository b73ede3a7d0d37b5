#include "ledger/entry.h"

#include <gtest/gtest.h>

#include <string>

namespace signtrail::ledger {
namespace {

// 2024-06-01T08:00:00Z
constexpr Instant kEight = Instant::FromSeconds(1'717'228'800);

EventEntry SampleEvent() {
  EventEntry entry;
  entry.batch = 3;
  entry.source = "entra:contoso";
  entry.record_id = "5c1a7b2e-0001";
  entry.kind = "sign-in";
  entry.time = kEight.PlusMicros(123'456);
  entry.end_kind = "open";
  entry.user_id = "0d5e8f3a-1111-2222-3333-444455556666";
  entry.login_name = "adele@contoso.example";
  entry.display_name = "Adèle Vance";
  entry.session_key = "s-77";
  entry.client_address = "192.0.2.10";
  entry.application = "Microsoft Dynamics ERP";
  entry.result_code = "0";
  entry.location = "Paris, Île-de-France, FR";
  entry.sign_in_type = "interactiveUser";
  entry.raw_sha256 = std::string(64, 'a');
  entry.raw_length = 412;
  entry.line = 2;
  entry.offset = 118;
  return entry;
}

TEST(EntryEncoding, EventKnownBytes) {
  Result<std::string> bytes = EncodeEntry(SampleEvent());

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes,
            "signtrail-entry/v1 event\n"
            "batch=3\n"
            "source=entra:contoso\n"
            "record_id=5c1a7b2e-0001\n"
            "kind=sign-in\n"
            "time=2024-06-01T08:00:00.123456Z\n"
            "end_time=\n"
            "end_kind=open\n"
            "end_note=\n"
            "user_id=0d5e8f3a-1111-2222-3333-444455556666\n"
            "login_name=adele@contoso.example\n"
            "display_name=Adèle Vance\n"
            "session_key=s-77\n"
            "client_address=192.0.2.10\n"
            "application=Microsoft Dynamics ERP\n"
            "result_code=0\n"
            "failure_reason=\n"
            "location=Paris, Île-de-France, FR\n"
            "sign_in_type=interactiveUser\n"
            "raw_sha256=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
            "raw_length=412\n"
            "line=2\n"
            "offset=118\n");
}

TEST(EntryEncoding, EventWithEndTime) {
  EventEntry entry = SampleEvent();
  entry.kind = "session";
  entry.end_time = kEight.PlusMicros(3'600 * kMicrosPerSecond);
  entry.end_kind = "approximate";
  entry.end_note = "heartbeat";

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_NE(bytes->find("\nend_time=2024-06-01T09:00:00.000000Z\n"
                        "end_kind=approximate\n"
                        "end_note=heartbeat\n"),
            std::string::npos)
      << *bytes;
}

TEST(EntryEncoding, YearBeyondFourDigits) {
  // The fast time path covers years 0 to 9999; later years take the
  // formatted path and keep the same shape.
  EventEntry entry = SampleEvent();
  entry.time = Instant::FromSeconds(253'402'300'800);  // 10000-01-01T00:00:00Z

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_NE(bytes->find("\ntime=10000-01-01T00:00:00.000000Z\n"), std::string::npos) << *bytes;
  EXPECT_EQ(FormatEntryInstant(entry.time), "10000-01-01T00:00:00.000000Z");
}

TEST(EntryEncoding, SameEventSameBytes) {
  EXPECT_EQ(EncodeEntry(SampleEvent()).value(), EncodeEntry(SampleEvent()).value());
}

TEST(EntryEscaping, ControlBytes) {
  EXPECT_EQ(EscapeEntryValue("a\\b\nc\rd\te"), "a\\\\b\\nc\\rd\\te");
  EXPECT_EQ(EscapeEntryValue(std::string("nul\0end", 7)), "nul\\x00end");
  EXPECT_EQ(EscapeEntryValue("\x01\x1f\x7f"), "\\x01\\x1f\\x7f");
}

TEST(EntryEscaping, OtherBytesUnchanged) {
  EXPECT_EQ(EscapeEntryValue("Île = \"x\", 'y'; #1 ~"), "Île = \"x\", 'y'; #1 ~");
  EXPECT_EQ(EscapeEntryValue("\xff\xfe"), "\xff\xfe");
  EXPECT_EQ(EscapeEntryValue(""), "");
}

TEST(EntryEscaping, EscapedValueInEntry) {
  EventEntry entry = SampleEvent();
  entry.failure_reason = "line one\r\nline two\tend";

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_NE(bytes->find("\nfailure_reason=line one\\r\\nline two\\tend\n"), std::string::npos)
      << *bytes;
}

TEST(EntryInstant, SixFractionDigits) {
  EXPECT_EQ(FormatEntryInstant(kEight), "2024-06-01T08:00:00.000000Z");
  EXPECT_EQ(FormatEntryInstant(kEight.PlusMicros(1)), "2024-06-01T08:00:00.000001Z");
  EXPECT_EQ(FormatEntryInstant(kEight.PlusMicros(999'999)), "2024-06-01T08:00:00.999999Z");
}

TEST(EntryInstant, EpochAndBefore) {
  EXPECT_EQ(FormatEntryInstant(Instant::FromMicros(0)), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatEntryInstant(Instant::FromMicros(-1)), "1969-12-31T23:59:59.999999Z");
}

TEST(EntryEncoding, AmendmentKnownBytes) {
  EventAmendmentEntry entry;
  entry.batch = 4;
  entry.source = "lcs-logins:prod";
  entry.record_id = "row-17";
  entry.field = "end_time";
  entry.new_value = "2024-06-01T17:30:00Z";

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes,
            "signtrail-entry/v1 event-amendment\n"
            "batch=4\n"
            "source=lcs-logins:prod\n"
            "record_id=row-17\n"
            "field=end_time\n"
            "old_value=\n"
            "new_value=2024-06-01T17:30:00Z\n");
}

TEST(EntryEncoding, ConflictKnownBytes) {
  EventConflictEntry entry;
  entry.batch = 5;
  entry.source = "lcs-logins:prod";
  entry.record_id = "row-17";
  entry.field = "time";
  entry.stored_value = "2024-06-01T08:00:00Z";
  entry.incoming_value = "2024-06-01T09:00:00Z";
  entry.incoming_raw_sha256 = std::string(64, 'c');

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes,
            "signtrail-entry/v1 event-conflict\n"
            "batch=5\n"
            "source=lcs-logins:prod\n"
            "record_id=row-17\n"
            "field=time\n"
            "stored_value=2024-06-01T08:00:00Z\n"
            "incoming_value=2024-06-01T09:00:00Z\n"
            "incoming_raw_sha256=" +
                std::string(64, 'c') + "\n");
}

TEST(EntryEncoding, SignInBatchKnownBytes) {
  SignInBatchEntry entry;
  entry.batch = 6;
  entry.source = "entra:contoso";
  entry.format = "entra-csv";
  entry.file_name = "InteractiveSignIns.csv";
  entry.file_sha256 = std::string(64, 'b');
  entry.committed_at = kEight;
  entry.rows_read = 12;
  entry.added = 9;
  entry.duplicate = 1;
  entry.updated = 0;
  entry.rejected = 2;
  entry.min_time = kEight.PlusMicros(-kMicrosPerDay);
  entry.sign_in_types = {"interactiveUser", "odd,type"};
  entry.rejects_sha256 = std::string(64, 'c');
  entry.warnings = {"row cap reached", "second\nwarning"};

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes,
            "signtrail-entry/v1 sign-in-batch\n"
            "batch=6\n"
            "source=entra:contoso\n"
            "format=entra-csv\n"
            "file_name=InteractiveSignIns.csv\n"
            "file_sha256=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
            "committed_at=2024-06-01T08:00:00.000000Z\n"
            "rows_read=12\n"
            "added=9\n"
            "duplicate=1\n"
            "updated=0\n"
            "rejected=2\n"
            "min_time=2024-05-31T08:00:00.000000Z\n"
            "max_time=\n"
            "window_start=\n"
            "window_end=\n"
            "window_basis=\n"
            "row_cap_reached=false\n"
            "sign_in_types=interactiveUser,odd\\x2ctype\n"
            "rejects_sha256=cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\n"
            "warning=row cap reached\n"
            "warning=second\\nwarning\n");
}

TEST(EntryEncoding, SignInBatchWithWindow) {
  SignInBatchEntry entry;
  entry.batch = 7;
  entry.source = "lcs-logins:default";
  entry.format = "lcs-logins";
  entry.file_name = "logins.csv";
  entry.file_sha256 = std::string(64, 'e');
  entry.committed_at = kEight;
  entry.rows_read = 5000;
  entry.added = 5000;
  entry.min_time = kEight.PlusMicros(-kMicrosPerDay);
  entry.max_time = kEight;
  entry.window_start = kEight.PlusMicros(-2 * kMicrosPerDay);
  entry.window_end = kEight.PlusMicros(kMicrosPerDay);
  entry.window_basis = "declared";
  entry.row_cap_reached = true;
  entry.doubtful_reasons = {"row cap reached: 5,000 data rows", "1 row rejected\twith skip"};
  entry.warnings = {"logins.csv: 5,000 data rows"};

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes,
            "signtrail-entry/v1 sign-in-batch\n"
            "batch=7\n"
            "source=lcs-logins:default\n"
            "format=lcs-logins\n"
            "file_name=logins.csv\n"
            "file_sha256=eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\n"
            "committed_at=2024-06-01T08:00:00.000000Z\n"
            "rows_read=5000\n"
            "added=5000\n"
            "duplicate=0\n"
            "updated=0\n"
            "rejected=0\n"
            "min_time=2024-05-31T08:00:00.000000Z\n"
            "max_time=2024-06-01T08:00:00.000000Z\n"
            "window_start=2024-05-30T08:00:00.000000Z\n"
            "window_end=2024-06-02T08:00:00.000000Z\n"
            "window_basis=declared\n"
            "row_cap_reached=true\n"
            "sign_in_types=\n"
            "rejects_sha256=\n"
            "doubtful_reason=row cap reached: 5,000 data rows\n"
            "doubtful_reason=1 row rejected\\twith skip\n"
            "warning=logins.csv: 5,000 data rows\n");
}

TEST(EntryEncoding, HeartbeatKnownBytes) {
  HeartbeatEntry entry;
  entry.heartbeat = 3;
  entry.time = kEight.PlusMicros(5);
  entry.last_batch = 12;
  entry.sources = {{"entra:contoso", kEight}, {"lcs-logins:default", std::nullopt}};

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes,
            "signtrail-entry/v1 heartbeat\n"
            "heartbeat=3\n"
            "time=2024-06-01T08:00:00.000005Z\n"
            "last_batch=12\n"
            "source=entra:contoso\n"
            "coverage_end=2024-06-01T08:00:00.000000Z\n"
            "source=lcs-logins:default\n"
            "coverage_end=\n");
}

TEST(EntryEncoding, HeartbeatWithoutSources) {
  HeartbeatEntry entry;
  entry.heartbeat = 1;
  entry.time = kEight;

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes,
            "signtrail-entry/v1 heartbeat\n"
            "heartbeat=1\n"
            "time=2024-06-01T08:00:00.000000Z\n"
            "last_batch=0\n");
}

TEST(EntryEncoding, DirectoryVersionKnownBytes) {
  DirectoryVersionEntry entry;
  entry.batch = 2;
  entry.source = "d365-users:default";
  entry.format = "d365-users";
  entry.account_id = "fmartin";
  entry.object_id = "9a8b7c6d-0000-4000-8000-000000000001";
  entry.login = "fmartin";
  entry.display_name = "Fred Martin";
  entry.email = "fred@contoso.example";
  entry.enabled = true;
  entry.provider = "https://sts.windows.net/";
  entry.effective_from = kEight;
  entry.raw_sha256 = std::string(64, 'd');
  entry.raw_length = 90;
  entry.line = 3;
  entry.offset = 140;

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes,
            "signtrail-entry/v1 directory-version\n"
            "batch=2\n"
            "source=d365-users:default\n"
            "format=d365-users\n"
            "account_id=fmartin\n"
            "object_id=9a8b7c6d-0000-4000-8000-000000000001\n"
            "login=fmartin\n"
            "display_name=Fred Martin\n"
            "email=fred@contoso.example\n"
            "enabled=true\n"
            "provider=https://sts.windows.net/\n"
            "user_type=\n"
            "effective_from=2024-06-01T08:00:00.000000Z\n"
            "raw_sha256=dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\n"
            "raw_length=90\n"
            "line=3\n"
            "offset=140\n");
}

TEST(EntryEncoding, DirectoryEnabledValues) {
  DirectoryVersionEntry entry;
  entry.enabled = false;
  EXPECT_NE(EncodeEntry(entry)->find("\nenabled=false\n"), std::string::npos);
  entry.enabled = std::nullopt;
  EXPECT_NE(EncodeEntry(entry)->find("\nenabled=\n"), std::string::npos);
}

TEST(EntryEncoding, DirectoryBatchKnownBytes) {
  DirectoryBatchEntry entry;
  entry.batch = 7;
  entry.source = "entra-users:contoso";
  entry.format = "entra-users";
  entry.file_name = "users.csv";
  entry.file_sha256 = std::string(64, 'e');
  entry.effective_time = kEight;
  entry.committed_at = kEight.PlusMicros(5);
  entry.rows_read = 4;
  entry.added = 1;
  entry.changed = 2;
  entry.unchanged = 1;

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(*bytes,
            "signtrail-entry/v1 directory-batch\n"
            "batch=7\n"
            "source=entra-users:contoso\n"
            "format=entra-users\n"
            "file_name=users.csv\n"
            "file_sha256=eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\n"
            "effective_time=2024-06-01T08:00:00.000000Z\n"
            "committed_at=2024-06-01T08:00:00.000005Z\n"
            "rows_read=4\n"
            "added=1\n"
            "changed=2\n"
            "unchanged=1\n"
            "rejected=0\n"
            "rejects_sha256=\n");
}

TEST(EntryRejects, DigestOfListing) {
  const std::string newline_reason = "line\nbreak";
  const std::vector<RejectDigestInput> rejects = {
      {4, 100, "column 'time': value 'x' is not a valid timestamp", "x"},
      {9, 230, newline_reason, "bad,row"},
  };

  // SHA-256 of "4 100 <sha256 of x> column 'time': ...\n9 230 <sha256 of bad,row> line\nbreak\n"
  // with the reason's newline escaped, computed with Python's hashlib.
  EXPECT_EQ(RejectsDigest(rejects),
            "6a2b9f8d340acae63f31ef28ec4853b09dc82c13b23ac16ef400ab29b55473e7");
}

TEST(EntryRejects, NoRejectsEmptyDigest) { EXPECT_EQ(RejectsDigest({}), ""); }

// An event entry whose end_note makes it exactly `size` bytes long.
EventEntry EventOfSize(size_t size) {
  EventEntry entry = SampleEvent();
  const size_t base = EncodeEntry(entry)->size();
  entry.end_note = std::string(size - base, 'n');
  return entry;
}

TEST(EntryLimit, MaxSizeAccepted) {
  Result<std::string> bytes = EncodeEntry(EventOfSize(65'535));

  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  EXPECT_EQ(bytes->size(), 65'535u);
}

TEST(EntryLimit, OneByteOverRejected) {
  Result<std::string> bytes = EncodeEntry(EventOfSize(65'536));

  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(bytes.status().message(),
            "the ledger entry of event '5c1a7b2e-0001' of source 'entra:contoso' would be 65536 "
            "bytes, more than the 65535 bytes an entry may hold; its longest field 'end_note' is "
            "64993 bytes: shorten that value in the input file, since a batch with an entry this "
            "long cannot be committed");
}

TEST(EntryLimit, EscapingCounts) {
  // 33,000 newlines escape to 66,000 bytes: the limit applies to the
  // escaped text, not to the raw value.
  EventEntry entry = SampleEvent();
  entry.end_note = std::string(33'000, '\n');

  Result<std::string> bytes = EncodeEntry(entry);

  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), StatusCode::kInvalidInput);
}

}  // namespace
}  // namespace signtrail::ledger
