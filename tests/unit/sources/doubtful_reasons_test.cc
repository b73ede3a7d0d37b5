// The doubtful reasons and the row cap flag that importers set next to their
// cap and damage warnings.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "sources/importers.h"
#include "testing/test_files.h"

namespace signtrail {
namespace {

using Reasons = std::vector<std::string>;

ImportOptions Options(std::string file_name, OnError on_error = OnError::kFail) {
  ImportOptions options;
  options.file_name = std::move(file_name);
  options.on_error = on_error;
  return options;
}

// An export of `rows` rows, newest first, one every 5 minutes, the oldest at
// 2024-06-10T12:00:00Z. `row` formats one row from its time text and index.
template <typename RowFormat>
std::string NewestFirst(std::string_view header, int rows, RowFormat row) {
  std::string text(header);
  text += '\n';
  for (int i = rows - 1; i >= 0; --i) {
    const int minutes = 12 * 60 + i * 5;
    const std::string time = fmt::format("2024-06-{:02d}T{:02d}:{:02d}:00Z", 10 + minutes / 1440,
                                         minutes % 1440 / 60, minutes % 60);
    text += row(time, i);
    text += '\n';
  }
  return text;
}

std::string LcsExport(int rows) {
  return NewestFirst("AADUserID,SessionStartTime,SessionEndTime", rows,
                     [](const std::string& time, int i) {
                       return fmt::format("00000000-0000-0000-0000-{:012d},{},", i % 40, time);
                     });
}

std::string EntraDownload(int rows) {
  return NewestFirst(
      "Date (UTC),Request ID,User ID,Status", rows, [](const std::string& time, int i) {
        return fmt::format("{},req-{},00000000-0000-0000-0000-{:012d},Success", time, i, i % 40);
      });
}

std::string GraphRecord(int index) {
  return fmt::format(R"({{"id":"gen-{0}","createdDateTime":"2024-03-14T09:{1:02d}:00Z",)"
                     R"("userId":"00000000-0000-0000-0000-{0:012}","status":{{"errorCode":0}}}})",
                     index, index % 60);
}

std::string GraphPage(int count, std::string_view extra_member) {
  std::string page = "{";
  page += extra_member;
  page += "\"value\":[";
  for (int i = 0; i < count; ++i) {
    if (i > 0) page += ",\n";
    page += GraphRecord(i);
  }
  page += "]}";
  return page;
}

constexpr std::string_view kNextLink =
    R"("@odata.nextLink":"https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=x",)";

TEST(DoubtfulLcs, ExportCapReached) {
  Result<ImportOutput> output = ImportLcsLogins(LcsExport(5'000), Options("week.csv"));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(output->row_cap_reached);
  EXPECT_EQ(output->doubtful_reasons,
            Reasons{"row cap reached: 5,000 data rows, the Lifecycle Services export cap; "
                    "earliest covered 2024-06-10T12:00:00Z"});
}

TEST(DoubtfulLcs, BelowCapTrusted) {
  Result<ImportOutput> output = ImportLcsLogins(LcsExport(4'999), Options("week.csv"));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_FALSE(output->row_cap_reached);
  EXPECT_EQ(output->doubtful_reasons, Reasons{});
}

// Rejected rows count towards the cap: the export still stopped at 5,000.
TEST(DoubtfulLcs, CapCountsRejectedRows) {
  std::string text = LcsExport(4'999);
  text += "00000000-0000-0000-0000-000000000001,not a time,\n";

  Result<ImportOutput> output = ImportLcsLogins(text, Options("week.csv", OnError::kSkip));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rejects.size(), 1u);
  EXPECT_TRUE(output->row_cap_reached);
  EXPECT_EQ(output->doubtful_reasons,
            Reasons{"row cap reached: 5,000 data rows, the Lifecycle Services export cap; "
                    "earliest covered 2024-06-10T12:00:00Z"});
}

TEST(DoubtfulEntraCsv, DownloadCapReached) {
  Result<ImportOutput> output = ImportEntraCsv(EntraDownload(5'000), Options("june.csv"));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(output->row_cap_reached);
  EXPECT_EQ(output->doubtful_reasons,
            Reasons{"row cap reached: 5,000 data rows, a download cap of the Entra admin "
                    "center; earliest covered 2024-06-10T12:00:00Z"});
}

TEST(DoubtfulEntraCsv, BelowCapTrusted) {
  Result<ImportOutput> output = ImportEntraCsv(EntraDownload(5'001), Options("june.csv"));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_FALSE(output->row_cap_reached);
  EXPECT_EQ(output->doubtful_reasons, Reasons{});
}

TEST(DoubtfulEntraJson, FullGraphPage) {
  Result<ImportOutput> output = ImportEntraJson(GraphPage(1'000, ""), Options("page.json"));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(output->row_cap_reached);
  EXPECT_EQ(output->doubtful_reasons,
            Reasons{"row cap reached: 1,000 records, the largest Microsoft Graph page, and no "
                    "'@odata.nextLink'; earliest covered 2024-03-14T09:00:00Z"});
}

TEST(DoubtfulEntraJson, NextLinkOnShortPage) {
  Result<ImportOutput> output = ImportEntraJson(GraphPage(3, kNextLink), Options("page.json"));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_TRUE(output->row_cap_reached);
  EXPECT_EQ(output->doubtful_reasons,
            Reasons{"row cap reached: the Microsoft Graph page has '@odata.nextLink', so more "
                    "pages exist; earliest covered 2024-03-14T09:00:00Z"});
}

TEST(DoubtfulEntraJson, ShortPageTrusted) {
  Result<ImportOutput> output = ImportEntraJson(GraphPage(999, ""), Options("page.json"));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_FALSE(output->row_cap_reached);
  EXPECT_EQ(output->doubtful_reasons, Reasons{});
}

TEST(DoubtfulEntraJson, UnclosedArray) {
  const std::string text = "[" + GraphRecord(1) + ",\n";

  Result<ImportOutput> output = ImportEntraJson(text, Options("cut.json", OnError::kSkip));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_FALSE(output->row_cap_reached);
  EXPECT_EQ(output->doubtful_reasons,
            Reasons{fmt::format("truncated tail: the file ends at byte {}, inside a record or "
                                "before the closing bracket of its JSON document, so the "
                                "records after that point are missing",
                                text.size())});
}

// The fixture's second line is not valid JSON and its third is cut off.
TEST(DoubtfulEntraJson, CorruptAndTruncatedLines) {
  const std::string bytes =
      testing::ReadFileBytes(testing::TestDataPath("entra-json/truncated.ndjson"));

  Result<ImportOutput> output = ImportEntraJson(bytes, Options("truncated.ndjson", OnError::kSkip));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->doubtful_reasons,
            (Reasons{fmt::format("truncated tail: the file ends at byte {}, inside a record or "
                                 "before the closing bracket of its JSON document, so the "
                                 "records after that point are missing",
                                 bytes.size()),
                     "1 corrupt record: not valid JSON, so its sign-in is missing"}));
}

TEST(DoubtfulEntraJson, CorruptArrayElement) {
  const std::string bytes =
      testing::ReadFileBytes(testing::TestDataPath("entra-json/damaged-array.json"));

  Result<ImportOutput> output =
      ImportEntraJson(bytes, Options("damaged-array.json", OnError::kSkip));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->doubtful_reasons,
            Reasons{"1 corrupt record: not valid JSON, so its sign-in is missing"});
}

TEST(DoubtfulEntraJson, TwoCorruptLines) {
  const std::string text =
      "[\n" + GraphRecord(1) + ",\n{\"id\": tru},\n{\"id\": nul},\n" + GraphRecord(2) + "\n]\n";

  Result<ImportOutput> output = ImportEntraJson(text, Options("two.json", OnError::kSkip));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->events.size(), 2u);
  EXPECT_EQ(output->doubtful_reasons,
            Reasons{"2 corrupt records: not valid JSON, so their sign-ins are missing"});
}

// A record that is valid JSON but lacks a field is rejected, not corrupt:
// the ingest reports it with the other rejected rows.
TEST(DoubtfulEntraJson, BadValueIsNotCorrupt) {
  const std::string text =
      GraphRecord(1) + "\n" + R"({"id":"no-user","createdDateTime":"x"})" + "\n";

  Result<ImportOutput> output = ImportEntraJson(text, Options("bad.ndjson", OnError::kSkip));

  ASSERT_TRUE(output.ok()) << output.status().message();
  EXPECT_EQ(output->rejects.size(), 1u);
  EXPECT_EQ(output->doubtful_reasons, Reasons{});
}

}  // namespace
}  // namespace signtrail
