#include "text.h"

#include <string>

#include <catch2/catch.hpp>

using dossier::clean_text;
using dossier::cut_utf8;
using dossier::first_line_title;
using dossier::kMaxTitleBytes;
using dossier::one_line;
using dossier::fold_filter_value;
using dossier::repair_utf8;
using dossier::trim;

TEST_CASE("clean_text folds typographic quotes", "[text]") {
    struct Case {
        const char* input;
        const char* expected;
    };
    const Case cases[] = {
        {"People\xE2\x80\x99s", "People's"},
        {"\xE2\x80\x98quoted\xE2\x80\x99", "'quoted'"},
        {"\xE2\x80\x9C"
         "double\xE2\x80\x9D",
         "\"double\""},
        {"\xE2\x80\x9Elow\xE2\x80\x9C", "\"low\""},
        {"\xE2\x80\x9Asingle low\xE2\x80\x9B", "'single low'"},
        {"5\xE2\x80\xB2 6\xE2\x80\xB3", "5' 6\""},
        {"plain 'ascii' \"quotes\"", "plain 'ascii' \"quotes\""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(clean_text(c.input) == c.expected);
    }
}

TEST_CASE("clean_text removes invisible characters", "[text]") {
    struct Case {
        std::string input;
        std::string expected;
    };
    const Case cases[] = {
        {"secu\xC2\xADrity", "security"},        // soft hyphen
        {"zero\xE2\x80\x8Bwidth", "zerowidth"},  // U+200B
        {"join\xE2\x80\x8D"
         "ers",
         "joiners"},                               // U+200D
        {"\xEF\xBB\xBFwith BOM", "with BOM"},      // BOM
        {std::string("nul\0byte", 8), "nulbyte"},  // NUL
        {"word\xE2\x81\xA0joiner", "wordjoiner"},  // U+2060
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(clean_text(c.input) == c.expected);
    }
}

TEST_CASE("clean_text turns CRLF and CR into LF", "[text]") {
    CHECK(clean_text("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n");
    CHECK(clean_text("\r\n\r\n") == "\n\n");
    CHECK(clean_text("\r") == "\n");
}

TEST_CASE("clean_text keeps valid UTF-8 untouched", "[text]") {
    const std::string text =
        "Communiqu\xC3\xA9 \xE2\x80\x94 \xD0\x9C\xD0\xB8\xD1\x80 "
        "\xF0\x9F\x98\x80"
        " \xE4\xB8\xAD\xE6\x96\x87\n\ttab";
    CHECK(clean_text(text) == text);
    CHECK(repair_utf8(text) == text);
}

TEST_CASE("invalid UTF-8 is repaired as Latin-1 and Windows-1252", "[text]") {
    struct Case {
        std::string input;
        std::string expected;
    };
    const Case cases[] = {
        {"caf\xE9", "caf\xC3\xA9"},
        {"\xC9t\xE9", "\xC3\x89t\xC3\xA9"},
        {"na\xEFve", "na\xC3\xAFve"},
        {"\x93quoted\x94", "\xE2\x80\x9Cquoted\xE2\x80\x9D"},
        {"it\x92s", "it\xE2\x80\x99s"},
        {"euro \x80", "euro \xE2\x82\xAC"},
        {"\xC3", "\xC3\x83"},                              // truncated sequence
        {"\xC0\xAF", "\xC3\x80\xC2\xAF"},                  // overlong '/'
        {"\xED\xA0\x80", "\xC3\xAD\xC2\xA0\xE2\x82\xAC"},  // surrogate
        {"\xF5", "\xC3\xB5"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(repair_utf8(c.input) == c.expected);
    }
}

TEST_CASE("clean_text repairs before folding", "[text]") {
    // A cp1252 right quote becomes U+2019, which then folds to '.
    CHECK(clean_text("People\x92s caf\xE9") == "People's caf\xC3\xA9");
}

TEST_CASE("repair_utf8 changes nothing else", "[text]") {
    CHECK(repair_utf8("a\r\nb\xE2\x80\x99") == "a\r\nb\xE2\x80\x99");
    CHECK(repair_utf8("secu\xC2\xADrity") == "secu\xC2\xADrity");
}

TEST_CASE("fold_filter_value folds case, accents and spacing", "[text]") {
    struct Case {
        const char* input;
        const char* expected;
    };
    const Case cases[] = {
        {"Communiqu\xC3\xA9 ", "communique"},
        {"  COMMUNIQU\xC3\x89\t", "communique"},
        {"Joint   Statement", "joint statement"},
        {"North\n Korea", "north korea"},
        {"C\xC3\xB4te d\xE2\x80\x99Ivoire", "cote d'ivoire"},
        {"\xC3\x85land", "aland"},
        {"Stra\xC3\x9F"
         "e",
         "strasse"},
        {"\xC5\x81\xC3\xB3"
         "d\xC5\xBA",
         "lodz"},
        {"\xC5\x92uvre", "oeuvre"},
        {"Rom\xC3\xA2nia \xC8\x98i", "romania si"},
        {"\xC3\x98resund", "oresund"},
        {"non\xC2\xA0"
         "breaking",
         "non breaking"},
        {"\xD0\x9C\xD0\x98\xD0\xA0", "\xD0\xBC\xD0\xB8\xD1\x80"},
        {"", ""},
        {"   ", ""},
        {"NATO", "nato"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.input);
        CHECK(fold_filter_value(c.input) == c.expected);
    }
}

TEST_CASE("fold_filter_value repairs invalid UTF-8", "[text]") {
    CHECK(fold_filter_value("Communiqu\xE9") == "communique");
}

TEST_CASE("trim removes ASCII white space at both ends", "[text]") {
    CHECK(trim("  a b \t\r\n") == "a b");
    CHECK(trim("") == "");
    CHECK(trim(" \n ") == "");
    CHECK(trim("x") == "x");
}

TEST_CASE("index_form drops possessives and folds curly apostrophes", "[text]") {
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"China's navy", "China   navy"},
        {"People\xe2\x80\x99s Republic", "People   Republic"},
        {"CHINA'S", "CHINA  "},
        {"it's", "it  "},
        {"'s alone", "'s alone"},
        {"the s'more", "the s'more"},
        {"allies' views", "allies' views"},
        {"O'Sullivan", "O'Sullivan"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        CHECK(dossier::index_form(c.in) == c.out);
    }
}

TEST_CASE("filter values fold possessives like the text does", "[text]") {
    CHECK(dossier::fold_filter_value("People\xe2\x80\x99s Daily") == dossier::fold_filter_value("people's daily"));
    CHECK(dossier::fold_filter_value("People's Daily") == "people daily");
}

TEST_CASE("hyphenated compounds are found and joined", "[text]") {
    using V = std::vector<std::string>;
    CHECK(dossier::hyphen_compounds("The Indo-Pacific and a cyber-attack.") == V{"indopacific", "cyberattack"});
    CHECK(dossier::hyphen_compounds("post-Cold-War order") == V{"postcoldwar"});
    CHECK(dossier::hyphen_compounds("no - dash, trailing- and -leading").empty());
    CHECK(dossier::hyphen_compounds("G-7 and 2019-2020") == V{"g7", "20192020"});
}

TEST_CASE("a compound is joined only where its chain of words starts clean", "[text]") {
    using V = std::vector<std::string>;
    // A chain that a hyphen opens, or that follows a double hyphen, is no
    // compound, nor is the rest of it.
    CHECK(dossier::hyphen_compounds("-anti-missile").empty());
    CHECK(dossier::hyphen_compounds("x--anti-missile").empty());
    CHECK(dossier::hyphen_compounds("caf\xC3\xA9-Pacific and s\xC3\xA9" "curit\xC3\xA9-Asia").empty());
    // Far apart, after long runs of words without hyphens, and repeated.
    const std::string words(2000, 'a');
    CHECK(dossier::hyphen_compounds(words + " Indo-Pacific " + words + " " + words + " indo-pacific; well-known") ==
          V{"indopacific", "indopacific", "wellknown"});
    // The word before the hyphen starts the chain, however long it is.
    CHECK(dossier::hyphen_compounds("The " + words + "-b.") == V{});  // over 64 bytes joined: left out
    CHECK(dossier::hyphen_compounds("The abcdefgh-ijkl.") == V{"abcdefghijkl"});
}

TEST_CASE("cleaning and possessives are the same wherever a byte falls in a long text", "[text]") {
    // Long ASCII runs are read eight bytes at a time: a CR, a NUL, a curly
    // quote or a possessive at each offset of such a run is still seen.
    for (std::size_t offset = 0; offset < 24; ++offset) {
        CAPTURE(offset);
        const std::string before(offset, 'x');
        const std::string after(17, 'y');
        CHECK(dossier::clean_text(before + "\r\n" + after) == before + "\n" + after);
        CHECK(dossier::clean_text(before + std::string(1, '\0') + after) == before + after);
        CHECK(dossier::clean_text(before + "\xE2\x80\x99" + after) == before + "'" + after);
        CHECK(dossier::repair_utf8(before + "\xFF" + after) == before + "\xC3\xBF" + after);
        CHECK(dossier::index_form(before + " China's " + after) == before + " China   " + after);
        CHECK(dossier::index_form(before + " China\xE2\x80\x99s " + after) == before + " China   " + after);
    }
}

TEST_CASE("one_line collapses white space, no-break spaces included, and trims", "[text]") {
    CHECK(one_line("  North\t\tAtlantic \r\n Council \f") == "North Atlantic Council");
    CHECK(one_line("Indo\xC2\xA0Pacific") == "Indo Pacific");
    CHECK(one_line("\xC2\xA0 \n") == "");
    CHECK(one_line("caf\xC3\xA9 \xC2") == "caf\xC3\xA9 \xC2");  // a lone lead byte stays
}

TEST_CASE("cut_utf8 never splits a UTF-8 sequence", "[text]") {
    CHECK(cut_utf8("abc", 5) == "abc");
    CHECK(cut_utf8("abc", 2) == "ab");
    CHECK(cut_utf8("a\xC3\xA9", 2) == "a");       // é is two bytes
    CHECK(cut_utf8("\xE2\x80\x99x", 2).empty());  // ’ is three
}

TEST_CASE("first_line_title takes the first non-blank line, on one line and cut", "[text]") {
    CHECK(first_line_title("\n  \n  Joint   statement \nbody") == "Joint statement");
    CHECK(first_line_title(" \n\t\n").empty());
    std::string long_line(kMaxTitleBytes - 1, 'x');
    long_line += "\xC3\xA9 tail";
    std::string title = first_line_title(long_line);
    CHECK(title.size() == kMaxTitleBytes - 1);
    CHECK(title == std::string(kMaxTitleBytes - 1, 'x'));
}

TEST_CASE("count_chars counts UTF-8 characters, an invalid byte as one", "[text]") {
    CHECK(dossier::count_chars("") == 0);
    CHECK(dossier::count_chars("Kyiv") == 4);
    CHECK(dossier::count_chars("Côte d\xE2\x80\x99Ivoire") == 13);
    CHECK(dossier::count_chars("\xF0\x9F\x87\xBA") == 1);
    CHECK(dossier::count_chars("a\xFF" "b") == 3);
}
