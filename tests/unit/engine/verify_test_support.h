#ifndef SIGNTRAIL_TESTS_UNIT_ENGINE_VERIFY_TEST_SUPPORT_H_
#define SIGNTRAIL_TESTS_UNIT_ENGINE_VERIFY_TEST_SUPPORT_H_

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/ledger_types.h"
#include "store/store.h"

namespace signtrail::testing {

// "KIND at index N" for each finding, or "KIND" when it names no index, in
// report order: a compact form to compare whole reports with.
inline std::vector<std::string> FindingHeads(const VerifyReport& report) {
  std::vector<std::string> heads;
  for (const VerifyFinding& finding : report.findings) {
    std::string head(FindingKindName(finding.kind));
    if (finding.index.has_value()) head += fmt::format(" at index {}", *finding.index);
    heads.push_back(std::move(head));
  }
  return heads;
}

// Runs Verify; fails the current test when it returns an error.
inline VerifyReport VerifyOrFail(Store& store, const std::vector<TrustedCheckpoint>& trusted = {}) {
  Result<VerifyReport> report = store.Verify(trusted);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return report.ok() ? *report : VerifyReport{};
}

// The body of a signed note: the text before the empty line.
inline std::string NoteBody(const std::string& note) {
  return note.substr(0, note.find("\n\n") + 1);
}

}  // namespace signtrail::testing

#endif  // SIGNTRAIL_TESTS_UNIT_ENGINE_VERIFY_TEST_SUPPORT_H_
