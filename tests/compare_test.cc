#include "compare.h"

#include <chrono>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace dossier;

namespace {

std::string join_paragraphs(const std::vector<std::string>& paragraphs) {
    std::string out;
    for (const auto& p : paragraphs) out += p + "\n\n";
    return out;
}

/// "status a b" of each line, e.g. "changed 2 2", "added 0 3".
std::vector<std::string> outline(const Comparison& c) {
    std::vector<std::string> out;
    for (const auto& line : c.paragraphs)
        out.push_back(std::string(status_name(line.status)) + " " + std::to_string(line.a.index) + " " +
                      std::to_string(line.b.index) + (line.split ? " split" : "") + (line.joined ? " joined" : ""));
    return out;
}

const std::string kIntro = "We, the leaders of the Northern Alliance, met in Tallinn to renew our common purpose.";
const std::string kSea = "We remain committed to freedom of navigation in the northern sea lanes and oppose any "
                         "unilateral attempt to change the status quo by force.";
const std::string kEnergy = "Energy security is a shared responsibility and we will diversify our supplies.";
const std::string kClimate = "Climate change threatens the Arctic; we will cut emissions by half by 2030.";
const std::string kClose = "We thank Estonia for its hospitality and will meet again next year.";

}  // namespace

TEST_CASE("identical texts keep every paragraph", "[compare]") {
    const std::string text = join_paragraphs({kIntro, kSea, kEnergy});
    const Comparison c = compare_texts(text, text);
    CHECK(outline(c) == std::vector<std::string>{"kept 1 1", "kept 2 2", "kept 3 3"});
    CHECK(c.summary.kept == 3);
    CHECK(c.summary.changed + c.summary.added + c.summary.removed + c.summary.moved == 0);
}

TEST_CASE("a changed paragraph lists the words added and removed", "[compare]") {
    const std::string changed = "We remain committed to freedom of navigation in the northern sea lanes and the "
                                "Frost Strait and oppose any unilateral attempt to change the status quo by force.";
    const Comparison c = compare_texts(join_paragraphs({kIntro, kSea, kClose}), join_paragraphs({kIntro, changed, kClose}));
    REQUIRE(outline(c) == std::vector<std::string>{"kept 1 1", "changed 2 2", "kept 3 3"});
    const ParagraphChange& line = c.paragraphs[1];
    CHECK(line.added_words == std::vector<std::string>{"the", "Frost", "Strait", "and"});
    CHECK(line.removed_words.empty());
    CHECK(c.summary.changed == 1);
}

TEST_CASE("added and removed paragraphs stand where they were in reading order", "[compare]") {
    const Comparison c = compare_texts(join_paragraphs({kIntro, kEnergy, kClose}),
                                       join_paragraphs({kIntro, kClimate, kClose}));
    CHECK(outline(c) == std::vector<std::string>{"kept 1 1", "removed 2 0", "added 0 2", "kept 3 3"});
    CHECK(c.summary.added == 1);
    CHECK(c.summary.removed == 1);
}

TEST_CASE("a paragraph out of order is moved, the longest ordered run is kept", "[compare]") {
    const Comparison c = compare_texts(join_paragraphs({kIntro, kSea, kEnergy, kClimate, kClose}),
                                       join_paragraphs({kIntro, kEnergy, kClimate, kSea, kClose}));
    CHECK(outline(c) == std::vector<std::string>{"kept 1 1", "kept 3 2", "kept 4 3", "moved 2 4", "kept 5 5"});
    CHECK(c.summary.moved == 1);
}

TEST_CASE("a paragraph split in two is matched to both halves", "[compare]") {
    const std::string whole = kEnergy + " " + kClimate;
    const Comparison c = compare_texts(join_paragraphs({kIntro, whole, kClose}),
                                       join_paragraphs({kIntro, kEnergy, kClimate, kClose}));
    REQUIRE(outline(c) ==
            std::vector<std::string>{"kept 1 1", "changed 2 2 split", "changed 2 3 split", "kept 3 4"});
    CHECK(c.paragraphs[1].added_words.empty());
    CHECK(c.paragraphs[1].removed_words.empty());
    CHECK(c.summary.split == 1);
    CHECK(c.summary.changed == 2);
}

TEST_CASE("two paragraphs joined into one are both matched to it", "[compare]") {
    const std::string whole = kEnergy + " " + kClimate;
    const Comparison c = compare_texts(join_paragraphs({kIntro, kEnergy, kClimate, kClose}),
                                       join_paragraphs({kIntro, whole, kClose}));
    CHECK(outline(c) ==
          std::vector<std::string>{"kept 1 1", "changed 2 2 joined", "changed 3 2 joined", "kept 4 3"});
    CHECK(c.summary.joined == 1);
}

TEST_CASE("paragraphs below the similarity threshold are removed and added, not changed", "[compare]") {
    const Comparison c = compare_texts(join_paragraphs({kSea}), join_paragraphs({kClimate}));
    CHECK(outline(c) == std::vector<std::string>{"removed 1 0", "added 0 1"});
}

TEST_CASE("a filter keeps the lines where either side passes it", "[compare]") {
    CompareOptions options;
    options.filter = [](std::string_view text) { return text.find("Arctic") != std::string_view::npos; };
    const Comparison c = compare_texts(join_paragraphs({kIntro, kEnergy, kClose}),
                                       join_paragraphs({kIntro, kClimate, kClose}), options);
    CHECK(outline(c) == std::vector<std::string>{"added 0 2"});
    CHECK(c.summary.added == 1);
    CHECK(c.summary.kept == 0);
}

TEST_CASE("comparison of long texts is cut at the paragraph limit", "[compare]") {
    std::string a;
    for (int i = 0; i < 50; ++i) a += "Paragraph number " + std::to_string(i) + " says little.\n\n";
    CompareOptions options;
    options.max_paragraphs = 10;
    const Comparison c = compare_texts(a, a, options);
    CHECK(c.truncated);
    CHECK(c.paragraphs.size() == 10);
}

TEST_CASE("the word diff marks removed words where they stood", "[compare]") {
    const Comparison c = compare_texts("The alliance will meet in Oslo next year.",
                                       "The alliance will meet in Bergen next year.");
    REQUIRE(c.paragraphs.size() == 1);
    const auto& diff = c.paragraphs[0].diff;
    std::string marked;
    for (const auto& [word, mark] : diff) marked += (mark == 1 ? "+" : mark == 2 ? "-" : "") + word + " ";
    CHECK(marked == "The alliance will meet in -Oslo +Bergen next year. ");
}

TEST_CASE("comparing two long texts of unlike paragraphs stays bounded", "[compare]") {
    // Every paragraph unlike every other of the other text, all of one
    // size: no pair is ruled out by its size, each is compared.
    std::string a, b;
    for (int i = 0; i < 3000; ++i) {
        for (int w = 0; w < 40; ++w) a += "a" + std::to_string(i * 40 + w) + " ";
        a += "\n\n";
        for (int w = 0; w < 40; ++w) b += "b" + std::to_string(i * 40 + w) + " ";
        b += "\n\n";
    }
    const auto start = std::chrono::steady_clock::now();
    const Comparison c = compare_texts(a, b);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(c.truncated);
    CHECK(c.summary.removed == 1000);
    CHECK(c.summary.added == 1000);
    // About a second on a loaded machine; the limit only catches a blow-up.
    CHECK(seconds < 30);
}
