// RTF extraction through pandoc's RTF reader, run as a sandboxed child
// process with a time limit; its HTML goes to the HTML extractor, which
// keeps paragraphs, headings, the title and the author.

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compress.h"
#include "dossier/error.h"
#include "dossier/extract.h"
#include "text.h"

extern char** environ;

namespace dossier {

namespace {

// A converter still busy after this long is stopped: RTF documents of any
// reasonable size convert in well under a second.
constexpr std::chrono::seconds kConverterTimeLimit{60};

struct Fd {
    int fd = -1;
    ~Fd() { close(); }
    void close() {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
};

void stop(pid_t pid) {
    ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
}

// pandoc's HTML for rtf: a standalone page, so that the document's title
// and author come out as <title> and <meta name="author">.
std::string rtf_to_html(std::string_view rtf) {
    Fd input;
    input.fd = ::memfd_create("dossier-rtf", MFD_CLOEXEC);
    if (input.fd < 0) throw Error(std::string("cannot convert RTF: ") + std::strerror(errno));
    for (std::size_t done = 0; done < rtf.size();) {
        const ssize_t n = ::write(input.fd, rtf.data() + done, rtf.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error(std::string("cannot convert RTF: ") + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
    ::lseek(input.fd, 0, SEEK_SET);

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(std::string("cannot convert RTF: ") + std::strerror(errno));
    Fd out_read{fds[0]}, out_write{fds[1]};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input.fd, 0);
    posix_spawn_file_actions_adddup2(&actions, out_write.fd, 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    // --sandbox: the converter reads nothing but its input (no files named
    // in the document, no network).
    const char* argv[] = {"pandoc", "--sandbox", "--from=rtf", "--to=html", "--standalone", nullptr};
    pid_t pid = 0;
    const int spawned = ::posix_spawnp(&pid, "pandoc", &actions, nullptr, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    out_write.close();
    input.close();
    if (spawned == ENOENT) throw Error("cannot convert RTF: pandoc not found (install the pandoc package)");
    if (spawned != 0) throw Error(std::string("cannot convert RTF: ") + std::strerror(spawned));

    const auto deadline = std::chrono::steady_clock::now() + kConverterTimeLimit;
    std::string html;
    char buffer[65536];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            stop(pid);
            throw Error("RTF conversion took longer than " + std::to_string(kConverterTimeLimit.count()) + " s");
        }
        pollfd p{out_read.fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) continue;
        const ssize_t n = ::read(out_read.fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (html.size() + static_cast<std::size_t>(n) > kMaxExtractedBytes) {
            stop(pid);
            throw Error("RTF converts to more than " + std::to_string(kMaxExtractedBytes) + " bytes");
        }
        html.append(buffer, static_cast<std::size_t>(n));
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw Error("corrupt RTF (pandoc " +
                    (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                       : "killed by signal " + std::to_string(WTERMSIG(status))) +
                    ")");
    }
    return html;
}

// pandoc prints the title again at the top of the body; the HTML extractor
// takes it from <title>.
void drop_title_block(std::string& html) {
    const std::size_t begin = html.find("<header id=\"title-block-header\">");
    if (begin == std::string::npos) return;
    const std::size_t end = html.find("</header>", begin);
    if (end != std::string::npos) html.erase(begin, end + 9 - begin);
}

// The creation time of the \info group ({\creatim\yr2021\mo6\dy14...}):
// a few control words read where they stand, the rest of the RTF is
// pandoc's business.
std::string creation_time(std::string_view rtf) {
    const std::size_t at = rtf.find("\\creatim");
    if (at == std::string_view::npos) return std::string();
    const std::string_view group = rtf.substr(at, rtf.find('}', at) - at);
    auto number = [&](std::string_view word) -> int {
        const std::size_t pos = group.find(word);
        if (pos == std::string_view::npos) return 0;
        int value = 0;
        for (std::size_t i = pos + word.size(); i < group.size() && i < pos + word.size() + 4; ++i) {
            if (group[i] < '0' || group[i] > '9') break;
            value = value * 10 + (group[i] - '0');
        }
        return value;
    };
    const int year = number("\\yr"), month = number("\\mo"), day = number("\\dy");
    if (year == 0) return std::string();
    char text[16];
    if (month == 0) {
        std::snprintf(text, sizeof text, "%04d", year);
    } else if (day == 0) {
        std::snprintf(text, sizeof text, "%04d-%02d", year, month);
    } else {
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    }
    return text;
}

}  // namespace

Document extract_rtf(std::string_view bytes) {
    std::string_view start = bytes;
    if (start.substr(0, 3) == "\xEF\xBB\xBF") start.remove_prefix(3);
    start.remove_prefix(std::min(start.size(), start.find_first_not_of(" \t\r\n")));
    if (start.substr(0, 5) != "{\\rtf") throw Error("not an RTF file (no {\\rtf header)");

    std::string html = rtf_to_html(bytes);
    drop_title_block(html);
    Document doc = extract_html(html);
    doc.format = format_name(Format::kRtf);
    // Without a title pandoc names the page after its input, "-".
    if (doc.meta.title_source == "metadata" && doc.meta.title == "-") {
        doc.meta.title = first_line_title(doc.text);
        doc.meta.title_source = doc.meta.title.empty() ? "" : "first-line";
    }
    const std::string created = creation_time(bytes);
    if (std::optional<Date> date = Date::parse(created)) {
        doc.meta.date = *date;
        doc.meta.date_source = "properties";
        doc.meta.date_evidence = "\\creatim " + created;
    }
    return doc;
}

}  // namespace dossier
