#pragma once
/// @file indexer.h
/// Indexer: walks folders, extracts files and keeps an index up to date.

#include <atomic>
#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dossier/document.h"
#include "dossier/export.h"
#include "dossier/ocr.h"

namespace dossier {

/// Settings of an indexing run.
struct IndexerOptions {
    std::string db_path;           ///< Database folder (created when missing).
    bool full = false;             ///< Re-index every file, changed or not.
    bool keep_deleted = false;     ///< Keep documents whose files are gone.
    std::size_t batch_size = 2000; ///< Documents between two commits.
    /// Worker threads that read, extract and tokenise files (and, when
    /// building a new database, write its shards). 0 means one per
    /// hardware thread (std::thread::hardware_concurrency()).
    unsigned threads = 0;
    /// Approximate bound, in MiB, on the memory taken by documents not yet
    /// written to disk: a shard (new database) or a batch (update) is
    /// written out as soon as the text it holds reaches
    /// memory_mb / (workers * kIndexMemoryPerTextByte) bytes, whichever of
    /// that and batch_size comes first. Peak resident memory of a run stays
    /// near this figure plus about 30 MiB of code and buffers.
    std::size_t memory_mb = 256;
    /// Patterns in gitignore syntax (as in a .dossierignore file), relative
    /// to each root folder, excluding what they match. They are read after
    /// every .dossierignore file, so they take precedence (a "!" pattern
    /// here can re-include a file an ignore file excludes).
    std::vector<std::string> exclude;
    /// Read PDF pages without a text layer with OCR (OcrOptions), the text
    /// of each page cached in the database by a hash of the rendered page,
    /// so that no page is read twice.
    bool ocr = true;
    /// When not null and set to true (e.g. from a signal handler), the run
    /// stops after the current file, commits what it has and returns with
    /// IndexReport::interrupted set. Not owned.
    const std::atomic<bool>* cancel = nullptr;
};

/// Bytes of memory Xapian and the pipeline take while indexing one byte of
/// extracted text (measured; used to turn IndexerOptions::memory_mb into
/// shard and batch sizes).
inline constexpr std::size_t kIndexMemoryPerTextByte = 24;

/// A file that could not be indexed.
struct IndexFailure {
    std::string path;    ///< The file (or folder) concerned.
    std::string reason;  ///< One line saying why.
};

/// Counts of an indexing run.
struct IndexReport {
    std::uint64_t added = 0;      ///< New documents.
    std::uint64_t updated = 0;    ///< Documents re-indexed because their file changed.
    std::uint64_t unchanged = 0;  ///< Files skipped as unchanged.
    std::uint64_t removed = 0;    ///< Documents deleted because their file is gone.
    std::uint64_t failed = 0;     ///< Files that could not be indexed.
    /// Files not indexed on purpose: excluded (each excluded folder counts
    /// once), empty, of a format Dossier does not read, special files and
    /// links leaving the roots. Broken down in ignored_reasons.
    std::uint64_t ignored = 0;
    /// How many were ignored for each reason: "excluded" (a file matched by
    /// a .dossierignore pattern or IndexerOptions::exclude), "excluded
    /// folder", "empty file" (empty or white space only), "unknown format",
    /// "not a regular file", "link outside the roots". Reasons with no file
    /// are absent; the counts add up to ignored.
    std::map<std::string, std::uint64_t> ignored_reasons;
    std::uint64_t bytes = 0;      ///< Bytes of input read from disk.
    double seconds = 0;           ///< Wall time of the run.
    std::uint64_t documents = 0;  ///< Documents in the database afterwards.
    std::string db_path;          ///< The database written.
    bool interrupted = false;     ///< The run was cancelled; work so far is committed.
    std::vector<IndexFailure> failures;  ///< One entry per failed file.
    OcrCounts ocr;  ///< PDF pages read by OCR, taken from its cache, or not read.
    /// Pages OCR could not read in files that were indexed (their other
    /// pages are); a file none of whose pages could be read is a failure.
    std::vector<OcrPageFailure> ocr_failures;
};

/// Progress of a run, passed to IndexObserver::on_progress.
struct IndexProgress {
    std::uint64_t done = 0;   ///< Files handled so far.
    std::uint64_t total = 0;  ///< Files found by the walk.
    double seconds = 0;       ///< Time since the run started.
    std::uint64_t ocr_pages = 0;  ///< PDF pages read by OCR or taken from its cache so far.
};

/// Receives events of a run; the library never prints, the tools do.
/// Default implementations ignore everything.
class DOSSIER_EXPORT IndexObserver {
  public:
    virtual ~IndexObserver() = default;
    /// Called once the walk has counted the files, then at most a few
    /// times per second while they are processed, and once at the end.
    virtual void on_progress(const IndexProgress& /*progress*/) {}
    /// Called once per failed file, as it fails.
    virtual void on_failure(const IndexFailure& /*failure*/) {}
};

/// Indexes files and folders into one database.
class DOSSIER_EXPORT Indexer {
  public:
    /// Stores the options; opens nothing yet.
    explicit Indexer(IndexerOptions options) : options_(std::move(options)) {}

    /// Walks roots (files or folders; hidden entries skipped; symbolic links
    /// followed only when they stay inside the roots, and never in a loop;
    /// what a .dossierignore file of a root folder or of a folder below, or
    /// options.exclude, matches is skipped and counted as ignored, and an
    /// excluded folder is not entered), indexes new and changed files
    /// (counting empty ones as ignored), skips unchanged ones, removes
    /// documents of vanished files under the roots unless keep_deleted, and
    /// those of excluded or emptied files in any case, committing every
    /// batch_size documents and at the end. Files are read, extracted
    /// and tokenised on options.threads workers. When the database holds no
    /// document, the workers each build shard databases in a temporary
    /// folder beside it, which are then merged by compaction and put in its
    /// place; otherwise one writer applies the changes in walk order. Either
    /// way the result (documents, their ids, terms, values) is that of
    /// indexing the files one by one in sorted path order. A run that
    /// added, updated or removed documents brings the spelling dictionary
    /// up to date (sync_spelling()) before its last commit. observer may be
    /// null and is not owned; it is called on the calling thread only.
    /// Throws dossier::LockError / dossier::Error for fatal errors (database
    /// locked, not writable by this process or not a Dossier database, a
    /// root that does not exist); per-file problems (an unreadable ignore
    /// file included) go into the report instead.
    IndexReport run(const std::vector<std::string>& roots,
                    IndexObserver* observer = nullptr);

  private:
    IndexerOptions options_;
};


/// Prefix of the key of every document read from JSON lines: the document
/// with "id": "42" has key "jsonl:42" (and no path).
inline constexpr std::string_view kJsonlKeyPrefix = "jsonl:";

/// Parses one JSON document such as
/// `{"id": "r-17", "title": "...", "date": "2019-06", "text": "..."}`.
/// Members: id (non-empty string or integer; required), text (string,
/// required, not blank), title, date (YYYY, YYYY-MM, YYYY-MM-DD or an ISO
/// timestamp; "" or null for undated), type, source, url (strings), authors,
/// countries (lists of strings, or one string split on ';' else ',').
/// Unknown members are ignored. The result has key kJsonlKeyPrefix + id, no
/// path, format "text", the text cleaned as for files, the type folded and
/// the title falling back to the first line of the text. Date, type and
/// countries the line does not give are detected in the text
/// (detect_metadata(), resolve_entities()), as for files.
/// Throws dossier::Error with a one-line reason for a line that is not a
/// JSON object or a member that is missing, of the wrong type or invalid.
DOSSIER_EXPORT Document parse_document_line(std::string_view line);

/// Indexes the documents given as JSON lines on in (see
/// parse_document_line()) into options.db_path, replacing any earlier
/// document with the same id, committing every options.batch_size
/// documents and at the end, and brings the spelling dictionary up to date
/// as Indexer::run() does. Blank lines are skipped. A bad line is a
/// failure with path "stdin line N" (N counting from 1), reported to
/// observer (may be null; not owned) and counted in IndexReport::failed; the
/// run goes on. bytes counts the bytes read. options.full and
/// options.keep_deleted have no effect; options.cancel is honoured between
/// lines. Throws dossier::LockError / dossier::Error when the database
/// cannot be opened or written, and dossier::Error when reading in fails.
DOSSIER_EXPORT IndexReport index_json_lines(std::istream& in, const IndexerOptions& options,
                             IndexObserver* observer = nullptr);

}  // namespace dossier
