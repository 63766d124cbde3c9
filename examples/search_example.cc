// libdossier in brief: index a document built in memory, then search for it.
// Usage: search_example DB_FOLDER   (the database is created when missing)
#include <iostream>

#include <dossier/dossier.h>

int main(int argc, char** argv) {
    if (argc != 2) return std::cerr << "usage: search_example DB_FOLDER\n", 2;
    try {
        {
            dossier::IndexWriter writer(argv[1]);  // takes the write lock
            dossier::Document doc;
            doc.key = "example:washington-2024";    // replaces any earlier version
            doc.meta.title = "Washington Summit Declaration";
            doc.meta.date = dossier::Date::parse("2024-07-10").value();
            doc.meta.type = "declaration";
            doc.meta.countries = {"China", "Ukraine"};
            doc.text = "China has become a decisive enabler of the war against Ukraine.";
            writer.add(doc);
            writer.commit();
        }  // the lock is released here
        dossier::Searcher searcher({argv[1]});
        dossier::SearchRequest request;
        request.query.text = "China enabler";
        request.query.filters.since = dossier::Date::parse_or_throw("2020");
        request.counting.facets = {dossier::Facet::kCountry};
        dossier::SearchResults results = searcher.search(request);
        std::cout << "matches: " << results.total << "\n";
        for (const dossier::Hit& hit : results.hits)
            std::cout << hit.rank << ". " << hit.doc.meta.title << " ("
                      << hit.doc.meta.date.to_string() << ")\n   " << hit.snippet << "\n";
        for (const auto& [country, count] : results.facets[dossier::Facet::kCountry])
            std::cout << "country: " << country << " (" << count << ")\n";
        return results.total > 0 ? 0 : 1;
    } catch (const dossier::Error& e) {
        std::cerr << "search_example: " << e.what() << "\n";
        return 2;
    }
}
