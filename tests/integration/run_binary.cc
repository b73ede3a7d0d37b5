#include "integration/run_binary.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "testing/test_files.h"

namespace signtrail::testing {
namespace {

// Child side: redirect output to the two files, set the environment, exec.
[[noreturn]] void ExecChild(const std::vector<std::string>& args,
                            const std::filesystem::path& working_dir,
                            const std::map<std::string, std::string>& environment,
                            const std::filesystem::path& out_path,
                            const std::filesystem::path& err_path) {
  const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  const int null_fd = open("/dev/null", O_RDONLY);
  if (out_fd < 0 || err_fd < 0 || null_fd < 0) _exit(127);
  dup2(null_fd, STDIN_FILENO);
  dup2(out_fd, STDOUT_FILENO);
  dup2(err_fd, STDERR_FILENO);
  if (chdir(working_dir.c_str()) != 0) _exit(127);

  unsetenv("SIGNTRAIL_DB");
  for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);

  std::vector<char*> argv;
  std::string binary = SIGNTRAIL_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copies = args;
  for (std::string& arg : copies) argv.push_back(arg.data());
  argv.push_back(nullptr);
  execv(binary.c_str(), argv.data());
  _exit(127);
}

}  // namespace

RunResult RunSignTrail(const std::vector<std::string>& args,
                       const std::filesystem::path& working_dir,
                       const std::map<std::string, std::string>& environment) {
  TempDir capture;
  const std::filesystem::path out_path = capture / "stdout";
  const std::filesystem::path err_path = capture / "stderr";

  const pid_t pid = fork();
  if (pid == 0) ExecChild(args, working_dir, environment, out_path, err_path);

  RunResult result;
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFileBytes(out_path);
  result.err = ReadFileBytes(err_path);
  return result;
}

}  // namespace signtrail::testing
