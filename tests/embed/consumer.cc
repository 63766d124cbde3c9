// A program outside the Dossier tree, built against an installed libdossier
// (once through find_package, once through pkg-config): indexes two documents
// built in memory, searches them and exits 0 only when the answers are right.
#include <iostream>
#include <string>

#include <dossier/dossier.h>

int main(int argc, char** argv) {
    if (argc != 2) return std::cerr << "usage: consumer DB_FOLDER\n", 2;
    try {
        {
            dossier::IndexWriter writer(argv[1]);
            for (const char* year : {"2019", "2023"}) {
                dossier::Document doc;
                doc.key = std::string("consumer:") + year;
                doc.meta.title = std::string("Report ") + year;
                doc.meta.date = dossier::Date::parse(year).value();
                doc.text = "Undersea cables need protection.";
                writer.add(doc);
            }
            writer.commit();
        }
        dossier::Searcher searcher({argv[1]});
        dossier::SearchRequest request;
        request.query.text = "cable";
        request.query.filters.since = dossier::Date::parse_or_throw("2020");
        request.counting.facets = {dossier::Facet::kYear};
        dossier::SearchResults r = searcher.search(request);
        bool ok = r.total == 1 && r.hits.size() == 1 && r.hits[0].doc.meta.title == "Report 2023" &&
                  r.facets[dossier::Facet::kYear] == dossier::FacetCounts{{"2023", 1}} &&
                  std::string(dossier::version()) == DOSSIER_VERSION_STRING;
        std::cout << (ok ? "consumer: ok" : "consumer: wrong answer") << "\n";
        return ok ? 0 : 1;
    } catch (const dossier::Error& e) {
        std::cerr << "consumer: " << e.what() << "\n";
        return 2;
    }
}
