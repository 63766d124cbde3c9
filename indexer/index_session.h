#pragma once
// IndexSession: the one writer session that files (Indexer::run) and JSON
// lines (index_json_lines) go through, so that both commit, count, report
// and keep the spelling dictionary alike.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>

#include "dossier/index_writer.h"
#include "dossier/indexer.h"

namespace dossier {

/// One indexing run's hold on its database: owns the IndexWriter (and so
/// the lock), commits every options.batch_size documents (or sooner, once
/// the text written since the last commit reaches the text budget), counts
/// added, updated and removed documents, collects failures into the
/// IndexReport and, at finish(), brings the spelling dictionary up to date
/// when the run changed documents. Not thread-safe: use it from the thread
/// that runs the indexing only.
class IndexSession {
  public:
    /// Opens (or creates) options.db_path for writing and starts the run's
    /// clock. observer may be null and is not owned; options must outlive
    /// the session. Throws dossier::LockError when another writer holds the
    /// database, dossier::Error when it cannot be opened.
    IndexSession(const IndexerOptions& options, IndexObserver* observer);

    IndexSession(const IndexSession&) = delete;
    IndexSession& operator=(const IndexSession&) = delete;

    /// Also commits once the text of the documents added since the last
    /// commit reaches bytes (default: no limit, batch_size alone decides).
    void set_text_budget(std::size_t bytes) { text_budget_ = bytes; }

    /// The writer, for what the session does not do itself (reading the
    /// indexed files, copying the database's metadata).
    IndexWriter& writer() { return *writer_; }

    /// The observer given to the constructor, or one that ignores all.
    IndexObserver& observer() { return *observer_; }

    /// The report being built, for the counts only the caller knows (bytes,
    /// unchanged, ignored, interrupted).
    IndexReport& report() { return report_; }

    /// When the run started.
    std::chrono::steady_clock::time_point started() const { return start_; }

    /// True, with the report marked interrupted, when options.cancel is set.
    bool check_cancel();

    /// Adds (or replaces) a built document, counting it as updated when
    /// known (the index had a document with its key) and as added
    /// otherwise, then commits when the batch or the text budget is full.
    /// text_bytes is the size of the document's text. Throws dossier::Error
    /// when the database refuses the document or the commit; the document
    /// is counted all the same when only the commit failed.
    void add(const PreparedDocument& prepared, bool known, std::size_t text_bytes);

    /// Builds doc (with no signature) and adds it as above, finding out
    /// whether the index already knows its key. doc must be normalised
    /// already (normalise_document()), as the JSON-lines reader does.
    void add(const Document& doc);

    /// Counts documents that reached the database behind the writer's back
    /// (shards merged into it) as added.
    void count_added(std::uint64_t documents) { report_.added += documents; }

    /// Counts files ignored for reason (see IndexReport::ignored_reasons).
    void count_ignored(const std::string& reason, std::uint64_t files = 1) {
        report_.ignored += files;
        report_.ignored_reasons[reason] += files;
    }

    /// Deletes the document with this key, counting it as removed; false
    /// when there was none.
    bool remove(const std::string& key);

    /// Tells the observer of a failure and adds it to the report.
    void fail(IndexFailure failure);

    /// Adds to the report a failure the observer has already been told of.
    void record_failure(IndexFailure failure) { report_.failures.push_back(std::move(failure)); }

    /// Closes the writer (releasing the lock), calls exchange, which puts
    /// another database in place of options.db_path, and opens a writer on
    /// the new one. Throws what exchange throws, and dossier::LockError /
    /// dossier::Error when the database cannot be opened again.
    void replace_database(const std::function<void()>& exchange);

    /// Makes every change so far durable and starts a new batch. Throws
    /// dossier::Error.
    void commit();

    /// Ends the run: syncs the spelling dictionary when documents were
    /// added, updated or removed, commits, and returns the report with its
    /// failure count, document count, database and time filled in. Throws
    /// dossier::Error on a database error. Call it once, last.
    IndexReport finish();

  private:
    /// Counts a document just written and commits when the batch is full.
    void added(bool known, std::size_t text_bytes);

    const IndexerOptions& options_;
    IndexObserver quiet_;
    IndexObserver* observer_;
    std::chrono::steady_clock::time_point start_;
    std::unique_ptr<IndexWriter> writer_;
    DocumentBuilder builder_;
    IndexReport report_;
    std::size_t text_budget_ = std::numeric_limits<std::size_t>::max();
    std::size_t pending_ = 0;        // documents added since the last commit
    std::size_t pending_bytes_ = 0;  // their text
};

}  // namespace dossier
