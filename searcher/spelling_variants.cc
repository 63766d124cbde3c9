#include "spelling_variants.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace dossier {

namespace {

/// Word endings that British and American spelling write differently, each
/// with its inflections; either side maps to the other.
constexpr std::pair<std::string_view, std::string_view> kEndings[] = {
    {"isation", "ization"}, {"isations", "izations"}, {"ise", "ize"},       {"ised", "ized"},
    {"ises", "izes"},       {"ising", "izing"},       {"iser", "izer"},     {"isers", "izers"},
    {"yse", "yze"},         {"ysed", "yzed"},         {"yses", "yzes"},     {"ysing", "yzing"},
    {"our", "or"},          {"ours", "ors"},          {"oured", "ored"},    {"ouring", "oring"},
    {"ourable", "orable"},  {"ourite", "orite"},      {"ourites", "orites"}, {"ourful", "orful"},
    {"tre", "ter"},         {"tres", "ters"},         {"elled", "eled"},    {"elling", "eling"},
    {"eller", "eler"},      {"ellers", "elers"},
};

/// Pairs no ending rule covers.
constexpr std::pair<std::string_view, std::string_view> kIrregular[] = {
    {"defence", "defense"},         {"defences", "defenses"},       {"offence", "offense"},
    {"offences", "offenses"},       {"licence", "license"},         {"licences", "licenses"},
    {"pretence", "pretense"},       {"programme", "program"},       {"programmes", "programs"},
    {"catalogue", "catalog"},       {"dialogue", "dialog"},         {"dialogues", "dialogs"},
    {"analogue", "analog"},         {"judgement", "judgment"},      {"judgements", "judgments"},
    {"ageing", "aging"},            {"manoeuvre", "maneuver"},      {"manoeuvres", "maneuvers"},
    {"enrolment", "enrollment"},    {"fulfil", "fulfill"},          {"fulfilment", "fulfillment"},
    {"sceptical", "skeptical"},     {"sceptic", "skeptic"},         {"scepticism", "skepticism"},
    {"aluminium", "aluminum"},      {"jewellery", "jewelry"},       {"paediatric", "pediatric"},
    {"anaesthesia", "anesthesia"},  {"foetus", "fetus"},            {"grey", "gray"},
};

/// Letters a word must keep before a rule's ending, so that short words
/// ("rise", "hour", "four") are never respelt.
constexpr std::size_t kMinStem = 3;

bool ends_with(std::string_view word, std::string_view end) {
    return word.size() >= end.size() && word.substr(word.size() - end.size()) == end;
}

}  // namespace

std::vector<std::string> spelling_variants(const std::string& word) {
    std::vector<std::string> out;
    if (word.size() < 5) return out;
    for (const auto& [british, american] : kIrregular) {
        if (word == british) out.emplace_back(american);
        if (word == american) out.emplace_back(british);
    }
    for (const auto& [british, american] : kEndings) {
        for (auto [from, to] : {std::pair{british, american}, std::pair{american, british}}) {
            if (!ends_with(word, from) || word.size() - from.size() < kMinStem) continue;
            std::string other = word.substr(0, word.size() - from.size());
            other += to;
            if (std::find(out.begin(), out.end(), other) == out.end()) out.push_back(std::move(other));
        }
    }
    return out;
}

}  // namespace dossier
