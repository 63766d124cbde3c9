#pragma once
// A folder of hostile input files, generated at test time, with what
// dossier-index must do with each of them.

#include <zlib.h>

#include <string>
#include <vector>

#include "harness.h"

namespace robustness {

/// What the indexer must do with one hostile entry.
enum class Outcome {
    kFails,    ///< One stderr line naming the file and a reason; counted as failed.
    kIndexed,  ///< Indexed despite its oddity; findable by its marker word.
    kSkipped,  ///< Neither indexed nor failed (ignored, or a loop not followed).
};

/// One hostile entry of the generated folder.
struct Hostile {
    std::string name;        ///< Path relative to the folder.
    std::string what;        ///< What is hostile about it.
    Outcome outcome;         ///< What the indexer must do.
    std::string reason;      ///< kFails: a word the reason must contain.
    std::string marker;      ///< kIndexed: a word the document must be found by ("" = none).
    bool needs_non_root = false;  ///< Only meaningful when the reader is not root.
    std::string folder;      ///< Folder of the entry under the generated root.
};

/// A gzip stream (one member) of data.
inline std::string gzip(const std::string& data, int level = Z_DEFAULT_COMPRESSION) {
    z_stream s{};
    REQUIRE(deflateInit2(&s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&s, data.size()) + 64, '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&s, Z_FINISH) == Z_STREAM_END);
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

/// UTF-16 with a byte order mark from ASCII/Latin-1 text.
inline std::string utf16(const std::string& latin1, bool big_endian) {
    std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
    for (unsigned char c : latin1) {
        if (big_endian) {
            out += '\0';
            out += static_cast<char>(c);
        } else {
            out += static_cast<char>(c);
            out += '\0';
        }
    }
    return out;
}

/// Deterministic pseudo-random bytes.
inline std::string junk_bytes(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::string out(n, '\0');
    for (auto& c : out) c = static_cast<char>(gen() & 0xFF);
    return out;
}

/// Writes the hostile folder under dir (which must exist) and returns the
/// list of entries with their expected outcomes, each in a folder of its own
/// (dir/NN/). Good files (marker words goodalpha, goodbeta, goodgamma) are in
/// dir/good/.
inline std::vector<Hostile> make_hostile_corpus(const fs::path& dir) {
    std::vector<Hostile> h;
    // Each entry gets a folder of its own so that it can also be indexed
    // alone: dir/NN/name.
    int slot = 0;
    fs::path base;
    auto next_slot = [&] {
        char name[8];
        std::snprintf(name, sizeof name, "%02d", slot++);
        base = dir / name;
        fs::create_directory(base);
    };
    auto file = [&](const std::string& name, const std::string& data) {
        write_file(base / name, data);
    };
    auto add = [&](Hostile entry) {
        entry.folder = base.filename().string();
        h.push_back(std::move(entry));
        next_slot();
    };
    const std::string para = "Ordinary words about maritime security follow.\n";

    // Good neighbours.
    base = dir / "good";
    fs::create_directory(base);
    file("good-one.txt", "Title: Good one\n\nThe goodalpha report on alliances.\n");
    file("good-two.md", "---\ntitle: Good two\ndate: 2020-05-01\n---\n# Two\n\nThe goodbeta note.\n");
    file("good-three.html", "<html><head><title>Good three</title></head><body><p>The goodgamma page.</p></body></html>");

    next_slot();
    file("empty.txt", "");
    // Empty files are ignored, not failed: nothing was lost.
    add({"empty.txt", "empty file", Outcome::kSkipped});
    file("empty.md.gz", "");
    add({"empty.md.gz", "0-byte .gz", Outcome::kSkipped});
    file("empty-member.txt.gz", gzip(""));
    add({"empty-member.txt.gz", "gzip of nothing", Outcome::kSkipped});
    {
        std::string z = gzip("The truncatedword text, long enough to be cut. " + para + para + para);
        file("truncated.txt.gz", z.substr(0, z.size() / 2));
    }
    add({"truncated.txt.gz", "truncated .gz", Outcome::kFails, "truncated"});
    {
        std::string z = gzip("The corruptcrc text. " + para);
        z[z.size() - 6] ^= 0x55;  // inside the CRC-32 of the trailer
        file("bad-crc.txt.gz", z);
    }
    add({"bad-crc.txt.gz", ".gz with a wrong CRC", Outcome::kFails, "corrupt"});
    {
        // 300 members of 1 MiB of 'a' each: 300 MiB inflated from ~300 KiB,
        // past the 256 MiB limit.
        std::string member = gzip(std::string(std::size_t(1) << 20, 'a'), 9);
        std::string bomb;
        for (int i = 0; i < 300; ++i) bomb += member;
        file("bomb.txt.gz", bomb);
    }
    add({"bomb.txt.gz", "gzip bomb (300 MiB inflated)", Outcome::kFails, "inflates past"});
    file("double.txt.gz", gzip(gzip("The doublegzip text. " + para)));
    add({"double.txt.gz", "gzip inside gzip", Outcome::kFails, "binary"});
    file("junk.txt", junk_bytes(64 * 1024, 7));
    add({"junk.txt", "random binary bytes named .txt", Outcome::kFails, "binary"});
    file("junk.md.gz", gzip(junk_bytes(16 * 1024, 8)));
    add({"junk.md.gz", "compressed binary junk named .md.gz", Outcome::kFails, "binary"});
    file("fake.html", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n");
    add({"fake.html", "a PDF header in a .html", Outcome::kFails, "binary"});
    file("elf.txt", "\x7F" "ELF\x02\x01\x01" + junk_bytes(4000, 9));
    add({"elf.txt", "an executable named .txt", Outcome::kFails, "binary"});
    {
        std::string nul = "Many nulnumerous bytes\n";
        for (int i = 0; i < 500; ++i) nul += std::string("ab\0cd\0", 6);
        file("nul-many.txt", nul);
    }
    add({"nul-many.txt", "hundreds of NUL bytes", Outcome::kFails, "binary"});
    file("nul-one.txt", std::string("The nulsingle word, then a NUL") + '\0' + " and more text.\n" + para);
    add({"nul-one.txt", "one NUL byte in text", Outcome::kIndexed, "", "nulsingle"});
    file("invalid-utf8.txt",
         "The invalidutf word \xC3\x28 \xA0\xA1 \xE2\x28\xA1 \xF0\x28\x8C\xBC \xFF\xFE end.\n" + para);
    add({"invalid-utf8.txt", "invalid UTF-8 sequences", Outcome::kIndexed, "", "invalidutf"});
    file("overlong-utf8.txt",
         "The overlongutf word \xC0\xAF \xE0\x80\xAF \xF0\x80\x80\xAF \xF8\x88\x80\x80\x80 "
         "\xED\xA0\x80 surrogate.\n" + para);
    add({"overlong-utf8.txt", "overlong UTF-8 and surrogates", Outcome::kIndexed, "", "overlongutf"});
    file("latin1.txt", "Title: Communiqu\xE9 latin\n\nThe latinword r\xE9sum\xE9 of the d\xE9" "fense minister.\n");
    add({"latin1.txt", "Latin-1 encoded text", Outcome::kIndexed, "", "latinword"});
    file("utf16le.txt", utf16("The utfsixteenle document about d\xE9" "fense.\n", false));
    add({"utf16le.txt", "UTF-16LE with BOM", Outcome::kIndexed, "", "utfsixteenle"});
    file("utf16be.md", utf16("# Heading\n\nThe utfsixteenbe document.\n", true));
    add({"utf16be.md", "UTF-16BE with BOM", Outcome::kIndexed, "", "utfsixteenbe"});
    file("utf16-odd.txt", std::string("\xFF\xFE" "a\0b\0c", 7));
    add({"utf16-odd.txt", "UTF-16 with a BOM and an odd byte count", Outcome::kIndexed, ""});
    file("bom-only.txt", "\xEF\xBB\xBF");
    add({"bom-only.txt", "a UTF-8 BOM and nothing else", Outcome::kSkipped});
    file("spaces-only.txt", std::string(1000, ' ') + "\n\n\t\n");
    add({"spaces-only.txt", "only white space", Outcome::kSkipped});
    file("cr-only.txt", "Title: Old mac\rThe crlinebreak text\rwith old line ends\r");
    add({"cr-only.txt", "CR line endings", Outcome::kIndexed, "", "crlinebreak"});
    file("long-line.txt", "The longlineword starts " + std::string(10 << 20, 'x') + " and longlinetail");
    add({"long-line.txt", "a 10 MB line without newline", Outcome::kIndexed, "", "longlinetail"});
    {
        std::string words;
        for (int i = 0; i < 200000; ++i) words += "manywords" + std::to_string(i % 997) + " ";
        file("one-line-words.txt", "The onelinewords file " + words);
    }
    add({"one-line-words.txt", "200,000 words on one line", Outcome::kIndexed, "", "onelinewords"});
    {
        std::string html = "<html><body>";
        for (int i = 0; i < 100000; ++i) html += "<div>";
        html += "The deepnestword text.";
        for (int i = 0; i < 100000; ++i) html += "</div>";
        file("deep.html", html + "</body></html>");
    }
    add({"deep.html", "HTML nested 100,000 levels", Outcome::kIndexed, "", "deepnestword"});
    {
        std::string html = "<html><body>";
        for (int i = 0; i < 100000; ++i) html += "<b><i><p><table><tr><td>";
        file("deep-unclosed.html", html + " deepunclosedword");
    }
    add({"deep-unclosed.html", "600,000 unclosed tags", Outcome::kIndexed, "", "deepunclosedword"});
    file("unclosed.html",
         "<html><head><title>Unclosed<body><p>The unclosedword <b>bold <i>italic <a href='x"
         "<script>var x = '<p>';<style>p{}</sty");
    add({"unclosed.html", "HTML with unclosed tags, comment and script", Outcome::kIndexed, ""});
    {
        std::string html = "<html><head><title>Entities</title></head><body><p>entitiesword ";
        for (int i = 0; i < 200000; ++i) html += "&amp;&#x10FFFF;&#0;&#xD800;&bogus;&";
        file("entities.html", html + "</p></body></html>");
    }
    add({"entities.html", "200,000 odd character references", Outcome::kIndexed, "", "entitiesword"});
    {
        std::string html = "<html><body><p a";
        for (int i = 0; i < 100000; ++i) html += " a" + std::to_string(i) + "='v'";
        file("attributes.html", html + ">attributesword</p></body></html>");
    }
    add({"attributes.html", "one element with 100,000 attributes", Outcome::kIndexed, "", "attributesword"});
    file("meta-bad-date.html",
         "<html><head><title>Meta dates</title><meta name='date' content='2019-02-30'>"
         "<meta name='dcterms.date' content='0000-00-00'></head><body>metadateword</body></html>");
    add({"meta-bad-date.html", "HTML meta dates 2019-02-30 and 0000-00-00", Outcome::kIndexed, "", "metadateword"});
    file("fm-unclosed.md", "---\ntitle: Never closed\ndate: 2020-01-01\n\nfmunclosedword text.\n");
    add({"fm-unclosed.md", "front matter that never closes", Outcome::kFails, "front matter"});
    {
        // Billion laughs: nine levels of ten aliases each.
        std::string yaml = "---\ntitle: &a0 \"lol\"\n";
        for (int level = 1; level <= 9; ++level) {
            yaml += "l" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
            for (int i = 0; i < 10; ++i) yaml += std::string(i ? "," : "") + "*a" + std::to_string(level - 1);
            yaml += "]\n";
        }
        yaml += "authors: *a9\ncountries: *a9\ntags: *a9\n---\nThe yamlbombword body.\n";
        file("yaml-bomb.md", yaml);
    }
    add({"yaml-bomb.md", "YAML alias bomb (10^9 expansions)", Outcome::kIndexed, "", "yamlbombword"});
    file("yaml-deep.md", "---\ntitle: " + std::string(100000, '[') + "\n---\nThe yamldeepword body.\n");
    add({"yaml-deep.md", "YAML flow sequence nested 100,000 levels", Outcome::kFails, "front matter"});
    file("yaml-deep-map.md", "---\ntitle: " + std::string(50000, '{') + "\n---\nyamldeepmap body.\n");
    add({"yaml-deep-map.md", "YAML flow mappings nested 50,000 levels", Outcome::kFails, "front matter"});
    {
        std::string yaml = "---\n";
        for (int i = 0; i < 2000; ++i) yaml += std::string(std::size_t(i) * 2 % 400, ' ') + "k" + std::to_string(i) + ":\n";
        file("yaml-indent.md", yaml + "---\nyamlindentword body.\n");
    }
    add({"yaml-indent.md", "YAML with 2,000 staircase-indented keys", Outcome::kIndexed, "", "yamlindentword"});
    file("fm-huge.md", "---\ntitle: huge\nx: \"" + std::string(2 << 20, 'y') + "\"\n---\nfmhugeword body.\n");
    add({"fm-huge.md", "front matter of 2 MiB", Outcome::kFails, "front matter"});
    file("fm-types.md", "---\ntitle: {a: b}\ndate: [2019, 2020]\nauthors: {x: [y]}\ntype: !!binary aGVsbG8=\n"
                        "countries: 12345678901234567890\nsource: ~\nurl: [[[]]]\n---\nfmtypesword body.\n");
    add({"fm-types.md", "front matter values of the wrong YAML types", Outcome::kFails, "date"});
    file("fm-wrong-types.md", "---\ntitle: {a: b}\nauthors: {x: [y]}\ntype: !!binary aGVsbG8=\n"
                              "countries: 12345678901234567890\nsource: ~\nurl: [[[]]]\n---\nfmwrongtypes body.\n");
    add({"fm-wrong-types.md", "front matter maps where strings belong", Outcome::kIndexed, "", "fmwrongtypes"});
    file("fm-syntax.md", "---\ntitle: Fine\nauthors: [a, b\n---\nfmsyntaxword body.\n");
    add({"fm-syntax.md", "YAML syntax error (unclosed [)", Outcome::kFails, "front matter"});
    // yaml-cpp takes the rest of the front matter as the quoted title.
    file("fm-quote.md", "---\ntitle: \"unterminated\nauthors: [a, b\n---\nfmquoteword body.\n");
    add({"fm-quote.md", "YAML quoted scalar never closed", Outcome::kIndexed, "", "fmquoteword"});
    file("date-zero.md", "---\ntitle: Zero date\ndate: 0000-00-00\n---\ndatezeroword body.\n");
    add({"date-zero.md", "front matter date 0000-00-00", Outcome::kFails, "date"});
    file("date-feb30.md", "---\ntitle: February\ndate: 2019-02-30\n---\ndatefebword body.\n");
    add({"date-feb30.md", "front matter date 2019-02-30", Outcome::kFails, "date"});
    file("header-bad-date.txt", "Title: Header date\nDate: 2019-02-30\nType: note\n\nheaderdateword body.\n");
    add({"header-bad-date.txt", "header line Date: 2019-02-30", Outcome::kIndexed, "", "headerdateword"});
    file("header-zero-date.txt", "Title: Header zero\nDate: 0000-00-00\n\nheaderzeroword body.\n");
    add({"header-zero-date.txt", "header line Date: 0000-00-00", Outcome::kIndexed, "", "headerzeroword"});
    {
        std::string md;
        for (int i = 0; i < 100000; ++i) md += "> ";
        md += "quotedeepword\n";
        for (int i = 0; i < 50000; ++i) md += "```\n";
        file("md-deep.md", md + std::string(100000, '#') + " hashes\n");
    }
    add({"md-deep.md", "Markdown: 100,000 nested quotes, 50,000 fences", Outcome::kIndexed, "", "quotedeepword"});
    file("title-huge.txt", "Title: " + std::string(1 << 20, 't') + "\n\ntitlehugeword body.\n");
    add({"title-huge.txt", "a 1 MiB Title: header", Outcome::kIndexed, "", "titlehugeword"});
    {
        std::string term = "hugeterm";
        for (int i = 0; i < 2000; ++i) term += "abcdefghij";
        file("huge-term.txt", "The hugetermword text " + term + " end.\n");
    }
    add({"huge-term.txt", "a 20,000-byte word", Outcome::kIndexed, "", "hugetermword"});

    // Unreadable entries.
    file("noperm.txt", "The nopermword text.\n");
    fs::permissions(base / "noperm.txt", fs::perms::none);
    add({"noperm.txt", "permission 000", Outcome::kFails, "denied", "", true});
    fs::create_directory(base / "noperm-dir");
    file("noperm-dir/inside.txt", "The nopermdirword text.\n");
    fs::permissions(base / "noperm-dir", fs::perms::none);
    add({"noperm-dir", "folder with permission 000", Outcome::kFails, "denied", "", true});

    // Links and special files.
    fs::create_directories(base / "loop" / "sub");
    file("loop/sub/inloop.txt", "The inloopword text.\n");
    fs::create_directory_symlink("..", base / "loop" / "sub" / "back");
    fs::create_directory_symlink(base / "loop", base / "loop" / "sub" / "again");
    add({"loop/sub/back", "directory symlink loops (.. and absolute)", Outcome::kIndexed, "", "inloopword"});
    fs::create_symlink("self-link.txt", base / "self-link.txt");
    add({"self-link.txt", "symlink to itself", Outcome::kFails, "link"});
    fs::create_symlink("nowhere.txt", base / "dangling.txt");
    add({"dangling.txt", "dangling symlink", Outcome::kFails, "link"});
    fs::create_symlink("/etc/hostname", base / "outside.txt");
    add({"outside.txt", "symlink leaving the roots", Outcome::kSkipped});
    REQUIRE(::mkfifo((base / "fifo.txt").c_str(), 0644) == 0);
    add({"fifo.txt", "a FIFO named .txt", Outcome::kSkipped});
    {
        fs::path deep = base / "deepdirs";
        for (int i = 0; i < 100; ++i) deep /= "d";
        fs::create_directories(deep);
        write_file(deep / "deepfile.txt", "The deepdirword text.\n");
    }
    add({"deepdirs", "a file 100 folders deep", Outcome::kIndexed, "", "deepdirword"});

    // Awkward names.
    file("name with spaces.txt", "The spacenameword text.\n");
    add({"name with spaces.txt", "file name with spaces", Outcome::kIndexed, "", "spacenameword"});
    file("name\nwith\nnewlines.txt", "The newlinenameword text.\n");
    add({"name\nwith\nnewlines.txt", "file name with newlines", Outcome::kIndexed, "", "newlinenameword"});
    file("bad-\xFF\xFE-name.txt", "The badnameword text.\n");
    add({"bad-\xFF\xFE-name.txt", "file name with invalid UTF-8 bytes", Outcome::kIndexed, "", "badnameword"});
    file("broken\nname\xFF.txt", junk_bytes(4096, 11));
    add({"broken\nname\xFF.txt", "binary file whose name has a newline and invalid UTF-8",
                 Outcome::kFails, "binary"});
    file("tab\tand\x1b[31mescape.txt", "The escapenameword text.\n");
    add({"tab\tand\x1b[31mescape.txt", "file name with a tab and a terminal escape",
                 Outcome::kIndexed, "", "escapenameword"});
    return h;
}

}  // namespace robustness
