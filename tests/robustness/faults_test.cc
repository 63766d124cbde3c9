// Faults: the indexer killed at many points, interrupted, out of disk space,
// racing searches and another indexer. The index must stay usable and lose
// nothing that was committed.

#include <sys/mount.h>

#include <iostream>
#include <set>

#include "harness.h"

namespace robustness {
namespace {

constexpr int kDocs = 3000;
constexpr int kBatch = 50;
constexpr int kKillPoints = 22;

/// kDocs small text files in 30 folders. Every document holds the word
/// "common", a word "uniqueN" of its own and one of seven group words.
void make_large_corpus(const fs::path& root) {
    for (int i = 0; i < kDocs; ++i) {
        fs::path folder = root / ("f" + std::to_string(i % 30));
        fs::create_directories(folder);
        std::string text = "Title: Document " + std::to_string(i) + "\nDate: " +
                           std::to_string(1990 + i % 30) + "\n\nThe common report unique" +
                           std::to_string(i) + " on group" + std::to_string(i % 7) +
                           " matters, with maritime security and alliance words.\n";
        write_file(folder / ("doc" + std::to_string(i) + ".txt"), text);
    }
}

/// A fixed set of queries; the answers (counts) of a database to them.
const Strings kQueries = {"common",   "group3",          "unique1234", "unique0",
                          "group0 group1", "\"maritime security\"", "before:2000 common",
                          "year:2019"};

std::vector<long> answers(const fs::path& db) {
    std::vector<long> out;
    for (const auto& q : kQueries) {
        RunResult r = run("dossier-search", {"--db", db.string(), "--count", q});
        INFO("query " << q << ": " << r.err);
        REQUIRE((r.status == 0 || r.status == 1));
        out.push_back(std::stol(r.out));
    }
    return out;
}

RunResult index_corpus(const fs::path& db, const fs::path& corpus, double timeout = 300) {
    RunOptions options;
    options.timeout = timeout;
    return run("dossier-index",
               {"--db", db.string(), "--batch-size", std::to_string(kBatch), corpus.string()},
               options);
}

/// The corpus and a clean database of it, built once per process.
struct CleanRun {
    TempDir dir;
    fs::path corpus = dir / "corpus";
    fs::path db = dir / "clean.db";
    double seconds = 0;
    std::vector<long> answers;
};

const CleanRun& clean_run() {
    static CleanRun clean;
    static bool built = false;
    if (!built) {
        make_large_corpus(clean.corpus);
        RunResult r = index_corpus(clean.db, clean.corpus);
        INFO(r.err);
        REQUIRE(r.status == 0);
        clean.seconds = r.wall;
        clean.answers = answers(clean.db);
        REQUIRE(clean.answers[0] == kDocs);
        built = true;
        std::cout << "clean run of " << kDocs << " documents: " << r.wall << " s\n";
    }
    return clean;
}

/// Checks that a database opens and that every document in it is whole:
/// found by the word all documents share, and (unless the run was stopped
/// by a signal, which commits the documents in flight) the count falls on a
/// commit boundary. Returns the count.
long check_committed_state(const fs::path& db, bool on_batch_boundary = true) {
    long n = count_documents(db);
    CHECK(n >= 0);
    CHECK(n <= kDocs);
    if (on_batch_boundary) CHECK((n % kBatch == 0 || n == kDocs));
    RunResult r = run("dossier-search", {"--db", db.string(), "--count", "common"});
    INFO(r.err);
    CHECK(r.err.empty());
    CHECK(std::stol(r.out) == n);
    if (n > 0) {
        // Every stored document reads back: the last one by docid too.
        RunResult show = run("dossier-search", {"--db", db.string(), "--show", std::to_string(n)});
        INFO("show " << n << ": " << show.err);
        CHECK(show.status == 0);
        CHECK_THAT(show.out, Catch::Contains("common report"));
    }
    return n;
}

TEST_CASE("SIGKILL at 22 points of a large run loses no committed document",
          "[robustness][faults]") {
    const CleanRun& clean = clean_run();
    std::set<long> counts;
    for (int point = 0; point < kKillPoints; ++point) {
        TempDir dir;
        const fs::path db = dir / "db";
        // Kill points spread over the whole run, the first ones early.
        const double delay = clean.seconds * (point + 0.3) / kKillPoints;
        Child child("dossier-index", {"--db", db.string(), "--batch-size", std::to_string(kBatch),
                                      clean.corpus.string()});
        std::this_thread::sleep_for(std::chrono::duration<double>(delay));
        child.signal(SIGKILL);
        RunResult killed = child.wait();
        INFO("kill point " << point << " after " << delay << " s; status " << killed.status);
        long n = 0;
        if (fs::exists(db / "iamglass")) n = check_committed_state(db);
        counts.insert(n);
        std::cout << "kill point " << point << ": after " << delay << " s, " << n
                  << " documents committed\n";

        // Re-running completes the index as if nothing had happened.
        RunResult again = index_corpus(db, clean.corpus);
        INFO(again.err);
        CHECK(again.status == 0);
        CHECK(answers(db) == clean.answers);
    }
    // The kills did land at different points of the run.
    CHECK(counts.size() >= 3);
}

TEST_CASE("SIGINT and SIGTERM commit what is done and exit 130 and 143",
          "[robustness][faults]") {
    const CleanRun& clean = clean_run();
    for (int sig : {SIGINT, SIGTERM}) {
        TempDir dir;
        const fs::path db = dir / "db";
        Child child("dossier-index", {"--db", db.string(), "--batch-size", std::to_string(kBatch),
                                      "--json", clean.corpus.string()});
        // Wait for a first commit so that the handler is surely installed.
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!fs::exists(db / "iamglass") && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::this_thread::sleep_for(std::chrono::duration<double>(clean.seconds / 4));
        child.signal(sig);
        RunResult r = child.wait();
        INFO("signal " << sig << "; status " << r.status << "\nstdout: " << r.out
                       << "\nstderr: " << r.err);
        REQUIRE_FALSE(r.timed_out);
        CHECK(r.status == 128 + sig);
        CHECK_THAT(r.err, Catch::Contains("dossier-index: interrupted: committed "));
        json report = parse_json(r);
        const long n = count_documents(db);
        CHECK(report.at("documents") == n);
        CHECK(report.at("added").get<long>() == n);
        CHECK(n > 0);
        CHECK(n < kDocs);
        CHECK_THAT(r.err, Catch::Contains("committed " + std::to_string(n) + " documents"));
        check_committed_state(db, false);
        // Nothing was removed because the run was cut short.
        CHECK(report.at("removed") == 0);
        RunResult again = index_corpus(db, clean.corpus);
        CHECK(again.status == 0);
        CHECK(answers(db) == clean.answers);
    }
}

TEST_CASE("Searches during indexing see consistent committed states and no error",
          "[robustness][faults]") {
    const CleanRun& clean = clean_run();
    TempDir dir;
    const fs::path db = dir / "db";
    // A first batch so that the database exists before the searches start.
    fs::create_directories(dir / "first");
    for (int i = 0; i < kBatch; ++i)
        fs::copy_file(clean.corpus / ("f" + std::to_string(i % 30)) / ("doc" + std::to_string(i) + ".txt"),
                      dir / "first" / ("doc" + std::to_string(i) + ".txt"));
    REQUIRE(index_corpus(db, dir / "first").status == 0);

    Child writer("dossier-index", {"--db", db.string(), "--batch-size", "25", "--keep-deleted",
                                   clean.corpus.string()});
    int searches = 0, errors = 0;
    long last = 0;
    std::set<long> seen;
    while (!writer.poll()) {
        // The writer is stopped wherever it is (mid-batch, mid-commit) while
        // a pair of searches runs, then let go for a moment: searches and
        // commits interleave however loaded the machine is.
        writer.signal(SIGSTOP);
        RunResult r = run("dossier-search", {"--db", db.string(), "--count", "common"});
        RunResult j = run("dossier-search", {"--db", db.string(), "--json", "--limit", "3",
                                             "--sort", "-date", "common"});
        writer.signal(SIGCONT);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        ++searches;
        if (r.status != 0 || j.status != 0) {
            ++errors;
            std::cout << "search failed during indexing: " << r.status << " " << r.err << j.status
                      << " " << j.err << "\n";
            continue;
        }
        long n = std::stol(r.out);
        CHECK(n >= last);  // commits only add documents here
        CHECK(n % 25 == 0);
        last = n;
        seen.insert(n);
        json parsed = parse_json(j);
        CHECK(parsed.at("hits").size() == 3);
    }
    RunResult w = writer.wait();
    std::cout << "concurrent: " << searches << " search pairs during indexing, " << seen.size()
              << " distinct committed states seen, " << errors << " errors\n";
    CHECK(w.status == 0);
    CHECK(errors == 0);
    CHECK(searches >= 5);
    CHECK(seen.size() >= 2);
    CHECK(count_documents(db) == kDocs + kBatch);
}

TEST_CASE("A second indexer on a locked database exits 2 and changes nothing",
          "[robustness][faults]") {
    const CleanRun& clean = clean_run();
    TempDir dir;
    const fs::path db = dir / "db";
    fs::create_directories(dir / "other");
    write_file(dir / "other" / "intruder.txt", "The intruderword document.\n");

    Child first("dossier-index", {"--db", db.string(), "--batch-size", std::to_string(kBatch),
                                  clean.corpus.string()});
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(db / "iamglass") && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    RunResult second = run("dossier-index", {"--db", db.string(), (dir / "other").string()});
    const bool first_still_running = !first.poll();
    RunResult r = first.wait();
    INFO("second: " << second.status << " " << second.out << second.err);
    REQUIRE(first_still_running);
    CHECK(second.status == 2);
    CHECK(second.out.empty());
    CHECK(lines_of(second.err).size() == 1);
    CHECK_THAT(second.err, Catch::StartsWith("dossier-index: error: "));
    CHECK_THAT(second.err, Catch::Contains("locked"));
    CHECK(r.status == 0);
    CHECK(answers(db) == clean.answers);
    RunResult intruder = run("dossier-search", {"--db", db.string(), "--count", "intruderword"});
    CHECK(intruder.out == "0\n");
}

TEST_CASE("A full disk gives a clear error and keeps the last committed state",
          "[robustness][faults]") {
    if (::geteuid() != 0) {
        WARN("skipped: mounting a small tmpfs needs root");
        return;
    }
    const CleanRun& clean = clean_run();
    TempDir dir;
    const fs::path mnt = dir / "mnt";
    fs::create_directory(mnt);
    if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=2m") != 0) {
        WARN("skipped: cannot mount a tmpfs here (" << std::strerror(errno) << ")");
        return;
    }
    struct Unmount {
        fs::path path;
        ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
    } unmount{mnt};

    const fs::path db = mnt / "db";
    fs::create_directories(dir / "first");
    for (int i = 0; i < 100; ++i)
        fs::copy_file(clean.corpus / ("f" + std::to_string(i % 30)) / ("doc" + std::to_string(i) + ".txt"),
                      dir / "first" / ("doc" + std::to_string(i) + ".txt"));
    RunResult first = index_corpus(db, dir / "first");
    INFO("first: " << first.err);
    REQUIRE(first.status == 0);
    const std::vector<long> before = answers(db);
    REQUIRE(before[0] == 100);

    RunResult full = run("dossier-index", {"--db", db.string(), "--keep-deleted", "--batch-size",
                                           "100000", clean.corpus.string()});
    std::cout << "disk full: status " << full.status << ", stderr: " << full.err.substr(0, 300) << "\n";
    INFO("status " << full.status << "\nstdout: " << full.out << "\nstderr: " << full.err.substr(0, 3000));
    REQUIRE(full.status < 128);  // no crash
    CHECK(full.status == 2);
    CHECK(lines_of(full.err).size() == 1);
    CHECK_THAT(full.err, Catch::StartsWith("dossier-index: error: "));
    CHECK_THAT(full.err, Catch::Contains("space", Catch::CaseSensitive::No));
    // The last commit is intact and readable.
    CHECK(answers(db) == before);
}

}  // namespace
}  // namespace robustness
