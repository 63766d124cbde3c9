#include "facets.h"

#include <vector>

#include "dossier/error.h"
#include "dossier/schema.h"
#include "dossier/searcher.h"

namespace dossier {

namespace {

struct FacetRow {
    Facet facet;
    const char* name;
    Xapian::valueno slot;
};

/// The one list of facets: its order is that of all_facets(),
/// facet_names() and of the printed counts. A new facet is a Facet value
/// and a row here.
const FacetRow kFacets[] = {
    {Facet::kYear, "year", schema::kSlotYear},
    {Facet::kType, "type", schema::kSlotType},
    {Facet::kSource, "source", schema::kSlotSource},
    {Facet::kTag, "tag", schema::kSlotTags},
    {Facet::kCountry, "country", schema::kSlotCountries},
    {Facet::kLang, "lang", schema::kSlotLanguage},
};

const FacetRow& row_of(Facet facet) {
    for (const auto& row : kFacets)
        if (row.facet == facet) return row;
    return kFacets[0];  // unreachable: every Facet has a row
}

}  // namespace

const std::string& facet_name(Facet facet) {
    static const std::vector<std::string>& names = facet_names();
    return names[static_cast<std::size_t>(&row_of(facet) - kFacets)];
}

Facet parse_facet(std::string_view name) {
    for (const auto& row : kFacets)
        if (name == row.name) return row.facet;
    throw QueryError("unknown facet '" + std::string(name) + "': expected " + facet_list());
}

const std::vector<Facet>& all_facets() {
    static const std::vector<Facet> facets = [] {
        std::vector<Facet> out;
        for (const auto& row : kFacets) out.push_back(row.facet);
        return out;
    }();
    return facets;
}

const std::vector<std::string>& facet_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& row : kFacets) out.emplace_back(row.name);
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

Xapian::valueno facet_slot(Facet facet) { return row_of(facet).slot; }

}  // namespace dossier
