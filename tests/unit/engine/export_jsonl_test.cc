#include "export/jsonl_writer.h"

#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::At;

ReportRow BobRow() {
  ReportRow row;
  row.user_id = "00000000-0000-0000-0000-00000000000b";
  row.login = "bob";
  row.user_name = "Bob Brown";
  row.email = "bob@contoso.example";
  row.session_start = At("2024-06-03T12:30:00Z");
  row.session_end = At("2024-06-03T12:40:00Z");
  row.end_kind = EndKind::kApproximate;
  row.source = "d365log:contoso";
  row.client_ip = "";
  row.application = "";
  row.result = "success";
  return row;
}

std::string WriteJsonl(const std::vector<ReportRow>& rows, const date::time_zone* zone = nullptr) {
  std::ostringstream out;
  JsonlReportWriter writer(out, zone);
  for (const ReportRow& row : rows) EXPECT_TRUE(writer.AddRow(row).ok());
  EXPECT_TRUE(writer.Finish(ReportSummary{}).ok());
  return out.str();
}

TEST(JsonlReportWriter, EmptyReportIsEmpty) { EXPECT_EQ(WriteJsonl({}), ""); }

TEST(JsonlReportWriter, SessionRow) {
  EXPECT_EQ(WriteJsonl({BobRow()}),
            "{\"user_id\":\"00000000-0000-0000-0000-00000000000b\",\"login\":\"bob\","
            "\"user_name\":\"Bob Brown\",\"email\":\"bob@contoso.example\","
            "\"session_start\":\"2024-06-03T12:30:00Z\",\"session_end\":\"2024-06-03T12:40:00Z\","
            "\"end_kind\":\"approximate\",\"source\":\"d365log:contoso\",\"client_ip\":\"\","
            "\"application\":\"\",\"result\":\"success\"}\n");
}

TEST(JsonlReportWriter, MissingEndIsNull) {
  ReportRow row = BobRow();
  row.session_end.reset();
  row.end_kind = EndKind::kOpen;

  EXPECT_EQ(WriteJsonl({row}),
            "{\"user_id\":\"00000000-0000-0000-0000-00000000000b\",\"login\":\"bob\","
            "\"user_name\":\"Bob Brown\",\"email\":\"bob@contoso.example\","
            "\"session_start\":\"2024-06-03T12:30:00Z\",\"session_end\":null,"
            "\"end_kind\":\"open\",\"source\":\"d365log:contoso\",\"client_ip\":\"\","
            "\"application\":\"\",\"result\":\"success\"}\n");
}

TEST(JsonlReportWriter, TimesInZone) {
  ReportRow row = BobRow();
  row.session_start = At("2024-10-27T00:30:00Z");
  row.session_end = At("2024-10-27T01:30:00Z");

  EXPECT_EQ(WriteJsonl({row}, date::locate_zone("Europe/Amsterdam")),
            "{\"user_id\":\"00000000-0000-0000-0000-00000000000b\",\"login\":\"bob\","
            "\"user_name\":\"Bob Brown\",\"email\":\"bob@contoso.example\","
            "\"session_start\":\"2024-10-27T02:30:00+02:00\","
            "\"session_end\":\"2024-10-27T02:30:00+01:00\","
            "\"end_kind\":\"approximate\",\"source\":\"d365log:contoso\",\"client_ip\":\"\","
            "\"application\":\"\",\"result\":\"success\"}\n");
}

TEST(JsonlReportWriter, FormulasStayAsGiven) {
  ReportRow row = BobRow();
  row.user_name = "=HYPERLINK(\"http://x.invalid\",\"open\")";

  EXPECT_EQ(WriteJsonl({row}),
            "{\"user_id\":\"00000000-0000-0000-0000-00000000000b\",\"login\":\"bob\","
            "\"user_name\":\"=HYPERLINK(\\\"http://x.invalid\\\",\\\"open\\\")\","
            "\"email\":\"bob@contoso.example\","
            "\"session_start\":\"2024-06-03T12:30:00Z\",\"session_end\":\"2024-06-03T12:40:00Z\","
            "\"end_kind\":\"approximate\",\"source\":\"d365log:contoso\",\"client_ip\":\"\","
            "\"application\":\"\",\"result\":\"success\"}\n");
}

TEST(JsonlReportWriter, FailedSignInHasEmptyEndKind) {
  ReportRow row = BobRow();
  row.session_end.reset();
  row.end_kind.reset();
  row.result = "failure";

  EXPECT_EQ(WriteJsonl({row}),
            "{\"user_id\":\"00000000-0000-0000-0000-00000000000b\",\"login\":\"bob\","
            "\"user_name\":\"Bob Brown\",\"email\":\"bob@contoso.example\","
            "\"session_start\":\"2024-06-03T12:30:00Z\",\"session_end\":null,"
            "\"end_kind\":\"\",\"source\":\"d365log:contoso\",\"client_ip\":\"\","
            "\"application\":\"\",\"result\":\"failure\"}\n");
}

TEST(JsonlReportWriter, EscapesEveryTextColumn) {
  ReportRow row = BobRow();
  row.user_id = "id\"1";
  row.login = "DOMAIN\\bob";
  row.user_name = "Bob\tBrown\x01";
  row.email = "bob\xff@contoso.example";
  row.source = "d365log:東京";
  row.client_ip = "2001:db8::1\n";
  row.application = "App \"X\"";
  row.result = "\r";

  EXPECT_EQ(WriteJsonl({row}),
            "{\"user_id\":\"id\\\"1\",\"login\":\"DOMAIN\\\\bob\","
            "\"user_name\":\"Bob\\tBrown\\u0001\",\"email\":\"bob\xEF\xBF\xBD@contoso.example\","
            "\"session_start\":\"2024-06-03T12:30:00Z\",\"session_end\":\"2024-06-03T12:40:00Z\","
            "\"end_kind\":\"approximate\",\"source\":\"d365log:東京\","
            "\"client_ip\":\"2001:db8::1\\n\",\"application\":\"App \\\"X\\\"\","
            "\"result\":\"\\r\"}\n");
}

// More rows than one 64 KiB buffer holds: every line arrives once, in order.
TEST(JsonlReportWriter, ManyRowsCrossTheBuffer) {
  std::vector<ReportRow> rows;
  std::string expected;
  for (int i = 0; i < 2000; ++i) {
    ReportRow row = BobRow();
    row.login = fmt::format("user{:04d}", i);
    expected += WriteJsonl({row});
    rows.push_back(std::move(row));
  }

  const std::string written = WriteJsonl(rows);

  EXPECT_GT(written.size(), 2u * 64 * 1024);
  EXPECT_EQ(written, expected);
}

TEST(JsonlReportWriter, FailedStreamIsIoError) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  JsonlReportWriter writer(out, nullptr);

  EXPECT_EQ(writer.AddRow(BobRow()).code(), StatusCode::kIoError);
  EXPECT_EQ(writer.Finish(ReportSummary{}).code(), StatusCode::kIoError);
}

TEST(QuoteJsonString, EscapesQuoteAndBackslash) {
  EXPECT_EQ(QuoteJsonString("say \"hi\" C:\\temp"), "\"say \\\"hi\\\" C:\\\\temp\"");
}

TEST(QuoteJsonString, EscapesControlCharacters) {
  EXPECT_EQ(QuoteJsonString("a\nb\rc\td\be\ff"), "\"a\\nb\\rc\\td\\be\\ff\"");
  EXPECT_EQ(QuoteJsonString(std::string("\x01\x1f\x00", 3)), "\"\\u0001\\u001f\\u0000\"");
}

TEST(QuoteJsonString, PassesDeleteAndSlash) {
  EXPECT_EQ(QuoteJsonString("\x7f/"), "\"\x7f/\"");
}

TEST(QuoteJsonString, PassesUtf8) {
  EXPECT_EQ(QuoteJsonString("Zoë – 東京 😀"), "\"Zoë – 東京 😀\"");
}

TEST(QuoteJsonString, ReplacesInvalidUtf8) {
  EXPECT_EQ(QuoteJsonString("a\xff" "b"), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(QuoteJsonString("\xC3"), "\"\xEF\xBF\xBD\"");                 // truncated sequence
  EXPECT_EQ(QuoteJsonString("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");  // overlong '/'
  EXPECT_EQ(QuoteJsonString("\xED\xA0\x80"),
            "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate U+D800
}

}  // namespace
}  // namespace signtrail
