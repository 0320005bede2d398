// floe (the build's executable) in the background, its stdout read line by
// line, so a test can act at a given moment of a command: send it a signal,
// kill it, or wait for a line (`floe run --events`). Header-only: the
// helper is small and only tests that fork use it.
#pragma once

#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace floe::test {

class BackgroundRun {
 public:
  BackgroundRun(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      for (const auto& [k, v] : env) v.empty() ? unsetenv(k.c_str()) : setenv(k.c_str(), v.c_str(), 1);
      setenv("NO_COLOR", "1", 1);
      std::vector<std::string> all{std::string(FLOE_TEST_BIN_DIR) + "/floe"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    out_ = fdopen(fds[0], "r");
  }
  ~BackgroundRun() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (out_ != nullptr) fclose(out_);
  }
  // Reads lines until one contains `text`; false at end of output.
  bool wait_for_line(const std::string& text) {
    char* line = nullptr;
    size_t cap = 0;
    bool found = false;
    while (!found && getline(&line, &cap, out_) > 0) {
      lines_ += line;
      found = std::string(line).find(text) != std::string::npos;
    }
    free(line);
    return found;
  }
  void signal(int sig) { kill(pid_, sig); }
  int wait() {
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, out_)) > 0;) lines_.append(buffer, n);
    int status = 0;
    waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  const std::string& output() const { return lines_; }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  bool reaped_ = false;
  std::string lines_;
};


}  // namespace floe::test
