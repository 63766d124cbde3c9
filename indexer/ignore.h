#pragma once
// IgnoreRules: the patterns of a .dossierignore file, or of --exclude, in
// gitignore syntax, and whether a path matches them.

#include <string>
#include <string_view>
#include <vector>

namespace dossier {

/// Name of the ignore files read in every folder the indexer walks.
inline constexpr std::string_view kIgnoreFileName = ".dossierignore";

/// What a set of rules says about one path.
enum class IgnoreMatch {
    kNone,      ///< No pattern matches: the rules of outer folders decide.
    kExcluded,  ///< The last matching pattern excludes the path.
    kIncluded,  ///< The last matching pattern is a "!" pattern re-including it.
};

/// Patterns in gitignore syntax, relative to one folder (the folder of the
/// ignore file, or a root for --exclude): blank lines and lines starting
/// with "#" are skipped; "!" negates; a trailing "/" matches folders only;
/// a pattern with no "/" but a trailing one matches a name at any depth,
/// one with a "/" (a leading "/" included) is anchored to the folder; "*",
/// "?" and "[...]" match within one name (fnmatch(3)), "**" matches any
/// number of folders ("**/x", "a/**/b"; "a/**" everything inside a);
/// "\" escapes the next character; unescaped trailing spaces are dropped.
/// The last pattern matching a path decides.
class IgnoreRules {
  public:
    /// Adds the pattern of one line; blank and comment lines add nothing.
    void add(std::string_view line);

    /// Adds the pattern of every line of text ("\n" or "\r\n" endings).
    void add_lines(std::string_view text);

    /// True when no pattern was added.
    bool empty() const { return patterns_.empty(); }

    /// What the rules say about relative, a path relative to the rules'
    /// folder with "/" between names and no leading "/" (as "a/b.md");
    /// is_folder tells whether it names a folder.
    IgnoreMatch match(std::string_view relative, bool is_folder) const;

  private:
    struct Pattern {
        std::vector<std::string> names;  // split on "/"; "**" stands alone
        bool negated = false;
        bool folders_only = false;
        bool anchored = false;  // matched against the whole relative path
    };

    std::vector<Pattern> patterns_;
};

}  // namespace dossier
