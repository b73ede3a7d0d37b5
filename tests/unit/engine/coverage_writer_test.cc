#include "export/coverage_writer.h"

#include <date/tz.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "report_fixtures.h"

namespace signtrail {
namespace {

using testing::At;

CoverageInterval Interval(std::string_view start, std::string_view end, CoverageState state,
                          std::vector<std::string> reasons, std::vector<int64_t> batch_ids) {
  return CoverageInterval{At(start), At(end), state, std::move(reasons), std::move(batch_ids)};
}

// A capped LCS export with a gap after it, and one covered Entra week.
std::vector<SourceCoverage> SampleCoverage() {
  return {
      {"entra:contoso",
       {Interval("2024-06-01T00:00:00Z", "2024-06-08T00:00:00Z", CoverageState::kCovered, {},
                 {2, 5})}},
      {"lcs-logins:default",
       {Interval("2024-06-01T00:00:00Z", "2024-06-10T12:00:00Z", CoverageState::kGap,
                 {"row count equals a known export cap, earliest 2024-06-10T12:00:00Z"}, {7}),
        Interval("2024-06-10T12:00:00Z", "2024-07-01T00:00:00Z", CoverageState::kDoubtful,
                 {"-1 rows", "inferred"}, {7, 8}),
        Interval("2024-07-01T00:00:00Z", "2024-07-02T00:00:00.5Z", CoverageState::kGap, {}, {})}},
  };
}

std::string Coverage(CoverageFormat format, const date::time_zone* zone = nullptr) {
  std::ostringstream out;
  EXPECT_TRUE(WriteCoverage(out, format, SampleCoverage(), zone).ok());
  return out.str();
}

TEST(CoverageCsv, ExactBytes) {
  EXPECT_EQ(Coverage(CoverageFormat::kCsv),
            "source,start,end,state,reason,batches\r\n"
            "entra:contoso,2024-06-01T00:00:00Z,2024-06-08T00:00:00Z,covered,,2 5\r\n"
            "lcs-logins:default,2024-06-01T00:00:00Z,2024-06-10T12:00:00Z,gap,"
            "\"row count equals a known export cap, earliest 2024-06-10T12:00:00Z\",7\r\n"
            "lcs-logins:default,2024-06-10T12:00:00Z,2024-07-01T00:00:00Z,doubtful,"
            "'-1 rows; inferred,7 8\r\n"
            "lcs-logins:default,2024-07-01T00:00:00Z,2024-07-02T00:00:00.500000Z,gap,,\r\n");
}

TEST(CoverageCsv, TimesInZone) {
  const std::string csv = Coverage(CoverageFormat::kCsv, date::locate_zone("Europe/Amsterdam"));

  EXPECT_NE(csv.find("entra:contoso,2024-06-01T02:00:00+02:00,2024-06-08T02:00:00+02:00,"
                     "covered,,2 5\r\n"),
            std::string::npos)
      << csv;
}

TEST(CoverageCsv, HeaderOnlyWhenEmpty) {
  std::ostringstream out;
  ASSERT_TRUE(WriteCoverage(out, CoverageFormat::kCsv, {}, nullptr).ok());
  EXPECT_EQ(out.str(), "source,start,end,state,reason,batches\r\n");
}

TEST(CoverageJsonl, ExactBytes) {
  EXPECT_EQ(Coverage(CoverageFormat::kJsonl),
            "{\"source\":\"entra:contoso\",\"start\":\"2024-06-01T00:00:00Z\","
            "\"end\":\"2024-06-08T00:00:00Z\",\"state\":\"covered\",\"reason\":\"\","
            "\"batches\":[2,5]}\n"
            "{\"source\":\"lcs-logins:default\",\"start\":\"2024-06-01T00:00:00Z\","
            "\"end\":\"2024-06-10T12:00:00Z\",\"state\":\"gap\","
            "\"reason\":\"row count equals a known export cap, earliest 2024-06-10T12:00:00Z\","
            "\"batches\":[7]}\n"
            "{\"source\":\"lcs-logins:default\",\"start\":\"2024-06-10T12:00:00Z\","
            "\"end\":\"2024-07-01T00:00:00Z\",\"state\":\"doubtful\","
            "\"reason\":\"-1 rows; inferred\",\"batches\":[7,8]}\n"
            "{\"source\":\"lcs-logins:default\",\"start\":\"2024-07-01T00:00:00Z\","
            "\"end\":\"2024-07-02T00:00:00.500000Z\",\"state\":\"gap\",\"reason\":\"\","
            "\"batches\":[]}\n");
}

TEST(CoverageTable, ExactText) {
  EXPECT_EQ(
      Coverage(CoverageFormat::kTable),
      "Source              Start                 End                          State     Batches  "
      "Reason\n"
      "entra:contoso       2024-06-01T00:00:00Z  2024-06-08T00:00:00Z         covered   2 5\n"
      "lcs-logins:default  2024-06-01T00:00:00Z  2024-06-10T12:00:00Z         gap       7        "
      "row count equals a known export cap, earliest 2024-06-10T12:00:00Z\n"
      "lcs-logins:default  2024-06-10T12:00:00Z  2024-07-01T00:00:00Z         doubtful  7 8      "
      "-1 rows; inferred\n"
      "lcs-logins:default  2024-07-01T00:00:00Z  2024-07-02T00:00:00.500000Z  gap\n"
      "\n"
      "Intervals are [start, end), times in UTC.\n");
}

TEST(CoverageTable, ControlCharactersEscaped) {
  std::ostringstream out;
  const std::vector<SourceCoverage> coverage = {
      {"entra:a\x1b[2J",
       {Interval("2024-06-01T00:00:00Z", "2024-06-02T00:00:00Z", CoverageState::kDoubtful,
                 {"line\nbreak"}, {1})}}};

  ASSERT_TRUE(WriteCoverage(out, CoverageFormat::kTable, coverage, nullptr).ok());

  EXPECT_NE(out.str().find("entra:a\\x1b[2J"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("line\\nbreak"), std::string::npos) << out.str();
}

TEST(CoverageFormatName, Parse) {
  EXPECT_EQ(ParseCoverageFormat("table"), CoverageFormat::kTable);
  EXPECT_EQ(ParseCoverageFormat("csv"), CoverageFormat::kCsv);
  EXPECT_EQ(ParseCoverageFormat("jsonl"), CoverageFormat::kJsonl);
  EXPECT_EQ(ParseCoverageFormat("json"), std::nullopt);
  EXPECT_EQ(ParseStatusFormat("json"), StatusFormat::kJson);
  EXPECT_EQ(ParseStatusFormat("prometheus"), StatusFormat::kPrometheus);
  EXPECT_EQ(ParseStatusFormat("table"), StatusFormat::kTable);
  EXPECT_EQ(ParseStatusFormat("csv"), std::nullopt);
}

// Two sources at 2024-09-07T00:00:00Z: one warns, one never covered anything.
StatusReport SampleStatus() {
  StatusReport report;
  report.now = At("2024-09-07T00:00:00Z");
  report.thresholds = {5 * kMicrosPerDay, 7 * kMicrosPerDay};
  report.overall = Freshness::kStale;

  SourceStatus lcs;
  lcs.source = "lcs-logins:default";
  lcs.coverage_start = At("2024-08-25T00:00:00Z");
  lcs.coverage_end = At("2024-09-01T00:00:00.5Z");
  lcs.age_micros = 6 * kMicrosPerDay - 500'000;
  lcs.gap_micros = 6 * kMicrosPerDay - 500'000;
  lcs.doubtful_micros = 3600 * kMicrosPerSecond;
  lcs.freshness = Freshness::kWarn;

  SourceStatus odd;
  odd.source = "entra:a\"b\\c\nd";
  odd.freshness = Freshness::kStale;

  report.sources = {odd, lcs};
  return report;
}

std::string Status(StatusFormat format) {
  std::ostringstream out;
  EXPECT_TRUE(WriteStatus(out, format, SampleStatus()).ok());
  return out.str();
}

TEST(StatusJson, ExactBytes) {
  EXPECT_EQ(Status(StatusFormat::kJson),
            "{\"generated\":\"2024-09-07T00:00:00Z\",\"warn_age_seconds\":432000,"
            "\"max_age_seconds\":604800,\"status\":\"stale\",\"sources\":["
            "{\"source\":\"entra:a\\\"b\\\\c\\nd\",\"coverage_start\":null,\"coverage_end\":null,"
            "\"age_seconds\":null,\"gap_seconds\":0,\"doubtful_seconds\":0,\"status\":\"stale\"},"
            "{\"source\":\"lcs-logins:default\",\"coverage_start\":\"2024-08-25T00:00:00Z\","
            "\"coverage_end\":\"2024-09-01T00:00:00.500000Z\",\"age_seconds\":518399.5,"
            "\"gap_seconds\":518399.5,\"doubtful_seconds\":3600,\"status\":\"warn\"}]}\n");
}

TEST(StatusTable, ExactText) {
  EXPECT_EQ(Status(StatusFormat::kTable),
            "Source              Coverage end                 Age          Gap          "
            "Doubtful  Status\n"
            "entra:a\"b\\c\\nd      none                         -            0s           0s  "
            "      stale\n"
            "lcs-logins:default  2024-09-01T00:00:00.500000Z  5d23h59m59s  5d23h59m59s  1h     "
            "   warn\n"
            "\n"
            "Now 2024-09-07T00:00:00Z; warn after 5d, stale after 7d; overall: stale.\n");
}

TEST(StatusTable, NoSources) {
  StatusReport report;
  report.now = At("2024-09-07T00:00:00Z");
  report.thresholds = {5 * kMicrosPerDay, 7 * kMicrosPerDay};
  std::ostringstream out;

  ASSERT_TRUE(WriteStatus(out, StatusFormat::kTable, report).ok());

  EXPECT_EQ(out.str(),
            "No sources: nothing is collected yet; ingest an export first.\n"
            "Now 2024-09-07T00:00:00Z; warn after 5d, stale after 7d; overall: stale.\n");
}

// One line of the text exposition format.
struct PrometheusLine {
  enum Kind { kHelp, kType, kSample } kind;
  std::string name;
  std::string labels;  // the text between the braces of a sample
  std::string rest;    // help text, type, or sample value
};

// Splits one line per the text exposition format; fails the test on any
// other shape.
PrometheusLine ParsePrometheusLine(const std::string& line) {
  PrometheusLine parsed{};
  if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
    parsed.kind = line[2] == 'H' ? PrometheusLine::kHelp : PrometheusLine::kType;
    const std::string body = line.substr(7);
    const size_t space = body.find(' ');
    EXPECT_NE(space, std::string::npos) << line;
    parsed.name = body.substr(0, space);
    parsed.rest = body.substr(space + 1);
    return parsed;
  }

  parsed.kind = PrometheusLine::kSample;
  size_t name_end = line.find_first_of("{ ");
  EXPECT_NE(name_end, std::string::npos) << line;
  parsed.name = line.substr(0, name_end);
  size_t value_start = name_end + 1;
  if (line[name_end] == '{') {
    // Label values may hold escaped quotes and braces; find the closing
    // quote, skipping escapes, then the closing brace.
    size_t i = name_end + 1;
    bool in_value = false;
    for (; i < line.size(); ++i) {
      if (in_value && line[i] == '\\') {
        ++i;
      } else if (line[i] == '"') {
        in_value = !in_value;
      } else if (!in_value && line[i] == '}') {
        break;
      }
    }
    EXPECT_LT(i + 1, line.size()) << line;
    EXPECT_EQ(line[i + 1], ' ') << line;
    parsed.labels = line.substr(name_end + 1, i - name_end - 1);
    value_start = i + 2;
  }
  parsed.rest = line.substr(value_start);
  return parsed;
}

bool IsValidMetricName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == ':';
    if (!ok) return false;
  }
  return !(name[0] >= '0' && name[0] <= '9');
}

std::vector<PrometheusLine> ParsePrometheus(const std::string& text) {
  std::vector<PrometheusLine> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    EXPECT_FALSE(line.empty()) << "blank line in the exposition";
    lines.push_back(ParsePrometheusLine(line));
  }
  EXPECT_EQ(text.back(), '\n');
  return lines;
}

TEST(StatusPrometheus, HelpAndTypeBeforeSamples) {
  const std::vector<PrometheusLine> lines = ParsePrometheus(Status(StatusFormat::kPrometheus));

  std::set<std::string> described;
  std::set<std::string> typed;
  std::string current_family;
  std::set<std::string> finished_families;
  for (const PrometheusLine& line : lines) {
    EXPECT_TRUE(IsValidMetricName(line.name)) << line.name;
    if (line.kind == PrometheusLine::kHelp) {
      EXPECT_TRUE(described.insert(line.name).second) << "second HELP for " << line.name;
      EXPECT_FALSE(line.rest.empty()) << line.name;
      if (!current_family.empty()) finished_families.insert(current_family);
      current_family = line.name;
      continue;
    }
    if (line.kind == PrometheusLine::kType) {
      EXPECT_TRUE(described.count(line.name)) << "TYPE before HELP for " << line.name;
      EXPECT_TRUE(typed.insert(line.name).second) << "second TYPE for " << line.name;
      EXPECT_EQ(line.rest, "gauge") << line.name;
      continue;
    }
    EXPECT_TRUE(typed.count(line.name)) << "sample before TYPE for " << line.name;
    EXPECT_EQ(line.name, current_family) << "samples of one family must be together";
    EXPECT_FALSE(finished_families.count(line.name)) << line.name;
    size_t parsed_length = 0;
    EXPECT_NO_THROW(std::stod(line.rest, &parsed_length)) << line.rest;
    EXPECT_EQ(parsed_length, line.rest.size()) << line.rest;
  }
  EXPECT_EQ(described,
            (std::set<std::string>{
                "signtrail_source_coverage_end_seconds", "signtrail_source_coverage_age_seconds",
                "signtrail_source_gap_seconds_total", "signtrail_source_doubtful_seconds_total",
                "signtrail_source_status", "signtrail_status_generated_seconds"}));
}

TEST(StatusPrometheus, SampleValues) {
  std::map<std::string, std::string> samples;
  for (const PrometheusLine& line : ParsePrometheus(Status(StatusFormat::kPrometheus))) {
    if (line.kind != PrometheusLine::kSample) continue;
    const std::string key = line.name + "{" + line.labels + "}";
    EXPECT_FALSE(samples.count(key)) << "duplicate sample " << key;
    samples[key] = line.rest;
  }

  const std::string lcs = "{source=\"lcs-logins:default\"}";
  const std::string odd = "{source=\"entra:a\\\"b\\\\c\\nd\"}";
  EXPECT_EQ(samples["signtrail_source_coverage_end_seconds" + lcs], "1725148800.5");
  EXPECT_EQ(samples["signtrail_source_coverage_age_seconds" + lcs], "518399.5");
  EXPECT_EQ(samples["signtrail_source_gap_seconds_total" + lcs], "518399.5");
  EXPECT_EQ(samples["signtrail_source_doubtful_seconds_total" + lcs], "3600");
  EXPECT_EQ(samples["signtrail_source_status" + lcs], "1");
  EXPECT_EQ(samples["signtrail_source_status" + odd], "2");
  EXPECT_EQ(samples["signtrail_source_gap_seconds_total" + odd], "0");
  EXPECT_EQ(samples["signtrail_status_generated_seconds{}"], "1725667200");
  EXPECT_FALSE(samples.count("signtrail_source_coverage_end_seconds" + odd));
  EXPECT_FALSE(samples.count("signtrail_source_coverage_age_seconds" + odd));
  EXPECT_EQ(samples.size(), 9u);
}

TEST(StatusPrometheus, LabelEscaping) {
  EXPECT_EQ(EscapePrometheusLabel("plain:name"), "plain:name");
  EXPECT_EQ(EscapePrometheusLabel("a\"b"), "a\\\"b");
  EXPECT_EQ(EscapePrometheusLabel("a\\b"), "a\\\\b");
  EXPECT_EQ(EscapePrometheusLabel("a\nb"), "a\\nb");
}

TEST(FormatSeconds, Values) {
  EXPECT_EQ(FormatSeconds(0), "0");
  EXPECT_EQ(FormatSeconds(1'725'148'800 * kMicrosPerSecond), "1725148800");
  EXPECT_EQ(FormatSeconds(1), "0.000001");
  EXPECT_EQ(FormatSeconds(1'500'000), "1.5");
  EXPECT_EQ(FormatSeconds(-1'500'000), "-1.5");
}

}  // namespace
}  // namespace signtrail
