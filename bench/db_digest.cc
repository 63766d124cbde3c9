// db_digest: prints one line per document of a Xapian database (docid, id
// term, a hash of its data, values, terms with wdf and positions), then the
// database statistics, so that two databases can be compared with diff.
// Used to check that a parallel build equals a one-by-one build.
//
//   c++ -O2 -std=c++17 bench/db_digest.cc $(pkg-config --cflags --libs xapian-core) -o db_digest
//   db_digest DB > digest.txt

#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>

#include <xapian.h>

namespace {

std::uint64_t fnv1a(const std::string& bytes, std::uint64_t h = 14695981039346656037ULL) {
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: db_digest DB\n";
        return 2;
    }
    try {
        Xapian::Database db(argv[1]);
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
            Xapian::docid id = *it;
            Xapian::Document doc = db.get_document(id);
            std::uint64_t terms = 14695981039346656037ULL;
            std::string unique;
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                std::string term = *t;
                if (term[0] == 'Q') unique = term;
                terms = fnv1a(term, terms);
                terms = fnv1a(std::to_string(t.get_wdf()), terms);
                for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                    terms = fnv1a(std::to_string(*p), terms);
            }
            std::uint64_t values = 14695981039346656037ULL;
            for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
                values = fnv1a(std::to_string(v.get_valueno()), values);
                values = fnv1a(*v, values);
            }
            std::printf("%u %s data=%016llx terms=%016llx values=%016llx len=%u\n", id,
                        unique.c_str(), static_cast<unsigned long long>(fnv1a(doc.get_data())),
                        static_cast<unsigned long long>(terms),
                        static_cast<unsigned long long>(values), db.get_doclength(id));
        }
        std::printf("doccount=%u lastdocid=%u avlength=%.6f total_length=%llu\n",
                    db.get_doccount(), db.get_lastdocid(), db.get_avlength(),
                    static_cast<unsigned long long>(db.get_total_length()));
        for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
            std::printf("metadata %s=%s\n", (*k).c_str(), db.get_metadata(*k).c_str());
    } catch (const Xapian::Error& e) {
        std::cerr << "db_digest: " << e.get_description() << "\n";
        return 2;
    }
    return 0;
}
