#include "types.h"

#include <utility>

#include "text.h"

namespace dossier {

const std::vector<KnownType>& known_types() {
    static const std::vector<KnownType> types = {
        {"declaration", {"summit declaration", "joint declaration"}},
        {"communique", {"communiqu\xC3\xA9", "joint communique", "final communique"}},
        {"joint-statement", {"joint statement", "joint press statement"}},
        {"resolution", {"security council resolution"}},
        {"strategy", {"national security strategy", "strategic concept"}},
        {"report", {"working paper", "policy brief", "white paper", "study"}},
        {"interview", {}},
        {"press-briefing", {"press briefing", "briefing", "press conference", "press call", "press gaggle",
                            "background call", "media availability"}},
        {"speech", {"remarks", "address", "keynote", "lecture"}},
        {"statement", {"press statement", "press release"}},
        {"article", {"op-ed", "opinion", "commentary"}},
        {"fact-sheet", {"fact sheet", "factsheet", "joint fact sheet"}},
        {"readout", {"read-out", "call readout", "meeting readout"}},
        {"proclamation", {}},
        {"letter", {"open letter"}},
        {"executive-order", {"executive order"}},
        {"memorandum", {"memo", "presidential memorandum", "national security memorandum"}},
        {"message", {"presidential message", "message to the congress"}},
        {"notice", {"presidential notice"}},
        {"nomination", {"nominations sent to the senate"}},
        {"appointment", {"presidential delegation"}},
        {"announcement", {"media advisory"}},
        {"disaster-declaration", {"disaster declaration", "emergency declaration", "major disaster declaration"}},
        {"bill-action", {"bill signed", "bills signed", "bill signing", "signed into law", "veto"}},
        {"agreement", {"memorandum of understanding"}},
        {"roundup", {"what they are saying", "press roundup"}},
    };
    return types;
}

std::optional<std::string> known_type(std::string_view value) {
    // Hyphens, underscores and spaces are one: "press_briefing",
    // "press-briefing" and "Press Briefing" name the same type.
    auto comparable = [](std::string_view text) {
        std::string folded = fold_filter_value(text);
        for (char& c : folded)
            if (c == '-' || c == '_') c = ' ';
        return trim(folded);
    };
    const std::string have = comparable(value);
    if (have.empty()) return std::nullopt;
    // The comparable forms of the types and their aliases, in the order of
    // known_types(), made once: each document's type is looked up.
    static const std::vector<std::pair<std::string, std::string>> kForms = [&comparable] {
        std::vector<std::pair<std::string, std::string>> forms;
        for (const KnownType& known : known_types()) {
            forms.emplace_back(comparable(known.type), known.type);
            for (const std::string& alias : known.aliases) forms.emplace_back(comparable(alias), known.type);
        }
        return forms;
    }();
    for (const auto& [form, type] : kForms)
        if (have == form) return type;
    return std::nullopt;
}

}  // namespace dossier
