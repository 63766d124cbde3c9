#pragma once
// Internal to libdossier: the JSON helpers both sides use (nlohmann::json).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dossier {

/// j on one line, as every JSON printer writes it. Stored text is repaired
/// UTF-8, but one odd byte must never abort output: it is replaced.
std::string json_line(const nlohmann::json& j);

/// Parses line as one JSON object. Throws dossier::Error with a one-line
/// reason (nlohmann's message with its byte position) when it is not JSON,
/// or "not a JSON object: expected one <what> per line".
nlohmann::json parse_json_object(std::string_view line, const char* what);

/// "null", "string", "number"... for messages about a value of the wrong type.
std::string json_type_name(const nlohmann::json& j);

}  // namespace dossier
