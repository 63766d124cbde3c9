#pragma once
// Internal to libdossier: the document types Dossier knows, shared by the
// index side (detection, metadata) and the query side (type: filters).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

/// A type the detector produces, with the other names metadata may give it.
struct KnownType {
    std::string type;                  ///< As stored, e.g. "press-briefing".
    std::vector<std::string> aliases;  ///< e.g. "press briefing", "press conference".
};

/// The known types (those of TypeGuess::type) and their aliases, the list
/// README.md and docs/index-format.md show.
const std::vector<KnownType>& known_types();

/// The known type value names, or nullopt: value is folded with
/// fold_filter_value(), and hyphens, underscores and spaces are one, so
/// "Joint Statement", "joint_statement" and "joint-statement" all give
/// "joint-statement", "Communiqué" gives "communique" and "remarks"
/// gives "speech". A plural section name ("press-briefings") is none.
/// Never throws.
std::optional<std::string> known_type(std::string_view value);

}  // namespace dossier
