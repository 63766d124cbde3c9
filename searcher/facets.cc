#include "facets.h"

#include <utility>
#include <vector>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "dossier/searcher.h"

namespace dossier {

namespace {

/// The one list of facets: its order is that of facet_names() and of the
/// printed counts.
const std::pair<const char*, Xapian::valueno> kFacets[] = {
    {"year", schema::kSlotYear},
    {"type", schema::kSlotType},
    {"source", schema::kSlotSource},
    {"tag", schema::kSlotTags},
    {"country", schema::kSlotCountries},
    {"lang", schema::kSlotLanguage},
};

}  // namespace

const std::vector<std::string>& facet_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& facet : kFacets) out.emplace_back(facet.first);
        return out;
    }();
    return names;
}

std::string facet_list() {
    std::string out;
    const auto& names = facet_names();
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
        out += names[i];
    }
    return out;
}

Xapian::valueno facet_slot(const std::string& name) {
    for (const auto& [known, slot] : kFacets)
        if (name == known) return slot;
    throw QueryError("unknown facet '" + name + "': expected " + facet_list());
}

}  // namespace dossier
