#include "detect.h"

#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

#include "sources.h"
#include "text.h"

using dossier::Date;
using dossier::detect_date_in_file_name;
using dossier::detect_date_in_text;
using dossier::detect_type;
using dossier::Document;

namespace {

std::string date_of(std::string_view text) {
    auto guess = detect_date_in_text(text);
    return guess ? guess->date.to_string() + " " + guess->source : "none";
}

std::string type_of(std::string_view title, std::string_view text) {
    auto guess = detect_type(title, text);
    return guess ? guess->type + " " + guess->source : "none";
}

}  // namespace

TEST_CASE("English dates are read in words and ISO form, never as ambiguous numbers", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"14 June 2021", "2021-06-14"},
        {"04 Dec. 2019", "2019-12-04"},
        {"June 14, 2021", "2021-06-14"},
        {"Sept. 3, 2001", "2001-09-03"},
        {"the 4th of July", ""},
        {"13-15 June 2021", "2021-06-15"},
        {"1st March 2020", "2020-03-01"},
        {"OCTOBER 1998", "1998-10"},
        {"2021-06-14", "2021-06-14"},
        {"14.06.2021", ""},
        {"06/14/2021", ""},
        {"31 February 2020", "2020-02"},  // no such day: the month stands
        {"we may 2021 reconsider", ""},
        {"in 1066 June", ""},
    };
    for (const auto& [text, expected] : cases) {
        CAPTURE(text);
        auto date = dossier::parse_english_date(text);
        CHECK((date ? date->to_string() : "") == expected);
    }
}

TEST_CASE("datelines and headings near the top give the date", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Joint Statement\n\nBrussels, 14 June 2021\n\nThe leaders met.", "2021-06-14 dateline"},
        {"Declaration\nIssued on 04 Dec. 2019\nText.", "2019-12-04 dateline"},
        {"Resolution 1695 (2006)\n\nAdopted by the Security Council at its 5490th meeting, on 15 July 2006\n",
         "2006-07-15 dateline"},
        {"THE WHITE HOUSE\nOCTOBER 1998\n\nA NATIONAL SECURITY STRATEGY", "1998-10 dateline"},
        {"THE WHITE HOUSE / OCTOBER 1998", "1998-10 dateline"},
        {"WASHINGTON, D.C., June 14, 2021 - The Secretary met", "2021-06-14 dateline"},
        {"Monday, 3 May 2021\n\nText", "2021-05-03 dateline"},
        {"Title\n\nOn 5 October 2017, ministers agreed.", "2017-10-05 text"},
        {"No date here at all.\nNor here.", "none"},
    };
    for (const auto& [text, expected] : cases) {
        CAPTURE(text);
        CHECK(date_of(text) == expected);
    }
}

TEST_CASE("cited dates never win over the document's own date", "[detect]") {
    // A citation alone is no date; with a dateline further down, the
    // dateline wins even though the citation comes first.
    CHECK(date_of("Reaffirming resolution 825 (1993) of 11 May 1993,\n") == "none");
    CHECK(date_of("Recalling resolution 825 (1993) of 11 May 1993,\n\nNew York, 15 July 2006\n") ==
          "2006-07-15 dateline");
    CHECK(date_of("We recall the Declaration of 5 May 1999 and act.") == "none");
    CHECK(date_of("The freeze has held since 21 October 1994.") == "none");
    CHECK(date_of("Communique\n\nWe recall the Summit Communique of 13 June 2021.\n\n"
                  "Body text.\n\nDone at Elmau on 28 June 2022.") == "2022-06-28 dateline");
}

TEST_CASE("file names give a day, a month or a year", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"1998_national_security_strategy.txt", "1998"},
        {"2019-03-12_statement.txt", "2019-03-12"},
        {"20190312-statement.pdf", "2019-03-12"},
        {"2018-12-milan.md", "2018-12"},
        {"resolution-1695.txt", ""},
        {"report-v2.txt", ""},
        {"2019-13-40-bad.txt", "2019"},
    };
    for (const auto& [name, expected] : cases) {
        CAPTURE(name);
        auto guess = detect_date_in_file_name(name);
        CHECK((guess ? guess->date.to_string() : "") == expected);
        if (guess) CHECK(guess->source == "filename");
    }
}

TEST_CASE("document types come from titles, sections, openings, turns and bylines", "[detect]") {
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"Washington Summit Declaration", "", "declaration title"},
        {"Final Communiqué of the North Atlantic Council", "", "communique title"},
        {"Joint Statement on Cyber Commitments", "", "joint-statement title"},
        {"Joint Leaders Statement on a Trilateral Security Partnership", "", "joint-statement title"},
        {"Resolution 1695 (2006)", "", "resolution title"},
        {"A National Security Strategy for a New Century", "", "strategy title"},
        {"Report on the Declaration of Principles", "", "report title"},
        {"Remarks by the President in Prague", "", "speech title"},
        {"Background Press Briefing on the National Security Strategy", "", "press-briefing title"},
        {"Background Press Call by Senior Administration Officials on Taiwan", "", "press-briefing title"},
        {"On-the-Record Press Call by the Trade Representative", "", "press-briefing title"},
        {"Statement by the Press Secretary on Nuclear Tests", "", "statement title"},
        {"Interview with the Special Envoy", "", "interview title"},
        {"Policy Brief on Pacific Island Security", "", "report title"},
        {"", "Interviews | Security\n\nThe minister on deterrence\n", "interview section"},
        {"", "Home > Speeches > 2021\n\nText", "speech section"},
        {"Untitled", "We, the Heads of State and Government of the Alliance, met.", "declaration opening"},
        {"Untitled", "The Security Council,\n\nRecalling its resolutions,", "resolution opening"},
        {"Untitled", "Good morning. It is a pleasure to be here.", "speech opening"},
        {"The minister", "Q: What changed?\nA: Everything.\nQ: And now?\nA: We wait.\n", "interview turns"},
        {"Department Press Briefing", "Q: One?\nMR SMITH: No.\nQ: Two?\nMR SMITH: Yes.\n", "press-briefing title"},
        {"On deterrence", "By Helen Marsh\n\nThe leaders met.", "article byline"},
        {"Annual Threat Assessment of the Intelligence Community", "", "report title"},
        {"Transcript: the Minister on the Pacific",
         "INTERVIEWER: Thank you for joining us.\nMINISTER: My pleasure.\nINTERVIEWER: What now?\n"
         "MINISTER: More.\n",
         "interview turns"},
        {"Sea Lanes and Strategic Competition in Asia", "Prose without markers.", "none"},
    };
    for (const auto& [title, text, expected] : cases) {
        CAPTURE(title, text);
        CHECK(type_of(title, text) == expected);
    }
}

TEST_CASE("detect_metadata keeps metadata and records where values came from", "[detect]") {
    SECTION("metadata wins and is marked as such") {
        Document doc;
        doc.meta.date = *Date::parse("2001-02-03");
        doc.meta.type = "speech";
        doc.text = "Brussels, 14 June 2021\n\nJoint Statement";
        dossier::detect_metadata(doc, "1999_report.txt");
        CHECK(doc.meta.date.to_string() == "2001-02-03");
        CHECK(doc.meta.date_source == "metadata");
        CHECK(doc.meta.type == "speech");
        CHECK(doc.meta.type_source == "metadata");
    }
    SECTION("a dateline beats the PDF Info date, which beats the file name") {
        Document doc;
        doc.meta.date = *Date::parse("2015-01-01");
        doc.meta.date_source = "pdf-info";
        doc.text = "Strategy\n\nOCTOBER 1998\n";
        dossier::detect_metadata(doc, "2010_strategy.pdf");
        CHECK(doc.meta.date.to_string() == "1998-10");
        CHECK(doc.meta.date_source == "dateline");
        CHECK(doc.meta.date_evidence == "OCTOBER 1998");

        Document info;
        info.meta.date = *Date::parse("2015-01-01");
        info.meta.date_source = "pdf-info";
        info.text = "No date.";
        dossier::detect_metadata(info, "2010_strategy.pdf");
        CHECK(info.meta.date.to_string() == "2015-01-01");
        CHECK(info.meta.date_source == "pdf-info");
    }
    SECTION("the file name beats a plain date of the text") {
        Document doc;
        doc.text = "On 5 October 2017, ministers agreed.";
        dossier::detect_metadata(doc, "2019-03-12_note.txt");
        CHECK(doc.meta.date.to_string() == "2019-03-12");
        CHECK(doc.meta.date_source == "filename");
        CHECK(doc.meta.date_evidence == "2019-03-12_note.txt");
    }
    SECTION("nothing found leaves the document undated and untyped") {
        Document doc;
        doc.meta.title = "Notes";
        doc.text = "Plain words.";
        dossier::detect_metadata(doc, "notes.txt");
        CHECK_FALSE(doc.meta.date.is_dated());
        CHECK(doc.meta.date_source.empty());
        CHECK(doc.meta.type.empty());
        CHECK(doc.meta.type_source.empty());
    }
}

namespace {

std::string title_of(std::string_view text) {
    auto guess = dossier::detect_title(text);
    return guess ? guess->title + " | " + guess->source : "none";
}

}  // namespace

TEST_CASE("titles pass over mastheads and scan junk and prefer a designation line", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        // Scanned resolutions: the masthead comes first.
        {"UNITEDUNITED\nNATIONS\nS\n\nSecurity Council\nDistr.\nGENERAL\n\nS/RES/893 (1994)\n6 January 1994\n\n"
         "RESOLUTION 893 (1994)\n\nAdopted by the Security Council at its 3330th meeting, on 6 January 1994\n",
         "RESOLUTION 893 (1994) | designation"},
        {"UNITED\nS\nResolution 1392 (2002)\nAdopted by the Security Council at its 4465th meeting\n",
         "Resolution 1392 (2002) | designation"},
        // A designation a few lines down beats an earlier plain line.
        {"Maritime Affairs Bulletin\n\nJoint Statement on the Safety of Undersea Cables\n\nThe ministers met.\n",
         "Joint Statement on the Safety of Undersea Cables | designation"},
        {"Declaration on the Arctic Council\n\nThe ministers met.\n",
         "Declaration on the Arctic Council | designation"},
        // A byline naming the interviewer and the publication is not the title.
        {"Charting the Northern Straits\n\nInterview by Mara Velden for The Diplomat\n\nAdmiral Tova Rensdal "
         "speaks about patrols, rescue centres and the fishing fleets of the straits.\n",
         "Charting the Northern Straits | cover"},
        {"By Ann Lee, The Diplomat\n\nPorts and Power\n\nThe ports grew for a decade and then stopped.\n",
         "Ports and Power | cover"},
        // OCR covers: producer titles, one-word lines and letter-spaced dates.
        {"Microsoft Word - Nssr1ms.doc\ndDocs\nNATIONAL\nF E B R U A R Y 2 0 1 5 NAT IONA L SECURITY STRATEGY\n\n"
         "A National Security Strategy\nof Engagement and Enlargement\n\nTHE WHITE HOUSE\n",
         "A National Security Strategy of Engagement and Enlargement | cover"},
        {"A NATIONAL\nSECURITY STRATEGY\nOF ENGAGEMENT AND\nENLARGEMENT\n\nPreface\n",
         "A NATIONAL SECURITY STRATEGY OF ENGAGEMENT AND ENLARGEMENT | cover"},
        {"TABLE OF CONTENTS\n\nA National Security Strategy for a New Century\n",
         "A National Security Strategy for a New Century | cover"},
        {"THE WHITE HOUSE\nOCTOBER 1998\n\nA NATIONAL SECURITY STRATEGY FOR A NEW CENTURY\n\nPreface\n",
         "A NATIONAL SECURITY STRATEGY FOR A NEW CENTURY | cover"},
        // A title run on to the next line is joined; a dateline is no title.
        {"New York, September 22, 2023\n\nJoint Statement of the Foreign Ministers of Australia, Japan, New Zealand and\n"
         "the Republic of Korea\n\nThe ministers met.\n",
         "Joint Statement of the Foreign Ministers of Australia, Japan, New Zealand and the Republic of Korea | "
         "designation"},
        // Sections, captions and bylines are passed over.
        {"Interviews | Security\n\nThe minister on deterrence in the Baltic\n\nPublished 3 March 2022\n",
         "The minister on deterrence in the Baltic | cover"},
        {"Why the Quad matters\n\nBy Helen Marsh\n\nThe leaders met.\n", "Why the Quad matters | cover"},
        // A good first line stays; the next sentence is not joined to it.
        {"Remarks on maritime security in the Gulf of Aden\n\nPirates, ships and patrols.\n",
         "Remarks on maritime security in the Gulf of Aden | cover"},
        {"First line here\nbody", "First line here | cover"},
        // Nothing looks like a title: the first line that is no junk.
        {"UNITED\n\nWe, the Heads of State and Government of the North Atlantic Alliance, have\n"
         "gathered in Vilnius at a time of grave danger.\n",
         "We, the Heads of State and Government of the North Atlantic Alliance, have | first-line"},
        {"UNITED\nS\n12\n", "none"},
        {"", "none"},
    };
    for (const auto& [text, expected] : cases) {
        CAPTURE(text);
        CHECK(title_of(text) == expected);
    }
}

TEST_CASE("title junk is recognised and named", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"S", "too short"},
        {"UNITEDUNITED", "one word"},
        {"dDocs", "one word"},
        {"F E B R U A R Y 2 0 1 5 NAT IONA L SECURITY STRATEGY", "letter-spaced"},
        {"TABLE OF CONTENTS", "page furniture"},
        {"THE WHITE HOUSE", "page furniture"},
        {"Distr. GENERAL", "page furniture"},
        {"Microsoft Word - Nssr1ms.doc", "producer title"},
        {"nss 2015 final.pdf", "file name"},
        {"S/RES/893 (1994)", "document symbol"},
        {"Interviews | Security", "section line"},
        {"Credit: NATO", "caption"},
        {"By Helen Marsh", "byline"},
        {"Q: What changed?", "turn"},
        {"New York, 22 September 2031", "date line"},
        {"DECEMBER 2000", "date line"},
        {"A National Security Strategy", ""},
        {"Resolution 2999 (2031)", ""},
        {"Arctic Security Outlook: Annual Report", ""},
    };
    for (const auto& [line, expected] : cases) {
        CAPTURE(line);
        CHECK(dossier::title_junk_reason(line) == expected);
    }
}

TEST_CASE("dates in captions, credit lines and then- contexts are refused with a reason", "[detect]") {
    struct Case {
        std::string text;
        std::string date;     // what detect_date_in_text gives
        std::string refused;  // the refused date and the start of its reason
    };
    const std::vector<Case> cases = {
        {"NATO and Partners\n\nLeft to right: the Prime Minister; then-Prime Minister Hipkins; and the President "
         "meet during the July 2023 NATO Vilnius Summit.\n\nCredit: NATO\n",
         "none", "2023-07 a photo caption"},
        {"Radar network expands\n\nA mast at Vessby, 3 June 2030. (AP Photo/Lena Fisk)\n\nText.\n", "none",
         "2030-06-03 a credit line"},
        {"Photo: the harbour on 3 June 2030\n\nText.\n", "none", "2030-06-03 a credit line"},
        {"Image: ministers in May 2029\n", "none", "2029-05 a credit line"},
        {"Notes\n\nThe then-minister opened the port in May 2029 to traffic.\n", "none", "2029-05 a \"then-\""},
        // A refused caption does not hide the dateline.
        {"Credit: NATO, 11 July 2023\n\nBrussels, 14 June 2024\n", "2024-06-14 dateline", "2023-07-11 a credit line"},
        {"Title\n\nOn 5 October 2017, ministers agreed.", "2017-10-05 text", ""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        std::optional<dossier::RefusedDate> refused;
        auto guess = detect_date_in_text(c.text, &refused);
        CHECK((guess ? guess->date.to_string() + " " + guess->source : "none") == c.date);
        std::string got = refused ? refused->date.to_string() + " " + refused->reason : "";
        CHECK(got.substr(0, c.refused.size()) == c.refused);
        CHECK(got.empty() == c.refused.empty());
    }
}

TEST_CASE("a date heading on the cover or first page beats a year in the file name", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"THE WHITE HOUSE DECEMBER 2000\n\nA NATIONAL SECURITY STRATEGY\n", "2000-12 dateline"},
        {"THE WHITE HOUSE / DECEMBER 2000\n", "2000-12 dateline"},
        {"A National Security Strategy\n\nD E C E M B E R 2 0 0 0\n", "2000-12 dateline"},
    };
    for (const auto& [text, expected] : cases) {
        CAPTURE(text);
        Document doc;
        doc.text = text;
        dossier::detect_metadata(doc, "2001.txt");
        CHECK(doc.meta.date.to_string() + " " + doc.meta.date_source == expected);
    }
    // Below a long table of contents, still on the first page.
    std::string toc = "A NATIONAL SECURITY STRATEGY\n\nTABLE OF CONTENTS\n";
    for (int i = 1; i <= 40; ++i) toc += "Chapter " + std::to_string(i) + " .......... " + std::to_string(i * 3) + "\n";
    Document doc;
    doc.text = toc + "\nTHE WHITE HOUSE\nDECEMBER 2000\n\nPreface\n";
    dossier::detect_metadata(doc, "2001.txt");
    CHECK(doc.meta.date.to_string() == "2000-12");
    CHECK(doc.meta.date_source == "dateline");
    // A year in running text still loses to the file name.
    Document plain;
    plain.text = "Strategy notes\n\nIn 2000 the world changed.\n";
    dossier::detect_metadata(plain, "2001.txt");
    CHECK(plain.meta.date.to_string() == "2001");
    CHECK(plain.meta.date_source == "filename");
}

TEST_CASE("detect_metadata replaces fallback and junk titles, never metadata titles", "[detect]") {
    const std::string cover = "UNITED\nS\nResolution 2999 (2031)\nAdopted by the Security Council.\n";
    struct Case {
        std::string title;
        std::string source;
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"UNITED", "first-line", "Resolution 2999 (2031) designation"},
        {"resolution.txt", "filename", "Resolution 2999 (2031) designation"},
        {"", "", "Resolution 2999 (2031) designation"},
        {"Microsoft Word - res2999.doc", "pdf-info", "Resolution 2999 (2031) designation"},
        {"Cable Protection", "pdf-info", "Cable Protection pdf-info"},
        {"UNITED", "metadata", "UNITED metadata"},
        {"Given by the caller", "", "Given by the caller metadata"},
        {"Heading", "heading", "Heading heading"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.title, c.source);
        Document doc;
        doc.meta.title = c.title;
        doc.meta.title_source = c.source;
        doc.text = cover;
        dossier::detect_metadata(doc, "resolution.txt");
        CHECK(doc.meta.title + " " + doc.meta.title_source == c.expected);
        CHECK(doc.meta.type == "resolution");
    }
    SECTION("a refused caption date is recorded and the document stays undated") {
        Document doc;
        doc.text = "Ports\n\nLeft to right: then-Minister Vakil meets during the May 2029 opening.\n";
        dossier::detect_metadata(doc, "ports.txt");
        CHECK_FALSE(doc.meta.date.is_dated());
        CHECK(doc.meta.date_refused.rfind("2029-05: a photo caption", 0) == 0);
        CHECK(doc.meta.date_refused.find("May 2029 opening") != std::string::npos);
    }
}

TEST_CASE("a 10 MB line without a newline is read as running text, not matched", "[detect]") {
    const std::string line(10 * 1000 * 1000, 'w');
    CHECK(title_of(line) == "none");
    CHECK(title_of(line + "\n\nA Title Below\n") == "none");  // the cover ended at the long line
    CHECK(dossier::title_junk_reason(line) == "too long");
    Document doc;
    doc.meta.title = "first words";
    doc.meta.title_source = "first-line";
    doc.text = line;
    dossier::detect_metadata(doc, "long.txt");
    CHECK(doc.meta.title == "first words");
}

TEST_CASE("metadata types are known types or their aliases, section names are not", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"communique", "communique"},
        {"Communiqu\xC3\xA9", "communique"},
        {"COMMUNIQU\xC3\x89", "communique"},
        {"Joint Statement", "joint-statement"},
        {"joint_statement", "joint-statement"},
        {"press briefing", "press-briefing"},
        {"Press Conference", "press-briefing"},
        {"remarks", "speech"},
        {"Press Release", "statement"},
        {"op-ed", "article"},
        {"Strategic Concept", "strategy"},
        {"Fact Sheet", "fact-sheet"},
        {"read-out", "readout"},
        {"Proclamation", "proclamation"},
        {"open letter", "letter"},
        {"fact-sheets", "none"},
        {"statements-releases", "none"},
        {"press-briefings", "none"},
        {"briefing-room", "none"},
        {"energy", "none"},
        {"", "none"},
    };
    for (const auto& [value, type] : cases) {
        CAPTURE(value);
        CHECK(dossier::known_type(value).value_or("none") == type);
    }
    // Every type the detector produces is a known type of its own name.
    for (const auto& known : dossier::known_types()) CHECK(dossier::known_type(known.type) == known.type);
}

TEST_CASE("publishers come from hosts, mastheads and credit lines", "[detect][sources]") {
    auto url = [](std::string_view u) {
        auto guess = dossier::source_from_url(u);
        return guess ? guess->source + " " + guess->kind + " " + guess->evidence : "none";
    };
    CHECK(url("https://www.whitehouse.gov/briefing-room/x/") == "The White House url whitehouse.gov");
    CHECK(url("https://bidenwhitehouse.archives.gov/briefing-room/") ==
          "The White House url bidenwhitehouse.archives.gov");
    CHECK(url("https://press.un.org/en/2031/sc1.doc.htm") == "United Nations url press.un.org");
    CHECK(url("https://thediplomat.com/2031/05/x/") == "The Diplomat url thediplomat.com");
    CHECK(url("https://notwhitehouse.gov/") == "none");
    CHECK(url("https://example.org/un.org") == "none");
    CHECK(url("") == "none");

    auto text = [](std::string_view t) {
        auto guess = dossier::source_from_text(t);
        return guess ? guess->source + " " + guess->kind + ": " + guess->evidence : "none";
    };
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"THE WHITE HOUSE\n\nOffice of the Press Secretary\n\nStatement\n",
         "The White House masthead: THE WHITE HOUSE"},
        {"Office of the Press Secretary\nFor Immediate Release\n",
         "The White House masthead: Office of the Press Secretary"},
        {"THE WHITE HOUSE DECEMBER 2000\n\nA National Security Strategy\n",
         "The White House masthead: THE WHITE HOUSE DECEMBER 2000"},
        {"UNITEDUNITED\nNATIONS\nS\n\nSecurity Council\nDistr.\n", "United Nations masthead: Security Council"},
        {"United Nations\n\nS/PRST/2031/7\n", "United Nations masthead: United Nations"},
        {"Title\n\nInterview by Mara Velden for The Diplomat\n\nText.\n",
         "The Diplomat credit: Interview by Mara Velden for The Diplomat"},
        {"Title\n\nText.\n\nCredit: The Diplomat\n", "The Diplomat credit: Credit: The Diplomat"},
        {"Ports\n\nThe Diplomat author Mara Velden talks to experts.\n",
         "The Diplomat credit: The Diplomat author Mara Velden talks to experts."},
        {"Ports\n\nThe Diplomat authorities said nothing.\n", "none"},
        // Running text that names a publisher says nothing about who
        // published it.
        {"Ports\n\nThe White House said on Monday that the ports would open.\n", "none"},
        {"Ports\n\nShe told The Diplomat that the patrols were not enough.\n", "none"},
        {"Ports\n\nThe United Nations will meet.\n", "none"},
    };
    for (const auto& [input, expected] : cases) {
        CAPTURE(input);
        CHECK(text(input) == expected);
    }

    CHECK(dossier::publisher_name("WhiteHouse.gov") == "The White House");
    CHECK(dossier::publisher_name("the white house") == "The White House");
    CHECK(dossier::publisher_name(" Meridian Review ") == "Meridian Review");
}

TEST_CASE("metadata sources win over detected ones, and detection records its evidence", "[detect][sources]") {
    Document doc;
    doc.text = "THE WHITE HOUSE\n\nStatement\n\nText.\n";
    doc.meta.source = "NATO";
    dossier::detect_metadata(doc, "");
    CHECK(doc.meta.source == "NATO");
    CHECK(doc.meta.source_source == "metadata");

    Document site;
    site.text = "Text.\n";
    site.meta.source = "whitehouse.gov";
    site.meta.source_source = "site-name";
    dossier::detect_metadata(site, "");
    CHECK(site.meta.source == "The White House");
    CHECK(site.meta.source_source == "site-name");

    Document by_url;
    by_url.text = "United Nations\n\nText.\n";
    by_url.meta.url = "https://www.nato.int/cps/en/natohq/x.htm";
    dossier::detect_metadata(by_url, "");
    CHECK(by_url.meta.source == "NATO");
    CHECK(by_url.meta.source_source == "url");
    CHECK(by_url.meta.source_evidence == "nato.int");

    Document raw;
    raw.text = "United Nations\n\nText.\n";
    dossier::detect_metadata(raw, "");
    CHECK(raw.meta.source == "United Nations");
    CHECK(raw.meta.source_source == "masthead");
    CHECK(raw.meta.source_evidence == "United Nations");
}

TEST_CASE("fact sheets, readouts, proclamations and letters are types, and a label before a colon names the type",
          "[detect]") {
    // A label names the document whatever it is about.
    CHECK(type_of("FACT SHEET: U.S. Strategy on Countering Corruption", "") == "fact-sheet title");
    CHECK(type_of("Fact Sheet: Administration Announces Actions to Address Coastal Resilience", "") ==
          "fact-sheet title");
    CHECK(type_of("Joint Fact Sheet: Partners Renew Their Maritime Dialogue", "") == "fact-sheet title");
    CHECK(type_of("The Vilmar Communique: A Joint Statement of Two Governments", "") == "communique title");
    // A word taking a complement is the head noun.
    CHECK(type_of("Readout of the President's Call with the Prime Minister of Norland", "") == "readout title");
    CHECK(type_of("Readout from the Meeting on the Joint Declaration", "") == "readout title");
    CHECK(type_of("A Proclamation on Coastal Heritage Week, 2031", "") == "proclamation title");
    CHECK(type_of("Letter to the Speaker of the House on the Continuation of the National Emergency", "") ==
          "letter title");
    // Without a label the last type word stays the head noun.
    CHECK(type_of("Annual Report Strategy", "") == "strategy title");
    // A colon inside a title that starts with no type word changes nothing.
    CHECK(type_of("Ports: Remarks by the Minister", "") == "speech title");
    // Sections in the plural name them too.
    CHECK(type_of("", "Home | Fact Sheets | Trade\nCoastal shipping rose.") == "fact-sheet section");
    CHECK(type_of("", "Home | Readouts\nThe ministers met.") == "readout section");
}

TEST_CASE("nominations, appointments and announcements are types of their own", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Nominations Sent to the Senate", "nomination"},
        {"Nomination and Withdrawal Sent to the Senate", "nomination"},
        {"Press Release: Withdrawal Sent to the Senate", "nomination"},
        {"President Norberg Announces Key Nominees", "nomination"},
        {"President Norberg Names Fourth Round of Judicial Nominees", "nomination"},
        {"President Norberg Makes Ninth Judicial Nominations Announcement", "nomination"},
        {"President Norberg Announces Intent to Nominate Ada Lee as Ambassador to Vilmar", "nomination"},
        {"President Norberg Nominates Ada Lee for Solicitor General", "nomination"},
        {"President Norberg Announces Nomination of Gen. Ada Lee to Serve as Chief of Staff", "nomination"},
        {"President Norberg to Nominate Ada Lee to Lead the Office of Harbour Policy", "nomination"},
        {"President Norberg Announces Key Appointments to Boards and Commissions", "appointment"},
        {"President Norberg Announces Presidential Delegation to Vilmar to Attend the Inauguration",
         "appointment"},
        {"President Norberg Appoints Members to the Coastal Heritage Commission", "appointment"},
        {"President Norberg Intends to Appoint Ada Lee as Commissioner of the Boundary Commission", "appointment"},
        {"President Norberg Announces Ada Lee as Senior Advisor for Ports", "appointment"},
        {"President Norberg Announces Twelfth Harbour Relief Flight", "announcement"},
        {"White House Announces Theme of the Spring Garden Tours", "announcement"},
        {"President Norberg to Host the Prime Minister of Vilmar", "announcement"},
        {"Announcement of the Coastal Resilience Summit", "announcement"},
        {"Media Advisory: Second Coastal Resilience Summit", "announcement"},
        // A noun that names a type wins over the verb of the headline.
        {"Administration Releases Report on Harbour Safety", "report"},
        {"White House Releases State Fact Sheets on the Ports Plan", "fact-sheet"},
    };
    for (const auto& [title, type] : cases) {
        CAPTURE(title);
        CHECK(type_of(title, "") == type + " title");
    }
}

TEST_CASE("presidential documents are types where their title begins with them", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Executive Order on the Coastal Resilience Council", "executive-order"},
        {"Memorandum on the Delegation of Authority Under the Harbour Act", "memorandum"},
        {"Memorandum for the Secretary of State on Refugee Admissions", "memorandum"},
        {"National Security Memorandum on Undersea Cables", "memorandum"},
        {"Presidential Memorandum to Promote Port Safety", "memorandum"},
        {"Message to the Congress on the Continuation of the National Emergency With Respect to Vilmar",
         "message"},
        {"A Message to the Senate on the Harbour Treaty", "message"},
        {"Presidential Message on the Anniversary of the Declaration of Independence", "message"},
        {"America 250: Presidential Message on the Birthday of a Founder", "message"},
        {"The President and First Lady\xE2\x80\x99s Message on Lighthouse Day", "message"},
        {"Notice on the Continuation of the National Emergency With Respect to Vilmar", "notice"},
        {"Press Release: Notice on the Continuation of the National Emergency", "notice"},
        {"Agreement Between the United States of America and Vilmar on Reciprocal Trade", "agreement"},
        {"Memorandum of Understanding Between the Governments of Norland and Vilmar", "agreement"},
        {"Bilateral Security Agreement Between Norland and Vilmar", "agreement"},
        {"Congressional Bill H.R. 1234 Signed into Law", "bill-action"},
        {"Press Release: Bills Signed: H.R. 12, H.R. 34", "bill-action"},
        {"Congressional Bill S. 56 Vetoed", "bill-action"},
        {"President Norberg Approves Coastal State Disaster Declaration", "disaster-declaration"},
        {"President Norberg Amends Harbour County Emergency Declaration", "disaster-declaration"},
        {"WHAT THEY ARE SAYING: Leaders Applaud the Nomination of Ada Lee", "roundup"},
        {"What They Are Reading in the States: Ports Reopen", "roundup"},
    };
    for (const auto& [title, type] : cases) {
        CAPTURE(title);
        CHECK(type_of(title, "") == type + " title");
    }
}

TEST_CASE("a document that mentions a nomination, an order or a message keeps its own type", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Remarks by President Norberg on the Nomination of Judge Ada Lee", "speech"},
        {"Remarks as Prepared for Delivery at the Meeting on the Harbour Declaration", "speech"},
        {"Statement by the Press Secretary on the President\xE2\x80\x99s Nominees", "statement"},
        {"Statement from President Norberg on Approving a Major Disaster Declaration", "statement"},
        {"Statement by the Press Secretary on the Memorandum of Understanding on Ports", "statement"},
        {"Readout of the Presidential Delegation\xE2\x80\x99s Meeting with the Prime Minister", "readout"},
        {"Joint Statement Between Norland and Vilmar on the Announcement of a Summit", "joint-statement"},
        {"FACT SHEET: President Norberg Announces Key Nominees", "fact-sheet"},
        {"Fact Sheet: Executive Order on Coastal Resilience", "fact-sheet"},
        {"Washington Summit Declaration", "declaration"},
        // A presidential document named further on is what the title talks
        // about, not what the document is.
        {"Administration Announces Actions Following the President\xE2\x80\x99s Executive Order", "announcement"},
        {"President Norberg Signs Executive Order on Coastal Resilience", "announcement"},
        {"First Lady\xE2\x80\x99s Visit Marks the Notice Period", "none"},
        // A purpose clause after a label is no plan announced.
        {"Harbour Summit: Strengthening Partnerships to Meet Shared Priorities", "none"},
    };
    for (const auto& [title, type] : cases) {
        CAPTURE(title);
        const std::string got = type_of(title, "");
        CHECK(got == (type == "none" ? "none" : type + " title"));
    }
}

TEST_CASE("types read in capitals and in other languages", "[detect]") {
    CHECK(type_of("VILMAR SUMMIT COMMUNIQU\xC3\x89", "") == "communique title");
    CHECK(type_of("D\xC3\xA9" "claration de Vilmar sur la s\xC3\xA9" "curit\xC3\xA9 maritime", "") ==
          "declaration title");
    CHECK(type_of("Declaraci\xC3\xB3n de Vilmar sobre Migraci\xC3\xB3n", "") == "declaration title");
    CHECK(type_of("Declara\xC3\xA7\xC3\xA3o de Vilmar sobre Migra\xC3\xA7\xC3\xA3o", "") == "declaration title");
    // A declaración by a president is a statement.
    CHECK(type_of("Declaraci\xC3\xB3n del Presidente ante el fallecimiento de Ada Lee", "") == "statement title");
    CHECK(type_of("Letters to the Speaker of the House and the President of the Senate on the Harbour Act", "") ==
          "letter title");
}

TEST_CASE("every type word of a title is found whatever its case", "[detect]") {
    // One title per type word: each must be found as written, in capitals
    // and in lower case (a word is looked for in a line before the line is
    // searched with the word's pattern).
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"What They Are Saying: Support for the Harbour Plan", "roundup"},
        {"Joint Statement of the Leaders of Norland and Vilmar", "joint-statement"},
        {"Vilmar Leaders\xE2\x80\x99 Communiqu\xC3\xA9", "communique"},
        {"Security Council Resolution 2231 on Vilmar", "resolution"},
        {"Harbour County Major Disaster Declaration", "disaster-declaration"},
        {"Declaraci\xC3\xB3n del Presidente sobre Vilmar", "statement"},
        {"D\xC3\xA9" "claration de Vilmar", "declaration"},
        {"Norland Maritime Strategy", "strategy"},
        {"Interview with the Minister of Vilmar", "interview"},
        {"Background Press Call on the Harbour Summit", "press-briefing"},
        {"Remarks by the President at the Harbour Summit", "speech"},
        {"Statement by the Press Secretary on Vilmar", "statement"},
        {"Annual Threat Assessment of Norland", "report"},
        {"Op-Ed by the Ambassador of Vilmar", "article"},
        {"Fact Sheet: New Steps for the Harbour", "fact-sheet"},
        {"Readout of the Call with the Prime Minister of Vilmar", "readout"},
        {"A Proclamation on Harbour Day", "proclamation"},
        {"Open Letter to the Parliament of Vilmar", "letter"},
        {"Nominations Sent to the Senate", "nomination"},
        {"Presidential Delegation to the Inauguration in Vilmar", "appointment"},
        {"Bills Signed on Friday", "bill-action"},
        {"Announcement of the Harbour Prize Winners", "announcement"},
        {"Memorandum of Understanding between Norland and Vilmar", "agreement"},
        {"Executive Order on Harbour Resilience", "executive-order"},
        {"Memorandum on Harbour Security", "memorandum"},
        {"Message to the Congress on Vilmar", "message"},
        {"Notice on the Continuation of the Harbour Emergency", "notice"},
        {"Media Advisory: The President\xE2\x80\x99s Schedule", "announcement"},
        {"President Norberg to Nominate Dr. Ada Lee", "nomination"},
        {"President Norberg Announces Dr. Ada Lee as Director of the Harbour Office", "appointment"},
        {"President Norberg Appoints Members of the Harbour Board", "appointment"},
        {"President Norberg Unveils the Harbour Plan", "announcement"},
        {"President Norberg to Host the Leaders of Vilmar", "announcement"},
    };
    for (const auto& [title, type] : cases) {
        for (const std::string& form : {title, dossier::ascii_upper(title), dossier::ascii_lower(title)}) {
            CAPTURE(form);
            CHECK(type_of(form, "") == type + " title");
        }
    }
}

TEST_CASE("running text near the top names no type, a heading does", "[detect]") {
    // Lines of a wrapped paragraph hold type words as any prose does.
    CHECK(type_of("Coastal Heritage Week",
                  "The emergency declared in 2029 continues beyond the anniversary date of\n"
                  "its declaration, the President said in his remarks to the Congress.\n") == "none");
    CHECK(type_of("First Lady Visits the Harbour",
                  "Today the First Lady delivered remarks at the harbour and spoke with the\n"
                  "crews about the new rescue centre.\n") == "none");
    CHECK(type_of("Ports", "the strategy set out last year\nis working.\n") == "none");
    // A heading standing alone still names the document.
    CHECK(type_of("Untitled", "MEMORANDUM FOR THE SECRETARY OF STATE\n\nSUBJECT: Harbour Security\n") ==
          "memorandum title");
    CHECK(type_of("Untitled", "BY THE PRESIDENT\nA PROCLAMATION\n\nThe harbours of the Nation...\n") ==
          "proclamation title");
    // The enacting words of an executive order.
    CHECK(type_of("Coastal Resilience",
                  "     By the authority vested in me as President by the Constitution and\n"
                  "the laws of the United States of America, it is hereby ordered as follows:\n") ==
          "executive-order opening");
    // Verbs count in the title only: a heading announcing something is no
    // announcement.
    CHECK(type_of("Untitled", "President Norberg Announces New Ports\n\nText.\n") == "none");
}

TEST_CASE("the new types are known types with their aliases", "[detect]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Executive Order", "executive-order"},
        {"executive_order", "executive-order"},
        {"memo", "memorandum"},
        {"National Security Memorandum", "memorandum"},
        {"Presidential Message", "message"},
        {"notice", "notice"},
        {"Nomination", "nomination"},
        {"appointment", "appointment"},
        {"Media Advisory", "announcement"},
        {"Disaster Declaration", "disaster-declaration"},
        {"signed into law", "bill-action"},
        {"Memorandum of Understanding", "agreement"},
        {"What They Are Saying", "roundup"},
        {"presidential-actions", "none"},
        {"executive-orders", "none"},
        {"nominations", "none"},
    };
    for (const auto& [value, type] : cases) {
        CAPTURE(value);
        CHECK(dossier::known_type(value).value_or("none") == type);
    }
}

TEST_CASE("the table of known types in docs/index-format.md lists every type the detector produces", "[detect]") {
    std::ifstream in(std::string(DOSSIER_TESTDATA) + "/../docs/index-format.md");
    REQUIRE(in);
    const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const auto& known : dossier::known_types()) {
        CAPTURE(known.type);
        CHECK(doc.find("| `" + known.type + "`") != std::string::npos);
    }
}
