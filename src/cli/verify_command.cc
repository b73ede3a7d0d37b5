#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/command.h"
#include "export/jsonl_writer.h"

namespace signtrail::cli {
namespace {

// docs/formats/verify-report.md documents both output forms.
constexpr std::string_view kUnanchoredNotice =
    "unanchored: no trusted checkpoint was given, so deleting the newest entries (tail "
    "truncation) cannot be detected; keep the output of `signtrail checkpoint` outside the "
    "store and pass it with --trusted-checkpoint";

struct VerifyOptions {
  StoreLocation store;
  std::vector<std::string> trusted_files;
  bool json = false;
};

Result<std::vector<TrustedCheckpoint>> ReadTrustedCheckpoints(
    const std::vector<std::string>& files) {
  std::vector<TrustedCheckpoint> trusted;
  for (const std::string& file : files) {
    Result<std::string> text = ReadInputFile("--trusted-checkpoint", file);
    if (!text.ok()) return text.status();
    trusted.push_back(TrustedCheckpoint{file, std::move(*text)});
  }
  return trusted;
}

std::string DescribeCount(uint64_t count, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural);
}

void PrintText(const VerifyReport& report) {
  for (const VerifyFinding& finding : report.findings) {
    if (finding.index.has_value()) {
      std::cout << fmt::format("{} at index {}: {}\n", FindingKindName(finding.kind),
                               *finding.index, finding.message);
    } else {
      std::cout << fmt::format("{}: {}\n", FindingKindName(finding.kind), finding.message);
    }
  }
  std::cout << fmt::format(
      "Checked {}, {} and {}.\n", DescribeCount(report.entries, "entry", "entries"),
      DescribeCount(report.checkpoints, "stored checkpoint", "stored checkpoints"),
      DescribeCount(report.trusted_checkpoints, "trusted checkpoint", "trusted checkpoints"));
  if (report.trusted_checkpoints == 0) std::cout << "Notice: " << kUnanchoredNotice << "\n";
  if (report.ok()) {
    std::cout << "Result: passed\n";
  } else {
    std::cout << fmt::format("Result: failed, {}\n",
                             DescribeCount(report.findings.size(), "finding", "findings"));
  }
}

void PrintJson(const VerifyReport& report) {
  std::string out = "{\n";
  out += fmt::format("  \"result\": \"{}\",\n", report.ok() ? "passed" : "failed");
  out += fmt::format("  \"entries\": {},\n", report.entries);
  out += fmt::format("  \"checkpoints\": {},\n", report.checkpoints);
  out += fmt::format("  \"trusted_checkpoints\": {},\n", report.trusted_checkpoints);
  const bool anchored = report.trusted_checkpoints > 0;
  out += fmt::format("  \"anchored\": {},\n", anchored ? "true" : "false");
  out += fmt::format("  \"notice\": {},\n",
                     anchored ? "null" : QuoteJsonString(kUnanchoredNotice));
  out += "  \"findings\": [";
  for (size_t i = 0; i < report.findings.size(); ++i) {
    const VerifyFinding& finding = report.findings[i];
    const std::string index =
        finding.index.has_value() ? std::to_string(*finding.index) : std::string("null");
    out += fmt::format("{}\n    {{\"kind\": {}, \"index\": {}, \"message\": {}}}",
                       i == 0 ? "" : ",", QuoteJsonString(FindingKindName(finding.kind)), index,
                       QuoteJsonString(finding.message));
  }
  out += report.findings.empty() ? "]\n" : "\n  ]\n";
  out += "}\n";
  std::cout << out;
}

Result<int> RunVerify(const VerifyOptions& options) {
  Result<std::vector<TrustedCheckpoint>> trusted = ReadTrustedCheckpoints(options.trusted_files);
  if (!trusted.ok()) return trusted.status();
  Result<std::unique_ptr<Store>> store = OpenStore(options.store, StoreAccess::kRead);
  if (!store.ok()) return store.status();

  Result<VerifyReport> report = (*store)->Verify(*trusted);
  if (!report.ok()) return report.status();
  if (options.json) {
    PrintJson(*report);
  } else {
    PrintText(*report);
  }
  std::cout.flush();
  if (!std::cout) return Status::IoError("writing the report to standard output failed");
  return report->ok() ? 0 : kExitCheckFailed;
}

}  // namespace

void AddVerifyCommand(CLI::App& app, CommandAction* selected) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* command = app.add_subcommand(
      "verify",
      "Re-derive every ledger entry from the stored rows, rebuild the tree and check every "
      "checkpoint; exit 3 when anything was changed, removed, reordered or added");
  AddStoreOptions(*command, &options->store);
  command->add_option("--trusted-checkpoint", options->trusted_files,
                      "A checkpoint kept outside the store (repeatable); verify checks that the "
                      "store extends it, which detects deleted newest entries and a replaced key");
  command->add_flag("--json", options->json, "Print the report as one JSON document");

  command->callback([options, selected] {
    *selected = [options] { return RunVerify(*options); };
  });
}

}  // namespace signtrail::cli
