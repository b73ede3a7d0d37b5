#include "integration/ledger_test_support.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <sstream>

#include "testing/test_files.h"

namespace signtrail::testing {

std::string RunSqlite3(const std::filesystem::path& db, const std::string& sql) {
  TempDir capture;
  const std::filesystem::path out_path = capture / "stdout";
  const std::filesystem::path err_path = capture / "stderr";

  const pid_t pid = fork();
  if (pid == 0) {
    const int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out_fd < 0 || err_fd < 0) _exit(127);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    std::string program = "sqlite3";
    std::string bail = "-bail";
    std::string path = db.string();
    std::string statements = sql;
    char* argv[] = {program.data(), bail.data(), path.data(), statements.data(), nullptr};
    execvp(argv[0], argv);
    _exit(127);
  }

  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) {
    ADD_FAILURE() << "cannot run sqlite3";
    return "";
  }
  const int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  EXPECT_EQ(exit_code, 0) << "sqlite3 " << db << " '" << sql << "': " << ReadFileBytes(err_path);
  return ReadFileBytes(out_path);
}

std::vector<std::string> FindingHeads(const std::string& verify_output) {
  std::vector<std::string> heads;
  std::istringstream lines(verify_output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("Checked ") || line.starts_with("Notice: ") ||
        line.starts_with("Result: ")) {
      continue;
    }
    heads.push_back(line.substr(0, line.find(": ")));
  }
  return heads;
}

std::string FlipByte(std::string text, size_t offset) {
  text.at(offset) = text.at(offset) == 'A' ? 'B' : 'A';
  return text;
}

}  // namespace signtrail::testing
