// libdossier in threads: one writer commits while reader threads search,
// each with its own Searcher made by clone().
// Usage: threads_example DB_FOLDER   (the database is created when missing)
#include <atomic>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <dossier/dossier.h>

int main(int argc, char** argv) {
    if (argc != 2) return std::cerr << "usage: threads_example DB_FOLDER\n", 2;
    const std::string db = argv[1];
    try {
        dossier::IndexWriter writer(db);  // one writer, in this thread
        writer.commit();                  // readers need a database to open
        dossier::Searcher searcher({db});
        std::atomic<bool> done{false};
        std::atomic<int> errors{0};
        std::vector<std::thread> readers;
        for (int t = 0; t < 2; ++t) {
            // A Searcher is move-only and not thread-safe: each thread gets a clone.
            readers.emplace_back([&, reader = searcher.clone()]() mutable {
                while (!done) {
                    try {
                        dossier::SearchRequest request;
                        request.query.text = "cables";
                        request.paging.limit = 0;
                        reader.search(request);  // always the latest commit
                    } catch (const dossier::DatabaseChangedError&) {
                        // Commits overtook every attempt: the call may simply be made again.
                    } catch (const dossier::Error& e) {  // the only exceptions it throws
                        std::cerr << "threads_example: " << e.what() << "\n";
                        ++errors;
                    }
                }
            });
        }
        for (int commit = 0; commit < 20; ++commit) {
            for (int i = 0; i < 5; ++i) {
                dossier::Document doc;
                doc.key = "example:" + std::to_string(commit * 5 + i);
                doc.text = "Undersea cables were cut, report " + std::to_string(commit) + ".";
                writer.add(doc);
            }
            writer.commit();
        }
        done = true;
        for (auto& reader : readers) reader.join();
        dossier::SearchRequest request;
        request.query.text = "cables";
        std::cout << "matches: " << searcher.search(request).total << ", reader errors: " << errors << "\n";
        return errors == 0 ? 0 : 1;
    } catch (const dossier::Error& e) {
        std::cerr << "threads_example: " << e.what() << "\n";
        return 2;
    }
}
