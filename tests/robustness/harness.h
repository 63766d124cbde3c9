#pragma once
// Helpers shared by the robustness tests: temporary folders, files, and
// running the real binaries with a time limit while measuring what they use.

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../test_util.h"

namespace robustness {

namespace fs = std::filesystem;
using nlohmann::json;
using Strings = std::vector<std::string>;

inline const fs::path kBinDir = DOSSIER_BIN_DIR;

using dossier_test::read_file;
using dossier_test::TempDir;
using dossier_test::write_file;

/// What a finished command left behind.
struct RunResult {
    int status = -1;        ///< Exit status, or 128 + signal number.
    bool timed_out = false; ///< Killed because it ran past the limit.
    std::string out;        ///< Everything written to stdout.
    std::string err;        ///< Everything written to stderr.
    double wall = 0;        ///< Wall-clock seconds.
    double cpu = 0;         ///< User + system CPU seconds.
    long max_rss_kb = 0;    ///< Peak resident set size in KiB.
};

/// How to run a command.
struct RunOptions {
    double timeout = 60;  ///< Seconds before the child is killed (SIGKILL).
    std::map<std::string, std::optional<std::string>> env;  ///< nullopt unsets.
    std::optional<uid_t> uid;  ///< Run as this user (needs root).
    std::string stdin_data;    ///< Fed to the child's standard input.
};

/// A started child; wait() collects it.
class Child {
  public:
    Child(const std::string& program, const Strings& args, const RunOptions& options = {})
        : options_(options) {
        const fs::path exe = kBinDir / program;
        out_path_ = capture_ / "stdout";
        err_path_ = capture_ / "stderr";
        const fs::path in_path = capture_ / "stdin";
        write_file(in_path, options.stdin_data);
        if (options.uid) fs::permissions(capture_.path(), fs::perms::all);

        std::vector<std::string> argv_strings{exe.string()};
        argv_strings.insert(argv_strings.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& arg : argv_strings) argv.push_back(arg.data());
        argv.push_back(nullptr);

        start_ = std::chrono::steady_clock::now();
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int in = ::open(in_path.c_str(), O_RDONLY);
            const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
            const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
            if (in < 0 || out < 0 || err < 0) ::_exit(126);
            ::dup2(in, 0);
            ::dup2(out, 1);
            ::dup2(err, 2);
            ::unsetenv("DOSSIER_DB");
            for (const auto& [name, value] : options.env) {
                if (value)
                    ::setenv(name.c_str(), value->c_str(), 1);
                else
                    ::unsetenv(name.c_str());
            }
            if (options.uid && (::setgid(*options.uid) != 0 || ::setuid(*options.uid) != 0))
                ::_exit(125);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
    }
    ~Child() {
        if (pid_ > 0 && !done_) {
            ::kill(pid_, SIGKILL);
            int ignored;
            ::waitpid(pid_, &ignored, 0);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return pid_; }

    /// Sends a signal to the running child.
    void signal(int sig) { ::kill(pid_, sig); }

    /// True once the child has exited (collects it).
    bool poll() {
        if (done_) return true;
        int wstatus = 0;
        struct rusage usage {};
        pid_t got = ::wait4(pid_, &wstatus, WNOHANG, &usage);
        if (got == pid_) finish(wstatus, usage);
        return done_;
    }

    /// Waits for the child, killing it when it runs past the time limit.
    RunResult wait() {
        auto deadline = start_ + std::chrono::duration<double>(options_.timeout);
        while (!poll()) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(pid_, SIGKILL);
                result_.timed_out = true;
                int wstatus = 0;
                struct rusage usage {};
                ::wait4(pid_, &wstatus, 0, &usage);
                finish(wstatus, usage);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        return result_;
    }

    /// Current contents of the child's stdout (it may still be running).
    std::string current_out() const { return read_file(out_path_); }

  private:
    void finish(int wstatus, const struct rusage& usage) {
        done_ = true;
        result_.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        result_.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
        result_.cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                      usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
        result_.max_rss_kb = usage.ru_maxrss;
        result_.out = read_file(out_path_);
        result_.err = read_file(err_path_);
    }

    RunOptions options_;
    TempDir capture_;
    fs::path out_path_, err_path_;
    pid_t pid_ = -1;
    bool done_ = false;
    std::chrono::steady_clock::time_point start_;
    RunResult result_;
};

/// Runs a program from the build's bin folder to completion.
inline RunResult run(const std::string& program, const Strings& args,
                     const RunOptions& options = {}) {
    Child child(program, args, options);
    return child.wait();
}

/// Lines of text, without their terminators; no empty last line.
inline Strings lines_of(const std::string& text) {
    Strings lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

/// Parses a command's stdout as JSON, failing the test when it is not.
inline json parse_json(const RunResult& result) {
    INFO("stdout: " << result.out.substr(0, 2000));
    INFO("stderr: " << result.err.substr(0, 2000));
    json parsed;
    REQUIRE_NOTHROW(parsed = json::parse(result.out));
    return parsed;
}

/// Number of documents in a database according to dossier-search --count.
inline long count_documents(const fs::path& db) {
    RunResult r = run("dossier-search", {"--db", db.string(), "--count"});
    INFO("stderr: " << r.err);
    REQUIRE((r.status == 0 || r.status == 1));
    return std::stol(r.out);
}

}  // namespace robustness
