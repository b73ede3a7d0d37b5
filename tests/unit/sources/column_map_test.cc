#include "sources/column_map.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace signtrail {
namespace {

using Header = std::vector<std::string>;

TEST(NormalizeHeader, TrimsAndLowerCases) {
  EXPECT_EQ(NormalizeHeader("  Application ID "), "application id");
}

TEST(NormalizeHeader, CollapsesInnerWhiteSpace) {
  EXPECT_EQ(NormalizeHeader("Autonomous system  number"), "autonomous system number");
  EXPECT_EQ(NormalizeHeader("Date\t (UTC)"), "date (utc)");
}

TEST(NormalizeHeader, StripsLeakedBom) {
  const std::string header = std::string("\xEF\xBB\xBF") + "Date (UTC)";
  EXPECT_EQ(NormalizeHeader(header), "date (utc)");
}

TEST(NormalizeHeader, StripsSurroundingQuotes) {
  EXPECT_EQ(NormalizeHeader(" \"User ID\" "), "user id");
  EXPECT_EQ(NormalizeHeader("\xEF\xBB\xBF\"UserId\""), "userid");
}

TEST(NormalizeHeader, NoBreakSpaceIsWhiteSpace) {
  EXPECT_EQ(NormalizeHeader("\xC2\xA0User\xC2\xA0\xC2\xA0name\xC2\xA0"), "user name");
}

TEST(NormalizeHeader, KeepsNonAsciiCase) {
  EXPECT_EQ(NormalizeHeader("\xC3\x89tat"), "\xC3\x89tat");
}

const std::vector<ColumnSpec>& Specs() {
  static const std::vector<ColumnSpec> specs = {
      {"user id", {"User ID", "UserId", "ID"}, true},
      {"start", {"SessionStartTime", "Start time"}, true},
      {"end", {"SessionEndTime", "End time"}, false},
  };
  return specs;
}

TEST(ColumnMap, MatchesAliases) {
  Result<ColumnMap> map =
      ColumnMap::Match(Header{"Start time", "Other", " userid "}, Specs(), "a.csv");
  ASSERT_TRUE(map.ok()) << map.status().message();
  EXPECT_EQ(map->Find("user id"), 2u);
  EXPECT_EQ(map->Find("start"), 0u);
  EXPECT_EQ(map->Find("end"), std::nullopt);
  EXPECT_EQ(map->matched_count(), 2u);
}

TEST(ColumnMap, CellAndHeaderName) {
  Result<ColumnMap> map =
      ColumnMap::Match(Header{"Start time", "\xEF\xBB\xBFUser ID"}, Specs(), "a.csv");
  ASSERT_TRUE(map.ok()) << map.status().message();
  const std::vector<std::string> cells = {"2024-06-01", "alice"};
  EXPECT_EQ(map->Cell(cells, "user id"), "alice");
  EXPECT_EQ(map->Cell(cells, "end"), "");
  EXPECT_EQ(map->HeaderName("user id"), "User ID");
  EXPECT_EQ(map->HeaderName("start"), "Start time");
}

TEST(ColumnMap, CellBeyondShortRow) {
  Result<ColumnMap> map = ColumnMap::Match(Header{"Start time", "User ID"}, Specs(), "a.csv");
  ASSERT_TRUE(map.ok()) << map.status().message();
  EXPECT_EQ(map->Cell({"2024-06-01"}, "user id"), "");
}

TEST(ColumnMap, CanonicalNameWinsOverLooseAlias) {
  Result<ColumnMap> map =
      ColumnMap::Match(Header{"ID", "SessionStartTime", "User ID"}, Specs(), "a.csv");
  ASSERT_TRUE(map.ok()) << map.status().message();
  EXPECT_EQ(map->Find("user id"), 2u);
}

TEST(ColumnMap, DuplicateHeadersByPosition) {
  const std::vector<ColumnSpec> specs = {
      {"token type", {"Incoming token type"}, false},
      {"token type 2", {"Incoming token type"}, false},
  };
  Result<ColumnMap> map = ColumnMap::Match(
      Header{"Incoming token type", "User", "Incoming  token type "}, specs, "a.csv");
  ASSERT_TRUE(map.ok()) << map.status().message();
  EXPECT_EQ(map->Find("token type"), 0u);
  EXPECT_EQ(map->Find("token type 2"), 2u);
  EXPECT_EQ(map->HeaderName("token type 2"), "Incoming  token type ");
}

TEST(ColumnMap, MissingRequiredColumn) {
  Result<ColumnMap> map =
      ColumnMap::Match(Header{"\xEF\xBB\xBFUser", "Start time", "End"}, Specs(), "logins.csv");
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(map.status().message(),
            "logins.csv: required column 'user id' not found (accepted names: User ID, UserId, "
            "ID); columns found: User, Start time, End");
}

TEST(ColumnMap, EmptyHeader) {
  Result<ColumnMap> map = ColumnMap::Match(Header{"", ""}, Specs(), "blank.csv");
  ASSERT_FALSE(map.ok());
  EXPECT_EQ(map.status().message(),
            "blank.csv: required column 'user id' not found (accepted names: User ID, UserId, "
            "ID); columns found: none");
}

TEST(ColumnMap, FoundColumnsCapped) {
  Header header;
  for (int i = 1; i <= 100'000; ++i) header.push_back("c" + std::to_string(i));
  Result<ColumnMap> map = ColumnMap::Match(header, Specs(), "wide.csv");
  ASSERT_FALSE(map.ok());

  std::string first_forty;
  for (int i = 1; i <= 40; ++i) first_forty += (i > 1 ? ", c" : "c") + std::to_string(i);
  EXPECT_EQ(map.status().message(),
            "wide.csv: required column 'user id' not found (accepted names: User ID, UserId, "
            "ID); columns found: " +
                first_forty + " and 99960 more");
}

TEST(ColumnMap, FortyColumnsListedWhole) {
  Header header;
  for (int i = 1; i <= 40; ++i) header.push_back("c" + std::to_string(i));
  EXPECT_FALSE(ListFoundColumns(header).ends_with("more"));
  EXPECT_TRUE(ListFoundColumns(header).ends_with(", c40"));
}

TEST(ColumnMap, EmptyNamesNotCounted) {
  Header header(45, "");
  header.push_back("Last");
  EXPECT_EQ(ListFoundColumns(header), "Last");
}

}  // namespace
}  // namespace signtrail
