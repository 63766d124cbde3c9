#include "dossier/date.h"

#include <cstdio>
#include <string>

#include "dossier/error.h"

namespace dossier {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

// Reads exactly n digits at pos; -1 when they are not all there.
int read_digits(std::string_view text, std::size_t pos, std::size_t n) {
    if (pos + n > text.size()) return -1;
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!is_digit(text[i])) return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

std::string make_key(int year, int month, int day) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", year, month, day);
    return buffer;
}

struct Ymd {
    int year;
    int month;
    int day;
};

// Keys are produced by first_day_key()/last_day_key(); anything else is a
// caller bug, reported as an empty result rather than a crash.
bool split_key(std::string_view key, Ymd& out) {
    if (key.size() != 8) return false;
    out.year = read_digits(key, 0, 4);
    out.month = read_digits(key, 4, 2);
    out.day = read_digits(key, 6, 2);
    return out.year >= 0 && out.month >= 1 && out.month <= 12 && out.day >= 1 &&
           out.day <= days_in_month(out.year, out.month);
}

}  // namespace

int days_in_month(int year, int month) {
    static const int kDays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    if (month == 2 && is_leap(year)) return 29;
    return kDays[month - 1];
}

std::optional<Date> Date::parse(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);

    Date date;
    date.year = read_digits(text, 0, 4);
    if (date.year < 1000) return std::nullopt;
    date.precision = Precision::kYear;
    if (text.size() == 4) return date;

    if (text[4] != '-') return std::nullopt;
    date.month = read_digits(text, 5, 2);
    if (date.month < 1 || date.month > 12) return std::nullopt;
    date.precision = Precision::kMonth;
    if (text.size() == 7) return date;

    if (text[7] != '-') return std::nullopt;
    date.day = read_digits(text, 8, 2);
    if (date.day < 1 || date.day > days_in_month(date.year, date.month)) {
        return std::nullopt;
    }
    date.precision = Precision::kDay;
    if (text.size() == 10) return date;

    // A timestamp: the date, 'T' or a space, then a time we do not keep.
    char sep = text[10];
    if ((sep == 'T' || sep == 't' || sep == ' ') && text.size() > 11 &&
        is_digit(text[11])) {
        return date;
    }
    return std::nullopt;
}

Date Date::parse_or_throw(std::string_view text) {
    if (std::optional<Date> date = parse(text)) return *date;
    const std::string given(text);
    // A well-formed day that the calendar lacks gets its own reason.
    int year = 0, month = 0, day = 0;
    char tail = 0;
    if (std::sscanf(given.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3 && year >= 1000 &&
        month >= 1 && month <= 12 && given.size() == 10)
        throw Error("bad date '" + given + "': " + given.substr(0, 7) + " has no day " + std::to_string(day));
    throw Error("bad date '" + given + "': expected YYYY, YYYY-MM or YYYY-MM-DD");
}

std::string Date::to_string() const {
    char buffer[32];
    switch (precision) {
        case Precision::kYear:
            std::snprintf(buffer, sizeof buffer, "%04d", year);
            return buffer;
        case Precision::kMonth:
            std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
            return buffer;
        case Precision::kDay:
            std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month,
                          day);
            return buffer;
        case Precision::kNone:
            break;
    }
    return std::string();
}

std::string Date::first_day_key() const {
    switch (precision) {
        case Precision::kYear:
            return make_key(year, 1, 1);
        case Precision::kMonth:
            return make_key(year, month, 1);
        case Precision::kDay:
            return make_key(year, month, day);
        case Precision::kNone:
            break;
    }
    return std::string();
}

std::string Date::last_day_key() const {
    switch (precision) {
        case Precision::kYear:
            return make_key(year, 12, 31);
        case Precision::kMonth:
            return make_key(year, month, days_in_month(year, month));
        case Precision::kDay:
            return make_key(year, month, day);
        case Precision::kNone:
            break;
    }
    return std::string();
}

std::string Date::precision_name() const {
    switch (precision) {
        case Precision::kYear:
            return "year";
        case Precision::kMonth:
            return "month";
        case Precision::kDay:
            return "day";
        case Precision::kNone:
            break;
    }
    return "none";
}

std::string previous_day_key(std::string_view key) {
    Ymd d;
    if (!split_key(key, d)) return std::string();
    if (--d.day == 0) {
        if (--d.month == 0) {
            d.month = 12;
            --d.year;
        }
        d.day = days_in_month(d.year, d.month);
    }
    return make_key(d.year, d.month, d.day);
}

std::string next_day_key(std::string_view key) {
    Ymd d;
    if (!split_key(key, d)) return std::string();
    if (++d.day > days_in_month(d.year, d.month)) {
        d.day = 1;
        if (++d.month > 12) {
            d.month = 1;
            ++d.year;
        }
    }
    return make_key(d.year, d.month, d.day);
}

}  // namespace dossier
