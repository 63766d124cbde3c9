// Regression tests for hostile inputs found by the robustness tests and the
// fuzzers: each case once crashed, hung or was refused without need.

#include <chrono>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "dossier/error.h"
#include "dossier/extract.h"
#include "metadata.h"
#include "test_util.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string write_temp(const dossier_test::TempDir& dir, const std::string& name,
                       const std::string& bytes) {
    std::string path = (dir.path() / name).string();
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    return path;
}

std::string utf16(const std::string& ascii, bool big_endian) {
    std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
    for (char c : ascii) {
        out += big_endian ? '\0' : c;
        out += big_endian ? c : '\0';
    }
    return out;
}

}  // namespace

TEST_CASE("UTF-16 text with a byte order mark is converted, not refused as binary",
          "[hostile][extract]") {
    dossier_test::TempDir dir;
    std::string le = utf16("Title: Sixteen\n\nThe sixteen bits report.\n", false);
    // U+00E9 and a surrogate pair (U+1F600) in little-endian order.
    le += std::string("\xE9\x00\x3D\xD8\x00\xDE", 6);
    dossier::Document doc = dossier::extract_file(write_temp(dir, "le.txt", le));
    CHECK(doc.meta.title == "Sixteen");
    CHECK(doc.text.find("The sixteen bits report.") != std::string::npos);
    CHECK(doc.text.find("\xC3\xA9\xF0\x9F\x98\x80") != std::string::npos);

    doc = dossier::extract_file(write_temp(dir, "be.md", utf16("# Big end\n\nBody.\n", true)));
    CHECK(doc.meta.title == "Big end");

    // A lone surrogate and an odd last byte become U+FFFD.
    std::string odd = std::string("\xFF\xFE", 2) + std::string("a\0\x00\xD8z\0!", 7);
    doc = dossier::extract_file(write_temp(dir, "odd.txt", odd));
    CHECK(doc.text == "a\xEF\xBF\xBDz\xEF\xBF\xBD");
}

TEST_CASE("HTML nested 100,000 levels is extracted quickly without a crash",
          "[hostile][extract]") {
    std::string deep = "<html><head><title>Deep</title></head><body>";
    for (int i = 0; i < 100000; ++i) deep += "<div>";
    deep += "deepword";
    for (int i = 0; i < 100000; ++i) deep += "</div>";
    auto start = Clock::now();
    dossier::Document doc = dossier::extract_html(deep);
    CHECK(seconds_since(start) < 5);
    CHECK(doc.text.find("deepword") != std::string::npos);

    // Unclosed tables inside cells once overflowed the stack in the parser's
    // recursive clean-up.
    std::string unclosed = "<html><body>";
    for (int i = 0; i < 100000; ++i) unclosed += "<b><i><p><table><tr><td>";
    start = Clock::now();
    doc = dossier::extract_html(unclosed + "unclosedword");
    CHECK(seconds_since(start) < 5);
    CHECK(doc.text.find("unclosedword") != std::string::npos);
}

TEST_CASE("An HTML tag with 100,000 attributes is extracted quickly",
          "[hostile][extract]") {
    std::string html = "<html><body><p";
    for (int i = 0; i < 100000; ++i) html += " a" + std::to_string(i) + "='v'";
    auto start = Clock::now();
    dossier::Document doc = dossier::extract_html(html + ">attrword</p></body></html>");
    CHECK(seconds_since(start) < 5);
    CHECK(doc.text.find("attrword") != std::string::npos);
}

TEST_CASE("Ordinary nesting, scripts and SVG still go through the HTML parser",
          "[hostile][extract]") {
    // 3,000 levels of <div>, thousands of self-closed SVG paths and '<' in a
    // script are below the depth guard: metadata is still read.
    std::string html = "<html><head><title>Kept title</title><script>if (a<b && c<d) {}</script>"
                       "</head><body>";
    for (int i = 0; i < 3000; ++i) html += "<div>";
    for (int i = 0; i < 10000; ++i) html += "<svg><path d='M0 0'/></svg><p>para<li>item";
    html += "keptword";
    dossier::Document doc = dossier::extract_html(html);
    CHECK(doc.meta.title == "Kept title");
    CHECK(doc.text.find("keptword") != std::string::npos);
    CHECK(doc.text.find("if (a") == std::string::npos);
}

TEST_CASE("Deeply nested YAML front matter is refused with a reason, not a crash",
          "[hostile][metadata]") {
    dossier::Metadata meta;
    CHECK_THROWS_AS(dossier::parse_front_matter("title: " + std::string(100000, '['), meta),
                    dossier::Error);
    CHECK_THROWS_AS(dossier::parse_front_matter("title: " + std::string(50000, '{'), meta),
                    dossier::Error);
}
