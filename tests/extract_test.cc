#include "dossier/extract.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "dossier/error.h"

namespace fs = std::filesystem;
using dossier::Document;
using dossier::Error;
using dossier::Format;
using Strings = std::vector<std::string>;

namespace {

// A folder of its own under the system temporary directory, removed with
// everything in it when the test ends.
class TempDir {
  public:
    TempDir() {
        static int counter = 0;
        path_ = fs::temp_directory_path() /
                ("dossier-extract-test-" + std::to_string(::getpid()) + "-" +
                 std::to_string(++counter));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    fs::path write(const std::string& name, const std::string& bytes) const {
        fs::path file = path_ / name;
        std::ofstream out(file, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return file;
    }

    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::uint32_t crc32(const std::string& bytes) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (char c : bytes) {
        crc ^= static_cast<unsigned char>(c);
        for (int k = 0; k < 8; ++k) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

void put_le32(std::string& out, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) {
        out += static_cast<char>((value >> (8 * i)) & 0xFF);
    }
}

// A gzip member holding bytes in stored (uncompressed) deflate blocks, so
// the tests can make gzip files without a compressor of their own.
std::string gzip_stored(const std::string& bytes) {
    std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
    std::size_t pos = 0;
    do {
        std::size_t n = std::min<std::size_t>(65535, bytes.size() - pos);
        bool last = pos + n == bytes.size();
        out += static_cast<char>(last ? 1 : 0);
        out += static_cast<char>(n & 0xFF);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(~n & 0xFF);
        out += static_cast<char>((~n >> 8) & 0xFF);
        out.append(bytes, pos, n);
        pos += n;
    } while (pos < bytes.size());
    put_le32(out, crc32(bytes));
    put_le32(out, static_cast<std::uint32_t>(bytes.size()));
    return out;
}

const char kHeaderText[] =
    "Title: Joint Statement on Cyber Norms\n"
    "Date: 2015-09\n"
    "Type: Joint Statement\n"
    "Source: White House\n"
    "Authors: Ann Lee; Bo Chen\n"
    "Countries: United States, China\n"
    "\n"
    "Both sides agree on norms.\n";

}  // namespace

TEST_CASE("format_from_name reads the extension", "[extract]") {
    struct Case {
        const char* name;
        Format format;
    };
    const Case cases[] = {
        {"a.txt", Format::kText},          {"a.TXT", Format::kText},
        {"a.md", Format::kMarkdown},       {"a.markdown", Format::kMarkdown},
        {"a.html", Format::kHtml},         {"a.HTM", Format::kHtml},
        {"a.txt.gz", Format::kText},       {"a.md.GZ", Format::kMarkdown},
        {"/x/y/a.html.gz", Format::kHtml}, {"a.gz", Format::kUnknown},
        {"a.doc", Format::kUnknown},       {"txt", Format::kUnknown},
        {"a.docx", Format::kDocx},         {"A.ODT", Format::kOdt},
        {"a.epub", Format::kEpub},         {"a.rtf.gz", Format::kRtf},
        {"a.txt.bak", Format::kUnknown},   {"", Format::kUnknown},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        CHECK(dossier::format_from_name(c.name) == c.format);
    }
}

TEST_CASE("format names", "[extract]") {
    CHECK(dossier::format_name(Format::kText) == "text");
    CHECK(dossier::format_name(Format::kMarkdown) == "markdown");
    CHECK(dossier::format_name(Format::kHtml) == "html");
    CHECK(dossier::format_name(Format::kDocx) == "docx");
    CHECK(dossier::format_name(Format::kOdt) == "odt");
    CHECK(dossier::format_name(Format::kEpub) == "epub");
    CHECK(dossier::format_name(Format::kRtf) == "rtf");
    CHECK(dossier::format_name(Format::kUnknown) == "unknown");
}

TEST_CASE("plain text with header lines drops the header", "[extract]") {
    Document doc = dossier::extract_text(kHeaderText);
    CHECK(doc.format == "text");
    CHECK(doc.meta.title == "Joint Statement on Cyber Norms");
    CHECK(doc.meta.date.to_string() == "2015-09");
    CHECK(doc.meta.type == "joint-statement");
    CHECK(doc.meta.source == "White House");
    CHECK(doc.meta.authors == Strings{"Ann Lee", "Bo Chen"});
    CHECK(doc.meta.countries == Strings{"United States", "China"});
    CHECK(doc.text == "Both sides agree on norms.\n");
}

TEST_CASE("plain text without metadata is kept as written", "[extract]") {
    const std::string content =
        "Remarks on maritime security\n\nPirates, ships and  patrols.\n";
    Document doc = dossier::extract_text(content);
    CHECK(doc.text == content);
    CHECK(doc.meta.title == "Remarks on maritime security");
    CHECK_FALSE(doc.meta.date.is_dated());
    CHECK(doc.meta.type.empty());
}

TEST_CASE("plain text may carry front matter", "[extract]") {
    Document doc = dossier::extract_text(
        "---\ntitle: Cyber Report\ncountry: Estonia\n---\nTitle: not a "
        "header\n");
    CHECK(doc.meta.title == "Cyber Report");
    CHECK(doc.meta.countries == Strings{"Estonia"});
    CHECK(doc.text == "Title: not a header\n");
}

TEST_CASE("text is cleaned but metadata keeps its typography", "[extract]") {
    Document doc = dossier::extract_text(
        "Title: Leaders\xE2\x80\x99 Communiqu\xC3\xA9\r\n\r\n"
        "The People\xE2\x80\x99s decon\xC2\xAD"
        "fliction d\xE9tente\r\n");
    CHECK(doc.meta.title == "Leaders\xE2\x80\x99 Communiqu\xC3\xA9");
    CHECK(doc.text == "The People's deconfliction d\xC3\xA9tente\n");
}

TEST_CASE("long first lines make a shortened title", "[extract]") {
    std::string line;
    for (int i = 0; i < 100; ++i) line += "w\xC3\xA9 ";
    Document doc = dossier::extract_text(line + "\n");
    CHECK(doc.meta.title.size() <= 200);
    CHECK(doc.meta.title.size() > 150);
    CHECK(doc.meta.title.substr(0, 3) == "w\xC3\xA9");
    CHECK(doc.meta.title.back() != ' ');
}

TEST_CASE("Markdown front matter is parsed and removed", "[extract]") {
    Document doc = dossier::extract_markdown(
        "---\n"
        "title: 'Chairman''s Statement'\n"
        "date: 2023-09-05\n"
        "tags: [Statement, asean]\n"
        "publisher: ASEAN\n"
        "countries: []\n"
        "---\n"
        "\n"
        "# Heading\n\nBody *text*.\n");
    CHECK(doc.format == "markdown");
    CHECK(doc.meta.title == "Chairman's Statement");
    CHECK(doc.meta.date.to_string() == "2023-09-05");
    CHECK(doc.meta.type == "statement");
    CHECK(doc.meta.source == "ASEAN");
    CHECK(doc.meta.countries.empty());
    CHECK(doc.text == "# Heading\n\nBody *text*.\n");
}

TEST_CASE("Markdown titles fall back to the first heading", "[extract]") {
    struct Case {
        const char* content;
        const char* title;
    };
    const Case cases[] = {
        {"Intro line\n\n## The Heading ##\n", "The Heading"},
        {"```\n# not a heading\n```\n# Real\n", "Real"},
        {"#hashtag line\n\n# Heading\n", "Heading"},
        {"No headings here\nat all\n", "No headings here"},
        {"---\ntitle: Given\n---\n# Heading\n", "Given"},
        {"\n\n  \n", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.content);
        CHECK(dossier::extract_markdown(c.content).meta.title == c.title);
    }
}

TEST_CASE("unterminated front matter fails the document", "[extract]") {
    CHECK_THROWS_WITH(dossier::extract_markdown("---\ntitle: X\n\nBody\n"),
                      Catch::Contains("unterminated front matter"));
    CHECK_THROWS_WITH(dossier::extract_markdown("---\ndate: 2019-02-30\n---\n"),
                      "bad date '2019-02-30' in front matter");
}

TEST_CASE("HTML text decodes entities and drops scripts and styles",
          "[extract]") {
    Document doc = dossier::extract_html(
        "<!DOCTYPE html><html><head><title>T</title>"
        "<style>.stylewomble{display:none}</style>"
        "<script>var gribblescript = 1;</script></head>"
        "<body><p class=\"stylewomble\">Caf&eacute; &amp; d&eacute;marche "
        "&ldquo;quoted&rdquo; People&rsquo;s&nbsp;Republic</p>"
        "<noscript>noscriptword</noscript>"
        "<template><p>templateword</p></template>"
        "<script>document.write('later')</script></body></html>");
    CHECK(doc.format == "html");
    CHECK(doc.text ==
          "Caf\xC3\xA9 & d\xC3\xA9marche \"quoted\" People's Republic");
}

TEST_CASE("HTML block elements become lines and paragraphs", "[extract]") {
    Document doc = dossier::extract_html(
        "<body><h1>Title</h1><p>First   para\n  graph.</p><p>Second"
        "<br>line</p><ul><li>one</li><li>two</li></ul>"
        "<div>in <b>bold</b> and <i>italic</i></div>"
        "<table><tr><td>a</td><td>b</td></tr></table>"
        "<pre>keep\n  spacing</pre></body>");
    CHECK(doc.text ==
          "Title\n\nFirst para graph.\n\nSecond\nline\n\none\ntwo\n\n"
          "in bold and italic\n\na b\n\nkeep\n  spacing");
}

TEST_CASE("HTML meta tags fill metadata", "[extract]") {
    struct Case {
        const char* meta;
        const char* date;
    };
    const Case dates[] = {
        {"<meta name=\"date\" content=\"2006-11-29\">", "2006-11-29"},
        {"<meta name=\"dcterms.date\" content=\"2020-03\">", "2020-03"},
        {"<meta name=\"DCTERMS.issued\" content=\"2009\">", "2009"},
        {"<meta property=\"article:published_time\" "
         "content=\"2023-05-20T09:30:00Z\">",
         "2023-05-20"},
        {"<meta name=\"date\" content=\"sometime\">", ""},
        {"<meta name=\"date\" content=\"bad\"><meta name=\"dcterms.date\" "
         "content=\"2001-02-03\">",
         "2001-02-03"},
    };
    for (const Case& c : dates) {
        CAPTURE(c.meta);
        std::string html = std::string("<html><head>") + c.meta +
                           "</head><body>x</body></html>";
        CHECK(dossier::extract_html(html).meta.date.to_string() == c.date);
    }

    Document doc = dossier::extract_html(
        "<html><head><title>  Riga\n Summit  </title>"
        "<meta name=\"author\" content=\"Tomas Varga; Lena Okafor\">"
        "<meta name=\"author\" content=\"Helen Marsh\">"
        "<meta name=\"type\" content=\"Communiqu&eacute;\">"
        "<meta name=\"source\" content=\"NATO\">"
        "<meta name=\"countries\" content=\"Japan, Ukraine, China\">"
        "<meta name=\"keywords\" content=\"ignored\">"
        "</head><body><h1>Heading</h1></body></html>");
    CHECK(doc.meta.title == "Riga Summit");
    CHECK(doc.meta.authors ==
          Strings{"Tomas Varga", "Lena Okafor", "Helen Marsh"});
    CHECK(doc.meta.type == "communique");
    CHECK(doc.meta.source == "NATO");
    CHECK(doc.meta.countries == Strings{"Japan", "Ukraine", "China"});
    CHECK(doc.text == "Heading");

    Document dc = dossier::extract_html(
        "<meta name=\"dc.type\" content=\"Report\">"
        "<meta name=\"dc.publisher\" content=\"Meridian\">");
    CHECK(dc.meta.type == "report");
    CHECK(dc.meta.source == "Meridian");
}

TEST_CASE("HTML titles fall back to the first h1", "[extract]") {
    CHECK(dossier::extract_html("<body><p>intro</p><h1>The <em>Real</em> Title"
                                "</h1><h1>Second</h1></body>")
              .meta.title == "The Real Title");
    CHECK(
        dossier::extract_html("<title>  </title><h1>Heading</h1>").meta.title ==
        "Heading");
    CHECK(dossier::extract_html("<p>Only a paragraph</p>").meta.title ==
          "Only a paragraph");
    CHECK(
        dossier::extract_html("<title>Leaders&rsquo; Communiqu&eacute;</title>")
            .meta.title == "Leaders\xE2\x80\x99 Communiqu\xC3\xA9");
}

TEST_CASE("malformed HTML does not throw", "[extract]") {
    const char* cases[] = {
        "",
        "<",
        "<p>unclosed <b>tags <i>everywhere",
        "</div></div><p>stray closers",
        "<html><body><script>never closed",
        "\xFF\xFE<p>bad bytes \x92</p>",
    };
    for (const char* html : cases) {
        CAPTURE(html);
        CHECK_NOTHROW(dossier::extract_html(html));
    }
    CHECK(dossier::extract_html("<p>it\x92s</p>").text == "it's");
    std::string deep;
    for (int i = 0; i < 20000; ++i) deep += "<div>";
    deep += "deep";
    CHECK(dossier::extract_html(deep).text == "deep");
}

TEST_CASE("extract_file reads a file by its extension", "[extract]") {
    TempDir dir;
    fs::path file = dir.write("statement.txt", kHeaderText);
    Document doc = dossier::extract_file(file);
    CHECK(doc.key == file.string());
    CHECK(doc.path == file.string());
    CHECK(doc.format == "text");
    CHECK(doc.meta.title == "Joint Statement on Cyber Norms");
    CHECK(doc.text == "Both sides agree on norms.\n");

    fs::path html = dir.write("page.htm", "<title>Page</title><p>Hello</p>");
    Document page = dossier::extract_file(html);
    CHECK(page.format == "html");
    CHECK(page.meta.title == "Page");
    CHECK(page.text == "Hello");
}

TEST_CASE("extract_file inflates a .txt.gz file", "[extract]") {
    TempDir dir;
    fs::path file = dir.write("briefing.txt.gz", gzip_stored(kHeaderText));
    Document doc = dossier::extract_file(file);
    CHECK(doc.format == "text");
    CHECK(doc.meta.title == "Joint Statement on Cyber Norms");
    CHECK(doc.text == "Both sides agree on norms.\n");
}

TEST_CASE("extract_file trusts the magic number, not the .gz name",
          "[extract]") {
    TempDir dir;
    // Named .gz but not compressed: read as the inner format.
    fs::path plain =
        dir.write("notes.md.gz", "# Plain Notes\n\nNot compressed.\n");
    Document notes = dossier::extract_file(plain);
    CHECK(notes.format == "markdown");
    CHECK(notes.meta.title == "Plain Notes");
    // Compressed without a .gz name: inflated all the same.
    fs::path hidden = dir.write("report.md", gzip_stored("# Zipped\n\nBody\n"));
    Document report = dossier::extract_file(hidden);
    CHECK(report.meta.title == "Zipped");
    CHECK(report.text == "# Zipped\n\nBody\n");
}

TEST_CASE("extract_file rejects broken gzip data", "[extract]") {
    TempDir dir;
    std::string gz = gzip_stored(kHeaderText);
    fs::path truncated = dir.write("t.txt.gz", gz.substr(0, gz.size() / 2));
    CHECK_THROWS_WITH(dossier::extract_file(truncated),
                      Catch::Contains("truncated gzip data"));
    fs::path empty = dir.write("e.txt.gz", gzip_stored(""));
    CHECK_THROWS_WITH(dossier::extract_file(empty), "empty file");
}

TEST_CASE("extract_file rejects binary junk", "[extract]") {
    TempDir dir;
    std::string junk;
    for (int i = 0; i < 64; ++i) {
        junk += std::string("\x01\x00\x02\x00\x7f\x00\xff\x00junkjunk", 16);
    }
    CHECK_THROWS_WITH(dossier::extract_file(dir.write("junk.txt", junk)),
                      "not a text file (binary data)");
    CHECK_THROWS_WITH(dossier::extract_file(dir.write("doc.txt", "%PDF-1.7\n")),
                      "not a text file (binary data)");
    // A lone NUL in otherwise good text is cleaned away, not fatal.
    Document doc = dossier::extract_file(
        dir.write("nul.txt", std::string("Title line\nstray\0nul\n", 21)));
    CHECK(doc.text == "Title line\nstraynul\n");
}

TEST_CASE("extract_file rejects an empty file", "[extract]") {
    TempDir dir;
    CHECK_THROWS_WITH(dossier::extract_file(dir.write("empty.txt", "")),
                      "empty file");
    // White space alone, after a BOM or inflated, is no more a document;
    // the indexer tells these apart from failures by their type.
    for (const std::string& blank : {std::string("\n  \n\t\r\n"), std::string("\xEF\xBB\xBF \n"),
                                     gzip_stored(" \n\n")}) {
        CHECK_THROWS_AS(dossier::extract_file(dir.write("blank.md", blank)), dossier::EmptyFileError);
    }
    CHECK_THROWS_AS(dossier::extract_file(dir.write("empty.txt", "")), dossier::EmptyFileError);
}

TEST_CASE("extract_file reports files it cannot read", "[extract]") {
    TempDir dir;
    CHECK_THROWS_WITH(dossier::extract_file(dir.path() / "missing.txt"),
                      Catch::StartsWith("cannot read: "));
    fs::create_directory(dir.path() / "folder.txt");
    CHECK_THROWS_WITH(dossier::extract_file(dir.path() / "folder.txt"),
                      Catch::StartsWith("cannot read: "));
}

TEST_CASE("extract_file titles fall back to the file name", "[extract]") {
    TempDir dir;
    // Front matter without a title, and no text after it.
    Document doc = dossier::extract_file(dir.write("blank.txt", "---\ndate: 2020\n---\n\n"));
    CHECK(doc.meta.title == "blank.txt");
    Document html = dossier::extract_file(dir.write("bare.html", "<br>"));
    CHECK(html.meta.title == "bare.html");
}

#ifdef DOSSIER_TESTDATA
TEST_CASE("the test corpus extracts as documented", "[extract]") {
    const fs::path root = fs::path(DOSSIER_TESTDATA) / "corpus";
    struct Case {
        const char* path;
        const char* title;
        const char* date;
        const char* type;
        const char* source;
    };
    const Case cases[] = {
        {"g7/2023-05-20-hiroshima-summit.html",
         "G7 Hiroshima Leaders\xE2\x80\x99 Communiqu\xC3\xA9", "2023-05-20",
         "communique", "G7"},
        {"nato/2021-06-14-brussels-summit.md",
         "BRUSSELS SUMMIT COMMUNIQU\xC3\x89", "2021-06-14", "communique",
         "NATO"},
        {"nato/2023-07-11-vilnius-summit.md.gz", "Vilnius Summit Communique",
         "2023-07-11", "communique", "NATO"},
        {"whitehouse/2022-10-12-strategy-briefing.txt.gz",
         "Background Press Briefing on the National Security Strategy",
         "2022-10-12", "press-briefing", "White House"},
        {"un/2017-12-22-sanctions-briefing.html.gz",
         "Briefing on New Sanctions Measures", "2017-12-22", "press-briefing",
         "UN Security Council"},
        {"misc/gulf-of-aden-remarks.txt",
         // No metadata: the type is detected from the title "Remarks".
         "Remarks on maritime security in the Gulf of Aden", "", "speech", ""},
        {"asean/2023-09-05-jakarta-statement.md",
         "Chairman's Statement of the 43rd ASEAN Summit", "2023-09-05",
         "statement", "ASEAN"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.path);
        Document doc = dossier::extract_file(root / c.path);
        CHECK(doc.meta.title == c.title);
        CHECK(doc.meta.date.to_string() == c.date);
        CHECK(doc.meta.type == c.type);
        CHECK(doc.meta.source == c.source);
    }
}

TEST_CASE("the broken inputs fail or repair as documented", "[extract]") {
    const fs::path broken = fs::path(DOSSIER_TESTDATA) / "broken";
    const char* failing[] = {"empty.txt", "junk.txt", "truncated.md.gz",
                             "bad-frontmatter.md", "bad-yaml.md"};
    for (const char* name : failing) {
        CAPTURE(name);
        CHECK_THROWS_AS(dossier::extract_file(broken / name), Error);
    }
    Document doc = dossier::extract_file(broken / "invalid-utf8.txt");
    CHECK(doc.text.find("d\xC3\xA9tente") != std::string::npos);
    CHECK_NOTHROW(dossier::extract_file(broken / "good.md"));
}
#endif
