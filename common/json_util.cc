#include "json_util.h"

#include "dossier/error.h"

namespace dossier {

using nlohmann::json;

std::string json_line(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json parse_json_object(std::string_view line, const char* what) {
    json j;
    try {
        j = json::parse(line.begin(), line.end());
    } catch (const json::parse_error& e) {
        // nlohmann's message ends with a byte position, which is what helps.
        std::string msg = e.what();
        std::size_t colon = msg.find("parse error");
        throw Error("not JSON: " + (colon == std::string::npos ? msg : msg.substr(colon)));
    }
    if (!j.is_object()) throw Error(std::string("not a JSON object: expected one ") + what + " per line");
    return j;
}

std::string json_type_name(const json& j) { return j.is_null() ? "null" : j.type_name(); }

}  // namespace dossier
