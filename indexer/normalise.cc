#include "normalise.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "dossier/error.h"
#include "detect.h"
#include "entities.h"
#include "gazetteer.h"
#include "language_detect.h"
#include "metadata.h"
#include "text.h"

namespace dossier {

void tidy_metadata(Metadata& meta) {
    meta.title = one_line(repair_utf8(meta.title));
    meta.type = normalise_type(meta.type);
    meta.source = one_line(repair_utf8(meta.source));
    meta.url = trim(repair_utf8(meta.url));
    for (auto* list : {&meta.authors, &meta.countries, &meta.tags}) {
        std::vector<std::string> tidy;
        for (const std::string& item : *list) {
            std::string value = one_line(repair_utf8(item));
            if (!value.empty()) tidy.push_back(std::move(value));
        }
        *list = std::move(tidy);
    }
    resolve_metadata_type(meta);
}

void normalise_document(Document& doc, bool detect) {
    // Two documents without a key would share the id term of "": the
    // second would silently replace the first.
    if (trim(doc.key).empty())
        throw Error("cannot index a document without a key: set Document::key to a unique string "
                    "(a file's path, or any name such as \"notes:42\")");
    doc.key = repair_utf8(doc.key);
    doc.text = clean_text(doc.text);
    if (doc.format.empty()) doc.format = "text";

    Metadata& meta = doc.meta;
    tidy_metadata(meta);
    meta.title = std::string(cut_utf8(meta.title, 4 * kMaxTitleBytes));
    if (meta.date.is_dated() && meta.date_source.empty()) meta.date_source = "metadata";
    if (!meta.type.empty() && meta.type_source.empty()) meta.type_source = "metadata";
    if (!meta.title.empty() && meta.title_source.empty()) meta.title_source = "metadata";
    if (meta.title.empty()) {
        meta.title = first_line_title(doc.text);
        meta.title_source = meta.title.empty() ? "" : "first-line";
    }
    // Countries detected in the text last time are detected again, not
    // taken as given: normalising twice changes nothing.
    if (meta.countries_source == "text") meta.countries.clear();
    if (detect) detect_metadata(doc, "");
    if (meta.language_source.empty()) detect_document_language(doc);

    // Entities the caller gave (ids or any name of the gazetteer) stay.
    std::vector<std::string> given;
    for (const std::string& entity : meta.entities) {
        std::string value = one_line(repair_utf8(entity));
        if (value.empty()) continue;
        const Entity* e = Gazetteer::builtin().lookup(value);
        given.push_back(e ? e->id : value);
    }
    resolve_entities(doc);
    for (std::string& id : given)
        if (std::find(meta.entities.begin(), meta.entities.end(), id) == meta.entities.end())
            meta.entities.push_back(std::move(id));
}

}  // namespace dossier
