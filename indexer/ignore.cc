#include "ignore.h"

#include <fnmatch.h>

#include <cstddef>

namespace dossier {

namespace {

std::vector<std::string> split_names(std::string_view path) {
    std::vector<std::string> names;
    std::size_t start = 0;
    for (;;) {
        std::size_t slash = path.find('/', start);
        std::string_view name = path.substr(start, slash == std::string_view::npos
                                                        ? std::string_view::npos
                                                        : slash - start);
        // "a//b" is "a/b", as in git.
        if (!name.empty()) names.emplace_back(name);
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return names;
}

/// Whether names[n...] of a path match pattern[p...]; "**" takes any
/// number of names, except at the end, where it takes at least one (so that
/// "a/**" is what is inside a, not a itself).
bool match_names(const std::vector<std::string>& pattern, std::size_t p,
                 const std::vector<std::string>& names, std::size_t n) {
    if (p == pattern.size()) return n == names.size();
    if (pattern[p] == "**") {
        if (p + 1 == pattern.size()) return n < names.size();
        for (std::size_t k = n; k <= names.size(); ++k)
            if (match_names(pattern, p + 1, names, k)) return true;
        return false;
    }
    // No FNM_PATHNAME is needed (names hold no "/") and no FNM_PERIOD:
    // in gitignore "*" matches a leading dot too.
    return n < names.size() && ::fnmatch(pattern[p].c_str(), names[n].c_str(), 0) == 0 &&
           match_names(pattern, p + 1, names, n + 1);
}

}  // namespace

void IgnoreRules::add(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // Trailing spaces go unless escaped ("name\ ").
    while (!line.empty() && line.back() == ' ' &&
           !(line.size() >= 2 && line[line.size() - 2] == '\\'))
        line.remove_suffix(1);
    if (line.empty() || line.front() == '#') return;
    Pattern pattern;
    if (line.front() == '!') {
        pattern.negated = true;
        line.remove_prefix(1);
    }
    if (!line.empty() && line.back() == '/') {
        pattern.folders_only = true;
        while (!line.empty() && line.back() == '/') line.remove_suffix(1);
    }
    pattern.anchored = line.find('/') != std::string_view::npos;
    pattern.names = split_names(line);
    if (pattern.names.empty()) return;  // "/" or "!" alone
    // fnmatch reads "\#" and "\!" as the characters themselves already.
    patterns_.push_back(std::move(pattern));
}

void IgnoreRules::add_lines(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        add(text.substr(start, end - start));
        start = end + 1;
    }
}

IgnoreMatch IgnoreRules::match(std::string_view relative, bool is_folder) const {
    const std::vector<std::string> names = split_names(relative);
    if (names.empty()) return IgnoreMatch::kNone;
    const std::vector<std::string> last{names.back()};
    for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
        if (it->folders_only && !is_folder) continue;
        // A pattern without "/" is about the name alone, at any depth.
        bool matched = it->anchored ? match_names(it->names, 0, names, 0)
                                    : match_names(it->names, 0, last, 0);
        if (matched) return it->negated ? IgnoreMatch::kIncluded : IgnoreMatch::kExcluded;
    }
    return IgnoreMatch::kNone;
}

}  // namespace dossier
