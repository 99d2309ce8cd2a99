// Runs `palermo-search serve` as a child process on a free loopback port for tests, and stops it
// with SIGTERM when the test ends. The access log (stderr) goes to a file the test can read.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace palermo::testing {

class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& db, const std::filesystem::path& log,
                const std::vector<std::string>& extra_args = {})
      : log_(log) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      std::FILE* err = std::fopen(log.c_str(), "w");
      if (err != nullptr) dup2(fileno(err), STDERR_FILENO);
      close(out[0]);
      std::vector<std::string> args{PALERMO_SEARCH_BIN, "serve", "--db", db.string(), "--port", "0"};
      args.insert(args.end(), extra_args.begin(), extra_args.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(PALERMO_SEARCH_BIN, argv.data());
      _exit(127);
    }
    close(out[1]);
    // The first line names the address: "palermo-search: serving http://127.0.0.1:PORT".
    std::string line;
    char c = 0;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    const auto colon = line.rfind(':');
    if (!line.starts_with("palermo-search: serving http://127.0.0.1:") || colon == std::string::npos) {
      stop();
      throw std::runtime_error("server did not start: \"" + line + "\"; log: " + log_text());
    }
    port_ = std::stoi(line.substr(colon + 1));
  }

  ~ServerProcess() { stop(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Sends SIGTERM and waits up to `limit`; returns the exit status, or -1 if it had to be killed.
  int stop(std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
    if (pid_ <= 0) return exit_status_;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        pid_ = -1;
        return exit_status_ = -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    return exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // "running", or how it ended ("exited with status 0", "killed by signal 9"), without reaping it:
  // a test that gets no answer says whether the server was still there.
  std::string state() const {
    if (pid_ <= 0) return "stopped by the test";
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return "unknown";
    if (info.si_pid == 0) return "running";
    if (info.si_code == CLD_EXITED) return "exited with status " + std::to_string(info.si_status);
    return "killed by signal " + std::to_string(info.si_status);
  }

  std::string log_text() const {
    std::ifstream in(log_);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

 private:
  std::filesystem::path log_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
};

}  // namespace palermo::testing
