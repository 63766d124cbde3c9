#include "detect.h"

#include <catch2/catch.hpp>

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
