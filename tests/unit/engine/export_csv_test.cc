#include "export/csv_writer.h"

#include <sstream>

#include <gtest/gtest.h>

#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::At;

constexpr char kHeader[] =
    "user_id,login,user_name,email,session_start,session_end,end_kind,source,client_ip,"
    "application,result\r\n";

ReportRow AliceRow() {
  ReportRow row;
  row.user_id = "00000000-0000-0000-0000-00000000000a";
  row.login = "alice";
  row.user_name = "Alice Adams";
  row.email = "alice@contoso.example";
  row.session_start = At("2024-06-03T09:00:00Z");
  row.session_end = At("2024-06-03T17:00:00.250000Z");
  row.end_kind = EndKind::kRecorded;
  row.source = "lcs:contoso";
  row.client_ip = "192.0.2.10";
  row.application = "Finance and Operations";
  row.result = "success";
  return row;
}

std::string WriteCsv(const std::vector<ReportRow>& rows, CsvOptions options = {}) {
  std::ostringstream out;
  CsvReportWriter writer(out, options);
  for (const ReportRow& row : rows) EXPECT_TRUE(writer.AddRow(row).ok());
  EXPECT_TRUE(writer.Finish(ReportSummary{}).ok());
  return out.str();
}

TEST(CsvReportWriter, EmptyReportHasHeader) { EXPECT_EQ(WriteCsv({}), kHeader); }

TEST(CsvReportWriter, ByteOrderMarkFirst) {
  EXPECT_EQ(WriteCsv({}, {.byte_order_mark = true}), std::string("\xEF\xBB\xBF") + kHeader);
}

TEST(CsvReportWriter, SessionRow) {
  EXPECT_EQ(WriteCsv({AliceRow()}),
            std::string(kHeader) +
                "00000000-0000-0000-0000-00000000000a,alice,Alice Adams,alice@contoso.example,"
                "2024-06-03T09:00:00Z,2024-06-03T17:00:00.250000Z,recorded,lcs:contoso,"
                "192.0.2.10,Finance and Operations,success\r\n");
}

TEST(CsvReportWriter, OpenSessionAndFailedSignIn) {
  ReportRow open = AliceRow();
  open.session_end.reset();
  open.end_kind = EndKind::kOpen;
  ReportRow failed = AliceRow();
  failed.session_end.reset();
  failed.end_kind.reset();
  failed.result = "50126";

  EXPECT_EQ(WriteCsv({open, failed}),
            std::string(kHeader) +
                "00000000-0000-0000-0000-00000000000a,alice,Alice Adams,alice@contoso.example,"
                "2024-06-03T09:00:00Z,,open,lcs:contoso,192.0.2.10,Finance and Operations,"
                "success\r\n"
                "00000000-0000-0000-0000-00000000000a,alice,Alice Adams,alice@contoso.example,"
                "2024-06-03T09:00:00Z,,,lcs:contoso,192.0.2.10,Finance and Operations,"
                "50126\r\n");
}

TEST(CsvReportWriter, QuotesSpecialCharacters) {
  ReportRow row = AliceRow();
  row.user_name = "Adams, Alice";
  row.login = "al\"ice";
  row.application = "line one\r\nline two";
  row.email = "";

  EXPECT_EQ(WriteCsv({row}),
            std::string(kHeader) +
                "00000000-0000-0000-0000-00000000000a,\"al\"\"ice\",\"Adams, Alice\",,"
                "2024-06-03T09:00:00Z,2024-06-03T17:00:00.250000Z,recorded,lcs:contoso,"
                "192.0.2.10,\"line one\r\nline two\",success\r\n");
}

TEST(CsvReportWriter, NeutralisesFormulas) {
  ReportRow row = AliceRow();
  row.user_name = "=HYPERLINK(\"http://x.invalid\",\"open\")";
  row.login = "+cmd";
  row.application = "@SUM(1)";
  row.client_ip = "-2+3";
  row.email = "\tdevice";
  row.source = "\rlead";
  row.result = "-1";

  EXPECT_EQ(WriteCsv({row}),
            std::string(kHeader) +
                "00000000-0000-0000-0000-00000000000a,'+cmd,"
                "\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"open\"\")\",'\tdevice,"
                "2024-06-03T09:00:00Z,2024-06-03T17:00:00.250000Z,recorded,\"'\rlead\","
                "'-2+3,'@SUM(1),-1\r\n");
}

TEST(CsvReportWriter, TimesInZone) {
  ReportRow row = AliceRow();
  row.session_start = At("2024-03-31T00:30:00Z");
  row.session_end = At("2024-03-31T01:30:00Z");

  EXPECT_EQ(WriteCsv({row}, {.zone = date::locate_zone("Europe/Amsterdam")}),
            std::string(kHeader) +
                "00000000-0000-0000-0000-00000000000a,alice,Alice Adams,alice@contoso.example,"
                "2024-03-31T01:30:00+01:00,2024-03-31T03:30:00+02:00,recorded,lcs:contoso,"
                "192.0.2.10,Finance and Operations,success\r\n");
}

TEST(CsvReportWriter, FailedStreamIsIoError) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  CsvReportWriter writer(out, {});

  const Status status = writer.AddRow(AliceRow());

  EXPECT_EQ(status.code(), StatusCode::kIoError);
}

struct NeutraliseCase {
  std::string input;
  std::string expected;
};

TEST(NeutraliseFormula, Cases) {
  const std::vector<NeutraliseCase> cases = {
      {"=HYPERLINK(\"http://x.invalid\",\"open\")", "'=HYPERLINK(\"http://x.invalid\",\"open\")"},
      {"+cmd", "'+cmd"},
      {"@SUM(1)", "'@SUM(1)"},
      {"-2+3", "'-2+3"},
      {"\tdevice", "'\tdevice"},
      {"\rlead", "'\rlead"},
      {"-", "'-"},
      {"-1", "-1"},
      {"50140", "50140"},
      {"+1", "+1"},
      {"-0.5", "-0.5"},
      {"-1e-3", "-1e-3"},
      {"-1e", "'-1e"},
      {"-.", "'-."},
      {"alice", "alice"},
      {"", ""},
      {"a=b", "a=b"},
  };
  for (const NeutraliseCase& c : cases) {
    EXPECT_EQ(NeutraliseFormula(c.input), c.expected) << "input: " << c.input;
  }
}

TEST(QuoteCsvField, Cases) {
  EXPECT_EQ(QuoteCsvField("plain"), "plain");
  EXPECT_EQ(QuoteCsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(QuoteCsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(QuoteCsvField("a\nb"), "\"a\nb\"");
  EXPECT_EQ(QuoteCsvField("a\rb"), "\"a\rb\"");
  EXPECT_EQ(QuoteCsvField("Zoë"), "Zoë");
}

}  // namespace
}  // namespace signtrail
