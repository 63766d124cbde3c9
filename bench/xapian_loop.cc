// xapian_loop: the machine's ceiling for Xapian indexing, without Dossier.
// Reads file names (one per line) on stdin, reads each file (inflating
// gzip), and indexes its bytes as text with a TermGenerator (positions,
// English stemmer, STEM_SOME) into a Xapian database, storing the text as
// document data. No extraction, no metadata, no compression of our own.
//
//   xapian_loop [--tokenise-only] [--shard-docs N] OUT_DB < files.txt
//
// --tokenise-only  run the TermGenerator but write no database
// --shard-docs N   write fresh shard databases of N documents each and merge
//                  them with Xapian::Database::compact at the end (the
//                  design dossier-index uses for new databases); default:
//                  one database, one commit at the end
//
// Built by bench/run.sh, not by the project's build:
//   c++ -O2 -std=c++17 bench/xapian_loop.cc $(pkg-config --cflags --libs xapian-core) -lz

#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>

namespace {

std::string read_file(const std::string& path) {
    std::string out;
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) return out;
    char buf[65536];
    int n;
    while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    gzclose(f);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    bool tokenise_only = false;
    long shard_docs = 0;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--tokenise-only") {
            tokenise_only = true;
        } else if (arg == "--shard-docs" && i + 1 < argc) {
            shard_docs = std::atol(argv[++i]);
        } else {
            out = arg;
        }
    }
    if (out.empty() && !tokenise_only) {
        std::cerr << "usage: xapian_loop [--tokenise-only] [--shard-docs N] OUT_DB < files\n";
        return 2;
    }
    auto start = std::chrono::steady_clock::now();
    try {
        Xapian::TermGenerator termgen;
        termgen.set_stemmer(Xapian::Stem("english"));
        termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        std::vector<std::string> shards;
        Xapian::WritableDatabase db;
        long in_db = 0, docs = 0;
        unsigned long long bytes = 0, terms = 0;
        auto open_next = [&] {
            std::string path = shard_docs ? out + ".shards/" + std::to_string(shards.size()) : out;
            if (shard_docs) std::filesystem::create_directories(out + ".shards");
            db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE);
            shards.push_back(path);
            in_db = 0;
        };
        if (!tokenise_only) open_next();
        std::string path;
        while (std::getline(std::cin, path)) {
            std::string text = read_file(path);
            bytes += text.size();
            Xapian::Document doc;
            termgen.set_document(doc);
            termgen.index_text(text);
            doc.add_boolean_term("Q" + path.substr(0, 200));
            terms += doc.termlist_count();
            ++docs;
            if (tokenise_only) continue;
            doc.set_data(text);
            if (shard_docs && in_db == shard_docs) {
                db.commit();
                db.close();
                open_next();
            }
            db.add_document(doc);
            ++in_db;
        }
        if (!tokenise_only) {
            db.commit();
            db.close();
            if (shard_docs) {
                Xapian::Database all;
                for (const auto& s : shards) all.add_database(Xapian::Database(s));
                all.compact(out, Xapian::Compactor::FULL | Xapian::DBCOMPACT_MULTIPASS);
                std::filesystem::remove_all(out + ".shards");
            }
        }
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("%ld docs, %.1f MB, %llu distinct terms per doc summed, %.2f s, %.0f docs/s\n",
                    docs, bytes / 1e6, terms, secs, docs / secs);
    } catch (const Xapian::Error& e) {
        std::cerr << "xapian_loop: " << e.get_description() << "\n";
        return 2;
    }
    return 0;
}
