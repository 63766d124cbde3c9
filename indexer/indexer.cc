#include "dossier/indexer.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <thread>

#include <xapian.h>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "dossier/index_writer.h"
#include "dossier/schema.h"
#include "ignore.h"
#include "index_session.h"

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

/// Reasons of IndexReport::ignored_reasons given by the walk and the run.
constexpr const char* kExcluded = "excluded";
constexpr const char* kExcludedFolder = "excluded folder";
constexpr const char* kEmptyFile = "empty file";
constexpr const char* kUnknownFormat = "unknown format";
constexpr const char* kSpecialFile = "not a regular file";
constexpr const char* kOutsideLink = "link outside the roots";
constexpr const char* kDatabaseFolder = "search database";

/// path relative to folder ("a/b.md"), or nullopt when it is not below it.
std::optional<std::string> relative_to(const std::string& path, const std::string& folder) {
    if (!is_under(path, folder) || path == folder) return std::nullopt;
    return path.substr(folder == "/" ? 1 : folder.size() + 1);
}

/// The result of walking the roots: files to consider, in a stable order.
struct WalkResult {
    std::vector<std::string> files;
    std::vector<IndexFailure> failures;
    std::uint64_t ignored = 0;
    std::map<std::string, std::uint64_t> ignored_reasons;
    std::set<std::string> excluded_files;    ///< Real paths.
    std::vector<std::string> excluded_dirs;  ///< Real paths.
};

class Walker {
  public:
    /// database: the run's own database folder, which is never walked.
    Walker(std::vector<std::string> roots, const std::vector<std::string>& exclude, const std::string& database)
        : roots_(std::move(roots)) {
        for (const auto& pattern : exclude) exclude_.add(pattern);
        std::error_code ec;
        database_ = fs::weakly_canonical(database, ec).string();
    }

    WalkResult walk() {
        for (const auto& root : roots_) {
            root_ = root;
            visit(fs::path(root), true);
        }
        std::sort(result_.files.begin(), result_.files.end());
        return std::move(result_);
    }

  private:
    /// The rules of one folder's .dossierignore, for what lies below it.
    struct Level {
        std::string folder;  // real path
        IgnoreRules rules;
    };

    bool inside_roots(const std::string& path) const {
        return std::any_of(roots_.begin(), roots_.end(),
                           [&](const std::string& r) { return is_under(path, r); });
    }

    void fail(const fs::path& path, const std::string& reason) {
        result_.failures.push_back({path.string(), reason});
    }

    void ignore(const char* reason) {
        ++result_.ignored;
        ++result_.ignored_reasons[reason];
    }

    /// Whether the ignore files of the folders above path, then --exclude,
    /// exclude it; the innermost file and the last pattern decide.
    bool excluded(const std::string& path, bool is_folder) const {
        IgnoreMatch verdict = IgnoreMatch::kNone;
        for (const auto& level : levels_) {
            auto relative = relative_to(path, level.folder);
            if (!relative) continue;  // reached through a link from elsewhere
            IgnoreMatch m = level.rules.match(*relative, is_folder);
            if (m != IgnoreMatch::kNone) verdict = m;
        }
        if (!exclude_.empty()) {
            auto relative = relative_to(path, root_);
            IgnoreMatch m = exclude_.match(relative ? *relative : fs::path(path).filename().string(),
                                           is_folder);
            if (m != IgnoreMatch::kNone) verdict = m;
        }
        return verdict == IgnoreMatch::kExcluded;
    }

    /// Pushes the level of folder's .dossierignore, if it has one; false
    /// when it has none (or it cannot be read, which is reported).
    bool enter(const fs::path& folder) {
        const fs::path file = folder / std::string(kIgnoreFileName);
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) return false;
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            // Its patterns would go unheeded: a failure, not silence.
            fail(file, std::string("cannot read: ") + std::strerror(errno));
            return false;
        }
        levels_.push_back({folder.string(), IgnoreRules()});
        levels_.back().rules.add_lines(
            std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
        return true;
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
            if (!inside_roots(real.string())) return ignore(kOutsideLink);
        }
        fs::file_status status = fs::status(real, ec);
        if (ec) return fail(path, "cannot read: " + ec.message());
        const bool folder = fs::is_directory(status);
        // A root is indexed because it was named, whatever the patterns say.
        if (!is_root && excluded(path.string(), folder)) {
            if (folder) {
                result_.excluded_dirs.push_back(real.string());
                return ignore(kExcludedFolder);
            }
            result_.excluded_files.insert(real.string());
            return ignore(kExcluded);
        }
        if (folder) {
            // The database being written (`dossier-index .` keeps
            // ./dossier.db among the documents) holds no documents; another
            // Xapian database is counted as ignored, not read file by file.
            if (real.string() == database_) return;
            if (!is_root && fs::exists(real / "iamglass", ec)) return ignore(kDatabaseFolder);
            if (!visited_dirs_.insert(real.string()).second) return;  // loop or seen
            std::vector<fs::path> children;
            fs::directory_iterator it(real, ec), end;
            if (ec) return fail(path, "cannot read folder: " + ec.message());
            for (; it != end; it.increment(ec)) {
                if (ec) break;
                children.push_back(it->path());
            }
            if (ec) return fail(path, "cannot read folder: " + ec.message());
            const bool level = enter(real);
            for (const auto& child : children) visit(child, false);
            if (level) levels_.pop_back();
        } else if (fs::is_regular_file(status)) {
            if (format_from_name(real) == Format::kUnknown) return ignore(kUnknownFormat);
            if (seen_files_.insert(real.string()).second)
                result_.files.push_back(real.string());
        } else {
            ignore(kSpecialFile);  // sockets, fifos, devices
        }
    }

    std::vector<std::string> roots_;
    std::string database_;        // real path of the run's database folder
    IgnoreRules exclude_;
    std::string root_;            // the root being walked
    std::vector<Level> levels_;   // ignore files of the folders being walked
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

/// A Xapian error's message with the system's reason ("No space left on
/// device"), which Xapian keeps apart.
std::string reason_of(const Xapian::Error& e) {
    std::string reason = e.get_msg();
    if (e.get_error_string() != nullptr) reason += std::string(": ") + e.get_error_string();
    return reason;
}

bool ends_with_gz(const std::string& path) {
    return path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0;
}

/// A file the run has to (re)index.
struct Task {
    std::string path;
    std::string signature;   ///< file_signature() at decision time.
    std::uint64_t size = 0;  ///< Bytes on disk.
    bool known = false;      ///< The index already has a document for it.
};

/// Hands progress and failures to the observer, on the calling thread only;
/// workers count and queue, the thread that runs the Indexer reports.
class Progress {
  public:
    /// ocr (may be null, not owned) counts the pages read by OCR.
    Progress(IndexObserver* observer, IndexProgress base, Clock::time_point start,
             const OcrSession* ocr)
        : observer_(observer), base_(base), start_(start), last_(start), ocr_(ocr) {}

    /// Any thread: n more files handled.
    void advance(std::uint64_t n) { done_.fetch_add(n, std::memory_order_relaxed); }

    /// Any thread: file number index (in walk order) failed.
    void fail_async(std::size_t index, IndexFailure failure) {
        std::lock_guard<std::mutex> lock(mutex_);
        queued_.emplace_back(index, std::move(failure));
    }


    /// Calling thread: reports queued failures and, at most four times a
    /// second, progress.
    void poll() {
        std::vector<std::pair<std::size_t, IndexFailure>> fresh;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            fresh.assign(queued_.begin() + reported_, queued_.end());
            reported_ = queued_.size();
        }
        for (const auto& item : fresh) observer_->on_failure(item.second);
        if (seconds_since(last_) > 0.25) {
            last_ = Clock::now();
            observer_->on_progress(current(seconds_since(start_)));
        }
    }

    /// Calling thread, after the workers have stopped: moves the queued
    /// failures into the session's report in walk order.
    void drain(IndexSession& session) {
        poll();
        std::lock_guard<std::mutex> lock(mutex_);
        std::stable_sort(queued_.begin(), queued_.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& item : queued_) session.record_failure(std::move(item.second));
        queued_.clear();
        reported_ = 0;
    }

    /// Calling thread: the first progress report, once the files are counted.
    void start() { observer_->on_progress(current(seconds_since(start_))); }

    /// Calling thread: the final progress report.
    void finish(double seconds) { observer_->on_progress(current(seconds)); }

  private:
    IndexProgress current(double seconds) const {
        IndexProgress p = base_;
        p.done += done_.load(std::memory_order_relaxed);
        p.seconds = seconds;
        if (ocr_) {
            OcrCounts counts = ocr_->counts();
            p.ocr_pages = counts.pages + counts.cached;
        }
        return p;
    }

    IndexObserver* observer_;
    IndexProgress base_;
    Clock::time_point start_, last_;
    const OcrSession* ocr_;
    std::atomic<std::uint64_t> done_{0};
    std::mutex mutex_;
    std::vector<std::pair<std::size_t, IndexFailure>> queued_;
    std::size_t reported_ = 0;
};

/// A document built by a worker for the single writer of an update run.
struct Built {
    PreparedDocument prepared;
    std::string failure;  ///< Why the file could not be read; "" when built.
    bool failed = false;
    bool empty = false;   ///< The file is empty or white space only.
    std::size_t text_bytes = 0;
};

/// Update runs: workers extract and tokenise tasks ahead of the writer,
/// which takes the results in task order, so that documents get the ids
/// a one-by-one run would give them. Workers stay at most a window of
/// documents ahead, which bounds memory.
class Pipeline {
  public:
    Pipeline(const std::vector<Task>& tasks, unsigned workers, const OcrOptions& ocr)
        : tasks_(tasks), ocr_(ocr), slots_(tasks.size()), window_(8 * workers + 8) {
        for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
    }

    ~Pipeline() { stop(); }

    /// Waits for task i (taken in increasing order), reporting progress
    /// while waiting. Rethrows a worker's fatal error.
    Built take(std::size_t i, Progress& progress) {
        std::unique_lock<std::mutex> lock(mutex_);
        while (!slots_[i] && !error_) {
            if (ready_.wait_for(lock, std::chrono::milliseconds(100)) ==
                std::cv_status::timeout) {
                lock.unlock();
                progress.poll();
                lock.lock();
            }
        }
        if (error_) std::rethrow_exception(error_);
        Built built = std::move(*slots_[i]);
        slots_[i].reset();
        taken_ = i + 1;
        lock.unlock();
        space_.notify_all();
        return built;
    }

    /// Stops the workers (after the file each is on) and waits for them.
    void stop() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        space_.notify_all();
        for (auto& t : threads_) t.join();
        threads_.clear();
    }

  private:
    void work() {
        DocumentBuilder builder;
        for (;;) {
            std::size_t i;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                space_.wait(lock, [&] { return stop_ || next_ < taken_ + window_; });
                if (stop_ || next_ >= tasks_.size()) return;
                i = next_++;
            }
            Built built;
            try {
                try {
                    Document doc = extract_file(tasks_[i].path, ocr_);
                    built.text_bytes = doc.text.size();
                    built.prepared = builder.build(doc, tasks_[i].signature);
                } catch (const LockError&) {
                    throw;
                } catch (const EmptyFileError&) {
                    built.empty = true;
                } catch (const Error& e) {
                    built.failed = true;
                    built.failure = e.what();
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex_);
                if (!error_) error_ = std::current_exception();
                stop_ = true;
                ready_.notify_all();
                space_.notify_all();
                return;
            }
            {
                std::lock_guard<std::mutex> lock(mutex_);
                slots_[i] = std::move(built);
            }
            ready_.notify_all();
        }
    }

    const std::vector<Task>& tasks_;
    const OcrOptions& ocr_;
    std::vector<std::optional<Built>> slots_;
    std::size_t window_;
    std::mutex mutex_;
    std::condition_variable ready_, space_;
    std::size_t next_ = 0, taken_ = 0;
    bool stop_ = false;
    std::exception_ptr error_;
    std::vector<std::thread> threads_;
};

/// Documents a shard writer holds in memory before flushing them.
constexpr std::size_t kShardFlushDocs = 50;

/// A run of consecutive tasks written to one shard database.
struct Chunk {
    std::size_t begin = 0, end = 0;  ///< Tasks [begin, end).
    std::string path;                ///< The shard's folder, once created.
    std::uint64_t added = 0;         ///< Documents in the shard.
    std::uint64_t bytes = 0;         ///< Input bytes of those documents.
    std::uint64_t empty = 0;         ///< Empty files met (ignored).
    bool written = false;            ///< Committed and closed.
};

/// Cuts tasks into chunks of at most max_docs files and about text_budget
/// bytes of text (estimated from file sizes; compressed files count thrice),
/// small enough that every worker gets several and none idles long at the
/// end.
std::vector<Chunk> make_chunks(const std::vector<Task>& tasks, std::size_t text_budget,
                               std::size_t max_docs, unsigned workers) {
    std::uint64_t total = 0;
    for (const auto& t : tasks) total += ends_with_gz(t.path) ? 3 * t.size : t.size;
    std::uint64_t target = std::min<std::uint64_t>(
        text_budget, std::max<std::uint64_t>(total / (4 * workers), 256 << 10));
    std::vector<Chunk> chunks;
    Chunk chunk;
    std::uint64_t bytes = 0;
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        bytes += ends_with_gz(tasks[i].path) ? 3 * tasks[i].size : tasks[i].size;
        if (bytes >= target || i + 1 - chunk.begin >= max_docs || i + 1 == tasks.size()) {
            chunk.end = i + 1;
            chunks.push_back(chunk);
            chunk = Chunk();
            chunk.begin = i + 1;
            bytes = 0;
        }
    }
    return chunks;
}

/// A fresh folder beside db_path for shards: same file system, so the
/// merged database can be renamed into place. Only the holder of the
/// database's lock uses it; what a killed run left there is removed.
std::string shard_folder(const std::string& db_path) {
    fs::path db = fs::absolute(fs::path(db_path).lexically_normal());
    if (db.filename().empty()) db = db.parent_path();
    fs::path folder = db.parent_path() /
                      ("." + db.filename().string() + ".build");
    std::error_code ec;
    fs::remove_all(folder, ec);
    fs::create_directories(folder, ec);
    if (ec) throw Error("cannot create temporary folder " + folder.string() + ": " + ec.message());
    return folder.string();
}

/// Puts the database at from in the place of the one at to, atomically:
/// readers and a crash see either the old or the new database, never none.
/// The old one ends up at from.
void exchange_folders(const std::string& from, const std::string& to) {
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_EXCHANGE) != 0)
        throw Error("cannot move the new database into " + to + ": " + std::strerror(errno));
}

/// New databases: workers take chunks in turn and write each into its own
/// small shard database (Xapian's cost of adding a document grows with the
/// database it goes into, so many small ones are far cheaper than one big
/// one); merge() then compacts the shards, in chunk order, into one.
class ShardBuild {
  public:
    /// ocr is how workers read PDF pages without text; it must outlive
    /// the build.
    ShardBuild(const std::vector<Task>& tasks, std::vector<Chunk>& chunks,
               const IndexerOptions& options, const Xapian::Database& target,
               const OcrOptions& ocr)
        : tasks_(tasks), chunks_(chunks), options_(options), ocr_(ocr),
          folder_(shard_folder(options.db_path)) {
        for (auto it = target.metadata_keys_begin(); it != target.metadata_keys_end(); ++it)
            metadata_.emplace_back(*it, target.get_metadata(*it));
    }

    ~ShardBuild() {
        std::error_code ec;
        fs::remove_all(folder_, ec);
    }

    ShardBuild(const ShardBuild&) = delete;
    ShardBuild& operator=(const ShardBuild&) = delete;

    /// Runs the workers to the end (or the cancellation), reporting progress
    /// on this thread, and merges the shards into the session's database as
    /// they complete, in chunk order: whenever the documents waiting reach
    /// batch_size and the number already merged (so that the copying stays
    /// linear), and at the end. The session's writer is closed and reopened
    /// around each merge. Rethrows a worker's fatal error.
    void run(unsigned workers, Progress& progress, IndexSession& session) {
        std::vector<std::thread> threads;
        for (unsigned i = 0; i < workers; ++i)
            threads.emplace_back([this, &progress] { work(progress); });
        try {
            std::unique_lock<std::mutex> lock(mutex_);
            while (finished_ < workers) {
                lock.unlock();
                progress.poll();
                merge_ready(session, false);
                lock.lock();
                done_.wait_for(lock, std::chrono::milliseconds(100));
            }
        } catch (...) {
            stop_ = true;
            for (auto& t : threads) t.join();
            throw;
        }
        for (auto& t : threads) t.join();
        if (error_) {
            try {
                std::rethrow_exception(error_);
            } catch (const Xapian::Error& e) {
                throw Error("cannot write shard database in " + folder_ + ": " + reason_of(e));
            }
        }
        merge_ready(session, true);
    }

    /// True when the cancel flag stopped the workers.
    bool interrupted() const { return interrupted_; }

    /// The temporary folder (removed by the destructor).
    const std::string& folder() const { return folder_; }

  private:
    /// Merges the run of written chunks after the last merged one into the
    /// database when it is worth it (or, with all, whatever is written).
    void merge_ready(IndexSession& session, bool all) {
        std::size_t end = merged_;
        std::uint64_t waiting = 0;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            while (end < chunks_.size() && chunks_[end].written) waiting += chunks_[end++].added;
        }
        if (end == merged_) return;
        if (!all && (waiting < std::max<std::uint64_t>(options_.batch_size, merged_docs_) ||
                     end == chunks_.size()))
            return;
        if (waiting) {
            Xapian::Database sources;
            if (merged_docs_) sources.add_database(Xapian::Database(options_.db_path));
            for (std::size_t c = merged_; c < end; ++c)
                if (chunks_[c].added) sources.add_database(Xapian::Database(chunks_[c].path));
            std::string merged = folder_ + "/merged";
            try {
                sources.compact(merged, Xapian::Compactor::FULL | Xapian::DBCOMPACT_MULTIPASS);
            } catch (const Xapian::Error& e) {
                throw Error("cannot merge shard databases into " + merged + ": " + reason_of(e));
            }
            sources.close();
            session.replace_database([&] { exchange_folders(merged, options_.db_path); });
            std::error_code ec;
            fs::remove_all(merged, ec);
            merged_docs_ += waiting;
        }
        for (std::size_t c = merged_; c < end; ++c) {
            std::error_code ec;
            if (!chunks_[c].path.empty()) fs::remove_all(chunks_[c].path, ec);
        }
        merged_ = end;
    }

    void work(Progress& progress) {
        try {
            DocumentBuilder builder;
            for (;;) {
                std::size_t c = next_chunk_.fetch_add(1);
                if (c >= chunks_.size() || stop_.load()) break;
                build(chunks_[c], folder_ + "/shard-" + std::to_string(c), builder, progress);
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!error_) error_ = std::current_exception();
            stop_ = true;
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            ++finished_;
        }
        done_.notify_all();
    }

    void build(Chunk& chunk, const std::string& path, DocumentBuilder& builder,
               Progress& progress) {
        // Shards are scratch: the merge is what must survive a crash.
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
        std::size_t unflushed = 0;
        chunk.path = path;
        for (const auto& [key, value] : metadata_) db.set_metadata(key, value);
        for (std::size_t i = chunk.begin; i < chunk.end; ++i) {
            if (stop_.load()) break;
            if (options_.cancel && options_.cancel->load()) {
                interrupted_ = true;
                stop_ = true;
                break;
            }
            const Task& task = tasks_[i];
            PreparedDocument prepared;
            try {
                Document doc = extract_file(task.path, ocr_);
                chunk.bytes += task.size;
                prepared = builder.build(doc, task.signature);
            } catch (const LockError&) {
                throw;
            } catch (const EmptyFileError&) {
                ++chunk.empty;
                progress.advance(1);
                continue;
            } catch (const Error& e) {
                progress.fail_async(i, {task.path, e.what()});
                progress.advance(1);
                continue;
            }
            try {
                db.add_document(prepared.xdoc);
                ++chunk.added;
                // Xapian's cost per term grows with the postings it holds
                // in memory (std::map inserts): flushing small batches
                // saved a third of the CPU time and half the memory.
                if (++unflushed == kShardFlushDocs) {
                    db.commit();
                    unflushed = 0;
                }
            } catch (const Xapian::Error& e) {
                progress.fail_async(i, {task.path, "cannot add " + prepared.key + " to " +
                                                       options_.db_path + ": " + e.get_msg()});
            }
            progress.advance(1);
        }
        db.commit();
        db.close();
        std::lock_guard<std::mutex> lock(mutex_);
        chunk.written = true;
    }

    const std::vector<Task>& tasks_;
    std::vector<Chunk>& chunks_;
    const IndexerOptions& options_;
    const OcrOptions& ocr_;
    std::string folder_;
    std::vector<std::pair<std::string, std::string>> metadata_;
    std::atomic<std::size_t> next_chunk_{0};
    std::atomic<bool> stop_{false}, interrupted_{false};
    std::mutex mutex_;
    std::condition_variable done_;
    unsigned finished_ = 0;
    std::exception_ptr error_;
    std::size_t merged_ = 0;         // chunks before this one are merged
    std::uint64_t merged_docs_ = 0;  // documents they hold
};

/// The canonical form of each root. Throws dossier::Error naming a root
/// that cannot be resolved.
std::vector<std::string> canonical_roots(const std::vector<std::string>& roots) {
    std::vector<std::string> canonical;
    for (const auto& root : roots) {
        std::error_code ec;
        fs::path real = fs::canonical(root, ec);
        if (ec) throw Error(root + ": " + ec.message());
        canonical.push_back(real.string());
    }
    return canonical;
}

/// One Indexer::run over files, in stages: plan() walks the roots and
/// decides what each file needs, write() extracts and writes the files to
/// (re)index, remove_deleted() drops the documents of vanished files and
/// finish() closes the session. The session does the writing, counting
/// and reporting; this class knows about files.
class FileRun {
  public:
    /// roots are canonical (canonical_roots()). options and session must
    /// outlive the run.
    FileRun(const IndexerOptions& options, std::vector<std::string> roots, IndexSession& session)
        : options_(options), roots_(std::move(roots)), session_(session) {
        ocr_.enabled = options.ocr;
        ocr_.session = &ocr_session_;
        ocr_.cancel = options.cancel;
    }

    /// Walks the roots, reporting what cannot be read, and keeps as tasks
    /// the files that are new or changed (every file with options.full).
    void plan() {
        WalkResult walked = Walker(roots_, options_.exclude, options_.db_path).walk();
        IndexReport& report = session_.report();
        report.ignored = walked.ignored;
        report.ignored_reasons = std::move(walked.ignored_reasons);
        excluded_files_ = std::move(walked.excluded_files);
        excluded_dirs_ = std::move(walked.excluded_dirs);
        for (auto& failure : walked.failures) session_.fail(std::move(failure));

        indexed_ = session_.writer().indexed_files();
        IndexProgress base;
        base.total = walked.files.size();
        // Unchanged files cost one stat and one map lookup.
        tasks_.reserve(walked.files.size());
        for (auto& path : walked.files) {
            Task task;
            task.signature = file_signature(path, task.size);
            auto found = indexed_.find(path);
            task.known = found != indexed_.end();
            if (task.known) found->second.docid = 0;  // mark as seen: not to be removed
            if (task.known && !options_.full && !task.signature.empty() &&
                found->second.signature == task.signature) {
                ++report.unchanged;
                ++base.done;
                continue;
            }
            task.path = std::move(path);
            tasks_.push_back(std::move(task));
        }
        if (options_.ocr && !tasks_.empty()) load_ocr_cache();
        progress_ = std::make_unique<Progress>(&session_.observer(), base, session_.started(),
                                               &ocr_session_);
        progress_->start();
    }

    /// Extracts and writes the tasks on worker threads: from shards into a
    /// database that holds no document yet, in task order into one that does.
    void write() {
        unsigned workers = worker_count();
        // Text bytes one worker may hold before writing them out.
        std::size_t text_budget = std::max<std::size_t>(
            (options_.memory_mb << 20) / (workers * kIndexMemoryPerTextByte), 1 << 20);
        if (tasks_.empty()) {
            // Nothing to write, but a cancelled run still says it was cut short.
            session_.check_cancel();
        } else if (session_.writer().doc_count() == 0) {
            build_from_shards(workers, text_budget);
        } else {
            session_.set_text_budget(text_budget);
            update_in_order(workers);
        }
    }

    /// Removes the documents of excluded files, and those of files under
    /// the roots that the walk did not find unless options.keep_deleted.
    void remove_deleted() {
        for (auto& [path, entry] : indexed_) {
            if (entry.docid == 0) continue;
            if (is_excluded(path)) {
                // The file is still there, but the user asked not to have it.
                session_.remove(path);
                entry.docid = 0;
            }
        }
        // An interrupted run has not seen every file: removing "missing" ones
        // would delete documents whose files still exist.
        if (options_.keep_deleted || session_.report().interrupted) return;
        for (const auto& [path, entry] : indexed_) {
            if (entry.docid == 0) continue;
            // A named reference: lambdas may not capture structured bindings
            // in C++17 (clang refuses it).
            const std::string& file = path;
            bool under = std::any_of(roots_.begin(), roots_.end(),
                                     [&](const std::string& r) { return is_under(file, r); });
            if (under) session_.remove(path);
        }
    }

    /// Saves the page texts OCR read in the database (committed by
    /// finish()), and puts its counts and failures in the report.
    void save_ocr() {
        try {
            Xapian::WritableDatabase& db = session_.writer().database();
            for (const auto& [key, text] : ocr_session_.fresh())
                db.set_metadata(std::string(schema::kMetaOcrPrefix) + key, text);
        } catch (const Xapian::Error& e) {
            throw Error("cannot save the OCR cache in " + options_.db_path + ": " + reason_of(e));
        }
        session_.report().ocr = ocr_session_.counts();
        session_.report().ocr_failures = ocr_session_.failures();
    }

    /// Closes the session and reports the final progress.
    IndexReport finish() {
        IndexReport report = session_.finish();
        progress_->finish(report.seconds);
        return report;
    }

  private:
    /// Makes the page texts of earlier runs known to the OCR session.
    void load_ocr_cache() {
        const std::string prefix(schema::kMetaOcrPrefix);
        try {
            Xapian::WritableDatabase& db = session_.writer().database();
            for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
                ocr_session_.preload((*it).substr(prefix.size()), db.get_metadata(*it));
        } catch (const Xapian::Error& e) {
            throw Error("cannot read the OCR cache of " + options_.db_path + ": " + reason_of(e));
        }
    }

    /// Whether the walk excluded path, or a folder holding it.
    bool is_excluded(const std::string& path) const {
        if (excluded_files_.count(path)) return true;
        return std::any_of(excluded_dirs_.begin(), excluded_dirs_.end(),
                           [&](const std::string& dir) { return is_under(path, dir); });
    }

    /// options.threads (0: one per hardware thread), but no more than tasks.
    unsigned worker_count() const {
        unsigned workers = options_.threads ? options_.threads
                                            : std::max(1u, std::thread::hardware_concurrency());
        return static_cast<unsigned>(
            std::min<std::size_t>(workers, std::max<std::size_t>(tasks_.size(), 1)));
    }

    /// A new (or emptied) database: workers build shards, merged into it.
    void build_from_shards(unsigned workers, std::size_t text_budget) {
        std::vector<Chunk> chunks = make_chunks(
            tasks_, text_budget, std::max<std::size_t>(options_.batch_size, 1), workers);
        ShardBuild build(tasks_, chunks, options_, session_.writer().database(), ocr_);
        build.run(workers, *progress_, session_);
        for (const auto& chunk : chunks) {
            session_.count_added(chunk.added);
            session_.report().bytes += chunk.bytes;
            if (chunk.empty) session_.count_ignored(kEmptyFile, chunk.empty);
        }
        session_.report().interrupted = build.interrupted();
        progress_->drain(session_);
    }

    /// An existing database: workers extract and tokenise ahead, and the
    /// session writes the documents in task order.
    void update_in_order(unsigned workers) {
        Pipeline pipeline(tasks_, workers, ocr_);
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            if (session_.check_cancel()) break;
            Built built = pipeline.take(i, *progress_);
            if (built.empty) {
                session_.count_ignored(kEmptyFile);
                // Emptied since it was indexed: its old text is no longer there.
                if (tasks_[i].known) session_.remove(tasks_[i].path);
            } else if (!built.failed) {
                session_.report().bytes += tasks_[i].size;
                try {
                    session_.add(built.prepared, tasks_[i].known, built.text_bytes);
                } catch (const LockError&) {
                    throw;
                } catch (const Error& e) {
                    session_.fail({tasks_[i].path, e.what()});
                }
            } else {
                session_.fail({tasks_[i].path, std::move(built.failure)});
            }
            progress_->advance(1);
            progress_->poll();
        }
        pipeline.stop();
    }

    const IndexerOptions& options_;
    std::vector<std::string> roots_;
    IndexSession& session_;
    std::map<std::string, IndexedEntry> indexed_;  // docid 0 once the walk found the file
    std::set<std::string> excluded_files_;         // real paths the walk excluded
    std::vector<std::string> excluded_dirs_;       // and folders
    std::vector<Task> tasks_;
    std::unique_ptr<Progress> progress_;  // made by plan()
    OcrSession ocr_session_;              // page texts by key, counts, failures
    OcrOptions ocr_;                      // what the workers read PDFs with
};

}  // namespace

IndexReport Indexer::run(const std::vector<std::string>& roots, IndexObserver* observer) {
    // Roots first: a mistyped root must not leave a new empty database behind.
    std::vector<std::string> real_roots = canonical_roots(roots);
    IndexSession session(options_, observer);
    session.commit();  // the schema key of a new database, before shards copy it
    FileRun run(options_, std::move(real_roots), session);
    run.plan();
    run.write();
    run.remove_deleted();
    run.save_ocr();
    return run.finish();
}

}  // namespace dossier
