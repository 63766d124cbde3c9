#include "metadata.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "detect.h"
#include "dossier/error.h"

using dossier::Error;
using dossier::Metadata;
using Strings = std::vector<std::string>;

namespace {

Metadata front_matter(const std::string& yaml) {
    Metadata meta;
    dossier::parse_front_matter(yaml, meta);
    return meta;
}

}  // namespace

TEST_CASE("split_front_matter separates YAML from the body", "[metadata]") {
    auto fm = dossier::split_front_matter("---\ntitle: A\n---\nBody\n");
    REQUIRE(fm);
    CHECK(fm->yaml == "title: A\n");
    CHECK(fm->body == "Body\n");
}

TEST_CASE("split_front_matter accepts a BOM, CRLF and a '...' end",
          "[metadata]") {
    auto bom = dossier::split_front_matter("\xEF\xBB\xBF---\ntitle: A\n---\nB");
    REQUIRE(bom);
    CHECK(bom->body == "B");
    auto crlf = dossier::split_front_matter("---\r\ntitle: A\r\n---\r\nB\r\n");
    REQUIRE(crlf);
    CHECK(crlf->yaml == "title: A\r\n");
    CHECK(crlf->body == "B\r\n");
    auto dots = dossier::split_front_matter("---\ntitle: A\n...\nB");
    REQUIRE(dots);
    CHECK(dots->body == "B");
    auto nothing_after = dossier::split_front_matter("---\ntitle: A\n---");
    REQUIRE(nothing_after);
    CHECK(nothing_after->body.empty());
}

TEST_CASE("split_front_matter finds none without an opening line",
          "[metadata]") {
    const char* cases[] = {
        "",
        "Title: Not YAML\n",
        "text\n---\ntitle: A\n---\n",
        "----\ntitle: A\n----\n",
        " ---\ntitle: A\n---\n",
    };
    for (const char* content : cases) {
        CAPTURE(content);
        CHECK_FALSE(dossier::split_front_matter(content));
    }
}

TEST_CASE("unterminated front matter is an error", "[metadata]") {
    CHECK_THROWS_AS(dossier::split_front_matter("---\ntitle: A\nbody text\n"),
                    Error);
    CHECK_THROWS_WITH(dossier::split_front_matter("---\n"),
                      Catch::Contains("unterminated front matter"));
}

TEST_CASE("front matter fields are read with quoted values", "[metadata]") {
    Metadata meta = front_matter(
        "title: \"Brussels Summit: Declaration\"\n"
        "date: 2018-07-11\n"
        "type: 'Declaration'\n"
        "source: NATO\n"
        "author: Jens Stoltenberg\n"
        "countries: [Belgium, \"North Korea\"]\n"
        "url: https://example.org/a?b=c\n");
    CHECK(meta.title == "Brussels Summit: Declaration");
    CHECK(meta.date.to_string() == "2018-07-11");
    CHECK(meta.type == "declaration");
    CHECK(meta.source == "NATO");
    CHECK(meta.authors == Strings{"Jens Stoltenberg"});
    CHECK(meta.countries == Strings{"Belgium", "North Korea"});
    CHECK(meta.url == "https://example.org/a?b=c");
}

TEST_CASE("front matter lists may be flow, block or one string", "[metadata]") {
    struct Case {
        const char* yaml;
        Strings authors;
    };
    const Case cases[] = {
        {"authors: [Ann Lee, Bo Chen]\n", {"Ann Lee", "Bo Chen"}},
        {"authors:\n  - Ann Lee\n  - Bo Chen\n", {"Ann Lee", "Bo Chen"}},
        {"authors: Ann Lee; Bo Chen\n", {"Ann Lee", "Bo Chen"}},
        {"authors: Ann Lee, Bo Chen\n", {"Ann Lee", "Bo Chen"}},
        {"authors: \"Lee, Ann; Chen, Bo\"\n", {"Lee, Ann", "Chen, Bo"}},
        {"author: Ann Lee\n", {"Ann Lee"}},
        {"author: Ann Lee\nauthors: [Bo Chen, Ann Lee]\n",
         {"Ann Lee", "Bo Chen"}},
        {"authors: []\n", {}},
        {"authors:\n", {}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.yaml);
        CHECK(front_matter(c.yaml).authors == c.authors);
    }
}

TEST_CASE("front matter keys are case-insensitive", "[metadata]") {
    Metadata meta = front_matter("Title: T\nDATE: 2019\nCountry: France\n");
    CHECK(meta.title == "T");
    CHECK(meta.date.to_string() == "2019");
    CHECK(meta.countries == Strings{"France"});
}

TEST_CASE("front matter decodes YAML escapes to UTF-8", "[metadata]") {
    Metadata meta = front_matter(
        "type: \"COMMUNIQU\\xC9\"\n"
        "title: \"Caf\\u00e9 \\u2019s\"\n");
    CHECK(meta.type == "communique");
    CHECK(meta.title == "Caf\xC3\xA9 \xE2\x80\x99s");

    Metadata raw = front_matter("title: \"COMMUNIQU\\xC9\"\n");
    CHECK(raw.title == "COMMUNIQU\xC3\x89");
}

TEST_CASE("quoted front matter values are read as YAML reads them, on one line or several", "[metadata]") {
    struct Case {
        const char* yaml;
        const char* title;
    };
    const Case cases[] = {
        {"title: \"Press Briefing by Press Secretary Ada\\_Lee, June 3,\\_2031\"\n",
         "Press Briefing by Press Secretary Ada\xC2\xA0Lee, June 3,\xC2\xA0" "2031"},
        {"title: \"President Norberg\\u2019s Harbour Plan\"\n", "President Norberg\xE2\x80\x99s Harbour Plan"},
        {"title: \"Caf\\xE9 \\\"Vilmar\\\" \\\\ 1\\/2\"\n", "Caf\xC3\xA9 \"Vilmar\" \\ 1/2"},
        // A line break is folded into a space, trailing spaces dropped; an
        // escaped one joins the lines, and "\ " keeps a space.
        {"title: \"Remarks by the President at the\n  Harbour Summit\"\n", "Remarks by the President at the Harbour Summit"},
        {"title: \"Remarks at the   \n    Harbour Summit\"\n", "Remarks at the Harbour Summit"},
        {"title: \"Remarks at the Harbour\\\n  \\ Summit of 2031\"\n", "Remarks at the Harbour Summit of 2031"},
        {"title: \"Harbour\\\n  Summit\"\n", "HarbourSummit"},
        {"title: 'It''s the Harbour Summit: day 1'\n", "It's the Harbour Summit: day 1"},
        {"title: Plain title with a#hash and a url http://example.org/a\n",
         "Plain title with a#hash and a url http://example.org/a"},
        // Not simple lines: read by the YAML parser all the same.
        {"title: Plain title # a comment\n", "Plain title"},
        {"title: 'Folded single\n  quotes'\n", "Folded single quotes"},
        {"title: \"Tab\\tescape\"\n", "Tab\tescape"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.yaml);
        Metadata meta = front_matter(std::string("date: '2031-06-03'\n") + c.yaml + "tags: press-briefings\n");
        CHECK(meta.title == c.title);
        CHECK(meta.date.to_string() == "2031-06-03");
        CHECK(meta.tags == Strings{"press-briefings"});
    }
}

TEST_CASE("tags and categories name the type only when it is a known one", "[metadata]") {
    struct Case {
        const char* yaml;
        const char* type;
        const char* type_source;
        Strings tags;
    };
    const std::vector<Case> cases = {
        {"tags: [Interview, nato]\n", "interview", "tag", {"nato"}},
        {"tags:\n  - Speech\n  - UN\n", "speech", "tag", {"UN"}},
        {"tags: Press Release\n", "statement", "tag", {}},
        {"tags: speech, transcript\n", "speech", "tag", {"transcript"}},
        {"tags: [speech]\ntype: Interview\n", "interview", "metadata", {"speech"}},
        {"type: Interview\ntags: [speech]\n", "interview", "metadata", {"speech"}},
        // A web site's sections are tags, every item of them; detection
        // decides the type.
        {"tags: statements-releases\n", "", "", {"statements-releases"}},
        {"tags: [press-briefings, energy]\n", "", "", {"press-briefings", "energy"}},
        {"tags: [energy, Joint Statement]\n", "joint-statement", "tag", {"energy"}},
        {"categories: [Remarks, Climate]\n", "speech", "tag", {"Climate"}},
        {"categories: Climate; Energy\ntags: [ports]\n", "", "", {"Climate", "Energy", "ports"}},
        {"type: statements-releases\n", "", "", {"statements-releases"}},
        {"type: Policy Paper\ntags: [Communiqu\u00e9]\n", "communique", "tag", {"policy paper"}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.yaml);
        Metadata meta = front_matter(c.yaml);
        dossier::resolve_metadata_type(meta);
        CHECK(meta.type == c.type);
        CHECK(meta.type_source == c.type_source);
        CHECK(meta.tags == c.tags);
    }
}

TEST_CASE("publisher and site_name stand in for source, source_url for url", "[metadata]") {
    struct Case {
        const char* yaml;
        const char* source;
        const char* source_source;
        const char* url;
    };
    const Case cases[] = {
        {"publisher: OSCE\n", "OSCE", "metadata", ""},
        {"publisher: OSCE\nsource: NATO\n", "NATO", "metadata", ""},
        {"site_name: WhiteHouse.gov\nsource: NATO\n", "NATO", "metadata", ""},
        {"site_name: Meridian Review\n", "Meridian Review", "site-name", ""},
        {"source_url: https://example.org/a\n", "", "", "https://example.org/a"},
        {"url: https://example.org/b\nsource_url: https://example.org/a\n", "", "", "https://example.org/b"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.yaml);
        Metadata meta = front_matter(c.yaml);
        CHECK(meta.source == c.source);
        CHECK(meta.source_source == c.source_source);
        CHECK(meta.url == c.url);
    }
}

TEST_CASE("front matter dates keep their precision", "[metadata]") {
    struct Case {
        const char* yaml;
        const char* date;
    };
    const Case cases[] = {
        {"date: 2019\n", "2019"},
        {"date: 2019-06\n", "2019-06"},
        {"date: '2019-06-14'\n", "2019-06-14"},
        {"date: 2019-06-14T10:00:00Z\n", "2019-06-14"},
        {"date: 2019-06-14 10:00:00\n", "2019-06-14"},
        {"date:\n", ""},
        {"date: ''\n", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.yaml);
        CHECK(front_matter(c.yaml).date.to_string() == c.date);
    }
}

TEST_CASE("a bad date in front matter is an error", "[metadata]") {
    CHECK_THROWS_WITH(front_matter("date: 2019-02-30\n"),
                      "bad date '2019-02-30' in front matter");
    CHECK_THROWS_AS(front_matter("date: June 2019\n"), Error);
    CHECK_THROWS_AS(front_matter("date: [2019]\n"), Error);
}

TEST_CASE("malformed YAML is an error naming the front matter", "[metadata]") {
    const char* cases[] = {
        "title: [unclosed\n",
        "- a\nb: c\n",
        "a: b\n  c: d\n: :\n",
        "just a line of text\n",
    };
    for (const char* yaml : cases) {
        CAPTURE(yaml);
        CHECK_THROWS_WITH(front_matter(yaml),
                          Catch::StartsWith("bad front matter"));
    }
}

TEST_CASE("empty front matter and unknown keys are ignored", "[metadata]") {
    Metadata meta = front_matter("");
    CHECK(meta.title.empty());
    meta = front_matter("# only a comment\n");
    CHECK(meta.title.empty());
    meta = front_matter("keywords: [a, b]\nlayout: post\ntitle: T\n");
    CHECK(meta.title == "T");
}

TEST_CASE("huge front matter is refused", "[metadata]") {
    std::string yaml = "title: T\n";
    while (yaml.size() <= (std::size_t(1) << 20)) yaml += "# padding line\n";
    CHECK_THROWS_AS(front_matter(yaml), Error);
}

TEST_CASE("YAML aliases do not expand into huge values", "[metadata]") {
    std::string yaml = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; ++c, ++prev) {
        yaml += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i)
            yaml += std::string(i ? ", *" : "*") + prev;
        yaml += "]\n";
    }
    yaml += "authors: *k\ntitle: Bomb\n";
    Metadata meta = front_matter(yaml);
    CHECK(meta.title == "Bomb");
    CHECK(meta.authors.empty());
}

TEST_CASE("header lines fill metadata and report their size", "[metadata]") {
    const std::string content =
        "Title: Joint Statement\n"
        "date: 2019-06-14\n"
        "TYPE: Communiqu\xC3\xA9\n"
        "Source: OSCE\n"
        "Authors: Ann Lee; Bo Chen\n"
        "Countries: South Korea, North Korea\n"
        "URL: https://example.org/x\n"
        "\n"
        "Body text.\n";
    Metadata meta;
    std::size_t size = dossier::parse_header_lines(content, meta);
    CHECK(content.substr(size) == "Body text.\n");
    CHECK(meta.title == "Joint Statement");
    CHECK(meta.date.to_string() == "2019-06-14");
    CHECK(meta.type == "communique");
    CHECK(meta.source == "OSCE");
    CHECK(meta.authors == Strings{"Ann Lee", "Bo Chen"});
    CHECK(meta.countries == Strings{"South Korea", "North Korea"});
    CHECK(meta.url == "https://example.org/x");
}

TEST_CASE("header lines stop at the first line that is not one", "[metadata]") {
    struct Case {
        const char* content;
        std::size_t size;
    };
    const Case cases[] = {
        {"Just text.\nTitle: Late\n", 0},
        {"Note: something\nTitle: X\n\n", 0},
        {"https://example.org\n", 0},
        {"", 0},
        {"\nTitle: After blank\n", 0},
        {"Title: X\nSomething else\n", 9},
        {"Title: X\r\n\r\nBody", 12},
        {"Title: X", 8},
        {"Country: France\nAuthor: A\n   \nBody", 30},
    };
    for (const Case& c : cases) {
        CAPTURE(c.content);
        Metadata meta;
        CHECK(dossier::parse_header_lines(c.content, meta) == c.size);
    }
}

TEST_CASE("an unreadable header date leaves the document undated",
          "[metadata]") {
    Metadata meta;
    std::size_t size = dossier::parse_header_lines(
        "Title: X\nDate: sometime in June\n\nB", meta);
    CHECK(size == 33);
    CHECK(meta.title == "X");
    CHECK_FALSE(meta.date.is_dated());
}

TEST_CASE("split_list prefers semicolons to commas", "[metadata]") {
    struct Case {
        const char* text;
        Strings items;
    };
    const Case cases[] = {
        {"a, b ,c", {"a", "b", "c"}},
        {"Lee, Ann; Chen, Bo", {"Lee, Ann", "Chen, Bo"}},
        {" ; a;;b; ", {"a", "b"}},
        {"single", {"single"}},
        {"", {}},
        {" , ", {}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        CHECK(dossier::split_list(c.text) == c.items);
    }
}

TEST_CASE("normalise_type folds case and accents", "[metadata]") {
    CHECK(dossier::normalise_type(" Communiqu\xC3\xA9 ") == "communique");
    CHECK(dossier::normalise_type("Press  Release") == "press release");
}
