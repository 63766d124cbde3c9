#pragma once
/// @file date.h
/// Calendar dates with a precision (year, month or day) and the filter
/// semantics of before:/after:/since:/until:.

#include <optional>
#include <string>
#include <string_view>

#include "dossier/export.h"

namespace dossier {

/// A publication date known to the year, the month or the day.
/// A default-constructed Date is undated (precision kNone).
struct DOSSIER_EXPORT Date {
    /// How much of the date is known.
    enum class Precision { kNone, kYear, kMonth, kDay };

    int year = 0;                          ///< e.g. 2019; 0 when undated.
    int month = 0;                         ///< 1-12, or 0 when unknown.
    int day = 0;                           ///< 1-31, or 0 when unknown.
    Precision precision = Precision::kNone;  ///< Which fields are meaningful.

    /// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (also a leading ISO timestamp
    /// such as "2019-06-14T10:00:00Z", of which only the date is kept).
    /// Returns nullopt for anything else, including impossible days such as
    /// 2019-02-30 and years outside 1000-9999.
    static std::optional<Date> parse(std::string_view text);

    /// As parse(), but throws dossier::Error with a one-line message naming
    /// text ("bad date '2019-02-30': expected YYYY, YYYY-MM or YYYY-MM-DD,
    /// a real day") instead of returning nullopt.
    static Date parse_or_throw(std::string_view text);

    /// True when the date has at least a year.
    bool is_dated() const { return precision != Precision::kNone; }

    /// "YYYY", "YYYY-MM" or "YYYY-MM-DD" according to the precision; "" when
    /// undated.
    std::string to_string() const;

    /// First day of the period as "YYYYMMDD" (for "2019-06": "20190601").
    /// REQUIRES: is_dated().
    std::string first_day_key() const;

    /// Last day of the period as "YYYYMMDD" (for "2019": "20191231").
    /// REQUIRES: is_dated().
    std::string last_day_key() const;

    /// "year", "month", "day" or "none".
    std::string precision_name() const;

    /// Same date with the same precision.
    friend bool operator==(const Date& a, const Date& b) {
        return a.precision == b.precision && a.year == b.year && a.month == b.month && a.day == b.day;
    }
    /// Not operator==.
    friend bool operator!=(const Date& a, const Date& b) { return !(a == b); }
};

/// Number of days in a month of the proleptic Gregorian calendar.
DOSSIER_EXPORT int days_in_month(int year, int month);

/// The day before a "YYYYMMDD" key, as a key ("20190101" -> "20181231").
DOSSIER_EXPORT std::string previous_day_key(std::string_view key);

/// The day after a "YYYYMMDD" key, as a key.
DOSSIER_EXPORT std::string next_day_key(std::string_view key);

}  // namespace dossier
