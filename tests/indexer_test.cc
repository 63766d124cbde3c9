#include "dossier/indexer.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "dossier/index_writer.h"
#include "test_util.h"

namespace fs = std::filesystem;
using dossier_test::TempDir;

namespace {

/// Everything a reader can see of a database, one line per document, then
/// the statistics and metadata.
std::string dump(const std::string& path) {
    Xapian::Database db(path);
    std::ostringstream out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        Xapian::Document doc = db.get_document(*it);
        out << *it << " len=" << db.get_doclength(*it) << " data=" << doc.get_data().size() << ":"
            << std::hash<std::string>()(doc.get_data());
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            out << " " << *t << "/" << t.get_wdf();
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out << "," << *p;
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
            out << " #" << v.get_valueno() << "=" << *v;
        out << "\n";
    }
    out << "count=" << db.get_doccount() << " last=" << db.get_lastdocid()
        << " total=" << db.get_total_length() << "\n";
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
        out << "meta " << *k << "=" << db.get_metadata(*k) << "\n";
    for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s)
        out << "spell " << *s << "=" << s.get_termfreq() << "\n";
    return out.str();
}

/// A corpus of n small documents in a few folders.
void write_corpus(const fs::path& root, int n) {
    for (int i = 0; i < n; ++i) {
        fs::path dir = root / ("f" + std::to_string(i % 7));
        fs::create_directories(dir);
        std::ofstream(dir / ("doc" + std::to_string(i) + ".md"))
            << "---\ntitle: Report " << i << "\ndate: " << 1990 + i % 30
            << "-03-04\ntype: report\n---\nThe alliance discussed arms control " << i
            << " times with word" << i * 7 % 13 << " and word" << i % 5 << ".\n";
    }
    std::ofstream(root / "f0" / "broken.md") << "---\ntitle: [unclosed\n---\nbody\n";
}

dossier::IndexReport index(const fs::path& db, const fs::path& corpus, unsigned threads,
                           std::size_t batch, const std::atomic<bool>* cancel = nullptr) {
    dossier::IndexerOptions options;
    options.db_path = db.string();
    options.threads = threads;
    options.batch_size = batch;
    options.cancel = cancel;
    return dossier::Indexer(options).run({corpus.string()});
}

}  // namespace

TEST_CASE("a parallel build from shards equals indexing the files one by one",
          "[indexer]") {
    TempDir tmp;
    write_corpus(tmp.path() / "corpus", 120);
    // One by one, in the order of the walk, as the writer always did.
    fs::path one = tmp.path() / "one.db";
    {
        dossier::IndexWriter writer(one.string());
        std::vector<std::string> files;
        for (auto& e : fs::recursive_directory_iterator(fs::canonical(tmp.path() / "corpus")))
            if (e.is_regular_file()) files.push_back(e.path().string());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            try {
                writer.add(dossier::extract_file(f), "");
            } catch (const dossier::Error&) {
            }
        }
        dossier::sync_spelling(writer.database());
        writer.commit();
    }
    // Shards of at most 7 documents on 3 workers, merged several times.
    fs::path many = tmp.path() / "many.db";
    dossier::IndexReport report = index(many, tmp.path() / "corpus", 3, 7);
    CHECK(report.added == 120);
    CHECK(report.failed == 1);
    CHECK(report.documents == 120);
    REQUIRE(report.failures.size() == 1);
    CHECK(report.failures[0].path.find("broken.md") != std::string::npos);
    CHECK_FALSE(fs::exists(tmp.path() / ".many.db.build"));

    // The signatures differ (the one-by-one build stored none): compare the
    // rest by dropping value slot 7 lines' signature values.
    std::string a = dump(one.string()), b = dump(many.string());
    auto strip = [](std::string s) {
        std::string out;
        std::istringstream in(s);
        for (std::string line; std::getline(in, line);) {
            auto pos = line.find(" #7=");
            if (pos != std::string::npos) line.erase(pos, line.find(" #", pos + 1) - pos);
            out += line + "\n";
        }
        return out;
    };
    CHECK(strip(a) == strip(b));
}

TEST_CASE("the thread count does not change the database", "[indexer]") {
    TempDir tmp;
    write_corpus(tmp.path() / "corpus", 60);
    index(tmp.path() / "a.db", tmp.path() / "corpus", 1, 2000);
    index(tmp.path() / "b.db", tmp.path() / "corpus", 4, 5);
    CHECK(dump((tmp.path() / "a.db").string()) == dump((tmp.path() / "b.db").string()));
}

TEST_CASE("update runs on worker threads skip, replace and remove exactly", "[indexer]") {
    TempDir tmp;
    fs::path corpus = tmp.path() / "corpus";
    write_corpus(corpus, 40);
    fs::path db = tmp.path() / "db";
    index(db, corpus, 2, 2000);
    Xapian::docid before;
    {
        Xapian::Database x(db.string());
        before = *x.postlist_begin("Q" + fs::canonical(corpus / "f3" / "doc10.md").string());
    }
    auto again = index(db, corpus, 2, 2000);
    CHECK(again.unchanged == 40);
    CHECK(again.added + again.updated + again.removed == 0);

    std::ofstream(corpus / "f3" / "doc10.md", std::ios::app) << "A new closing sentence.\n";
    fs::remove(corpus / "f4" / "doc11.md");
    std::ofstream(corpus / "f4" / "new.md") << "A new document about arms control.\n";
    auto changed = index(db, corpus, 3, 2000);
    CHECK(changed.updated == 1);
    CHECK(changed.added == 1);
    CHECK(changed.removed == 1);
    CHECK(changed.unchanged == 38);
    CHECK(changed.documents == 40);
    Xapian::Database x(db.string());
    // A re-indexed file keeps its document id.
    CHECK(*x.postlist_begin("Q" + fs::canonical(corpus / "f3" / "doc10.md").string()) == before);
    CHECK(x.get_termfreq("closing") == 1);
}

TEST_CASE("a cancelled build stops, keeps what it has and removes nothing", "[indexer]") {
    TempDir tmp;
    fs::path corpus = tmp.path() / "corpus";
    write_corpus(corpus, 30);
    std::atomic<bool> cancel{true};
    auto report = index(tmp.path() / "db", corpus, 2, 4, &cancel);
    CHECK(report.interrupted);
    CHECK(report.added == 0);
    CHECK(report.documents == 0);
    index(tmp.path() / "db", corpus, 2, 4);
    auto update = index(tmp.path() / "db", corpus, 2, 4, &cancel);
    CHECK(update.unchanged == 30);
    CHECK(update.removed == 0);
}

TEST_CASE("files and JSON lines with the same text give the same spelling dictionary",
          "[indexer][spelling]") {
    TempDir tmp;
    const std::string text = "Attribution of the cyber-attack took months of evidence.\n";
    fs::create_directories(tmp.path() / "corpus");
    std::ofstream(tmp.path() / "corpus" / "note.txt") << text;
    index(tmp.path() / "files.db", tmp.path() / "corpus", 1, 2000);

    dossier::IndexerOptions options;
    options.db_path = (tmp.path() / "lines.db").string();
    std::istringstream in("{\"id\": \"note\", \"text\": \"" + text.substr(0, text.size() - 1) +
                          "\"}\n");
    dossier::IndexReport report = dossier::index_json_lines(in, options);
    REQUIRE(report.added == 1);

    auto spellings = [](const fs::path& path) {
        Xapian::Database db(path.string());
        std::vector<std::string> words;
        for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s)
            words.push_back(*s + "=" + std::to_string(s.get_termfreq()));
        return words;
    };
    std::vector<std::string> from_files = spellings(tmp.path() / "files.db");
    CHECK(std::find(from_files.begin(), from_files.end(), "attribution=1") != from_files.end());
    CHECK(spellings(tmp.path() / "lines.db") == from_files);
}
