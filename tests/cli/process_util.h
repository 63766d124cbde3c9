#pragma once
// Helpers of the end-to-end tests that feed standard input to the tools,
// talk to them line by line, or run servers: temporary folders, programs run
// to completion with given input, and child processes on pipes.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "../test_util.h"

namespace process_util {

namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

using dossier_test::read_file;
using dossier_test::TempDir;
using dossier_test::write_file;

/// What a finished command left behind.
struct RunResult {
    int status = -1;  ///< Exit status, or 128 + signal number.
    std::string out;  ///< Everything written to stdout.
    std::string err;  ///< Everything written to stderr.
};

inline std::vector<char*> make_argv(std::vector<std::string>& strings) {
    std::vector<char*> argv;
    for (auto& s : strings) argv.push_back(s.data());
    argv.push_back(nullptr);
    return argv;
}

/// How to run a command besides its arguments and input. DOSSIER_DB is
/// always removed from the child's environment first, so that the
/// developer's own setting cannot leak into a test.
struct RunOptions {
    std::map<std::string, std::optional<std::string>> env;  ///< nullopt unsets.
    fs::path cwd;                                           ///< Empty: inherit.
    std::optional<uid_t> uid;  ///< Run as this user and group (needs root); exit 125 if refused.
};

/// Runs program (a path) with args; its stdin is the file stdin_path (or
/// /dev/null when empty).
inline RunResult run_with_stdin_file(const fs::path& program, const Strings& args,
                                     const fs::path& stdin_path, const RunOptions& options = {}) {
    TempDir capture;
    const fs::path out_path = capture / "stdout";
    const fs::path err_path = capture / "stderr";
    std::vector<std::string> strings{program.string()};
    strings.insert(strings.end(), args.begin(), args.end());
    std::vector<char*> argv = make_argv(strings);
    const std::string in_path = stdin_path.empty() ? "/dev/null" : stdin_path.string();

    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int in = ::open(in_path.c_str(), O_RDONLY);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
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
        if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(126);
        if (options.uid && (::setgid(*options.uid) != 0 || ::setuid(*options.uid) != 0))
            ::_exit(125);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int wstatus = 0;
    while (::waitpid(pid, &wstatus, 0) < 0) {
    }
    RunResult result;
    result.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    result.out = read_file(out_path);
    result.err = read_file(err_path);
    return result;
}

#ifdef DOSSIER_BIN_DIR
/// Runs tool ("dossier-index", "dossier-search", ...) of the build under
/// test with args and no input.
inline RunResult run_tool(const std::string& tool, const Strings& args) {
    return run_with_stdin_file(fs::path(DOSSIER_BIN_DIR) / tool, args, {});
}
#endif

/// A folder of documents indexed once, with the real dossier-index of
/// bin_dir, into a temporary database; index holds what the run left.
struct IndexedFolder {
    TempDir dir;
    RunResult index;
    IndexedFolder(const fs::path& bin_dir, const fs::path& folder)
        : index(run_with_stdin_file(bin_dir / "dossier-index", {"--db", db(), folder.string()}, {})) {}
    std::string db() const { return (dir / "db").string(); }
};

/// Runs program with args, giving it input on stdin.
inline RunResult run_with_input(const fs::path& program, const Strings& args,
                                const std::string& input) {
    TempDir dir;
    write_file(dir / "stdin", input);
    return run_with_stdin_file(program, args, dir / "stdin");
}

/// Splits text into lines (without their '\n'); a final line without '\n'
/// counts too.
inline Strings lines_of(const std::string& text) {
    Strings lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

/// A child process whose stdin and stdout are pipes to the test, for
/// line-by-line conversations. stderr goes to a file. Killed when it dies
/// unless waited for.
class Child {
  public:
    Child(const fs::path& program, const Strings& args) {
        // A child that dies early must fail the test, not kill it.
        ::signal(SIGPIPE, SIG_IGN);
        std::vector<std::string> strings{program.string()};
        strings.insert(strings.end(), args.begin(), args.end());
        std::vector<char*> argv = make_argv(strings);
        int to_child[2], from_child[2];
        REQUIRE(::pipe(to_child) == 0);
        REQUIRE(::pipe(from_child) == 0);
        err_path_ = dir_ / "stderr";
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            const int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (err < 0) ::_exit(126);
            ::dup2(to_child[0], 0);
            ::dup2(from_child[1], 1);
            ::dup2(err, 2);
            ::close(to_child[1]);
            ::close(from_child[0]);
            ::unsetenv("DOSSIER_DB");
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(to_child[0]);
        ::close(from_child[1]);
        in_ = to_child[1];
        out_ = from_child[0];
    }
    ~Child() {
        close_stdin();
        if (out_ >= 0) ::close(out_);
        if (pid_ > 0 && !waited_) {
            ::kill(pid_, SIGKILL);
            int ignored;
            ::waitpid(pid_, &ignored, 0);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    /// Writes text to the child's stdin.
    void write(const std::string& text) {
        std::size_t done = 0;
        while (done < text.size()) {
            ssize_t n = ::write(in_, text.data() + done, text.size() - done);
            REQUIRE(n > 0);
            done += static_cast<std::size_t>(n);
        }
    }

    /// Reads one line from the child's stdout, waiting at most timeout.
    /// Returns false on end of file or time-out.
    bool read_line(std::string& line, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            std::size_t nl = buffer_.find('\n');
            if (nl != std::string::npos) {
                line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return true;
            }
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return false;
            pollfd p{out_, POLLIN, 0};
            int ready = ::poll(&p, 1, static_cast<int>(left.count()));
            if (ready <= 0) continue;
            char chunk[4096];
            ssize_t n = ::read(out_, chunk, sizeof chunk);
            if (n <= 0) return false;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    /// Closes the child's stdin (end of input).
    void close_stdin() {
        if (in_ >= 0) ::close(in_);
        in_ = -1;
    }

    /// Waits at most timeout for the child to exit; returns its status
    /// (128 + signal). A child still running then is killed, so a hang
    /// fails the test (status 137) instead of stopping the whole run.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        int wstatus = 0;
        for (;;) {
            const pid_t r = ::waitpid(pid_, &wstatus, WNOHANG);
            if (r == pid_) break;
            if (r < 0 && errno != EINTR) break;
            if (std::chrono::steady_clock::now() >= deadline) {
                ::kill(pid_, SIGKILL);
                while (::waitpid(pid_, &wstatus, 0) < 0 && errno == EINTR) {
                }
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        waited_ = true;
        return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    }

    /// Everything the child wrote on stderr so far.
    std::string err() const { return read_file(err_path_); }

    pid_t pid() const { return pid_; }

  private:
    TempDir dir_;
    fs::path err_path_;
    pid_t pid_ = -1;
    int in_ = -1;
    int out_ = -1;
    bool waited_ = false;
    std::string buffer_;
};

}  // namespace process_util
