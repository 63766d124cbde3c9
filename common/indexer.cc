#include "dossier/indexer.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <system_error>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "dossier/index_writer.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

bool is_hidden(const fs::path& path) {
    std::string name = path.filename().string();
    return !name.empty() && name[0] == '.' && name != "." && name != "..";
}

bool is_under(const std::string& path, const std::string& root) {
    if (path == root) return true;
    if (root == "/") return true;
    return path.size() > root.size() && path.compare(0, root.size(), root) == 0 &&
           path[root.size()] == '/';
}

/// The result of walking the roots: files to consider, in a stable order.
struct WalkResult {
    std::vector<std::string> files;
    std::vector<IndexFailure> failures;
    std::uint64_t ignored = 0;
};

class Walker {
  public:
    explicit Walker(std::vector<std::string> roots) : roots_(std::move(roots)) {}

    WalkResult walk() {
        for (const auto& root : roots_) visit(fs::path(root), true);
        std::sort(result_.files.begin(), result_.files.end());
        return std::move(result_);
    }

  private:
    bool inside_roots(const std::string& path) const {
        return std::any_of(roots_.begin(), roots_.end(),
                           [&](const std::string& r) { return is_under(path, r); });
    }

    void fail(const fs::path& path, const std::string& reason) {
        result_.failures.push_back({path.string(), reason});
    }

    void visit(const fs::path& path, bool is_root) {
        std::error_code ec;
        if (!is_root && is_hidden(path)) return;
        fs::file_status link_status = fs::symlink_status(path, ec);
        if (ec) return fail(path, "cannot read: " + ec.message());
        fs::path real = path;
        if (fs::is_symlink(link_status)) {
            real = fs::canonical(path, ec);
            if (ec) return fail(path, "broken symbolic link");
            // Links leaving the roots are not followed: the user asked for
            // these folders, not whatever they point at.
            if (!inside_roots(real.string())) {
                ++result_.ignored;
                return;
            }
        }
        fs::file_status status = fs::status(real, ec);
        if (ec) return fail(path, "cannot read: " + ec.message());
        if (fs::is_directory(status)) {
            if (!visited_dirs_.insert(real.string()).second) return;  // loop or seen
            std::vector<fs::path> children;
            fs::directory_iterator it(real, ec), end;
            if (ec) return fail(path, "cannot read folder: " + ec.message());
            for (; it != end; it.increment(ec)) {
                if (ec) break;
                children.push_back(it->path());
            }
            if (ec) return fail(path, "cannot read folder: " + ec.message());
            for (const auto& child : children) visit(child, false);
        } else if (fs::is_regular_file(status)) {
            if (format_from_name(real) == Format::kUnknown) {
                ++result_.ignored;
                return;
            }
            if (seen_files_.insert(real.string()).second)
                result_.files.push_back(real.string());
        } else {
            ++result_.ignored;  // sockets, fifos, devices
        }
    }

    std::vector<std::string> roots_;
    WalkResult result_;
    std::set<std::string> visited_dirs_;
    std::set<std::string> seen_files_;
};

/// "size:mtime_ns", or "" when the file cannot be stat'ed.
std::string file_signature(const std::string& path, std::uint64_t& size) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return {};
    size = static_cast<std::uint64_t>(st.st_size);
    long long ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL +
                   st.st_mtim.tv_nsec;
    return std::to_string(st.st_size) + ":" + std::to_string(ns);
}

}  // namespace

std::string default_db_path() {
    const char* env = std::getenv("DOSSIER_DB");
    if (env && *env) return env;
    return "dossier.db";
}

IndexReport Indexer::run(const std::vector<std::string>& roots, IndexObserver* observer) {
    auto start = Clock::now();
    IndexObserver quiet;
    if (!observer) observer = &quiet;

    std::vector<std::string> canonical_roots;
    for (const auto& root : roots) {
        std::error_code ec;
        fs::path real = fs::canonical(root, ec);
        if (ec) throw Error(root + ": " + ec.message());
        canonical_roots.push_back(real.string());
    }

    IndexWriter writer(options_.db_path);
    IndexReport report;
    WalkResult walked = Walker(canonical_roots).walk();
    report.ignored = walked.ignored;
    for (auto& failure : walked.failures) {
        observer->on_failure(failure);
        report.failures.push_back(std::move(failure));
    }

    std::map<std::string, IndexedEntry> indexed = writer.indexed_files();
    std::size_t pending = 0;
    auto last_progress = Clock::now();
    IndexProgress progress;
    progress.total = walked.files.size();

    for (const auto& path : walked.files) {
        if (options_.cancel && options_.cancel->load()) {
            report.interrupted = true;
            break;
        }
        std::uint64_t size = 0;
        std::string signature = file_signature(path, size);
        auto found = indexed.find(path);
        bool known = found != indexed.end();
        if (known) found->second.docid = 0;  // mark as seen: not to be removed
        if (known && !options_.full && !signature.empty() &&
            found->second.signature == signature) {
            ++report.unchanged;
        } else {
            try {
                Document doc = extract_file(path);
                report.bytes += size;
                writer.add(doc, signature);
                ++(known ? report.updated : report.added);
                if (++pending >= options_.batch_size) {
                    writer.commit();
                    pending = 0;
                }
            } catch (const LockError&) {
                throw;
            } catch (const Error& e) {
                IndexFailure failure{path, e.what()};
                observer->on_failure(failure);
                report.failures.push_back(std::move(failure));
            }
        }
        ++progress.done;
        if (std::chrono::duration<double>(Clock::now() - last_progress).count() > 0.25) {
            last_progress = Clock::now();
            progress.seconds = seconds_since(start);
            observer->on_progress(progress);
        }
    }

    // An interrupted run has not seen every file: removing "missing" ones
    // would delete documents whose files still exist.
    if (!options_.keep_deleted && !report.interrupted) {
        for (const auto& [path, entry] : indexed) {
            if (entry.docid == 0) continue;
            bool under = std::any_of(canonical_roots.begin(), canonical_roots.end(),
                                     [&](const std::string& r) { return is_under(path, r); });
            if (under && writer.remove(path)) ++report.removed;
        }
    }
    writer.commit();
    report.failed = report.failures.size();
    report.documents = writer.doc_count();
    report.db_path = options_.db_path;
    report.seconds = seconds_since(start);
    progress.seconds = report.seconds;
    observer->on_progress(progress);
    return report;
}

}  // namespace dossier
