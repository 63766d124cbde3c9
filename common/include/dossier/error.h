#pragma once
/// @file error.h
/// The exceptions thrown by libdossier.

#include <stdexcept>
#include <string>

#include "dossier/export.h"

namespace dossier {

/// Base of every exception libdossier throws. what() is a one-line message
/// meant for people, naming the file, database or query concerned.
class DOSSIER_EXPORT Error : public std::runtime_error {
  public:
    /// Builds an error with a one-line message.
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// A query (text or filter option) that cannot be understood. Tools map it to
/// exit status 2 like other errors, but the message points at the query.
class DOSSIER_EXPORT QueryError : public Error {
  public:
    /// Builds an error with a one-line message naming the query problem.
    explicit QueryError(const std::string& message) : Error(message) {}
};

/// The database is locked by another writer.
class DOSSIER_EXPORT LockError : public Error {
  public:
    /// Builds an error with a one-line message naming the lock.
    explicit LockError(const std::string& message) : Error(message) {}
};

/// A file with nothing to index: empty, or holding only white space (once
/// inflated, for gzip data). Indexer::run counts such files as ignored
/// ("empty file"), not as failed.
class DOSSIER_EXPORT EmptyFileError : public Error {
  public:
    /// Builds an error with a one-line message ("empty file").
    explicit EmptyFileError(const std::string& message) : Error(message) {}
};

/// A document asked for by docid or path is not in the index.
class DOSSIER_EXPORT NotFoundError : public Error {
  public:
    /// Builds an error with a one-line message naming what was looked for.
    explicit NotFoundError(const std::string& message) : Error(message) {}
};

/// A read kept meeting a database that writers changed under it: every
/// attempt, on the latest revision, was overtaken by another commit. The
/// database itself is fine; the same call may succeed later.
class DOSSIER_EXPORT DatabaseChangedError : public Error {
  public:
    /// Builds an error with a one-line message naming the read that failed.
    explicit DatabaseChangedError(const std::string& message) : Error(message) {}
};

/// No database where one was asked for: the path does not exist, or it
/// holds no Xapian database. The tools suggest running dossier-index first.
class DOSSIER_EXPORT DatabaseNotFoundError : public Error {
  public:
    /// Builds an error with a one-line message naming the path.
    explicit DatabaseNotFoundError(const std::string& message) : Error(message) {}
};

/// Xapian found the database damaged (a table or its version file is
/// corrupt). Re-index into a new database or restore a copy.
class DOSSIER_EXPORT DatabaseCorruptError : public Error {
  public:
    /// Builds an error with a one-line message naming the database.
    explicit DatabaseCorruptError(const std::string& message) : Error(message) {}
};

/// A search ran past the time limit set with Searcher::set_time_limit().
/// Nothing is wrong with the query or the database: the same search may
/// fit a larger limit, or a narrower query may fit this one.
class DOSSIER_EXPORT TimeLimitError : public Error {
  public:
    /// Builds an error with a one-line message naming the limit.
    explicit TimeLimitError(const std::string& message) : Error(message) {}
};

}  // namespace dossier
