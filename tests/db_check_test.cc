// The checks both tools make on a database before Xapian opens it.

#include "db_check.h"

#include <unistd.h>

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "dossier/error.h"
#include "test_util.h"

namespace fs = std::filesystem;
using dossier::check_database_readable;
using dossier::check_database_writable;
using dossier_test::TempDir;
using dossier_test::write_file;

TEST_CASE("a file or a folder of other files is not a Dossier database", "[db_check]") {
    TempDir dir;
    const std::string file = (dir / "notes.md").string();
    write_file(file, "# Notes\n");
    CHECK_THROWS_WITH(check_database_readable(file), file + " is not a Dossier database");
    CHECK_THROWS_WITH(check_database_writable(file), file + " is not a Dossier database");

    const std::string folder = (dir / "documents").string();
    fs::create_directory(folder);
    write_file(fs::path(folder) / "report.md", "# Report\n");
    CHECK_THROWS_WITH(check_database_readable(folder), folder + " is not a Dossier database");
    // A new database must not be created among someone's documents.
    CHECK_THROWS_WITH(check_database_writable(folder), folder + " is not a Dossier database");

    const std::string empty = (dir / "empty").string();
    fs::create_directory(empty);
    CHECK_THROWS_WITH(check_database_readable(empty), empty + " is not a Dossier database");
    CHECK_NOTHROW(check_database_writable(empty));
}

TEST_CASE("a database, a missing folder and a remote one pass the checks", "[db_check]") {
    TempDir dir;
    const std::string db = (dir / "db").string();
    Xapian::WritableDatabase(db, Xapian::DB_CREATE_OR_OPEN).commit();
    CHECK_NOTHROW(check_database_readable(db));
    CHECK_NOTHROW(check_database_writable(db));
    // A note beside the database's files harms nothing.
    write_file(fs::path(db) / "NOTES", "kept by hand\n");
    CHECK_NOTHROW(check_database_writable(db));

    const std::string missing = (dir / "new" / "db").string();
    CHECK_NOTHROW(check_database_readable(missing));  // the searcher says "no database"
    CHECK_NOTHROW(check_database_writable(missing));
    CHECK_NOTHROW(check_database_readable("tcp://localhost:1"));

    const std::string under_file = (dir / "notes.md" / "db").string();
    write_file(dir / "notes.md", "x\n");
    CHECK_THROWS_WITH(check_database_writable(under_file),
                      "cannot create the database " + under_file + ": " + (dir / "notes.md").string() +
                          " is not a folder");
}

TEST_CASE("a database this process may not write or read is named with the cause",
          "[db_check]") {
    // Root may write whatever the mode bits say: the tools' end-to-end tests
    // check this case as another user instead.
    if (::geteuid() == 0) {
        WARN("SKIPPED: root ignores permission bits");
        return;
    }
    TempDir dir;
    const std::string db = (dir / "db").string();
    Xapian::WritableDatabase(db, Xapian::DB_CREATE_OR_OPEN).commit();
    fs::permissions(db, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_WITH(check_database_writable(db),
                      "cannot write the database " + db + ": permission denied");
    CHECK_NOTHROW(check_database_readable(db));
    fs::permissions(db, fs::perms::none);
    CHECK_THROWS_WITH(check_database_readable(db),
                      "cannot read the database " + db + ": permission denied");

    const std::string parent = (dir / "locked").string();
    fs::create_directory(parent);
    fs::permissions(parent, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_WITH(check_database_writable(parent + "/db"),
                      "cannot create the database " + parent + "/db: permission denied");
}
