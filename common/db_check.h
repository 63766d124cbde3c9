#pragma once
// Checks both tools make on a database folder before Xapian opens it, so
// that a permission problem or a --db that is not a database gets a message
// naming the cause and the path rather than Xapian's own ("Bad line", or a
// lock that would never be released).

#include <string>

namespace dossier {

/// Throws dossier::Error with a one-line message when db_path cannot be
/// opened for reading: "cannot read the database DB: permission denied"
/// (the folder or one of its files), or "DB is not a Dossier database" (a
/// file, or a folder without a Xapian database). Does nothing for a path
/// that does not exist (the caller says so) or a remote "tcp://" one.
void check_database_readable(const std::string& db_path);

/// Throws dossier::Error with a one-line message when db_path cannot be
/// created or written: "cannot create the database DB: permission denied"
/// (its nearest existing parent is not writable), "cannot write the
/// database DB: permission denied" or "...: read-only file system" (the
/// folder or one of its files), or "DB is not a Dossier database" (a file,
/// or a folder of other files, which a new database must not litter). A
/// missing folder, an empty one and one holding only Xapian's files pass.
void check_database_writable(const std::string& db_path);

}  // namespace dossier
