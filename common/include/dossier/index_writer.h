#pragma once
/// @file index_writer.h
/// IndexWriter: adds, replaces and deletes documents in a Xapian database.

#include <map>
#include <memory>
#include <string>

#include <xapian.h>

#include "dossier/document.h"

namespace dossier {

/// What the index knows about one stored document, for incremental runs.
struct IndexedEntry {
    Xapian::docid docid = 0;  ///< Xapian document id.
    std::string signature;    ///< File signature stored at indexing time.
};

/// Writes Documents into a Xapian database following schema.h.
/// Not thread-safe; one IndexWriter per database at a time (Xapian's lock).
class IndexWriter {
  public:
    /// Opens the database at db_path for writing, creating it (and its
    /// folder) when missing. Throws dossier::LockError when another writer
    /// holds the lock, dossier::Error when the path cannot be created or
    /// opened or holds a database of another schema version.
    explicit IndexWriter(const std::string& db_path);

    /// Commits pending changes (errors are swallowed: call commit() first to
    /// see them) and releases the lock.
    ~IndexWriter();

    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    /// Adds doc, replacing any document with the same key. signature is
    /// stored for later incremental runs (may be empty). Returns the docid.
    /// Throws dossier::Error on a database error.
    Xapian::docid add(const Document& doc, const std::string& signature = {});

    /// Deletes the document with this key; returns false when there was none.
    bool remove(const std::string& key);

    /// Makes every change so far durable. Throws dossier::Error (for example
    /// when the disk is full); the previously committed state stays intact.
    void commit();

    /// Every document that has a path, keyed by path, with its signature.
    std::map<std::string, IndexedEntry> indexed_files() const;

    /// Number of documents in the database, including uncommitted changes.
    Xapian::doccount doc_count() const;

    /// The underlying database, for readers that share this writer.
    Xapian::WritableDatabase& database() { return db_; }

  private:
    std::string db_path_;
    Xapian::WritableDatabase db_;
    Xapian::TermGenerator termgen_;
};

/// The unique-id term of a document key (kPrefixId + key, or + a hash when
/// the key is too long for a term).
std::string id_term(const std::string& key);

/// Serialises a document's metadata and compressed text into the document
/// data blob (format described in docs/index-format.md).
std::string encode_document_data(const Document& doc);

/// Inverse of encode_document_data(). with_text=false skips inflating the
/// text. Throws dossier::Error on a corrupt blob.
Document decode_document_data(const std::string& data, bool with_text = true);

}  // namespace dossier
