// libFuzzer target: date parsing; a parsed date must print and parse back
// to itself, and its period must not end before it starts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "dossier/date.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::optional<dossier::Date> date = dossier::Date::parse(text);
    if (!date) return 0;
    if (!date->is_dated()) std::abort();
    std::optional<dossier::Date> again = dossier::Date::parse(date->to_string());
    if (!again || again->to_string() != date->to_string()) std::abort();
    std::string first = date->first_day_key();
    std::string last = date->last_day_key();
    if (first.size() != 8 || last.size() != 8 || last < first) std::abort();
    if (dossier::next_day_key(dossier::previous_day_key(first)) != first) std::abort();
    return 0;
}
