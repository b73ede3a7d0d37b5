#ifndef SIGNTRAIL_TESTS_INTEGRATION_RUN_BINARY_H_
#define SIGNTRAIL_TESTS_INTEGRATION_RUN_BINARY_H_

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace signtrail::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error
};

// Runs the built signtrail binary with `args` in `working_dir`, with
// SIGNTRAIL_DB unset unless `environment` sets it, and waits for it.
RunResult RunSignTrail(const std::vector<std::string>& args,
                       const std::filesystem::path& working_dir,
                       const std::map<std::string, std::string>& environment = {});

}  // namespace signtrail::testing

#endif  // SIGNTRAIL_TESTS_INTEGRATION_RUN_BINARY_H_
