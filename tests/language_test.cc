#include "language_detect.h"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "dossier/index_writer.h"
#include "language.h"
#include "text.h"

using dossier::detect_document_language;
using dossier::detect_language;
using dossier::Document;

namespace {

std::string testdata_text(const std::string& name) {
    std::ifstream in(std::string(DOSSIER_TESTDATA) + "/languages/" + name);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

}  // namespace

TEST_CASE("detection names the language of each test text", "[language]") {
    const std::pair<const char*, const char*> cases[] = {
        {"fr-sommet.txt", "fr"}, {"de-gipfel.txt", "de"}, {"es-cumbre.txt", "es"},
        {"ru-sammit.txt", "ru"}, {"zh-fenghui.txt", "zh"}, {"en-ivoire.txt", "en"},
    };
    for (const auto& [file, code] : cases) {
        INFO(file);
        CHECK(detect_language(testdata_text(file)) == code);
    }
}

TEST_CASE("detection tells Japanese and Korean by their scripts", "[language]") {
    CHECK(detect_language("北大西洋条約機構の首脳会議がビリニュスで開かれ、各国の首脳は欧州の安全保障について話し合いました。") == "ja");
    CHECK(detect_language("북대서양조약기구 정상회의가 빌뉴스에서 열렸으며 각국 정상들은 유럽 안보에 대해 논의했습니다.") == "ko");
}

TEST_CASE("detection is unsure of short texts", "[language]") {
    CHECK(detect_language("").empty());
    CHECK(detect_language("Sommet de l'OTAN").empty());
    CHECK(detect_language("La Chine et la Corée du Nord.").empty());
}

TEST_CASE("English about a foreign festival or summit stays English", "[language]") {
    // Many foreign names and phrases, but English function words outnumber
    // the foreign ones: the text is English.
    const std::string text =
        "For the third year in a row the White House is displaying a Dia de los Muertos ofrenda. "
        "Guests from the Casa de la Cultura and the Museo del Barrio joined the tour of the "
        "Fiesta de las Flores exhibit, which was opened on the first day of the week by the "
        "First Lady. Los Lobos and Mariachi Sol de Mexico played in the East Room, and the "
        "Ballet Folklorico de la Ciudad closed the evening with a dance from Oaxaca.";
    const std::string code = detect_language(text);
    CHECK((code.empty() || code == "en"));
}

TEST_CASE("plain English is English whatever names and phrases it quotes", "[language]") {
    // Far more English function words than any other language's: English,
    // not "unsure", even with many French names.
    const std::string text =
        "The ministers of the Conseil de l'Europe met in the Palais de la Musique et des Congres on "
        "Tuesday, and the Secretary said that the talks with the Comite des Ministres had been useful. "
        "The French delegation quoted the Declaration de Paris in full, and the meeting was closed by "
        "the chair of the Assemblee parlementaire with a call for a new round of talks in the spring.";
    CHECK(detect_language(text) == "en");
    // In capitals too: function words are compared in lower case.
    CHECK(detect_language(dossier::ascii_upper(text)) == "en");
}

TEST_CASE("a foreign text quoting English keeps its own language", "[language]") {
    const std::string text =
        "Le ministre a cité le communiqué de la Maison Blanche, « the United States stands with its "
        "allies », puis il a rappelé que les alliés de l'OTAN ont pris des engagements pour la "
        "sécurité de l'Europe. Dans leur déclaration, les chefs d'État ont demandé que les sanctions "
        "soient maintenues et que le dialogue avec les pays du Sud soit renforcé pour la paix.";
    CHECK(detect_language(text) == "fr");
}

TEST_CASE("a text half English, half French is unsure, not English by its function words", "[language]") {
    // Its English function words (12) are not twice its French ones (7):
    // the letter n-grams are read, and their French guess does not beat
    // the English words. Indexed as English, by default.
    const std::string text =
        "The leaders of the alliance met in Vilnius for a summit on the security of Europe and the "
        "threats that the members face. Les chefs d'État et de gouvernement de l'OTAN se sont "
        "réunis à Vilnius pour un sommet consacré à la sécurité européenne et aux menaces.";
    CHECK(detect_language(text).empty());
    Document doc;
    doc.text = text;
    detect_document_language(doc);
    CHECK(doc.meta.language == "en");
    CHECK(doc.meta.language_source == "default");
}

TEST_CASE("a document's language comes from its metadata first", "[language]") {
    Document doc;
    doc.text = testdata_text("fr-sommet.txt");
    doc.meta.language = "de-DE";
    detect_document_language(doc);
    CHECK(doc.meta.language == "de");
    CHECK(doc.meta.language_source == "metadata");

    doc.meta.language = "klingon";
    detect_document_language(doc);
    CHECK(doc.meta.language == "fr");
    CHECK(doc.meta.language_source == "text");

    doc.text = "A short note.";
    doc.meta.language.clear();
    detect_document_language(doc);
    CHECK(doc.meta.language == "en");
    CHECK(doc.meta.language_source == "default");
}

TEST_CASE("language names and codes of metadata become codes", "[language]") {
    using dossier::language_code;
    CHECK(language_code("fr") == "fr");
    CHECK(language_code("fr-FR") == "fr");
    CHECK(language_code("French") == "fr");
    CHECK(language_code("français") == "fr");
    CHECK(language_code("DEU") == "de");
    CHECK(language_code("zh_Hans") == "zh");
    CHECK(language_code("Русский") == "ru");
    CHECK(language_code("tlh").empty());
    CHECK(language_code("").empty());
}

TEST_CASE("accents fold off terms", "[language]") {
    using dossier::fold_accents;
    CHECK(fold_accents("côte") == "cote");
    CHECK(fold_accents("Zsécur") == "Zsecur");
    CHECK(fold_accents("straße") == "strasse");
    CHECK(fold_accents("ёлка") == "елка");
    CHECK(fold_accents("cote") == "cote");
    CHECK(fold_accents("中国") == "中国");
}

TEST_CASE("a document gets the stems of its language and accent-free twins", "[language]") {
    Document doc;
    doc.key = "fr";
    doc.text = "Le régime a été sanctionné.";
    doc.meta.language = "fr";
    dossier::DocumentBuilder builder;
    Xapian::Document xdoc = builder.build(doc).xdoc;
    std::vector<std::string> terms(xdoc.termlist_begin(), xdoc.termlist_end());
    auto has = [&](const std::string& t) { return std::find(terms.begin(), terms.end(), t) != terms.end(); };
    CHECK(has("Zsanction"));    // French stem of "sanctionné"
    CHECK(has("sanctionné"));   // the exact form
    CHECK(has("sanctionne"));   // its twin without accents
    CHECK(has("Zsanction"));    // and the twin's stem
    CHECK(has("XLfr"));
    CHECK(xdoc.get_value(dossier::schema::kSlotLanguage) == "fr");
}
