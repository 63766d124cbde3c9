#pragma once
// Helpers shared by every test binary: temporary folders and whole files.

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace dossier_test {

/// A fresh folder under the system temporary directory, removed with its
/// contents when the object dies, even when a test made some of them
/// unreadable.
class TempDir {
  public:
    TempDir() {
        static std::atomic<int> counter{0};
        std::random_device random;
        for (;;) {
            std::filesystem::path candidate =
                std::filesystem::temp_directory_path() /
                ("dossier-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                 std::to_string(random()));
            if (std::filesystem::create_directory(candidate)) {
                path_ = candidate;
                return;
            }
        }
    }
    ~TempDir() {
        namespace fs = std::filesystem;
        std::error_code ignored;
        // Give back the permissions tests took away so removal succeeds.
        for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied,
                                                        ignored);
             it != fs::recursive_directory_iterator(); it.increment(ignored)) {
            if (ignored) break;
            if (!it->is_symlink(ignored))
                fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
        }
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::string str() const { return path_.string(); }
    std::filesystem::path operator/(const std::filesystem::path& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

/// The whole content of a file ("" when it cannot be read).
inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// Writes data to path, replacing it. Throws std::runtime_error when it
/// cannot, so that the test fails there.
inline void write_file(const std::filesystem::path& path, const std::string& data) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << data;
    if (!out.good()) throw std::runtime_error("cannot write " + path.string());
}

}  // namespace dossier_test
