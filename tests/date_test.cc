#include "dossier/date.h"

#include <string>

#include <catch2/catch.hpp>

using dossier::Date;
using Precision = dossier::Date::Precision;

TEST_CASE("Date::parse keeps the precision it was given", "[date]") {
    struct Case {
        const char* text;
        const char* expected;
        Precision precision;
    };
    const Case cases[] = {
        {"2019", "2019", Precision::kYear},
        {"2019-06", "2019-06", Precision::kMonth},
        {"2019-06-14", "2019-06-14", Precision::kDay},
        {"  2019-06-14\n", "2019-06-14", Precision::kDay},
        {"2019-06-14T10:00:00Z", "2019-06-14", Precision::kDay},
        {"2019-06-14T10:00:00+02:00", "2019-06-14", Precision::kDay},
        {"2019-06-14 10:00", "2019-06-14", Precision::kDay},
        {"2020-02-29", "2020-02-29", Precision::kDay},
        {"2000-02-29", "2000-02-29", Precision::kDay},
        {"1000", "1000", Precision::kYear},
        {"9999-12-31", "9999-12-31", Precision::kDay},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        auto date = Date::parse(c.text);
        REQUIRE(date);
        CHECK(date->to_string() == c.expected);
        CHECK(date->precision == c.precision);
        CHECK(date->is_dated());
    }
}

TEST_CASE("Date::parse fills the fields", "[date]") {
    auto date = Date::parse("2019-06-14");
    REQUIRE(date);
    CHECK(date->year == 2019);
    CHECK(date->month == 6);
    CHECK(date->day == 14);
    auto month = Date::parse("2019-06");
    REQUIRE(month);
    CHECK(month->day == 0);
}

TEST_CASE("Date::parse rejects impossible and malformed dates", "[date]") {
    const char* cases[] = {
        "",           "   ",        "0000-00-00",  "0999",        "10000",
        "999",        "2019-02-30", "2019-02-29",  "1900-02-29",  "2019-13",
        "2019-00",    "2019-06-00", "2019-06-31",  "2019-6-14",   "2019/06/14",
        "14.06.2019", "June 2019",  "2019-06-14x", "2019-06-14T", "2019-",
        "2019-06-",   "20190614",   "-2019",       "2019 ",       "abcd",
    };
    for (const char* text : cases) {
        CAPTURE(text);
        // "2019 " is trimmed to a valid year; everything else is refused.
        if (std::string(text) == "2019 ") {
            CHECK(Date::parse(text));
            continue;
        }
        CHECK_FALSE(Date::parse(text));
    }
}

TEST_CASE("an undated Date prints as empty with precision none", "[date]") {
    Date date;
    CHECK_FALSE(date.is_dated());
    CHECK(date.to_string().empty());
    CHECK(date.precision_name() == "none");
}

TEST_CASE("precision names", "[date]") {
    CHECK(Date::parse("2019")->precision_name() == "year");
    CHECK(Date::parse("2019-01")->precision_name() == "month");
    CHECK(Date::parse("2019-01-02")->precision_name() == "day");
}

TEST_CASE("first and last day keys span the period", "[date]") {
    struct Case {
        const char* text;
        const char* first;
        const char* last;
    };
    const Case cases[] = {
        {"2019", "20190101", "20191231"},
        {"2019-06", "20190601", "20190630"},
        {"2019-02", "20190201", "20190228"},
        {"2020-02", "20200201", "20200229"},
        {"2000-02", "20000201", "20000229"},
        {"1900-02", "19000201", "19000228"},
        {"2019-12", "20191201", "20191231"},
        {"2019-06-14", "20190614", "20190614"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        auto date = Date::parse(c.text);
        REQUIRE(date);
        CHECK(date->first_day_key() == c.first);
        CHECK(date->last_day_key() == c.last);
    }
}

TEST_CASE("days_in_month follows the Gregorian calendar", "[date]") {
    CHECK(dossier::days_in_month(2019, 1) == 31);
    CHECK(dossier::days_in_month(2019, 2) == 28);
    CHECK(dossier::days_in_month(2024, 2) == 29);
    CHECK(dossier::days_in_month(2100, 2) == 28);
    CHECK(dossier::days_in_month(2400, 2) == 29);
    CHECK(dossier::days_in_month(2019, 4) == 30);
    CHECK(dossier::days_in_month(2019, 12) == 31);
}

TEST_CASE("previous and next day keys cross month and year ends", "[date]") {
    struct Case {
        const char* day;
        const char* next;
    };
    const Case cases[] = {
        {"20181231", "20190101"}, {"20190131", "20190201"},
        {"20190228", "20190301"}, {"20200228", "20200229"},
        {"20200229", "20200301"}, {"20190614", "20190615"},
        {"20190430", "20190501"}, {"19991231", "20000101"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.day);
        CHECK(dossier::next_day_key(c.day) == c.next);
        CHECK(dossier::previous_day_key(c.next) == c.day);
    }
}

TEST_CASE("day keys that are not dates give an empty key", "[date]") {
    CHECK(dossier::next_day_key("2019").empty());
    CHECK(dossier::previous_day_key("20190230").empty());
    CHECK(dossier::previous_day_key("abcdefgh").empty());
}
