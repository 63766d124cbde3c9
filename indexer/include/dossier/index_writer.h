#pragma once
/// @file index_writer.h
/// IndexWriter: adds, replaces and deletes documents in a Xapian database.

#include <map>
#include <memory>
#include <string>

#include <xapian.h>

#include "dossier/export.h"
#include "dossier/document.h"
#include "dossier/schema.h"

namespace dossier {

/// What the index knows about one stored document, for incremental runs.
struct IndexedEntry {
    Xapian::docid docid = 0;  ///< Xapian document id.
    std::string signature;    ///< File signature stored at indexing time.
};

/// A document in its Xapian form, built by DocumentBuilder and ready to be
/// written by IndexWriter::add(const PreparedDocument&).
struct PreparedDocument {
    std::string id_term;    ///< Unique id term (id_term() of the key).
    std::string key;        ///< The document key, for error messages.
    Xapian::Document xdoc;  ///< Terms, values and data following schema.h.
};

/// Turns Documents into Xapian documents following schema.h (terms with
/// positions and stems, filter terms, value slots, compressed data). Owns a
/// Xapian::TermGenerator: use one builder per thread. Documents it returns
/// share nothing with it and may be handed to another thread.
class DOSSIER_EXPORT DocumentBuilder {
  public:
    /// Sets up the term generator (English stemmer, STEM_SOME).
    DocumentBuilder();

    /// Builds the Xapian form of doc; signature is stored for incremental
    /// runs (may be empty). Throws dossier::Error on oversize input.
    PreparedDocument build(const Document& doc, const std::string& signature = {});

  private:
    Xapian::TermGenerator termgen_;
    Xapian::Stem stemmer_{schema::kStemLanguage};
};

/// Settings of an IndexWriter.
struct IndexWriterOptions {
    /// IndexWriter::add(const Document&) completes the metadata a document
    /// leaves out (date, type, title, countries) from its text, as the
    /// indexer does for files and JSON lines. false keeps the metadata as
    /// given (still tidied, with countries and entities resolved).
    bool detect_metadata = true;
};

/// Writes Documents into a Xapian database following schema.h.
///
/// Threads: not thread-safe; one IndexWriter per database at a time
/// (Xapian's write lock), used from one thread at a time. Searchers in
/// other threads or processes may read the database meanwhile and see each
/// commit. Move-only: moving hands over the lock.
///
/// Exceptions: every member throws only dossier exceptions (LockError,
/// DatabaseCorruptError, Error), as each member says.
class DOSSIER_EXPORT IndexWriter {
  public:
    /// Opens the database at db_path for writing, creating it (and its
    /// folder) when missing. Throws dossier::LockError when another writer
    /// holds the lock, dossier::Error when the path cannot be created or
    /// opened (naming the permission this process lacks), is a file or a
    /// folder of other files ("... is not a Dossier database"), or holds a
    /// database of another schema version.
    explicit IndexWriter(const std::string& db_path);

    /// As above, with options.
    IndexWriter(const std::string& db_path, const IndexWriterOptions& options);

    /// Commits pending changes (errors are swallowed: call commit() first to
    /// see them) and releases the lock.
    ~IndexWriter();

    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;
    /// Takes over other's database and lock; other may only be destroyed or
    /// assigned to afterwards.
    IndexWriter(IndexWriter&& other) noexcept;
    /// Commits this writer's changes (errors swallowed), releases its lock
    /// and takes over other's database and lock.
    IndexWriter& operator=(IndexWriter&& other) noexcept;

    /// Adds doc, replacing any document with the same key, after
    /// normalising a copy of it exactly as the indexer normalises files and
    /// JSON lines: invalid UTF-8 repaired, the text cleaned, the metadata
    /// tidied and the type folded ("Wire Story" -\> "wire story"),
    /// countries and organisations resolved with the gazetteer ("DPRK" is
    /// stored as "North Korea" with the entity north-korea), and, unless
    /// IndexWriterOptions::detect_metadata is false, missing metadata
    /// detected from the text. Files and in-memory documents may share one
    /// writer and one commit. signature is stored for later incremental
    /// runs (may be empty). Returns the docid. Throws dossier::Error when
    /// doc.key is empty or blank, or on a database error.
    Xapian::docid add(const Document& doc, const std::string& signature = {});

    /// Adds a document built by a DocumentBuilder, replacing any document
    /// with the same id term. Returns the docid. Throws dossier::Error on a
    /// database error.
    Xapian::docid add(const PreparedDocument& prepared);

    /// Deletes the document with this key; returns false when there was
    /// none. Throws dossier::Error on a database error.
    bool remove(const std::string& key);

    /// Makes every change so far durable. Throws dossier::Error (for example
    /// when the disk is full); the previously committed state stays intact.
    void commit();

    /// Every document that has a path, keyed by path, with its signature.
    /// Throws dossier::Error on a database error.
    std::map<std::string, IndexedEntry> indexed_files() const;

    /// Number of documents in the database, including uncommitted changes.
    /// Throws dossier::Error on a database error.
    Xapian::doccount doc_count() const;

    /// The underlying database, for readers that share this writer.
    Xapian::WritableDatabase& database() { return db_; }

  private:
    std::string db_path_;
    IndexWriterOptions options_;
    Xapian::WritableDatabase db_;
    DocumentBuilder builder_;
};

/// Brings db's spelling dictionary (the source of "Did you mean"
/// suggestions) in line with its vocabulary: every unprefixed, unstemmed
/// term of 3 to 32 lower-case letters, with its document frequency. One pass
/// over the term list, so it costs far less than adding words per document;
/// call it once at the end of a run that changed documents. Does not
/// commit. Throws dossier::Error on a database error.
DOSSIER_EXPORT void sync_spelling(Xapian::WritableDatabase& db);

}  // namespace dossier
