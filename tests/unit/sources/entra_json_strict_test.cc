// entra-json values of the wrong type, keys given twice and numbers beyond
// what simdjson stores.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "sources/importers.h"

namespace signtrail {
namespace {

constexpr std::string_view kUserId = "00000000-0000-0000-0000-000000000011";

// A Graph sign-in whose members are `members` followed by a valid id, time,
// user and status unless `members` already gives them.
std::string Record(std::string_view members) {
  std::string record = "{" + std::string(members);
  const auto add = [&](std::string_view name, std::string_view member) {
    if (members.find("\"" + std::string(name) + "\"") != std::string_view::npos) return;
    if (record.size() > 1) record += ",";
    record += member;
  };
  add("id", R"("id":"req-1")");
  add("createdDateTime", R"("createdDateTime":"2024-06-01T08:00:00Z")");
  add("userId", R"("userId":")" + std::string(kUserId) + "\"");
  add("status", R"("status":{"errorCode":0})");
  return record + "}";
}

Result<ImportOutput> Import(std::string_view text) {
  ImportOptions options;
  options.file_name = "a.json";
  return ImportEntraJson(text, options);
}

std::string ErrorOf(std::string_view text) {
  const Result<ImportOutput> output = Import(text);
  return output.ok() ? "ok" : output.status().message();
}

// --- status.errorCode and resultType ---

TEST(EntraJsonErrorCode, TrueRejected) {
  EXPECT_EQ(ErrorOf(Record(R"("status":{"errorCode":true})")),
            "a.json:1: field 'status.errorCode': value 'true' is not a number");
}

TEST(EntraJsonErrorCode, FalseRejected) {
  EXPECT_EQ(ErrorOf(Record(R"("status":{"errorCode":false})")),
            "a.json:1: field 'status.errorCode': value 'false' is not a number");
}

TEST(EntraJsonErrorCode, ArrayRejected) {
  EXPECT_EQ(ErrorOf(Record(R"("status":{"errorCode":[]})")),
            "a.json:1: field 'status.errorCode': value '[]' is not a number");
}

TEST(EntraJsonErrorCode, ObjectRejected) {
  EXPECT_EQ(ErrorOf(Record(R"("status":{"errorCode":{}})")),
            "a.json:1: field 'status.errorCode': value '{}' is not a number");
}

TEST(EntraJsonErrorCode, StatusNotObject) {
  EXPECT_EQ(ErrorOf(Record(R"("status":50126)")),
            "a.json:1: field 'status': value '50126' is not an object");
}

TEST(EntraJsonErrorCode, NumericResultType) {
  const Result<ImportOutput> output =
      Import(R"({"time":"2024-06-01T08:00:00Z","category":"SignInLogs","resultType":50126,)"
             R"("properties":{"id":"req-1","userId":"00000000-0000-0000-0000-000000000011"}})");
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].kind, EventKind::kFailedSignIn);
  EXPECT_EQ(output->events[0].result_code, "50126");
}

TEST(EntraJsonErrorCode, BooleanResultType) {
  EXPECT_EQ(ErrorOf(R"({"time":"2024-06-01T08:00:00Z","category":"SignInLogs",)"
                    R"("resultType":true,"properties":{"id":"req-1",)"
                    R"("userId":"00000000-0000-0000-0000-000000000011"}})"),
            "a.json:1: field 'resultType': value 'true' is not a number");
}

// --- Strings that are numbers, or only white space ---

TEST(EntraJsonStrings, NumericIdNotString) {
  EXPECT_EQ(ErrorOf(Record(R"("id":12345)")),
            "a.json:1: field 'id': value '12345' is not a string");
}

TEST(EntraJsonStrings, NumericUserIdNotString) {
  EXPECT_EQ(ErrorOf(Record(R"("userId":11)")),
            "a.json:1: field 'userId': value '11' is not a string");
}

TEST(EntraJsonStrings, NumericTimeNotString) {
  EXPECT_EQ(ErrorOf(Record(R"("createdDateTime":1717228800)")),
            "a.json:1: field 'createdDateTime': value '1717228800' is not a string");
}

TEST(EntraJsonStrings, LongValueShortened) {
  std::string list = "[1";
  for (int i = 0; i < 49; ++i) list += ",1";
  list += "]";
  EXPECT_EQ(ErrorOf(Record("\"userId\":" + list)),
            "a.json:1: field 'userId': value '" + list.substr(0, 80) + "...' is not a string");
}

TEST(EntraJsonStrings, BlankUserIdMissing) {
  EXPECT_EQ(ErrorOf(Record(R"("userId":" \t ")")),
            "a.json:1: missing 'userId': a user sign-in needs the user's object id");
}

TEST(EntraJsonStrings, BlankTimeMissing) {
  EXPECT_EQ(ErrorOf(Record(R"("createdDateTime":"  ")")),
            "a.json:1: missing 'createdDateTime': the record has no sign-in time");
}

TEST(EntraJsonStrings, BlankIdFallsBack) {
  const Result<ImportOutput> output = Import(Record(R"("id":" ","originalRequestId":"req-2")"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "req-2");
}

TEST(EntraJsonStrings, NumericSessionIdKept) {
  const Result<ImportOutput> output = Import(Record(R"("sessionId":18446744073709551615)"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].session_key, "18446744073709551615");
}

TEST(EntraJsonStrings, NegativeSessionIdKept) {
  const Result<ImportOutput> output = Import(Record(R"("sessionId":-42)"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].session_key, "-42");
}

TEST(EntraJsonStrings, BooleanSessionIdRejected) {
  EXPECT_EQ(ErrorOf(Record(R"("sessionId":true)")),
            "a.json:1: field 'sessionId': value 'true' is not a string");
}

// --- Keys given twice ---

TEST(EntraJsonDuplicateKey, TopLevel) {
  EXPECT_EQ(ErrorOf(Record(R"("userId":"a","userId":"b")")),
            "a.json:1: duplicate key 'userId': the record gives it twice, so its value is "
            "ambiguous; fix the record or export it again");
}

TEST(EntraJsonDuplicateKey, Nested) {
  EXPECT_EQ(ErrorOf(Record(R"("status":{"errorCode":0,"errorCode":50126})")),
            "a.json:1: duplicate key 'status.errorCode': the record gives it twice, so its value "
            "is ambiguous; fix the record or export it again");
}

TEST(EntraJsonDuplicateKey, InsideArray) {
  EXPECT_EQ(ErrorOf(Record(R"("authenticationDetails":[{"step":1},{"step":2,"step":3}])")),
            "a.json:1: duplicate key 'authenticationDetails[1].step': the record gives it twice, "
            "so its value is ambiguous; fix the record or export it again");
}

TEST(EntraJsonDuplicateKey, SkippedWithOthersKept) {
  ImportOptions options;
  options.file_name = "a.json";
  options.on_error = OnError::kSkip;
  const std::string text =
      Record(R"("id":"r1","userId":"a","userId":"b")") + "\n" + Record(R"("id":"r2")") + "\n";
  const Result<ImportOutput> output = ImportEntraJson(text, options);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "r2");
  ASSERT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->rejects[0].line, 1);
}

// --- Numbers beyond a 64-bit integer or a double ---

TEST(EntraJsonBigNumber, UnreadFieldKept) {
  const std::string text = Record(R"("riskScore":123456789012345678901234567890)");
  const Result<ImportOutput> output = Import(text);
  ASSERT_TRUE(output.ok()) << output.status().message();
  ASSERT_EQ(output->events.size(), 1u);
  EXPECT_EQ(output->events[0].record_id, "req-1");
  EXPECT_EQ(output->events[0].raw, text);
}

TEST(EntraJsonBigNumber, HugeExponentInUnreadField) {
  const Result<ImportOutput> output = Import(Record(R"("latency":{"ratio":-1e400})"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->events.size(), 1u);
}

TEST(EntraJsonBigNumber, ReadFieldRejected) {
  const std::string text = Record(R"("status":{"errorCode":99999999999999999999})");
  EXPECT_EQ(ErrorOf(text),
            "a.json:1: field 'status.errorCode': value '99999999999999999999' at byte " +
                std::to_string(text.find("9999")) +
                " is out of range (beyond a 64-bit integer or a double), so it cannot be read");
}

TEST(EntraJsonBigNumber, ReadFieldUnderProperties) {
  const std::string text =
      R"({"time":"2024-06-01T08:00:00Z","category":"SignInLogs","properties":{"id":"r1",)"
      R"("userId":"00000000-0000-0000-0000-000000000011","sessionId":1e999}})";
  EXPECT_EQ(ErrorOf(text), "a.json:1: field 'properties.sessionId': value '1e999' at byte " +
                               std::to_string(text.find("1e999")) +
                               " is out of range (beyond a 64-bit integer or a double), so it "
                               "cannot be read");
}

TEST(EntraJsonBigNumber, InGraphPage) {
  const std::string text = R"({"value":[)" +
                           Record(R"("riskScore":123456789012345678901234567890)") + "," +
                           Record(R"("id":"req-2")") + "]}";
  const Result<ImportOutput> output = Import(text);
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->events.size(), 2u);
}

TEST(EntraJsonBigNumber, MalformedNumberNamed) {
  const std::string text = Record(R"("riskScore":01)");
  EXPECT_EQ(ErrorOf(text),
            "a.json:1: invalid JSON at byte 0: Problem while parsing a number (value '01' at "
            "byte " +
                std::to_string(text.find("01")) + ")");
}

TEST(EntraJsonBigNumber, NumberInsideStringIgnored) {
  const Result<ImportOutput> output =
      Import(Record(R"("note":"123456789012345678901234567890 01","riskScore":1e400)"));
  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->events.size(), 1u);
}

}  // namespace
}  // namespace signtrail
