#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "sources/importers.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using testing::ReadFileBytes;
using testing::RealDataPath;
using testing::TestDataPath;

constexpr std::string_view kExpectedShapes =
    "(expected ISO 8601, M/D/YYYY h:mm[:ss] AM/PM, D.M.YYYY HH:mm[:ss] or YYYY-MM-DD HH:mm:ss)";

ImportOptions Options(std::string file_name, OnError on_error = OnError::kFail) {
  ImportOptions options;
  options.file_name = std::move(file_name);
  options.on_error = on_error;
  return options;
}

std::string Fixture(std::string_view name) {
  return ReadFileBytes(TestDataPath("entra-json/" + std::string(name)));
}

// Imports a fixture from tests/data/entra-json and fails the test on error.
ImportOutput ImportFixture(std::string_view name, OnError on_error = OnError::kFail) {
  const Result<ImportOutput> output =
      ImportEntraJson(Fixture(name), Options(std::string(name), on_error));
  EXPECT_TRUE(output.ok()) << output.status().message();
  return output.ok() ? *output : ImportOutput{};
}

// The text of line `number` (1-based) without its line end.
std::string LineOf(std::string_view text, int number) {
  size_t start = 0;
  for (int i = 1; i < number; ++i) start = text.find('\n', start) + 1;
  size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return std::string(text.substr(start, end - start));
}

// A Graph sign-in as one compact line.
std::string GraphRecord(int index, std::string_view created) {
  return fmt::format(
      R"({{"id":"gen-{0}","createdDateTime":"{1}","userId":"00000000-0000-0000-0000-{0:012}",)"
      R"("status":{{"errorCode":0}}}})",
      index, created);
}

std::string GraphPage(int count, std::string_view extra_member) {
  std::string page =
      "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\",";
  page += extra_member;
  page += "\"value\":[";
  for (int i = 0; i < count; ++i) {
    if (i > 0) page += ",\n";
    page += GraphRecord(i, "2024-03-14T09:00:00Z");
  }
  page += "]}";
  return page;
}

// --- real Azure Monitor diagnostic exports ---

TEST(EntraJsonReal, SignInLogsAllFailed) {
  const std::string bytes = ReadFileBytes(RealDataPath("entra/test-signinlogs-raw.log"));
  const Result<ImportOutput> output = ImportEntraJson(bytes, Options("test-signinlogs-raw.log"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 5u);
  EXPECT_EQ(output->rows_read, 5);
  EXPECT_TRUE(output->rejects.empty());
  EXPECT_TRUE(output->warnings.empty());

  const std::vector<std::string> types = {"interactiveUser", "nonInteractiveUser",
                                          "servicePrincipal", "servicePrincipal",
                                          "managedIdentity"};
  int64_t offset = 0;
  for (size_t i = 0; i < output->events.size(); ++i) {
    SCOPED_TRACE("record " + std::to_string(i + 1));
    const SignInEvent& event = output->events[i];
    EXPECT_EQ(event.record_id, "8a4de8b5-095c-47d0-a96f-a75130c61d53");
    EXPECT_EQ(FormatUtc(event.time), "2019-10-18T09:45:48.072989Z");
    EXPECT_EQ(event.kind, EventKind::kFailedSignIn);
    EXPECT_EQ(event.result_code, "50140");
    EXPECT_EQ(event.failure_reason,
              "This error occurred due to 'Keep me signed in' interrupt when the user was "
              "signing-in.");
    EXPECT_EQ(event.user_id, "8a4de8b5-095c-47d0-a96f-a75130c61d53");
    EXPECT_EQ(event.sign_in_type, types[i]);
    EXPECT_EQ(event.client_address, "81.2.69.144");
    EXPECT_EQ(event.application, "Office 365");
    EXPECT_EQ(event.location, "Champs-Sur-Marne, Seine-Et-Marne, FR");
    EXPECT_EQ(event.session_key, "");
    EXPECT_EQ(event.end_kind, EndKind::kOpen);
    EXPECT_FALSE(event.end.has_value());
    EXPECT_EQ(event.line, static_cast<int64_t>(i + 1));
    EXPECT_EQ(event.offset, offset);
    EXPECT_EQ(event.raw, LineOf(bytes, static_cast<int>(i + 1)));
    offset += static_cast<int64_t>(event.raw.size()) + 1;
  }
  EXPECT_EQ(output->events[0].login_name, "test@elastic.co");
  EXPECT_EQ(output->events[1].login_name, "c3813493-bf92-5123-2717-8a8b2979c38b");
}

TEST(EntraJsonReal, NonInteractiveEveryField) {
  const std::string bytes =
      ReadFileBytes(RealDataPath("entra/test-non-interactive-user-signin.log"));
  const Result<ImportOutput> output =
      ImportEntraJson(bytes, Options("test-non-interactive-user-signin.log"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->rows_read, 1);

  const SignInEvent& event = output->events[0];
  EXPECT_EQ(event.record_id, "088b4409-9e63-425d-b777-2c8c6c380b00");
  EXPECT_EQ(FormatUtc(event.time), "2022-03-17T09:44:46.309742Z");
  EXPECT_EQ(event.kind, EventKind::kSignIn);
  EXPECT_EQ(event.result_code, "0");
  EXPECT_EQ(event.failure_reason, "");
  EXPECT_EQ(event.user_id, "da495378-1cbd-450f-997c-5393402e41f8");
  EXPECT_EQ(event.login_name, "nikhita.sethi@cyberfortgroup.com");
  EXPECT_EQ(event.display_name, "Nikhita Sethi");
  EXPECT_EQ(event.session_key, "");
  EXPECT_EQ(event.client_address, "81.2.69.143");
  EXPECT_EQ(event.application, "Microsoft Edge Enterprise New Tab Page");
  EXPECT_EQ(event.location, "Strood, Medway, GB");
  EXPECT_EQ(event.sign_in_type, "nonInteractiveUser");
  EXPECT_EQ(event.end_kind, EndKind::kOpen);
  EXPECT_EQ(event.raw, bytes);
  EXPECT_EQ(event.line, 1);
  EXPECT_EQ(event.offset, 0);
}

TEST(EntraJsonReal, CornerCasesSkipped) {
  const std::string bytes = ReadFileBytes(RealDataPath("entra/test-time-formats-corner-cases.log"));
  const Result<ImportOutput> output =
      ImportEntraJson(bytes, Options("test-time-formats-corner-cases.log", OnError::kSkip));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(output->events.empty());
  EXPECT_EQ(output->rows_read, 11);
  ASSERT_EQ(output->rejects.size(), 11u);
  for (size_t i = 0; i < output->rejects.size(); ++i) {
    SCOPED_TRACE("line " + std::to_string(i + 1));
    const RejectedRecord& reject = output->rejects[i];
    EXPECT_EQ(reject.line, static_cast<int64_t>(i + 1));
    EXPECT_EQ(reject.reason,
              "missing 'id': the record has no 'id', 'properties.id' or 'originalRequestId', so "
              "it is not a sign-in record");
    EXPECT_EQ(reject.raw, LineOf(bytes, static_cast<int>(i + 1)));
  }
}

TEST(EntraJsonReal, CornerCasesFail) {
  const std::string bytes = ReadFileBytes(RealDataPath("entra/test-time-formats-corner-cases.log"));
  const Result<ImportOutput> output =
      ImportEntraJson(bytes, Options("test-time-formats-corner-cases.log"));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "test-time-formats-corner-cases.log:1: missing 'id': the record has no 'id', "
            "'properties.id' or 'originalRequestId', so it is not a sign-in record");
}

// --- Graph pages and arrays ---

TEST(EntraJsonGraph, GuestKeyedOnUserId) {
  const std::string bytes = Fixture("graph-page.json");
  const ImportOutput output = ImportFixture("graph-page.json");
  ASSERT_EQ(output.events.size(), 3u);
  EXPECT_EQ(output.rows_read, 3);
  EXPECT_TRUE(output.warnings.empty());

  const SignInEvent& guest = output.events[0];
  EXPECT_EQ(guest.record_id, "5d1c3b9e-7a41-4c55-9a0e-2f6b1d0c0101");
  EXPECT_EQ(guest.user_id, "00000000-0000-0000-0000-000000000011");
  EXPECT_EQ(guest.login_name, "dana@partner.example");
  EXPECT_EQ(guest.display_name, "Dana Partner");
  EXPECT_EQ(FormatUtc(guest.time), "2024-03-14T08:15:02.852714Z");
  EXPECT_EQ(guest.kind, EventKind::kSignIn);
  EXPECT_EQ(guest.result_code, "0");
  EXPECT_EQ(guest.failure_reason, "");
  EXPECT_EQ(guest.session_key, "");
  EXPECT_EQ(guest.client_address, "203.0.113.10");
  EXPECT_EQ(guest.application, "Graph Explorer");
  EXPECT_EQ(guest.location, "Utrecht, NL");
  EXPECT_EQ(guest.sign_in_type, "interactiveUser");
  EXPECT_EQ(guest.line, 4);
  EXPECT_EQ(guest.offset, static_cast<int64_t>(bytes.find("{\n      \"id\"")));
  EXPECT_EQ(guest.raw, bytes.substr(guest.offset, guest.raw.size()));
  EXPECT_TRUE(guest.raw.starts_with("{\n      \"id\": \"5d1c3b9e-7a41-4c55-9a0e-2f6b1d0c0101\""));
  EXPECT_TRUE(guest.raw.ends_with("}\n    }"));
}

TEST(EntraJsonGraph, SharedSessionId) {
  const ImportOutput output = ImportFixture("graph-page.json");
  ASSERT_EQ(output.events.size(), 3u);
  const SignInEvent& first = output.events[1];
  const SignInEvent& second = output.events[2];
  EXPECT_EQ(first.session_key, "7f3e2d1c-0000-4000-8000-00000000a001");
  EXPECT_EQ(second.session_key, "7f3e2d1c-0000-4000-8000-00000000a001");
  EXPECT_EQ(first.user_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(second.user_id, "00000000-0000-0000-0000-000000000021");
  EXPECT_EQ(FormatUtc(first.time), "2024-03-14T09:00:00.123456Z");
  EXPECT_EQ(FormatUtc(second.time), "2024-03-14T09:30:00Z");
  EXPECT_EQ(first.sign_in_type, "interactiveUser");
  EXPECT_EQ(second.sign_in_type, "nonInteractiveUser");
  EXPECT_EQ(first.application, "Microsoft Teams");
  EXPECT_EQ(second.application, "Microsoft Graph");
  EXPECT_EQ(first.location, "Seattle, Washington, US");
}

TEST(EntraJsonGraph, FailedStringErrorCode) {
  const ImportOutput output = ImportFixture("plain-array.json");
  ASSERT_EQ(output.events.size(), 2u);
  const SignInEvent& failed = output.events[0];
  EXPECT_EQ(failed.kind, EventKind::kFailedSignIn);
  EXPECT_EQ(failed.result_code, "50126");
  EXPECT_EQ(failed.failure_reason,
            "Error validating credentials due to invalid username or password.");
  EXPECT_EQ(failed.application, "00000002-0000-0ff1-ce00-000000000000");
  EXPECT_EQ(failed.client_address, "2001:db8::31");
  EXPECT_EQ(failed.location, "DE");
  EXPECT_EQ(failed.sign_in_type, "interactiveUser");
  EXPECT_EQ(failed.line, 2);
  EXPECT_EQ(failed.offset, 4);
}

TEST(EntraJsonGraph, PlainArrayGuidLogin) {
  const ImportOutput output = ImportFixture("plain-array.json");
  ASSERT_EQ(output.events.size(), 2u);
  const SignInEvent& event = output.events[1];
  EXPECT_EQ(event.login_name, "00000000-0000-0000-0000-000000000031");
  EXPECT_EQ(event.user_id, "00000000-0000-0000-0000-000000000031");
  EXPECT_EQ(event.display_name, "");
  EXPECT_EQ(FormatUtc(event.time), "2024-03-15T06:46:00Z");
  EXPECT_EQ(event.kind, EventKind::kSignIn);
  EXPECT_EQ(event.application, "Office 365 Exchange Online");
  EXPECT_EQ(event.sign_in_type, "");
  EXPECT_EQ(event.location, "");
}

TEST(EntraJsonGraph, PageCapWarning) {
  const Result<ImportOutput> output = ImportEntraJson(GraphPage(1000, ""), Options("page.json"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->events.size(), 1000u);
  EXPECT_EQ(output->events[999].record_id, "gen-999");
  EXPECT_EQ(output->events[999].line, 1000);
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            "page.json: the Microsoft Graph page holds exactly 1,000 sign-ins, the largest page "
            "Graph returns, but no '@odata.nextLink'; the export may be truncated, so export a "
            "shorter time range or every page");
}

TEST(EntraJsonGraph, PageBelowCapNoWarning) {
  const Result<ImportOutput> output = ImportEntraJson(GraphPage(999, ""), Options("page.json"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->events.size(), 999u);
  EXPECT_TRUE(output->warnings.empty());
}

TEST(EntraJsonGraph, NextLinkWarning) {
  const Result<ImportOutput> output = ImportEntraJson(
      GraphPage(
          1000,
          R"("@odata.nextLink":"https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=x",)"),
      Options("page.json"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            "page.json: the Microsoft Graph page has '@odata.nextLink', so more sign-ins exist "
            "than this file holds; follow the link and import every page");
}

TEST(EntraJsonGraph, PrettySingleRecord) {
  const std::string text =
      "{\n  \"id\": \"one\",\n  \"createdDateTime\": \"2024-03-14T09:00:00Z\",\n"
      "  \"userId\": \"00000000-0000-0000-0000-000000000001\",\n"
      "  \"status\": {\"errorCode\": 0}\n}\n";
  const Result<ImportOutput> output = ImportEntraJson(text, Options("one.json"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "one");
  EXPECT_EQ(output->events[0].raw, text.substr(0, text.size() - 1));
}

TEST(EntraJsonGraph, EmptyArray) {
  const Result<ImportOutput> output = ImportEntraJson("[]\n", Options("empty.json"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(output->events.empty());
  EXPECT_EQ(output->rows_read, 0);
}

TEST(EntraJsonGraph, EmptyFile) {
  const Result<ImportOutput> output = ImportEntraJson("", Options("empty.json"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(output->events.empty());
}

// --- Azure Monitor diagnostic records ---

TEST(EntraJsonDiagnostic, RecordsEnvelope) {
  const ImportOutput output = ImportFixture("diagnostic-records.json", OnError::kSkip);
  ASSERT_EQ(output.events.size(), 3u);
  EXPECT_EQ(output.rows_read, 3);

  const SignInEvent& event = output.events[0];
  EXPECT_EQ(event.record_id, "5d1c3b9e-7a41-4c55-9a0e-2f6b1d0c0301");
  EXPECT_EQ(FormatUtc(event.time), "2024-03-16T10:00:00.500000Z");
  EXPECT_EQ(event.user_id, "00000000-0000-0000-0000-000000000041");
  EXPECT_EQ(event.login_name, "adele@contoso.example");
  EXPECT_EQ(event.sign_in_type, "interactiveUser");
  EXPECT_EQ(event.session_key, "7f3e2d1c-0000-4000-8000-00000000b001");
  EXPECT_EQ(event.location, "London, London, GB");
  EXPECT_EQ(event.application, "Azure Portal");
  EXPECT_EQ(event.kind, EventKind::kSignIn);
  EXPECT_EQ(event.offset, 13);
}

TEST(EntraJsonDiagnostic, EnvelopeFallbacks) {
  const ImportOutput output = ImportFixture("diagnostic-records.json", OnError::kSkip);
  ASSERT_EQ(output.events.size(), 3u);
  const SignInEvent& event = output.events[1];
  EXPECT_EQ(event.record_id, "5d1c3b9e-7a41-4c55-9a0e-2f6b1d0c0302");
  EXPECT_EQ(FormatUtc(event.time), "2024-03-16T10:05:00Z");
  EXPECT_EQ(event.client_address, "203.0.113.41");
  EXPECT_EQ(event.display_name, "Adele Vance");
  EXPECT_EQ(event.login_name, "");
  EXPECT_EQ(event.kind, EventKind::kFailedSignIn);
  EXPECT_EQ(event.result_code, "50074");
  EXPECT_EQ(event.failure_reason, "Strong Authentication is required.");
  EXPECT_EQ(event.application, "c44b4083-3bb0-49c1-b47d-974e53cbdf3c");
  EXPECT_EQ(event.location, "GB");
  EXPECT_EQ(event.sign_in_type, "nonInteractiveUser");
}

TEST(EntraJsonDiagnostic, ManagedIdentityKeyedOnPrincipal) {
  const ImportOutput output = ImportFixture("diagnostic-records.json", OnError::kFail);
  ASSERT_EQ(output.events.size(), 3u);
  EXPECT_TRUE(output.rejects.empty());
  const SignInEvent& event = output.events[2];
  EXPECT_EQ(event.record_id, "5d1c3b9e-7a41-4c55-9a0e-2f6b1d0c0303");
  EXPECT_EQ(event.user_id, "0f0e0d0c-0000-4000-8000-000000000abc");
  EXPECT_EQ(event.display_name, "backup-vm");
  EXPECT_EQ(event.sign_in_type, "managedIdentity");
  EXPECT_EQ(event.kind, EventKind::kSignIn);
}

TEST(EntraJsonDiagnostic, ServicePrincipalWithoutIdRejected) {
  const std::string text =
      R"({"time":"2024-03-16T10:00:00Z","category":"ServicePrincipalSignInLogs",)"
      R"("properties":{"id":"x","status":{"errorCode":0}}})";
  const Result<ImportOutput> output = ImportEntraJson(text, Options("a.json"));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            "a.json:1: missing 'servicePrincipalId': a service principal or managed identity "
            "sign-in needs the principal's object id");
}

TEST(EntraJsonDiagnostic, MissingUserIdRejected) {
  const std::string text =
      R"({"time":"2024-03-16T10:00:00Z","category":"SignInLogs","properties":{"id":"x"}})";
  const Result<ImportOutput> output = ImportEntraJson(text, Options("a.json", OnError::kSkip));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].reason,
            "missing 'userId': a user sign-in needs the user's object id");
}

// --- line-oriented files and encodings ---

TEST(EntraJsonLines, CrlfAndBlankLines) {
  const std::string bytes = Fixture("crlf.ndjson");
  const ImportOutput output = ImportFixture("crlf.ndjson");
  ASSERT_EQ(output.events.size(), 3u);
  EXPECT_EQ(output.rows_read, 3);
  EXPECT_EQ(output.events[0].line, 1);
  EXPECT_EQ(output.events[1].line, 3);
  EXPECT_EQ(output.events[2].line, 4);
  EXPECT_EQ(output.events[0].raw, LineOf(bytes, 1));
  EXPECT_EQ(output.events[1].raw, LineOf(bytes, 3));
  EXPECT_EQ(output.events[2].raw, LineOf(bytes, 4));
  EXPECT_FALSE(output.events[0].raw.ends_with("\r"));
  EXPECT_EQ(output.events[1].offset, static_cast<int64_t>(bytes.find("{\"id\":\"crlf-2\"")));
  EXPECT_EQ(output.events[2].login_name, "ola@contoso.example");
}

TEST(EntraJsonLines, Utf8Bom) {
  const ImportOutput output = ImportFixture("bom.json");
  ASSERT_EQ(output.events.size(), 1u);
  const SignInEvent& event = output.events[0];
  EXPECT_EQ(event.display_name, "Zo\xC3\xAB M\xC3\xBCller");
  EXPECT_EQ(event.login_name, "zo\xC3\xAB@contoso.example");
  EXPECT_EQ(event.offset, 1);
  EXPECT_TRUE(event.raw.starts_with("{\"id\":\"bom-1\""));
  EXPECT_TRUE(event.raw.ends_with("}}"));
}

TEST(EntraJsonLines, Utf16LittleEndian) {
  const std::string text = R"([{"id":"u16","createdDateTime":"2024-03-18T06:30:00Z",)"
                           R"("userId":"00000000-0000-0000-0000-000000000061",)"
                           "\"userDisplayName\":\"Zo\xC3\xAB\",\"status\":{\"errorCode\":0}}]";
  // Encode as UTF-16 LE: ASCII bytes get a zero high byte, and U+00EB is 0xEB 0x00.
  std::string bytes = "\xFF\xFE";
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\xC3') {
      bytes += static_cast<char>(0xEB);
      ++i;
    } else {
      bytes += text[i];
    }
    bytes += '\0';
  }
  const Result<ImportOutput> output = ImportEntraJson(bytes, Options("u16.json"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "u16");
  EXPECT_EQ(output->events[0].display_name, "Zo\xC3\xAB");
}

// --- bad input ---

TEST(EntraJsonBad, TimestampFails) {
  const Result<ImportOutput> output =
      ImportEntraJson(Fixture("bad-timestamp.ndjson"), Options("bad-timestamp.ndjson"));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(output.status().message(),
            "bad-timestamp.ndjson:2: field 'createdDateTime': value '2024-02-30T10:00:00Z' is not "
            "a valid timestamp " +
                std::string(kExpectedShapes));
}

TEST(EntraJsonBad, TimestampSkipped) {
  const std::string bytes = Fixture("bad-timestamp.ndjson");
  const ImportOutput output = ImportFixture("bad-timestamp.ndjson", OnError::kSkip);
  ASSERT_EQ(output.events.size(), 2u);
  EXPECT_EQ(output.events[0].record_id, "bad-1");
  EXPECT_EQ(output.events[1].record_id, "bad-3");
  EXPECT_EQ(FormatUtc(output.events[1].time), "2024-02-29T10:00:00Z");
  ASSERT_EQ(output.rejects.size(), 1u);
  const RejectedRecord& reject = output.rejects[0];
  EXPECT_EQ(reject.line, 2);
  EXPECT_EQ(reject.offset, static_cast<int64_t>(LineOf(bytes, 1).size() + 1));
  EXPECT_EQ(reject.reason,
            "field 'createdDateTime': value '2024-02-30T10:00:00Z' is not a valid timestamp " +
                std::string(kExpectedShapes));
  EXPECT_EQ(reject.raw, LineOf(bytes, 2));
}

TEST(EntraJsonBad, TruncatedLastLine) {
  const std::string bytes = Fixture("truncated.ndjson");
  const ImportOutput output = ImportFixture("truncated.ndjson", OnError::kSkip);
  ASSERT_EQ(output.events.size(), 1u);
  EXPECT_EQ(output.events[0].record_id, "trunc-1");
  EXPECT_EQ(output.rows_read, 3);
  ASSERT_EQ(output.rejects.size(), 2u);

  const RejectedRecord& broken = output.rejects[0];
  EXPECT_EQ(broken.line, 2);
  EXPECT_TRUE(broken.reason.starts_with(
      fmt::format("invalid JSON at byte {}: ", LineOf(bytes, 1).size() + 1)))
      << broken.reason;
  EXPECT_EQ(broken.raw, "{\"id\":\"broken\",\"userId\":");

  const RejectedRecord& truncated = output.rejects[1];
  EXPECT_EQ(truncated.line, 3);
  EXPECT_EQ(truncated.reason,
            fmt::format("truncated record: the file ends at byte {} inside it; export the "
                        "sign-ins again",
                        bytes.size()));
  EXPECT_EQ(truncated.raw, LineOf(bytes, 3));
}

TEST(EntraJsonBad, TruncatedFailsAtFirstDamage) {
  const Result<ImportOutput> output =
      ImportEntraJson(Fixture("truncated.ndjson"), Options("truncated.ndjson"));
  ASSERT_FALSE(output.ok());
  EXPECT_TRUE(output.status().message().starts_with("truncated.ndjson:2: invalid JSON at byte "))
      << output.status().message();
}

TEST(EntraJsonBad, DamagedArrayElement) {
  const ImportOutput output = ImportFixture("damaged-array.json", OnError::kSkip);
  ASSERT_EQ(output.events.size(), 2u);
  EXPECT_EQ(output.events[0].record_id, "arr-1");
  EXPECT_EQ(output.events[1].record_id, "arr-3");
  EXPECT_EQ(output.events[1].line, 4);
  ASSERT_EQ(output.rejects.size(), 1u);
  EXPECT_EQ(output.rejects[0].line, 3);
  EXPECT_EQ(output.rejects[0].raw, "{\"id\": \"arr-2\", \"userId\": tru}");
  EXPECT_TRUE(output.rejects[0].reason.starts_with("invalid JSON at byte "))
      << output.rejects[0].reason;
}

TEST(EntraJsonBad, UnclosedArraySkip) {
  const std::string text = "[" + GraphRecord(1, "2024-03-14T09:00:00Z") + ",\n";
  const Result<ImportOutput> output = ImportEntraJson(text, Options("cut.json", OnError::kSkip));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->events.size(), 1u);
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            fmt::format("cut.json:2: truncated file: it ends at byte {} before the closing "
                        "bracket of its JSON document; export the sign-ins again",
                        text.size()));
}

TEST(EntraJsonBad, UnclosedArrayFails) {
  const std::string text = "[" + GraphRecord(1, "2024-03-14T09:00:00Z");
  const Result<ImportOutput> output = ImportEntraJson(text, Options("cut.json"));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            fmt::format("cut.json:1: truncated file: it ends at byte {} before the closing "
                        "bracket of its JSON document; export the sign-ins again",
                        text.size()));
}

TEST(EntraJsonBad, TruncatedGraphPageElement) {
  const std::string full = GraphPage(2, "");
  const std::string text = full.substr(0, full.size() - 20);
  const Result<ImportOutput> output = ImportEntraJson(text, Options("cut.json", OnError::kSkip));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->events.size(), 1u);
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].line, 2);
  EXPECT_EQ(output->rejects[0].reason,
            fmt::format("truncated record: the file ends at byte {} inside it; export the "
                        "sign-ins again",
                        text.size()));
  EXPECT_EQ(output->warnings.size(), 1u);
}

TEST(EntraJsonBad, TruncatedGraphPageFails) {
  const std::string full = GraphPage(2, "");
  const std::string text = full.substr(0, full.size() - 20);
  const Result<ImportOutput> output = ImportEntraJson(text, Options("cut.json"));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            fmt::format("cut.json:2: truncated record: the file ends at byte {} inside it; "
                        "export the sign-ins again",
                        text.size()));
}

TEST(EntraJsonBad, NotJson) {
  const Result<ImportOutput> output = ImportEntraJson("\n  hello", Options("x.json"));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            "x.json:2: invalid JSON at byte 3: expected a JSON object, an array of objects or "
            "one object per line, found 'h'");
}

TEST(EntraJsonBad, JunkBetweenElements) {
  const std::string text = "[" + GraphRecord(1, "2024-03-14T09:00:00Z") + " x]";
  const Result<ImportOutput> output = ImportEntraJson(text, Options("x.json", OnError::kSkip));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            fmt::format("x.json:1: invalid JSON at byte {}: expected ',' or ']', found 'x'",
                        text.size() - 2));
}

TEST(EntraJsonBad, DamageOutsideRecords) {
  const std::string text =
      R"({"value":[)" + GraphRecord(1, "2024-03-14T09:00:00Z") + R"(],"extra":tru})";
  const Result<ImportOutput> output = ImportEntraJson(text, Options("x.json", OnError::kSkip));
  ASSERT_FALSE(output.ok());
  EXPECT_TRUE(output.status().message().starts_with("x.json: invalid JSON: "))
      << output.status().message();
}

TEST(EntraJsonBad, NotAnObject) {
  const Result<ImportOutput> output = ImportEntraJson("[42]", Options("x.json", OnError::kSkip));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].reason, "expected a JSON object for a sign-in record, found 42");
}

TEST(EntraJsonBad, MissingTime) {
  const std::string text = R"([{"id":"a","userId":"u"}])";
  const Result<ImportOutput> output = ImportEntraJson(text, Options("x.json"));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            "x.json:1: missing 'createdDateTime': the record has no sign-in time");
}

TEST(EntraJsonBad, EveryTruncationAccounted) {
  // Cutting a file at any byte must never crash or lose a record silently:
  // each record read is an event or a reject, and any error is InvalidInput.
  for (std::string_view name : {"graph-page.json", "diagnostic-records.json", "crlf.ndjson"}) {
    const std::string bytes = Fixture(name);
    for (size_t size = 0; size < bytes.size(); ++size) {
      SCOPED_TRACE(fmt::format("{} cut at {}", name, size));
      const Result<ImportOutput> output =
          ImportEntraJson(bytes.substr(0, size), Options("cut.json", OnError::kSkip));
      if (!output.ok()) {
        EXPECT_EQ(output.status().code(), StatusCode::kInvalidInput);
        continue;
      }
      EXPECT_EQ(static_cast<int64_t>(output->events.size() + output->rejects.size()),
                output->rows_read);
    }
  }
}

// --- times ---

TEST(EntraJsonTime, SlashDatesOrderFromFile) {
  const Result<const date::time_zone*> zone = LocateZone("Europe/Amsterdam");
  ASSERT_TRUE(zone.ok());
  ImportOptions options = Options("slash-dates.ndjson");
  options.source_zone = *zone;
  const Result<ImportOutput> output = ImportEntraJson(Fixture("slash-dates.ndjson"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 3u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-03-04T08:15:00Z");
  EXPECT_EQ(FormatUtc(output->events[1].time), "2024-03-14T16:40:00Z");
  EXPECT_EQ(FormatUtc(output->events[2].time), "2024-03-14T17:45:00Z");
}

TEST(EntraJsonTime, UndecidedOrderFails) {
  const Result<ImportOutput> output = ImportEntraJson(
      Fixture("undecided-order.ndjson"), Options("undecided-order.ndjson", OnError::kSkip));
  ASSERT_FALSE(output.ok());
  EXPECT_EQ(output.status().message(),
            "undecided-order.ndjson: value '3/4/2024 9:15:00 AM' has an ambiguous day/month "
            "order and no value in the file decides it; pass --date-order mdy or --date-order "
            "dmy");
}

TEST(EntraJsonTime, RequestedOrderUsed) {
  ImportOptions options = Options("undecided-order.ndjson");
  options.date_order = DateOrder::kDmy;
  const Result<ImportOutput> output = ImportEntraJson(Fixture("undecided-order.ndjson"), options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-04-03T09:15:00Z");
  EXPECT_EQ(FormatUtc(output->events[1].time), "2024-04-05T09:15:00Z");
}

TEST(EntraJsonTime, ZonelessIsUtc) {
  const std::string text = "[" + GraphRecord(1, "2024-07-01T09:00:00") + "]";
  const Result<ImportOutput> output = ImportEntraJson(text, Options("x.json"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-07-01T09:00:00Z");
}

TEST(EntraJsonTime, AmbiguousLocalTimeWarns) {
  const Result<const date::time_zone*> zone = LocateZone("Europe/Amsterdam");
  ASSERT_TRUE(zone.ok());
  ImportOptions options = Options("x.json");
  options.source_zone = *zone;
  const std::string text = "[" + GraphRecord(1, "2024-10-27T02:30:00") + ",\n" +
                           GraphRecord(2, "2024-07-01T09:00:00Z") + "]";
  const Result<ImportOutput> output = ImportEntraJson(text, options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 2u);
  EXPECT_EQ(FormatUtc(output->events[0].time), "2024-10-27T00:30:00Z");
  EXPECT_EQ(FormatUtc(output->events[1].time), "2024-07-01T09:00:00Z");
  ASSERT_EQ(output->warnings.size(), 1u);
  EXPECT_EQ(output->warnings[0],
            "x.json:1: 1 sign-in time(s) such as '2024-10-27T02:30:00' occur twice in "
            "Europe/Amsterdam because the clocks go back; each was read as the earlier instant");
}

}  // namespace
}  // namespace signtrail
