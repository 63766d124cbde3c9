#include "entities.h"

#include <algorithm>

#include "gazetteer.h"

namespace dossier {

void resolve_entities(Document& doc) {
    const Gazetteer& g = Gazetteer::builtin();
    Metadata& meta = doc.meta;
    std::vector<std::string> ids;
    auto add_id = [&](const std::string& id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };

    std::vector<std::string> countries;
    for (const std::string& given : meta.countries) {
        const Entity* e = g.lookup(given);
        std::string name = e ? e->name.text : given;
        if (e) add_id(e->id);
        if (std::find(countries.begin(), countries.end(), name) == countries.end())
            countries.push_back(std::move(name));
    }

    // A publisher that is an organisation of the gazetteer ("NATO", "G7")
    // is an entity of its documents.
    if (const Entity* e = g.lookup(meta.source)) add_id(e->id);

    std::vector<EntityHit> found = g.detect(meta.title);
    std::vector<EntityHit> in_text = g.detect(doc.text);
    found.insert(found.end(), in_text.begin(), in_text.end());
    for (const EntityHit& hit : found) add_id(hit.id);

    if (!countries.empty()) {
        meta.countries = std::move(countries);
        meta.countries_source = "metadata";
    } else {
        meta.countries.clear();
        for (const EntityHit& hit : found) {
            const Entity* e = g.find(hit.id);
            if (!e || e->kind != EntityKind::kCountry) continue;
            if (std::find(meta.countries.begin(), meta.countries.end(), e->name.text) == meta.countries.end())
                meta.countries.push_back(e->name.text);
        }
        meta.countries_source = meta.countries.empty() ? "" : "text";
    }
    meta.entities = std::move(ids);
}

}  // namespace dossier
