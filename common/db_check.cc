#include "db_check.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "dossier/error.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

/// The system's reason in lower case ("permission denied"), to follow a colon.
std::string reason_of(int error) {
    std::string reason = std::strerror(error);
    if (!reason.empty() && reason[0] >= 'A' && reason[0] <= 'Z') reason[0] += 'a' - 'A';
    return reason;
}

/// 0 when this process (its effective ids, as the kernel will check them)
/// may access path in mode, else errno. Root passes whatever the mode bits
/// say, except on a read-only file system.
int access_error(const fs::path& path, int mode) {
    return ::faccessat(AT_FDCWD, path.c_str(), mode, AT_EACCESS) == 0 ? 0 : errno;
}

bool ends_with(const std::string& name, std::string_view suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Files Xapian keeps in a database folder (glass and chert backends),
/// including the leftovers of a creation that was cut short.
bool is_xapian_file(const std::string& name) {
    return name == "flintlock" || name == "iamglass" || name == "iamchert" ||
           ends_with(name, ".glass") || ends_with(name, ".DB") || ends_with(name, ".tmp") ||
           ends_with(name, ".baseA") || ends_with(name, ".baseB");
}

bool has_version_file(const fs::path& folder) {
    std::error_code ec;
    return fs::exists(folder / "iamglass", ec) || fs::exists(folder / "iamchert", ec);
}

[[noreturn]] void not_a_database(const std::string& db_path) {
    throw Error(db_path + " is not a Dossier database");
}

/// The status of db_path; false when it does not exist. Throws when it
/// cannot be looked at (a parent folder that may not be searched).
bool stat_database(const std::string& db_path, const char* verb, fs::file_status& status) {
    std::error_code ec;
    status = fs::status(db_path, ec);
    if (status.type() == fs::file_type::not_found) return false;
    if (ec) throw Error(std::string("cannot ") + verb + " the database " + db_path + ": " +
                        reason_of(ec.value()));
    return true;
}

}  // namespace

void check_database_readable(const std::string& db_path) {
    if (db_path.rfind("tcp://", 0) == 0) return;
    fs::file_status status;
    if (!stat_database(db_path, "read", status)) return;
    if (!fs::is_directory(status)) not_a_database(db_path);
    if (int error = access_error(db_path, R_OK | X_OK))
        throw Error("cannot read the database " + db_path + ": " + reason_of(error));
    if (!has_version_file(db_path)) not_a_database(db_path);
    std::error_code ec;
    for (fs::directory_iterator it(db_path, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == "flintlock" || ends_with(name, ".tmp") || !is_xapian_file(name)) continue;
        // A file a writer's commit replaced meanwhile is no problem.
        int error = access_error(it->path(), R_OK);
        if (error && error != ENOENT)
            throw Error("cannot read the database " + db_path + ": " + reason_of(error));
    }
}

void check_database_writable(const std::string& db_path) {
    fs::file_status status;
    if (!stat_database(db_path, "write", status)) {
        // The folder will be created in its nearest existing ancestor.
        fs::path parent = fs::absolute(fs::path(db_path)).lexically_normal();
        std::error_code ec;
        while (parent.has_relative_path() && !fs::exists(parent, ec)) parent = parent.parent_path();
        if (!fs::is_directory(parent, ec))
            throw Error("cannot create the database " + db_path + ": " + parent.string() +
                        " is not a folder");
        if (int error = access_error(parent, W_OK | X_OK))
            throw Error("cannot create the database " + db_path + ": " + reason_of(error));
        return;
    }
    if (!fs::is_directory(status)) not_a_database(db_path);
    if (int error = access_error(db_path, R_OK | W_OK | X_OK))
        throw Error("cannot write the database " + db_path + ": " + reason_of(error));
    const bool database = has_version_file(db_path);
    std::error_code ec;
    for (fs::directory_iterator it(db_path, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!is_xapian_file(name)) {
            if (database) continue;  // a user's note beside a database harms nothing
            not_a_database(db_path);
        }
        int error = access_error(it->path(), R_OK | W_OK);
        if (error && error != ENOENT)
            throw Error("cannot write the database " + db_path + ": " + reason_of(error));
    }
}

}  // namespace dossier
